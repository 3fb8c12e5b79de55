/**
 * Bridges the core lifecycle (`src/core/lifecycle/operations`: complete, skip, fail, defer,
 * reschedule, pause, resume, exit) to Salesforce: builds a participant snapshot from a batched
 * read of open actions, and queues the plan the core returns as batched writes.
 */
import { isValidTimeZone } from '../../core/timing';
import type { CoreError, Result } from '../../core/result';
import type {
  LifecyclePlan,
  ParticipantActionRecord as CoreAction,
  ParticipantSnapshot
} from '../../core/lifecycle/operations';
import { OPEN_ACTION_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlIdList, soqlList } from '../api';
import { parseSfDate, type ParticipantActionRecord, type ParticipantRecord } from '../model';
import type { PassContext } from './context';
import type { WriteBatch } from './writes';

/** The open actions of a participant, lean. */
export type OpenAction = Pick<
  ParticipantActionRecord,
  | 'Id'
  | 'Participant__c'
  | 'Status__c'
  | 'Due_At__c'
  | 'Deferred_Until__c'
  | 'Sequence_Action__c'
  | 'Assigned_To__c'
> & { Step_Number__c: number };

const OPEN_STATUSES = soqlList(OPEN_ACTION_STATUSES);
/** Ids per `IN (...)` list, to keep the query URL well under limits. */
const IDS_PER_QUERY = 300;

/** One query per 300 participants: their open actions, grouped and sorted by step. */
export async function loadOpenActions(
  ctx: PassContext,
  participantIds: string[]
): Promise<Map<string, OpenAction[]>> {
  const unique = [...new Set(participantIds)];
  const byParticipant = new Map<string, OpenAction[]>();
  const pages = await Promise.all(
    chunk(unique, IDS_PER_QUERY).map((ids) =>
      ctx.api.query<OpenAction & Record<string, unknown>>(
        `SELECT Id, Participant__c, Step_Number__c, Status__c, Due_At__c, Deferred_Until__c, Sequence_Action__c, Assigned_To__c FROM Participant_Action__c WHERE Participant__c IN ${soqlIdList(ids)} AND Status__c IN ${OPEN_STATUSES}`
      )
    )
  );
  for (const record of pages.flat()) {
    const list = byParticipant.get(record.Participant__c) ?? [];
    list.push(record);
    byParticipant.set(record.Participant__c, list);
  }
  for (const list of byParticipant.values()) list.sort((a, b) => a.Step_Number__c - b.Step_Number__c);
  return byParticipant;
}

/** The core's view of one participant: its open actions with their timing and owner calendar. */
export function snapshotOf(
  ctx: PassContext,
  participant: ParticipantRecord & { Paused_At__c?: string | null },
  open: OpenAction[]
): ParticipantSnapshot {
  const sequence = ctx.catalog.sequences.get(participant.Sequence__c);
  const actions: CoreAction[] = open.map((a) => {
    const action = a.Sequence_Action__c ? ctx.catalog.actions.get(a.Sequence_Action__c) : undefined;
    return {
      Id: a.Id,
      Step_Number__c: a.Step_Number__c,
      Status__c: a.Status__c,
      Due_At__c: parseSfDate(a.Due_At__c),
      Deferred_Until__c: parseSfDate(a.Deferred_Until__c ?? null),
      Sequence_Action__c: a.Sequence_Action__c,
      Assigned_To__c: a.Assigned_To__c,
      timing: {
        Delay_Amount__c: action?.Delay_Amount__c ?? 0,
        Delay_Unit__c: action?.Delay_Unit__c ?? 'Days',
        Timing__c: action?.Timing__c ?? 'Immediate (Any Day)'
      },
      calendar: ctx.catalog.calendarFor(sequence, a.Assigned_To__c)
    };
  });
  return {
    participant: {
      Id: participant.Id,
      Status__c: participant.Status__c,
      Current_Step__c: participant.Current_Step__c,
      Paused_At__c: parseSfDate(participant.Paused_At__c ?? null),
      Admitted_At__c: parseSfDate(participant.Admitted_At__c ?? null),
      // A zone that is not an IANA zone falls back to the sequence's (admit.ts records the reason).
      Time_Zone__c: isValidTimeZone(participant.Time_Zone__c) ? participant.Time_Zone__c : null
    },
    actions,
    useRecipientTimeZone: sequence?.Use_Recipient_Time_Zone__c === true
  };
}

function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'Id') continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/**
 * Queues a lifecycle plan's writes, merges `extra` fields into the named action's write, updates the
 * snapshot's open actions in place (so a later operation in the same pass sees them), and counts.
 * The plan's writes are one atomic unit (see `WriteBatch.unit`): a participant is never left with
 * its step advanced but its next action undated.
 */
export function queuePlan(
  ctx: PassContext,
  batch: WriteBatch,
  plan: LifecyclePlan,
  open: OpenAction[] | undefined,
  participant: ParticipantRecord | undefined,
  extra?: { actionId: string; fields: Record<string, unknown> }
): void {
  batch.unit(() => queuePlanWrites(ctx, batch, plan, open, participant, extra));
}

function queuePlanWrites(
  ctx: PassContext,
  batch: WriteBatch,
  plan: LifecyclePlan,
  open: OpenAction[] | undefined,
  participant: ParticipantRecord | undefined,
  extra?: { actionId: string; fields: Record<string, unknown> }
): void {
  if (extra) batch.update('Participant_Action__c', extra.actionId, extra.fields);
  for (const patch of plan.actions) {
    batch.update('Participant_Action__c', patch.Id, serialise(patch as unknown as Record<string, unknown>));
    const local = open?.find((a) => a.Id === patch.Id);
    if (local && patch.Status__c) local.Status__c = patch.Status__c;
    if (local && patch.Due_At__c !== undefined)
      local.Due_At__c = patch.Due_At__c ? patch.Due_At__c.toISOString() : null;
    switch (patch.Status__c) {
      case 'Completed':
        ctx.stats.completed++;
        break;
      case 'Skipped':
        ctx.stats.skipped++;
        break;
      case 'Deferred':
        ctx.stats.deferred++;
        break;
      case 'Failed':
        ctx.stats.failed++;
        break;
      default:
        break;
    }
  }
  if (plan.participant) {
    batch.update(
      'Sequence_Participant__c',
      plan.participant.Id,
      serialise(plan.participant as unknown as Record<string, unknown>)
    );
    if (participant && plan.participant.Status__c) participant.Status__c = plan.participant.Status__c;
    if (participant && plan.participant.Current_Step__c !== undefined)
      participant.Current_Step__c = plan.participant.Current_Step__c;
    if (plan.participant.Status__c === 'Completed') ctx.stats.participantsCompleted++;
    if (plan.participant.Status__c === 'Exited') ctx.stats.exited++;
  }
}

/**
 * Applies a core operation's result: queues the plan, or logs why it could not be applied and
 * returns the error (the caller records it on the action).
 */
export function applyPlan(
  ctx: PassContext,
  batch: WriteBatch,
  result: Result<LifecyclePlan, CoreError>,
  open: OpenAction[] | undefined,
  participant: ParticipantRecord | undefined,
  extra?: { actionId: string; fields: Record<string, unknown> }
): CoreError | null {
  if (!result.ok) {
    ctx.log.warn({ participant: participant?.Id, error: result.error }, 'lifecycle operation refused');
    if (extra) batch.update('Participant_Action__c', extra.actionId, extra.fields);
    return result.error;
  }
  queuePlan(ctx, batch, result.value, open, participant, extra);
  return null;
}
