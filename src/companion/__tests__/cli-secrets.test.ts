/**
 * No secret in anything the `stride` CLI prints: every command (and its help, and its failures),
 * at debug level, through an expired session and its refresh, against the local org. Tokens come
 * from the environment, as the README recommends (a flag is visible in `ps`); one run passes them
 * as flags too, to show that even then they are not echoed.
 */
import './jest-realm';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalOrg } from '../../local-org';
import { seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

function stride(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      NODE,
      // The compiled CLI (`npm run build` first) wired to the local org, whose control token it holds.
      [path.join(ROOT, 'bin', 'stride'), '--local-org', ...args],
      { cwd: ROOT, env, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: `${stdout}\n${stderr}`
        });
      }
    );
  });
}

describe('stride CLI output', () => {
  let org: LocalOrg;
  let home: string;
  beforeAll(async () => {
    org = await startTestOrg({ sampleData: true });
    seedEmailScenario(org, { count: 3, withFollowUp: true });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-cli-home-'));
  });
  afterAll(async () => {
    await org.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('never contains the access token, the refresh token, the control token or any session id', async () => {
    const sequence = String(org.data.query('SELECT Id FROM Sequence__c LIMIT 1').records[0].Id);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      STRIDE_INSTANCE_URL: org.instanceUrl,
      STRIDE_ACCESS_TOKEN: org.accessToken,
      STRIDE_REFRESH_TOKEN: org.refreshToken,
      STRIDE_LOCAL_ORG_CONTROL_TOKEN: org.controlToken,
      STRIDE_LOG_LEVEL: 'debug'
    };
    const debug = ['--log-level', 'debug'];
    const commands: string[][] = [
      ['--help'],
      ['run', '--help'],
      ['status', ...debug],
      ['status', '--json', ...debug],
      ['enroll', '--sequence', sequence, '--where', "LeadSource = 'Web'", '--dry-run', ...debug],
      ['enroll', '--sequence', 'No such sequence', '--where', 'Id != null', ...debug],
      ['run', '--once', ...debug],
      ['status', '--lease-seconds', 'x'],
      ['run', '--once', '--lease-seconds', '1', ...debug]
    ];
    const results = await Promise.all(commands.map((args) => stride(args, env)));
    // An expired session: the run refreshes it (new tokens are minted and must not show either).
    org.controls.expireSessions();
    results.push(await stride(['run', '--once', ...debug], env));
    // The discouraged flags: visible in ps, but still never echoed.
    results.push(
      await stride(
        ['status', '--instance-url', org.instanceUrl, '--access-token', org.accessToken, ...debug],
        {
          ...env,
          STRIDE_ACCESS_TOKEN: ''
        }
      )
    );
    // A wrong token: the error names the problem, not the token.
    results.push(
      await stride(['status', ...debug], {
        ...env,
        STRIDE_ACCESS_TOKEN: `${org.accessToken}x`,
        STRIDE_REFRESH_TOKEN: ''
      })
    );

    const output = results.map((r) => r.output).join('\n');
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 2, 0, 1, 2, 0, 0, 3]);
    expect(output).toContain('Stride status at');
    expect(output).toContain('pass:');
    for (const secret of [org.accessToken, org.refreshToken, org.controlToken]) {
      expect(output.includes(secret)).toBe(false);
    }
    expect(output).not.toMatch(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9]{20,}/);
    expect(output).not.toMatch(/5Aep[A-Za-z0-9]{20,}/);
  });
});
