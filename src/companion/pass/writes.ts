/**
 * Collects the writes of a stage and sends them in as few calls as possible. Several updates of one
 * record merge into one; `flush` returns each record's outcome so the stage can react to per-record
 * failures (a validation rule on one Lead never holds back the others). A participant action's
 * owner follows its `Assigned_To__c` in every write (see ownership.ts).
 */
import type { SaveOutcome, SalesforceApi, SfRecord } from '../api';
import { backoffDelayMs, sleep } from '../backoff';
import { withWorkerAsOwner } from '../ownership';

/** Rounds of re-sending records that failed with a retryable error (a row lock held by a trigger). */
const RECORD_RETRY_ROUNDS = 4;

interface PendingWrite {
  op: 'create' | 'update';
  type: string;
  record: SfRecord;
  /** Called with the outcome after the flush. */
  onResult?: (outcome: SaveOutcome) => void;
}

export class WriteBatch {
  private readonly writes: PendingWrite[] = [];
  private readonly updatesById = new Map<string, PendingWrite>();

  /** @param touched collects the ids of updated records, so later stages skip rows they read before. */
  constructor(private readonly touched?: Set<string>) {}

  /** Queues an update; fields merge with earlier updates of the same record. */
  update(
    type: string,
    id: string,
    fields: Record<string, unknown>,
    onResult?: (outcome: SaveOutcome) => void
  ): void {
    this.touched?.add(id);
    const owned = withWorkerAsOwner(type, fields);
    const existing = this.updatesById.get(id);
    if (existing) {
      Object.assign(existing.record, owned);
      if (onResult) {
        const previous = existing.onResult;
        existing.onResult = previous
          ? (o) => {
              previous(o);
              onResult(o);
            }
          : onResult;
      }
      return;
    }
    const write: PendingWrite = { op: 'update', type, record: { Id: id, ...owned }, onResult };
    this.updatesById.set(id, write);
    this.writes.push(write);
  }

  /** Queues a create. */
  create(type: string, fields: Record<string, unknown>, onResult?: (outcome: SaveOutcome) => void): void {
    this.writes.push({ op: 'create', type, record: withWorkerAsOwner(type, { ...fields }), onResult });
  }

  get size(): number {
    return this.writes.length;
  }

  /** The queued update of a record, if any (tests, merges). */
  pendingUpdate(id: string): SfRecord | undefined {
    return this.updatesById.get(id)?.record;
  }

  /** Sends everything queued; returns the failures. */
  async flush(api: SalesforceApi): Promise<Array<{ type: string; record: SfRecord; outcome: SaveOutcome }>> {
    const writes = this.writes.splice(0);
    this.updatesById.clear();
    if (writes.length === 0) return [];
    const outcomes = await api.saveMany(writes.map((w) => ({ op: w.op, type: w.type, record: w.record })));
    // Per-record lock errors are retried on their own, serially per round, so the rest is not held back.
    for (let round = 0; round < RECORD_RETRY_ROUNDS; round++) {
      const retry = writes
        .map((w, i) => ({ w, i }))
        .filter(
          ({ i }) =>
            !outcomes[i].ok && (outcomes[i] as { error: { kind: string } }).error.kind === 'retryable'
        );
      // A create is only re-sent when the failure proves nothing was written (a per-record error is such proof).
      if (retry.length === 0) break;
      await sleep(backoffDelayMs(round, { minDelayMs: 100, maxDelayMs: 2000, multiplier: 2 }));
      const again = await api.saveMany(retry.map(({ w }) => ({ op: w.op, type: w.type, record: w.record })));
      retry.forEach(({ i }, j) => (outcomes[i] = again[j]));
    }
    const failures: Array<{ type: string; record: SfRecord; outcome: SaveOutcome }> = [];
    writes.forEach((w, i) => {
      w.onResult?.(outcomes[i]);
      if (!outcomes[i].ok) failures.push({ type: w.type, record: w.record, outcome: outcomes[i] });
    });
    return failures;
  }
}
