/**
 * The sf CLI against the local org, in a home folder of its own so the developer's real sf state
 * is never touched: `sf org login access-token`, then `sf data query`, `sf data search`,
 * `sf data import tree`, `sf data import bulk` and `sf data export bulk`. The CLI is slow to start,
 * so the commands that do not depend on each other run at the same time.
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
let env: NodeJS.ProcessEnv;

/** Runs `sf <args> --target-org local --json` and returns the parsed JSON answer. */
async function sfJson<T>(...args: string[]): Promise<{ status: number; result: T }> {
  const { stdout } = await execFileAsync(sf, [...args, '--target-org', 'local', '--json'], {
    env,
    cwd: home
  });
  return JSON.parse(stdout) as { status: number; result: T };
}

beforeAll(async () => {
  org = await startTestOrg();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-sf-cli-'));
  org.data.create('Lead', { FirstName: 'Cli', LastName: 'Tester', Company: 'Sf Cli Co' });
  const account = org.data.create('Account', { Name: 'Export Co' });
  for (const name of ['Ames', 'Berg', 'Cole'])
    org.data.create('Contact', { LastName: name, AccountId: account });
  env = {
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
    { env, cwd: home }
  );
}, 60_000);

afterAll(async () => {
  await org.close();
  fs.rmSync(home, { recursive: true, force: true });
});

it('runs sf data query, search, import tree, import bulk and export bulk against the local org', async () => {
  fs.writeFileSync(
    path.join(home, 'accounts.json'),
    JSON.stringify({
      records: [
        {
          attributes: { type: 'Account', referenceId: 'TreeRef1' },
          Name: 'Tree Co',
          Contacts: {
            records: [{ attributes: { type: 'Contact', referenceId: 'TreeRef2' }, LastName: 'Treeson' }]
          }
        }
      ]
    })
  );
  fs.writeFileSync(
    path.join(home, 'leads.csv'),
    'FirstName,LastName,Company\nBulk,One,Bulk Cli Co\nBulk,Two,Bulk Cli Co\n'
  );
  const exportFile = path.join(home, 'contacts.csv');

  const [query, search, tree, bulkImport, bulkExport] = await Promise.all([
    sfJson<{ totalSize: number; records: { Name: string; Company: string }[] }>(
      'data',
      'query',
      '--query',
      "SELECT Name, Company FROM Lead WHERE Company = 'Sf Cli Co'"
    ),
    sfJson<{ searchRecords: { attributes: { type: string }; Name: string; Company: string }[] }>(
      'data',
      'search',
      '--query',
      'FIND {Tester} IN NAME FIELDS RETURNING Lead(Name, Company)'
    ),
    sfJson<{ refId: string; type: string; id: string }[]>(
      'data',
      'import',
      'tree',
      '--files',
      'accounts.json'
    ),
    sfJson<{ processedRecords: number; successfulRecords: number; failedRecords: number }>(
      'data',
      'import',
      'bulk',
      '--file',
      'leads.csv',
      '--sobject',
      'Lead',
      '--wait',
      '1'
    ),
    sfJson<{ totalSize: number }>(
      'data',
      'export',
      'bulk',
      '--query',
      "SELECT LastName, Account.Name FROM Contact WHERE Account.Name = 'Export Co' ORDER BY LastName",
      '--output-file',
      exportFile,
      '--result-format',
      'csv',
      '--wait',
      '1'
    )
  ]);

  expect(query.result.records.map((r) => [r.Name, r.Company])).toEqual([['Cli Tester', 'Sf Cli Co']]);
  expect(search.result.searchRecords.map((r) => [r.attributes.type, r.Name, r.Company])).toEqual([
    ['Lead', 'Cli Tester', 'Sf Cli Co']
  ]);

  expect(tree.status).toBe(0);
  expect(tree.result.map((r) => [r.refId, r.type])).toEqual([
    ['TreeRef1', 'Account'],
    ['TreeRef2', 'Contact']
  ]);
  const treeRows = org.data.query("SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Treeson'");
  expect(treeRows.records.map((r) => (r.Account as { Name: string }).Name)).toEqual(['Tree Co']);

  expect(bulkImport.status).toBe(0);
  expect(bulkImport.result).toMatchObject({ processedRecords: 2, successfulRecords: 2, failedRecords: 0 });
  const leads = org.data.query("SELECT Name FROM Lead WHERE Company = 'Bulk Cli Co' ORDER BY LastName");
  expect(leads.records.map((r) => r.Name)).toEqual(['Bulk One', 'Bulk Two']);

  expect(bulkExport.status).toBe(0);
  expect(bulkExport.result.totalSize).toBe(3);
  // The results file is the org's CSV as it came: every value quoted, as Salesforce writes them.
  expect(fs.readFileSync(exportFile, 'utf8').trim().split(/\r?\n/)).toEqual([
    '"LastName","Account.Name"',
    '"Ames","Export Co"',
    '"Berg","Export Co"',
    '"Cole","Export Co"'
  ]);
}, 120_000);
