/**
 * Configuration checks of sequences: a sequence whose configuration the companion cannot apply
 * fails alone — its admissions stop, the reason is written on the sequence (`Last_Error__c`, and a
 * line in `stride status`) — while every other sequence goes on. Checked on every catalog load:
 * a time zone that is not an IANA zone, a Business Hours id that names no active BusinessHours, a
 * negative or fractional step delay, entry or exit criteria that cannot be evaluated.
 * Participants already in a broken sequence keep their scheduled actions.
 */
import { personObjectsOf } from '../../core/participantContext';
import { isValidTimeZone } from '../../core/timing/zone';
import { truncate255 } from '../errors';
import type { SequenceRecord } from '../model';
import type { PassContext } from './context';
import { sequenceCriteriaSaverRefusal, sequenceSaver } from './saver-access';
import { WriteBatch } from './writes';

/** The person objects a sequence can hold (criteria are checked against each). */
function targetObjects(sequence: SequenceRecord): Array<'Lead' | 'Contact'> {
  return personObjectsOf(sequence.Target_Object__c);
}

/**
 * What is wrong with a sequence's configuration, or null.
 *
 * @example
 * sequenceProblem(ctx, { ...sequence, Time_Zone__c: 'Not/AZone' })
 * //=> 'Time zone "Not/AZone" is not an IANA time zone (e.g. America/New_York)'
 */
export function sequenceProblem(ctx: PassContext, sequence: SequenceRecord): string | null {
  if (sequence.Time_Zone__c && !isValidTimeZone(sequence.Time_Zone__c))
    return `Time zone "${sequence.Time_Zone__c}" is not an IANA time zone (e.g. America/New_York)`;
  if (sequence.Business_Hours_Id__c && !ctx.catalog.businessHours.has(sequence.Business_Hours_Id__c))
    return `Business hours ${sequence.Business_Hours_Id__c} not found among the active BusinessHours; set Business_Hours_Id__c to an active one or clear it`;
  for (const action of sequence.actions) {
    const delay = action.Delay_Amount__c ?? 0;
    if (!Number.isInteger(delay) || delay < 0)
      return `Step ${action.Step_Number__c} (${action.Name}): delay ${delay} is not a whole number ≥ 0`;
  }
  for (const [label, text] of [
    ['Entry criteria', sequence.Entry_Criteria__c],
    ['Exit criteria', sequence.Exit_Criteria__c]
  ] as const) {
    for (const object of targetObjects(sequence)) {
      const compiled = ctx.catalog.criteria(text, object, sequence.Target_Object__c);
      if (compiled && !compiled.ok)
        return `${label} cannot be evaluated for ${object}: ${compiled.error.map((e) => e.message).join('; ')}`;
    }
  }
  // Criteria read only what the admin who saved them may read (saver-access.ts).
  for (const which of ['Entry_Criteria__c', 'Exit_Criteria__c'] as const)
    for (const object of targetObjects(sequence)) {
      const refused = sequenceCriteriaSaverRefusal(ctx.catalog, sequence, which, object);
      if (refused) return refused;
    }
  return null;
}

/** Active sequences with a configuration problem, by id. */
export function brokenSequences(ctx: PassContext): Map<string, string> {
  const broken = new Map<string, string>();
  for (const sequence of ctx.catalog.sequences.values()) {
    if (!sequence.Active__c) continue;
    const problem = sequenceProblem(ctx, sequence);
    if (problem) broken.set(sequence.Id, problem);
  }
  return broken;
}

/** Writes each sequence's problem to `Last_Error__c` when it changed (and clears a fixed one). */
export async function recordSequenceProblems(ctx: PassContext): Promise<void> {
  const broken = brokenSequences(ctx);
  const batch = new WriteBatch(ctx.touched);
  for (const sequence of ctx.catalog.sequences.values()) {
    const problem = broken.get(sequence.Id) ?? null;
    const text = problem ? truncate255(problem) : null;
    if ((sequence.Last_Error__c ?? null) === text) continue;
    // This write makes the companion Last Modified By: the admin whose access the criteria run
    // within is kept beside it, in the same update.
    const saver = sequenceSaver(sequence, ctx.catalog.selfId);
    batch.update('Sequence__c', sequence.Id, { Last_Error__c: text, Criteria_Saved_By__c: saver });
    sequence.Last_Error__c = text;
    sequence.Criteria_Saved_By__c = saver;
    if (ctx.catalog.selfId) sequence.LastModifiedById = ctx.catalog.selfId;
    if (problem) ctx.log.warn({ sequence: sequence.Id, name: sequence.Name, problem }, 'sequence cannot run');
  }
  const failures = await batch.flush(ctx.api);
  for (const f of failures)
    ctx.log.warn(
      { sequence: f.record.Id, error: (f.outcome as { error: unknown }).error },
      'could not record a sequence problem'
    );
}
