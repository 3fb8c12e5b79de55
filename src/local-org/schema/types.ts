/** The local org's schema model: what describe reports and what validation and SOQL resolve against. */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'boolean'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'reference'
  | 'address'
  | 'location';

export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

/**
 * A value the store computes rather than the client writes:
 * - `path`: a formula that is a plain field path (`Participant__r.Sequence__c`), evaluated in SQL;
 * - `equals`: a checkbox formula `path = path`, evaluated in SQL;
 * - `rollupCount`: a roll-up summary COUNT of children;
 * - `stored`: written by the store itself (compound Name, Task.IsClosed, auto numbers, audit fields).
 */
export type Computation =
  | { kind: 'path'; path: string[] }
  /** A checkbox formula comparing two field paths (`Step_Number__c = Participant__r.Current_Step__c`). */
  | { kind: 'equals'; left: string[]; right: string[] }
  /** A compound field (`MailingAddress`): its components (`street` → `MailingStreet`) read as one object. */
  | { kind: 'compound'; components: Record<string, string> }
  /** LastActivityDate: the latest due (or completion) date of the record's closed tasks. */
  | { kind: 'lastActivity'; taskFields: string[] }
  | { kind: 'rollupCount'; childObject: string; childField: string }
  | { kind: 'stored' };

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  custom: boolean;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** Required on create (no value and no default gives REQUIRED_FIELD_MISSING). */
  required: boolean;
  defaultValue: unknown;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** Name of the child relationship on the parent (`Participant_Actions__r`), for subqueries. */
  childRelationshipName?: string | null;
  /** What happens to this child when the parent is deleted. */
  deleteConstraint: 'SetNull' | 'Restrict' | 'Cascade';
  masterDetail: boolean;
  externalId: boolean;
  unique: boolean;
  autoNumberFormat: string | null;
  computation: Computation | null;
  nameField: boolean;
  /** For a component of a compound field (`MailingStreet`): the compound's name (`MailingAddress`). */
  compoundFieldName?: string;
  /** Field name used in the SQLite table (computed `path`/`rollupCount` fields have no column). */
  hasColumn: boolean;
  description?: string;
  inlineHelpText?: string;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  /** The parent cannot be deleted while this child points at it (a Restrict lookup). */
  restrictedDelete: boolean;
  /**
   * For the activity relationships (ActivityHistories, OpenActivities) over Task: a SQL condition on
   * the child (`{alias}` is its table alias) and the type the records report (ActivityHistory…).
   */
  condition?: string;
  recordType?: string;
}

/**
 * A record type of an object, from `<Object>/recordTypes/<Name>.recordType-meta.xml`. Its id is the
 * org's `RecordType` row (seed.ts assigns it when the org starts).
 */
export interface RecordTypeDef {
  developerName: string;
  label: string;
  active: boolean;
  description: string | null;
  /** Picklist field → the values this record type offers and its default (absent field: all values). */
  picklists: Map<string, { values: string[]; defaultValue: string | null }>;
  id: string;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldDef[];
  /** Lower-cased field name → field. */
  fieldsByLowerName: Map<string, FieldDef>;
  /** Lower-cased relationship name → the reference field that carries it. */
  parentRelationships: Map<string, FieldDef>;
  childRelationships: ChildRelationship[];
  /** Record types from the metadata (empty: only the master record type). */
  recordTypes?: RecordTypeDef[];
}

/** A partial field definition: the catalogue and the metadata loader fill the rest with defaults. */
export type FieldSpec = Partial<FieldDef> & { name: string; type: FieldType };

/** Default values computed from the org clock at create time (metadata `NOW()` / `TODAY()`). */
export const CLOCK_DEFAULT_NOW = Symbol('NOW()');
export const CLOCK_DEFAULT_TODAY = Symbol('TODAY()');

/** Standard fields read `AccountId` as "Account ID"; custom ones `Due_At__c` as "Due At". */
function defaultLabel(name: string): string {
  if (name.endsWith('__c')) return name.replace(/__c$/, '').replace(/_/g, ' ');
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ Id$/, ' ID');
}

/** Fills a field specification with the defaults describe reports for an ordinary writable field. */
export function makeField(spec: FieldSpec): FieldDef {
  const computed = spec.computation !== undefined && spec.computation !== null;
  const isBoolean = spec.type === 'boolean';
  const textual = ['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'multipicklist'].includes(
    spec.type
  );
  return {
    label: defaultLabel(spec.name),
    custom: spec.name.endsWith('__c'),
    length: textual ? 255 : spec.type === 'id' || spec.type === 'reference' ? 18 : 0,
    precision: 0,
    scale: 0,
    nillable: !isBoolean && !spec.required,
    createable: !computed,
    updateable: !computed,
    required: false,
    defaultValue: isBoolean ? false : null,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    deleteConstraint: 'SetNull',
    masterDetail: false,
    externalId: false,
    unique: false,
    autoNumberFormat: null,
    computation: null,
    nameField: false,
    hasColumn: !computed || spec.computation?.kind === 'stored',
    ...spec
  };
}

/** Builds picklist entries from plain values; the first `defaultValue` match is the default. */
export function picklist(values: readonly string[], defaultValue?: string): PicklistEntry[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}
