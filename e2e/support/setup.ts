// Every e2e file: fetch inside Jest's realm (see the companion's jest-realm), and browser-sized timeouts.
import '../../src/companion/__tests__/jest-realm';

jest.setTimeout(120_000);
