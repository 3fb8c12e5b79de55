/**
 * What the SMS provider tells the companion through its webhooks (Twilio's status callback and
 * incoming-message webhook), applied to the org:
 *
 * - status: the outbound SMS Conversation (found by `Provider_Message_Id__c` = the MessageSid) →
 *   `Delivered`, `Failed` or `Undelivered` with `Undeliverable__c` and `Delivery_Error__c` (the
 *   provider's error code and meaning). Statuses on the way (queued, sending, sent) change nothing;
 *   a Replied Conversation keeps its status. A status for a message whose Conversation is not
 *   written yet (the callback can beat the companion's own write) is kept and tried again.
 * - inbound: an Inbound SMS Conversation (upserted by `sms:<MessageSid>`), tied to the latest
 *   outbound SMS Conversation to the sender's number (its action, participant, person and owner);
 *   that one becomes `Replied` (`Replied_At__c`), and `onReply` asks for a conversations pass, which
 *   exits the participant when the sequence has Exit_On_Reply__c (pass/conversations.ts).
 *   STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (or Twilio's `OptOutType=STOP`) set
 *   `SMS_Opt_Out__c` on the person instead of counting as a reply; START and UNSTOP clear it.
 *
 * Everything is idempotent (the provider retries): the inbound Conversation is upserted by its
 * MessageSid, a status already recorded is not written again, an opt-out already set is set again.
 * Events arriving together are handled in one batch: one query and one write per kind.
 */
import type { Logger } from 'pino';
import { PROVISIONAL_CONVERSATION_STATUSES } from '../../core/constants';
import { smsKeyword } from '../../core/smsKeywords';
import { chunk, soqlString, type SalesforceApi } from '../api';
import { truncate255 } from '../errors';
import { ownedBy } from '../ownership';

/** A status callback's parameters (form fields, as Twilio names them). */
export interface SmsStatusEvent {
  kind: 'status';
  messageSid: string;
  status: string;
  errorCode?: string;
  errorMessage?: string;
}

/** An incoming message's parameters. */
export interface SmsInboundEvent {
  kind: 'inbound';
  messageSid: string;
  from: string;
  to: string;
  body: string;
  /** Twilio Advanced Opt-Out: `STOP`, `START` or `HELP`. */
  optOutType?: string;
}

export type SmsEvent = SmsStatusEvent | SmsInboundEvent;

/** What the webhook answers the provider: done, or not (a 5xx the provider may retry). */
export type EventResult = { ok: true; note: string } | { ok: false; error: string };

/** Twilio error codes of undelivered messages, in words (https://www.twilio.com/docs/api/errors). */
const TWILIO_ERRORS: Record<string, string> = {
  '21610': 'Attempt to send to unsubscribed recipient',
  '21614': 'To number is not a valid mobile number',
  '30001': 'Queue overflow',
  '30002': 'Account suspended',
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered by the carrier',
  '30008': 'Unknown error',
  '30034': 'Message from an unregistered number'
};

/** Final statuses the companion records, by the provider's status word. */
const FINAL: Record<string, 'Delivered' | 'Failed' | 'Undelivered'> = {
  delivered: 'Delivered',
  failed: 'Failed',
  undelivered: 'Undelivered'
};

/** Conversation statuses a delivery status may replace (never Replied, never a final one with another). */
const REPLACEABLE = new Set<string | null | undefined>([
  ...PROVISIONAL_CONVERSATION_STATUSES,
  null,
  undefined
]);

interface ConversationRow {
  Id: string;
  OwnerId?: string | null;
  Status__c?: string | null;
  Participant__c?: string | null;
  Participant_Action__c?: string | null;
  Lead__c?: string | null;
  Contact__c?: string | null;
  To__c?: string | null;
  Delivery_Error__c?: string | null;
}

/** How long a status whose Conversation is not written yet is kept (real time), and how often it is tried. */
const PENDING_TTL_MS = 10 * 60_000;
const PENDING_RETRY_MS = 5_000;
/** Events are gathered this long before a batch is written (real time). */
const BATCH_WINDOW_MS = 100;

export interface SmsEventsOptions {
  api: SalesforceApi;
  log: Logger;
  /** Org time (the companion's clock). */
  now: () => Date;
  /** Re-reads the org clock before a batch (a local org's clock may have been moved). */
  syncClock?: () => Promise<void>;
  /** Called after a batch marked an outbound SMS Replied (the companion runs its conversations stage). */
  onReply?: () => void;
  /** Milliseconds between retries of statuses that arrived before their Conversation (default 5 s). */
  pendingRetryMs?: number;
}

/** The last four digits of a number, for logs (numbers are personal data). */
export function maskNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length > 4 ? `…${digits.slice(-4)}` : '…';
}

export class SmsEvents {
  private queue: Array<{ event: SmsEvent; resolve: (r: EventResult) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** Statuses whose Conversation did not exist yet, by MessageSid, with when they first came. */
  private readonly pending = new Map<string, { event: SmsStatusEvent; firstMs: number }>();
  private pendingTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SmsEventsOptions) {}

  /** Queues an event; resolves once the batch holding it is written. */
  handle(event: SmsEvent): Promise<EventResult> {
    return new Promise((resolve) => {
      this.queue.push({ event, resolve });
      if (!this.timer) this.timer = setTimeout(() => this.flushSoon(), BATCH_WINDOW_MS);
    });
  }

  /** Writes whatever is queued now (tests; the timer does it otherwise). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const items = this.queue.splice(0);
    this.running = this.running.then(() => this.process(items));
    return this.running;
  }

  /** Tries the statuses that came before their Conversation again; drops those older than 10 minutes. */
  async retryPending(): Promise<void> {
    const nowMs = Date.now();
    for (const [sid, entry] of this.pending)
      if (nowMs - entry.firstMs > PENDING_TTL_MS) {
        this.pending.delete(sid);
        this.options.log.warn(
          { messageSid: sid, status: entry.event.status },
          'SMS status dropped: no conversation with this message id after 10 minutes'
        );
      }
    const events = [...this.pending.values()].map((p) => p.event);
    if (events.length === 0) return;
    this.running = this.running.then(() =>
      this.process(events.map((event) => ({ event, resolve: () => undefined })))
    );
    await this.running;
  }

  /** Statuses waiting for their Conversation. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Stops the timers (the companion is stopping); queued events are written first. */
  async close(): Promise<void> {
    if (this.pendingTimer) clearInterval(this.pendingTimer);
    this.pendingTimer = null;
    await this.flush();
  }

  private flushSoon(): void {
    this.timer = null;
    void this.flush();
  }

  private async process(items: Array<{ event: SmsEvent; resolve: (r: EventResult) => void }>): Promise<void> {
    if (items.length === 0) return;
    const statuses = items.filter((i) => i.event.kind === 'status') as Array<{
      event: SmsStatusEvent;
      resolve: (r: EventResult) => void;
    }>;
    const inbound = items.filter((i) => i.event.kind === 'inbound') as Array<{
      event: SmsInboundEvent;
      resolve: (r: EventResult) => void;
    }>;
    await Promise.all([
      this.processStatuses(statuses).catch((error: unknown) => this.failAll(statuses, error)),
      this.processInbound(inbound).catch((error: unknown) => this.failAll(inbound, error))
    ]);
  }

  private failAll(items: Array<{ resolve: (r: EventResult) => void }>, error: unknown): void {
    const message = (error as Error).message ?? String(error);
    this.options.log.warn(
      { err: message, count: items.length },
      'SMS webhook events not recorded (will be retried by the provider)'
    );
    for (const item of items) item.resolve({ ok: false, error: message });
  }

  private async processStatuses(
    items: Array<{ event: SmsStatusEvent; resolve: (r: EventResult) => void }>
  ): Promise<void> {
    if (items.length === 0) return;
    const { api, log } = this.options;
    // Only final statuses are recorded; the ones on the way are acknowledged and dropped.
    const final = items.filter((i) => FINAL[i.event.status.toLowerCase()]);
    for (const item of items)
      if (!FINAL[item.event.status.toLowerCase()])
        item.resolve({ ok: true, note: `status ${item.event.status} not recorded (not final)` });
    if (final.length === 0) return;
    const sids = [...new Set(final.map((i) => i.event.messageSid))];
    const rows: ConversationRow[] = [];
    for (const part of chunk(sids, 200))
      rows.push(
        ...(await api.query<ConversationRow>(
          `SELECT Id, Status__c, Lead__c, Contact__c, Delivery_Error__c, Provider_Message_Id__c FROM Conversation__c WHERE Type__c = 'SMS' AND Direction__c = 'Outbound' AND Provider_Message_Id__c IN (${part.map(soqlString).join(',')})`
        ))
      );
    const bySid = new Map(
      rows.map((r) => [String((r as unknown as Record<string, unknown>).Provider_Message_Id__c), r])
    );
    const updates = new Map<string, Record<string, unknown>>();
    const optOuts: Array<{ type: 'Lead' | 'Contact'; id: string }> = [];
    for (const item of final) {
      const { event } = item;
      const row = bySid.get(event.messageSid);
      if (!row) {
        if (!this.pending.has(event.messageSid))
          this.pending.set(event.messageSid, { event, firstMs: Date.now() });
        this.armPendingRetry();
        item.resolve({ ok: true, note: 'no conversation with this message id yet; kept and retried' });
        continue;
      }
      this.pending.delete(event.messageSid);
      const status = FINAL[event.status.toLowerCase()];
      const error =
        status === 'Delivered'
          ? null
          : truncate255(
              event.errorCode
                ? `${event.errorCode}: ${event.errorMessage || TWILIO_ERRORS[event.errorCode] || 'Twilio error'}`
                : event.errorMessage || `The provider reported the message ${status.toLowerCase()}`
            );
      if (event.errorCode === '21610') {
        if (row.Lead__c) optOuts.push({ type: 'Lead', id: row.Lead__c });
        if (row.Contact__c) optOuts.push({ type: 'Contact', id: row.Contact__c });
      }
      if (row.Status__c === status || !REPLACEABLE.has(row.Status__c) || updates.has(row.Id)) {
        item.resolve({ ok: true, note: `kept ${row.Status__c}` });
        continue;
      }
      updates.set(row.Id, {
        Id: row.Id,
        Status__c: status,
        ...(status === 'Delivered' ? {} : { Undeliverable__c: true, Delivery_Error__c: error })
      });
      row.Status__c = status;
      item.resolve({ ok: true, note: `recorded ${status}` });
    }
    const results = await api.updateMany('Conversation__c', [...updates.values()]);
    results.forEach((r, i) => {
      if (!r.ok) log.warn({ id: [...updates.keys()][i], error: r.error }, 'SMS delivery status not written');
    });
    await this.writeOptOuts(optOuts, true);
  }

  private async processInbound(
    items: Array<{ event: SmsInboundEvent; resolve: (r: EventResult) => void }>
  ): Promise<void> {
    if (items.length === 0) return;
    const { api, log, now } = this.options;
    await this.options.syncClock?.();
    const froms = [...new Set(items.map((i) => i.event.from))];
    const latest = new Map<string, ConversationRow>();
    for (const part of chunk(froms, 100)) {
      const rows = await api.query<ConversationRow>(
        `SELECT Id, OwnerId, Status__c, Participant__c, Participant_Action__c, Lead__c, Contact__c, To__c FROM Conversation__c WHERE Type__c = 'SMS' AND Direction__c = 'Outbound' AND To__c IN (${part.map(soqlString).join(',')}) ORDER BY Sent_At__c DESC`
      );
      for (const row of rows) if (row.To__c && !latest.has(row.To__c)) latest.set(row.To__c, row);
    }
    // A keyword from a number Stride never texted still opts its people out (matched by MobilePhone).
    const keywordFroms = [...new Set(items.filter((i) => keywordOf(i.event)).map((i) => i.event.from))];
    const people = new Map<string, Array<{ type: 'Lead' | 'Contact'; id: string }>>();
    const addPerson = (from: string, type: 'Lead' | 'Contact', id: string): void => {
      const list = people.get(from) ?? [];
      if (!list.some((p) => p.id === id)) list.push({ type, id });
      people.set(from, list);
    };
    if (keywordFroms.length > 0) {
      const list = keywordFroms.map(soqlString).join(',');
      const [leads, contacts] = await Promise.all([
        api.query<{ Id: string; MobilePhone: string }>(
          `SELECT Id, MobilePhone FROM Lead WHERE IsConverted = false AND MobilePhone IN (${list})`
        ),
        api.query<{ Id: string; MobilePhone: string }>(
          `SELECT Id, MobilePhone FROM Contact WHERE MobilePhone IN (${list})`
        )
      ]);
      for (const lead of leads) addPerson(lead.MobilePhone, 'Lead', lead.Id);
      for (const contact of contacts) addPerson(contact.MobilePhone, 'Contact', contact.Id);
    }
    const at = now().toISOString();
    const records: Record<string, unknown>[] = [];
    const replied = new Map<string, Record<string, unknown>>();
    const optOuts: Array<{ type: 'Lead' | 'Contact'; id: string }> = [];
    const optIns: Array<{ type: 'Lead' | 'Contact'; id: string }> = [];
    const done: Array<{ item: (typeof items)[number]; note: string }> = [];
    for (const item of items) {
      const { event } = item;
      const conversation = latest.get(event.from);
      if (conversation?.Lead__c) addPerson(event.from, 'Lead', conversation.Lead__c);
      if (conversation?.Contact__c) addPerson(event.from, 'Contact', conversation.Contact__c);
      const keyword = keywordOf(event);
      const persons = people.get(event.from) ?? [];
      if (keyword === 'opt-out') optOuts.push(...persons);
      if (keyword === 'opt-in') optIns.push(...persons);
      if (!conversation && persons.length === 0) {
        log.info(
          { messageSid: event.messageSid, from: maskNumber(event.from) },
          'inbound SMS from a number Stride never texted: ignored'
        );
        done.push({ item, note: 'no conversation for this number' });
        continue;
      }
      const person = persons[0];
      records.push({
        Provider_Message_Id__c: `sms:${event.messageSid}`,
        Type__c: 'SMS',
        Direction__c: 'Inbound',
        Status__c: 'Completed',
        Participant_Action__c: conversation?.Participant_Action__c ?? null,
        Participant__c: conversation?.Participant__c ?? null,
        // A reply belongs to whoever owns the message it answers.
        ...ownedBy(conversation?.OwnerId),
        Lead__c: conversation ? (conversation.Lead__c ?? null) : person?.type === 'Lead' ? person.id : null,
        Contact__c: conversation
          ? (conversation.Contact__c ?? null)
          : person?.type === 'Contact'
            ? person.id
            : null,
        Sent_At__c: at,
        From__c: truncate255(event.from),
        To__c: truncate255(event.to),
        Body__c: event.body.slice(0, 32_000)
      });
      // STOP and START are instructions, not replies: they do not end the sequence by themselves.
      if (conversation && !keyword && conversation.Status__c !== 'Replied') {
        replied.set(conversation.Id, { Id: conversation.Id, Status__c: 'Replied', Replied_At__c: at });
        conversation.Status__c = 'Replied';
      }
      done.push({
        item,
        note: keyword ? `recorded ${keyword}` : conversation ? 'recorded reply' : 'recorded message'
      });
    }
    const upserts = await api.upsertMany('Conversation__c', 'Provider_Message_Id__c', records);
    const failed = upserts.find((r) => !r.ok);
    if (failed && !failed.ok)
      throw new Error(`inbound SMS not recorded: ${failed.error.code}: ${failed.error.message}`);
    const marks = await api.updateMany('Conversation__c', [...replied.values()]);
    for (const mark of marks)
      if (!mark.ok) throw new Error(`reply not recorded: ${mark.error.code}: ${mark.error.message}`);
    await this.writeOptOuts(optOuts, true);
    await this.writeOptOuts(optIns, false);
    for (const { item, note } of done) item.resolve({ ok: true, note });
    if (replied.size > 0) this.options.onReply?.();
  }

  private async writeOptOuts(
    people: Array<{ type: 'Lead' | 'Contact'; id: string }>,
    value: boolean
  ): Promise<void> {
    for (const type of ['Lead', 'Contact'] as const) {
      const ids = [...new Set(people.filter((p) => p.type === type).map((p) => p.id))];
      if (ids.length === 0) continue;
      const results = await this.options.api.updateMany(
        type,
        ids.map((Id) => ({ Id, SMS_Opt_Out__c: value }))
      );
      results.forEach((r, i) => {
        if (!r.ok)
          this.options.log.warn(
            { id: ids[i], error: r.error },
            `SMS opt-${value ? 'out' : 'in'} not recorded on the ${type}`
          );
      });
    }
  }

  private armPendingRetry(): void {
    if (this.pendingTimer) return;
    this.pendingTimer = setInterval(() => {
      if (this.pending.size === 0 && this.pendingTimer) {
        clearInterval(this.pendingTimer);
        this.pendingTimer = null;
        return;
      }
      void this.retryPending().catch(() => undefined);
    }, this.options.pendingRetryMs ?? PENDING_RETRY_MS);
    this.pendingTimer.unref();
  }
}

function keywordOf(event: SmsInboundEvent): 'opt-out' | 'opt-in' | null {
  const type = event.optOutType?.toUpperCase();
  if (type === 'STOP') return 'opt-out';
  if (type === 'START') return 'opt-in';
  return smsKeyword(event.body);
}
