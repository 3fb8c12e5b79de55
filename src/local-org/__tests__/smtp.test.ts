/**
 * The local org's SMTP server: XOAUTH2 only, for its configured mailboxes; what it accepts lands in
 * its outbox (also served at `GET /_local/smtp`); `failNext` drops a connection after or before it
 * stored the message.
 */
import nodemailer from 'nodemailer';
import { startLocalOrg, type LocalOrg } from '..';

jest.setTimeout(30_000);

describe('local SMTP server', () => {
  let org: LocalOrg;
  beforeAll(async () => {
    org = await startLocalOrg({
      smtp: { users: ['ava@acme.test'] },
      clock: { start: '2026-12-01T15:00:00Z', speed: 0 }
    });
  });
  afterAll(() => org.close());
  beforeEach(() => org.smtp!.clear());

  const send = (
    user: string,
    auth: Record<string, unknown> = { type: 'OAuth2', user, accessToken: 'ya29.token' }
  ) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: org.smtp!.port,
      secure: false,
      auth
    });
    return transport
      .sendMail({
        from: user,
        to: 'lee@example.com',
        subject: 'Hello',
        html: '<p>Hi</p>',
        messageId: '<m1@acme.test>',
        inReplyTo: '<m0@example.com>'
      })
      .finally(() => transport.close());
  };

  it('accepts XOAUTH2 for a configured mailbox and keeps the message', async () => {
    await send('ava@acme.test');
    expect(
      org
        .smtp!.outbox()
        .map((m) => [m.seq, m.receivedAt, m.user, m.mailFrom, m.rcptTo, m.messageId, m.inReplyTo, m.subject])
    ).toEqual([
      [
        1,
        '2026-12-01T15:00:00.000Z',
        'ava@acme.test',
        'ava@acme.test',
        ['lee@example.com'],
        '<m1@acme.test>',
        '<m0@example.com>',
        'Hello'
      ]
    ]);
    const response = await fetch(`${org.instanceUrl}/_local/smtp`, {
      headers: { Authorization: `Bearer ${org.controlToken}` }
    });
    expect(((await response.json()) as Array<{ messageId: string }>).map((m) => m.messageId)).toEqual([
      '<m1@acme.test>'
    ]);
  });

  it('refuses other mailboxes and other methods', async () => {
    await expect(send('eve@acme.test')).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    await expect(send('ava@acme.test', { user: 'ava@acme.test', pass: 'password' })).rejects.toMatchObject({
      code: 'EAUTH'
    });
    expect(org.smtp!.outbox()).toEqual([]);
  });

  it('drops the connection after storing (unknown outcome) or before storing', async () => {
    org.smtp!.failNext('after-accept');
    await expect(send('ava@acme.test')).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(org.smtp!.outbox().map((m) => m.messageId)).toEqual(['<m1@acme.test>']);
    org.smtp!.failNext('before-accept');
    await expect(send('ava@acme.test')).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(org.smtp!.outbox()).toHaveLength(1);
  });
});
