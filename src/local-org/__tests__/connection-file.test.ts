import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectionOf, removeConnectionFile, writeConnectionFile } from '../connection-file';
import { startLocalOrg } from '../index';

describe('connection file', () => {
  const connection = {
    instanceUrl: 'http://127.0.0.1:4321',
    accessToken: '00D000000000001!abc',
    refreshToken: 'refresh-1',
    username: 'integration@stride.local',
    orgId: '00D000000000001AAA',
    controlToken: 'ctl_1',
    clientId: 'stride-local-org',
    clientSecret: 'secret-1',
    passwords: { 'integration@stride.local': 'Pw-1' }
  };

  it('keeps the session for the CLI in a file only its owner can read, and removes it on stop', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'stride-conn-')), '.stride', 'local-org.json');
    expect(writeConnectionFile(connection, file)).toBe(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(connection);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    removeConnectionFile(file);
    expect(existsSync(file)).toBe(false);
  });

  it('makes an existing file owner-only again on every write', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'stride-conn-')), '.stride');
    mkdirSync(dir);
    const file = path.join(dir, 'local-org.json');
    writeFileSync(file, '{}', { mode: 0o644 });
    chmodSync(file, 0o644);
    writeConnectionFile(connection, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).controlToken).toBe('ctl_1');
  });

  it('holds the org tokens, the connected app keys and a generated password per active user', async () => {
    const org = await startLocalOrg({ sampleData: true });
    try {
      const written = connectionOf(org);
      expect(Object.keys(written.passwords).sort()).toEqual([
        'ava.reed@stride.local',
        'ben.ortiz@stride.local',
        'chloe.martin@stride.local',
        'dana.kim@stride.local',
        'integration@stride.local',
        'sam.admin@stride.local'
      ]);
      expect(written.passwords['ava.reed@stride.local']).toBe(org.passwordFor('ava.reed@stride.local'));
      expect(written.passwords['ava.reed@stride.local']).toMatch(/^Pw-[A-Za-z0-9]{24}$/);
      expect(written).toMatchObject({
        accessToken: org.accessToken,
        controlToken: org.controlToken,
        clientId: 'stride-local-org',
        clientSecret: org.clientSecret
      });
    } finally {
      await org.close();
    }
  });
});
