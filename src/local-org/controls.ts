/**
 * Test and benchmark controls of a local org: API usage and daily limit, latency, faults, sessions,
 * clock, validation rules, outboxes, lead conversion and request statistics. The same operations are
 * served over HTTP under `/_local/*` for processes that only have the org's URL.
 */
import type { ActiveFault, FaultRule } from './faults';
import type { OutboxEmail } from './http/email-action';
import type { OrgState, OutboxSms } from './org-state';
import type { SmsWebhookTarget, WebhookDelivery } from './sms-provider';
import type { ValidationRule } from './store/records';

export class LocalOrgControls {
  constructor(private readonly org: OrgState) {}

  /** The org clock: `clock.set(date)`, `clock.advance(ms)`, `clock.setSpeed(factor)`, `clock.now()`. */
  get clock() {
    return this.org.clock;
  }

  /** API calls counted so far and the daily allocation. */
  apiUsage(): { used: number; limit: number } {
    return { used: this.org.apiUsed, limit: this.org.dailyApiLimit };
  }

  /** Resets the API-call counter to zero (or to `used`). */
  resetApiUsage(used = 0): void {
    this.org.apiUsed = used;
  }

  /** Sets the daily API allocation; calls beyond it fail with REQUEST_LIMIT_EXCEEDED (403). */
  setDailyApiLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0)
      throw new Error(`daily API limit must be a whole number >= 0, got ${limit}`);
    this.org.dailyApiLimit = limit;
  }

  /** Sets the daily single-email limit for emailSimple and resets the sent count. */
  setDailyEmailLimit(limit: number): void {
    this.org.dailyEmailLimit = limit;
    this.org.emailsSentToday = 0;
  }

  /** Adds this many milliseconds before every API request is handled. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`latency must be >= 0 ms, got ${ms}`);
    this.org.latencyMs = ms;
  }

  /** Adds a fault rule (see FaultRule); returns its id. */
  addFault(rule: FaultRule): number {
    return this.org.faults.add(rule);
  }

  removeFault(id: number): boolean {
    return this.org.faults.remove(id);
  }

  clearFaults(): void {
    this.org.faults.clear();
  }

  faults(): ActiveFault[] {
    return this.org.faults.list();
  }

  /** Seeds the random source of rate-based faults. */
  seedFaults(seed: number): void {
    this.org.faults.seed(seed);
  }

  /** Expires every access token (or one): the next call gets 401 INVALID_SESSION_ID. */
  expireSessions(token?: string): void {
    this.org.expireSessions(token);
  }

  /** Issues a new access token for a user (default: the integration user). */
  issueToken(userId = this.org.userId): string {
    return this.org.issueToken(userId);
  }

  /** Adds a validation rule; returns a function that removes it. */
  addValidationRule(objectName: string, rule: ValidationRule): () => void {
    return this.org.store.addValidationRule(objectName, rule);
  }

  clearValidationRules(): void {
    this.org.store.clearValidationRules();
  }

  /** Emails "sent" by emailSimple, oldest first. */
  emailOutbox(): OutboxEmail[] {
    return this.org.emailOutbox();
  }

  clearEmailOutbox(): void {
    this.org.clearEmailOutbox();
  }

  /** Records an SMS in the local SMS outbox (what the companion's local SMS provider calls). */
  sendSms(message: {
    to: string;
    from?: string | null;
    body: string;
    metadata?: Record<string, unknown>;
  }): OutboxSms {
    return this.org.sendSms(message);
  }

  smsOutbox(): OutboxSms[] {
    return this.org.smsOutbox();
  }

  clearSmsOutbox(): void {
    this.org.clearSmsOutbox();
  }

  /** Where the simulated SMS provider posts its signed webhooks (the companion registers itself). */
  setSmsWebhook(target: SmsWebhookTarget | null): void {
    this.org.smsWebhook = target;
  }

  /** Posts the provider's delivery receipt for an SMS of the outbox to the companion's webhook. */
  smsStatus(
    providerMessageId: string,
    status: 'delivered' | 'failed' | 'undelivered' | 'sent',
    errorCode?: string
  ): Promise<WebhookDelivery> {
    return this.org.smsStatus(providerMessageId, status, errorCode);
  }

  /** Posts an inbound SMS (a reply, or STOP/START, which also opt the number out/in here). */
  smsReply(message: { from: string; body: string; to?: string }): Promise<WebhookDelivery> {
    return this.org.smsReply(message);
  }

  /** The registered webhook (tests sign their own requests with its token). */
  smsWebhook(): SmsWebhookTarget | null {
    return this.org.smsWebhook;
  }

  /** Marks a number opted out at the provider (or back in) without a webhook: sends to it fail with 21610. */
  setSmsOptedOut(number: string, optedOut = true): void {
    if (optedOut) this.org.smsOptedOut.add(number);
    else this.org.smsOptedOut.delete(number);
  }

  /** Numbers that texted STOP (sends to them fail with Twilio error 21610). */
  smsOptedOut(): string[] {
    return [...this.org.smsOptedOut];
  }

  /** Marks a lead converted (REST has no convertLead); later updates fail with CANNOT_UPDATE_CONVERTED_LEAD. */
  convertLead(
    leadId: string,
    result: { contactId?: string; accountId?: string; opportunityId?: string } = {}
  ): void {
    this.org.store.convertLead(leadId, result, { userId: this.org.userId });
  }

  /** Requests handled per route (`"POST /composite/sobjects"` → count), for asserting batching. */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.org.requestCounts);
  }

  resetRequestCounts(): void {
    this.org.requestCounts.clear();
  }

  /**
   * The Streaming API: `state()` (clients, subscriptions, retained replay ids), `setAvailable(false)`
   * (an outage: `/cometd` answers 503 and current clients are dropped), `dropClients()`,
   * `trimEvents()` (applies the retention window now).
   */
  get streaming() {
    const streaming = this.org.streaming;
    if (!streaming) throw new Error('this org has no Streaming API attached');
    return {
      state: () => streaming.state(),
      setAvailable: (available: boolean) => streaming.setAvailable(available),
      dropClients: () => streaming.dropClients(),
      trimEvents: () => streaming.events.trim()
    };
  }
}
