/**
 * Edits of live sequences (docs/architecture.md §3) and delegation, through the core's `liveEdits` plans:
 * - a removed action (its participant actions lost their `Sequence_Action__c`) cancels their open
 *   participant actions (SEQUENCE_EDITED) and advances participants for whom it was current;
 * - an action appended to a live sequence gets a participant action for every open participant;
 * - a changed delegate field re-assigns open participant actions (`resolveDelegate`); an inactive
 *   delegate makes the action NOT_ACTIONABLE, shown with the reason.
 */
import { resolveDelegate } from '../../core/delegation';
import { planAppendAction, planReassignment, planRemoveAction } from '../../core/lifecycle/liveEdits';
import { chunk, soqlIdList, soqlString } from '../api';
import { unusableDelegateFields } from '../delegate-fields';
import { truncate255 } from '../errors';
import {
  PARTICIPANT_FIELDS,
  personOf,
  type ParticipantRecord,
  type PersonRecord,
  type SequenceActionRecord
} from '../model';
import { applyPlan, loadOpenActions, snapshotOf, type OpenAction } from './advance';
import { isStale, type PassContext } from './context';
import { WriteBatch } from './writes';

const REMOVED = '__removed__';

type Orphan = { Id: string; Participant__c: string };

/** Open participant actions whose sequence action was deleted. */
export function readLiveEdits(ctx: PassContext): Promise<Orphan[]> {
  return ctx.api.query<Orphan>(
    `SELECT Id, Participant__c FROM Participant_Action__c WHERE Sequence_Action__c = null AND Status__c IN ('Upcoming','Due','Waiting_Criteria','Deferred') LIMIT ${ctx.settings.batchSize}`
  );
}

export async function applyLiveEdits(
  ctx: PassContext,
  read: Promise<Orphan[]> = readLiveEdits(ctx)
): Promise<void> {
  // Appends first: a participant whose last step is removed while a new one is added moves on to
  // the new step instead of completing.
  const { appended, delegationChanged } = ctx.catalog.changes;
  for (const action of appended) await appendAction(ctx, action);
  await cancelRemovedActions(
    ctx,
    (await read).filter((o) => !isStale(ctx, o.Id, o.Participant__c))
  );
  for (const sequenceId of delegationChanged) await reassign(ctx, sequenceId);
  ctx.catalog.changes = { appended: [], delegationChanged: new Set() };
}

async function cancelRemovedActions(ctx: PassContext, orphans: Orphan[]): Promise<void> {
  if (orphans.length === 0) return;
  const participantIds = [...new Set(orphans.map((o) => o.Participant__c))];
  const [participants, open] = await Promise.all([
    loadParticipants(ctx, participantIds),
    loadOpenActions(ctx, participantIds)
  ]);
  const batch = new WriteBatch(ctx.touched);
  for (const participant of participants) {
    const list = (open.get(participant.Id) ?? []).map((a) =>
      a.Sequence_Action__c ? a : { ...a, Sequence_Action__c: REMOVED }
    );
    applyPlan(
      ctx,
      batch,
      planRemoveAction(snapshotOf(ctx, participant, list), REMOVED, ctx.now),
      list,
      participant
    );
  }
  await batch.flush(ctx.api);
}

async function loadParticipants(
  ctx: PassContext,
  ids: string[]
): Promise<Array<ParticipantRecord & Record<string, unknown>>> {
  const pages = await Promise.all(
    chunk(ids, 300).map((part) =>
      ctx.api.query<ParticipantRecord & Record<string, unknown>>(
        `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c, Admitted_At__c, ${ctx.catalog.personSelect()} FROM Sequence_Participant__c WHERE Id IN ${soqlIdList(part)}`
      )
    )
  );
  return pages.flat();
}

async function openParticipantsOf(
  ctx: PassContext,
  sequenceId: string,
  extraPersonFields: string[] = []
): Promise<Array<ParticipantRecord & Record<string, unknown>>> {
  // Only describe-checked User lookups on the sequence's target reach the query: one bad value
  // must not break this stage for every sequence.
  const target = ctx.catalog.sequences.get(sequenceId)?.Target_Object__c === 'Contact' ? 'Contact' : 'Lead';
  const unusable = await unusableDelegateFields(ctx.api, target, extraPersonFields);
  const extra = extraPersonFields
    .filter((f) => !unusable.has(f))
    .map((f) => `${target}__r.${f}`)
    .filter((f, i, all) => all.indexOf(f) === i);
  const extraSelect = extra.length ? `, ${extra.join(', ')}` : '';
  return ctx.api.query<ParticipantRecord & Record<string, unknown>>(
    `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c, Admitted_At__c, ${ctx.catalog.personSelect()}${extraSelect} FROM Sequence_Participant__c ` +
      `WHERE Sequence__c = ${soqlString(sequenceId)} AND Status__c IN ('Queued','Active','Paused')`
  );
}

async function ownerResolver(
  ctx: PassContext,
  sequenceId: string
): Promise<
  (
    person: PersonRecord | null,
    action: SequenceActionRecord | undefined
  ) => { userId: string | null; problem?: string }
> {
  const sequence = ctx.catalog.sequences.get(sequenceId);
  const target = sequence?.Target_Object__c === 'Contact' ? 'Contact' : 'Lead';
  const unusable = await unusableDelegateFields(ctx.api, target, [
    sequence?.Delegate_Field__c,
    ...(sequence?.actions ?? []).map((a) => a.Delegate_Field__c)
  ]);
  const usable = (field: string | null | undefined) => (field && !unusable.has(field) ? field : null);
  const users = Object.fromEntries(
    [...ctx.catalog.users.values()].map((u) => [u.Id, { IsActive: u.IsActive }])
  );
  return (person, action) => {
    const delegation = resolveDelegate({
      actionDelegateField: usable(action?.Delegate_Field__c),
      sequenceDelegateField: usable(sequence?.Delegate_Field__c),
      record: person ?? {},
      users
    });
    const fieldProblem =
      unusable.get(action?.Delegate_Field__c ?? '') ?? unusable.get(sequence?.Delegate_Field__c ?? '');
    if (fieldProblem) return { userId: delegation.userId, problem: fieldProblem };
    return 'reason' in delegation
      ? { userId: delegation.userId, problem: delegation.message }
      : { userId: delegation.userId };
  };
}

async function appendAction(ctx: PassContext, action: SequenceActionRecord): Promise<void> {
  const participants = await openParticipantsOf(
    ctx,
    action.Sequence__c,
    action.Delegate_Field__c ? [action.Delegate_Field__c] : []
  );
  if (participants.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    participants.map((p) => p.Id)
  );
  // A participant that already has this action (another worker appended it) is left alone.
  const lacking = participants.filter(
    (p) => !(open.get(p.Id) ?? []).some((a) => a.Sequence_Action__c === action.Id)
  );
  const sequence = ctx.catalog.sequences.get(action.Sequence__c);
  const ownerOf = await ownerResolver(ctx, action.Sequence__c);
  const byId = new Map(lacking.map((p) => [p.Id, p]));
  const problems = new Map<string, string>();
  const plan = planAppendAction(
    lacking.map((p) => snapshotOf(ctx, p, open.get(p.Id) ?? [])),
    {
      Id: action.Id,
      Step_Number__c: action.Step_Number__c,
      Type__c: action.Type__c,
      Activation__c: action.Activation__c,
      timing: action
    },
    {
      now: ctx.now,
      existingSteps: (sequence?.actions ?? []).filter((a) => a.Id !== action.Id).map((a) => a.Step_Number__c),
      ownerFor: (participantId) => {
        const resolved = ownerOf(personOf(byId.get(participantId))?.record ?? null, action);
        if (resolved.problem) problems.set(participantId, resolved.problem);
        return resolved.userId;
      },
      calendarFor: (participantId) =>
        ctx.catalog.calendarFor(sequence, personOf(byId.get(participantId))?.record?.OwnerId ?? null)
    }
  );
  if (!plan.ok) {
    ctx.log.warn({ action: action.Id, error: plan.error }, 'appended action not applied');
    return;
  }
  const batch = new WriteBatch(ctx.touched);
  for (const insert of plan.value.inserts) {
    const problem = problems.get(insert.Participant__c);
    batch.create('Participant_Action__c', {
      ...insert,
      Due_At__c: insert.Due_At__c ? insert.Due_At__c.toISOString() : null,
      ...(problem ? { Reason__c: 'NOT_ACTIONABLE', Reason_Detail__c: truncate255(problem) } : {})
    });
  }
  for (const participant of plan.value.participants)
    batch.update('Sequence_Participant__c', participant.Id, { Current_Step__c: participant.Current_Step__c });
  await batch.flush(ctx.api);
}

async function reassign(ctx: PassContext, sequenceId: string): Promise<void> {
  const sequence = ctx.catalog.sequences.get(sequenceId);
  const fields = [
    sequence?.Delegate_Field__c,
    ...(sequence?.actions ?? []).map((a) => a.Delegate_Field__c)
  ].filter((f): f is string => !!f);
  const participants = await openParticipantsOf(ctx, sequenceId, fields);
  if (participants.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    participants.map((p) => p.Id)
  );
  const ownerOf = await ownerResolver(ctx, sequenceId);
  const batch = new WriteBatch(ctx.touched);
  for (const participant of participants) {
    const list: OpenAction[] = open.get(participant.Id) ?? [];
    const person = personOf(participant)?.record ?? null;
    const problems = new Map<string, string>();
    const patches = planReassignment(snapshotOf(ctx, participant, list), (a) => {
      const resolved = ownerOf(
        person,
        a.Sequence_Action__c ? ctx.catalog.actions.get(a.Sequence_Action__c) : undefined
      );
      if (resolved.problem) problems.set(a.Id, resolved.problem);
      return resolved.userId;
    });
    for (const patch of patches) {
      const problem = problems.get(patch.Id);
      batch.update(
        'Participant_Action__c',
        patch.Id,
        problem
          ? {
              Assigned_To__c: patch.Assigned_To__c,
              Reason__c: 'NOT_ACTIONABLE',
              Reason_Detail__c: truncate255(problem)
            }
          : { Assigned_To__c: patch.Assigned_To__c }
      );
    }
    // A problem that leaves the worker unchanged (an unusable delegate field falls back to the
    // record owner) is still shown on the action.
    const patched = new Set(patches.map((p) => p.Id));
    for (const [id, problem] of problems) {
      if (!patched.has(id))
        batch.update('Participant_Action__c', id, {
          Reason__c: 'NOT_ACTIONABLE',
          Reason_Detail__c: truncate255(problem)
        });
    }
  }
  await batch.flush(ctx.api);
}
