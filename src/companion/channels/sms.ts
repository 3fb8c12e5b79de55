/**
 * SMS providers. The companion sends through this interface; which provider is configuration.
 *
 * Twilio has no idempotency key (reliability.md §0.2), so the companion records its attempt
 * before calling `send` and passes the attempt key as `idempotencyKey` for providers that honour
 * one (a development org's outbox does) and for reconciliation.
 */
import { isSecureOrLoopback } from '../config';
import { CompanionError } from '../errors';

export interface SmsMessage {
  /** E.164 recipient number. */
  to: string;
  /** E.164 sender number or messaging service. */
  from: string;
  body: string;
  /** Stable per attempt: `<participant action id>:<attempt>`. */
  idempotencyKey: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/**
 * The companion's code for a Twilio error number: 21211 invalid 'To' and 21614 not a mobile →
 * INVALID_MOBILE; 21610 "Attempt to send to unsubscribed recipient" (the person texted STOP) →
 * SMS_OPT_OUT; anything else → SEND_FAILED.
 */
export function smsErrorCode(
  twilioCode: number | undefined
): 'INVALID_MOBILE' | 'SMS_OPT_OUT' | 'SEND_FAILED' {
  if (twilioCode === 21211 || twilioCode === 21614) return 'INVALID_MOBILE';
  if (twilioCode === 21610) return 'SMS_OPT_OUT';
  return 'SEND_FAILED';
}

/** A provider refusal that will not succeed on retry (invalid number, blocked recipient). */
export class SmsPermanentError extends CompanionError {}

/** A provider failure worth retrying later (429, 5xx, network). */
export class SmsRetryableError extends CompanionError {
  constructor(
    message: string,
    readonly retryAfterMs?: number
  ) {
    super(message, 'SMS_RETRYABLE');
  }
}

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** Override for tests (a local HTTP server); never logged with credentials. */
  baseUrl?: string;
  /** Seconds Twilio may queue a message before giving up (keeps late messages out of quiet hours). */
  validityPeriodSeconds?: number;
  /**
   * Where Twilio posts the message's delivery status (`StatusCallback`): the companion's webhook,
   * `<public url>/twilio/sms/status` (see webhooks/server.ts). None = no receipts.
   */
  statusCallbackUrl?: string;
  fetchImpl?: typeof fetch;
}

/**
 * Twilio Programmable Messaging over its REST API:
 * `POST {base}/2010-04-01/Accounts/{sid}/Messages.json` with basic auth and a form body.
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';
  private readonly baseUrl: string;

  constructor(private readonly options: TwilioOptions) {
    if (!options.accountSid) throw new Error('Twilio: TWILIO_ACCOUNT_SID is not set');
    if (!options.authToken) throw new Error('Twilio: TWILIO_AUTH_TOKEN is not set');
    this.baseUrl = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    if (!isSecureOrLoopback(new URL(this.baseUrl))) {
      throw new Error(
        `Twilio: TWILIO_BASE_URL ${this.baseUrl} would send credentials in clear text; use https://`
      );
    }
  }

  /** Reads `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` from the environment. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, statusCallbackUrl?: string): TwilioSmsProvider {
    return new TwilioSmsProvider({
      accountSid: env.TWILIO_ACCOUNT_SID ?? '',
      authToken: env.TWILIO_AUTH_TOKEN ?? '',
      baseUrl: env.TWILIO_BASE_URL,
      statusCallbackUrl
    });
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    const form = new URLSearchParams({ To: message.to, From: message.from, Body: message.body });
    if (this.options.validityPeriodSeconds)
      form.set('ValidityPeriod', String(this.options.validityPeriodSeconds));
    if (this.options.statusCallbackUrl) form.set('StatusCallback', this.options.statusCallbackUrl);
    const url = `${this.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(this.options.accountSid)}/Messages.json`;
    const auth = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    let response: Response;
    try {
      response = await (this.options.fetchImpl ?? fetch)(url, {
        method: 'POST',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString()
      });
    } catch (error) {
      throw new SmsRetryableError(`Twilio unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: { sid?: string; code?: number; message?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Non-JSON (proxy error pages): keep the status only.
    }
    if (response.ok && body.sid) return { providerMessageId: body.sid };
    const detail = `Twilio ${response.status}${body.code ? ` error ${body.code}` : ''}: ${body.message ?? text.slice(0, 200)}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new SmsRetryableError(
        detail,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined
      );
    }
    throw new SmsPermanentError(detail, smsErrorCode(body.code));
  }
}
