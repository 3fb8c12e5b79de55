/**
 * Edits of live sequences (docs/architecture.md §3) and delegation, through the core's `liveEdits` plans, found
 * from the records themselves so an edit made while the companion was stopped is applied after a
 * restart:
 * - every open participant carries `Sequence_Version__c`, the version of its sequence its actions
 *   are in line with (`sequenceVersion`: the actions, their steps and delegate fields); a participant
 *   whose version is not its sequence's current one is brought in line and stamped:
 *   - an action appended to the live sequence gets a participant action (`planAppendAction`);
 *   - a changed delegate field re-assigns open participant actions (`resolveDelegate`); an inactive
 *     delegate makes the action NOT_ACTIONABLE, shown with the reason;
 * - a removed action (its participant actions lost their `Sequence_Action__c`) cancels their open
 *   participant actions (SEQUENCE_EDITED) and advances participants for whom it was current.
 */
import { resolveDelegate } from '../../core/delegation';
import { planAppendAction, planReassignment, planRemoveAction } from '../../core/lifecycle/liveEdits';
import { ADMITTED_PARTICIPANT_STATUSES, UNCLAIMED_OPEN_ACTION_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlIdList, soqlList, soqlString } from '../api';
import { unusableDelegateFields } from '../delegate-fields';
import { truncate255 } from '../errors';
import {
  PARTICIPANT_FIELDS,
  personOf,
  type ParticipantRecord,
  type SequenceActionRecord,
  type SequenceRecord
} from '../model';
import { applyPlan, loadOpenActions, snapshotOf, type OpenAction } from './advance';
import { isStale, type PassContext } from './context';
import { sequenceVersion } from './sequence-version';
import { WriteBatch } from './writes';

const REMOVED = '__removed__';

type Orphan = { Id: string; Participant__c: string };
type OpenParticipant = ParticipantRecord & Record<string, unknown>;

export interface LiveEditReads {
  /** Open participant actions whose sequence action was deleted. */
  orphans: Orphan[];
  /** Sequences with open participants whose actions are not in line with the current version. */
  outdated: string[];
}

export async function readLiveEdits(ctx: PassContext): Promise<LiveEditReads> {
  const versions = [...ctx.catalog.sequences.values()].map((s) => soqlString(sequenceVersion(s)));
  const [orphans, outdated] = await Promise.all([
    ctx.api.query<Orphan>(
      `SELECT Id, Participant__c FROM Participant_Action__c WHERE Sequence_Action__c = null AND Status__c IN ${soqlList(UNCLAIMED_OPEN_ACTION_STATUSES)} LIMIT ${ctx.settings.batchSize}`
    ),
    versions.length === 0
      ? Promise.resolve([])
      : ctx.api.query<{ Sequence__c: string }>(
          `SELECT Sequence__c FROM Sequence_Participant__c WHERE Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)} AND (Sequence_Version__c = null OR Sequence_Version__c NOT IN (${versions.join(', ')})) LIMIT ${ctx.settings.batchSize}`
        )
  ]);
  return { orphans, outdated: [...new Set(outdated.map((p) => p.Sequence__c))] };
}

export async function applyLiveEdits(
  ctx: PassContext,
  read: Promise<LiveEditReads> = readLiveEdits(ctx)
): Promise<void> {
  const { orphans, outdated } = await read;
  // Rows earlier stages changed wait for the next pass; this stage's own writes below do not (the
  // removal reads the participants' actions again after them).
  const changedBefore = new Set(ctx.touched);
  // Appends first: a participant whose last step is removed while a new one is added moves on to
  // the new step instead of completing.
  for (const sequenceId of outdated) {
    const sequence = ctx.catalog.sequences.get(sequenceId);
    if (sequence) await bringInLine(ctx, sequence);
  }
  await cancelRemovedActions(
    ctx,
    orphans.filter((o) => !changedBefore.has(o.Id) && !changedBefore.has(o.Participant__c))
  );
}

/**
 * Gives the open participants of a sequence the actions appended since their version, re-assigns
 * their open actions by the current delegation, and stamps the current version on them.
 */
async function bringInLine(ctx: PassContext, sequence: SequenceRecord): Promise<void> {
  const delegateFields = [
    sequence.Delegate_Field__c,
    ...sequence.actions.map((a) => a.Delegate_Field__c)
  ].filter((f): f is string => !!f);
  const participants = (await openParticipantsOf(ctx, sequence.Id, delegateFields)).filter(
    (p) => !isStale(ctx, p.Id)
  );
  if (participants.length === 0) return;
  const existing = await sequenceActionsOf(
    ctx,
    participants.map((p) => p.Id)
  );
  let complete = true;
  for (const action of sequence.actions) {
    // A participant that has this action in any status (done, or appended by another worker) keeps it.
    const lacking = participants.filter((p) => !existing.get(p.Id)?.has(action.Id));
    if (lacking.length > 0) complete = (await appendAction(ctx, action, lacking, existing)) && complete;
  }
  // A participant without a version predates versions: its owners are taken as they are.
  const versioned = participants.filter((p) => !!p.Sequence_Version__c);
  if (versioned.length > 0) await reassign(ctx, sequence, versioned);
  // A failed append is tried again next pass: the version is stamped once everything is in line.
  if (!complete) return;
  const version = sequenceVersion(sequence);
  // Not marked as touched: the stamp does not change anything the other stages read this pass.
  const batch = new WriteBatch();
  for (const participant of participants)
    if (participant.Sequence_Version__c !== version)
      batch.update('Sequence_Participant__c', participant.Id, { Sequence_Version__c: version });
  await batch.flush(ctx.api);
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

/** Which sequence actions each participant has a participant action for, in any status. */
async function sequenceActionsOf(
  ctx: PassContext,
  participantIds: string[]
): Promise<Map<string, Set<string>>> {
  const pages = await Promise.all(
    chunk(participantIds, 300).map((ids) =>
      ctx.api.query<{ Participant__c: string; Sequence_Action__c: string | null }>(
        `SELECT Participant__c, Sequence_Action__c FROM Participant_Action__c WHERE Participant__c IN ${soqlIdList(ids)}`
      )
    )
  );
  const byParticipant = new Map<string, Set<string>>();
  for (const row of pages.flat()) {
    const set = byParticipant.get(row.Participant__c) ?? new Set<string>();
    if (row.Sequence_Action__c) set.add(row.Sequence_Action__c);
    byParticipant.set(row.Participant__c, set);
  }
  return byParticipant;
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
): Promise<OpenParticipant[]> {
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
    `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c, Admitted_At__c, Sequence_Version__c, ${ctx.catalog.personSelect()}${extraSelect} FROM Sequence_Participant__c ` +
      // Queued participants get their actions when they are admitted (materialise.ts).
      `WHERE Sequence__c = ${soqlString(sequenceId)} AND Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)}`
  );
}

async function ownerResolver(
  ctx: PassContext,
  sequenceId: string
): Promise<
  (
    participant: ParticipantRecord | undefined,
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
  return (participant, action) => {
    const delegation = resolveDelegate({
      actionDelegateField: usable(action?.Delegate_Field__c),
      sequenceDelegateField: usable(sequence?.Delegate_Field__c),
      record: personOf(participant)?.record ?? {},
      // An Opportunity sequence's record owner is the opportunity's: the rep who works the deal.
      ownerRecord: sequence?.Target_Object__c === 'Opportunity' ? participant?.Opportunity__r : null,
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

/**
 * Appends `action` for participants that lack it; `existing` (sequence actions per participant) is
 * updated. Returns whether every insert was written (an action refused as not at the end counts as
 * done: it cannot be applied to participants already under way).
 */
async function appendAction(
  ctx: PassContext,
  action: SequenceActionRecord,
  lacking: OpenParticipant[],
  existing: Map<string, Set<string>>
): Promise<boolean> {
  const open = await loadOpenActions(
    ctx,
    lacking.map((p) => p.Id)
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
      // The steps these participants already have (appends go in step order, so a later one sees this one).
      existingSteps: (sequence?.actions ?? [])
        .filter((a) => a.Id !== action.Id && lacking.some((p) => existing.get(p.Id)?.has(a.Id)))
        .map((a) => a.Step_Number__c),
      ownerFor: (participantId) => {
        const resolved = ownerOf(byId.get(participantId), action);
        if (resolved.problem) problems.set(participantId, resolved.problem);
        return resolved.userId;
      },
      calendarFor: (participantId) =>
        ctx.catalog.calendarFor(sequence, personOf(byId.get(participantId))?.record?.OwnerId ?? null)
    }
  );
  if (!plan.ok) {
    ctx.log.warn({ action: action.Id, error: plan.error }, 'appended action not applied');
    return true;
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
  const failures = await batch.flush(ctx.api);
  for (const failure of failures)
    ctx.log.warn({ type: failure.type, record: failure.record, outcome: failure.outcome }, 'append failed');
  for (const participant of lacking) {
    const set = existing.get(participant.Id) ?? new Set<string>();
    set.add(action.Id);
    existing.set(participant.Id, set);
  }
  return failures.length === 0;
}

async function reassign(
  ctx: PassContext,
  sequence: SequenceRecord,
  participants: OpenParticipant[]
): Promise<void> {
  const sequenceId = sequence.Id;
  const open = await loadOpenActions(
    ctx,
    participants.map((p) => p.Id)
  );
  const ownerOf = await ownerResolver(ctx, sequenceId);
  const batch = new WriteBatch(ctx.touched);
  for (const participant of participants) {
    const list: OpenAction[] = open.get(participant.Id) ?? [];
    const problems = new Map<string, string>();
    const patches = planReassignment(snapshotOf(ctx, participant, list), (a) => {
      const resolved = ownerOf(
        participant,
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
