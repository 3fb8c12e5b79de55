/**
 * The sf CLI against the local org: `sf org login access-token` then `sf data query`, in a home
 * folder of its own so the developer's real sf state is never touched.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LocalOrg } from '../index';
import { startTestOrg } from './helpers';

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const sf = path.join(root, 'node_modules', '.bin', 'sf');

let org: LocalOrg;
let home: string;

beforeAll(async () => {
  org = await startTestOrg();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-sf-cli-'));
  org.data.create('Lead', { FirstName: 'Cli', LastName: 'Tester', Company: 'Sf Cli Co' });
});

afterAll(async () => {
  await org.close();
  fs.rmSync(home, { recursive: true, force: true });
});

it('logs in with an access token and runs sf data query and sf data search', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    SF_ACCESS_TOKEN: org.accessToken,
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true'
  };
  // sf's bin script runs on the Node of PATH: put this Node first so it is the project's Node 22.
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ''}`;
  await execFileAsync(
    sf,
    ['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', 'local'],
    {
      env,
      cwd: home
    }
  );
  const { stdout } = await execFileAsync(
    sf,
    [
      'data',
      'query',
      '--target-org',
      'local',
      '--json',
      '--query',
      "SELECT Name, Company FROM Lead WHERE Company = 'Sf Cli Co'"
    ],
    { env, cwd: home }
  );
  const result = JSON.parse(stdout) as {
    status: number;
    result: { totalSize: number; records: { Name: string; Company: string }[] };
  };
  expect(result.status).toBe(0);
  expect(result.result.totalSize).toBe(1);
  expect(result.result.records.map((r) => [r.Name, r.Company])).toEqual([['Cli Tester', 'Sf Cli Co']]);

  const search = await execFileAsync(
    sf,
    [
      'data',
      'search',
      '--target-org',
      'local',
      '--json',
      '--query',
      'FIND {Tester} IN NAME FIELDS RETURNING Lead(Name, Company)'
    ],
    { env, cwd: home }
  );
  const found = JSON.parse(search.stdout) as {
    status: number;
    result: { searchRecords: { attributes: { type: string }; Name: string; Company: string }[] };
  };
  expect(found.status).toBe(0);
  expect(found.result.searchRecords.map((r) => [r.attributes.type, r.Name, r.Company])).toEqual([
    ['Lead', 'Cli Tester', 'Sf Cli Co']
  ]);
}, 60_000);
