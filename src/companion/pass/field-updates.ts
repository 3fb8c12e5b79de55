/**
 * Field updates run when an action is performed (docs/architecture.md §5): the core types each entry by the
 * describe of the record it writes (`planTargetedFieldUpdates`: the person, or for Opportunity and
 * Campaign sequences the opportunity or campaign the participant came through, chosen by the entry's
 * `target`), refuses fields outside the object's `Stride_Field_Updates` field set, and here the typed
 * values are written in one batch. A record that refuses (validation rule, converted lead) reports
 * its reason without holding back the others.
 */
import { fieldRefusal } from '../../core/fieldAllowList';
import { PACKAGE_FIELD_SETS, withExtraFieldSetMembers, type FieldSets } from '../../core/fieldSets';
import { planTargetedFieldUpdates, type TargetedFieldUpdatePlan } from '../../core/fieldUpdates';
import { contextObjectOf, type FieldUpdateTarget } from '../../core/participantContext';
import type { CoreError, Result } from '../../core/result';
import type { ParticipantActionRecord } from '../model';
import type { Prepared } from './prepare';
import type { PassContext } from './context';
import { fieldUpdateSaverRefusals } from './saver-access';
import { WriteBatch } from './writes';

/** The package's field sets plus the org's `allowFields` `Object.Field:write` entries. */
export function fieldSetsOf(ctx: Pick<PassContext, 'settings'>): FieldSets {
  return withExtraFieldSetMembers(PACKAGE_FIELD_SETS, ctx.settings.allowFields ?? []);
}

/**
 * Types an action's `Field_Updates__c` for a participant whose person is a `personObject`, in a
 * sequence targeting `sequenceTarget`: each entry against the describe of the record it writes and
 * the field set of that object.
 */
export function planActionFieldUpdates(
  ctx: Pick<PassContext, 'catalog' | 'settings' | 'now'>,
  text: string,
  personObject: string,
  sequenceTarget: string | null | undefined
): Result<TargetedFieldUpdatePlan, CoreError[]> {
  const describes: Partial<Record<FieldUpdateTarget, (typeof ctx.catalog.describes)[string]>> = {};
  if (ctx.catalog.describes[personObject]) describes.Person = ctx.catalog.describes[personObject];
  const context = contextObjectOf(sequenceTarget);
  if (context && ctx.catalog.describes[context]) describes[context] = ctx.catalog.describes[context];
  return planTargetedFieldUpdates(
    text,
    { describes, fieldSets: fieldSetsOf(ctx), allowList: ctx.catalog.fieldAllowList },
    { now: ctx.now, timeZone: ctx.settings.defaultTimeZone }
  );
}

/** The id of the record a target names for this participant action, or why there is none. */
function recordFor(
  pa: ParticipantActionRecord,
  target: FieldUpdateTarget,
  person: { object: string; id: string }
): { object: string; id: string } | { problem: string } {
  if (target === 'Person') return person;
  const related =
    target === 'Opportunity' ? pa.Participant__r?.Opportunity__r : pa.Participant__r?.Campaign__r;
  const id = typeof related?.Id === 'string' ? related.Id : null;
  return id
    ? { object: target, id }
    : { problem: `participant ${pa.Participant__c} has no ${target} (deleted, or not enrolled through one)` };
}

/**
 * Applies the field updates of performed actions. Returns, by participant action id, the reason
 * text of those whose update failed (bad configuration or a record-level error).
 */
export async function applyFieldUpdates(
  ctx: PassContext,
  performed: Array<Pick<Prepared, 'pa' | 'action' | 'person'>>
): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  const fail = (id: string, reason: string): void => {
    const earlier = failures.get(id);
    failures.set(id, earlier ? `${earlier}; ${reason}` : reason);
  };
  const batch = new WriteBatch(ctx.touched);
  for (const item of performed) {
    const text = item.action?.Field_Updates__c;
    if (!text || !text.trim()) continue;
    if (!ctx.catalog.describes[item.person.object]) {
      fail(item.pa.Id, `No describe for ${item.person.object}`);
      continue;
    }
    const target = item.action ? ctx.catalog.sequences.get(item.action.Sequence__c)?.Target_Object__c : null;
    const plan = planActionFieldUpdates(ctx, text, item.person.object, target);
    if (!plan.ok) {
      fail(item.pa.Id, plan.error.map((e) => e.message).join('; '));
      continue;
    }
    const writes: Array<{ object: string; id: string; values: Record<string, unknown> }> = [];
    const problems: string[] = [];
    for (const [name, values] of Object.entries(plan.value) as Array<
      [FieldUpdateTarget, Record<string, unknown>]
    >) {
      if (Object.keys(values).length === 0) continue;
      const record = recordFor(item.pa, name, item.person);
      if ('problem' in record) {
        problems.push(record.problem);
        continue;
      }
      // Field updates write only what the field allow-list lets Stride write (never OwnerId, opt-outs…).
      problems.push(
        ...Object.keys(values)
          .map((field) => fieldRefusal(ctx.catalog.fieldAllowList, record.object, field, 'write'))
          .filter((reason): reason is string => reason !== null)
      );
      // …and only what the admin who saved the step may edit themselves.
      if (item.action)
        problems.push(
          ...fieldUpdateSaverRefusals(ctx.catalog, item.action, [
            { object: record.object, fields: Object.keys(values) }
          ])
        );
      writes.push({ ...record, values });
    }
    if (problems.length > 0) {
      fail(item.pa.Id, problems.join('; '));
      continue;
    }
    for (const write of writes)
      batch.update(write.object, write.id, write.values, (outcome) => {
        if (outcome.ok) ctx.stats.fieldUpdates++;
        else fail(item.pa.Id, `${write.object} ${write.id}: ${outcome.error.code}: ${outcome.error.message}`);
      });
  }
  if (batch.size > 0) await batch.flush(ctx.api);
  return failures;
}
