/**
 * `stride status`: participants and participant actions by status, what is due now, the actions
 * that are failing or that a pass refused (with the reason written on the record), and the actions
 * that have stalled: the current step past its due time by more than the stall allowance without
 * being made due, or automatic work due that long without being sent.
 */
import { PARTICIPANT_ACTION_STATUSES, PARTICIPANT_STATUSES } from '../core/constants';
import { OPEN_ACTION_STATUSES } from '../core/lifecycle/states';
import type { BudgetSnapshot } from './budget';
import { CompanionStateFile, orgKey } from './watch/state-file';
import { soqlDateTime, soqlList, soqlString, type SalesforceApi } from './api';
import { ORG_EMAIL_LIMIT_DETAIL } from './pass/outcomes';

/** How long past its due time an action may sit before status calls it stalled (org time). */
export const STALL_ALLOWANCE_MS = 60 * 60_000;

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
  stalled: Array<{
    id: string;
    name: string | null;
    type: string;
    status: string;
    dueAt: string;
    step: number;
  }>;
}

interface StallRow {
  Id: string;
  Name?: string;
  Type__c: string;
  Status__c: string;
  Activation__c: string | null;
  Due_At__c: string;
  Step_Number__c: number;
  Participant__r?: { Current_Step__c: number | null } | null;
}

export async function collectStatus(
  api: SalesforceApi,
  now: Date,
  options: { stateDir?: string } = {}
): Promise<StatusReport> {
  const at = soqlDateTime(now, 'up');
  const count = (soql: string): Promise<number> => api.count(soql);
  const stalledBefore = soqlDateTime(new Date(now.getTime() - STALL_ALLOWANCE_MS), 'down');
  const [
    participants,
    actions,
    automatic,
    manual,
    inDoubt,
    failing,
    deferred,
    broken,
    participantProblems,
    stalled
  ] = await Promise.all([
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
        `WHERE Status__c = 'Failed' OR (Last_Error__c != null AND Status__c IN ${soqlList(OPEN_ACTION_STATUSES)}) ORDER BY LastModifiedDate DESC LIMIT 20`
    ),
    count(
      `SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Due' AND Reason__c = 'DAILY_LIMIT' AND Reason_Detail__c LIKE ${soqlString(`${ORG_EMAIL_LIMIT_DETAIL}%`)}`
    ),
    api.query<{ Id: string; Name: string; Last_Error__c: string }>(
      'SELECT Id, Name, Last_Error__c FROM Sequence__c WHERE Last_Error__c != null ORDER BY Name LIMIT 20'
    ),
    count('SELECT COUNT() FROM Sequence_Participant__c WHERE Last_Error__c != null'),
    // Later steps carry projected times that may be past; only the current step counts (filtered below).
    api.query<StallRow>(
      `SELECT Id, Name, Type__c, Status__c, Activation__c, Due_At__c, Step_Number__c, Participant__r.Current_Step__c FROM Participant_Action__c ` +
        `WHERE Participant__r.Status__c = 'Active' AND Due_At__c < ${stalledBefore} AND (Status__c = 'Upcoming' OR (Status__c = 'Due' AND Activation__c = 'Automatic')) ORDER BY Due_At__c LIMIT 200`
    )
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
    })),
    stalled: stalled
      .filter((s) => s.Status__c !== 'Upcoming' || s.Step_Number__c === s.Participant__r?.Current_Step__c)
      .slice(0, 20)
      .map((s) => ({
        id: s.Id,
        name: s.Name ?? null,
        type: s.Type__c,
        status: s.Status__c,
        dueAt: s.Due_At__c,
        step: s.Step_Number__c
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
  if (report.stalled.length) {
    lines.push(`Stalled actions (not moved for more than ${STALL_ALLOWANCE_MS / 3_600_000} h past due):`);
    for (const s of report.stalled)
      lines.push(`  ${s.name ?? s.id} (${s.type}, ${s.status}, step ${s.step}) due ${s.dueAt}`);
  } else lines.push('Stalled actions: none');
  return lines.join('\n');
}
