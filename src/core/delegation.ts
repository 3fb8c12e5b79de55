/**
 * Who owns a participant action (docs/architecture.md §5, reference/product-semantics.md §2.6): the user in
 * the action's delegate field, else the user in the sequence's delegate field, else the record
 * owner — for an Opportunity sequence the opportunity's owner (`ownerRecord`), who works the deal,
 * rather than the contact's. A blank lookup falls through to the next; an inactive (or unknown, or non-user) owner
 * makes the action `NOT_ACTIONABLE` instead of silently picking someone else.
 */
import { readFieldPath } from './describe';

/** Where the owner came from. */
export type DelegateSource = 'action' | 'sequence' | 'owner';

/** The users delegation may pick, by Id (15 or 18 characters). */
export type DelegationUsers = Readonly<Record<string, { IsActive: boolean } | undefined>>;

export interface DelegationInput {
  /** API name or path of a User lookup on the record, set on the action (`Delegate_Field__c`). */
  actionDelegateField?: string | null;
  /** API name or path of a User lookup on the record, set on the sequence. */
  sequenceDelegateField?: string | null;
  /** The target record with `OwnerId` and the delegate fields, as SOQL returns it. */
  record: Readonly<Record<string, unknown>>;
  /**
   * The record whose `OwnerId` is the fallback when no delegate field names a user, if not `record`:
   * an Opportunity sequence's opportunity (the participant's `Opportunity__r`).
   */
  ownerRecord?: Readonly<Record<string, unknown>> | null;
  users: DelegationUsers;
}

export type Delegation =
  | { userId: string; source: DelegateSource }
  | { reason: 'NOT_ACTIONABLE'; userId: string | null; source: DelegateSource; message: string };

function nonBlank(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Finds a user by Id; a 15-character Id matches its 18-character form and back. */
function findUser(users: DelegationUsers, id: string): { IsActive: boolean } | undefined {
  if (Object.prototype.hasOwnProperty.call(users, id)) return users[id];
  const key = Object.keys(users).find((k) => k.slice(0, 15) === id.slice(0, 15));
  return key === undefined ? undefined : users[key];
}

/**
 * Picks the owner of a participant action.
 *
 * @param input - delegate fields, the record and the users they may name
 * @returns the owner and where it came from, or `NOT_ACTIONABLE` with a message
 *
 * @example
 * resolveDelegate({ actionDelegateField: 'SDR__c', sequenceDelegateField: null,
 *   record: { OwnerId: '005A', SDR__c: null }, users: { '005A': { IsActive: true } } })
 * //=> { userId: '005A', source: 'owner' }
 * resolveDelegate({ sequenceDelegateField: 'SDR__c', record: { OwnerId: '005A', SDR__c: '005B' },
 *   users: { '005A': { IsActive: true }, '005B': { IsActive: false } } })
 * //=> { reason: 'NOT_ACTIONABLE', userId: '005B', source: 'sequence', message: 'User 005B (from the sequence delegate field SDR__c) is inactive' }
 */
export function resolveDelegate(input: DelegationInput): Delegation {
  const delegateFields: Array<{ source: DelegateSource; field: string | null | undefined }> = [
    { source: 'action', field: input.actionDelegateField },
    { source: 'sequence', field: input.sequenceDelegateField }
  ];
  for (const { source, field } of delegateFields) {
    const fieldName = nonBlank(field);
    const userId = fieldName === null ? null : nonBlank(readFieldPath(input.record, fieldName));
    if (userId !== null)
      return checkUser(input.users, userId, source, `the ${source} delegate field ${fieldName}`);
  }
  const ownerRecord = input.ownerRecord ?? input.record;
  const ownerId = nonBlank(readFieldPath(ownerRecord, 'OwnerId'));
  if (ownerId === null)
    return { reason: 'NOT_ACTIONABLE', userId: null, source: 'owner', message: 'The record has no owner' };
  return checkUser(
    input.users,
    ownerId,
    'owner',
    input.ownerRecord ? 'the opportunity owner' : 'the record owner'
  );
}

function checkUser(
  users: DelegationUsers,
  userId: string,
  source: DelegateSource,
  origin: string
): Delegation {
  const user = findUser(users, userId);
  if (user === undefined) {
    return {
      reason: 'NOT_ACTIONABLE',
      userId,
      source,
      message: `${userId} (from ${origin}) is not an active user: no such user`
    };
  }
  if (!user.IsActive) {
    return {
      reason: 'NOT_ACTIONABLE',
      userId,
      source,
      message: `User ${userId} (from ${origin}) is inactive`
    };
  }
  return { userId, source };
}
