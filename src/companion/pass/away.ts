/**
 * Away mode: applies reps' absences (Away_Period__c) to their open actions with the core's plans.
 * While a rep is away, their manual actions of Cover sequences go to the cover user (marked
 * Covering_For__c, so Engage shows them as inherited) and come back on the return; actions of Hold
 * sequences — and automatic messages of sequences that do not send on an absent rep's behalf — wait
 * and are re-spaced after the return at a daily pace. Checked every {@link AWAY_INTERVAL_MS} of org
 * time (one query while nobody is away).
 */
import {
  DEFAULT_RETURN_PACE_PER_DAY,
  planCover,
  planHold,
  type Absence,
  type OpenAction
} from '../../core/away';
import { ADMITTED_PARTICIPANT_STATUSES, UNCLAIMED_CHAIN_ACTION_STATUSES } from '../../core/lifecycle/states';
import { soqlDateTime, soqlIdList, soqlList } from '../api';
import type { ParticipantActionRecord } from '../model';
import type { PassContext } from './context';
import { WriteBatch } from './writes';

/** How often absences are looked at (org time): an absence is set hours ahead, not seconds. */
export const AWAY_INTERVAL_MS = 5 * 60 * 1000;

const checkedAt = new WeakMap<object, number>();

export interface AwayPeriodRow {
  OwnerId: string;
  Starts_At__c: string;
  Ends_At__c: string;
  Cover_User__c: string | null;
}

type OpenActionRow = Pick<
  ParticipantActionRecord,
  'Id' | 'Participant__c' | 'Assigned_To__c' | 'Due_At__c' | 'Status__c' | 'Type__c' | 'Activation__c'
> & {
  Covering_For__c: string | null;
  Participant__r?: {
    Sequence__r?: { Away_Policy__c?: string | null; Send_While_Away__c?: boolean | null } | null;
  } | null;
};

const MESSAGE_TYPES = new Set(['Email', 'SMS']);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The policy an action follows while its rep is away: its sequence's, except that an automatic
 * message of a sequence that does not send on an absent rep's behalf is held (it must not go out
 * under the rep's name, nor under the cover user's).
 */
function policyOf(row: OpenActionRow): OpenAction['policy'] {
  const sequence = row.Participant__r?.Sequence__r;
  const automaticMessage = row.Activation__c === 'Automatic' && MESSAGE_TYPES.has(row.Type__c);
  if (automaticMessage && !sequence?.Send_While_Away__c) return 'Hold';
  return sequence?.Away_Policy__c === 'Hold' ? 'Hold' : 'Cover';
}

/**
 * Absences going on now, and those that ended in the last day (their covered work goes back); null
 * when they were looked at less than {@link AWAY_INTERVAL_MS} ago. Read with the pass's other reads.
 */
export function readAwayPeriods(ctx: PassContext): Promise<AwayPeriodRow[] | null> {
  const now = ctx.now.getTime();
  const last = checkedAt.get(ctx.api);
  if (last !== undefined && now - last < AWAY_INTERVAL_MS && now >= last) return Promise.resolve(null);
  return ctx.api.query<AwayPeriodRow>(
    'SELECT OwnerId, Starts_At__c, Ends_At__c, Cover_User__c FROM Away_Period__c ' +
      `WHERE Starts_At__c <= ${soqlDateTime(ctx.now, 'up')} AND Ends_At__c >= ${soqlDateTime(new Date(now - DAY_MS))} ` +
      'ORDER BY Starts_At__c'
  );
}

/** Applies absences to open actions; returns how many actions it changed. */
export async function applyAbsences(
  ctx: PassContext,
  read: Promise<AwayPeriodRow[] | null> = readAwayPeriods(ctx)
): Promise<number> {
  const periods = await read;
  if (periods === null) return 0;
  const now = ctx.now.getTime();
  checkedAt.set(ctx.api, now);
  if (periods.length === 0) return 0;
  const absences = new Map<string, { absence: Absence; cover: string | null }>();
  for (const period of periods) {
    const absence: Absence = {
      userId: period.OwnerId,
      from: new Date(period.Starts_At__c),
      until: new Date(period.Ends_At__c)
    };
    // The absence in force wins over one that already ended.
    const current = absences.get(period.OwnerId);
    if (!current || absence.until > current.absence.until) {
      absences.set(period.OwnerId, { absence, cover: period.Cover_User__c });
    }
  }
  const reps = [...absences.keys()];
  const rows = await ctx.api.query<OpenActionRow>(
    'SELECT Id, Participant__c, Assigned_To__c, Covering_For__c, Due_At__c, Status__c, Type__c, Activation__c, ' +
      'Participant__r.Sequence__r.Away_Policy__c, Participant__r.Sequence__r.Send_While_Away__c ' +
      `FROM Participant_Action__c WHERE (Assigned_To__c IN ${soqlIdList(reps)} OR Covering_For__c IN ${soqlIdList(reps)}) ` +
      `AND Status__c IN ${soqlList(UNCLAIMED_CHAIN_ACTION_STATUSES)} AND Participant__r.Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)}`
  );
  const batch = new WriteBatch(ctx.touched);
  for (const [rep, { absence, cover }] of absences) {
    const actions: OpenAction[] = rows
      .filter((row) => row.Assigned_To__c === rep || row.Covering_For__c === rep)
      .map((row) => ({
        id: row.Id,
        ownerId: row.Assigned_To__c ?? rep,
        dueAt: row.Due_At__c ? new Date(row.Due_At__c) : null,
        coveringFor: row.Covering_For__c,
        policy: policyOf(row)
      }));
    for (const change of planCover({ absence, repId: rep, coverUserId: cover, actions, now: ctx.now })) {
      batch.update('Participant_Action__c', change.actionId, {
        Assigned_To__c: change.ownerId,
        Covering_For__c: change.coveringFor
      });
    }
    if (ctx.now < absence.until) {
      // Without a cover user, Cover work waits like Hold work.
      const held = cover ? actions : actions.map((action) => ({ ...action, policy: 'Hold' as const }));
      for (const redate of planHold({ absence, actions: held, perDay: DEFAULT_RETURN_PACE_PER_DAY })) {
        const row = rows.find((r) => r.Id === redate.actionId);
        batch.update('Participant_Action__c', redate.actionId, {
          Due_At__c: redate.dueAt.toISOString(),
          // A due action that now waits for the return is upcoming again; make-due brings it back.
          ...(row?.Status__c === 'Due' ? { Status__c: 'Upcoming' } : {}),
          Reason_Detail__c: `Held while the rep is away; due after the return on ${absence.until.toISOString()}`
        });
      }
    }
  }
  const changed = batch.size;
  const failures = await batch.flush(ctx.api);
  for (const failure of failures) {
    ctx.log.warn(
      { record: failure.record.Id, outcome: failure.outcome },
      'away mode: an action could not be updated'
    );
  }
  return changed - failures.length;
}
