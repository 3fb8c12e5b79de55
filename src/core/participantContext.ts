/**
 * Opportunity and Campaign sequences. Their participants are people — an Opportunity sequence
 * enrolls the opportunity's contact roles, a Campaign sequence the campaign's members (Leads or
 * Contacts) — and each participant also carries the record it came through
 * (`Sequence_Participant__c.Opportunity__c` / `Campaign__c`). Criteria and merge fields of such a
 * sequence read that record as `Opportunity.StageName` / `{!Opportunity.Name}`, and a field update
 * names the record it writes (`target`: Person, Opportunity or Campaign; see fieldUpdates.ts).
 */
import type { TargetObject } from './constants';
import type { DescribeCatalog, FieldDescribe, ObjectDescribe } from './describe';
import { findObject } from './describe';

/** The record besides the person that a participant of an Opportunity or Campaign sequence has. */
export type ContextObject = 'Opportunity' | 'Campaign';

/** The records a field update may write. `Person` is the participant's Lead or Contact. */
export const FIELD_UPDATE_TARGETS = ['Person', 'Opportunity', 'Campaign'] as const;
export type FieldUpdateTarget = (typeof FIELD_UPDATE_TARGETS)[number];

/**
 * The context object of a sequence's target: Opportunity or Campaign, else null (Lead and Contact
 * sequences have only the person).
 *
 * @example
 * contextObjectOf('Opportunity') //=> 'Opportunity'
 * contextObjectOf('Lead') //=> null
 */
export function contextObjectOf(target: string | null | undefined): ContextObject | null {
  return target === 'Opportunity' || target === 'Campaign' ? target : null;
}

/**
 * The person objects a sequence enrolls: Lead sequences Leads, Contact and Opportunity sequences
 * Contacts (an opportunity's contact roles), Campaign sequences both (campaign members).
 *
 * @example
 * personObjectsOf('Campaign') //=> ['Lead', 'Contact']
 */
export function personObjectsOf(target: TargetObject | string | null | undefined): Array<'Lead' | 'Contact'> {
  if (target === 'Lead') return ['Lead'];
  if (target === 'Campaign') return ['Lead', 'Contact'];
  return ['Contact'];
}

/**
 * The records a field update of a sequence may write.
 *
 * @example
 * fieldUpdateTargetsOf('Opportunity') //=> ['Person', 'Opportunity']
 * fieldUpdateTargetsOf('Lead') //=> ['Person']
 */
export function fieldUpdateTargetsOf(target: string | null | undefined): FieldUpdateTarget[] {
  const context = contextObjectOf(target);
  return context ? ['Person', context] : ['Person'];
}

/**
 * The catalog as criteria of an Opportunity or Campaign sequence see it: the person's describe gains
 * a relationship named after the context object, so `Opportunity.StageName` resolves from a Contact
 * (the record passed to evaluation carries the opportunity under `Opportunity`, see
 * {@link withContextRecord}). Without a context object, or when the person's describe already has a
 * relationship of that name, the catalog is returned as it is.
 *
 * @example
 * resolveFieldPath(withContextRelationship(catalog, 'Contact', 'Opportunity'), 'Contact', 'Opportunity.StageName').ok //=> true
 */
export function withContextRelationship(
  catalog: DescribeCatalog,
  personObject: string,
  context: ContextObject | null
): DescribeCatalog {
  if (!context) return catalog;
  const person = findObject(catalog, personObject);
  if (!person || !findObject(catalog, context)) return catalog;
  if (person.fields.some((f) => (f.relationshipName ?? '').toLowerCase() === context.toLowerCase()))
    return catalog;
  const link: FieldDescribe = {
    name: `Stride_${context}__x`,
    label: context,
    type: 'reference',
    referenceTo: [context],
    relationshipName: context,
    updateable: false
  };
  const augmented: ObjectDescribe = { ...person, fields: [...person.fields, link] };
  return { ...catalog, [person.name]: augmented };
}

/**
 * The record criteria of an Opportunity or Campaign sequence read: the person's fields plus the
 * context record under the context object's name.
 *
 * @example
 * withContextRecord({ FirstName: 'Ada' }, 'Opportunity', { StageName: 'Prospecting' })
 * //=> { FirstName: 'Ada', Opportunity: { StageName: 'Prospecting' } }
 */
export function withContextRecord(
  person: Readonly<Record<string, unknown>>,
  context: ContextObject | null,
  record: Readonly<Record<string, unknown>> | null | undefined
): Record<string, unknown> {
  return context ? { ...person, [context]: record ?? null } : { ...person };
}
