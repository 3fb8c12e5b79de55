/**
 * Connections other than a plain access token, against the local org: the JWT bearer flow through
 * @salesforce/core (with a throw-away key and HOME, so no real credentials are touched), and a
 * refresh-token session that re-mints itself after the org expires it.
 */
import './jest-realm';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalOrg } from '../../local-org';
import { openConnection } from '../connect';
import { startTestOrg } from './helpers';

jest.setTimeout(60_000);

describe('connections', () => {
  let org: LocalOrg;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-home-'));
  const originalHome = process.env.HOME;

  beforeAll(async () => {
    // @salesforce/core keeps its state under HOME: point it at a scratch folder.
    process.env.HOME = home;
    org = await startTestOrg();
  });
  afterAll(async () => {
    await org.close();
    process.env.HOME = originalHome;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('connects with the JWT bearer flow and re-mints the token after the session expires', async () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(home, 'server.key');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const opened = await openConnection({ kind: 'jwt', jwtKeyFile: keyFile, clientId: org.clientId, username: org.username, loginUrl: org.loginUrl, apiVersion: '66.0' });
    expect(opened.description).toBe(`integration@stride.local via JWT at ${org.loginUrl}`);
    expect((await opened.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    org.controls.expireSessions();
    await opened.refreshSession!(opened.conn);
    expect((await opened.conn.query('SELECT Username FROM User')).records).toEqual([expect.objectContaining({ Username: 'integration@stride.local' })]);
  });

  it('re-mints an access-token session from a refresh token, transparently and on demand', async () => {
    const opened = await openConnection({ kind: 'token', instanceUrl: org.instanceUrl, accessToken: org.accessToken, refreshToken: org.refreshToken, loginUrl: org.loginUrl, apiVersion: '66.0' });
    const first = opened.conn.accessToken;
    org.controls.expireSessions();
    expect((await opened.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
    expect(opened.conn.accessToken).not.toBe(first);
    org.controls.expireSessions();
    await opened.refreshSession!(opened.conn);
    expect((await opened.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
  });

  it('without a refresh token, an expired session is a clear error', async () => {
    const opened = await openConnection({ kind: 'token', instanceUrl: org.instanceUrl, accessToken: org.accessToken, apiVersion: '66.0' });
    org.controls.expireSessions();
    await expect(opened.conn.query('SELECT Id FROM User')).rejects.toThrow('Session expired or invalid');
    expect(opened.refreshSession).toBeUndefined();
  });
});
