/**
 * The access of the admins who saved sequence configuration (docs/security.md, "Configuration is
 * checked against the admin who saved it"). The companion runs field updates, criteria and merge
 * fields with the integration user's wider access; each is carried out only if the user who last
 * saved the record holding it (its `LastModifiedById`: the platform sets it, nobody can forge it)
 * may edit the fields it writes and read the fields it reads. Otherwise the action is refused with
 * the field and the user named, and nothing else stops.
 *
 * Read without Apex from what Salesforce keeps for every permission set (a profile's own included):
 * `ObjectPermissions` and `FieldPermissions`, reached through the user's `PermissionSetAssignment`
 * rows and through the permission set of the user's profile (`Parent.ProfileId`). Five queries for
 * all the savers at once, started together so they go out as one Composite request, once per
 * catalog load. The integration user needs View Setup and Configuration to read them.
 */
import { criteriaFieldPaths, parseCriteria } from '../../core/criteria';
import { resolveFieldPath, type DescribeCatalog } from '../../core/describe';
import { contextObjectOf, withContextRelationship } from '../../core/participantContext';
import { soqlString, type SalesforceApi } from '../api';
export { selfIdOf } from './self-id';

export type FieldAccess = 'read' | 'edit';

interface Grant {
  read: boolean;
  edit: boolean;
}

type Parented = { ParentId: string; Parent?: { ProfileId?: string | null } | null };

interface ObjectRow extends Parented {
  SobjectType: string;
  PermissionsRead: boolean;
  PermissionsEdit: boolean;
  PermissionsViewAllRecords?: boolean;
  PermissionsModifyAllRecords?: boolean;
}

interface FieldRow extends Parented {
  Field: string;
  PermissionsRead: boolean;
  PermissionsEdit: boolean;
}

interface UserRow {
  Id: string;
  Name?: string;
  ProfileId: string | null;
  PermissionSetAssignments?: { records: Array<{ PermissionSetId: string }> } | null;
}

const NONE: Grant = { read: false, edit: false };

function merge(map: Map<string, Grant>, key: string, grant: Grant): void {
  const current = map.get(key) ?? NONE;
  map.set(key, { read: current.read || grant.read, edit: current.edit || grant.edit });
}

/** Grants by permission set; a profile's own permission set is reachable as `profile:<id>` too. */
function bySet<T extends Parented>(rows: T[], key: (row: T) => string, grant: (row: T) => Grant) {
  const sets = new Map<string, Map<string, Grant>>();
  for (const row of rows) {
    const parents = row.Parent?.ProfileId
      ? [row.ParentId, `profile:${row.Parent.ProfileId}`]
      : [row.ParentId];
    for (const parent of parents) {
      if (!sets.has(parent)) sets.set(parent, new Map());
      merge(sets.get(parent)!, key(row).toLowerCase(), grant(row));
    }
  }
  return sets;
}

/** One user's grants: by object and by `Object.Field`, lower case. */
interface UserGrants {
  name: string;
  objects: Map<string, Grant>;
  fields: Map<string, Grant>;
}

/** What the savers of the loaded configuration may read and edit. */
export class SaverAccess {
  private constructor(
    private readonly users: Map<string, UserGrants>,
    /** Why the access could not be read: every check refuses, naming it. */
    private readonly failure: string | null
  ) {}

  /** Nobody's access is known yet. */
  static unread(reason: string): SaverAccess {
    return new SaverAccess(new Map(), reason);
  }

  static from(users: UserRow[], objectRows: ObjectRow[], fieldRows: FieldRow[]): SaverAccess {
    const objectsBySet = bySet(
      objectRows,
      (row) => row.SobjectType,
      (row) => ({
        read: row.PermissionsRead || row.PermissionsViewAllRecords === true,
        edit: row.PermissionsEdit || row.PermissionsModifyAllRecords === true
      })
    );
    const fieldsBySet = bySet(
      fieldRows,
      (row) => row.Field,
      (row) => ({ read: row.PermissionsRead, edit: row.PermissionsEdit })
    );
    const grants = new Map<string, UserGrants>();
    for (const user of users) {
      const sets = [
        ...(user.PermissionSetAssignments?.records ?? []).map((a) => a.PermissionSetId),
        ...(user.ProfileId ? [`profile:${user.ProfileId}`] : [])
      ];
      const objects = new Map<string, Grant>();
      const fields = new Map<string, Grant>();
      for (const set of sets) {
        for (const [key, grant] of objectsBySet.get(set) ?? []) merge(objects, key, grant);
        for (const [key, grant] of fieldsBySet.get(set) ?? []) merge(fields, key, grant);
      }
      grants.set(user.Id, { name: user.Name ?? user.Id, objects, fields });
    }
    return new SaverAccess(grants, null);
  }

  /**
   * Why `userId` may not `access` the field at `path` on `object` (a path such as `Owner.Name` is
   * checked at the field it ends on), or null when they may. A field permission sets cannot grant
   * (describe `permissionable` false: Name, required fields) follows the object permission.
   *
   * @example
   * access.refusal(describes, '005…', 'Lead', 'Rating', 'edit')
   * //=> 'Rita Rep (005…), who may not edit Lead.Rating'
   */
  refusal(
    describes: DescribeCatalog,
    userId: string | null | undefined,
    object: string,
    path: string,
    access: FieldAccess
  ): string | null {
    const resolved = resolveFieldPath(describes, object, path);
    const target = resolved.ok
      ? { object: resolved.value.objectName, field: resolved.value.field }
      : { object, field: { name: path, permissionable: true } };
    const label = `${target.object}.${target.field.name}`;
    if (!userId) return `an unknown user, so access to ${label} cannot be checked`;
    const user = this.users.get(userId);
    if (!user)
      return `${userId}, whose access could not be read (${this.failure ?? 'not loaded'}), so ${label} is not used`;
    const objectGrant = user.objects.get(target.object.toLowerCase()) ?? NONE;
    const fieldGrant =
      target.field.permissionable === false
        ? { read: true, edit: true }
        : (user.fields.get(label.toLowerCase()) ?? NONE);
    const allowed =
      access === 'read' ? objectGrant.read && fieldGrant.read : objectGrant.edit && fieldGrant.edit;
    return allowed ? null : `${user.name} (${userId}), who may not ${access} ${label}`;
  }
}

/**
 * Reads the access of `userIds` to `objects`: five queries started together (one Composite
 * request). A failure (the integration user lacks View Setup and Configuration) is kept as the
 * reason every check then gives.
 */
export async function loadSaverAccess(
  api: SalesforceApi,
  userIds: string[],
  objects: string[]
): Promise<SaverAccess> {
  if (userIds.length === 0) return SaverAccess.from([], [], []);
  const users = userIds.map(soqlString).join(', ');
  const types = objects.map(soqlString).join(', ');
  const assigned = `ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId IN (${users}))`;
  const byProfile = `Parent.ProfileId IN (SELECT ProfileId FROM User WHERE Id IN (${users}))`;
  const objectSelect =
    'SELECT ParentId, Parent.ProfileId, SobjectType, PermissionsRead, PermissionsEdit, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions';
  const fieldSelect =
    'SELECT ParentId, Parent.ProfileId, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions';
  try {
    const [userRows, objectsAssigned, objectsByProfile, fieldsAssigned, fieldsByProfile] = await Promise.all([
      api.query<UserRow>(
        `SELECT Id, Name, ProfileId, (SELECT PermissionSetId FROM PermissionSetAssignments) FROM User WHERE Id IN (${users})`
      ),
      api.query<ObjectRow>(`${objectSelect} WHERE ${assigned} AND SobjectType IN (${types})`),
      api.query<ObjectRow>(`${objectSelect} WHERE ${byProfile} AND SobjectType IN (${types})`),
      api.query<FieldRow>(`${fieldSelect} WHERE ${assigned} AND SobjectType IN (${types})`),
      api.query<FieldRow>(`${fieldSelect} WHERE ${byProfile} AND SobjectType IN (${types})`)
    ]);
    return SaverAccess.from(
      userRows,
      [...objectsAssigned, ...objectsByProfile],
      [...fieldsAssigned, ...fieldsByProfile]
    );
  } catch (error) {
    return SaverAccess.unread((error as Error).message);
  }
}

/** What a saver check needs from the catalog. */
interface SaverCatalog {
  describes: DescribeCatalog;
  saverAccess: SaverAccess;
}

/** `Sequence action "Welcome email" (a02…) was last saved by Rita Rep (005…), who may not edit Lead.Rating`. */
function savedBy(record: { kind: string; name?: string | null; id: string }, refusal: string): string {
  return `${record.kind}${record.name ? ` "${record.name}"` : ''} (${record.id}) was last saved by ${refusal}`;
}

/**
 * Why the step's field updates may not write these fields, one reason per refused field.
 *
 * @example
 * fieldUpdateSaverRefusals(catalog, action, [{ object: 'Lead', fields: ['Rating'] }])
 * //=> ['Sequence action "Qualify" (a02…) was last saved by Rita Rep (005…), who may not edit Lead.Rating']
 */
export function fieldUpdateSaverRefusals(
  catalog: SaverCatalog,
  action: { Id: string; Name?: string | null; LastModifiedById?: string | null },
  writes: Array<{ object: string; fields: string[] }>
): string[] {
  const refusals: string[] = [];
  for (const write of writes)
    for (const field of write.fields) {
      const refusal = catalog.saverAccess.refusal(
        catalog.describes,
        action.LastModifiedById,
        write.object,
        field,
        'edit'
      );
      if (refusal)
        refusals.push(savedBy({ kind: 'Sequence action', name: action.Name, id: action.Id }, refusal));
    }
  return refusals;
}

/**
 * Why the step's criteria may not be evaluated for its saver: a field they read that the saver may
 * not read. Paths resolve as the criteria compile (`Opportunity.StageName` on such sequences).
 */
export function criteriaSaverRefusal(
  catalog: SaverCatalog,
  action: { Id: string; Name?: string | null; LastModifiedById?: string | null; Criteria__c?: string | null },
  object: string,
  target: string | null | undefined
): string | null {
  const parsed = action.Criteria__c ? parseCriteria(action.Criteria__c) : null;
  if (!parsed?.ok) return null;
  const describes = withContextRelationship(catalog.describes, object, contextObjectOf(target));
  for (const path of criteriaFieldPaths(parsed.value)) {
    const refusal = catalog.saverAccess.refusal(describes, action.LastModifiedById, object, path, 'read');
    if (refusal) return savedBy({ kind: 'Sequence action', name: action.Name, id: action.Id }, refusal);
  }
  return null;
}

/**
 * Why a template's merge fields may not be read on behalf of whoever saved it: `Recipient` is
 * the person's object, `Sender` a User, any other root the object it names.
 */
export function templateSaverRefusal(
  catalog: SaverCatalog,
  source: { kind: string; name?: string | null; id: string; savedBy: string | null | undefined },
  paths: Record<string, string[]>,
  recipientObject: string
): string | null {
  for (const [root, list] of Object.entries(paths)) {
    const lower = root.toLowerCase();
    const object =
      lower === 'recipient'
        ? recipientObject
        : lower === 'sender'
          ? 'User'
          : (Object.keys(catalog.describes).find((name) => name.toLowerCase() === lower) ?? root);
    for (const path of list) {
      const refusal = catalog.saverAccess.refusal(catalog.describes, source.savedBy, object, path, 'read');
      if (refusal) return savedBy(source, refusal);
    }
  }
  return null;
}

/** Ids compare on their first 15 characters (the API mixes 15- and 18-character forms). */
const sameId = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.slice(0, 15) === b.slice(0, 15);

/**
 * Who saved a sequence's criteria: its `LastModifiedById`, unless that is the companion itself —
 * its `Last_Error__c` write replaces Last Modified By — then the admin it kept in
 * `Criteria_Saved_By__c` in that same write (none kept: the integration user saved it itself).
 */
export function sequenceSaver(
  sequence: { LastModifiedById?: string | null; Criteria_Saved_By__c?: string | null },
  selfId: string | null
): string | null {
  const last = sequence.LastModifiedById ?? null;
  if (sameId(last, selfId)) return sequence.Criteria_Saved_By__c || last;
  return last;
}

/**
 * Why a sequence's entry or exit criteria may not be evaluated for the admin who saved them.
 *
 * @example
 * sequenceCriteriaSaverRefusal(catalog, sequence, 'Exit_Criteria__c', 'Lead')
 * //=> 'Exit criteria refused: Sequence "Hot leads" (a01…) was last saved by Lim Saver (005…), who may not read Lead.Industry'
 */
export function sequenceCriteriaSaverRefusal(
  catalog: SaverCatalog & { selfId: string | null },
  sequence: {
    Id: string;
    Name?: string | null;
    Target_Object__c?: string | null;
    Entry_Criteria__c?: string | null;
    Exit_Criteria__c?: string | null;
    LastModifiedById?: string | null;
    Criteria_Saved_By__c?: string | null;
  },
  which: 'Entry_Criteria__c' | 'Exit_Criteria__c',
  object: string
): string | null {
  const text = sequence[which];
  const parsed = text ? parseCriteria(text) : null;
  if (!parsed?.ok) return null;
  const describes = withContextRelationship(
    catalog.describes,
    object,
    contextObjectOf(sequence.Target_Object__c)
  );
  const saver = sequenceSaver(sequence, catalog.selfId);
  for (const path of criteriaFieldPaths(parsed.value)) {
    const refusal = catalog.saverAccess.refusal(describes, saver, object, path, 'read');
    if (refusal)
      return `${which === 'Entry_Criteria__c' ? 'Entry' : 'Exit'} criteria refused: ${savedBy(
        { kind: 'Sequence', name: sequence.Name, id: sequence.Id },
        refusal
      )}`;
  }
  return null;
}
