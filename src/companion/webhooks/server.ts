/**
 * The companion's webhook port (`stride run --webhook-port N`, opt-in): the SMS provider's status
 * callback and incoming-message webhook.
 *
 * - `POST /twilio/sms/status`  — MessageSid, MessageStatus, ErrorCode → sms-events.ts
 * - `POST /twilio/sms/inbound` — MessageSid, From, To, Body, OptOutType → sms-events.ts (answers
 *   empty TwiML: no automatic reply)
 *
 * Every request must carry a valid `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth
 * token, of the URL the provider called (the public URL, `--webhook-url`, plus path and query)
 * followed by each POST parameter name and value, sorted by name. Anything else is refused with 403
 * and one log line naming the path and the reason (never the token or the signature). A separate
 * port from the ops port (`--metrics-port`): this one faces the provider (through a proxy), the ops
 * port stays on the host. Bad input is answered (400/403/404/405/413), never a crash; a failed write
 * answers 500 so the provider retries, and every write is idempotent.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { SmsEvent, SmsEvents } from './sms-events';

/** The largest body accepted (Twilio's are a few hundred bytes; a 1,600-character SMS fits). */
const MAX_BODY_BYTES = 64 * 1024;

export const SMS_STATUS_PATH = '/twilio/sms/status';
export const SMS_INBOUND_PATH = '/twilio/sms/inbound';

/**
 * Twilio's request signature: base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 …))
 * with the POST parameters sorted by name (a repeated name contributes each of its values, in order).
 *
 * @example
 * twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2',
 *   { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' })
 * //=> '0/KCTR6DLpKmkAf8muzZqo1nDgQ=' (Twilio's documented example)
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | string[]>
): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((name) => {
        const value = params[name];
        return (Array.isArray(value) ? value : [value]).map((v) => name + v).join('');
      })
      .join('');
  return crypto.createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Constant-time check of a request's signature. */
export function validTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | string[]>,
  signature: string | undefined
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export interface WebhookServerOptions {
  events: SmsEvents;
  log: Logger;
  /** Twilio's auth token (TWILIO_AUTH_TOKEN; for a local org, a token shared with it). Never logged. */
  authToken: string;
  /** The base URL the provider calls (`--webhook-url`); default `http://127.0.0.1:<port>`. */
  publicUrl?: string;
}

export class WebhookServer {
  private readonly server: http.Server;
  private publicUrl: string | undefined;

  constructor(private readonly options: WebhookServerOptions) {
    if (!options.authToken) throw new Error('SMS webhook: no auth token to verify the provider’s signatures');
    this.publicUrl = options.publicUrl?.replace(/\/+$/, '');
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        options.log.error({ err: (error as Error).message, path: pathOf(req) }, 'SMS webhook failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('internal error');
      });
    });
  }

  /** Listens (127.0.0.1 unless `host`); returns the port. */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const bound = (this.server.address() as AddressInfo).port;
        this.publicUrl ??= `http://127.0.0.1:${bound}`;
        resolve(bound);
      });
    });
  }

  /** The base URL signatures are checked against. */
  get url(): string | undefined {
    return this.publicUrl;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
    await this.options.events.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { log } = this.options;
    const path = pathOf(req);
    if (path !== SMS_STATUS_PATH && path !== SMS_INBOUND_PATH) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('only POST');
      return;
    }
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      log.warn({ path, contentType: type }, 'SMS webhook refused: not a form post');
      res.writeHead(415, { 'Content-Type': 'text/plain' }).end('expected application/x-www-form-urlencoded');
      return;
    }
    const raw = await readBody(req);
    if (raw === null) {
      log.warn({ path }, `SMS webhook refused: body over ${MAX_BODY_BYTES} bytes`);
      res.writeHead(413, { 'Content-Type': 'text/plain' }).end('body too large');
      return;
    }
    const params: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(raw)) {
      const existing = params[name];
      params[name] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const signature = req.headers['x-twilio-signature'];
    const url = `${this.publicUrl}${req.url ?? path}`;
    if (
      !validTwilioSignature(
        this.options.authToken,
        url,
        params,
        typeof signature === 'string' ? signature : undefined
      )
    ) {
      log.warn(
        { path, reason: signature ? 'signature does not match' : 'no X-Twilio-Signature header' },
        'SMS webhook refused: invalid signature (check TWILIO_AUTH_TOKEN and --webhook-url)'
      );
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('invalid signature');
      return;
    }
    const parsed = parseEvent(path, params);
    if (!parsed.ok) {
      log.warn({ path, problem: parsed.error }, 'SMS webhook refused: bad parameters');
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(parsed.error);
      return;
    }
    const result = await this.options.events.handle(parsed.event);
    if (!result.ok) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('not recorded; retry');
      return;
    }
    if (path === SMS_INBOUND_PATH)
      res
        .writeHead(200, { 'Content-Type': 'text/xml' })
        .end('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    else res.writeHead(204).end();
  }
}

function pathOf(req: http.IncomingMessage): string {
  return (req.url ?? '/').split('?')[0];
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function one(params: Record<string, string | string[]>, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The event a request carries, or what is missing from it. */
export function parseEvent(
  path: string,
  params: Record<string, string | string[]>
): { ok: true; event: SmsEvent } | { ok: false; error: string } {
  const messageSid = one(params, 'MessageSid') ?? one(params, 'SmsSid');
  if (!messageSid || !/^[A-Za-z0-9]{2,64}$/.test(messageSid))
    return { ok: false, error: 'MessageSid: expected the provider’s message id (letters and digits)' };
  if (path === SMS_STATUS_PATH) {
    const status = one(params, 'MessageStatus') ?? one(params, 'SmsStatus');
    if (!status) return { ok: false, error: 'MessageStatus: missing' };
    return {
      ok: true,
      event: {
        kind: 'status',
        messageSid,
        status,
        errorCode: one(params, 'ErrorCode') || undefined,
        errorMessage: one(params, 'ErrorMessage') || undefined
      }
    };
  }
  const from = one(params, 'From');
  if (!from || !/^\+[1-9]\d{6,14}$/.test(from))
    return { ok: false, error: 'From: expected an E.164 number such as +14155550100' };
  return {
    ok: true,
    event: {
      kind: 'inbound',
      messageSid,
      from,
      to: one(params, 'To') ?? '',
      body: one(params, 'Body') ?? '',
      optOutType: one(params, 'OptOutType') || undefined
    }
  };
}
