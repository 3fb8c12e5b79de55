/**
 * Public groups and criteria-based sharing rules read from the package's metadata
 * (`force-app/main/default/groups` and `force-app/main/default/sharingRules`), and the SQL a rule
 * becomes: the records it shares, as a condition over a table alias.
 *
 * What the local org supports, and refuses to load (with the file and the rule in the error):
 * - `sharingCriteriaRules` only; owner, guest and territory rules are refused.
 * - Shared to public groups (`<sharedTo><group>`); roles, queues and the other targets are refused.
 * - `accessLevel` Read or Edit.
 * - Criteria items with `equals` or `notEqual` on a field of the object (a stored field: not a
 *   formula or roll-up). A value may list several values separated by commas: `equals` holds when
 *   the field has any of them, `notEqual` when it has none of them (a blank field has none). No
 *   value means blank: `equals` holds for a blank field, `notEqual` for a non-blank one. Text is
 *   compared case-sensitively, as Salesforce compares it. Checkbox values are `true`/`false`.
 *   Every item must hold (AND); a `booleanFilter` is refused, as are `valueField` and the other
 *   operations.
 * - `includeRecordsOwnedByAll` is read but has no effect: the local org has no high-volume or
 *   system users whose records it would leave out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { normalizeId } from '../ids';
import type { Schema } from '../schema/registry';
import type { FieldDef, ObjectDef } from '../schema/types';

/** A public group (`Group` with Type Regular). */
export interface GroupDef {
  /** DeveloperName: the file's base name, e.g. Stride_Integration_Users. */
  name: string;
  /** Group.Name, the label Setup shows. */
  label: string;
  /** "Grant Access Using Hierarchies": users above a member in the role hierarchy get its access. */
  doesIncludeBosses: boolean;
}

export type SharingAccessLevel = 'Read' | 'Edit';

export interface SharingCriteriaItem {
  /** Field API name on the rule's object (source name, no namespace). */
  field: string;
  operation: 'equals' | 'notEqual';
  /** The comma-separated values of the item; empty for a blank value. */
  values: string[];
}

export interface SharingRuleDef {
  /** The object the rule shares (source name, no namespace): the file's base name. */
  object: string;
  /** fullName, e.g. Stride_Integration_Edit_Sequences. */
  name: string;
  label: string;
  accessLevel: SharingAccessLevel;
  /** DeveloperNames of the public groups it shares with. */
  groups: string[];
  criteria: SharingCriteriaItem[];
  /** Where it was read from, for errors. */
  file: string;
}

/** A rule resolved against the schema: which records of which object it shares, to whom. */
export interface CompiledSharingRule {
  name: string;
  /** The object's API name in the schema (namespaced when the org is). */
  object: string;
  accessLevel: SharingAccessLevel;
  groups: string[];
  /** The records the rule shares, as a SQL condition over `alias` (values inlined, quoted). */
  condition(alias: string): string;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['sharingCriteriaRules', 'criteriaItems', 'group', 'groups'].includes(name)
});

type Xml = Record<string, unknown>;

function parseFile(file: string, root: string): Xml {
  let parsed: Xml;
  try {
    parsed = parser.parse(fs.readFileSync(file, 'utf8')) as Xml;
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${(error as Error).message}`);
  }
  const body = parsed[root];
  if (body === undefined) throw new Error(`${file}: not a ${root} (no <${root}> root)`);
  return (body ?? {}) as Xml;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Parses one `.group-meta.xml`; the DeveloperName is the file's base name. */
export function parseGroup(file: string): GroupDef {
  const body = parseFile(file, 'Group');
  const name = path.basename(file).replace(/\.group-meta\.xml$/, '');
  return {
    name,
    label: text(body.name) || name,
    // The Metadata API's default, as Setup's "Grant Access Using Hierarchies" checkbox.
    doesIncludeBosses: text(body.doesIncludeBosses) !== 'false'
  };
}

/** Every public group in a folder (none when the folder does not exist). */
export function loadGroups(dir: string): GroupDef[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.group-meta.xml'))
    .sort()
    .map((f) => parseGroup(path.join(dir, f)));
}

const UNSUPPORTED_RULE_KINDS = ['sharingOwnerRules', 'sharingGuestRules', 'sharingTerritoryRules'];

/** Parses one `<Object>.sharingRules-meta.xml`, refusing what the local org cannot enforce. */
export function parseSharingRules(file: string): SharingRuleDef[] {
  const body = parseFile(file, 'SharingRules');
  const object = path.basename(file).replace(/\.sharingRules-meta\.xml$/, '');
  for (const kind of UNSUPPORTED_RULE_KINDS) {
    if (body[kind] !== undefined) {
      throw new Error(`${file}: ${kind} are not supported by the local org (only sharingCriteriaRules)`);
    }
  }
  return ((body.sharingCriteriaRules as Xml[] | undefined) ?? []).map((rule) => {
    const name = text(rule.fullName);
    const where = `${file}: sharing rule ${name || '(no fullName)'}`;
    if (!name) throw new Error(`${where}: <fullName> is required`);
    const accessLevel = text(rule.accessLevel);
    if (accessLevel !== 'Read' && accessLevel !== 'Edit') {
      throw new Error(`${where}: accessLevel "${accessLevel}" is not supported (Read or Edit)`);
    }
    if (text(rule.booleanFilter).trim()) {
      throw new Error(
        `${where}: booleanFilter "${text(rule.booleanFilter)}" is not supported by the local org; ` +
          'write criteria that must all hold (AND)'
      );
    }
    const sharedTo = (rule.sharedTo ?? {}) as Xml;
    const targets = Object.keys(sharedTo);
    const other = targets.filter((key) => key !== 'group' && key !== 'groups');
    if (other.length > 0) {
      throw new Error(
        `${where}: sharing to ${other.join(', ')} is not supported by the local org (public groups only)`
      );
    }
    const groups = [
      ...((sharedTo.group as unknown[] | undefined) ?? []),
      ...((sharedTo.groups as unknown[] | undefined) ?? [])
    ]
      .map(text)
      .filter(Boolean);
    if (groups.length === 0) throw new Error(`${where}: <sharedTo> names no public group`);
    const items = (rule.criteriaItems as Xml[] | undefined) ?? [];
    if (items.length === 0) throw new Error(`${where}: a criteria-based rule needs criteriaItems`);
    const criteria = items.map((item): SharingCriteriaItem => {
      const field = text(item.field);
      const operation = text(item.operation);
      if (!field) throw new Error(`${where}: a criteria item has no <field>`);
      if (operation !== 'equals' && operation !== 'notEqual') {
        throw new Error(
          `${where}: operation "${operation}" on ${field} is not supported by the local org (equals, notEqual)`
        );
      }
      if (item.valueField !== undefined) {
        throw new Error(`${where}: valueField on ${field} is not supported by the local org`);
      }
      const value = text(item.value);
      const values = value.trim() === '' ? [] : value.split(',').map((v) => v.trim());
      return { field, operation, values };
    });
    return { object, name, label: text(rule.label) || name, accessLevel, groups, criteria, file };
  });
}

/** Every criteria-based sharing rule in a folder (none when the folder does not exist). */
export function loadSharingRules(dir: string): SharingRuleDef[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sharingRules-meta.xml'))
    .sort()
    .flatMap((f) => parseSharingRules(path.join(dir, f)));
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);

const quoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The SQL literal of one criteria value for a field, or an error naming what is wrong. */
function literal(field: FieldDef, value: string, where: string): string {
  if (TEXT_TYPES.has(field.type)) return quoted(value);
  if (field.type === 'boolean') {
    if (/^true$/i.test(value)) return '1';
    if (/^false$/i.test(value)) return '0';
    throw new Error(`${where}: ${field.name} is a checkbox; its value must be true or false, not "${value}"`);
  }
  if (NUMBER_TYPES.has(field.type)) {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new Error(`${where}: ${field.name} needs a number, not "${value}"`);
    return String(number);
  }
  // Lookups (to users or queues) and ids.
  const id = normalizeId(value);
  if (!id) throw new Error(`${where}: ${field.name} needs a record id, not "${value}"`);
  return quoted(id);
}

/** One criteria item as SQL over `alias`, checked against the field's type. */
function itemCondition(field: FieldDef, item: SharingCriteriaItem, where: string): (alias: string) => string {
  const isText = TEXT_TYPES.has(field.type);
  const literals = item.values.map((value) => literal(field, value, where));
  return (alias) => {
    const column = `${alias}."${field.name}"`;
    if (literals.length === 0) {
      const blank = isText ? `(${column} IS NULL OR ${column} = '')` : `${column} IS NULL`;
      return item.operation === 'equals' ? blank : `NOT ${blank}`;
    }
    const list = literals.join(', ');
    return item.operation === 'equals'
      ? `${column} IN (${list})`
      : `(${column} IS NULL OR ${column} NOT IN (${list}))`;
  };
}

const SUPPORTED_FIELD_TYPES = new Set([...TEXT_TYPES, ...NUMBER_TYPES, 'boolean', 'reference', 'id']);

/**
 * Resolves a rule's object and fields in the schema and builds its condition. Fails on an object
 * or field that does not exist, on a detail object (its access is its master's), on a formula or
 * roll-up field and on a field type the local org does not compare (dates, multi-select picklists).
 */
export function compileSharingRule(
  rule: SharingRuleDef,
  schema: Schema,
  sharingModel: (object: ObjectDef) => string
): CompiledSharingRule {
  const where = `${rule.file}: sharing rule ${rule.name}`;
  const object = schema.find(schema.qualify(rule.object));
  if (!object) throw new Error(`${where}: no object ${rule.object}`);
  if (sharingModel(object) === 'ControlledByParent') {
    throw new Error(`${where}: ${object.name} is controlled by its parent; share the master object instead`);
  }
  const conditions = rule.criteria.map((item) => {
    const field = schema.field(object, schema.qualify(item.field));
    if (!field) throw new Error(`${where}: no field ${item.field} on ${object.name}`);
    if (!field.hasColumn || (field.computation && field.computation.kind !== 'stored')) {
      throw new Error(`${where}: ${field.name} is a formula or roll-up; sharing criteria cannot use it`);
    }
    if (!SUPPORTED_FIELD_TYPES.has(field.type)) {
      throw new Error(
        `${where}: ${field.name} (${field.type}) is not supported in sharing criteria by the local org`
      );
    }
    return itemCondition(field, item, where);
  });
  return {
    name: rule.name,
    object: object.name,
    accessLevel: rule.accessLevel,
    groups: [...rule.groups],
    condition: (alias) => `(${conditions.map((condition) => condition(alias)).join(' AND ')})`
  };
}
