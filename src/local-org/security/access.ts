/**
 * What one user may do: object permissions and field-level security (the profile's baseline plus
 * the permission sets assigned to the user) and record access (organisation-wide defaults,
 * ownership, the role hierarchy, and criteria-based sharing rules that share records with a public
 * group the user belongs to). `Authorization.forUser(userId)` is the one seam the data API,
 * the SOQL engine and the record store call; other APIs of the local org call the same.
 *
 * Salesforce's answers: an object the user cannot read is `INVALID_TYPE` (not supported), a field
 * they cannot see is `INVALID_FIELD` (no such column), a field they cannot edit is
 * `INVALID_FIELD_FOR_INSERT_UPDATE`, a record they cannot edit (or a create/edit/delete the object
 * permissions do not allow) is `INSUFFICIENT_ACCESS_OR_READONLY`, and a lookup to a record they
 * cannot see is `INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY`. Records they cannot read are not
 * found: rows are filtered out of queries and a GET answers 404 NOT_FOUND.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SalesforceError } from '../errors';
import type { Schema } from '../schema/registry';
import type { FieldDef, ObjectDef } from '../schema/types';
import { cachedStatement, type Db } from '../store/database';
import type { ObjectPermission, PermissionSetDef } from './permission-sets';
import { profileObjectPermission, STANDARD_USER, VIEW_SETUP_OBJECTS } from './profiles';
import { compileSharingRule, type CompiledSharingRule, type SharingRuleDef } from './sharing-rules';

export type SharingModel = 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent';
export type Operation = 'read' | 'create' | 'edit' | 'delete';

/**
 * A SQL condition over a table alias. It carries no parameters (ids are checked and inlined), so it
 * can sit in a JOIN's ON clause as well as in WHERE without disturbing positional parameters.
 */
export interface SqlFilter {
  sql: string;
}

const SAFE_ID = /^[A-Za-z0-9]{15,18}$/;

/** `'id1', 'id2'` for an IN list; ids come from the org's own tables and are checked anyway. */
function idList(ids: string[]): string {
  return ids
    .filter((id) => SAFE_ID.test(id))
    .map((id) => `'${id}'`)
    .join(', ');
}

const NO_ACCESS: ObjectPermission = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};

const isCustom = (name: string): boolean => name.endsWith('__c');

/** The tables a user's access is computed from. */
const SECURITY_OBJECTS = new Set([
  'User',
  'UserRole',
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'Group',
  'GroupMember'
]);

/** `<sharingModel>` of every custom object in a metadata folder, by source object name. */
export function loadSharingModels(objectsDir: string): Map<string, SharingModel> {
  const models = new Map<string, SharingModel>();
  if (!fs.existsSync(objectsDir)) return models;
  for (const name of fs.readdirSync(objectsDir)) {
    const file = path.join(objectsDir, name, `${name}.object-meta.xml`);
    if (!fs.existsSync(file)) continue;
    const model = /<sharingModel>(\w+)<\/sharingModel>/.exec(fs.readFileSync(file, 'utf8'))?.[1];
    if (model) models.set(name, model as SharingModel);
  }
  return models;
}

/**
 * Who may do what in one org. Built once per org; `forUser` reads the user's profile, permission
 * set assignments and role (a few small queries) per request, so changes apply at once.
 */
export class Authorization {
  private readonly sharing = new Map<string, SharingModel>();
  private readonly permissionSets = new Map<string, PermissionSetDef>();
  /** Criteria-based sharing rules, resolved against the schema. */
  private readonly sharingRules: CompiledSharingRule[];
  /** Each user's access, until a write to a table it is computed from. */
  private readonly cache = new Map<string, UserAccess>();

  constructor(
    readonly db: Db,
    readonly schema: Schema,
    permissionSets: PermissionSetDef[],
    sharingModels: Map<string, SharingModel>,
    /** False: every user has full access (a local org for REST conformance tests, not sharing). */
    readonly enforced = true,
    /** Criteria-based sharing rules (loadSharingRules); a rule the local org cannot enforce throws. */
    sharingRules: SharingRuleDef[] = []
  ) {
    for (const set of permissionSets) this.permissionSets.set(set.name, set);
    for (const [object, model] of sharingModels) this.sharing.set(schema.qualify(object), model);
    this.sharingRules = sharingRules.map((rule) =>
      compileSharingRule(rule, schema, (object) => this.sharingModel(object))
    );
    // Every write to a security table clears the cache, including the store's soft delete (its
    // own UPDATE, which does not call recordChanged): removing a group member or a permission set
    // assignment takes effect at once. Temporary triggers live with this connection only.
    db.function('stride_security_changed', () => {
      this.cache.clear();
      return null;
    });
    for (const table of SECURITY_OBJECTS) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        db.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS "stride_access_${table}_${event}" AFTER ${event} ON main."${table}" BEGIN SELECT stride_security_changed(); END`
        );
      }
    }
  }

  /** The organisation-wide default of an object; standard objects are Public Read/Write. */
  sharingModel(object: ObjectDef): SharingModel {
    return this.sharing.get(object.name) ?? 'ReadWrite';
  }

  /**
   * Called on every record write: users, roles, profiles, assignments, groups and group members
   * change who may do what. (A sharing rule's criteria are evaluated in SQL with each read, so
   * writes to shared records need no invalidation.)
   */
  recordChanged(objectName: string): void {
    if (SECURITY_OBJECTS.has(objectName)) this.cache.clear();
  }

  /** The access of the user a session runs as. */
  forUser(userId: string): UserAccess {
    let access = this.cache.get(userId);
    if (!access) {
      access = this.compute(userId);
      this.cache.set(userId, access);
    }
    return access;
  }

  private compute(userId: string): UserAccess {
    if (!this.enforced) return new UserAccess(this, userId, true, new Map(), new Map(), [], [], []);
    const profile = this.db
      .prepare(
        'SELECT p."PermissionsModifyAllData" AS modifyAll, p."Name" AS name FROM "User" u LEFT JOIN "Profile" p ON p."Id" = u."ProfileId" WHERE u."Id" = ?'
      )
      .get(userId) as { modifyAll: number | null; name: string | null } | undefined;
    if (profile?.modifyAll === 1) {
      return new UserAccess(this, userId, true, new Map(), new Map(), [], [], []);
    }
    const names = (
      this.db
        .prepare(
          'SELECT ps."Name" AS name FROM "PermissionSetAssignment" a JOIN "PermissionSet" ps ON ps."Id" = a."PermissionSetId" WHERE a."AssigneeId" = ? AND a."IsDeleted" = 0'
        )
        .all(userId) as { name: string }[]
    ).map((r) => r.name);
    const objects = new Map<string, ObjectPermission>();
    const fields = new Map<string, { read: boolean; edit: boolean }>();
    const userPermissions = new Set<string>();
    for (const name of names) {
      const set = this.permissionSets.get(name);
      if (!set) continue;
      for (const permission of set.userPermissions ?? []) userPermissions.add(permission);
      for (const [object, permission] of set.objects) {
        const key = this.schema.qualify(object);
        const current = objects.get(key) ?? NO_ACCESS;
        objects.set(key, {
          read: current.read || permission.read,
          create: current.create || permission.create,
          edit: current.edit || permission.edit,
          delete: current.delete || permission.delete,
          viewAll: current.viewAll || permission.viewAll,
          modifyAll: current.modifyAll || permission.modifyAll
        });
      }
      for (const [field, permission] of set.fields) {
        const [object, fieldName] = field.split('.');
        const key = `${this.schema.qualify(object)}.${this.schema.qualify(fieldName)}`.toLowerCase();
        const current = fields.get(key) ?? { read: false, edit: false };
        fields.set(key, {
          read: current.read || permission.read,
          edit: current.edit || permission.edit
        });
      }
    }
    const visibleOwners = this.visibleOwners(userId);
    const groups = this.groupsOf(userId, visibleOwners.slice(1));
    const member = new Set(groups);
    const rules = this.sharingRules.filter((rule) => rule.groups.some((group) => member.has(group)));
    return new UserAccess(
      this,
      userId,
      false,
      objects,
      fields,
      visibleOwners,
      groups,
      rules,
      profile?.name ?? STANDARD_USER,
      userPermissions
    );
  }

  /**
   * The public groups (DeveloperName) the user belongs to: directly, through a group that is a
   * member of another, or as a boss of a member (a role above theirs) of a group that grants access
   * using hierarchies.
   */
  private groupsOf(userId: string, usersBelow: string[]): string[] {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE member_of(id) AS (
           SELECT gm."GroupId" FROM "GroupMember" gm WHERE gm."IsDeleted" = 0 AND gm."UserOrGroupId" = ?
           UNION
           SELECT gm."GroupId" FROM "GroupMember" gm JOIN "Group" g ON g."Id" = gm."GroupId"
           WHERE gm."IsDeleted" = 0 AND g."DoesIncludeBosses" = 1 AND gm."UserOrGroupId" IN (${idList(usersBelow)})
           UNION
           SELECT gm."GroupId" FROM "GroupMember" gm JOIN member_of m ON gm."UserOrGroupId" = m.id
           WHERE gm."IsDeleted" = 0
         )
         SELECT DISTINCT g."DeveloperName" AS name FROM "Group" g
         WHERE g."Id" IN (SELECT id FROM member_of) AND g."IsDeleted" = 0 AND g."Type" = 'Regular'
         ORDER BY name`
      )
      .all(userId) as { name: string | null }[];
    return rows.map((row) => row.name).filter((name): name is string => !!name);
  }

  /** The user and everyone whose role is below theirs in the role hierarchy. */
  private visibleOwners(userId: string): string[] {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE below(id) AS (
           SELECT r."Id" FROM "UserRole" r WHERE r."ParentRoleId" = (SELECT "UserRoleId" FROM "User" WHERE "Id" = ?)
           UNION SELECT r."Id" FROM "UserRole" r JOIN below ON r."ParentRoleId" = below.id
         )
         SELECT "Id" FROM "User" WHERE "UserRoleId" IN (SELECT id FROM below)`
      )
      .all(userId) as { Id: string }[];
    return [userId, ...rows.map((r) => r.Id)];
  }
}

export class UserAccess {
  constructor(
    private readonly authorization: Authorization,
    readonly userId: string,
    /** System Administrator (Modify All Data), or access control is off. */
    readonly unrestricted: boolean,
    private readonly objects: Map<string, ObjectPermission>,
    private readonly fields: Map<string, { read: boolean; edit: boolean }>,
    /** Owners whose records the role hierarchy shows this user (themselves first). */
    readonly visibleOwners: string[],
    /** The public groups (DeveloperName) the user belongs to. */
    readonly groups: string[],
    /** The sharing rules that share records with one of those groups. */
    private readonly sharingRules: CompiledSharingRule[],
    /** The profile's name: its baseline on standard objects (a user without one counts as Standard User). */
    private readonly profile: string = STANDARD_USER,
    /** Enabled user permissions from the assigned permission sets (ViewSetup opens the permission rows). */
    private readonly userPermissions: ReadonlySet<string> = new Set()
  ) {}

  private readonly fieldAccessCache = new Map<ObjectDef, Map<FieldDef, { read: boolean; edit: boolean }>>();

  /** Effective object permissions: the profile's baseline for standard objects, plus permission sets. */
  objectPermission(object: ObjectDef): ObjectPermission {
    if (this.unrestricted) {
      return { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true };
    }
    const granted = this.objects.get(object.name) ?? NO_ACCESS;
    const base = isCustom(object.name) ? NO_ACCESS : profileObjectPermission(this.profile, object.name);
    if (VIEW_SETUP_OBJECTS.has(object.name) && this.userPermissions.has('ViewSetup'))
      return { ...NO_ACCESS, read: true };
    const modifyAll = base.modifyAll || granted.modifyAll;
    const viewAll = modifyAll || base.viewAll || granted.viewAll;
    return {
      read: viewAll || base.read || granted.read,
      create: base.create || granted.create,
      edit: modifyAll || base.edit || granted.edit,
      delete: modifyAll || base.delete || granted.delete,
      viewAll,
      modifyAll
    };
  }

  canReadObject(object: ObjectDef): boolean {
    return this.objectPermission(object).read;
  }

  /**
   * Field-level security. Fields of standard objects follow the profile (all visible); on custom
   * objects the standard fields (Id, Name, OwnerId, audit fields) and required fields are always
   * visible, custom fields only when a permission set grants them.
   */
  canReadField(object: ObjectDef, field: FieldDef): boolean {
    return this.unrestricted || this.fieldAccess(object, field).read;
  }

  /** Whether the user's permissions let them write the field (the schema decides writability itself). */
  canEditField(object: ObjectDef, field: FieldDef): boolean {
    return this.unrestricted || this.fieldAccess(object, field).edit;
  }

  /**
   * Field-level security, worked out once per field: every field of every record a write or a query
   * names asks, and the permissions behind the answer are fixed for the life of this object.
   */
  private fieldAccess(object: ObjectDef, field: FieldDef): { read: boolean; edit: boolean } {
    let ofObject = this.fieldAccessCache.get(object);
    if (!ofObject) this.fieldAccessCache.set(object, (ofObject = new Map()));
    let access = ofObject.get(field);
    if (!access) {
      if (!this.canReadObject(object)) access = { read: false, edit: false };
      else if (!isCustom(object.name) || !field.custom || field.required || field.masterDetail)
        access = { read: true, edit: true };
      else {
        const granted = this.fields.get(`${object.name}.${field.name}`.toLowerCase());
        access = { read: granted?.read === true, edit: granted?.read === true && granted.edit === true };
      }
      ofObject.set(field, access);
    }
    return access;
  }

  /** Fails unless the object permissions allow the operation. */
  requireObject(object: ObjectDef, operation: Operation): void {
    const permission = this.objectPermission(object);
    if (!permission.read) {
      throw new SalesforceError('INVALID_TYPE', `sObject type '${object.name}' is not supported.`);
    }
    if (!permission[operation]) {
      const verb = operation === 'edit' ? 'edit' : operation;
      throw new SalesforceError(
        'INSUFFICIENT_ACCESS_OR_READONLY',
        `insufficient access rights on object id: you cannot ${verb} ${object.labelPlural} records`,
        []
      );
    }
  }

  /**
   * The rows of `object` (as SQL alias `alias`) this user may read, or null when they may read all.
   * Private objects show the rows owned by the user or by users below them in the role hierarchy,
   * and the rows a sharing rule shares with one of the user's groups; a detail record shows when its
   * master record does.
   */
  readFilter(object: ObjectDef, alias: string): SqlFilter | null {
    if (this.unrestricted) return null;
    if (this.objectPermission(object).viewAll) return null;
    return this.ownershipFilter(object, alias, 'read');
  }

  /**
   * The rows this user may edit (update): as readFilter, but Public Read Only rows need ownership
   * or a sharing rule with Edit access.
   */
  editFilter(object: ObjectDef, alias: string): SqlFilter | null {
    if (this.unrestricted) return null;
    if (this.objectPermission(object).modifyAll) return null;
    return this.ownershipFilter(object, alias, 'edit');
  }

  private ownershipFilter(object: ObjectDef, alias: string, level: 'read' | 'edit'): SqlFilter | null {
    const model = this.authorization.sharingModel(object);
    if (model === 'ReadWrite') return null;
    if (model === 'Read' && level === 'read') return null;
    if (model === 'ControlledByParent') {
      const master = object.fields.find((f) => f.masterDetail);
      const parent = master ? this.authorization.schema.find(master.referenceTo[0]) : undefined;
      if (!master || !parent) return null;
      const parentAlias = `${alias}_m`;
      const inner =
        level === 'read' ? this.readFilter(parent, parentAlias) : this.editFilter(parent, parentAlias);
      if (!inner) return null;
      return {
        sql: `${alias}."${master.name}" IN (SELECT ${parentAlias}."Id" FROM "${parent.name}" ${parentAlias} WHERE ${inner.sql})`
      };
    }
    if (!object.fieldsByLowerName.has('ownerid')) return null;
    const owned = `${alias}."OwnerId" IN (${idList(this.visibleOwners)})`;
    const shared = this.sharingRules
      .filter((rule) => rule.object === object.name && (level === 'read' || rule.accessLevel === 'Edit'))
      .map((rule) => rule.condition(alias));
    if (shared.length === 0) return { sql: owned };
    return { sql: `(${owned} OR ${shared.join(' OR ')})` };
  }

  /** Whether the user may read (or edit) one record, by id. */
  canAccessRecord(object: ObjectDef, id: string, level: 'read' | 'edit'): boolean {
    const filter = level === 'read' ? this.readFilter(object, 't') : this.editFilter(object, 't');
    if (!filter) return true;
    const row = cachedStatement(
      this.authorization.db,
      `SELECT 1 FROM "${object.name}" t WHERE t."Id" = ? AND ${filter.sql}`
    ).get(id);
    return row !== undefined;
  }

  /**
   * Fails with INSUFFICIENT_ACCESS_OR_READONLY unless the user may edit (or delete) the record.
   * Salesforce lets only full access (owner, a role above the owner, Modify All) delete a record or
   * change its owner, and a sharing rule grants Read or Edit, never full access; the record store
   * asks this one check for delete too, so a rule's Edit would also let a group member with the
   * Delete object permission delete the record (no Stride permission set has both).
   */
  requireEditableRecord(object: ObjectDef, id: string): void {
    if (!this.canAccessRecord(object, id, 'edit')) {
      throw new SalesforceError(
        'INSUFFICIENT_ACCESS_OR_READONLY',
        'insufficient access rights on object id',
        []
      );
    }
  }

  /** A lookup may point only at a record the user can see (INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY). */
  requireReadableReference(target: ObjectDef, id: string, field: FieldDef): void {
    if (this.canReadObject(target) && this.canAccessRecord(target, id, 'read')) return;
    throw new SalesforceError(
      'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
      `insufficient access rights on cross-reference id: ${id}`,
      [field.name]
    );
  }
}
