/**
 * Permission sets read from the package's metadata (`force-app/main/default/permissionsets`): the
 * object permissions (CRUD, View All, Modify All) and field permissions (read, edit) each grants.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface ObjectPermission {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

export interface PermissionSetDef {
  /** API name, e.g. Stride_Agent. */
  name: string;
  label: string;
  /** By object API name (source names, no namespace). */
  objects: Map<string, ObjectPermission>;
  /** By `Object.Field` (source names). */
  fields: Map<string, { read: boolean; edit: boolean }>;
  /** Enabled user permissions by API name (e.g. ApiEnabled, ViewSetup). */
  userPermissions: Set<string>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'objectPermissions' || name === 'fieldPermissions' || name === 'userPermissions'
});

type Xml = Record<string, unknown>;

const flag = (value: unknown): boolean => value === 'true';

/** Parses one `.permissionset-meta.xml`; the name is the file's base name. */
export function parsePermissionSet(file: string): PermissionSetDef {
  let parsed: Xml;
  try {
    parsed = parser.parse(fs.readFileSync(file, 'utf8')) as Xml;
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${(error as Error).message}`);
  }
  const body = parsed.PermissionSet as Xml | undefined;
  if (!body) throw new Error(`${file}: not a PermissionSet (no <PermissionSet> root)`);
  const name = path.basename(file).replace(/\.permissionset-meta\.xml$/, '');
  const objects = new Map<string, ObjectPermission>();
  for (const entry of (body.objectPermissions as Xml[] | undefined) ?? []) {
    objects.set(String(entry.object), {
      read: flag(entry.allowRead),
      create: flag(entry.allowCreate),
      edit: flag(entry.allowEdit),
      delete: flag(entry.allowDelete),
      viewAll: flag(entry.viewAllRecords),
      modifyAll: flag(entry.modifyAllRecords)
    });
  }
  const fields = new Map<string, { read: boolean; edit: boolean }>();
  for (const entry of (body.fieldPermissions as Xml[] | undefined) ?? []) {
    fields.set(String(entry.field), { read: flag(entry.readable), edit: flag(entry.editable) });
  }
  const userPermissions = new Set(
    ((body.userPermissions as Xml[] | undefined) ?? [])
      .filter((entry) => flag(entry.enabled))
      .map((entry) => String(entry.name))
  );
  return { name, label: String(body.label ?? name), objects, fields, userPermissions };
}

/** Every permission set in a folder (none when the folder does not exist). */
export function loadPermissionSets(dir: string): PermissionSetDef[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.permissionset-meta.xml'))
    .sort()
    .map((f) => parsePermissionSet(path.join(dir, f)));
}
