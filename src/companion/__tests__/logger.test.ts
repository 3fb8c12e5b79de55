/** The logger redacts tokens and secrets (logger.ts). */
import { Writable } from 'node:stream';
import { createLogger } from '../logger';

describe('logging', () => {
  it('redacts tokens and secrets', () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      }
    });
    const log = createLogger({ level: 'info', destination });
    log.info(
      {
        accessToken: 'SECRET1',
        conn: { refreshToken: 'SECRET2' },
        headers: { authorization: 'Bearer SECRET3' },
        org: 'local'
      },
      'connected'
    );
    expect(output).not.toMatch(/SECRET/);
    expect(JSON.parse(output)).toMatchObject({
      accessToken: '[redacted]',
      conn: { refreshToken: '[redacted]' },
      org: 'local',
      msg: 'connected'
    });
  });
});
