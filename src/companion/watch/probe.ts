/**
 * The work probe: one Composite request (one API call) that tells an idle companion whether a pass
 * has anything to do, so that a quiet org costs one call per wake-up instead of a dozen queries.
 *
 * Time-driven work (four queries; Composite allows five query subrequests):
 * - make-due: the earliest current Upcoming action (its Due_At__c, past or future);
 * - execute: the earliest Due automatic action or uncreated Task;
 * - reconcile: open attempts whose lease expired (claims in doubt);
 * - admit: Queued participants of active sequences.
 *
 * Changes (only when the change events are not trusted: polling mode and the safety net): the ids
 * of each watched object changed since the previous probe, from `GET /sobjects/X/updated` (a plain
 * REST resource, not a query, so up to 20 of them fit in the same Composite request).
 */
import { soqlDateTime, type SalesforceApi } from '../api';
import type { Catalog } from '../pass/catalog';
import { WATCHED } from './triggers';

export interface ProbeResult {
  /** Time-driven work is due now. */
  dueNow: boolean;
  /** The earliest time-driven work in the future (org time), if any. */
  nextDueAt: Date | null;
  /** The oldest due-but-not-done automatic action (org time), for "age of the oldest due action". */
  oldestDueAt: Date | null;
  claimsInDoubt: number;
  queued: number;
  /** Object → ids changed since the previous probe (empty when changes were not checked). */
  changed: Map<string, string[]>;
  /** Objects whose change check failed (missing object, no access): logged, treated as unchanged. */
  uncheckable: string[];
}

interface SubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

/**
 * The org-time window of the change check. Each probe starts a second before the previous one
 * ended (commits landing at the boundary are not lost); a record changed in that second is reported
 * twice, which costs at most one extra pass. Ids alone cannot tell a second change of the same
 * record from the first, so nothing is filtered out.
 */
export class ChangeWindow {
  private since: Date | null = null;

  /** The window start for a probe at `now` (the first probe looks back `lookBackMs`). */
  start(now: Date, lookBackMs: number): Date {
    return this.since ?? new Date(now.getTime() - lookBackMs);
  }

  advance(end: Date, overlapMs = 1000): void {
    this.since = new Date(end.getTime() - overlapMs);
  }
}

function currentStepClause(catalog: Catalog): string {
  const maxStep = Math.max(1, ...[...catalog.actions.values()].map((a) => a.Step_Number__c || 1));
  return Array.from(
    { length: maxStep },
    (_, i) => `(Step_Number__c = ${i + 1} AND Participant__r.Current_Step__c = ${i + 1})`
  ).join(' OR ');
}

/**
 * Runs the probe at org time `now`. `checkChanges` adds the `updated` checks of every watched
 * object the org has (`objects`, local names).
 */
export async function probe(
  api: SalesforceApi,
  catalog: Catalog,
  now: Date,
  options: { checkChanges: boolean; window: ChangeWindow; objects: string[]; lookBackMs: number }
): Promise<ProbeResult> {
  const at = soqlDateTime(now, 'up');
  const queries: Record<string, string> = {
    makeDue:
      `SELECT Due_At__c FROM Participant_Action__c WHERE Participant__r.Status__c = 'Active' AND Status__c = 'Upcoming' ` +
      `AND (${currentStepClause(catalog)}) ORDER BY Due_At__c LIMIT 1`,
    execute:
      `SELECT Due_At__c FROM Participant_Action__c WHERE Participant__r.Status__c = 'Active' AND Status__c = 'Due' ` +
      `AND Task_Id__c = null AND (Activation__c = 'Automatic' OR Type__c = 'Task') ORDER BY Due_At__c LIMIT 1`,
    inDoubt: `SELECT COUNT() FROM Action_Attempt__c WHERE Outcome__c = null AND Lease_Expires_At__c < ${at}`,
    queued: `SELECT COUNT() FROM Sequence_Participant__c WHERE Status__c = 'Queued' AND Sequence__r.Active__c = true`
  };
  const base = `/services/data/v${api.version}`;
  const subrequests = Object.entries(queries).map(([referenceId, soql]) => ({
    method: 'GET',
    referenceId,
    url: `${base}/query?q=${encodeURIComponent(api.names.soql(soql))}`
  }));
  const start = options.window.start(now, options.lookBackMs);
  const checked = options.checkChanges ? options.objects.filter((o) => WATCHED[o]) : [];
  for (const object of checked) {
    subrequests.push({
      method: 'GET',
      referenceId: `updated_${object.replace(/[^A-Za-z0-9]/g, '_')}`,
      url: `${base}/sobjects/${api.names.name(object)}/updated?start=${encodeURIComponent(soqlDateTime(start))}&end=${encodeURIComponent(soqlDateTime(now, 'up'))}`
    });
  }
  const response = await api.request<{ compositeResponse: SubResponse[] }>({
    method: 'POST',
    url: '/composite',
    body: { allOrNone: false, compositeRequest: subrequests }
  });
  const byRef = new Map(response.compositeResponse.map((r) => [r.referenceId, r]));
  const body = (ref: string): Record<string, unknown> | null => {
    const sub = byRef.get(ref);
    if (!sub || sub.httpStatusCode >= 300) {
      throw new Error(`probe ${ref} failed: ${JSON.stringify(sub?.body ?? 'no response')}`);
    }
    return sub.body as Record<string, unknown>;
  };
  const firstDue = (ref: string): Date | null => {
    const records = (body(ref)?.records ?? []) as Array<{ Due_At__c?: string | null }>;
    const value = records[0]?.Due_At__c;
    return value ? new Date(value) : null;
  };
  const makeDueAt = firstDue('makeDue');
  const executeAt = firstDue('execute');
  const claimsInDoubt = Number(body('inDoubt')?.totalSize ?? 0);
  const queued = Number(body('queued')?.totalSize ?? 0);
  const instants = [makeDueAt, executeAt].filter((d): d is Date => d !== null);
  const past = instants.filter((d) => d.getTime() <= now.getTime());
  const future = instants.filter((d) => d.getTime() > now.getTime());
  const changed = new Map<string, string[]>();
  const uncheckable: string[] = [];
  for (const object of checked) {
    const sub = byRef.get(`updated_${object.replace(/[^A-Za-z0-9]/g, '_')}`);
    if (!sub || sub.httpStatusCode >= 300) {
      uncheckable.push(object);
      continue;
    }
    const ids = ((sub.body as { ids?: string[] }).ids ?? []).map(String);
    if (ids.length > 0) changed.set(object, ids);
  }
  if (options.checkChanges) options.window.advance(now);
  return {
    dueNow: past.length > 0 || claimsInDoubt > 0 || queued > 0,
    nextDueAt: future.length > 0 ? new Date(Math.min(...future.map((d) => d.getTime()))) : null,
    oldestDueAt: executeAt && executeAt.getTime() <= now.getTime() ? executeAt : null,
    claimsInDoubt,
    queued,
    changed,
    uncheckable
  };
}
