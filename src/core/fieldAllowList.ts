/**
 * The fields Stride may read (criteria, merge fields) and write (field updates) on the records it
 * works, whatever the integration user could reach: an admin's sequence can read a person's name or
 * status but not a field the package never meant to expose, and can never write ownership, opt-outs
 * or system fields. The editor offers only these fields (and only those the admin can see); the
 * companion checks every saved criterion, template and field update against the same list.
 *
 * An org adds its own fields (custom fields the admin wants in criteria or updates) with the
 * companion's `allowFields` setting (`Object.Field` for read, `Object.Field:write` for write too).
 */

import { criteriaFieldPaths, type CriteriaDefinition } from './criteria/criteria';
import { mergeFieldPaths } from './templates/template';

export type FieldUse = 'read' | 'write';

export interface FieldAllowList {
  /** Object → field paths (relationship paths such as `Account.Name` included) Stride may read. */
  read: Record<string, readonly string[]>;
  /** Object → fields Stride may write through field updates (always readable too). */
  write: Record<string, readonly string[]>;
}

const PERSON_READ = [
  'Id',
  'Name',
  'FirstName',
  'LastName',
  'Salutation',
  'Title',
  'Email',
  'Phone',
  'MobilePhone',
  'LeadSource',
  'Description',
  'OwnerId',
  'Owner.Name',
  'Owner.FirstName',
  'Owner.LastName',
  'Owner.Email',
  'Owner.Phone',
  'Owner.Title',
  'HasOptedOutOfEmail',
  'DoNotCall',
  'IsEmailBounced',
  'CreatedDate',
  'LastModifiedDate'
];

const ADDRESS = (prefix: string): string[] =>
  ['Street', 'City', 'State', 'PostalCode', 'Country'].map((part) => `${prefix}${part}`);

/** What the package allows; orgs extend it (see `withExtraFields`). */
export const PACKAGE_FIELD_ALLOW_LIST: FieldAllowList = {
  read: {
    Lead: [
      ...PERSON_READ,
      'Company',
      'Status',
      'Rating',
      'Industry',
      'Website',
      'NumberOfEmployees',
      'AnnualRevenue',
      'IsConverted',
      ...ADDRESS('')
    ],
    Contact: [
      ...PERSON_READ,
      'Department',
      'AccountId',
      'Account.Name',
      'Account.Industry',
      'Account.Website',
      ...ADDRESS('Mailing')
    ],
    Opportunity: [
      'Id',
      'Name',
      'StageName',
      'Amount',
      'CloseDate',
      'Probability',
      'Type',
      'LeadSource',
      'NextStep',
      'IsClosed',
      'IsWon',
      'OwnerId',
      'Owner.Name',
      'AccountId',
      'Account.Name'
    ],
    Campaign: ['Id', 'Name', 'Status', 'Type', 'StartDate', 'EndDate', 'IsActive', 'Description'],
    User: ['Id', 'Name', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'CompanyName'],
    Organization: ['Id', 'Name', 'Phone', 'Street', 'City', 'State', 'PostalCode', 'Country']
  },
  write: {
    Lead: ['Status', 'Rating', 'LeadSource', 'Industry', 'Title', 'Description'],
    Contact: ['Title', 'Department', 'LeadSource', 'Description'],
    Opportunity: ['StageName', 'NextStep', 'Description'],
    Campaign: ['Status', 'Description']
  }
};

/**
 * The package's list plus an org's own fields: `Lead.Score__c` (read) or `Lead.Score__c:write`.
 *
 * @example
 * withExtraFields(PACKAGE_FIELD_ALLOW_LIST, ['Lead.Score__c:write']).write.Lead.includes('Score__c') //=> true
 */
export function withExtraFields(base: FieldAllowList, extra: readonly string[]): FieldAllowList {
  const read: Record<string, string[]> = Object.fromEntries(
    Object.entries(base.read).map(([k, v]) => [k, [...v]])
  );
  const write: Record<string, string[]> = Object.fromEntries(
    Object.entries(base.write).map(([k, v]) => [k, [...v]])
  );
  for (const entry of extra) {
    const match = /^(\w+)\.([\w.]+?)(:write)?$/.exec(entry.trim());
    if (!match) throw new Error(`allowFields: "${entry}" is not Object.Field or Object.Field:write`);
    const [, object, field, writable] = match;
    (read[object] ??= []).push(field);
    if (writable) (write[object] ??= []).push(field);
  }
  return { read, write };
}

/**
 * Null when `object`'s field path may be used this way; otherwise the reason, naming the field.
 * Names compare case-insensitively, as Salesforce's do.
 *
 * @example
 * fieldRefusal(PACKAGE_FIELD_ALLOW_LIST, 'Lead', 'OwnerId', 'write')
 * //=> 'Lead.OwnerId is not a field Stride may write (not on its field allow-list)'
 */
export function fieldRefusal(
  list: FieldAllowList,
  object: string,
  path: string,
  use: FieldUse
): string | null {
  const wanted = path.toLowerCase();
  const allowed = (use === 'write' ? list.write : list.read)[object] ?? [];
  const readable = use === 'read' && (list.write[object] ?? []).some((f) => f.toLowerCase() === wanted);
  if (readable || allowed.some((f) => f.toLowerCase() === wanted)) return null;
  return `${object}.${path} is not a field Stride may ${use} (not on its field allow-list)`;
}

/** The object each merge-field root stands for (`Recipient` is the participant's person). */
const MERGE_ROOT_OBJECTS: Record<string, string> = {
  Lead: 'Lead',
  Contact: 'Contact',
  Sender: 'User',
  User: 'User',
  Organization: 'Organization',
  Opportunity: 'Opportunity',
  Campaign: 'Campaign'
};

/**
 * The merge fields of a template that Stride may not read, as reasons (empty when all are allowed).
 *
 * @example
 * templateFieldRefusals(PACKAGE_FIELD_ALLOW_LIST, 'Hi {!Recipient.FirstName} {!Recipient.SSN__c}', 'Lead')
 * //=> ['Lead.SSN__c is not a field Stride may read (not on its field allow-list)']
 */
export function templateFieldRefusals(
  list: FieldAllowList,
  template: string,
  recipientObject: string
): string[] {
  const refusals: string[] = [];
  for (const [root, paths] of Object.entries(mergeFieldPaths(template))) {
    const object = root === 'Recipient' ? recipientObject : (MERGE_ROOT_OBJECTS[root] ?? root);
    for (const path of paths) {
      const refusal = fieldRefusal(list, object, path, 'read');
      if (refusal) refusals.push(refusal);
    }
  }
  return refusals;
}

/**
 * The fields criteria read that Stride may not read, as reasons (empty when all are allowed).
 *
 * @example
 * criteriaFieldRefusals(PACKAGE_FIELD_ALLOW_LIST, { logic: 'AND', conditions: [{ field: 'Status', operator: 'isBlank' }] }, 'Lead')
 * //=> []
 */
export function criteriaFieldRefusals(
  list: FieldAllowList,
  criteria: Pick<CriteriaDefinition, 'conditions'>,
  object: string,
  /** Opportunity or Campaign sequences: `Opportunity.X` paths are checked as that object's fields. */
  context: string | null = null
): string[] {
  const prefix = context ? `${context.toLowerCase()}.` : null;
  return criteriaFieldPaths(criteria)
    .map((path) =>
      prefix && path.toLowerCase().startsWith(prefix)
        ? fieldRefusal(list, context as string, path.slice(prefix.length), 'read')
        : fieldRefusal(list, object, path, 'read')
    )
    .filter((r): r is string => r !== null);
}
