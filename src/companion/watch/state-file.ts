/**
 * What the companion keeps between runs, per org: the last processed replay id of each change
 * event channel (so a restart replays what it missed) and the API calls it made today (so a
 * restart does not forget its budget). A small JSON file, written atomically (temp + rename).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from 'jsforce';
import type { BudgetSnapshot } from '../budget';

/** A key for an org's state file: the org id in the session id (`00D…!…`), else the instance host. */
export function orgKey(conn: Connection): string {
  const fromToken = /^(00D[a-zA-Z0-9]{12})!/.exec(String(conn.accessToken ?? ''))?.[1];
  if (fromToken) return fromToken;
  return String(conn.instanceUrl ?? 'org')
    .replace(/^https?:\/\//, '')
    .replace(/[^A-Za-z0-9.-]/g, '_');
}

export interface CompanionStateData {
  orgId: string;
  replay: Record<string, number>;
  api: { day: string; callsToday: number };
  /** The budget as the companion last saw it, for `stride status`. */
  budget?: BudgetSnapshot & { at: string };
}

export class CompanionStateFile {
  private data: CompanionStateData;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly file: string,
    orgId: string
  ) {
    this.data = { orgId, replay: {}, api: { day: '', callsToday: 0 } };
    try {
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CompanionStateData>;
      // A file written for another org (a sandbox refresh, a copied folder) is not trusted.
      if (raw.orgId === orgId) {
        this.data.replay = { ...(raw.replay ?? {}) };
        if (raw.api && typeof raw.api.day === 'string') this.data.api = raw.api;
        if (raw.budget) this.data.budget = raw.budget;
      }
    } catch {
      // No file yet, or unreadable: start from nothing (replay -1, calls 0).
    }
  }

  /** The state file of an org in a folder: `<dir>/companion-<orgId>.json`. */
  static in(dir: string, orgId: string): CompanionStateFile {
    return new CompanionStateFile(path.join(dir, `companion-${orgId}.json`), orgId);
  }

  replay(): Record<string, number> {
    return { ...this.data.replay };
  }

  apiCalls(): { day: string; callsToday: number } {
    return { ...this.data.api };
  }

  setReplay(channel: string, replayId: number): void {
    this.data.replay[channel] = replayId;
    this.scheduleSave();
  }

  /** Records the budget (calls today, projections) after a pass. */
  setBudget(snapshot: BudgetSnapshot): void {
    this.data.api = { day: snapshot.day, callsToday: snapshot.callsToday };
    this.data.budget = { ...snapshot, at: new Date().toISOString() };
    this.scheduleSave();
  }

  budget(): (BudgetSnapshot & { at: string }) | null {
    return this.data.budget ?? null;
  }

  /** Writes now (at stop). */
  save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    fs.renameSync(temp, this.file);
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 1000);
    this.saveTimer.unref();
  }
}
