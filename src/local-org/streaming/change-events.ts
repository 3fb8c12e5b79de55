/**
 * The local org's Change Data Capture event bus. The record store tells it about every write as it
 * happens and brackets transactions (`mark` / `rollbackTo` / `commit`), so a rolled-back write —
 * a failed record of an all-or-none collection, a failed savepoint — leaves no event behind; once
 * the outermost transaction has committed, its events get replay ids and go to the publisher (the
 * Bayeux server) in commit order.
 *
 * Events are retained in memory for a bounded window (72 hours of org time and at most
 * `maxRetained` events, like Salesforce's event bus) so that subscribers can replay from a stored
 * replay id, from the start of the window (-2) or from now on (-1). Recording costs a small object
 * per write: the CDC payload is built only when an event is delivered.
 */
import { createHash } from 'node:crypto';
import { Clock } from '../clock';
import { Schema } from '../schema/registry';
import { FieldDef, ObjectDef } from '../schema/types';
import { ChangeRecorder, RecordChange, Row } from '../store/records';
import { fromSql } from '../store/values';
import { changeEventChannel, publishesChangeEvents } from './channels';
import type { ChannelRoute, ChannelRouter } from './custom-channels';

export const DEFAULT_RETENTION_MS = 72 * 60 * 60 * 1000;
export const DEFAULT_MAX_RETAINED = 50_000;
/** Apply the time window every this many committed events. */
const TRIM_EVERY = 1_000;

export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: RecordChange['changeType'];
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  changedFields: string[];
  nulledFields: string[];
  diffFields: string[];
}

/** The `data` of a CometD CDC message. */
export interface ChangeEventData {
  schema: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & Record<string, unknown>;
  event: { replayId: number };
}

export interface ChangeEvent {
  replayId: number;
  /** The per-object channel, e.g. `/data/LeadChangeEvent`. */
  channel: string;
  data: ChangeEventData;
  /** The custom channels it also goes to (members of its entity whose filter it matched). */
  routes: ChannelRoute[];
}

export interface ChangeEventLogOptions {
  retentionMs?: number;
  maxRetained?: number;
}

/** Where a subscriber may resume from: ids in [oldest - 1, latest] lose nothing. */
export interface ReplayWindow {
  /** Oldest retained replay id (latest + 1 when nothing is retained). */
  oldest: number;
  latest: number;
}

/** A committed change, kept as recorded; its CDC message is built when someone needs it. */
interface Retained {
  replayId: number;
  channel: string;
  change: RecordChange;
  /** The change's record and every other record the same change reached in its transaction. */
  recordIds: string[];
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  message?: ChangeEventData;
  routes?: ChannelRoute[];
}

/** Every write of the local org comes through its REST API (or test setup standing in for it). */
const API_ORIGIN = 'com/salesforce/api/rest/66.0';

export class ChangeEventLog implements ChangeRecorder {
  private readonly retentionMs: number;
  private readonly maxRetained: number;
  private readonly publishers: ((event: ChangeEvent) => void)[] = [];
  /**
   * Whether anyone listens to a channel an event goes to: without subscribers, committed events
   * are only retained (their message is built when a replay asks for them).
   */
  private listening: (channel: string) => boolean = () => this.publishers.length > 0;
  private readonly schemaIds = new Map<string, string>();
  /**
   * Changes of the transaction in progress (discarded on rollback), each with the whole row its
   * write left (null for a delete).
   */
  private pending: Array<{ change: RecordChange; at: number; row: Row | null }> = [];
  private retained: Retained[] = [];
  private nextReplayId = 1;
  private commitNumber = 0;
  private unpublished: Retained[] = [];
  private flushScheduled = false;
  private closed = false;
  private sinceTrim = 0;
  /** Routes each commit's events to the package's custom channels (set by the Streaming API). */
  router: ChannelRouter | null = null;

  constructor(
    private readonly schema: Schema,
    private readonly clock: Clock,
    options: ChangeEventLogOptions = {}
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.maxRetained = options.maxRetained ?? DEFAULT_MAX_RETAINED;
  }

  /** Adds a receiver of committed events (in commit order); `listening` says which channels have subscribers. */
  onPublish(publisher: (event: ChangeEvent) => void, listening?: (channel: string) => boolean): void {
    this.publishers.push(publisher);
    if (listening) this.listening = listening;
  }

  record(change: RecordChange): void {
    if (!publishesChangeEvents(change.object)) return;
    let kept = change;
    if (change.changeType === 'UPDATE' && change.row) {
      // An update's event carries only the changed values: keep those, not the whole row.
      const row: Record<string, string | number | null> = {};
      for (const name of change.changedFields) row[name] = change.row[name] ?? null;
      kept = { ...change, row };
    }
    this.pending.push({ change: kept, at: this.clock.nowMs(), row: change.row });
  }

  mark(): number {
    return this.pending.length;
  }

  rollbackTo(mark: number): void {
    this.pending.length = Math.min(this.pending.length, mark);
  }

  /** The outermost transaction committed: its changes become events with replay ids. */
  commit(): void {
    if (this.pending.length === 0) return;
    const committed = this.pending;
    this.pending = [];
    const sequence = new Map<string, number>();
    const sameChange = new Map<string, Retained>();
    const events: Retained[] = [];
    // Each record as the transaction left it: its last write's row (every write is recorded).
    const lastRows = new Map(committed.map(({ change, row }) => [change.recordId, row]));
    for (const { change, at } of committed) {
      const key = sameChangeKey(change);
      const earlier = key === null ? undefined : sameChange.get(key);
      if (earlier) {
        earlier.recordIds.push(change.recordId);
        continue;
      }
      const sequenceNumber = (sequence.get(change.transactionKey) ?? 0) + 1;
      sequence.set(change.transactionKey, sequenceNumber);
      const event: Retained = {
        replayId: this.nextReplayId++,
        channel: changeEventChannel(change.object.name),
        change,
        recordIds: [change.recordId],
        sequenceNumber,
        commitTimestamp: at,
        commitNumber: ++this.commitNumber
      };
      if (key !== null) sameChange.set(key, event);
      events.push(event);
    }
    this.router?.route(events, lastRows);
    this.retained.push(...events);
    this.unpublished.push(...events);
    this.sinceTrim += events.length;
    if (this.sinceTrim >= TRIM_EVERY || this.retained.length > this.maxRetained * 1.1) this.trim();
    this.scheduleFlush();
  }

  /**
   * Retained, published events after `afterReplayId` (on one per-object or custom channel, or all),
   * oldest first.
   */
  since(afterReplayId: number, channel?: string): ChangeEvent[] {
    const lastPublished =
      this.unpublished.length > 0 ? this.unpublished[0].replayId - 1 : this.nextReplayId - 1;
    const onChannel = (e: Retained) =>
      !channel || e.channel === channel || !!e.routes?.some((route) => route.channel === channel);
    return this.retained
      .filter((e) => e.replayId > afterReplayId && e.replayId <= lastPublished && onChannel(e))
      .map((e) => this.toEvent(e));
  }

  /** The retained range of replay ids. */
  window(): ReplayWindow {
    const latest = this.nextReplayId - 1;
    return { oldest: this.retained.length > 0 ? this.retained[0].replayId : latest + 1, latest };
  }

  /** Drops events older than the retention window or beyond the retained count. */
  trim(): void {
    this.sinceTrim = 0;
    const oldestKept = this.clock.nowMs() - this.retentionMs;
    let drop = Math.max(0, this.retained.length - this.maxRetained);
    while (drop < this.retained.length && this.retained[drop].commitTimestamp < oldestKept) drop++;
    if (drop > 0) this.retained = this.retained.slice(drop);
  }

  /** Stops publishing (the org is closing). */
  close(): void {
    this.closed = true;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Delivered on the next turn: the HTTP response of the write goes out first.
    setImmediate(() => this.flush());
  }

  /** Publishes committed events not yet published. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.unpublished;
    this.unpublished = [];
    if (this.closed) return;
    for (const retained of batch) {
      const wanted =
        this.listening(retained.channel) || !!retained.routes?.some((route) => this.listening(route.channel));
      if (!wanted) continue;
      const event = this.toEvent(retained);
      for (const publish of this.publishers) publish(event);
    }
  }

  private toEvent(retained: Retained): ChangeEvent {
    retained.message ??= this.message(retained);
    return {
      replayId: retained.replayId,
      channel: retained.channel,
      data: { ...retained.message, event: { replayId: retained.replayId } },
      routes: retained.routes ?? []
    };
  }

  private message(retained: Retained): ChangeEventData {
    const { change } = retained;
    const header: ChangeEventHeader = {
      entityName: change.object.name,
      recordIds: retained.recordIds,
      changeType: change.changeType,
      changeOrigin: API_ORIGIN,
      transactionKey: change.transactionKey,
      sequenceNumber: retained.sequenceNumber,
      commitTimestamp: retained.commitTimestamp,
      commitNumber: retained.commitNumber,
      commitUser: change.userId,
      changedFields: change.changedFields,
      nulledFields: change.row ? change.changedFields.filter((name) => change.row?.[name] === null) : [],
      diffFields: []
    };
    const payload: ChangeEventData['payload'] = { ChangeEventHeader: header };
    const row = change.row;
    if (row) {
      const fields: FieldDef[] =
        change.changeType === 'CREATE'
          ? change.object.fields.filter((f) => f.hasColumn && row[f.name] !== null && f.name !== 'Id')
          : change.changedFields.flatMap((name) => this.schema.field(change.object, name) ?? []);
      for (const field of fields) payload[field.name] = fromSql(field, row[field.name]);
    }
    return { schema: this.schemaId(change.object), payload, event: { replayId: retained.replayId } };
  }

  /** A stable schema id per object shape, as Salesforce gives each event schema one. */
  private schemaId(object: ObjectDef): string {
    let id = this.schemaIds.get(object.name);
    if (!id) {
      const shape = `${object.name}:${object.fields.map((f) => `${f.name}/${f.type}`).join(',')}`;
      id = createHash('sha256').update(shape).digest('base64url').slice(0, 22);
      this.schemaIds.set(object.name, id);
    }
    return id;
  }
}

/**
 * What makes two changes of one transaction "the same change", which Salesforce reports as one
 * event listing every record id: the object, the kind and, for an update, the same fields set to
 * the same values. The modification time is left out: the transaction writes its records within
 * milliseconds, and Salesforce stamps them alike. Creates are never merged (each carries its own
 * record), nor are gap and overflow events.
 */
function sameChangeKey(change: RecordChange): string | null {
  const prefix = `${change.object.name}|${change.changeType}|${change.transactionKey}`;
  if (change.changeType === 'DELETE' || change.changeType === 'UNDELETE') return prefix;
  if (change.changeType !== 'UPDATE' || !change.row) return null;
  const values = change.changedFields.map((name) =>
    name === 'LastModifiedDate' ? null : change.row?.[name]
  );
  return `${prefix}|${change.changedFields.join(',')}|${JSON.stringify(values)}`;
}
