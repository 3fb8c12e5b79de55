/**
 * The email channels' configuration (channels/email-config.ts, channels/smtp.ts): each mistake an
 * admin can make in the environment or the mailboxes file is refused with the variable or entry
 * named, and never with a secret in the message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emailOptionsFromEnv } from '../channels/email-config';
import { loadMailboxes, parseMailboxes } from '../channels/smtp';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-email-config-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const full = path.join(dir, name);
  fs.writeFileSync(full, text);
  return full;
}

describe('emailOptionsFromEnv', () => {
  it('is off without send-as or mailboxes', () => {
    expect(emailOptionsFromEnv({})).toEqual({ sendAs: null, mailboxes: null });
  });

  it('reads the key file once, with the JWT connection’s client id and login URL as defaults', () => {
    const key = file('key.pem', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n');
    expect(
      emailOptionsFromEnv(
        { STRIDE_SEND_AS_KEY_FILE: key, STRIDE_ORG_WIDE_EMAIL: 'sales@acme.example' },
        { clientId: '3MVG9-companion', loginUrl: 'https://test.salesforce.com' }
      )
    ).toEqual({
      sendAs: {
        clientId: '3MVG9-companion',
        loginUrl: 'https://test.salesforce.com',
        privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
        orgWideAddress: 'sales@acme.example'
      },
      mailboxes: null
    });
    expect(
      emailOptionsFromEnv({
        STRIDE_SEND_AS_KEY_FILE: key,
        STRIDE_SEND_AS_CLIENT_ID: '3MVG9-sendas',
        STRIDE_SEND_AS_LOGIN_URL: 'https://acme.my.salesforce.com'
      }).sendAs
    ).toEqual({
      clientId: '3MVG9-sendas',
      loginUrl: 'https://acme.my.salesforce.com',
      privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
      orgWideAddress: null
    });
  });

  it.each([
    [
      'a key file without a client id',
      { STRIDE_SEND_AS_KEY_FILE: '/nowhere/key.pem' },
      'STRIDE_SEND_AS_CLIENT_ID: required with STRIDE_SEND_AS_KEY_FILE (the connected app consumer key)'
    ],
    [
      'a key file that cannot be read',
      { STRIDE_SEND_AS_KEY_FILE: '/nowhere/key.pem', STRIDE_SEND_AS_CLIENT_ID: '3MVG9' },
      'STRIDE_SEND_AS_KEY_FILE: cannot read /nowhere/key.pem (ENOENT)'
    ],
    [
      'an org-wide fallback without send-as',
      { STRIDE_ORG_WIDE_EMAIL: 'sales@acme.example' },
      'STRIDE_ORG_WIDE_EMAIL: the fallback needs send-as (set STRIDE_SEND_AS_KEY_FILE)'
    ]
  ])('refuses %s', (_case, env, message) => {
    expect(() => emailOptionsFromEnv(env)).toThrow(message);
  });

  it('loads the mailboxes file named by STRIDE_MAILBOXES_FILE', () => {
    const mailboxes = file(
      'mailboxes.json',
      JSON.stringify({
        channel: 'smtp',
        smtp: { host: 'smtp.acme.example', port: 587 },
        users: { 'Ava.Reed@acme.example': { address: 'ava@acme.example', accessTokenEnv: 'AVA_TOKEN' } }
      })
    );
    expect(emailOptionsFromEnv({ STRIDE_MAILBOXES_FILE: mailboxes, AVA_TOKEN: 'token-1' }).mailboxes).toEqual(
      {
        channel: 'smtp',
        smtp: { host: 'smtp.acme.example', port: 587, secure: false },
        users: {
          'ava.reed@acme.example': {
            address: 'ava@acme.example',
            accessTokenEnv: 'AVA_TOKEN',
            accessToken: 'token-1'
          }
        }
      }
    );
  });
});

describe('the mailboxes file', () => {
  it('that cannot be read or parsed is named', () => {
    expect(() => loadMailboxes(path.join(dir, 'missing.json'), {})).toThrow(
      `${path.join(dir, 'missing.json')}: cannot read the mailboxes file (ENOENT)`
    );
    const broken = file('broken.json', '{ channel: smtp');
    expect(() => loadMailboxes(broken, {})).toThrow(`${broken}: not valid JSON`);
  });

  const smtpUser = { address: 'ava@acme.example', accessToken: 'secret-token' };
  it.each([
    ['a list', [], 'm.json: (top): expected a JSON object'],
    [
      'an SMTP server that is not an object',
      { smtp: 'smtp.acme.example' },
      'm.json: smtp: expected { "host", "port", "secure" }'
    ],
    ['an empty host', { smtp: { host: '' } }, 'm.json: smtp.host: expected a host name'],
    [
      'a port out of range',
      { smtp: { port: 70000 } },
      'm.json: smtp.port: expected a port number, got 70000'
    ],
    [
      'a secure flag that is not a boolean',
      { smtp: { secure: 'yes' } },
      'm.json: smtp.secure: expected true or false'
    ],
    ['users as a list', { users: [] }, 'm.json: users: expected an object keyed by Salesforce username'],
    ['a user that is not an object', { users: { ava: 'smtp' } }, 'm.json: users["ava"]: expected an object'],
    [
      'a user channel that does not exist',
      { users: { ava: { channel: 'fax' } } },
      'm.json: users["ava"].channel: expected "salesforce" or "smtp", got "fax"'
    ],
    [
      'an SMTP user without an address',
      { channel: 'smtp', smtp: { host: 'h', port: 587 }, users: { ava: { accessToken: 'secret-token' } } },
      'm.json: users["ava"].address: expected the mailbox address the rep sends from'
    ],
    [
      'an SMTP user without a server',
      { channel: 'smtp', users: { ava: smtpUser } },
      'm.json: users["ava"].smtp: no SMTP host and port (set "smtp" at the top or for the user)'
    ],
    [
      'a token variable that is not set',
      {
        channel: 'smtp',
        smtp: { host: 'h', port: 587 },
        users: { ava: { address: 'ava@acme.example', accessTokenEnv: 'NOPE' } }
      },
      'm.json: users["ava"].accessTokenEnv: the environment variable NOPE is not set'
    ],
    [
      'an incomplete OAuth client',
      {
        channel: 'smtp',
        smtp: { host: 'h', port: 587 },
        users: { ava: { address: 'ava@acme.example', oauth: { clientId: 'c' } } }
      },
      'm.json: users["ava"].oauth: expected clientId, clientSecret and refreshToken'
    ],
    [
      'an SMTP user without credentials',
      { channel: 'smtp', smtp: { host: 'h', port: 587 }, users: { ava: { address: 'ava@acme.example' } } },
      'm.json: users["ava"]: no credentials: set accessToken, accessTokenEnv or oauth'
    ]
  ])('refuses %s', (_case, doc, message) => {
    let thrown: Error | undefined;
    try {
      parseMailboxes(doc, 'm.json', {});
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toBe(message);
    expect(thrown?.message).not.toContain('secret-token');
  });
});
