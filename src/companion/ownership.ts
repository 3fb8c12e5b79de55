/**
 * Record ownership follows the work (docs/data-model.md, "Sharing model"): a participant action is
 * owned by the user who works it, and a Conversation by the worker of its action. Participant
 * actions, participants and Conversations are Private, so the owner is who sees them (with the
 * managers above in the role hierarchy).
 */

/**
 * The `OwnerId` to write with a participant action's fields: whenever `Assigned_To__c` is set to a
 * user, the owner moves with it (creation, delegation, re-assignment). Clearing the assignee leaves
 * the owner as it was (a record always has an owner), and so does an assignee who cannot work it
 * (`NOT_ACTIONABLE`: an inactive user cannot own records).
 *
 * @example
 * withWorkerAsOwner('Participant_Action__c', { Assigned_To__c: '005B' })
 * //=> { Assigned_To__c: '005B', OwnerId: '005B' }
 */
export function withWorkerAsOwner<T extends Record<string, unknown>>(type: string, fields: T): T {
  if (type !== 'Participant_Action__c') return fields;
  const worker = fields.Assigned_To__c;
  if (typeof worker !== 'string' || worker === '' || fields.Reason__c === 'NOT_ACTIONABLE') return fields;
  return { ...fields, OwnerId: worker };
}

/** `{ OwnerId }` for a record owned by `userId`, or nothing (the creator owns it) when unknown. */
export function ownedBy(userId: string | null | undefined): { OwnerId?: string } {
  return userId ? { OwnerId: userId } : {};
}
