/**
 * Field updates run when an action is performed (docs/architecture.md §5): the core types each entry by the
 * describe (`planFieldUpdates`); here the typed values are written to the participants' Leads and
 * Contacts in one batch. A record that refuses (validation rule, converted lead) reports its reason
 * without holding back the others.
 */
import { fieldRefusal } from '../../core/fieldAllowList';
import { planFieldUpdates } from '../../core/fieldUpdates';
import type { Prepared } from './prepare';
import type { PassContext } from './context';
import { WriteBatch } from './writes';

/**
 * Applies the field updates of performed actions. Returns, by participant action id, the reason
 * text of those whose update failed (bad configuration or a record-level error).
 */
export async function applyFieldUpdates(
  ctx: PassContext,
  performed: Array<Pick<Prepared, 'pa' | 'action' | 'person'>>
): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  const batch = new WriteBatch(ctx.touched);
  for (const item of performed) {
    const text = item.action?.Field_Updates__c;
    if (!text || !text.trim()) continue;
    const describe = ctx.catalog.describes[item.person.object];
    if (!describe) {
      failures.set(item.pa.Id, `No describe for ${item.person.object}`);
      continue;
    }
    const plan = planFieldUpdates(text, describe, { now: ctx.now, timeZone: ctx.settings.defaultTimeZone });
    if (!plan.ok) {
      failures.set(item.pa.Id, plan.error.map((e) => e.message).join('; '));
      continue;
    }
    if (Object.keys(plan.value).length === 0) continue;
    // Field updates write only what the field allow-list lets Stride write (never OwnerId, opt-outs…).
    const refused = Object.keys(plan.value)
      .map((field) => fieldRefusal(ctx.catalog.fieldAllowList, item.person.object, field, 'write'))
      .filter((reason): reason is string => reason !== null);
    if (refused.length > 0) {
      failures.set(item.pa.Id, refused.join('; '));
      continue;
    }
    batch.update(item.person.object, item.person.id, plan.value, (outcome) => {
      if (outcome.ok) ctx.stats.fieldUpdates++;
      else failures.set(item.pa.Id, `${outcome.error.code}: ${outcome.error.message}`);
    });
  }
  if (batch.size > 0) await batch.flush(ctx.api);
  return failures;
}
