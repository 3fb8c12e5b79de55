/**
 * Collects the writes of a stage and sends them in as few calls as possible. Several updates of one
 * record merge into one; `flush` returns each record's outcome so the stage can react to per-record
 * failures (a validation rule on one Lead never holds back the others).
 *
 * Crash consistency: updates made inside `unit(fn)` (the records of one participant that change
 * together: an attempt's outcome, the action it completes, the next action re-dated, the
 * participant's step) are written atomically — one all-or-none collection — so a worker killed
 * mid-flush leaves each participant either before or after the change, never half-way. Updates of
 * one record made in two units join those units. A participant action's owner follows its
 * `Assigned_To__c` in every write (see ownership.ts).
 */
import type { SaveOutcome, SalesforceApi, SfRecord, WriteGuard } from '../api';
import { backoffDelayMs, sleep } from '../backoff';
import { withWorkerAsOwner } from '../ownership';

/** Rounds of re-sending records that failed with a retryable error (a row lock held by a trigger). */
const RECORD_RETRY_ROUNDS = 4;

interface PendingWrite {
  op: 'create' | 'update';
  type: string;
  record: SfRecord;
  /** The atomic unit of an update (see `unit`). */
  unit: number;
  /** Called with the outcome after the flush. */
  onResult?: (outcome: SaveOutcome) => void;
}

export type WriteFailure = { type: string; record: SfRecord; outcome: SaveOutcome };

export class WriteBatch {
  private readonly writes: PendingWrite[] = [];
  private readonly updatesById = new Map<string, PendingWrite>();
  /** Union-find over unit numbers: two units that touch one record become one. */
  private readonly parent: number[] = [];
  private currentUnit: number | null = null;
  /** Units that land only while a field still holds the value read (compare-and-set). */
  private readonly guards = new Map<number, WriteGuard>();

  /** @param touched collects the ids of updated records, so later stages skip rows they read before. */
  constructor(private readonly touched?: Set<string>) {}

  /**
   * Runs `fn`; every update it queues lands atomically with the others (nested calls join the outer
   * unit). With `guard`, the unit lands only if the guarded field still holds the value read: a rep
   * request that changed meanwhile is not cleared (`REQUEST_CHANGED`; the next pass applies it).
   */
  unit<T>(fn: () => T, guard?: WriteGuard): T {
    if (this.currentUnit !== null) return fn();
    this.currentUnit = this.newUnit();
    if (guard) this.guards.set(this.currentUnit, guard);
    try {
      return fn();
    } finally {
      this.currentUnit = null;
    }
  }

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
      if (this.currentUnit !== null) this.join(existing.unit, this.currentUnit);
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
    const write: PendingWrite = {
      op: 'update',
      type,
      record: { Id: id, ...owned },
      unit: this.currentUnit ?? this.newUnit(),
      onResult
    };
    this.updatesById.set(id, write);
    this.writes.push(write);
  }

  /** Queues a create (not part of any unit: a create is atomic on its own). */
  create(type: string, fields: Record<string, unknown>, onResult?: (outcome: SaveOutcome) => void): void {
    this.writes.push({
      op: 'create',
      type,
      record: withWorkerAsOwner(type, { ...fields }),
      unit: -1,
      onResult
    });
  }

  get size(): number {
    return this.writes.length;
  }

  /** The queued update of a record, if any (tests, merges). */
  pendingUpdate(id: string): SfRecord | undefined {
    return this.updatesById.get(id)?.record;
  }

  /** Sends everything queued; returns the failures. */
  async flush(api: SalesforceApi): Promise<WriteFailure[]> {
    const writes = this.writes.splice(0);
    this.updatesById.clear();
    if (writes.length === 0) return [];
    const outcomes = new Map<PendingWrite, SaveOutcome>();
    const creates = writes.filter((w) => w.op === 'create');
    if (creates.length) {
      await this.saveRetrying(api, creates, outcomes);
    }
    const byUnit = new Map<number, PendingWrite[]>();
    for (const w of writes) {
      if (w.op !== 'update') continue;
      const root = this.find(w.unit);
      const members = byUnit.get(root);
      if (members) members.push(w);
      else byUnit.set(root, [w]);
    }
    let pending = [...byUnit.entries()].map(([root, writes]) => ({ guard: this.guardOf(root), writes }));
    for (let round = 0; pending.length && round <= RECORD_RETRY_ROUNDS; round++) {
      if (round > 0)
        await sleep(backoffDelayMs(round - 1, { minDelayMs: 100, maxDelayMs: 2000, multiplier: 2 }));
      const plain = pending.filter((u) => !u.guard);
      const guarded = pending.filter((u) => u.guard);
      const [plainResults, guardedResults] = await Promise.all([
        api.updateUnits(plain.map((u) => u.writes.map((w) => ({ type: w.type, record: w.record })))),
        api.updateGuardedUnits(
          guarded.map((u) => ({
            guard: u.guard!,
            writes: u.writes.map((w) => ({ type: w.type, record: w.record }))
          }))
        )
      ]);
      plain.forEach((u, i) => u.writes.forEach((w, j) => outcomes.set(w, plainResults[i][j])));
      guarded.forEach((u, i) => u.writes.forEach((w, j) => outcomes.set(w, guardedResults[i][j])));
      // A unit rolled back only because of a lock or a neighbour's failure goes again on its own;
      // a unit with a permanent error stays as it was (nothing of it was written).
      pending = pending.filter(
        ({ writes: unit }) =>
          unit.some((w) => !outcomes.get(w)!.ok) &&
          unit.every((w) => {
            const o = outcomes.get(w)!;
            return o.ok || o.error.kind === 'retryable';
          })
      );
    }
    const failures: WriteFailure[] = [];
    for (const w of writes) {
      const outcome = outcomes.get(w)!;
      w.onResult?.(outcome);
      if (!outcome.ok) failures.push({ type: w.type, record: w.record, outcome });
    }
    return failures;
  }

  /** Creates, with per-record lock errors re-sent on their own (a per-record error proves nothing was written). */
  private async saveRetrying(
    api: SalesforceApi,
    writes: PendingWrite[],
    outcomes: Map<PendingWrite, SaveOutcome>
  ): Promise<void> {
    let pending = writes;
    for (let round = 0; pending.length && round <= RECORD_RETRY_ROUNDS; round++) {
      if (round > 0)
        await sleep(backoffDelayMs(round - 1, { minDelayMs: 100, maxDelayMs: 2000, multiplier: 2 }));
      const results = await api.saveMany(pending.map((w) => ({ op: w.op, type: w.type, record: w.record })));
      pending.forEach((w, i) => outcomes.set(w, results[i]));
      pending = pending.filter((w) => {
        const o = outcomes.get(w)!;
        return !o.ok && o.error.kind === 'retryable';
      });
    }
  }

  /** The guard of a unit (after joins, any guard of its members). */
  private guardOf(root: number): WriteGuard | undefined {
    for (const [unit, guard] of this.guards) if (this.find(unit) === root) return guard;
    return undefined;
  }

  private newUnit(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }

  private find(unit: number): number {
    while (this.parent[unit] !== unit) {
      this.parent[unit] = this.parent[this.parent[unit]];
      unit = this.parent[unit];
    }
    return unit;
  }

  private join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[rb] = ra;
  }
}
