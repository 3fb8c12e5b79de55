/**
 * The local org's Change Data Capture event store. The record store tells it about every write
 * inside the write's own SQLite transaction, so a rolled-back write leaves no event behind; once
 * the transaction has committed, the new events are handed to the publisher (the Bayeux server) in
 * commit order. Events are retained for a bounded window (72 hours of org time and at most
 * `maxRetained` events, like Salesforce's event bus) so that subscribers can replay from a stored
 * replay id, from the start of the window (-2) or from now on (-1).
 */
import { createHash } from 'node:crypto';
import { Clock } from '../clock';
import { Schema } from '../schema/registry';
import { FieldDef, ObjectDef } from '../schema/types';
import { Db } from '../store/database';
import { ChangeRecorder, RecordChange } from '../store/records';
import { fromSql } from '../store/values';
import { changeEventChannel, publishesChangeEvents } from './channels';

export const DEFAULT_RETENTION_MS = 72 * 60 * 60 * 1000;
export const DEFAULT_MAX_RETAINED = 100_000;
/** Trim the window every this many events (a DELETE per write would cost more than the write). */
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

interface StoredRow {
  replay_id: number;
  channel: string;
  payload: string;
}

/** Every write of the local org comes through its REST API (or test setup standing in for it). */
const API_ORIGIN = 'com/salesforce/api/rest/66.0';

export class ChangeEventLog implements ChangeRecorder {
  private readonly retentionMs: number;
  private readonly maxRetained: number;
  private readonly publishers: ((event: ChangeEvent) => void)[] = [];
  private readonly schemaIds = new Map<string, string>();
  private readonly sequenceByTransaction = new Map<string, number>();
  private lastPublished: number;
  private sinceTrim = 0;
  private flushScheduled = false;
  private commitNumber = 0;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly schema: Schema,
    private readonly clock: Clock,
    options: ChangeEventLogOptions = {}
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.maxRetained = options.maxRetained ?? DEFAULT_MAX_RETAINED;
    db.exec(`CREATE TABLE IF NOT EXISTS _change_event (
      replay_id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL,
      committed_ms INTEGER NOT NULL, payload TEXT NOT NULL)`);
    // Events stored by an earlier run of a file-backed org are replayable but not re-published.
    this.lastPublished = this.window().latest;
  }

  /** Adds a receiver of committed events (in commit order). */
  onPublish(publisher: (event: ChangeEvent) => void): void {
    this.publishers.push(publisher);
  }

  /** Stores the event of one write (inside its transaction); publishing waits for the commit. */
  record(change: RecordChange): void {
    if (!publishesChangeEvents(change.object)) return;
    const sequenceNumber = (this.sequenceByTransaction.get(change.transactionKey) ?? 0) + 1;
    this.sequenceByTransaction.set(change.transactionKey, sequenceNumber);
    const now = this.clock.nowMs();
    const header: ChangeEventHeader = {
      entityName: change.object.name,
      recordIds: [change.recordId],
      changeType: change.changeType,
      changeOrigin: API_ORIGIN,
      transactionKey: change.transactionKey,
      sequenceNumber,
      commitTimestamp: now,
      commitNumber: ++this.commitNumber,
      commitUser: change.userId,
      changedFields: change.changedFields,
      nulledFields: change.row ? change.changedFields.filter((name) => change.row?.[name] === null) : [],
      diffFields: []
    };
    const payload: Record<string, unknown> = { ChangeEventHeader: header };
    if (change.row) {
      const fields: FieldDef[] =
        change.changeType === 'CREATE'
          ? change.object.fields.filter(
              (f) => f.hasColumn && change.row?.[f.name] !== null && f.name !== 'Id'
            )
          : change.changedFields.flatMap((name) => this.schema.field(change.object, name) ?? []);
      for (const field of fields) payload[field.name] = fromSql(field, change.row[field.name]);
    }
    const data = { schema: this.schemaId(change.object), payload };
    this.db
      .prepare('INSERT INTO _change_event (channel, committed_ms, payload) VALUES (?, ?, ?)')
      .run(changeEventChannel(change.object.name), now, JSON.stringify(data));
    if (++this.sinceTrim >= TRIM_EVERY) this.trim();
    this.scheduleFlush();
  }

  /** Retained events after `afterReplayId` (on one per-object channel, or all), oldest first. */
  since(afterReplayId: number, channel?: string): ChangeEvent[] {
    const rows = (
      channel
        ? this.db
            .prepare(
              'SELECT replay_id, channel, payload FROM _change_event WHERE replay_id > ? AND replay_id <= ? AND channel = ? ORDER BY replay_id'
            )
            .all(afterReplayId, this.lastPublished, channel)
        : this.db
            .prepare(
              'SELECT replay_id, channel, payload FROM _change_event WHERE replay_id > ? AND replay_id <= ? ORDER BY replay_id'
            )
            .all(afterReplayId, this.lastPublished)
    ) as StoredRow[];
    return rows.map(toEvent);
  }

  /** The retained range of replay ids. */
  window(): ReplayWindow {
    const row = this.db
      .prepare('SELECT MIN(replay_id) AS oldest, MAX(replay_id) AS latest FROM _change_event')
      .get() as { oldest: number | null; latest: number | null };
    const assigned = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = '_change_event'").get() as
      { seq: number } | undefined;
    const latest = row.latest ?? assigned?.seq ?? 0;
    return { oldest: row.oldest ?? latest + 1, latest };
  }

  /** Drops events older than the retention window or beyond the retained count. */
  trim(): void {
    this.sinceTrim = 0;
    const { latest } = this.window();
    this.db
      .prepare('DELETE FROM _change_event WHERE replay_id <= ? OR committed_ms < ?')
      .run(latest - this.maxRetained, this.clock.nowMs() - this.retentionMs);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // better-sqlite3 transactions are synchronous: by the next turn of the event loop the write
    // that recorded this event has committed or rolled back (and taken its event with it).
    setImmediate(() => this.flush());
  }

  /** Stops publishing (the org is closing; its database may already be closed). */
  close(): void {
    this.closed = true;
  }

  /** Publishes committed events not yet published. */
  flush(): void {
    this.flushScheduled = false;
    if (this.closed || !this.db.open) return;
    this.sequenceByTransaction.clear();
    const rows = this.db
      .prepare('SELECT replay_id, channel, payload FROM _change_event WHERE replay_id > ? ORDER BY replay_id')
      .all(this.lastPublished) as StoredRow[];
    for (const row of rows) {
      this.lastPublished = row.replay_id;
      const event = toEvent(row);
      for (const publish of this.publishers) publish(event);
    }
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

function toEvent(row: StoredRow): ChangeEvent {
  const stored = JSON.parse(row.payload) as Omit<ChangeEventData, 'event'>;
  return {
    replayId: row.replay_id,
    channel: row.channel,
    data: { ...stored, event: { replayId: row.replay_id } }
  };
}
