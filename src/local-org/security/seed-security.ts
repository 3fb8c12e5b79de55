/**
 * Seeds who may do what: the profiles, one PermissionSet row per permission set of the package,
 * and the integration user's profile (Standard User) and its one permission set
 * (Stride_Integration). Idempotent, so a database file keeps its rows across restarts.
 */
import type { RecordStore, WriteContext } from '../store/records';
import type { PermissionSetDef } from './permission-sets';
import { PROFILES, STANDARD_USER } from './profiles';

export const INTEGRATION_PERMISSION_SET = 'Stride_Integration';

function idWhere(store: RecordStore, table: string, column: string, value: string): string | undefined {
  return (
    store.db.prepare(`SELECT "Id" FROM "${table}" WHERE "${column}" = ? AND "IsDeleted" = 0`).get(value) as
      { Id: string } | undefined
  )?.Id;
}

/** The id of a profile by name (seeded by seedSecurity). */
export function profileId(store: RecordStore, name: string): string {
  const id = idWhere(store, 'Profile', 'Name', name);
  if (!id) throw new Error(`no profile named ${name}`);
  return id;
}

/** The id of a permission set by API name, or undefined when the package has none by that name. */
export function permissionSetId(store: RecordStore, name: string): string | undefined {
  return idWhere(store, 'PermissionSet', 'Name', name);
}

/** Assigns a permission set to a user unless it is assigned already. */
export function assignPermissionSet(
  store: RecordStore,
  userId: string,
  permissionSetName: string,
  ctx: WriteContext
): void {
  const setId = permissionSetId(store, permissionSetName);
  if (!setId) return;
  const existing = store.db
    .prepare(
      'SELECT 1 FROM "PermissionSetAssignment" WHERE "AssigneeId" = ? AND "PermissionSetId" = ? AND "IsDeleted" = 0'
    )
    .get(userId, setId);
  if (!existing) store.create('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: setId }, ctx);
}

export function seedSecurity(
  store: RecordStore,
  integrationUserId: string,
  permissionSets: PermissionSetDef[]
): void {
  const ctx: WriteContext = { userId: integrationUserId, trusted: true };
  store.transaction(() => {
    for (const profile of PROFILES) {
      if (!idWhere(store, 'Profile', 'Name', profile.Name)) store.create('Profile', profile, ctx);
    }
    for (const set of permissionSets) {
      if (!permissionSetId(store, set.name)) {
        store.create(
          'PermissionSet',
          {
            Name: set.name,
            Label: set.label,
            NamespacePrefix: store.schema.namespace ?? null,
            IsOwnedByProfile: false
          },
          ctx
        );
      }
    }
    const integration = store.db
      .prepare('SELECT "ProfileId" FROM "User" WHERE "Id" = ?')
      .get(integrationUserId) as { ProfileId: string | null } | undefined;
    if (!integration?.ProfileId) {
      store.update('User', integrationUserId, { ProfileId: profileId(store, STANDARD_USER) }, ctx);
    }
    assignPermissionSet(store, integrationUserId, INTEGRATION_PERMISSION_SET, ctx);
  });
}
