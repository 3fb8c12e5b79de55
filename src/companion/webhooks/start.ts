/**
 * Starts the SMS webhook for `stride run --webhook-port N`: the signature key is Twilio's auth
 * token (`TWILIO_AUTH_TOKEN`). When the composition root supplies a `register` hook (a provider
 * that is told where to call, such as a development org's simulated one), a random key is made for
 * this run when there is no token, and the hook hands the provider the webhook's URL and that key,
 * so it signs its receipts, replies and STOPs the way Twilio does.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Companion } from '../companion';
import { registerSecret } from '../logger';
import type { OrgAdapters } from '../org-adapters';
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
  /** Tells the provider the webhook's URL and key (see OrgAdapters.registerSmsWebhook). */
  register?: OrgAdapters['registerSmsWebhook'];
}

export async function startSmsWebhook(
  options: SmsWebhookOptions
): Promise<{ server: WebhookServer; events: SmsEvents; port: number; url: string }> {
  let authToken = options.authToken ?? process.env.TWILIO_AUTH_TOKEN ?? '';
  if (!authToken && options.register) authToken = crypto.randomBytes(24).toString('base64url');
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
  if (options.register) {
    try {
      await options.register({ url, authToken });
    } catch (error) {
      await server.close();
      throw new Error(`--webhook-port: the webhook could not be registered: ${(error as Error).message}`);
    }
  }
  log.info(
    { port, statusUrl: `${url}/twilio/sms/status`, inboundUrl: `${url}/twilio/sms/inbound` },
    'SMS webhook listening'
  );
  return { server, events, port, url };
}
