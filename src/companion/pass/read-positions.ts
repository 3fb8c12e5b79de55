/**
 * Where automatic enrollment's read of changed records continues, per source object, across
 * passes and across restarts. A sweep reads the records of an object changed since its start
 * instant in Id order, one batch a pass; when it has read them all, the next sweep starts from when
 * this one began (less a few seconds for commits in flight), so a record changed during a sweep is
 * read by the next one. Re-reading is harmless: a person already enrolled is left alone.
 *
 * The positions are kept in the org (`Companion_State__c`, one record per object, upserted by
 * `Key__c` = `auto-enroll:<object>`), so a companion stopped for an hour reads what changed during
 * that hour when it starts again. They are read once, by the first pass, and written only when
 * they moved and at most once a minute (real time): one upsert of all objects together, never an
 * extra call per pass. A restart re-reads at most the last minute's changes.
 */
import type { SalesforceApi } from '../api';
import type { Logger } from '../logger';

/** The objects whose changes automatic enrollment reads. */
export type ChangeSource = 'Lead' | 'Contact' | 'Opportunity' | 'OpportunityContactRole' | 'CampaignMember';

/** Without a stored position, records changed this long ago (org time) are looked at again. */
export const LOOK_BACK_MS = 10 * 60_000;
/** Stored positions are written at most this often (real time). */
export const SAVE_INTERVAL_MS = 60_000;
const KEY_PREFIX = 'auto-enroll:';

interface Sweep {
  /** Records changed at or after this instant (org time) are read. */
  since: Date;
  /** The last id read in this sweep ('' at its start). */
  afterId: string;
  /** When this sweep began (org time): the next sweep's `since`, less the overlap. */
  startedAt: Date;
}

interface StateRecord {
  Key__c: string;
  Since__c: string | null;
  After_Id__c: string | null;
  Sweep_Started_At__c: string | null;
}

export class ReadPositions {
  private readonly sweeps = new Map<ChangeSource, Sweep>();
  private loading: Promise<void> | null = null;
  /** Moved since the last save. */
  private dirty = false;
  private lastSaveMs = 0;

  constructor(private readonly saveIntervalMs = SAVE_INTERVAL_MS) {}

  /**
   * Reads the stored positions once (one query). An org without `Companion_State__c` (a package
   * not yet upgraded) or a failed read leaves the in-memory look-back in force; the next pass tries again.
   */
  load(api: SalesforceApi, log: Logger): Promise<void> {
    this.loading ??= api
      .query<StateRecord>(
        `SELECT Key__c, Since__c, After_Id__c, Sweep_Started_At__c FROM Companion_State__c WHERE Key__c LIKE '${KEY_PREFIX}%'`
      )
      .then((rows) => {
        for (const row of rows) {
          const source = row.Key__c.slice(KEY_PREFIX.length) as ChangeSource;
          if (this.sweeps.has(source) || !row.Since__c) continue;
          const since = new Date(row.Since__c);
          const startedAt = row.Sweep_Started_At__c ? new Date(row.Sweep_Started_At__c) : since;
          if (Number.isNaN(since.getTime()) || Number.isNaN(startedAt.getTime())) continue;
          this.sweeps.set(source, { since, afterId: row.After_Id__c ?? '', startedAt });
        }
      })
      .catch((error: unknown) => {
        this.loading = null;
        log.warn(
          { err: (error as Error).message },
          'automatic enrollment: the stored read positions could not be read; looking back 10 minutes'
        );
      });
    return this.loading;
  }

  /** The position to read from now (a new sweep starts at `now` when the last one ended). */
  sweep(source: ChangeSource, now: Date): { since: Date; afterId: string } {
    let sweep = this.sweeps.get(source);
    if (!sweep) {
      sweep = { since: new Date(now.getTime() - LOOK_BACK_MS), afterId: '', startedAt: now };
      this.sweeps.set(source, sweep);
      this.dirty = true;
    }
    if (sweep.afterId === '') sweep.startedAt = now;
    return sweep;
  }

  /** After a read: a full batch goes on after its last row; a partial one ends the sweep. */
  advance(source: ChangeSource, lastId: string | null, full: boolean, overlapMs: number): void {
    const sweep = this.sweeps.get(source);
    if (!sweep) return;
    if (full && lastId) sweep.afterId = lastId;
    else {
      // Never earlier than this sweep's own start: the clock may stand still or go back.
      const next = Math.max(sweep.since.getTime(), sweep.startedAt.getTime() - overlapMs);
      this.sweeps.set(source, { since: new Date(next), afterId: '', startedAt: sweep.startedAt });
    }
    this.dirty = true;
  }

  /**
   * Writes the positions when they moved and the last write is `saveIntervalMs` old (one upsert of
   * every object's record). A failure is logged and retried at the next interval: a lost write only
   * means re-reading a little more after a restart.
   */
  async save(api: SalesforceApi, log: Logger, realNowMs = Date.now(), force = false): Promise<boolean> {
    if (!this.dirty || (!force && realNowMs - this.lastSaveMs < this.saveIntervalMs)) return false;
    this.lastSaveMs = realNowMs;
    this.dirty = false;
    const records = [...this.sweeps].map(([source, sweep]) => ({
      Name: `${KEY_PREFIX}${source}`,
      Key__c: `${KEY_PREFIX}${source}`,
      Since__c: sweep.since.toISOString(),
      After_Id__c: sweep.afterId || null,
      Sweep_Started_At__c: sweep.startedAt.toISOString()
    }));
    try {
      const outcomes = await api.upsertMany('Companion_State__c', 'Key__c', records);
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length === 0) return true;
      this.dirty = true;
      log.warn(
        { errors: failed.map((o) => (o.ok ? null : o.error)) },
        'automatic enrollment: the read positions could not be saved'
      );
    } catch (error) {
      this.dirty = true;
      log.warn(
        { err: (error as Error).message },
        'automatic enrollment: the read positions could not be saved'
      );
    }
    return false;
  }
}
