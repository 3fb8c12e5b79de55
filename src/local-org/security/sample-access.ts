/**
 * Who the sample users are to the org: a Sales Manager role above a Sales Rep role (the reps and
 * the former rep report to Dana Kim), Stride_Agent for the reps and their manager, Stride_Admin for
 * the sales-operations admin, and the Standard User profile for everyone.
 */
import type { RecordStore, WriteContext } from '../store/records';
import { STANDARD_USER } from './profiles';
import { assignPermissionSet, profileId } from './seed-security';

export const SAMPLE_ROLES = [
  { Name: 'Sales Manager', DeveloperName: 'Sales_Manager', parent: null },
  { Name: 'Sales Rep', DeveloperName: 'Sales_Rep', parent: 'Sales_Manager' }
] as const;

/** Username → role developer name and permission sets. */
export const SAMPLE_ACCESS: Record<string, { role: string | null; permissionSets: string[] }> = {
  'ava.reed@stride.local': { role: 'Sales_Rep', permissionSets: ['Stride_Agent'] },
  'ben.ortiz@stride.local': { role: 'Sales_Rep', permissionSets: ['Stride_Agent'] },
  'chloe.martin@stride.local': { role: 'Sales_Rep', permissionSets: ['Stride_Agent'] },
  'eli.former@stride.local': { role: 'Sales_Rep', permissionSets: ['Stride_Agent'] },
  'dana.kim@stride.local': { role: 'Sales_Manager', permissionSets: ['Stride_Agent'] },
  'sam.admin@stride.local': { role: null, permissionSets: ['Stride_Admin'] }
};

/** Creates the roles (once) and gives each sample user its role, profile and permission sets. */
export function loadSampleAccess(
  store: RecordStore,
  users: Record<string, string>,
  ctx: WriteContext
): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const role of SAMPLE_ROLES) {
    const existing = store.db
      .prepare('SELECT "Id" FROM "UserRole" WHERE "DeveloperName" = ? AND "IsDeleted" = 0')
      .get(role.DeveloperName) as { Id: string } | undefined;
    roles[role.DeveloperName] =
      existing?.Id ??
      store.create(
        'UserRole',
        {
          Name: role.Name,
          DeveloperName: role.DeveloperName,
          ParentRoleId: role.parent ? roles[role.parent] : null
        },
        ctx
      );
  }
  const standardUser = profileId(store, STANDARD_USER);
  for (const [username, access] of Object.entries(SAMPLE_ACCESS)) {
    const userId = users[username];
    if (!userId) continue;
    store.update(
      'User',
      userId,
      { ProfileId: standardUser, UserRoleId: access.role ? roles[access.role] : null },
      ctx
    );
    for (const name of access.permissionSets) assignPermissionSet(store, userId, name, ctx);
  }
  return roles;
}
