/**
 * `stride status`: participants and participant actions by status, what is due now, and the
 * actions that are failing, with their reasons.
 */
import { PARTICIPANT_ACTION_STATUSES, PARTICIPANT_STATUSES } from '../core/constants';
import type { BudgetSnapshot } from './budget';
import { CompanionStateFile, orgKey } from './watch/state-file';
import { soqlDateTime, soqlString, type SalesforceApi } from './api';
import { ORG_EMAIL_LIMIT_DETAIL } from './pass/outcomes';

export interface StatusReport {
  at: string;
  participants: Record<string, number>;
  actions: Record<string, number>;
  dueNow: { automatic: number; manual: number };
  inDoubtAttempts: number;
  /** API calls: the companion's (from its state file) and the org's (Sforce-Limit-Info). */
  api: {
    companion: (BudgetSnapshot & { at: string }) | null;
    org: { used: number; limit: number } | null;
  };
  /** Emails waiting for the org's daily email allowance to reset. */
  deferredByEmailLimit: number;
  /** Sequences the companion cannot run, with the reason written on each. */
  brokenSequences: Array<{ id: string; name: string; error: string }>;
  /** Enrollments with a problem noted in Last_Error__c (a refused request, invalid time zone, refused admission). */
  participantProblems: number;
  failing: Array<{
    id: string;
    name: string | null;
    type: string;
    status: string;
    reason: string | null;
    detail: string | null;
    lastError: string | null;
    attempts: number;
  }>;
}

export async function collectStatus(
  api: SalesforceApi,
  now: Date,
  options: { stateDir?: string } = {}
): Promise<StatusReport> {
  const at = soqlDateTime(now, 'up');
  const count = (soql: string): Promise<number> => api.count(soql);
  const [participants, actions, automatic, manual, inDoubt, failing, deferred, broken, participantProblems] =
    await Promise.all([
      Promise.all(
        PARTICIPANT_STATUSES.map((s) =>
          count(`SELECT COUNT() FROM Sequence_Participant__c WHERE Status__c = '${s}'`)
        )
      ),
      Promise.all(
        PARTICIPANT_ACTION_STATUSES.map((s) =>
          count(`SELECT COUNT() FROM Participant_Action__c WHERE Status__c = '${s}'`)
        )
      ),
      count(
        `SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Due' AND Activation__c = 'Automatic' AND Due_At__c <= ${at}`
      ),
      count(
        `SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Due' AND Activation__c != 'Automatic' AND Due_At__c <= ${at}`
      ),
      count(`SELECT COUNT() FROM Action_Attempt__c WHERE Outcome__c = null AND Lease_Expires_At__c < ${at}`),
      api.query<{
        Id: string;
        Name?: string;
        Type__c: string;
        Status__c: string;
        Reason__c: string | null;
        Reason_Detail__c: string | null;
        Last_Error__c: string | null;
        Attempts__c: number | null;
      }>(
        `SELECT Id, Name, Type__c, Status__c, Reason__c, Reason_Detail__c, Last_Error__c, Attempts__c FROM Participant_Action__c ` +
          `WHERE Status__c = 'Failed' OR (Last_Error__c != null AND Status__c IN ('Due','In_Progress')) ORDER BY LastModifiedDate DESC LIMIT 20`
      ),
      count(
        `SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Due' AND Reason__c = 'DAILY_LIMIT' AND Reason_Detail__c LIKE ${soqlString(`${ORG_EMAIL_LIMIT_DETAIL}%`)}`
      ),
      api.query<{ Id: string; Name: string; Last_Error__c: string }>(
        'SELECT Id, Name, Last_Error__c FROM Sequence__c WHERE Last_Error__c != null ORDER BY Name LIMIT 20'
      ),
      count('SELECT COUNT() FROM Sequence_Participant__c WHERE Last_Error__c != null')
    ]);
  return {
    at: now.toISOString(),
    participants: Object.fromEntries(PARTICIPANT_STATUSES.map((s, i) => [s, participants[i]])),
    actions: Object.fromEntries(PARTICIPANT_ACTION_STATUSES.map((s, i) => [s, actions[i]])),
    dueNow: { automatic, manual },
    inDoubtAttempts: inDoubt,
    api: {
      companion: options.stateDir ? CompanionStateFile.in(options.stateDir, orgKey(api.conn)).budget() : null,
      org: api.apiUsage ?? null
    },
    deferredByEmailLimit: deferred,
    brokenSequences: broken.map((b) => ({ id: b.Id, name: b.Name, error: b.Last_Error__c })),
    participantProblems,
    failing: failing.map((f) => ({
      id: f.Id,
      name: f.Name ?? null,
      type: f.Type__c,
      status: f.Status__c,
      reason: f.Reason__c,
      detail: f.Reason_Detail__c,
      lastError: f.Last_Error__c,
      attempts: f.Attempts__c ?? 0
    }))
  };
}

const n = (value: number): string => value.toLocaleString('en-US');

/** The API lines of `stride status`. */
function formatApi(api: StatusReport['api']): string[] {
  const lines: string[] = [];
  const c = api.companion;
  if (c) {
    const allowance =
      c.allowance === null
        ? 'allowance unknown yet'
        : `of ${n(c.allowance)} allowed (${Math.round(c.share * 100)} % of the org's ${n(c.orgLimit ?? 0)})`;
    lines.push(
      `API calls:    ${n(c.callsToday)} today by the companion ${allowance}, budget ${c.level} (as of ${c.at})`
    );
    lines.push(
      `              projected per day: ${n(c.projectedPerDay)} at the current load, ${n(c.idlePerDay)} when idle`
    );
  } else
    lines.push(
      'API calls:    no companion state for this org here (run `stride status` where `stride run` runs, or pass --state-dir)'
    );
  if (api.org) lines.push(`              org today (all clients): ${n(api.org.used)} of ${n(api.org.limit)}`);
  return lines;
}

/** Human-readable status. */
export function formatStatus(report: StatusReport): string {
  const line = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ');
  const lines = [
    `Stride status at ${report.at}`,
    `Participants: ${line(report.participants)}`,
    `Actions:      ${line(report.actions)}`,
    `Due now:      ${report.dueNow.automatic} automatic, ${report.dueNow.manual} for reps`,
    `In-doubt sends awaiting reconciliation: ${report.inDoubtAttempts}`,
    `Deferred by the org's daily email limit: ${report.deferredByEmailLimit}`,
    `Enrollments with a problem noted (Last_Error__c): ${report.participantProblems}`,
    ...formatApi(report.api)
  ];
  if (report.brokenSequences.length) {
    lines.push('Sequences that cannot run:');
    for (const b of report.brokenSequences) lines.push(`  ${b.name}: ${b.error}`);
  }
  if (report.failing.length) {
    lines.push('Failing actions:');
    for (const f of report.failing) {
      lines.push(
        `  ${f.name ?? f.id} (${f.type}, ${f.status}, ${f.attempts} attempts): ${f.reason ?? '-'} ${f.detail ?? f.lastError ?? ''}`.trimEnd()
      );
    }
  } else lines.push('Failing actions: none');
  return lines.join('\n');
}
