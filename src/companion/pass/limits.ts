/**
 * Send counters behind the daily email cap and the per-minute throttle (docs/architecture.md §4). The rules
 * themselves are the core's (`planDailyEmailCap`, `assignSendSlots`); this keeps the counts they
 * need. The day's count per owner is read from the org at the start of every pass that has
 * automatic emails to send (one aggregate query over Action_Attempt__c), so every worker sees what
 * all workers sent: each owner's window starts at the owner's local midnight, and attempts still
 * open (claimed by another worker, being sent) count as sent.
 */
import { localDayBounds } from '../../core/timing';
import { soqlDateTime, soqlIdList, type SalesforceApi } from '../api';

export class SendCounters {
  private sentByOwner = new Map<string, number>();
  private minuteStartMs = -1;
  private sentInMinute = 0;

  /**
   * Reads, in one aggregate query, how many emails each of `ownerIds` has sent (or is sending) since
   * the start of the owner's local day: owners are grouped by time zone, one window per zone.
   *
   * @example
   * await counters.reload(api, ['005A', '005B'], now, (owner) => 'America/New_York')
   * counters.sentToday() //=> { '005A': 3, '005B': 0 }
   */
  async reload(
    api: SalesforceApi,
    ownerIds: string[],
    now: Date,
    timeZoneFor: (ownerId: string) => string
  ): Promise<void> {
    const owners = [...new Set(ownerIds)];
    const byZone = new Map<string, string[]>();
    for (const owner of owners)
      byZone.set(timeZoneFor(owner), [...(byZone.get(timeZoneFor(owner)) ?? []), owner]);
    const windows = [...byZone].map(
      ([zone, ids]) =>
        `(Participant_Action__r.Assigned_To__c IN ${soqlIdList(ids)} AND CreatedDate >= ${soqlDateTime(localDayBounds(zone, now).start)})`
    );
    const counts = new Map<string, number>(owners.map((o) => [o, 0]));
    if (windows.length) {
      const rows = await api.query<{ owner?: string | null; sent?: number; expr0?: number }>(
        `SELECT Participant_Action__r.Assigned_To__c owner, COUNT(Id) sent FROM Action_Attempt__c WHERE Participant_Action__r.Type__c = 'Email' AND (Outcome__c = 'Sent' OR Outcome__c = null) AND (${windows.join(' OR ')}) GROUP BY Participant_Action__r.Assigned_To__c`
      );
      for (const row of rows) if (row.owner) counts.set(row.owner, Number(row.sent ?? row.expr0 ?? 0));
    }
    this.sentByOwner = counts;
  }

  /**
   * Emails each owner sent today, as read by the last `reload` plus what this worker sent since.
   *
   * @example
   * counters.sentToday() //=> { '005A': 3 }
   */
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

  /** Counts one email sent by `ownerId` at `now`. */
  recordEmail(ownerId: string | null, now: Date): void {
    if (ownerId) this.sentByOwner.set(ownerId, (this.sentByOwner.get(ownerId) ?? 0) + 1);
    this.usedThisMinute(now);
    this.sentInMinute++;
  }
}
