/**
 * Claims (graphile-worker's "get job" / pg-boss's fetch, over the Salesforce API):
 *
 * - the due-work query skips actions with an open attempt (a live claim of another worker, or one
 *   awaiting reconciliation), so workers never re-read each other's work;
 * - each worker takes one slice of what it read, and keeps to the same slice from pass to pass
 *   until another worker takes rows of it first ({@link SliceChoice}): workers woken by the same
 *   change read the same rows at the same instant, and settle on different slices; a slice lost to
 *   another worker (`DUPLICATE_VALUE` on the attempt key) is left; the worker reads again (the new
 *   read leaves out every live claim) and takes the next slice that nobody claimed or sent meanwhile;
 * - a claim is an `Action_Attempt__c` insert with the unique key `<action id>:<attempt>`: the
 *   insert that wins is the one claim of that attempt;
 * - a claim is held by a lease the worker renews while it sends ({@link Lease}); the lease is timed
 *   on this process's monotonic clock, never on the org's wall clock, so a jump of the org clock
 *   neither expires a live lease nor keeps a dead one;
 * - other workers judge a lease expired by watching it ({@link LeaseWatch}): an open attempt whose
 *   lease marker did not change for a whole lease of the watcher's own monotonic time belongs to a
 *   dead or stalled worker, and goes to reconciliation.
 */
import { UNCLAIMED_OPEN_ACTION_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlDateTime, soqlList, soqlString } from '../api';
import { paSelectWith, parseSfDate, type ParticipantActionRecord } from '../model';
import { iso, type PassContext } from './context';
import type { Prepared } from './prepare';

/** A prepared action this worker won the claim of. */
export type Claimed = Prepared & {
  attemptNumber: number;
  key: string;
  attemptId: string;
};

/** An attempt key that exists already, closed, while the action still counts fewer attempts. */
export interface StaleAttempt {
  pa: ParticipantActionRecord;
  attemptId: string;
  attemptNumber: number;
  outcome: string;
  providerMessageId: string | null;
}

/** Monotonic milliseconds (never jumps with the wall clock or the org clock). */
export function monotonicMs(): number {
  return performance.now();
}

/** The lease length in real milliseconds. */
export function leaseMs(ctx: Pick<PassContext, 'settings'>): number {
  return ctx.settings.leaseSeconds * 1000;
}

/** Stop sending this long before a lease ends: 20 % of it, at least 2 s (at most half of it). */
export function leaseMarginMs(lease: number): number {
  return Math.min(lease / 2, Math.max(2000, lease * 0.2));
}

/**
 * The due-work query: automatic work that is due (an automatic Task action's Task is created when it
 * is due) and reps' send requests (a manual Task action's Task is created when the rep starts it).
 */
export function dueWorkSoql(ctx: PassContext, now: Date, limit: number): string {
  const at = soqlDateTime(now, 'up');
  return (
    `SELECT ${paSelectWith(ctx.catalog.personSelect('Participant__r.'))} FROM Participant_Action__c ` +
    `WHERE Participant__r.Status__c = 'Active' AND ((Status__c = 'Due' AND Due_At__c <= ${at} AND Task_Id__c = null AND Activation__c = 'Automatic') ` +
    `OR (Requested_Outcome__c = 'Send' AND Status__c IN ${soqlList(UNCLAIMED_OPEN_ACTION_STATUSES)})) ` +
    // Live claims and attempts awaiting reconciliation are someone else's business.
    `AND Id NOT IN (SELECT Participant_Action__c FROM Action_Attempt__c WHERE Outcome__c = null) ` +
    `ORDER BY Due_At__c LIMIT ${limit}`
  );
}

/** Slices of a read: as many as the workers a deployment usually runs. */
export const SLICES_PER_READ = 3;

/**
 * How many rows a worker reads to pick its slice from: three slices' worth (up to one query page),
 * so workers that read at the same instant can take different slices.
 */
export function readWindow(batchSize: number): number {
  return Math.min(2000, batchSize * SLICES_PER_READ);
}

/**
 * The due work nobody holds, up to three slices. Prefetched at the start of a pass and used only
 * when no write went out before the stage ran (index.ts); otherwise read when the stage runs.
 */
export function readDueWork(ctx: PassContext): Promise<ParticipantActionRecord[]> {
  return ctx.api.query<ParticipantActionRecord>(
    dueWorkSoql(ctx, ctx.now, readWindow(ctx.settings.batchSize))
  );
}

/**
 * Which slice of its reads a worker takes, kept across passes. It starts at a random slice and
 * keeps to it while its claims win; when another worker took rows of it first, it moves on to
 * another slice. Workers that read together (woken by the same change or due time, they read the
 * same rows) then settle on different slices within a few passes instead of colliding at random on
 * every one: with three workers on three slices, a fresh random pick keeps all three apart only 2
 * times in 9. A read whose first slice is mostly the one this worker's previous read began with
 * means nobody takes the first slice (a lone worker, or its taker died): the worker takes it, so
 * the longest due work never waits behind later work.
 *
 * @example
 * const choice = new SliceChoice(() => 0.5);
 * choice.pick(rows, 200) // rows 200–399 (the second of three slices)
 * choice.tried({ lostRows: true }); // another worker took rows of it
 * choice.pickAgain(newRows, 200) // rows 400–599 if nobody claimed them meanwhile
 */
export class SliceChoice {
  private preferred: number;
  /** The ids of the first slice of the previous pass's read. */
  private previousFirst = new Set<string>();
  /** The ids of this pass's read, slice by slice, and the position of the slice last picked. */
  private readIds: string[][] = [];
  private picked = 0;

  constructor(private readonly random: () => number = Math.random) {
    this.preferred = Math.floor(random() * SLICES_PER_READ);
  }

  /** The slice of a pass's read to claim: the preferred one, counted on from the start of a short read. */
  pick<T extends { Id: string }>(rows: T[], sliceSize: number): T[] {
    const slices = chunk(rows, sliceSize);
    const first = slices[0] ?? [];
    // Most of the first slice unmoved since the previous pass's read: nobody takes it (one row that
    // stays put, an action whose claim keeps failing, does not count).
    const unmoved = first.filter((row) => this.previousFirst.has(row.Id)).length;
    if (unmoved * 2 > first.length) this.preferred = 0;
    this.previousFirst = new Set(first.map((row) => row.Id));
    return this.remember(slices);
  }

  /**
   * The slice to claim after the picked one was lost, from a new read (which leaves out every live
   * claim): the next slice of the pass's read, counting on from the lost one, that the new read still
   * offers whole, so nobody claimed or finished it meanwhile. It becomes the preferred slice: the
   * other workers reading together keep theirs, and next pass all of them stay apart. When no slice
   * of the pass's read is left whole, the new read's slice at the preferred position.
   */
  pickAgain<T extends { Id: string }>(rows: T[], sliceSize: number): T[] {
    const offered = new Map(rows.map((row) => [row.Id, row]));
    for (let step = 1; step < this.readIds.length; step++) {
      const position = (this.picked + step) % this.readIds.length;
      const slice = this.readIds[position].map((id) => offered.get(id));
      if (slice.every((row) => row !== undefined)) {
        this.preferred = this.picked = position;
        return slice as T[];
      }
    }
    return this.remember(chunk(rows, sliceSize));
  }

  /**
   * Reports the claim of the slice last picked: a slice won whole is kept; one that lost rows to
   * another worker is left for a different random slice.
   */
  tried(outcome: { lostRows: boolean }): void {
    if (!outcome.lostRows) return;
    this.preferred =
      (this.preferred + 1 + Math.floor(this.random() * (SLICES_PER_READ - 1))) % SLICES_PER_READ;
  }

  private remember<T extends { Id: string }>(slices: T[][]): T[] {
    this.readIds = slices.map((slice) => slice.map((row) => row.Id));
    this.picked = slices.length === 0 ? 0 : this.preferred % slices.length;
    return slices[this.picked] ?? [];
  }
}

/** What a claim won, lost and found stale. */
export interface ClaimResult {
  won: Claimed[];
  /** Actions whose attempt another worker holds. */
  lost: number;
  stale: StaleAttempt[];
  marker: Date;
  /** The due work read again, when no insert of the claim went through (see `readAgainIfLost`). */
  reread: Promise<ParticipantActionRecord[]> | null;
}

/**
 * Inserts one attempt per prepared action and keeps the ones this worker won. A claim request
 * retried after a lost response finds its own rows as duplicates (same worker, same lease marker)
 * and keeps them; any other duplicate is another worker's claim, or a closed attempt the action's
 * counter never caught up with (returned as `stale`, for the caller to repair).
 *
 * `readAgainIfLost`: the caller tries another slice when this one is lost. When no insert went
 * through, the slice is most likely another worker's: the due work is read again then, in the same
 * Composite request as the read of the duplicates, instead of in a call of its own after it.
 */
export async function claim(
  ctx: PassContext,
  ready: Prepared[],
  readAgainIfLost = false
): Promise<ClaimResult> {
  const marker = new Date(ctx.now.getTime() + leaseMs(ctx) * Math.max(1, ctx.speed));
  if (ready.length === 0) return { won: [], lost: 0, stale: [], marker, reread: null };
  const attempts = ready.map((p) => {
    const attemptNumber = (p.pa.Attempts__c ?? 0) + 1;
    return { attemptNumber, key: `${p.pa.Id}:${attemptNumber}` };
  });
  const results = await ctx.api.createMany(
    'Action_Attempt__c',
    ready.map((p, i) => ({
      Key__c: attempts[i].key,
      Participant_Action__c: p.pa.Id,
      Worker__c: ctx.settings.workerId,
      Lease_Expires_At__c: iso(marker)
    }))
  );
  const won: Claimed[] = [];
  const duplicates: number[] = [];
  results.forEach((result, i) => {
    const p = ready[i];
    if (result.ok) {
      won.push({ ...p, ...attempts[i], attemptId: result.id });
      return;
    }
    if (result.error.code === 'DUPLICATE_VALUE') duplicates.push(i);
    else ctx.log.warn({ pa: p.pa.Id, error: result.error }, 'claim failed');
  });
  const stale: StaleAttempt[] = [];
  let lost = 0;
  let reread: Promise<ParticipantActionRecord[]> | null = null;
  if (duplicates.length) {
    // Started in the same turn as the duplicates' reads, so the API client sends them together.
    if (won.length === 0 && readAgainIfLost) {
      reread = readDueWork(ctx);
      reread.catch(() => undefined); // awaited by the caller, if it reads again
    }
    const existing = new Map<string, ExistingAttempt>();
    const pages = chunk(
      duplicates.map((i) => attempts[i].key),
      200
    ).map((keys) =>
      ctx.api.query<ExistingAttempt>(
        `SELECT Id, Key__c, Worker__c, Outcome__c, Lease_Expires_At__c, Provider_Message_Id__c FROM Action_Attempt__c WHERE Key__c IN (${keys.map(soqlString).join(',')})`
      )
    );
    for (const rows of await Promise.all(pages)) for (const row of rows) existing.set(row.Key__c, row);
    for (const i of duplicates) {
      const row = existing.get(attempts[i].key);
      if (!row) continue;
      const mine =
        row.Outcome__c === null &&
        row.Worker__c === ctx.settings.workerId &&
        parseSfDate(row.Lease_Expires_At__c)?.getTime() === marker.getTime();
      if (mine) won.push({ ...ready[i], ...attempts[i], attemptId: row.Id });
      else if (row.Outcome__c !== null)
        stale.push({
          pa: ready[i].pa,
          attemptId: row.Id,
          attemptNumber: attempts[i].attemptNumber,
          outcome: row.Outcome__c,
          providerMessageId: row.Provider_Message_Id__c
        });
      else lost++;
    }
  }
  ctx.stats.claimed += won.length;
  return { won, lost, stale, marker, reread };
}

interface ExistingAttempt {
  Id: string;
  Key__c: string;
  Worker__c: string | null;
  Outcome__c: string | null;
  Lease_Expires_At__c: string | null;
  Provider_Message_Id__c: string | null;
}

/**
 * The lease over a worker's open attempts while it sends: renewed every third of the lease by
 * moving each attempt's `Lease_Expires_At__c` (the marker other workers watch) forward; valid until
 * one lease after the last renewal *request began*, minus a margin, on the monotonic clock. A
 * renewal that fails does not extend it, so a worker cut off from the org stops sending before any
 * watcher may take its work over.
 */
export class Lease {
  private validUntil: number;
  private lastMarkerMs: number;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  private readonly lengthMs: number;
  renewals = 0;

  constructor(
    private readonly ctx: PassContext,
    attemptIds: string[],
    claimStartedMono: number,
    marker: Date,
    private readonly clock: () => number = monotonicMs
  ) {
    this.lengthMs = leaseMs(ctx);
    for (const id of attemptIds) this.held.add(id);
    this.validUntil = claimStartedMono + this.lengthMs - leaseMarginMs(this.lengthMs);
    this.lastMarkerMs = marker.getTime();
  }

  /** Whether sends under this lease may still start now. */
  holds(): boolean {
    return this.clock() < this.validUntil;
  }

  /** Monotonic ms left before sends must stop. */
  remainingMs(): number {
    return this.validUntil - this.clock();
  }

  /** Starts renewing every third of the lease until `stop()`. */
  start(): void {
    if (this.timer || this.held.size === 0) return;
    this.timer = setInterval(() => void this.renew(), Math.max(250, Math.floor(this.lengthMs / 3)));
    this.timer.unref();
  }

  /** Attempts whose outcome is decided need no lease. */
  release(attemptIds: Iterable<string>): void {
    for (const id of attemptIds) this.held.delete(id);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }

  /** One renewal: moves every held attempt's marker forward (strictly, even when the org clock stands still or goes back). */
  renew(): Promise<void> {
    if (this.renewing || this.held.size === 0) return this.renewing ?? Promise.resolve();
    const startedAt = this.clock();
    const ctx = this.ctx;
    const orgNow = ctx.now.getTime() + (startedAt - ctx.startedMono) * ctx.speed;
    const markerMs = Math.max(orgNow + this.lengthMs * Math.max(1, ctx.speed), this.lastMarkerMs + 1000);
    const ids = [...this.held];
    this.renewing = ctx.api
      .updateMany(
        'Action_Attempt__c',
        ids.map((Id) => ({ Id, Lease_Expires_At__c: iso(new Date(markerMs)) })),
        { purpose: 'lease' }
      )
      .then((results) => {
        this.lastMarkerMs = markerMs;
        // Only a renewal that reached every held attempt extends the lease.
        if (results.every((r) => r.ok))
          this.validUntil = startedAt + this.lengthMs - leaseMarginMs(this.lengthMs);
        this.renewals++;
      })
      .catch((error: unknown) => {
        ctx.log.warn({ err: error }, 'lease renewal failed; sends stop when the lease runs out');
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }
}

/**
 * Watches other workers' open attempts across passes: an attempt whose lease marker has not moved
 * for a whole lease of this process's monotonic time is expired (its worker died or stalled).
 * Kept by the companion between passes; a new process watches one lease before it judges.
 */
export class LeaseWatch {
  private readonly seen = new Map<string, { marker: string | null; sinceMono: number }>();

  constructor(private readonly clock: () => number = monotonicMs) {}

  /** Records the attempts read now and returns the ids of those whose lease expired. */
  expired(attempts: Array<{ Id: string; Lease_Expires_At__c: string | null }>, lease: number): Set<string> {
    const now = this.clock();
    const result = new Set<string>();
    const present = new Set<string>();
    for (const attempt of attempts) {
      present.add(attempt.Id);
      const entry = this.seen.get(attempt.Id);
      if (!entry || entry.marker !== attempt.Lease_Expires_At__c) {
        this.seen.set(attempt.Id, { marker: attempt.Lease_Expires_At__c, sinceMono: now });
        continue;
      }
      if (now - entry.sinceMono >= lease) result.add(attempt.Id);
    }
    // Attempts no longer open (decided, or read in another page) are forgotten.
    for (const id of this.seen.keys()) if (!present.has(id)) this.seen.delete(id);
    return result;
  }
}
