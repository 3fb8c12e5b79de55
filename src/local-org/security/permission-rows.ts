/**
 * The `ObjectPermissions` and `FieldPermissions` rows Salesforce serves for every permission set,
 * built from what this org enforces (access.ts): the package's permission sets as their metadata
 * grants, and for each profile the permission set Salesforce keeps for it (`IsOwnedByProfile`,
 * `ProfileId`) carrying the profile's baseline. A client that checks another user's access (the
 * companion, for the admin who saved a field update) reads the same answer the org enforces.
 *
 * Field rows exist only for fields whose access can be set (describe `permissionable`): custom
 * fields that are neither required nor master-detail. Other fields follow the object permission.
 * Rebuilt on every start, so a changed permission set file shows at once.
 */
import type { Schema } from '../schema/registry';
import type { FieldDef, ObjectDef } from '../schema/types';
import type { RecordStore, WriteContext } from '../store/records';
import type { ObjectPermission, PermissionSetDef } from './permission-sets';
import { profileObjectPermission, SYSTEM_ADMINISTRATOR } from './profiles';

/** Whether Salesforce lets a permission set grant this field (describe `permissionable`). */
export function isPermissionable(field: FieldDef): boolean {
  return field.custom && !field.required && !field.masterDetail;
}

interface Grants {
  objects: Map<string, ObjectPermission>;
  fields: Map<string, { read: boolean; edit: boolean }>;
}

/** A package permission set's grants under the org's names (namespace applied). */
function packageGrants(schema: Schema, set: PermissionSetDef): Grants {
  const objects = new Map<string, ObjectPermission>();
  for (const [object, permission] of set.objects) objects.set(schema.qualify(object), permission);
  const fields = new Map<string, { read: boolean; edit: boolean }>();
  for (const [path, permission] of set.fields) {
    const [object, field] = path.split('.');
    fields.set(`${schema.qualify(object)}.${schema.qualify(field)}`, permission);
  }
  return { objects, fields };
}

/**
 * A profile's grants: its object baseline (custom objects only for System Administrator) and every
 * permissionable field of the objects it covers (fields of standard objects follow the profile).
 */
function profileGrants(schema: Schema, profile: string): Grants {
  const admin = profile === SYSTEM_ADMINISTRATOR;
  const grants: Grants = { objects: new Map(), fields: new Map() };
  for (const object of schema.objects()) {
    if (object.custom && !admin) continue;
    const permission = profileObjectPermission(profile, object.name);
    if (permission.read) grants.objects.set(object.name, permission);
    for (const field of object.fields.filter(isPermissionable))
      grants.fields.set(`${object.name}.${field.name}`, {
        read: true,
        edit: field.createable || field.updateable
      });
  }
  return grants;
}

function writeRows(
  store: RecordStore,
  parentId: string,
  grants: Grants,
  objectOf: (name: string) => ObjectDef | undefined,
  ctx: WriteContext
): void {
  for (const [name, p] of grants.objects) {
    if (!objectOf(name)) continue;
    store.create(
      'ObjectPermissions',
      {
        ParentId: parentId,
        SobjectType: name,
        PermissionsRead: p.read,
        PermissionsCreate: p.create,
        PermissionsEdit: p.edit,
        PermissionsDelete: p.delete,
        PermissionsViewAllRecords: p.viewAll,
        PermissionsModifyAllRecords: p.modifyAll
      },
      ctx
    );
  }
  for (const [path, p] of grants.fields) {
    if (!p.read && !p.edit) continue;
    store.create(
      'FieldPermissions',
      {
        ParentId: parentId,
        SobjectType: path.split('.')[0],
        Field: path,
        PermissionsRead: p.read,
        PermissionsEdit: p.edit
      },
      ctx
    );
  }
}

/**
 * Seeds each profile's own permission set and the permission rows of every permission set. Runs
 * inside seedSecurity's transaction, after the profiles and the package's permission sets exist.
 */
export function seedPermissionRows(
  store: RecordStore,
  permissionSets: PermissionSetDef[],
  ctx: WriteContext
): void {
  const schema = store.schema;
  const idOf = (table: string, column: string, value: string): string | undefined =>
    (
      store.db.prepare(`SELECT "Id" FROM "${table}" WHERE "${column}" = ? AND "IsDeleted" = 0`).get(value) as
        { Id: string } | undefined
    )?.Id;
  store.db.prepare('DELETE FROM "ObjectPermissions"').run();
  store.db.prepare('DELETE FROM "FieldPermissions"').run();
  const objectOf = (name: string): ObjectDef | undefined => schema.find(name);
  const profiles = store.db.prepare('SELECT "Id", "Name" FROM "Profile" WHERE "IsDeleted" = 0').all() as {
    Id: string;
    Name: string;
  }[];
  for (const profile of profiles) {
    let setId = idOf('PermissionSet', 'ProfileId', profile.Id);
    if (!setId)
      setId = store.create(
        'PermissionSet',
        // Salesforce names a profile's own permission set after the profile's id.
        { Name: `X${profile.Id}`, Label: profile.Name, IsOwnedByProfile: true, ProfileId: profile.Id },
        ctx
      );
    writeRows(store, setId, profileGrants(schema, profile.Name), objectOf, ctx);
  }
  for (const set of permissionSets) {
    const setId = idOf('PermissionSet', 'Name', set.name);
    if (setId) writeRows(store, setId, packageGrants(schema, set), objectOf, ctx);
  }
}
