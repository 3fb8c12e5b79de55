/**
 * The local SMS provider's webhooks: what Twilio would post to the companion, signed the way Twilio
 * signs (X-Twilio-Signature: base64 HMAC-SHA1 of the URL and the sorted POST parameters, keyed with
 * the auth token), so the companion's webhook runs offline end to end.
 *
 * - delivery receipts: `smsStatus(providerMessageId, 'delivered' | 'failed' | 'undelivered', errorCode?)`
 * - replies: `smsReply({ from, body })` (To = the number that last texted `from`)
 * - STOP: a reply that is STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT also opts the number out
 *   here, as Twilio does: later sends to it fail with 400 and Twilio error 21610; START or UNSTOP
 *   opts it back in.
 *
 * The webhook's base URL and auth token are registered by the companion (`POST /_local/sms/webhook`).
 */
import crypto from 'node:crypto';
import { randomBase62 } from './ids';

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'UNSTOP']);

export interface SmsWebhookTarget {
  /** Base URL of the companion's webhook (`http://127.0.0.1:port`). */
  url: string;
  authToken: string;
}

/** What the companion answered a simulated webhook request. */
export interface WebhookDelivery {
  status: number;
  body: string;
  /** The parameters posted (MessageSid of a reply, for assertions). */
  params: Record<string, string>;
}

/** Twilio's signature of a form post. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((name) => name + params[name])
      .join('');
  return crypto.createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether an SMS body is an opt-out (`STOP`…) or opt-in (`START`, `UNSTOP`) keyword, as Twilio reads them. */
export function smsKeywordOf(body: string): 'STOP' | 'START' | null {
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  if (OPT_OUT.has(word)) return 'STOP';
  if (OPT_IN.has(word)) return 'START';
  return null;
}

export const LOCAL_ACCOUNT_SID = 'AC00000000000000000000000000000000';

/** Posts one signed form request to the companion's webhook. */
export async function postSignedWebhook(
  target: SmsWebhookTarget | null,
  path: '/twilio/sms/status' | '/twilio/sms/inbound',
  params: Record<string, string>
): Promise<WebhookDelivery> {
  if (!target)
    throw new Error(
      'no SMS webhook registered: start the companion with --webhook-port, or call setSmsWebhook({ url, authToken })'
    );
  const url = `${target.url.replace(/\/+$/, '')}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(target.authToken, url, params)
    },
    body: new URLSearchParams(params).toString()
  });
  return { status: response.status, body: await response.text(), params };
}

/** A new Twilio-shaped message id. */
export function newMessageSid(): string {
  return `SM${randomBase62(32)}`;
}
