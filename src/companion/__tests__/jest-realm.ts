/**
 * Jest runs tests in a separate V8 realm whose `Symbol` lacks `Symbol.dispose`, while undici's fetch
 * (jsforce 3.10.17+) relies on Node's disposable abort listeners; borrow the main realm's symbol so
 * fetch works inside Jest as outside it (same fix as src/local-org/__tests__/jest-realm.ts).
 */
import { addAbortListener } from 'node:events';

const symbols = Symbol as unknown as { dispose?: symbol };
if (symbols.dispose === undefined) {
  const disposable = addAbortListener(new AbortController().signal, () => undefined);
  const key = Object.getOwnPropertySymbols(disposable)[0];
  if (key) Object.defineProperty(Symbol, 'dispose', { value: key });
  (disposable as unknown as Record<symbol, () => void>)[key]?.();
}
