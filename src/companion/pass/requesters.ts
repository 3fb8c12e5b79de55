/**
 * A rep's request is checked before it is carried out: the companion acts on a requested outcome
 * (send, complete, skip, defer, reschedule) or a requested participant status (pause, resume,
 * exit) only when the user who wrote it may act on that record — its owner, a user above the owner
 * in the role hierarchy, or a user with Modify All Data. Otherwise the request is cleared and the
 * reason is written on the record, where the rep sees it.
 *
 * Who wrote the request is the record's `LastModifiedById` (set by the platform, so a rep cannot
 * claim to be someone else). When the companion itself wrote the record after the request (a
 * status change in between), the writer is unknown and the request is carried out: the platform's
 * sharing already allowed whoever wrote it to edit the record.
 */
import type { SalesforceApi } from '../api';
import { truncate255 } from '../errors';
import type { ParticipantActionRecord } from '../model';
import type { PassContext } from './context';
import { selfIdOf } from './self-id';
import { WriteBatch } from './writes';

export interface RequesterDirectory {
  /** User id → role id (null when the user has no role). */
  roleOf: Map<string, string | null>;
  /** Role id → parent role id. */
  parentOf: Map<string, string | null>;
  /** Users with Modify All Data (system administrators). */
  modifyAllData: Set<string>;
  names: Map<string, string>;
  /** The integration user the companion runs as. */
  selfId: string | null;
}

interface UserRow {
  Id: string;
  Name: string | null;
  UserRoleId: string | null;
  Profile?: { PermissionsModifyAllData?: boolean } | null;
}

/** Reads users (role, Modify All Data) and roles: two queries, only when a pass has requests. */
export async function loadRequesterDirectory(
  api: SalesforceApi,
  selfId: string | null
): Promise<RequesterDirectory> {
  const [users, roles] = await Promise.all([
    api.query<UserRow>('SELECT Id, Name, UserRoleId, Profile.PermissionsModifyAllData FROM User'),
    api.query<{ Id: string; ParentRoleId: string | null }>('SELECT Id, ParentRoleId FROM UserRole')
  ]);
  return {
    roleOf: new Map(users.map((u) => [key(u.Id), u.UserRoleId ? key(u.UserRoleId) : null])),
    parentOf: new Map(roles.map((r) => [key(r.Id), r.ParentRoleId ? key(r.ParentRoleId) : null])),
    modifyAllData: new Set(
      users.filter((u) => u.Profile?.PermissionsModifyAllData === true).map((u) => key(u.Id))
    ),
    names: new Map(users.map((u) => [key(u.Id), u.Name ?? u.Id])),
    selfId: selfId ? key(selfId) : null
  };
}

/** Ids compare on their first 15 characters (the API mixes 15- and 18-character forms). */
function key(id: string): string {
  return id.slice(0, 15);
}

/** Whether `managerRole` is above `role` in the role hierarchy. */
function isAbove(directory: RequesterDirectory, managerRole: string, role: string | null): boolean {
  const seen = new Set<string>();
  let current = role ? (directory.parentOf.get(role) ?? null) : null;
  while (current && !seen.has(current)) {
    if (current === managerRole) return true;
    seen.add(current);
    current = directory.parentOf.get(current) ?? null;
  }
  return false;
}

/**
 * Null when the requester may act on a record owned by `ownerId`; otherwise the reason to show.
 *
 * @example
 * requestRefusal(directory, { requesterId: '005Ben', ownerId: '005Ava' })
 * //=> 'Ben Ortiz may not act on work owned by Ava Reed (not its owner or their manager)'
 */
export function requestRefusal(
  directory: RequesterDirectory,
  record: { requesterId: string | null | undefined; ownerId: string | null | undefined }
): string | null {
  if (!record.requesterId || !record.ownerId) return null;
  const requester = key(record.requesterId);
  const owner = key(record.ownerId);
  if (requester === owner || requester === directory.selfId) return null;
  if (directory.modifyAllData.has(requester)) return null;
  const requesterRole = directory.roleOf.get(requester) ?? null;
  if (requesterRole && isAbove(directory, requesterRole, directory.roleOf.get(owner) ?? null)) return null;
  const name = (id: string) => directory.names.get(id) ?? id;
  return `${name(requester)} may not act on work owned by ${name(owner)} (not its owner or their manager)`;
}

const DIRECTORY_TTL_MS = 60_000;
const directories = new WeakMap<SalesforceApi, { at: number; directory: Promise<RequesterDirectory> }>();

/**
 * The directory for this connection, read at most once a minute (role changes apply within a
 * minute). The companion's own user id comes from the session's identity. A directory read without
 * it (the identity call failed) serves only the pass that read it: the next pass asks again, so a
 * passing outage never holds back the companion's own requests for a minute.
 */
export function requesterDirectory(ctx: PassContext): Promise<RequesterDirectory> {
  const cached = directories.get(ctx.api);
  if (cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached.directory;
  const directory = (async () => {
    const selfId = await selfIdOf(ctx.api);
    if (!selfId)
      ctx.log.warn(
        "could not read the companion's identity; requests it may have written wait for the next pass"
      );
    return loadRequesterDirectory(ctx.api, selfId);
  })();
  const entry = { at: Date.now(), directory };
  directories.set(ctx.api, entry);
  const forget = () => {
    if (directories.get(ctx.api) === entry) directories.delete(ctx.api);
  };
  directory.then((d) => {
    if (!d.selfId) forget();
  }, forget);
  return directory;
}

/**
 * Whether a request cannot be judged yet: it would be refused, but the directory does not know the
 * companion's own user (its identity could not be read), and the companion may be its writer. Such
 * a request is neither carried out nor cleared; the next pass judges it.
 */
export function requestUndecided(
  directory: RequesterDirectory,
  record: { requesterId: string | null | undefined; ownerId: string | null | undefined }
): boolean {
  return directory.selfId === null && requestRefusal(directory, record) !== null;
}

const CLEAR_SEND_REQUEST = {
  Requested_Outcome__c: null,
  Requested_At__c: null,
  Requested_Until__c: null,
  Requested_Note__c: null
};

/**
 * Drops the rows whose request their writer may not make: each is cleared with the reason in
 * `Last_Error__c`. Rows whose writer cannot be judged yet (`requestUndecided`) are dropped from
 * this pass untouched. Rows without a request (automatic work) pass through untouched.
 */
export async function refuseUnauthorizedRequests(
  ctx: PassContext,
  rows: ParticipantActionRecord[]
): Promise<ParticipantActionRecord[]> {
  const requested = rows.filter((r) => r.Requested_Outcome__c);
  if (requested.length === 0) return rows;
  const directory = await requesterDirectory(ctx);
  const refused = new Set<string>();
  const batch = new WriteBatch(ctx.touched);
  for (const pa of requested) {
    const writer = { requesterId: pa.LastModifiedById, ownerId: pa.OwnerId };
    if (requestUndecided(directory, writer)) {
      refused.add(pa.Id);
      continue;
    }
    const refusal = requestRefusal(directory, writer);
    if (!refusal) continue;
    refused.add(pa.Id);
    batch.update('Participant_Action__c', pa.Id, {
      ...CLEAR_SEND_REQUEST,
      Last_Error__c: truncate255(`Request ${pa.Requested_Outcome__c} refused: ${refusal}`)
    });
    ctx.log.info({ action: pa.Id, requester: pa.LastModifiedById, refusal }, 'request refused');
  }
  if (refused.size === 0) return rows;
  if (batch.size) await batch.flush(ctx.api);
  return rows.filter((r) => !refused.has(r.Id));
}
