/**
 * Send counters behind the daily email cap and the per-minute throttle (DESIGN.md §4). The rules
 * themselves are the core's (`planDailyEmailCap`, `assignSendSlots`); this keeps the counts they
 * need: emails sent per owner today (seeded from the org once a day, then counted as this worker
 * sends) and sends in the current minute.
 */
import { localDayBounds } from '../../core/timing';
import { soqlDateTime, type SalesforceApi } from '../api';

export class SendCounters {
  private dayStartMs = -1;
  private readonly sentByOwner = new Map<string, number>();
  private minuteStartMs = -1;
  private sentInMinute = 0;

  constructor(private readonly timeZone: string) {}

  /**
   * Starts a new day's counts when the local day changed, seeding them with one query of the
   * emails already sent today (by any worker).
   */
  async roll(api: SalesforceApi, now: Date): Promise<void> {
    const { start } = localDayBounds(this.timeZone, now);
    if (start.getTime() === this.dayStartMs) return;
    this.sentByOwner.clear();
    const rows = await api.query<{ Participant_Action__r?: { Assigned_To__c?: string | null } | null }>(
      `SELECT Participant_Action__r.Assigned_To__c FROM Action_Attempt__c WHERE Outcome__c = 'Sent' AND Participant_Action__r.Type__c = 'Email' AND CreatedDate >= ${soqlDateTime(start)}`
    );
    for (const row of rows) {
      const owner = row.Participant_Action__r?.Assigned_To__c;
      if (owner) this.sentByOwner.set(owner, (this.sentByOwner.get(owner) ?? 0) + 1);
    }
    this.dayStartMs = start.getTime();
  }

  /** Emails sent today, by owner. */
  sentToday(): Record<string, number> {
    return Object.fromEntries(this.sentByOwner);
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

  /** Counts one email sent by `ownerId`. */
  recordEmail(ownerId: string | null, now: Date): void {
    if (ownerId) this.sentByOwner.set(ownerId, (this.sentByOwner.get(ownerId) ?? 0) + 1);
    this.usedThisMinute(now);
    this.sentInMinute++;
  }
}
