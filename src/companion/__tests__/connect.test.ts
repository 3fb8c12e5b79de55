/**
 * Connections other than a plain access token, against the local org: the JWT bearer flow through
 * @salesforce/core (a throw-away key, and a scratch HOME so no stored credentials are touched), and
 * a refresh-token session that re-mints itself after the org expires it.
 */
import './jest-realm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LocalOrg } from '../../local-org';
import { openConnection } from '../connect';
import { seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);
const execFileAsync = promisify(execFile);

describe('connections', () => {
  let org: LocalOrg;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-home-'));

  beforeAll(async () => {
    org = await startTestOrg();
  });
  afterAll(async () => {
    await org.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('connects with the JWT bearer flow through @salesforce/core (in a child process with a scratch HOME)', async () => {
    // The key of the certificate the local org's connected app holds (it verifies the signature).
    const keyFile = path.join(home, 'server.key');
    fs.writeFileSync(keyFile, org.connectedApp.privateKey!, { mode: 0o600 });
    const script = [
      "const { openConnection } = require('./src/companion/connect.ts');",
      'const [url, client, user, key] = process.argv.slice(1);',
      "openConnection({ kind: 'jwt', jwtKeyFile: key, clientId: client, username: user, loginUrl: url, apiVersion: '66.0' })",
      "  .then(async (o) => { const r = await o.conn.query('SELECT Username FROM User'); process.stdout.write(JSON.stringify({ description: o.description, users: r.records.map((u) => u.Username) })); })",
      '  .catch((e) => { process.stderr.write(e.message); process.exit(1); });'
    ].join('\n');
    const root = path.resolve(__dirname, '..', '..', '..');
    const { stdout } = await execFileAsync(
      path.join(root, 'node_modules', '.bin', 'node'),
      ['--import', 'tsx', '-e', script, org.loginUrl, org.clientId, org.username, keyFile],
      {
        cwd: root,
        // @salesforce/core keeps auth files under HOME: a scratch one keeps real credentials out of reach.
        env: { ...process.env, HOME: home }
      }
    );
    expect(JSON.parse(stdout)).toEqual({
      description: `integration@stride.local via JWT at ${org.loginUrl}`,
      users: ['integration@stride.local']
    });
  });

  it('runs `stride status --target-org` on an org the sf CLI logged in to (alias through @salesforce/core)', async () => {
    seedEmailScenario(org, { count: 2, withFollowUp: true });
    const root = path.resolve(__dirname, '..', '..', '..');
    // A home of its own: sf keeps the alias and auth file there, never in the developer's real one.
    const sfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-sf-home-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: sfHome,
        SF_ACCESS_TOKEN: org.accessToken,
        // The org's clock (a /_local control) needs the control token.
        STRIDE_LOCAL_ORG_CONTROL_TOKEN: org.controlToken,
        SF_AUTOUPDATE_DISABLE: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_SKIP_NEW_VERSION_CHECK: 'true',
        // sf's bin script runs on the Node of PATH: the project's Node 22 first.
        PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`
      };
      expect(org.accessToken).toMatch(/^00D\w{12,15}!\S+$/);
      await execFileAsync(
        path.join(root, 'node_modules', '.bin', 'sf'),
        [
          'org',
          'login',
          'access-token',
          '--instance-url',
          org.instanceUrl,
          '--alias',
          'stride-local',
          '--no-prompt'
        ],
        { cwd: sfHome, env }
      );
      const { stdout } = await execFileAsync(
        path.join(root, 'node_modules', '.bin', 'node'),
        [path.join(root, 'bin', 'stride'), '--local-org', 'status', '--target-org', 'stride-local'],
        { cwd: root, env }
      );
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toBe('Stride status at 2026-12-01T15:00:00.000Z');
      // The API lines carry today's counts (covered by ops.test.ts); the rest is exact.
      const apiLine = /^(API calls:| {14}(projected per day|org today))/;
      expect(lines.some((line) => line.startsWith('API calls:'))).toBe(true);
      expect(lines.slice(1).filter((line) => !apiLine.test(line))).toEqual([
        'Participants: Queued 0 · Active 2 · Paused 0 · Completed 0 · Exited 0',
        'Actions:      Upcoming 2 · Due 2 · Waiting_Criteria 0 · In_Progress 0 · Completed 0 · Skipped 0 · Deferred 0 · Failed 0 · Canceled 0',
        'Due now:      2 automatic, 0 for reps',
        'In-doubt sends awaiting reconciliation: 0',
        "Deferred by the org's daily email limit: 0",
        'Enrollments with a problem noted (Last_Error__c): 0',
        'Failing actions: none',
        'Stalled actions: none'
      ]);
    } finally {
      fs.rmSync(sfHome, { recursive: true, force: true });
    }
  });

  it('re-mints an access-token session from a refresh token, transparently and on demand', async () => {
    const opened = await openConnection({
      kind: 'token',
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      refreshToken: org.refreshToken,
      loginUrl: org.loginUrl,
      apiVersion: '66.0'
    });
    const first = opened.conn.accessToken;
    org.controls.expireSessions();
    expect((await opened.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    expect(opened.conn.accessToken).not.toBe(first);
    org.controls.expireSessions();
    await opened.refreshSession!(opened.conn);
    expect((await opened.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
  });

  it('without a refresh token, an expired session is a clear error', async () => {
    const opened = await openConnection({
      kind: 'token',
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      apiVersion: '66.0'
    });
    org.controls.expireSessions();
    await expect(opened.conn.query('SELECT Id FROM User')).rejects.toThrow('Session expired or invalid');
    expect(opened.refreshSession).toBeUndefined();
  });
});
