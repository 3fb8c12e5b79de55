/**
 * The companion's share of the org's daily API allowance. Salesforce counts API requests per org
 * over a rolling day; the companion shares that allowance with every other integration, so it
 * keeps its own calls within a configured share (default 25 %) of the allocation the org reports in
 * `Sforce-Limit-Info`:
 *
 * - `normal`    — below 80 % of the share (and the org below 80 % of its allocation);
 * - `slow`      — from 80 % of the share (or the org from 80 %): non-essential stages (requests,
 *                 exits, conversations, live edits, admission, closed tasks) run at most once per
 *                 `slowStageIntervalMs`; sends and their outcomes keep their pace;
 * - `essential` — the share used up (or the org above 95 %): only make-due, reconcile and execute.
 *
 * A level change is logged once. Calls are counted per org-clock day (UTC), and the last hour's
 * calls give the projection "calls per day at the current load".
 */
import type { Logger } from './logger';

export type BudgetLevel = 'normal' | 'slow' | 'essential';

export interface BudgetSnapshot {
  day: string;
  callsToday: number;
  /** The org's daily allocation (Sforce-Limit-Info), when known. */
  orgLimit: number | null;
  /** The org's usage today, all clients (Sforce-Limit-Info), when known. */
  orgUsed: number | null;
  share: number;
  /** Calls the companion allows itself per day: share × allocation. */
  allowance: number | null;
  /** Fraction of the allowance used today (0 when unknown). */
  used: number;
  level: BudgetLevel;
  /** Calls per day if the last hour's rate went on. */
  projectedPerDay: number;
  /** Calls per day when nothing happens, at the current settings. */
  idlePerDay: number;
}

export interface BudgetOptions {
  share: number;
  log: Logger;
  /** Minimum wait between runs of non-essential stages in the `slow` level. */
  slowStageIntervalMs?: number;
}

const HOUR_MS = 3_600_000;

export class ApiBudget {
  private day = '';
  private callsToday = 0;
  private readonly recent: number[] = [];
  private orgUsage: { used: number; limit: number } | undefined;
  private level: BudgetLevel = 'normal';
  private lastNonEssentialMs = -Infinity;
  /** Calls per day when idle, as the loop computes it from its intervals. */
  idlePerDay = 0;
  private readonly slowStageIntervalMs: number;

  constructor(private readonly options: BudgetOptions) {
    this.slowStageIntervalMs = options.slowStageIntervalMs ?? 5 * 60_000;
  }

  /** Carries over the calls an earlier process made today (from the state file). */
  restore(saved: { day: string; callsToday: number }): void {
    if (saved.day < this.day) return;
    this.day = saved.day;
    this.callsToday = Math.max(this.callsToday, saved.callsToday);
  }

  /** Counts one API call made at org time `orgNow` (real time `realNowMs` for the hourly rate). */
  recordCall(orgNow: Date, realNowMs = Date.now()): void {
    const day = orgNow.toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.callsToday = 0;
    }
    this.callsToday++;
    this.recent.push(realNowMs);
    while (this.recent.length > 0 && this.recent[0] < realNowMs - HOUR_MS) this.recent.shift();
  }

  /** The org's reading from the last response's `Sforce-Limit-Info`. */
  setOrgUsage(usage: { used: number; limit: number } | undefined): void {
    if (usage) this.orgUsage = usage;
    this.updateLevel();
  }

  /** Whether non-essential stages may run now (and, when they may, notes that they do). */
  allowNonEssential(realNowMs = Date.now()): boolean {
    if (this.level === 'essential') return false;
    if (this.level === 'slow' && realNowMs - this.lastNonEssentialMs < this.slowStageIntervalMs) return false;
    this.lastNonEssentialMs = realNowMs;
    return true;
  }

  currentLevel(): BudgetLevel {
    return this.level;
  }

  snapshot(realNowMs = Date.now()): BudgetSnapshot {
    const limit = this.orgUsage?.limit ?? null;
    const allowance = limit === null ? null : Math.floor(limit * this.options.share);
    const inLastHour = this.recent.filter((t) => t >= realNowMs - HOUR_MS).length;
    const span = this.recent.length > 0 ? Math.max(realNowMs - this.recent[0], 60_000) : HOUR_MS;
    return {
      day: this.day,
      callsToday: this.callsToday,
      orgLimit: limit,
      orgUsed: this.orgUsage?.used ?? null,
      share: this.options.share,
      allowance,
      used: allowance ? this.callsToday / allowance : 0,
      level: this.level,
      projectedPerDay: Math.round((inLastHour * 86_400_000) / Math.min(span, HOUR_MS)),
      idlePerDay: Math.round(this.idlePerDay)
    };
  }

  private updateLevel(): void {
    const { share, log } = this.options;
    const limit = this.orgUsage?.limit ?? 0;
    const ownShare = limit > 0 ? this.callsToday / (limit * share) : 0;
    const orgShare = limit > 0 ? (this.orgUsage?.used ?? 0) / limit : 0;
    const level: BudgetLevel =
      ownShare >= 1 || orgShare >= 0.95
        ? 'essential'
        : ownShare >= 0.8 || orgShare >= 0.8
          ? 'slow'
          : 'normal';
    if (level === this.level) return;
    const previous = this.level;
    this.level = level;
    const detail = {
      callsToday: this.callsToday,
      allowance: Math.floor(limit * share),
      orgUsed: this.orgUsage?.used,
      orgLimit: limit,
      previous
    };
    if (level === 'normal') log.info(detail, 'API budget: back to normal pace');
    else if (level === 'slow')
      log.warn(
        detail,
        `API budget: ${Math.round(ownShare * 100)} % of the companion's share (${Math.round(share * 100)} % of the org's allocation) used; non-essential stages slowed to once every ${Math.round(this.slowStageIntervalMs / 60_000)} min`
      );
    else
      log.warn(
        detail,
        `API budget: the companion's share (${Math.round(share * 100)} % of the org's allocation) is used up${orgShare >= 0.95 ? ' or the org is above 95 %' : ''}; only sends and their outcomes run until the day ends`
      );
  }
}
