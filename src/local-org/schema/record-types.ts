/**
 * Record types as describe, the UI API and SOQL serve them: the master record type every object has,
 * plus the metadata's record types (`<Object>/recordTypes/`), each a `RecordType` row (seed.ts). The
 * default record type is the first active one in metadata order (an org sets it per profile; the
 * local org has one default for everyone), else the master.
 */
import { normalizeId } from '../ids';
import type { FieldDef, ObjectDef, PicklistEntry, RecordTypeDef } from './types';

export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

export interface RecordTypeInfo {
  recordTypeId: string;
  name: string;
  developerName: string;
  active: boolean;
  available: boolean;
  master: boolean;
  defaultRecordTypeMapping: boolean;
}

const activeRecordTypes = (object: ObjectDef): RecordTypeDef[] =>
  (object.recordTypes ?? []).filter((rt) => rt.active && rt.id);

/** The record type new records of the object get in the UI (`defaultRecordTypeId`). */
export function defaultRecordTypeId(object: ObjectDef): string {
  return activeRecordTypes(object)[0]?.id ?? MASTER_RECORD_TYPE_ID;
}

/** Every record type of the object, the master last (as describe lists them). */
export function recordTypeInfosOf(object: ObjectDef): RecordTypeInfo[] {
  const defaultId = defaultRecordTypeId(object);
  const own = (object.recordTypes ?? [])
    .filter((rt) => rt.id)
    .map((rt) => ({
      recordTypeId: rt.id,
      name: rt.label,
      developerName: rt.developerName,
      active: rt.active,
      available: rt.active,
      master: false,
      defaultRecordTypeMapping: rt.id === defaultId
    }));
  const master: RecordTypeInfo = {
    recordTypeId: MASTER_RECORD_TYPE_ID,
    name: 'Master',
    developerName: 'Master',
    active: true,
    // With active record types a user creates records of one of them, not of the master.
    available: own.every((rt) => !rt.active),
    master: true,
    defaultRecordTypeMapping: defaultId === MASTER_RECORD_TYPE_ID
  };
  return [...own, master];
}

/** The record type an id names for this object (the master included), or undefined. */
export function findRecordType(object: ObjectDef, id: string): RecordTypeInfo | undefined {
  const wanted = normalizeId(id);
  return recordTypeInfosOf(object).find((rt) => rt.recordTypeId === wanted);
}

/**
 * The picklist values a record type offers, in the field's order, and its default: the record type's
 * metadata narrows the field's values (a field it does not name offers them all).
 */
export function picklistForRecordType(
  object: ObjectDef,
  field: FieldDef,
  recordTypeId: string
): { values: PicklistEntry[]; defaultValue: PicklistEntry | undefined } {
  const active = field.picklistValues.filter((p) => p.active);
  const recordType = (object.recordTypes ?? []).find((rt) => rt.id && rt.id === normalizeId(recordTypeId));
  const narrowed = recordType?.picklists.get(field.name);
  if (!narrowed) return { values: active, defaultValue: active.find((p) => p.defaultValue) };
  const values = active.filter((p) => narrowed.values.includes(p.value));
  return {
    values,
    defaultValue: narrowed.defaultValue ? values.find((p) => p.value === narrowed.defaultValue) : undefined
  };
}
