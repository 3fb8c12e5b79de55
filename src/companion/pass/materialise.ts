/**
 * Completes enrollments. An enrollment is one record — a Queued `Sequence_Participant__c`, written by
 * `stride enroll` or by the participant panel on a record page — so it is all or nothing: there is no
 * half-written enrollment to find. Before admission the companion gives each queued participant the
 * participant actions it lacks (one per sequence action, matched by `Sequence_Action__c`, owned by the
 * delegate: core `planEnrollment` and `resolveDelegate`), the same for every way in. Creating them is
 * idempotent: a pass that dies half-way leaves a participant still Queued, and the next pass creates
 * only what is missing. A participant that cannot be enrolled (wrong object for the sequence, a
 * sequence without actions, a record the org refuses) exits with the reason on the record.
 */
import { resolveDelegate } from '../../core/delegation';
import { planEnrollment } from '../../core/lifecycle/enrollment';
import type { TargetObject } from '../../core/constants';
import { unusableDelegateFields } from '../delegate-fields';
import { truncate255 } from '../errors';
import { personOf, type ParticipantRecord, type SequenceRecord } from '../model';
import type { OpenAction } from './advance';
import type { PassContext } from './context';
import { sequenceVersion } from './sequence-version';
import { WriteBatch } from './writes';

export interface Materialised {
  /** Participants that cannot be enrolled, with the reason to record as their exit. */
  refused: Array<{ participant: ParticipantRecord; reason: string }>;
  /** Participants whose actions are not all there yet (a failed create): not admitted this pass. */
  incomplete: Set<string>;
}

/**
 * Creates the missing participant actions of queued participants and adds them to `open` (by
 * participant), so admission in the same pass sees them.
 */
export async function materialiseActions(
  ctx: PassContext,
  queued: ParticipantRecord[],
  open: Map<string, OpenAction[]>
): Promise<Materialised> {
  const result: Materialised = { refused: [], incomplete: new Set() };
  const users = Object.fromEntries(
    [...ctx.catalog.users.values()].map((u) => [u.Id, { IsActive: u.IsActive }])
  );
  const batch = new WriteBatch(ctx.touched);
  for (const participant of queued) {
    const sequence = ctx.catalog.sequences.get(participant.Sequence__c);
    const person = personOf(participant);
    if (!sequence || !person?.record) continue; // admission handles unknown sequences and deleted people
    // Only describe-checked User lookups choose owners; an unusable one makes its actions NOT_ACTIONABLE.
    const unusable = await unusableDelegateFields(ctx.api, person.object, [
      sequence.Delegate_Field__c,
      ...sequence.actions.map((a) => a.Delegate_Field__c)
    ]);
    // An Opportunity sequence's record owner is the opportunity's: the rep who works the deal.
    const ownerRecord = sequence.Target_Object__c === 'Opportunity' ? participant.Opportunity__r : null;
    const delegation = ownersFor(sequence, person.record, ownerRecord ?? null, users, unusable);
    const plan = planEnrollment({
      sequence: {
        Id: sequence.Id,
        Active__c: sequence.Active__c,
        Target_Object__c: sequence.Target_Object__c as TargetObject
      },
      actions: sequence.actions,
      person: { object: person.object, id: person.id },
      // The cap and exclusivity were settled when the record was written (Person_Key__c is unique).
      participantCount: 0,
      owners: Object.fromEntries([...delegation].map(([id, d]) => [id, d.userId])),
      now: ctx.now
    });
    if (!plan.ok) {
      result.refused.push({ participant, reason: truncate255(`${plan.error.code}: ${plan.error.message}`) });
      continue;
    }
    const list = open.get(participant.Id) ?? [];
    open.set(participant.Id, list);
    const have = new Set(list.map((a) => a.Sequence_Action__c));
    const missing = plan.value.actions.filter((a) => !have.has(a.Sequence_Action__c));
    for (const action of missing) {
      // A delegate who cannot work the action (inactive, missing) leaves it NOT_ACTIONABLE, shown with why.
      const problem = delegation.get(action.Sequence_Action__c)?.problem;
      const fields = {
        ...action,
        Participant__c: participant.Id,
        ...(problem ? { Reason__c: 'NOT_ACTIONABLE', Reason_Detail__c: truncate255(problem) } : {})
      };
      batch.create('Participant_Action__c', fields, (outcome) => {
        if (outcome.ok)
          list.push({
            Id: outcome.id,
            Participant__c: participant.Id,
            Step_Number__c: action.Step_Number__c,
            Status__c: action.Status__c,
            Due_At__c: null,
            Sequence_Action__c: action.Sequence_Action__c,
            Assigned_To__c: action.Assigned_To__c
          });
        else if (outcome.error.kind === 'retryable') result.incomplete.add(participant.Id);
        else {
          result.incomplete.add(participant.Id);
          result.refused.push({
            participant,
            reason: truncate255(`Enrollment failed: ${outcome.error.code}: ${outcome.error.message}`)
          });
        }
      });
    }
    if (missing.length > 0)
      batch.update('Sequence_Participant__c', participant.Id, {
        Sequence_Version__c: sequenceVersion(sequence)
      });
  }
  const failures = await batch.flush(ctx.api);
  for (const failure of failures)
    ctx.log.warn(
      { type: failure.type, record: failure.record, outcome: failure.outcome },
      'enrollment write failed'
    );
  for (const list of open.values()) list.sort((a, b) => a.Step_Number__c - b.Step_Number__c);
  // A refused participant whose other creates failed is exited once, not admitted.
  const seen = new Set<string>();
  result.refused = result.refused.filter(
    ({ participant }) => !seen.has(participant.Id) && !!seen.add(participant.Id)
  );
  return result;
}

/**
 * The owner of each action (by sequence action id) for this person: the action's or the sequence's
 * delegate field, else the record owner; with the problem when that user cannot work it.
 */
function ownersFor(
  sequence: SequenceRecord,
  record: Record<string, unknown>,
  ownerRecord: Record<string, unknown> | null,
  users: Record<string, { IsActive: boolean }>,
  unusable: Map<string, string>
): Map<string, { userId: string | null; problem?: string }> {
  const usable = (field: string | null | undefined) => (field && !unusable.has(field) ? field : null);
  const owners = new Map<string, { userId: string | null; problem?: string }>();
  for (const action of sequence.actions) {
    const delegation = resolveDelegate({
      actionDelegateField: usable(action.Delegate_Field__c),
      sequenceDelegateField: usable(sequence.Delegate_Field__c),
      record,
      ownerRecord,
      users
    });
    const fieldProblem =
      unusable.get(action.Delegate_Field__c ?? '') ?? unusable.get(sequence.Delegate_Field__c ?? '');
    if (fieldProblem) {
      owners.set(action.Id, { userId: delegation.userId, problem: fieldProblem });
      continue;
    }
    owners.set(
      action.Id,
      'reason' in delegation
        ? { userId: delegation.userId, problem: delegation.message }
        : { userId: delegation.userId }
    );
  }
  return owners;
}
