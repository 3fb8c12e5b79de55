/**
 * The SMTP email channel: a rep's email goes out from the rep's own mailbox (Google Workspace,
 * Microsoft 365) over SMTP with OAuth 2.0 (XOAUTH2) through `nodemailer`, outside Salesforce's
 * daily cap on API emails. Which users send this way, and their mailbox credentials, come from the
 * mailboxes file (`--mailboxes-file` / `STRIDE_MAILBOXES_FILE`, JSON, owner-readable only):
 *
 * ```json
 * {
 *   "channel": "salesforce",
 *   "smtp": { "host": "smtp.gmail.com", "port": 465, "secure": true },
 *   "users": {
 *     "ava.reed@acme.com": { "channel": "smtp", "address": "ava@acme.com", "accessTokenEnv": "AVA_SMTP_TOKEN" },
 *     "ben.ortiz@acme.com": { "channel": "smtp", "address": "ben@acme.com",
 *       "oauth": { "clientId": "…", "clientSecret": "…", "refreshToken": "…", "accessUrl": "https://oauth2.googleapis.com/token" } }
 *   }
 * }
 * ```
 *
 * `channel` is the org's default (`salesforce` = emailSimple, the default); a user's own `channel`
 * overrides it. A user on `smtp` needs an `address` and either an access token (`accessToken` or
 * the name of an environment variable holding it, `accessTokenEnv`) or `oauth` credentials that
 * nodemailer refreshes the token with. Users are keyed by Salesforce username.
 *
 * The Message-ID of every message is derived from the attempt key (`messageIdFor`), so a send whose
 * outcome is unknown can be looked up by it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export type EmailChannel = 'salesforce' | 'smtp';

export interface SmtpServerConfig {
  host: string;
  port: number;
  /** TLS from the start (465); false = STARTTLS when offered (587). */
  secure: boolean;
}

export interface MailboxConfig {
  channel?: EmailChannel;
  /** The mailbox address (the XOAUTH2 user and the From address). */
  address?: string;
  accessToken?: string;
  accessTokenEnv?: string;
  oauth?: { clientId: string; clientSecret: string; refreshToken: string; accessUrl?: string };
  smtp?: Partial<SmtpServerConfig>;
}

export interface MailboxesConfig {
  channel: EmailChannel;
  smtp?: SmtpServerConfig;
  /** By lower-case Salesforce username. */
  users: Record<string, MailboxConfig>;
}

/** A mailbox file that cannot be used: names the file and the entry. */
export class MailboxesError extends Error {}

const CHANNELS = new Set(['salesforce', 'smtp']);

/** Validates a parsed mailboxes document; `source` names it in errors (never echoes a secret). */
export function parseMailboxes(
  value: unknown,
  source: string,
  env: NodeJS.ProcessEnv = process.env
): MailboxesConfig {
  const fail = (where: string, what: string) => new MailboxesError(`${source}: ${where}: ${what}`);
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw fail('(top)', 'expected a JSON object');
  const doc = value as Record<string, unknown>;
  const channel = doc.channel ?? 'salesforce';
  if (typeof channel !== 'string' || !CHANNELS.has(channel))
    throw fail('channel', `expected "salesforce" or "smtp", got ${JSON.stringify(channel)}`);
  const server = (raw: unknown, where: string): Partial<SmtpServerConfig> | undefined => {
    if (raw === undefined) return undefined;
    if (!raw || typeof raw !== 'object') throw fail(where, 'expected { "host", "port", "secure" }');
    const s = raw as Record<string, unknown>;
    if (s.host !== undefined && (typeof s.host !== 'string' || !s.host))
      throw fail(`${where}.host`, 'expected a host name');
    if (
      s.port !== undefined &&
      (!Number.isInteger(s.port) || (s.port as number) <= 0 || (s.port as number) > 65535)
    )
      throw fail(`${where}.port`, `expected a port number, got ${JSON.stringify(s.port)}`);
    if (s.secure !== undefined && typeof s.secure !== 'boolean')
      throw fail(`${where}.secure`, 'expected true or false');
    return s as Partial<SmtpServerConfig>;
  };
  const shared = server(doc.smtp, 'smtp');
  const users: Record<string, MailboxConfig> = {};
  const rawUsers = doc.users ?? {};
  if (!rawUsers || typeof rawUsers !== 'object' || Array.isArray(rawUsers))
    throw fail('users', 'expected an object keyed by Salesforce username');
  for (const [username, raw] of Object.entries(rawUsers as Record<string, unknown>)) {
    const where = `users["${username}"]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw fail(where, 'expected an object');
    const u = raw as Record<string, unknown>;
    if (u.channel !== undefined && (typeof u.channel !== 'string' || !CHANNELS.has(u.channel)))
      throw fail(`${where}.channel`, `expected "salesforce" or "smtp", got ${JSON.stringify(u.channel)}`);
    const own = server(u.smtp, `${where}.smtp`);
    const effective = (u.channel as EmailChannel | undefined) ?? (channel as EmailChannel);
    if (effective === 'smtp') {
      if (typeof u.address !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(u.address))
        throw fail(`${where}.address`, 'expected the mailbox address the rep sends from');
      const host = own?.host ?? shared?.host;
      const port = own?.port ?? shared?.port;
      if (!host || !port)
        throw fail(`${where}.smtp`, 'no SMTP host and port (set "smtp" at the top or for the user)');
      if (u.accessTokenEnv !== undefined && (typeof u.accessTokenEnv !== 'string' || !env[u.accessTokenEnv]))
        throw fail(
          `${where}.accessTokenEnv`,
          `the environment variable ${String(u.accessTokenEnv)} is not set`
        );
      const oauth = u.oauth as Record<string, unknown> | undefined;
      if (
        oauth !== undefined &&
        ['clientId', 'clientSecret', 'refreshToken'].some((k) => typeof oauth?.[k] !== 'string')
      )
        throw fail(`${where}.oauth`, 'expected clientId, clientSecret and refreshToken');
      if (typeof u.accessToken !== 'string' && u.accessTokenEnv === undefined && oauth === undefined)
        throw fail(where, 'no credentials: set accessToken, accessTokenEnv or oauth');
    }
    users[username.toLowerCase()] = {
      ...(u as MailboxConfig),
      ...(typeof u.accessTokenEnv === 'string' && env[u.accessTokenEnv]
        ? { accessToken: env[u.accessTokenEnv] }
        : {})
    };
  }
  return {
    channel: channel as EmailChannel,
    smtp:
      shared?.host && shared.port
        ? { host: shared.host, port: shared.port, secure: shared.secure ?? shared.port === 465 }
        : undefined,
    users
  };
}

/** Reads and validates the mailboxes file. */
export function loadMailboxes(file: string, env: NodeJS.ProcessEnv = process.env): MailboxesConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MailboxesError(
      `${file}: cannot read the mailboxes file (${(error as NodeJS.ErrnoException).code ?? 'error'})`
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new MailboxesError(`${file}: not valid JSON`);
  }
  return parseMailboxes(value, file, env);
}

/** The Message-ID of the message an attempt sends: derived from the attempt key, so it can be found again. */
export function messageIdFor(attemptKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'stride.invalid';
  return `<stride.${createHash('sha256').update(attemptKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/** One message to send from a rep's mailbox. */
export interface SmtpMessage {
  fromName: string | null;
  to: string;
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
}

/** What the SMTP server said: accepted, refused (with whether trying later may help), or no answer. */
export type SmtpResult =
  | { status: 'accepted'; response: string }
  | { status: 'refused'; permanent: boolean; code: string; message: string; badRecipient: boolean }
  | { status: 'unknown'; code: string; message: string };

/** Errors raised before the message data went out: nothing was sent. */
const BEFORE_DATA = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'EDNS', 'ETLS', 'ENOAUTH', 'EOAUTH2']);

/** Classifies a nodemailer error: a server reply is a refusal; a dropped connection mid-send is unknown. */
export function classifySmtpError(error: unknown): SmtpResult {
  const e = error as {
    code?: string;
    responseCode?: number;
    response?: string;
    message?: string;
    command?: string;
  };
  const code = e.code ?? 'SMTP_ERROR';
  // The message text can quote a server reply; never a credential (XOAUTH2 tokens are not echoed).
  const message = String(e.response ?? e.message ?? 'SMTP error').slice(0, 200);
  if (typeof e.responseCode === 'number')
    return {
      status: 'refused',
      permanent: e.responseCode >= 500 && code !== 'EAUTH',
      code: `SMTP_${e.responseCode}`,
      message,
      badRecipient: code === 'EENVELOPE' && e.responseCode >= 550
    };
  // nodemailer reports a connection that closed mid-message as ECONNECTION too: only a failure to
  // connect at all is known not to have sent anything; the rest is unknown (looked up by Message-ID).
  if (
    BEFORE_DATA.has(code) ||
    /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Greeting never received/.test(message)
  )
    return { status: 'refused', permanent: false, code, message, badRecipient: false };
  return { status: 'unknown', code, message };
}

/** Sends from the configured mailboxes, one pooled transport per mailbox. */
export class SmtpMailer {
  private readonly transports = new Map<string, Transporter>();

  constructor(readonly config: MailboxesConfig) {}

  /** The channel of a user (by username): theirs, else the org's; `smtp` only with a mailbox. */
  channelOf(username: string | null | undefined): EmailChannel {
    const mailbox = username ? this.config.users[username.toLowerCase()] : undefined;
    const channel = mailbox?.channel ?? this.config.channel;
    // The org default is smtp but this rep has no mailbox: emailSimple (documented).
    return channel === 'smtp' && mailbox?.address ? 'smtp' : 'salesforce';
  }

  mailbox(username: string): MailboxConfig | undefined {
    return this.config.users[username.toLowerCase()];
  }

  private transport(username: string): Transporter {
    const key = username.toLowerCase();
    const existing = this.transports.get(key);
    if (existing) return existing;
    const mailbox = this.config.users[key];
    const host = mailbox.smtp?.host ?? this.config.smtp!.host;
    const port = mailbox.smtp?.port ?? this.config.smtp!.port;
    const secure = mailbox.smtp?.secure ?? this.config.smtp?.secure ?? port === 465;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure,
      auth: {
        type: 'OAuth2',
        user: mailbox.address!,
        ...(mailbox.accessToken ? { accessToken: mailbox.accessToken } : {}),
        ...(mailbox.oauth
          ? {
              clientId: mailbox.oauth.clientId,
              clientSecret: mailbox.oauth.clientSecret,
              refreshToken: mailbox.oauth.refreshToken,
              ...(mailbox.oauth.accessUrl ? { accessUrl: mailbox.oauth.accessUrl } : {})
            }
          : {})
      },
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      logger: false
    });
    this.transports.set(key, transport);
    return transport;
  }

  /** Sends one message from `username`'s mailbox. Never throws. */
  async send(username: string, message: SmtpMessage): Promise<SmtpResult> {
    const mailbox = this.config.users[username.toLowerCase()];
    if (!mailbox?.address)
      return {
        status: 'refused',
        permanent: true,
        code: 'NO_MAILBOX',
        message: `no mailbox for ${username}`,
        badRecipient: false
      };
    try {
      const info = await this.transport(username).sendMail({
        from: message.fromName ? { name: message.fromName, address: mailbox.address } : mailbox.address,
        to: message.to,
        cc: message.cc.length ? message.cc : undefined,
        bcc: message.bcc.length ? message.bcc : undefined,
        subject: message.subject,
        html: message.html,
        messageId: message.messageId,
        headers: message.headers
      });
      return { status: 'accepted', response: String(info.response ?? '') };
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  close(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}

/** A message the mailbox has, as a lookup by Message-ID returns it. */
export interface MailboxMessage {
  messageId: string;
  to: string[];
  subject: string | null;
}

/**
 * Asks the rep's mailbox whether messages went out, by their deterministic Message-ID (for sends
 * whose outcome is unknown, and for attempts of a worker that died between the SMTP accept and the
 * Salesforce log). For real providers the same question is an IMAP `SEARCH HEADER Message-ID <id>`
 * in the Sent folder, the Gmail API's `rfc822msgid:` search or Microsoft Graph's
 * `internetMessageId eq '<id>'`; only the local org's SMTP outbox (in `src/demo`) is implemented,
 * so on a real org an unanswerable send is held In_Doubt for a person, never sent blindly again.
 */
export interface MailboxProbe {
  sent(messageIds: string[]): Promise<Set<string>>;
  /** The messages found, with what the log needs (recipients, subject); optional for providers. */
  lookup?(messageIds: string[]): Promise<Map<string, MailboxMessage>>;
}
