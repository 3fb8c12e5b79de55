/**
 * The local org's SMTP server (the `smtp-server` package): the offline stand-in for a rep's mailbox
 * provider (Google Workspace, Microsoft 365) when the companion sends email through SMTP. It
 * accepts XOAUTH2 only, for the configured mailbox addresses (any non-empty token: the local org
 * cannot ask Google whether a token is real), and keeps every message it accepted in its outbox,
 * read by tests and by the companion's reconciliation (`GET /_local/smtp`).
 *
 * `failNext('after-accept')` stores the next message and then drops the connection without the final
 * reply (the client cannot tell whether it was sent); `'before-accept'` drops it without storing.
 */
import { SMTPServer } from 'smtp-server';

export interface LocalSmtpOptions {
  /** Port (default: any free port). */
  port?: number;
  host?: string;
  /** Mailbox addresses (the XOAUTH2 user) accepted; default any address. */
  users?: string[];
}

/** One message the server accepted. */
export interface SmtpMessage {
  seq: number;
  receivedAt: string;
  /** The XOAUTH2 user that sent it. */
  user: string;
  mailFrom: string;
  rcptTo: string[];
  messageId: string | null;
  inReplyTo: string | null;
  subject: string | null;
  from: string | null;
  raw: string;
}

type Failure = 'after-accept' | 'before-accept';

/** Header values of a raw RFC 5322 message (unfolded), by lower-case name. */
export function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

export class LocalSmtpServer {
  private readonly messages: SmtpMessage[] = [];
  private readonly failures: Failure[] = [];
  private readonly server: SMTPServer;
  private readonly users: Set<string> | null;
  port = 0;

  constructor(
    private readonly options: LocalSmtpOptions = {},
    private readonly now: () => Date = () => new Date()
  ) {
    this.users = options.users ? new Set(options.users.map((u) => u.toLowerCase())) : null;
    this.server = new SMTPServer({
      authMethods: ['XOAUTH2'],
      authOptional: false,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'Stride local org SMTP',
      onAuth: (auth, _session, callback) => {
        const user = String(auth.username ?? '').toLowerCase();
        const known = this.users === null || this.users.has(user);
        if (auth.method !== 'XOAUTH2' || !auth.accessToken || !known) {
          // XOAUTH2 failures answer with a JSON status, as Google does.
          callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } });
          return;
        }
        callback(null, { user });
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const failure = this.failures.shift();
          const raw = Buffer.concat(chunks).toString('utf8');
          if (failure !== 'before-accept') this.store(raw, session);
          if (failure) {
            // No final reply: the client sees the connection drop after sending the message.
            const open = (
              this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
            ).connections;
            for (const c of open) if (c.id === session.id) c._socket.destroy();
            return;
          }
          callback();
        });
      }
    });
  }

  private store(
    raw: string,
    session: {
      user?: unknown;
      envelope: { mailFrom: false | { address: string }; rcptTo: Array<{ address: string }> };
    }
  ): void {
    const headers = parseHeaders(raw);
    this.messages.push({
      seq: this.messages.length + 1,
      receivedAt: this.now().toISOString(),
      user: String(session.user ?? ''),
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
      messageId: headers.get('message-id') ?? null,
      inReplyTo: headers.get('in-reply-to') ?? null,
      subject: headers.get('subject') ?? null,
      from: headers.get('from') ?? null,
      raw
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  /** Messages accepted so far, oldest first. */
  outbox(): SmtpMessage[] {
    return this.messages.map((m) => ({ ...m }));
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Makes the next message fail as `failure` says (see the module comment). */
  failNext(failure: Failure): void {
    this.failures.push(failure);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
