/**
 * A write's input as stored column values: each key resolved to a field (or to a lookup set
 * through the parent's external id), the user's field-level security applied (a hidden field does
 * not exist, one they cannot edit is read-only), values converted to their stored form and
 * references checked (type, existence, an active owner, a parent the user can see).
 */
import { SalesforceError, malformedId } from '../errors';
import { keyPrefixOf, normalizeId } from '../ids';
import type { Schema } from '../schema/registry';
import type { FieldDef, ObjectDef } from '../schema/types';
import type { UserAccess } from '../security/access';
import { behavioursOf, Prepare } from './behaviours';
import { q } from './database';
import { SqlValue, toSql } from './values';

/** What the conversion reads: the schema and the store's tables. */
export interface InputSource {
  schema: Schema;
  prepare: Prepare;
}

const invalidField = (object: ObjectDef, name: string): SalesforceError =>
  new SalesforceError('INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);

const readOnlyField = (names: string[], operation: 'create' | 'update'): SalesforceError =>
  new SalesforceError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to ${operation} fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    names
  );

/** Keys a record may carry that are not fields to write (`Id` is named by the URL or the store). */
const IGNORED_INPUT_KEYS = new Set(['attributes', 'id', 'Id']);

/**
 * Maps the input's keys to fields and converts the values; rejects unknown fields and fields the
 * operation cannot write. `access` is the writing user's (none for trusted writes); `trusted` writes
 * may also set read-only fields that have a column (IsConverted, CreatedDate…).
 */
export function convertInput(
  source: InputSource,
  object: ObjectDef,
  input: Record<string, unknown>,
  operation: 'create' | 'update',
  access: UserAccess | undefined,
  trusted: boolean
): Map<FieldDef, SqlValue> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SalesforceError('JSON_PARSER_ERROR', 'The record must be a JSON object');
  }
  const values = new Map<FieldDef, SqlValue>();
  const readOnly: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (IGNORED_INPUT_KEYS.has(key)) continue;
    let field = source.schema.field(object, key);
    let value = raw;
    if (!field) {
      // `Parent__r: { Ext_Id__c: 'x' }` sets the lookup by the parent's external id.
      const reference = object.parentRelationships.get(key.toLowerCase());
      if (!reference || raw === null || typeof raw !== 'object' || Array.isArray(raw))
        throw invalidField(object, key);
      field = reference;
      value = parentByExternalId(source, reference, raw as Record<string, unknown>);
    }
    // A field the user cannot see does not exist for them; one they cannot edit is read-only.
    if (access && !access.canReadField(object, field)) throw invalidField(object, key);
    const writable =
      (operation === 'create' ? field.createable : field.updateable) &&
      (!access || access.canEditField(object, field));
    if (!writable && !(trusted && field.hasColumn)) {
      readOnly.push(field.name);
      continue;
    }
    // Behaviours narrow picklists only (Task.Status to the TaskStatus rows): no other field asks.
    let allowed: Set<string> | undefined;
    if (field.type === 'picklist' || field.type === 'multipicklist')
      for (const behaviour of behavioursOf(object.name))
        allowed ??= behaviour.allowedValues?.(field, source.prepare);
    let converted = toSql(field, value, allowed);
    if (converted !== null && field.type === 'reference') {
      converted = checkReference(source, object, field, converted);
      const target = source.schema.findByPrefix(keyPrefixOf(converted));
      if (access && target) access.requireReadableReference(target, converted, field);
    }
    values.set(field, converted);
  }
  if (readOnly.length > 0) throw readOnlyField(readOnly, operation);
  return values;
}

/** Finds the parent a relationship reference `{ Ext__c: value }` names, by that external id. */
function parentByExternalId(source: InputSource, reference: FieldDef, spec: Record<string, unknown>): string {
  const typeName = (spec.attributes as { type?: string } | undefined)?.type;
  const parent = source.schema.find(typeName ?? reference.referenceTo[0] ?? '');
  const keys = Object.keys(spec).filter((k) => k !== 'attributes');
  const externalField = parent && keys.length === 1 ? source.schema.field(parent, keys[0]) : undefined;
  if (!parent || !externalField || !(externalField.externalId || externalField.name === 'Id')) {
    throw new SalesforceError(
      'INVALID_FIELD',
      `Relationship ${reference.relationshipName} needs exactly one external id field of its parent`,
      [reference.name]
    );
  }
  const wanted = spec[keys[0]];
  const rows = source
    .prepare(
      `SELECT "Id" FROM ${q(parent.name)} WHERE ${q(externalField.name)} = ? AND "IsDeleted" = 0 LIMIT 2`
    )
    .all(wanted === null || wanted === undefined ? null : String(wanted)) as { Id: string }[];
  if (rows.length !== 1) {
    throw new SalesforceError(
      'INVALID_FIELD',
      rows.length === 0
        ? `Foreign key external ID: ${String(wanted)} not found for field ${externalField.name} in entity ${parent.name}`
        : `Foreign key external ID: ${String(wanted)} matches more than one ${parent.name}`,
      []
    );
  }
  return rows[0].Id;
}

/** A lookup's value: a well-formed id of a live record of a type the field points to (and an active owner). */
function checkReference(source: InputSource, object: ObjectDef, field: FieldDef, value: SqlValue): string {
  const id = normalizeId(value);
  if (!id) throw malformedId(String(value), field);
  const target = source.schema.findByPrefix(keyPrefixOf(id));
  if (!target || !field.referenceTo.includes(target.name)) {
    throw new SalesforceError(
      'FIELD_INTEGRITY_EXCEPTION',
      `${field.label}: id value of incorrect type: ${String(value)}`,
      [field.name]
    );
  }
  const row = source.prepare(`SELECT "IsDeleted" FROM ${q(target.name)} WHERE "Id" = ?`).get(id) as
    { IsDeleted: number } | undefined;
  if (!row || row.IsDeleted === 1) {
    throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
  }
  if (field.name === 'OwnerId' && target.name === 'User') {
    const owner = source.prepare('SELECT "IsActive" FROM "User" WHERE "Id" = ?').get(id) as {
      IsActive: number;
    };
    if (owner.IsActive !== 1) {
      throw new SalesforceError(
        'INACTIVE_OWNER_OR_USER',
        `operation performed with inactive user [${id}] as owner of ${object.label.toLowerCase()}`,
        []
      );
    }
  }
  return id;
}
