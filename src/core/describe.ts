/**
 * A minimal, JSON-friendly subset of Salesforce's `sobjects/X/describe`, enough to type criteria,
 * merge fields and field updates. The companion passes the REST describe (see `fromSObjectDescribe`);
 * the components pass `uiObjectInfoApi`'s objectInfo (see `fromObjectInfo`).
 *
 * Salesforce API names are case-insensitive, so every lookup here is too.
 */
import { fail, ok, type Result } from './result';

/** The field types the core understands (Salesforce describe `type` values). */
export const FIELD_TYPES = [
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'boolean',
  'int',
  'double',
  'currency',
  'percent',
  'date',
  'datetime',
  'reference',
  'id'
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One value of a picklist or multi-select picklist. */
export interface PicklistValue {
  value: string;
  label?: string;
  active: boolean;
}

/** One field of an object. */
export interface FieldDescribe {
  name: string;
  label?: string;
  type: FieldType;
  /** Objects a reference field points to (several for polymorphic lookups such as OwnerId). */
  referenceTo?: string[];
  /** The name used in paths for a reference field: `Account` for `AccountId`, `Foo__r` for `Foo__c`. */
  relationshipName?: string | null;
  picklistValues?: PicklistValue[];
  nillable?: boolean;
  updateable?: boolean;
  /** Whether permission sets grant this field (field-level security); false: it follows the object. */
  permissionable?: boolean;
}

/** One object and its fields. */
export interface ObjectDescribe {
  name: string;
  label?: string;
  fields: FieldDescribe[];
}

/** Describes by object name, used to follow parent paths such as `Account.Owner.Name`. */
export type DescribeCatalog = Readonly<Record<string, ObjectDescribe>>;

/** Salesforce allows at most five relationship hops in a path. */
export const MAX_RELATIONSHIP_DEPTH = 5;

/** The field a path ends on, and how the path got there. */
export interface ResolvedFieldPath {
  /** The field at the end of the path. */
  field: FieldDescribe;
  /** The object that owns that field. */
  objectName: string;
  /** The path in the describes' own spelling, e.g. `Account.Industry` for `account.industry`. */
  path: string;
}

const SALESFORCE_TYPE_ALIASES: Readonly<Record<string, FieldType>> = {
  combobox: 'picklist',
  encryptedstring: 'string',
  long: 'int'
};

/**
 * Maps a Salesforce describe `type` or objectInfo `dataType` to a core field type.
 *
 * @returns the core type, or `undefined` for types the core does not handle (address, time, …)
 *
 * @example
 * toFieldType('DateTime')
 * //=> 'datetime'
 * toFieldType('ComboBox')
 * //=> 'picklist'
 * toFieldType('address')
 * //=> undefined
 */
export function toFieldType(salesforceType: string): FieldType | undefined {
  const lower = salesforceType.toLowerCase();
  if ((FIELD_TYPES as readonly string[]).includes(lower)) return lower as FieldType;
  return SALESFORCE_TYPE_ALIASES[lower];
}

/** The parts of a REST describe (`/sobjects/X/describe`) that `fromSObjectDescribe` reads. */
export interface SObjectDescribeLike {
  name: string;
  label?: string;
  fields: ReadonlyArray<{
    name: string;
    label?: string;
    type: string;
    referenceTo?: string[];
    relationshipName?: string | null;
    picklistValues?: ReadonlyArray<{ value: string; label?: string | null; active: boolean }>;
    nillable?: boolean;
    updateable?: boolean;
    permissionable?: boolean;
  }>;
}

/**
 * Builds an {@link ObjectDescribe} from a Salesforce REST describe, keeping only the fields whose
 * type the core understands.
 *
 * @param describe - the REST describe of one object
 * @returns the describe the core uses
 *
 * @example
 * fromSObjectDescribe({ name: 'Lead', fields: [
 *   { name: 'Rating', type: 'picklist', picklistValues: [{ value: 'Hot', label: 'Hot', active: true }] },
 *   { name: 'Address', type: 'address' }
 * ] })
 * //=> { name: 'Lead', fields: [{ name: 'Rating', type: 'picklist', picklistValues: [{ value: 'Hot', label: 'Hot', active: true }] }] }
 */
export function fromSObjectDescribe(describe: SObjectDescribeLike): ObjectDescribe {
  const fields: FieldDescribe[] = [];
  for (const raw of describe.fields) {
    const type = toFieldType(raw.type);
    if (type === undefined) continue;
    const field: FieldDescribe = { name: raw.name, type };
    if (raw.label !== undefined) field.label = raw.label;
    if (raw.referenceTo !== undefined && raw.referenceTo.length > 0) field.referenceTo = [...raw.referenceTo];
    if (raw.relationshipName) field.relationshipName = raw.relationshipName;
    if (raw.picklistValues !== undefined && raw.picklistValues.length > 0) {
      field.picklistValues = raw.picklistValues.map((p) => ({
        value: p.value,
        label: p.label ?? p.value,
        active: p.active
      }));
    }
    if (raw.nillable !== undefined) field.nillable = raw.nillable;
    if (raw.updateable !== undefined) field.updateable = raw.updateable;
    if (raw.permissionable !== undefined) field.permissionable = raw.permissionable;
    fields.push(field);
  }
  const result: ObjectDescribe = { name: describe.name, fields };
  if (describe.label !== undefined) result.label = describe.label;
  return result;
}

/** The parts of `uiObjectInfoApi`'s objectInfo that `fromObjectInfo` reads. */
export interface ObjectInfoLike {
  apiName: string;
  label?: string;
  fields: Readonly<
    Record<
      string,
      {
        apiName: string;
        label?: string;
        dataType: string;
        referenceToInfos?: ReadonlyArray<{ apiName: string }>;
        relationshipName?: string | null;
        updateable?: boolean;
        nillable?: boolean;
      }
    >
  >;
}

/** Picklist values as `getPicklistValues` returns them, by field name. */
export type ObjectInfoPicklists = Readonly<
  Record<string, { values: ReadonlyArray<{ value: string; label?: string }> } | undefined>
>;

/**
 * Builds an {@link ObjectDescribe} from `uiObjectInfoApi`'s objectInfo (which carries no picklist
 * values: pass those from `getPicklistValues`/`getPicklistValuesByRecordType` as the second argument).
 *
 * @param objectInfo - `getObjectInfo`/`getObjectInfos` data for one object
 * @param picklists - picklist values by field name (optional)
 * @returns the describe the core uses
 *
 * @example
 * fromObjectInfo({ apiName: 'Contact', fields: {
 *   AccountId: { apiName: 'AccountId', dataType: 'Reference', referenceToInfos: [{ apiName: 'Account' }], relationshipName: 'Account', updateable: true }
 * } })
 * //=> { name: 'Contact', fields: [{ name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account', updateable: true }] }
 */
export function fromObjectInfo(
  objectInfo: ObjectInfoLike,
  picklists: ObjectInfoPicklists = {}
): ObjectDescribe {
  const fields: FieldDescribe[] = [];
  for (const info of Object.values(objectInfo.fields)) {
    const type = toFieldType(info.dataType);
    if (type === undefined) continue;
    const field: FieldDescribe = { name: info.apiName, type };
    if (info.label !== undefined) field.label = info.label;
    if (info.referenceToInfos !== undefined && info.referenceToInfos.length > 0) {
      field.referenceTo = info.referenceToInfos.map((r) => r.apiName);
    }
    if (info.relationshipName) field.relationshipName = info.relationshipName;
    const values = picklists[info.apiName]?.values;
    if (values !== undefined) {
      field.picklistValues = values.map((v) => ({ value: v.value, label: v.label ?? v.value, active: true }));
    }
    if (info.updateable !== undefined) field.updateable = info.updateable;
    if (info.nillable !== undefined) field.nillable = info.nillable;
    fields.push(field);
  }
  const result: ObjectDescribe = { name: objectInfo.apiName, fields };
  if (objectInfo.label !== undefined) result.label = objectInfo.label;
  return result;
}

/**
 * Finds an object in a catalog by name, ignoring case.
 *
 * @example
 * findObject({ Lead: { name: 'Lead', fields: [] } }, 'lead')
 * //=> { name: 'Lead', fields: [] }
 */
export function findObject(catalog: DescribeCatalog, objectName: string): ObjectDescribe | undefined {
  if (Object.prototype.hasOwnProperty.call(catalog, objectName)) return catalog[objectName];
  const lower = objectName.toLowerCase();
  return Object.values(catalog).find((d) => d.name.toLowerCase() === lower);
}

/**
 * Finds a field of an object by API name, ignoring case.
 *
 * @example
 * findField({ name: 'Lead', fields: [{ name: 'Status', type: 'picklist' }] }, 'status')
 * //=> { name: 'Status', type: 'picklist' }
 */
export function findField(describe: ObjectDescribe, fieldName: string): FieldDescribe | undefined {
  const lower = fieldName.toLowerCase();
  return describe.fields.find((f) => f.name.toLowerCase() === lower);
}

function findRelationship(describe: ObjectDescribe, relationshipName: string): FieldDescribe | undefined {
  const lower = relationshipName.toLowerCase();
  return describe.fields.find(
    (f) => f.type === 'reference' && (f.relationshipName ?? '').toLowerCase() === lower
  );
}

/**
 * Resolves a field path such as `Industry` or `Account.Owner.Name` from an object, following
 * relationship names through the catalog. A polymorphic lookup follows the first of its targets that
 * the catalog holds.
 *
 * Errors: `UNKNOWN_OBJECT`, `UNKNOWN_FIELD`, `UNKNOWN_RELATIONSHIP`, `PATH_TOO_DEEP`, `BAD_FIELD_PATH`.
 *
 * @param catalog - describes by object name
 * @param objectName - where the path starts
 * @param path - a field name or a dotted path
 * @returns the field, its object and the path as the describes spell it
 *
 * @example
 * resolveFieldPath(catalog, 'Contact', 'account.industry')
 * //=> { ok: true, value: { field: { name: 'Industry', type: 'picklist', … }, objectName: 'Account', path: 'Account.Industry' } }
 * resolveFieldPath(catalog, 'Contact', 'Acount.Industry')
 * //=> { ok: false, error: { code: 'UNKNOWN_RELATIONSHIP', message: 'Contact has no relationship named "Acount" (in "Acount.Industry")' } }
 */
export function resolveFieldPath(
  catalog: DescribeCatalog,
  objectName: string,
  path: string
): Result<ResolvedFieldPath> {
  const parts = path.split('.');
  if (path.trim() === '' || parts.some((p) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(p))) {
    return fail('BAD_FIELD_PATH', `"${path}" is not a field name or a path such as Account.Name`);
  }
  if (parts.length - 1 > MAX_RELATIONSHIP_DEPTH) {
    return fail('PATH_TOO_DEEP', `"${path}" follows more than ${MAX_RELATIONSHIP_DEPTH} relationships`);
  }
  let describe = findObject(catalog, objectName);
  if (describe === undefined) return fail('UNKNOWN_OBJECT', `No describe for object ${objectName}`);
  const spelled: string[] = [];
  for (const relationship of parts.slice(0, -1)) {
    const lookup: FieldDescribe | undefined = findRelationship(describe, relationship);
    if (lookup === undefined) {
      return fail(
        'UNKNOWN_RELATIONSHIP',
        `${describe.name} has no relationship named "${relationship}" (in "${path}")`
      );
    }
    const target = (lookup.referenceTo ?? [])
      .map((name) => findObject(catalog, name))
      .find((d) => d !== undefined);
    if (target === undefined) {
      const targets = (lookup.referenceTo ?? []).join(', ') || 'nothing';
      return fail(
        'UNKNOWN_OBJECT',
        `No describe for ${targets}, the object ${describe.name}.${lookup.relationshipName} points to`
      );
    }
    spelled.push(lookup.relationshipName as string);
    describe = target;
  }
  const fieldName = parts[parts.length - 1];
  const field = findField(describe, fieldName);
  if (field === undefined) {
    return fail(
      'UNKNOWN_FIELD',
      `${describe.name} has no field named "${fieldName}"${parts.length > 1 ? ` (in "${path}")` : ''}`
    );
  }
  spelled.push(field.name);
  return ok({ field, objectName: describe.name, path: spelled.join('.') });
}

function readKey(record: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(record, key)) return record[key];
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

/**
 * Reads a value from a record as SOQL returns it, following a path of parent relationships. A
 * missing or null parent reads as `null`; keys match ignoring case.
 *
 * @param record - a record as SOQL returns it
 * @param path - a field name or a dotted path
 * @returns the value, or `null` when it or a parent is missing
 *
 * @example
 * readFieldPath({ Name: 'Ada', Account: { Name: 'Acme' } }, 'Account.Name')
 * //=> 'Acme'
 * readFieldPath({ Name: 'Ada', Account: null }, 'Account.Name')
 * //=> null
 */
export function readFieldPath(
  record: Readonly<Record<string, unknown>> | null | undefined,
  path: string
): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return null;
    current = readKey(current as Record<string, unknown>, key);
  }
  return current === undefined ? null : current;
}
