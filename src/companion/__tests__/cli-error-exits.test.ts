/**
 * How `stride` fails (cli.ts `main`): exit 2 and the option named for bad input, exit 3 for an org
 * that refuses the session, exit 1 for anything else; one line on stderr, nothing on stdout.
 * In process (`main` is what bin/stride calls); only the exit-3 case talks to a local org.
 */
import './jest-realm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalOrg } from '../../local-org';
import { main } from '../cli';
import { seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(30_000);

/** Runs `stride …args` in process: its exit code and what it wrote. */
async function stride(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'stride', ...args]);
    return { code, stderr, stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-cli-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stride exits 2 on bad input, naming the option', () => {
  it.each([
    [
      ['run', '--once', '--lease-seconds', '1'],
      'stride: --lease-seconds: expected a whole number from 2 to 3600, got "1"\n'
    ],
    [
      ['run', '--once', '--webhook-url', 'stride.example.com'],
      'stride: --webhook-url: expected an absolute URL such as https://stride.example.com, got "stride.example.com"\n'
    ],
    [
      ['run', '--once', '--webhook-url', 'ftp://stride.example.com'],
      'stride: --webhook-url: expected http:// or https://, got "ftp://stride.example.com"\n'
    ],
    [
      ['run', '--once', '--metrics-port', '70000'],
      'stride: --metrics-port: expected a whole number from 0 to 65535, got "70000"\n'
    ],
    [
      ['enroll', '--sequence', 'Welcome', '--ids-file', '/nowhere/ids.txt'],
      'stride: --ids-file: no such file: /nowhere/ids.txt\n'
    ]
  ])('stride %j', async (args, message) => {
    expect(await stride(...args)).toEqual({ code: 2, stderr: message, stdout: '' });
  });

  it('an ids file without ids', async () => {
    const empty = path.join(dir, 'ids.txt');
    fs.writeFileSync(empty, ' \n,\n');
    expect(await stride('enroll', '--sequence', 'Welcome', '--ids-file', empty)).toEqual({
      code: 2,
      stderr: `stride: --ids-file: ${empty} holds no ids\n`,
      stdout: ''
    });
  });

  it('a settings file that is not JSON', async () => {
    const config = path.join(dir, 'ops.json');
    fs.writeFileSync(config, '{ leaseSeconds: 90 }');
    const result = await stride('run', '--once', '--config', config);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^stride: --config: ${config} is not valid JSON: .+\\n$`));
  });
});

describe('stride against an org', () => {
  let org: LocalOrg;
  beforeAll(async () => {
    org = await startTestOrg();
  });
  afterAll(async () => {
    await org.close();
  });

  it('exits 3 when the org refuses the session, without echoing the token', async () => {
    const result = await stride(
      'status',
      '--instance-url',
      org.instanceUrl,
      '--access-token',
      '00Dbad!not-a-session'
    );
    expect(result).toEqual({
      code: 3,
      stderr:
        'stride: Salesforce rejected the session (INVALID_SESSION_ID: Session expired or invalid). Log in again (sf org login) or check the access token.\n',
      stdout: ''
    });
  });

  it('exits 2 for a sequence that does not exist', async () => {
    const result = await stride(
      'enroll',
      '--sequence',
      'No such sequence',
      '--ids',
      '00Q000000000001AAA',
      '--instance-url',
      org.instanceUrl,
      '--access-token',
      org.accessToken
    );
    expect(result).toEqual({
      code: 2,
      stderr: 'stride: --sequence: no sequence with id or name "No such sequence"\n',
      stdout: ''
    });
  });

  it('exits 1 on any other failure (the org refuses the filter)', async () => {
    const { sequenceId } = seedEmailScenario(org, { count: 1 });
    const result = await stride(
      'enroll',
      '--sequence',
      sequenceId,
      '--where',
      'Status = ',
      '--instance-url',
      org.instanceUrl,
      '--access-token',
      org.accessToken
    );
    expect({
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr.split('\n').slice(0, 2)
    }).toEqual({
      code: 1,
      stdout: '',
      stderr: ['stride: MALFORMED_QUERY: ', 'SELECT Id, OwnerId FROM Lead WHERE Status = ']
    });
  });
});
