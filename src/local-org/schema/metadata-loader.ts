/**
 * Reads the package's object metadata (`force-app/main/default/objects/<Object>/...`) in the source
 * format (`<Object>.object-meta.xml` plus `fields/<Field>.field-meta.xml`) into field specifications.
 *
 * Only what changes behaviour is read: type, length/precision/scale, required, defaults, restricted
 * picklist values, lookups and master-detail with their delete constraint, external ids, uniqueness,
 * auto numbers, simple path formulas and COUNT roll-ups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CLOCK_DEFAULT_NOW, CLOCK_DEFAULT_TODAY, FieldSpec, FieldType, PicklistEntry } from './types';

export interface LoadedObject {
  name: string;
  label: string;
  labelPlural: string;
  /** Name field of a custom object (absent for a standard object that only gains custom fields). */
  nameField: FieldSpec | null;
  fields: FieldSpec[];
  /** True when a master-detail field makes this object owner-less. */
  hasMasterDetail: boolean;
  /** `recordTypes/*.recordType-meta.xml`, by developer name. */
  recordTypes: LoadedRecordType[];
}

export interface LoadedRecordType {
  developerName: string;
  label: string;
  active: boolean;
  description: string | null;
  picklists: Array<{ field: string; values: string[]; defaultValue: string | null }>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['value', 'fields', 'customValue', 'picklistValues', 'values'].includes(name)
});

type Xml = Record<string, unknown>;

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const bool = (v: unknown): boolean => String(v) === 'true';
const num = (v: unknown, fallback: number): number => (v === undefined ? fallback : Number(v));

/** Reads every object folder under `objectsDir`; a missing folder yields no objects. */
export function loadObjectMetadata(objectsDir: string): LoadedObject[] {
  if (!fs.existsSync(objectsDir)) return [];
  const objects: LoadedObject[] = [];
  for (const entry of fs.readdirSync(objectsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    objects.push(loadObject(path.join(objectsDir, entry.name), entry.name));
  }
  return objects.sort((a, b) => a.name.localeCompare(b.name));
}

/** Parses one metadata file and returns its root element's content; errors name the file. */
export function readXml(file: string, root: string): Xml {
  let parsed: Xml;
  try {
    parsed = parser.parse(fs.readFileSync(file, 'utf8')) as Xml;
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${(error as Error).message}`);
  }
  const body = parsed[root];
  if (!body || typeof body !== 'object') throw new Error(`${file}: expected a <${root}> root element`);
  return body as Xml;
}

function loadObject(dir: string, name: string): LoadedObject {
  const objectFile = path.join(dir, `${name}.object-meta.xml`);
  const meta: Xml = fs.existsSync(objectFile) ? readXml(objectFile, 'CustomObject') : {};
  const fieldsDir = path.join(dir, 'fields');
  const fields: FieldSpec[] = [];
  if (fs.existsSync(fieldsDir)) {
    for (const file of fs.readdirSync(fieldsDir).sort()) {
      if (!file.endsWith('.field-meta.xml')) continue;
      const spec = fieldFromXml(
        readXml(path.join(fieldsDir, file), 'CustomField'),
        path.join(fieldsDir, file)
      );
      if (spec) fields.push(spec);
    }
  }
  const nameMeta = meta.nameField as Xml | undefined;
  let nameField: FieldSpec | null = null;
  if (name.endsWith('__c')) {
    const autoNumber = str(nameMeta?.type) === 'AutoNumber';
    nameField = {
      name: 'Name',
      type: 'string',
      label: str(nameMeta?.label) ?? `${name} Name`,
      length: 80,
      nameField: true,
      custom: false,
      ...(autoNumber
        ? {
            autoNumberFormat: str(nameMeta?.displayFormat) ?? '{0}',
            computation: { kind: 'stored' as const },
            createable: false,
            updateable: false,
            hasColumn: true
          }
        : {})
    };
  }
  return {
    name,
    recordTypes: loadRecordTypes(path.join(dir, 'recordTypes')),
    label: str(meta.label) ?? name.replace(/__c$/, '').replace(/_/g, ' '),
    labelPlural: str(meta.pluralLabel) ?? str(meta.label) ?? name,
    nameField,
    fields,
    hasMasterDetail: fields.some((f) => f.masterDetail)
  };
}

/** The record types of one object folder: label, active, and the picklist values each offers. */
function loadRecordTypes(dir: string): LoadedRecordType[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.recordType-meta.xml'))
    .sort()
    .map((file) => {
      const meta = readXml(path.join(dir, file), 'RecordType');
      const developerName = str(meta.fullName) ?? file.replace(/\.recordType-meta\.xml$/, '');
      return {
        developerName,
        label: str(meta.label) ?? developerName,
        active: bool(meta.active),
        description: str(meta.description) ?? null,
        picklists: ((meta.picklistValues as Xml[] | undefined) ?? []).map((entry) => {
          const values = (entry.values as Xml[] | undefined) ?? [];
          return {
            field: String(entry.picklist),
            values: values.map((v) => String(v.fullName)),
            defaultValue: str(values.find((v) => bool(v.default))?.fullName) ?? null
          };
        })
      };
    });
}

const TYPE_MAP: Record<string, FieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  EncryptedText: 'string',
  Checkbox: 'boolean',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Time: 'time',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Lookup: 'reference',
  MasterDetail: 'reference',
  AutoNumber: 'string',
  Summary: 'double'
};

function fieldFromXml(xml: Xml, file: string): FieldSpec | null {
  const name = str(xml.fullName) ?? path.basename(file, '.field-meta.xml');
  const xmlType = str(xml.type);
  const formula = str(xml.formula);
  if (!xmlType && !formula) throw new Error(`${file}: field ${name} has no <type>`);
  const type: FieldType | undefined = formula ? formulaType(xmlType) : TYPE_MAP[xmlType ?? ''];
  if (!type) {
    // An org would still have the field: serve it as text rather than refusing to start.
    process.emitWarning(`${file}: field ${name} has type ${xmlType}, which the local org serves as text`);
  }
  const spec: FieldSpec = {
    name,
    type: type ?? 'string',
    label: str(xml.label) ?? name,
    custom: name.endsWith('__c'),
    description: str(xml.description),
    inlineHelpText: str(xml.inlineHelpText)
  };
  if (xmlType === 'Text' || xmlType === 'EncryptedText') spec.length = num(xml.length, 255);
  if (xmlType === 'TextArea') spec.length = 255;
  if (xmlType === 'LongTextArea' || xmlType === 'Html') spec.length = num(xml.length, 32768);
  if (xmlType === 'AutoNumber') {
    spec.length = 30;
    spec.autoNumberFormat = str(xml.displayFormat) ?? '{0}';
    spec.computation = { kind: 'stored' };
    spec.createable = false;
    spec.updateable = false;
    spec.hasColumn = true;
  }
  if (['Number', 'Currency', 'Percent'].includes(xmlType ?? '')) {
    spec.precision = num(xml.precision, 18);
    spec.scale = num(xml.scale, 0);
  }
  if (xml.required !== undefined) spec.required = bool(xml.required);
  if (spec.required) spec.nillable = false;
  if (bool(xml.externalId)) {
    spec.externalId = true;
  }
  if (bool(xml.unique)) spec.unique = true;
  if (xml.defaultValue !== undefined) spec.defaultValue = parseDefault(str(xml.defaultValue) ?? '', type);
  if (type === 'picklist' || type === 'multipicklist') Object.assign(spec, picklistFromXml(xml));
  if (xmlType === 'Lookup' || xmlType === 'MasterDetail') {
    const referenceTo = str(xml.referenceTo);
    if (!referenceTo) throw new Error(`${file}: lookup ${name} has no <referenceTo>`);
    spec.referenceTo = [referenceTo];
    // In metadata <relationshipName> names the child relationship; the parent path is the field's __r.
    spec.relationshipName = name.replace(/__c$/, '__r');
    const childName = str(xml.relationshipName);
    spec.childRelationshipName = childName ? `${childName}__r` : null;
    if (xmlType === 'MasterDetail') {
      spec.masterDetail = true;
      spec.required = true;
      spec.nillable = false;
      spec.deleteConstraint = 'Cascade';
      spec.updateable = bool(xml.reparentableMasterDetail);
    } else {
      const constraint = str(xml.deleteConstraint);
      spec.deleteConstraint =
        constraint === 'Restrict' ? 'Restrict' : constraint === 'Cascade' ? 'Cascade' : 'SetNull';
    }
  }
  if (formula) {
    // A plain field path, optionally wrapped in CASESAFEID() (ids are stored in 18-character form).
    const pathMatch = /^\s*(?:CASESAFEID\(\s*)?([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)\s*\)?\s*$/i.exec(formula);
    // Or a comparison of two paths (a checkbox formula), which SOQL itself cannot express.
    const PATH = '([A-Za-z][\\w]*(?:\\.[A-Za-z][\\w]*)*)';
    const equalsMatch = new RegExp(`^\\s*${PATH}\\s*=\\s*${PATH}\\s*$`).exec(formula);
    spec.computation = pathMatch
      ? { kind: 'path', path: pathMatch[1].split('.') }
      : equalsMatch
        ? { kind: 'equals', left: equalsMatch[1].split('.'), right: equalsMatch[2].split('.') }
        : { kind: 'stored' };
    spec.createable = false;
    spec.updateable = false;
    spec.hasColumn = !pathMatch && !equalsMatch;
    if (type === 'string') spec.length = 1300;
  }
  if (xmlType === 'Summary') {
    const op = str(xml.summaryOperation);
    const foreignKey = str(xml.summaryForeignKey);
    spec.createable = false;
    spec.updateable = false;
    if (op === 'count' && foreignKey && foreignKey.includes('.')) {
      const [childObject, childField] = foreignKey.split('.');
      spec.computation = { kind: 'rollupCount', childObject, childField };
      spec.hasColumn = false;
    } else {
      spec.computation = { kind: 'stored' };
      spec.hasColumn = true;
    }
  }
  return spec;
}

function formulaType(xmlType: string | undefined): FieldType {
  return TYPE_MAP[xmlType ?? 'Text'] ?? 'string';
}

function parseDefault(raw: string, type: FieldType): unknown {
  const text = raw.trim();
  if (type === 'boolean') return text.toLowerCase() === 'true';
  if (/^'.*'$|^".*"$/.test(text)) return text.slice(1, -1);
  if (['double', 'int', 'currency', 'percent'].includes(type) && /^-?\d+(\.\d+)?$/.test(text))
    return Number(text);
  // NOW() and TODAY() are evaluated on the org clock when a record is created; other formulas are left blank.
  if (/^NOW\(\s*\)$/i.test(text)) return CLOCK_DEFAULT_NOW;
  if (/^TODAY\(\s*\)$/i.test(text)) return CLOCK_DEFAULT_TODAY;
  return null;
}

function picklistFromXml(xml: Xml): Partial<FieldSpec> {
  const valueSet = (xml.valueSet ?? {}) as Xml;
  const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
  const values = (definition.value ?? []) as Xml[];
  const entries: PicklistEntry[] = values.map((v) => ({
    value: str(v.fullName) ?? '',
    label: str(v.label) ?? str(v.fullName) ?? '',
    active: v.isActive === undefined ? true : bool(v.isActive),
    defaultValue: bool(v.default)
  }));
  const defaultEntry = entries.find((e) => e.defaultValue);
  return {
    picklistValues: entries,
    restrictedPicklist: bool(valueSet.restricted),
    ...(defaultEntry ? { defaultValue: defaultEntry.value } : {})
  };
}
