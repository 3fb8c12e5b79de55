/**
 * Everything one local org holds: schema, database, record store, query engine, clock, API usage,
 * outboxes and sessions. The HTTP layer and the controls both work on this object.
 */
import { ConnectedApp, type ConnectedAppOptions } from './auth/connected-app';
import { OrgSecrets } from './auth/secrets';
import { SessionStore, type Session } from './auth/sessions';
import { Clock } from './clock';
import { SalesforceError } from './errors';
import { FaultInjector } from './faults';
import type { OutboxEmail } from './http/email-action';
import { randomBase62 } from './ids';
import type { Authorization } from './security/access';
import { Schema } from './schema/registry';
import { QueryEngine } from './soql/engine';
import { cachedStatement, Db } from './store/database';
import type { LocalStreaming } from './streaming/bayeux';
import type { LocalSmtpServer } from './smtp';
import { RecordStore } from './store/records';
import {
  LOCAL_ACCOUNT_SID,
  newMessageSid,
  postSignedWebhook,
  smsKeywordOf,
  type SmsWebhookTarget,
  type WebhookDelivery
} from './sms-provider';

/** One SMS in the local SMS outbox (the companion's local SMS provider writes here). */
export interface OutboxSms {
  seq: number;
  sentAt: string;
  to: string;
  from: string | null;
  body: string;
  providerMessageId: string;
  status: string;
  metadata?: Record<string, unknown>;
}

export type { Session } from './auth/sessions';

/** A send to a number that texted STOP (Twilio error 21610). */
export class SmsUnsubscribedError extends Error {
  readonly twilioCode = 21610;
  constructor() {
    super('Attempt to send to unsubscribed recipient');
  }
}

export class OrgState {
  readonly faults = new FaultInjector();
  /** When the schema was read: describe answers 304 to If-Modified-Since after it. */
  readonly schemaLoadedAt = new Date();
  apiUsed = 0;
  /** The companion's SMS webhook (set by `POST /_local/sms/webhook`): where simulated receipts and replies go. */
  smsWebhook: SmsWebhookTarget | null = null;
  /** Numbers that texted STOP: sends to them fail with Twilio error 21610, as Twilio's do. */
  readonly smsOptedOut = new Set<string>();
  dailyApiLimit: number;
  latencyMs = 0;
  emailsSentToday = 0;
  dailyEmailLimit: number;
  /** Requests handled, by "METHOD /path-pattern", for tests that assert batching. */
  readonly requestCounts = new Map<string, number>();
  /** Access and refresh tokens (in the database: they survive a restart on the same file). */
  private readonly sessions: SessionStore;
  /** Control token, client secret, passwords, the JWT signing identity. */
  readonly secrets: OrgSecrets;
  readonly connectedApp: ConnectedApp;
  /** Browser origins besides the org's own that may call it (CORS), e.g. a sibling dev server. */
  allowedOrigins: string[] = [];
  /** The package's `objects` folder; its siblings (layouts, tabs) feed layouts, list views and tabs. */
  objectsDir = '';
  private url = '';
  /** The Streaming API (Change Data Capture), attached with the HTTP server. */
  streaming: LocalStreaming | null = null;
  /** The SMTP server of the SMTP email channel, when the org was started with one. */
  smtp: LocalSmtpServer | null = null;
  /** Who may do what: the one seam every API of the local org asks (security/access.ts). */
  readonly authorization: Authorization;

  constructor(
    readonly db: Db,
    readonly schema: Schema,
    readonly store: RecordStore,
    readonly engine: QueryEngine,
    readonly clock: Clock,
    readonly orgId: string,
    readonly userId: string,
    options: {
      dailyApiLimit: number;
      dailyEmailLimit: number;
      connectedApp?: ConnectedAppOptions;
      authorization: Authorization;
    }
  ) {
    this.authorization = options.authorization;
    this.sessions = new SessionStore(db, orgId);
    this.secrets = new OrgSecrets(db);
    this.connectedApp = new ConnectedApp(this.secrets, options.connectedApp);
    this.dailyApiLimit = options.dailyApiLimit;
    this.dailyEmailLimit = options.dailyEmailLimit;
  }

  setBaseUrl(url: string): void {
    this.url = url;
  }

  /** The instance URL, e.g. http://127.0.0.1:4321 */
  baseUrl(): string {
    return this.url;
  }

  /** A user's time zone (date literals in their queries are days there); UTC when unknown. */
  userTimeZone(userId: string): string {
    const row = cachedStatement(this.db, 'SELECT "TimeZoneSidKey" FROM "User" WHERE "Id" = ?').get(userId) as
      { TimeZoneSidKey: string | null } | undefined;
    return row?.TimeZoneSidKey || 'UTC';
  }

  // ---------------------------------------------------------------- sessions

  /** Issues an access token `<orgId>!<random>` for a user (from crypto.randomBytes). */
  issueToken(userId: string): string {
    return this.sessions.issueAccessToken(userId, this.clock.nowMs());
  }

  /** A new session (access token) for an active user, by username; fails for unknown or inactive users. */
  sessionFor(username: string): { accessToken: string; userId: string; username: string } {
    const row = this.db
      .prepare('SELECT "Id", "IsActive" FROM "User" WHERE "Username" = ? AND "IsDeleted" = 0')
      .get(username) as { Id: string; IsActive: number } | undefined;
    if (!row) throw new Error(`sessionFor: no user with username ${JSON.stringify(username)}`);
    if (row.IsActive !== 1) throw new Error(`sessionFor: ${username} is inactive`);
    return { accessToken: this.issueToken(row.Id), userId: row.Id, username };
  }

  /** Issues a refresh token for a user (accepted by the refresh_token grant). */
  issueRefreshToken(userId: string): string {
    return this.sessions.issueRefreshToken(userId, this.clock.nowMs());
  }

  userForRefreshToken(token: string): string | undefined {
    return this.sessions.userForRefreshToken(token);
  }

  session(token: string): Session | undefined {
    return this.sessions.session(token);
  }

  /** Expires every access token (or one); clients holding a refresh token can get a new one. */
  expireSessions(token?: string): void {
    this.sessions.expire(token);
  }

  /** Revokes a refresh token or an access token (`/services/oauth2/revoke`). */
  revokeToken(token: string): void {
    this.sessions.revoke(token);
  }

  // ------------------------------------------------------------------ limits

  /** The org-clock day the counters belong to; a new day starts fresh counters. */
  private usageDay = '';

  private rollUsageDay(): void {
    const day = this.clock.now().toISOString().slice(0, 10);
    if (day !== this.usageDay) {
      if (this.usageDay !== '') {
        this.apiUsed = 0;
        this.emailsSentToday = 0;
      }
      this.usageDay = day;
    }
  }

  /** Counts one API call; throws REQUEST_LIMIT_EXCEEDED once the daily allocation is spent. */
  countApiCall(): void {
    this.rollUsageDay();
    if (this.apiUsed >= this.dailyApiLimit) {
      throw new SalesforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', [], 403);
    }
    this.apiUsed++;
  }

  limitInfoHeader(): string {
    return `api-usage=${this.apiUsed}/${this.dailyApiLimit}`;
  }

  /** Counts one single email (whatever its recipients) against the daily limit. */
  consumeEmail(): void {
    this.rollUsageDay();
    if (this.emailsSentToday + 1 > this.dailyEmailLimit) {
      throw new SalesforceError(
        'LIMIT_EXCEEDED',
        `SINGLE_EMAIL_LIMIT_EXCEEDED: The daily limit for the org would be exceeded by this request (${this.dailyEmailLimit} emails)`
      );
    }
    this.emailsSentToday++;
  }

  limits(): Record<string, { Max: number; Remaining: number }> {
    const entry = (max: number, used = 0) => ({ Max: max, Remaining: Math.max(max - used, 0) });
    return {
      ConcurrentAsyncGetReportInstances: entry(200),
      ConcurrentSyncReportRuns: entry(20),
      DailyApiRequests: entry(this.dailyApiLimit, this.apiUsed),
      DailyAsyncApexExecutions: entry(250000),
      DailyBulkApiBatches: entry(15000),
      DailyBulkV2QueryFileStorageMB: entry(976562),
      DailyBulkV2QueryJobs: entry(10000),
      DailyWorkflowEmails: entry(this.dailyEmailLimit),
      DataStorageMB: entry(1024),
      FileStorageMB: entry(1024),
      HourlyTimeBasedWorkflow: entry(1000),
      MassEmail: entry(5000),
      SingleEmail: entry(this.dailyEmailLimit, this.emailsSentToday)
    };
  }

  // ----------------------------------------------------------------- outboxes

  appendEmail(email: Omit<OutboxEmail, 'seq'>): void {
    cachedStatement(this.db, 'INSERT INTO _email_outbox (sent_at, payload) VALUES (?, ?)').run(
      email.sentAt,
      JSON.stringify(email)
    );
  }

  emailOutbox(): OutboxEmail[] {
    const rows = this.db.prepare('SELECT seq, payload FROM _email_outbox ORDER BY seq').all() as {
      seq: number;
      payload: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, ...(JSON.parse(r.payload) as Omit<OutboxEmail, 'seq'>) }));
  }

  clearEmailOutbox(): void {
    this.db.prepare('DELETE FROM _email_outbox').run();
  }

  /** Records an SMS "sent" by the local SMS provider and returns it with its provider id. */
  sendSms(message: {
    to: string;
    from?: string | null;
    body: string;
    metadata?: Record<string, unknown>;
  }): OutboxSms {
    if (!message || typeof message.to !== 'string' || message.to.trim() === '') {
      throw new SalesforceError('REQUIRED_FIELD_MISSING', 'SMS needs a "to" number', ['to']);
    }
    if (typeof message.body !== 'string' || message.body === '') {
      throw new SalesforceError('REQUIRED_FIELD_MISSING', 'SMS needs a "body"', ['body']);
    }
    if (this.smsOptedOut.has(message.to.trim())) throw new SmsUnsubscribedError();
    const sms: Omit<OutboxSms, 'seq'> = {
      sentAt: this.store.nowIso(),
      to: message.to,
      from: message.from ?? null,
      body: message.body,
      providerMessageId: `SM${randomBase62(32)}`,
      status: 'sent',
      ...(message.metadata ? { metadata: message.metadata } : {})
    };
    const info = cachedStatement(this.db, 'INSERT INTO _sms_outbox (sent_at, payload) VALUES (?, ?)').run(
      sms.sentAt,
      JSON.stringify(sms)
    );
    return { seq: Number(info.lastInsertRowid), ...sms };
  }

  smsOutbox(): OutboxSms[] {
    const rows = this.db.prepare('SELECT seq, payload FROM _sms_outbox ORDER BY seq').all() as {
      seq: number;
      payload: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, ...(JSON.parse(r.payload) as Omit<OutboxSms, 'seq'>) }));
  }

  clearSmsOutbox(): void {
    this.db.prepare('DELETE FROM _sms_outbox').run();
  }

  /**
   * Simulates the provider's delivery receipt for a message of the outbox: records the status on it
   * and posts the signed status callback to the companion's webhook.
   */
  async smsStatus(
    providerMessageId: string,
    status: 'delivered' | 'failed' | 'undelivered' | 'sent',
    errorCode?: string
  ): Promise<WebhookDelivery> {
    const row = this.db
      .prepare("SELECT seq, payload FROM _sms_outbox WHERE json_extract(payload, '$.providerMessageId') = ?")
      .get(providerMessageId) as { seq: number; payload: string } | undefined;
    if (!row) throw new Error(`no SMS with provider id ${providerMessageId} in the local outbox`);
    const sms = JSON.parse(row.payload) as Omit<OutboxSms, 'seq'>;
    this.db
      .prepare('UPDATE _sms_outbox SET payload = ? WHERE seq = ?')
      .run(JSON.stringify({ ...sms, status }), row.seq);
    return postSignedWebhook(this.smsWebhook, '/twilio/sms/status', {
      AccountSid: LOCAL_ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      MessageSid: providerMessageId,
      SmsSid: providerMessageId,
      MessageStatus: status,
      SmsStatus: status,
      To: sms.to,
      From: sms.from ?? '',
      ...(errorCode ? { ErrorCode: errorCode } : {})
    });
  }

  /**
   * Simulates an inbound SMS from `from` (a reply; STOP/START keywords opt the number out/in here
   * too, as Twilio does) and posts the signed incoming-message webhook.
   */
  async smsReply(message: { from: string; body: string; to?: string }): Promise<WebhookDelivery> {
    const from = message.from.trim();
    const keyword = smsKeywordOf(message.body);
    if (keyword === 'STOP') this.smsOptedOut.add(from);
    if (keyword === 'START') this.smsOptedOut.delete(from);
    const last = this.smsOutbox()
      .reverse()
      .find((sms) => sms.to === from);
    return postSignedWebhook(this.smsWebhook, '/twilio/sms/inbound', {
      AccountSid: LOCAL_ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      MessageSid: newMessageSid(),
      SmsSid: '',
      From: from,
      To: message.to ?? last?.from ?? '',
      Body: message.body,
      NumMedia: '0',
      ...(keyword ? { OptOutType: keyword } : {})
    });
  }
}
