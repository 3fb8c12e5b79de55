/**
 * The fields a sequence's record updates may change, per object: the package's field sets
 * `Stride_Field_Updates` on Lead, Contact, Opportunity and Campaign
 * (`force-app/main/default/objects/<Object>/fieldSets/`). Lightning Web Components have no field-set
 * API without Apex, and the REST and UI APIs do not serve field sets, so the members ship in the core
 * (a scripts test keeps this list equal to the metadata): the field-update editor offers only these
 * fields and the companion refuses the others with the reason on the action. An org that adds a
 * field to its field set lists it in the companion's `allowFields` as `Object.Field:write` too.
 */

/** The field set's API name on each target object. */
export const FIELD_SET_NAME = 'Stride_Field_Updates';

/** Object → the members of its `Stride_Field_Updates` field set, in field-set order. */
export type FieldSets = Readonly<Record<string, readonly string[]>>;

/** The package's field sets. */
export const PACKAGE_FIELD_SETS: FieldSets = {
  Lead: ['Status', 'Rating', 'LeadSource', 'Industry', 'Title', 'Description'],
  Contact: ['Title', 'Department', 'LeadSource', 'Description'],
  Opportunity: ['StageName', 'NextStep', 'Description'],
  Campaign: ['Status', 'Description']
};

/**
 * The package's field sets plus an org's own writable fields (`allowFields` entries `Object.Field:write`).
 *
 * @example
 * withExtraFieldSetMembers(PACKAGE_FIELD_SETS, ['Lead.Score__c:write', 'Lead.Region__c']).Lead.includes('Score__c') //=> true
 */
export function withExtraFieldSetMembers(base: FieldSets, extra: readonly string[]): FieldSets {
  const sets: Record<string, string[]> = Object.fromEntries(
    Object.entries(base).map(([k, v]) => [k, [...v]])
  );
  for (const entry of extra) {
    const match = /^(\w+)\.(\w+):write$/.exec(entry.trim());
    if (match) (sets[match[1]] ??= []).push(match[2]);
  }
  return sets;
}

/**
 * Null when `field` is in `object`'s field set; otherwise the reason, naming the field and the set.
 *
 * @example
 * fieldSetRefusal(PACKAGE_FIELD_SETS, 'Opportunity', 'Amount')
 * //=> 'Opportunity.Amount is not in the Stride_Field_Updates field set of Opportunity (fields record updates may change: StageName, NextStep, Description)'
 */
export function fieldSetRefusal(sets: FieldSets, object: string, field: string): string | null {
  const members = Object.entries(sets).find(([name]) => name.toLowerCase() === object.toLowerCase())?.[1];
  if (members?.some((m) => m.toLowerCase() === field.toLowerCase())) return null;
  const listed = members?.length ? members.join(', ') : 'none';
  return `${object}.${field} is not in the ${FIELD_SET_NAME} field set of ${object} (fields record updates may change: ${listed})`;
}
