/**
 * Send counters behind the daily email cap and the per-minute throttle (DESIGN.md §4). The rules
 * themselves are the core's (`planDailyEmailCap`, `assignSendSlots`); this keeps the counts they
 * need: emails sent per owner since the start of the owner's local day, and sends in the current
 * minute. The day's sends (by every worker) are re-read from the org every few minutes; between
 * reads this worker counts its own. Salesforce caps single emails at 5,000 a day per org, so the
 * read stays small.
 */
import { localDayBounds } from '../../core/timing';
import { soqlDateTime, type SalesforceApi } from '../api';

/** How often the counts are re-read from the org (real time). */
const RESEED_MS = 5 * 60_000;
/** Sends older than this cannot fall in anyone's "today". */
const WINDOW_MS = 48 * 3600_000;

export class SendCounters {
  private sentByOwner = new Map<string, number[]>();
  private seededAtMs = 0;
  private minuteStartMs = -1;
  private sentInMinute = 0;

  /** Re-reads the last two days of sent emails when the counts are older than a few minutes. */
  async roll(api: SalesforceApi, now: Date): Promise<void> {
    if (this.seededAtMs > 0 && Date.now() - this.seededAtMs < RESEED_MS) return;
    const rows = await api.query<{ CreatedDate: string; Participant_Action__r?: { Assigned_To__c?: string | null } | null }>(
      `SELECT CreatedDate, Participant_Action__r.Assigned_To__c FROM Action_Attempt__c WHERE Outcome__c = 'Sent' AND Participant_Action__r.Type__c = 'Email' AND CreatedDate >= ${soqlDateTime(new Date(now.getTime() - WINDOW_MS))}`
    );
    const byOwner = new Map<string, number[]>();
    for (const row of rows) {
      const owner = row.Participant_Action__r?.Assigned_To__c;
      const at = Date.parse(row.CreatedDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (owner && !Number.isNaN(at)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), at]);
    }
    this.sentByOwner = byOwner;
    this.seededAtMs = Date.now();
  }

  /**
   * Emails each owner sent since the start of the owner's local day.
   *
   * @example
   * counters.sentToday(now, (owner) => 'America/New_York') //=> { '005A': 3 }
   */
  sentToday(now: Date, timeZoneFor: (ownerId: string) => string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [owner, times] of this.sentByOwner) {
      const { start } = localDayBounds(timeZoneFor(owner), now);
      out[owner] = times.filter((t) => t >= start.getTime()).length;
    }
    return out;
  }

  /** Sends made in the minute that contains `now`. */
  usedThisMinute(now: Date): number {
    const minute = now.getTime() - (now.getTime() % 60_000);
    if (minute !== this.minuteStartMs) {
      this.minuteStartMs = minute;
      this.sentInMinute = 0;
    }
    return this.sentInMinute;
  }

  /** Counts one email sent by `ownerId` at `now`. */
  recordEmail(ownerId: string | null, now: Date): void {
    if (ownerId) {
      const times = this.sentByOwner.get(ownerId) ?? [];
      times.push(now.getTime());
      this.sentByOwner.set(ownerId, times);
    }
    this.usedThisMinute(now);
    this.sentInMinute++;
  }
}
