/**
 * Reads the package's objects, fields and permission sets from source format into plain data,
 * for checks that the schema cannot express (picklist values, permission references).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface FieldModel {
  object: string;
  name: string;
  type: string;
  required: boolean;
  /** Restricted picklist values in file order; undefined for other fields. */
  restrictedValues?: string[];
  /** The value marked default, for a picklist. */
  defaultValue?: string;
  length?: number;
  precision?: number;
  referenceTo?: string;
  deleteConstraint?: string;
  formula?: string;
  unique: boolean;
  externalId: boolean;
  description?: string;
  inlineHelpText?: string;
  file: string;
}

export interface ObjectModel {
  name: string;
  fields: Map<string, FieldModel>;
}

export interface PermissionSetModel {
  name: string;
  file: string;
  description?: string;
  objects: Array<{ object: string; read: boolean; create: boolean; edit: boolean; delete: boolean }>;
  fields: Array<{ field: string; readable: boolean; editable: boolean }>;
  tabs: string[];
  applications: string[];
}

// Lists come back as arrays even when there is one element, values as strings.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    ['value', 'objectPermissions', 'fieldPermissions', 'tabSettings', 'applicationVisibilities'].includes(
      name
    )
});

function parse(file: string): Record<string, unknown> {
  return parser.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * Reads every object the package defines under `<sourceDir>/objects` (a folder with its
 * `<Object>.object-meta.xml`) with its fields. A standard object's folder (`Lead/webLinks`,
 * `Contact/fieldSets` …) only extends that object and is not one of them.
 *
 * @example
 * readObjects('force-app/main/default').get('Sequence__c')?.fields.get('Active__c')?.type //=> 'Checkbox'
 */
export function readObjects(sourceDir: string): Map<string, ObjectModel> {
  const objectsDir = path.join(sourceDir, 'objects');
  const objects = new Map<string, ObjectModel>();
  if (!existsSync(objectsDir)) return objects;
  for (const objectName of readdirSync(objectsDir)) {
    if (!existsSync(path.join(objectsDir, objectName, `${objectName}.object-meta.xml`))) continue;
    const fieldsDir = path.join(objectsDir, objectName, 'fields');
    const fields = new Map<string, FieldModel>();
    for (const fileName of existsSync(fieldsDir) ? readdirSync(fieldsDir) : []) {
      const file = path.join(fieldsDir, fileName);
      const xml = parse(file).CustomField as Record<string, unknown>;
      const name = fileName.replace(/\.field-meta\.xml$/, '');
      const valueSet = xml.valueSet as
        | {
            restricted?: string;
            valueSetDefinition?: { value?: Array<{ fullName: string; default?: string }> };
          }
        | undefined;
      const values = valueSet?.valueSetDefinition?.value ?? [];
      fields.set(name, {
        object: objectName,
        name,
        type: String(xml.type),
        required: xml.required === 'true',
        restrictedValues:
          valueSet?.restricted === 'true' ? values.map((value) => String(value.fullName)) : undefined,
        defaultValue: values.find((value) => value.default === 'true')?.fullName,
        length: optionalNumber(xml.length),
        precision: optionalNumber(xml.precision),
        referenceTo: optionalString(xml.referenceTo),
        deleteConstraint: optionalString(xml.deleteConstraint),
        formula: optionalString(xml.formula),
        unique: xml.unique === 'true',
        externalId: xml.externalId === 'true',
        description: optionalString(xml.description),
        inlineHelpText: optionalString(xml.inlineHelpText),
        file
      });
    }
    objects.set(objectName, { name: objectName, fields });
  }
  return objects;
}

type Flag = 'true' | 'false' | undefined;

function optionalString(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}

function optionalNumber(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** Reads every permission set under `<sourceDir>/permissionsets`. */
export function readPermissionSets(sourceDir: string): PermissionSetModel[] {
  const dir = path.join(sourceDir, 'permissionsets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((fileName) => {
    const file = path.join(dir, fileName);
    const xml = parse(file).PermissionSet as Record<string, unknown>;
    const list = <T>(key: string): T[] => (xml[key] as T[] | undefined) ?? [];
    return {
      name: fileName.replace(/\.permissionset-meta\.xml$/, ''),
      file,
      description: optionalString(xml.description),
      objects: list<Record<string, Flag | string>>('objectPermissions').map((permission) => ({
        object: String(permission.object),
        read: permission.allowRead === 'true',
        create: permission.allowCreate === 'true',
        edit: permission.allowEdit === 'true',
        delete: permission.allowDelete === 'true'
      })),
      fields: list<Record<string, string>>('fieldPermissions').map((permission) => ({
        field: permission.field,
        readable: permission.readable === 'true',
        editable: permission.editable === 'true'
      })),
      tabs: list<Record<string, string>>('tabSettings').map((setting) => setting.tab),
      applications: list<Record<string, string>>('applicationVisibilities').map(
        (visibility) => visibility.application
      )
    };
  });
}
