/**
 * Starts the SMS webhook for `stride run --webhook-port N` (and `npm start`): the signature key is
 * Twilio's auth token (`TWILIO_AUTH_TOKEN`); against a local org without one, a random token is made
 * for this run and handed to the local org with the webhook's URL (`POST /_local/sms/webhook`), so
 * its simulated provider signs its receipts, replies and STOPs the way Twilio does.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Companion } from '../companion';
import { controlHeaders } from '../companion';
import { registerSecret } from '../logger';
import { SmsEvents } from './sms-events';
import { WebhookServer } from './server';

export interface SmsWebhookOptions {
  companion: Companion;
  log: Logger;
  port: number;
  host?: string;
  /** The base URL the provider calls (`--webhook-url`). */
  publicUrl?: string;
  /** Twilio's auth token; default `TWILIO_AUTH_TOKEN`. */
  authToken?: string;
  /** A local org to register with (its URL and control token), when the companion runs against one. */
  localOrg?: { instanceUrl: string; controlToken?: string };
}

export async function startSmsWebhook(
  options: SmsWebhookOptions
): Promise<{ server: WebhookServer; events: SmsEvents; port: number; url: string }> {
  let authToken = options.authToken ?? process.env.TWILIO_AUTH_TOKEN ?? '';
  if (!authToken && options.localOrg) authToken = crypto.randomBytes(24).toString('base64url');
  if (!authToken)
    throw new Error(
      '--webhook-port: TWILIO_AUTH_TOKEN is not set (the webhook needs it to verify the provider’s signatures)'
    );
  registerSecret(authToken);
  const { companion, log } = options;
  const events = new SmsEvents({
    api: companion.api,
    log,
    now: () => companion.now(),
    syncClock: () => companion.syncClock(),
    onReply: () => companion.requestStages(['conversations'])
  });
  const server = new WebhookServer({ events, log, authToken, publicUrl: options.publicUrl });
  const port = await server.listen(options.port, options.host);
  const url = server.url!;
  if (options.localOrg) {
    const response = await fetch(`${options.localOrg.instanceUrl.replace(/\/+$/, '')}/_local/sms/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...controlHeaders(options.localOrg.controlToken) },
      body: JSON.stringify({ url, authToken })
    });
    if (!response.ok) {
      await server.close();
      throw new Error(
        `--webhook-port: the local org refused the webhook registration (HTTP ${response.status})`
      );
    }
  }
  log.info(
    { port, statusUrl: `${url}/twilio/sms/status`, inboundUrl: `${url}/twilio/sms/inbound` },
    'SMS webhook listening'
  );
  return { server, events, port, url };
}
