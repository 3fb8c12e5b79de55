/**
 * The SMS webhook when a request or the org goes wrong (webhooks/server.ts, webhooks/start.ts): a
 * body over the limit (413), an event the org could not record (500, so the provider retries), a
 * handler that throws (500, logged), and a webhook that cannot start (no token; a local org that
 * refuses the registration).
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { registerLocalSmsWebhook } from '../../demo/local-org-adapters';
import { silentLogger } from '../logger';
import type { SmsEvent, SmsEvents } from '../webhooks/sms-events';
import { SMS_STATUS_PATH, twilioSignature, WebhookServer } from '../webhooks/server';
import { startSmsWebhook } from '../webhooks/start';
import { companionFor, startTestOrg } from './helpers';

jest.setTimeout(30_000);

const TOKEN = 'webhook-test-token-0123456789';

/** A webhook whose event handling is `handle`; returns its base URL and a signed form poster. */
async function webhookWith(handle: (event: SmsEvent) => Promise<{ ok: boolean }>): Promise<{
  server: WebhookServer;
  post: (params: Record<string, string>, body?: string) => Promise<{ status: number; text: string }>;
  handled: SmsEvent[];
}> {
  const handled: SmsEvent[] = [];
  const events = {
    handle: (event: SmsEvent) => {
      handled.push(event);
      return handle(event);
    },
    close: () => Promise.resolve()
  } as unknown as SmsEvents;
  const server = new WebhookServer({ events, log: silentLogger(), authToken: TOKEN });
  await server.listen(0);
  const url = `${server.url}${SMS_STATUS_PATH}`;
  return {
    server,
    handled,
    post: async (params, body = new URLSearchParams(params).toString()) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(TOKEN, url, params)
        },
        body
      });
      return { status: response.status, text: await response.text() };
    }
  };
}

const DELIVERED = { MessageSid: 'SM0123456789abcdef', MessageStatus: 'delivered' };

describe('the SMS webhook', () => {
  it('answers 500 when the org could not record the event, so the provider retries', async () => {
    const webhook = await webhookWith(() => Promise.resolve({ ok: false }));
    try {
      expect(await webhook.post(DELIVERED)).toEqual({ status: 500, text: 'not recorded; retry' });
      expect(webhook.handled).toEqual([
        {
          kind: 'status',
          messageSid: 'SM0123456789abcdef',
          status: 'delivered',
          errorCode: undefined,
          errorMessage: undefined
        }
      ]);
    } finally {
      await webhook.server.close();
    }
  });

  it('answers 500 when handling throws', async () => {
    const webhook = await webhookWith(() => Promise.reject(new Error('org unreachable')));
    try {
      expect(await webhook.post(DELIVERED)).toEqual({ status: 500, text: 'internal error' });
    } finally {
      await webhook.server.close();
    }
  });

  it('refuses a body over 64 KiB with 413, before reading the signature', async () => {
    const webhook = await webhookWith(() => Promise.resolve({ ok: true }));
    try {
      const body = `Body=${'x'.repeat(70 * 1024)}`;
      expect(await webhook.post(DELIVERED, body)).toEqual({ status: 413, text: 'body too large' });
      expect(webhook.handled).toEqual([]);
    } finally {
      await webhook.server.close();
    }
  });

  it('refuses to start without a token to verify signatures', async () => {
    const saved = process.env.TWILIO_AUTH_TOKEN;
    delete process.env.TWILIO_AUTH_TOKEN;
    const org = await startTestOrg();
    try {
      await expect(
        startSmsWebhook({ companion: companionFor(org), log: silentLogger(), port: 0 })
      ).rejects.toThrow(
        '--webhook-port: TWILIO_AUTH_TOKEN is not set (the webhook needs it to verify the provider’s signatures)'
      );
    } finally {
      if (saved !== undefined) process.env.TWILIO_AUTH_TOKEN = saved;
      await org.close();
    }
  });

  it('stops when the local org refuses the registration (wrong control token)', async () => {
    const org: LocalOrg = await startTestOrg();
    try {
      await expect(
        startSmsWebhook({
          companion: companionFor(org),
          log: silentLogger(),
          port: 0,
          register: registerLocalSmsWebhook({
            instanceUrl: org.instanceUrl,
            controlToken: 'not-the-control-token'
          })
        })
      ).rejects.toThrow(
        '--webhook-port: the webhook could not be registered: the local org refused the registration (HTTP 401)'
      );
    } finally {
      await org.close();
    }
  });
});
