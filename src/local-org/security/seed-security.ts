/**
 * Seeds who may do what: the profiles, one PermissionSet row per permission set of the package,
 * one Group row per public group of the package, and the integration user's profile (Standard
 * User), its one permission set (Stride_Integration) and its membership of the public group
 * Stride_Integration_Users (which a sharing rule gives edit access to every sequence). In a
 * subscriber org the admin assigns the permission set and adds the user to the group (README,
 * "Deploying to a real org"). Idempotent, so a database file keeps its rows across restarts.
 */
import type { RecordStore, WriteContext } from '../store/records';
import { seedPermissionRows } from './permission-rows';
import type { PermissionSetDef } from './permission-sets';
import { PROFILES, STANDARD_USER } from './profiles';
import type { GroupDef } from './sharing-rules';

export const INTEGRATION_PERMISSION_SET = 'Stride_Integration';
/** The public group the integration user belongs to (force-app/main/default/groups). */
export const INTEGRATION_GROUP = 'Stride_Integration_Users';

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

/** The id of a public group by DeveloperName, or undefined when there is none by that name. */
export function groupId(store: RecordStore, developerName: string): string | undefined {
  return (
    store.db
      .prepare(
        `SELECT "Id" FROM "Group" WHERE "DeveloperName" = ? AND "Type" = 'Regular' AND "IsDeleted" = 0`
      )
      .get(developerName) as { Id: string } | undefined
  )?.Id;
}

/** Adds a user (or group) to a public group unless it is a member already. */
export function addGroupMember(
  store: RecordStore,
  userOrGroupId: string,
  groupName: string,
  ctx: WriteContext
): void {
  const id = groupId(store, groupName);
  if (!id) return;
  const existing = store.db
    .prepare('SELECT 1 FROM "GroupMember" WHERE "GroupId" = ? AND "UserOrGroupId" = ? AND "IsDeleted" = 0')
    .get(id, userOrGroupId);
  if (!existing) store.create('GroupMember', { GroupId: id, UserOrGroupId: userOrGroupId }, ctx);
}

export function seedSecurity(
  store: RecordStore,
  integrationUserId: string,
  permissionSets: PermissionSetDef[],
  groups: GroupDef[] = []
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
    for (const group of groups) {
      if (!groupId(store, group.name)) {
        store.create(
          'Group',
          {
            Name: group.label,
            DeveloperName: group.name,
            Type: 'Regular',
            DoesIncludeBosses: group.doesIncludeBosses
          },
          ctx
        );
      }
    }
    seedPermissionRows(store, permissionSets, ctx);
    const integration = store.db
      .prepare('SELECT "ProfileId" FROM "User" WHERE "Id" = ?')
      .get(integrationUserId) as { ProfileId: string | null } | undefined;
    if (!integration?.ProfileId) {
      store.update('User', integrationUserId, { ProfileId: profileId(store, STANDARD_USER) }, ctx);
    }
    assignPermissionSet(store, integrationUserId, INTEGRATION_PERMISSION_SET, ctx);
    addGroupMember(store, integrationUserId, INTEGRATION_GROUP, ctx);
  });
}
