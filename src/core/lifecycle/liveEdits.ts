/**
 * Edits of a live sequence and what they do to its participants (docs/architecture.md §3): new actions only at
 * the end; removing an action cancels its open participant actions (reason SEQUENCE_EDITED) and
 * advances participants for whom it was current; changing delegation re-assigns open actions.
 */
import type { Activation, ActionType } from '../constants';
import { fail, ok, type CoreError, type Result } from '../result';
import { dueAtForAction, type ActionTiming } from '../timing/dueAt';
import type { BusinessCalendar } from '../timing/businessHours';
import { redateFollowing } from '../schedule';
import { CHAIN_ACTION_STATUSES, OPEN_ACTION_STATUSES, OPEN_PARTICIPANT_STATUSES } from './states';
import {
  currentAction,
  type ActionPatch,
  type LifecyclePlan,
  type ParticipantActionRecord,
  type ParticipantSnapshot
} from './operations';

/** The new action appended to a live sequence. */
export interface AppendedAction {
  Id: string;
  Step_Number__c: number;
  Type__c: ActionType;
  Activation__c?: Activation | null;
  timing: ActionTiming;
}

/** A participant action to insert for an existing participant. */
export interface AppendedParticipantAction {
  Participant__c: string;
  Sequence_Action__c: string;
  Step_Number__c: number;
  Type__c: ActionType;
  Activation__c: Activation;
  Status__c: 'Upcoming';
  Due_At__c: Date | null;
  Assigned_To__c: string | null;
  Attempts__c: 0;
}

/** What appending an action writes. */
export interface AppendPlan {
  inserts: AppendedParticipantAction[];
  participants: { Id: string; Current_Step__c: number }[];
}

/**
 * Adds a new last action to every open participant (Queued, Active, Paused). Its due time is projected
 * from the participant's last upcoming action; when the participant has no current action left (only
 * deferred ones), the new action becomes current, due from `now`. Completed and exited participants are
 * not touched. The step number must come after every existing step.
 *
 * @example
 * planAppendAction(snapshots, { Id: 'a09', Step_Number__c: 4, Type__c: 'Email', timing: { Delay_Amount__c: 1, Delay_Unit__c: 'Days' } },
 *   { now, ownerFor: () => '005A', calendarFor: () => calendar })
 * //=> { ok: true, value: { inserts: [{ Participant__c: 'p1', Sequence_Action__c: 'a09', Step_Number__c: 4, Status__c: 'Upcoming', Due_At__c: … }], participants: [] } }
 */
export function planAppendAction(
  snapshots: readonly ParticipantSnapshot[],
  action: AppendedAction,
  context: {
    now: Date;
    existingSteps: readonly number[];
    ownerFor?: (participantId: string) => string | null;
    calendarFor?: (participantId: string) => BusinessCalendar | null;
  }
): Result<AppendPlan> {
  const last = Math.max(0, ...context.existingSteps);
  if (!Number.isInteger(action.Step_Number__c) || action.Step_Number__c <= last)
    return fail(
      'APPEND_NOT_AT_END',
      `Step_Number__c: a live sequence only takes new actions at the end (after step ${last}), got ${action.Step_Number__c}`,
      'Step_Number__c'
    );
  const plan: AppendPlan = { inserts: [], participants: [] };
  for (const snapshot of snapshots) {
    const participant = snapshot.participant;
    if (!OPEN_PARTICIPANT_STATUSES.includes(participant.Status__c)) continue;
    const calendar = context.calendarFor?.(participant.Id) ?? null;
    const zone = snapshot.useRecipientTimeZone ? participant.Time_Zone__c : null;
    let due: Date | null = null;
    if (participant.Status__c !== 'Queued') {
      const chain = snapshot.actions.filter((candidate) =>
        CHAIN_ACTION_STATUSES.includes(candidate.Status__c)
      );
      const lastUpcoming = chain.sort((a, b) => b.Step_Number__c - a.Step_Number__c)[0];
      const base =
        lastUpcoming?.Due_At__c != null && lastUpcoming.Due_At__c.getTime() > context.now.getTime()
          ? lastUpcoming.Due_At__c
          : context.now;
      const computed = dueAtForAction(action.timing, base, calendar, zone);
      if (!computed.ok)
        return fail(
          computed.error.code,
          `Participant ${participant.Id}: ${computed.error.message}`,
          computed.error.path
        );
      due = computed.value;
      if (!lastUpcoming)
        plan.participants.push({ Id: participant.Id, Current_Step__c: action.Step_Number__c });
    }
    plan.inserts.push({
      Participant__c: participant.Id,
      Sequence_Action__c: action.Id,
      Step_Number__c: action.Step_Number__c,
      Type__c: action.Type__c,
      Activation__c: action.Activation__c ?? 'Manual',
      Status__c: 'Upcoming',
      Due_At__c: due,
      Assigned_To__c: context.ownerFor?.(participant.Id) ?? null,
      Attempts__c: 0
    });
  }
  return ok(plan);
}

/**
 * Removes an action from a live sequence for one participant: its open participant actions become
 * Canceled (reason SEQUENCE_EDITED). If it was the current action, the next one becomes current and is
 * re-dated from `now`; if nothing remains open, the participant completes.
 *
 * @example
 * planRemoveAction(snapshot, 'a02', new Date('2026-12-01T15:00:00Z'))
 * //=> { ok: true, value: { participant: { Id: 'p1', Current_Step__c: 3 }, actions: [{ Id: 'pa2', Status__c: 'Canceled', Reason__c: 'SEQUENCE_EDITED' }, { Id: 'pa3', Due_At__c: … }] } }
 */
export function planRemoveAction(
  snapshot: ParticipantSnapshot,
  sequenceActionId: string,
  now: Date
): Result<LifecyclePlan, CoreError> {
  const removed = snapshot.actions.filter(
    (action) =>
      action.Sequence_Action__c === sequenceActionId && OPEN_ACTION_STATUSES.includes(action.Status__c)
  );
  if (removed.length === 0 || !OPEN_PARTICIPANT_STATUSES.includes(snapshot.participant.Status__c))
    return ok({ participant: null, actions: [] });
  const cancels: ActionPatch[] = removed.map((action) => ({
    Id: action.Id,
    Status__c: 'Canceled',
    Reason__c: 'SEQUENCE_EDITED'
  }));
  const canceledIds = new Set(cancels.map((patch) => patch.Id));
  const remaining: ParticipantActionRecord[] = snapshot.actions.map((action) =>
    canceledIds.has(action.Id) ? { ...action, Status__c: 'Canceled' } : action
  );
  const wasCurrent = removed.some((action) => action.Id === currentAction(snapshot.actions)?.Id);
  if (!wasCurrent || snapshot.participant.Status__c === 'Queued')
    return ok({ participant: null, actions: cancels });
  const next = currentAction(remaining);
  if (next) {
    const options = {
      recipientTimeZone: snapshot.useRecipientTimeZone ? snapshot.participant.Time_Zone__c : null
    };
    const dues = redateFollowing(remaining, next.Step_Number__c - 1, now, options);
    if (!dues.ok) return dues;
    return ok({
      participant: { Id: snapshot.participant.Id, Current_Step__c: next.Step_Number__c },
      actions: [...cancels, ...dues.value]
    });
  }
  if (remaining.some((action) => OPEN_ACTION_STATUSES.includes(action.Status__c)))
    return ok({ participant: { Id: snapshot.participant.Id, Current_Step__c: null }, actions: cancels });
  return ok({
    participant: {
      Id: snapshot.participant.Id,
      Status__c: 'Completed',
      Completed_At__c: now,
      Current_Step__c: null,
      Person_Key__c: null
    },
    actions: cancels
  });
}

/**
 * Re-assigns the open participant actions whose delegated owner changed (after the sequence's or an
 * action's `Delegate_Field__c` changed, or the delegate record changed). `ownerFor` returns the newly
 * resolved owner of a participant action (see delegation).
 *
 * @example
 * planReassignment(snapshot, (action) => '005B')
 * //=> [{ Id: 'pa2', Assigned_To__c: '005B' }, { Id: 'pa3', Assigned_To__c: '005B' }] (open actions owned by someone else)
 */
export function planReassignment(
  snapshot: ParticipantSnapshot,
  ownerFor: (action: ParticipantActionRecord) => string | null
): ActionPatch[] {
  const patches: ActionPatch[] = [];
  for (const action of snapshot.actions) {
    if (!OPEN_ACTION_STATUSES.includes(action.Status__c)) continue;
    const owner = ownerFor(action);
    if ((action.Assigned_To__c ?? null) !== owner) patches.push({ Id: action.Id, Assigned_To__c: owner });
  }
  return patches;
}
