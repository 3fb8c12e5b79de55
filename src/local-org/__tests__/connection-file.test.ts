import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeConnectionFile, writeConnectionFile } from '../connection-file';

describe('connection file', () => {
  it('keeps the session for the CLI in a file only its owner can read, and removes it on stop', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'stride-conn-')), '.stride', 'local-org.json');
    const connection = {
      instanceUrl: 'http://127.0.0.1:4321',
      accessToken: '00D000000000001!abc',
      refreshToken: 'refresh-1',
      username: 'integration@stride.local',
      orgId: '00D000000000001AAA'
    };

    // A whole LocalOrg is passed in practice: only the connection fields are written.
    expect(writeConnectionFile({ ...connection, apiVersion: '66.0' } as typeof connection, file)).toBe(file);

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(connection);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    removeConnectionFile(file);
    expect(existsSync(file)).toBe(false);
  });
});
