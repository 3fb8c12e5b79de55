/**
 * The simulated SMS provider: webhook registration, signed receipts and replies posted to a webhook,
 * STOP opting a number out (sends then fail with Twilio's 21610), START opting it back in; and
 * Stride's fields on standard objects in a namespaced org's describe.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalOrg } from '../index';
import { signTwilioRequest } from '../sms-provider';
import { raw, startTestOrg } from './helpers';

let org: LocalOrg;
beforeEach(async () => {
  org = await startTestOrg();
});
afterEach(() => org.close());

/** A webhook that records what it receives. */
async function receiver(): Promise<{
  url: string;
  received: Array<{ path: string; signature: string; params: Record<string, string> }>;
  close: () => Promise<void>;
}> {
  const received: Array<{ path: string; signature: string; params: Record<string, string> }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        signature: String(req.headers['x-twilio-signature']),
        params: Object.fromEntries(new URLSearchParams(body))
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the simulated SMS provider', () => {
  it('signs like Twilio (its documented example)', () => {
    expect(
      signTwilioRequest('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
        CallSid: 'CA1234567890ABCDE',
        Caller: '+12349013030',
        Digits: '1234',
        From: '+12349013030',
        To: '+18005551212'
      })
    ).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses a bad registration and a simulation without a webhook, naming what is wrong', async () => {
    expect(
      await raw(org, 'POST', '/_local/sms/webhook', { url: 'ftp://x', authToken: 'a'.repeat(20) })
    ).toMatchObject({
      status: 400,
      body: { error: 'url: expected the webhook base URL (http://…)' }
    });
    expect(
      await raw(org, 'POST', '/_local/sms/webhook', { url: 'http://127.0.0.1:1', authToken: 'short' })
    ).toMatchObject({
      status: 400,
      body: { error: 'authToken: expected the token (16 characters or more) the companion verifies with' }
    });
    await expect(org.controls.smsReply({ from: '+14155550100', body: 'hi' })).rejects.toThrow(
      'no SMS webhook registered: start the companion with --webhook-port, or call setSmsWebhook({ url, authToken })'
    );
  });

  it('posts signed receipts and replies; STOP refuses later sends with 21610, START allows them again', async () => {
    const hook = await receiver();
    try {
      const token = 'local-test-token-0123456789';
      expect(
        (await raw(org, 'POST', '/_local/sms/webhook', { url: hook.url, authToken: token })).status
      ).toBe(200);
      const sent = await raw(org, 'POST', '/_local/sms', {
        to: '+14155550100',
        from: '+15005550006',
        body: 'Hi'
      });
      const sid = (sent.body as { providerMessageId: string }).providerMessageId;
      expect(
        await raw(org, 'POST', '/_local/sms/status', {
          providerMessageId: sid,
          status: 'undelivered',
          errorCode: '30003'
        })
      ).toMatchObject({
        status: 200,
        body: { webhookStatus: 204 }
      });
      await org.controls.smsReply({ from: '+14155550100', body: 'Stop' });
      expect(
        hook.received.map((r) => [
          r.path,
          r.params.MessageStatus ?? r.params.Body,
          r.params.OptOutType ?? r.params.ErrorCode
        ])
      ).toEqual([
        ['/twilio/sms/status', 'undelivered', '30003'],
        ['/twilio/sms/inbound', 'Stop', 'STOP']
      ]);
      for (const r of hook.received)
        expect(r.signature).toBe(signTwilioRequest(token, `${hook.url}${r.path}`, r.params));
      expect(hook.received[1].params).toMatchObject({ From: '+14155550100', To: '+15005550006' });
      expect(org.controls.smsOutbox().map((m) => m.status)).toEqual(['undelivered']);

      expect(await raw(org, 'POST', '/_local/sms', { to: '+14155550100', body: 'Again' })).toMatchObject({
        status: 400,
        body: { code: 21610, message: 'Attempt to send to unsubscribed recipient' }
      });
      await org.controls.smsReply({ from: '+14155550100', body: 'START' });
      expect((await raw(org, 'POST', '/_local/sms', { to: '+14155550100', body: 'Again' })).status).toBe(201);
    } finally {
      await hook.close();
    }
  });
});

describe("Stride's fields on standard objects", () => {
  it('are described with the namespace in a namespaced org (Lead, Contact, and the package objects)', async () => {
    const namespaced = await startTestOrg({ namespace: 'stride' });
    try {
      const lead = await raw(namespaced, 'GET', '/sobjects/Lead/describe');
      expect(lead.status).toBe(200);
      expect((lead.body as { fields: Array<{ name: string }> }).fields.map((f) => f.name)).toContain(
        'stride__SMS_Opt_Out__c'
      );
      expect((await raw(namespaced, 'GET', '/sobjects/stride__Sequence_Action__c/describe')).status).toBe(
        200
      );
    } finally {
      await namespaced.close();
    }
  });
});
