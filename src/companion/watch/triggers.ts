/**
 * Which stages a change calls for. A change event (or a record reported by the probe's
 * `sobjects/X/updated` check) names an object and, for events, the fields that changed; this
 * decides which stages of a pass must run. The companion's own writes (status, dates, counters)
 * call for nothing, so its work never feeds back into more passes.
 */

export type StageName =
  | 'participant-requests'
  | 'exits'
  | 'conversations'
  | 'live-edits'
  | 'auto-enroll'
  | 'admit'
  | 'action-requests'
  | 'closed-tasks'
  | 'away'
  | 'make-due'
  | 'reconcile'
  | 'execute'
  | 'analytics';

/** Time-driven stages: what the probe's due checks call for, and what follows any change. */
export const TIME_STAGES: StageName[] = ['make-due', 'reconcile', 'execute'];

/** Stages that keep their own pace (they return at once until their interval has passed). */
export const SELF_PACED_STAGES: StageName[] = ['away', 'analytics'];

/** The CDC header fields the companion reads. */
export interface ChangeHeader {
  entityName: string;
  changeType: string;
  changedFields?: string[];
  nulledFields?: string[];
  recordIds?: string[];
  commitTimestamp?: number;
  commitUser?: string;
}

/** A change seen through an event or the probe (`header` absent: only "this record changed"). */
export interface Change {
  object: string;
  header?: ChangeHeader;
  payload?: Record<string, unknown>;
}

/** Objects the companion watches, with the stages any change of them may call for. */
export const WATCHED: Record<string, StageName[]> = {
  Participant_Action__c: ['action-requests', 'live-edits'],
  Sequence_Participant__c: ['participant-requests', 'admit', 'exits'],
  Sequence__c: ['live-edits', 'admit', 'exits'],
  Sequence_Action__c: ['live-edits'],
  // A variant the admin saves after its step: the cached catalog must not send without it.
  Action_Variant__c: ['live-edits'],
  Conversation__c: ['conversations'],
  Task: ['closed-tasks'],
  EmailMessage: ['conversations'],
  Lead: ['exits', 'conversations', 'auto-enroll'],
  Contact: ['exits', 'conversations', 'auto-enroll'],
  Opportunity: ['exits', 'auto-enroll'],
  OpportunityContactRole: ['auto-enroll'],
  Campaign: ['exits'],
  CampaignMember: ['auto-enroll']
};

/** Objects whose change means the cached catalog (sequences, steps) must be read again. */
export const CATALOG_OBJECTS = new Set(['Sequence__c', 'Sequence_Action__c', 'Action_Variant__c']);

const has = (header: ChangeHeader, field: string): boolean => (header.changedFields ?? []).includes(field);
const isSet = (payload: Record<string, unknown> | undefined, field: string): boolean =>
  payload?.[field] !== null && payload?.[field] !== undefined;

/**
 * The stages a change calls for (empty: nothing to do). Without an event header (a probe report)
 * every stage the object may feed runs.
 *
 * @example
 * stagesFor({ object: 'Participant_Action__c', header: { entityName: 'Participant_Action__c', changeType: 'UPDATE', changedFields: ['Requested_Outcome__c'] }, payload: { Requested_Outcome__c: 'Complete' } })
 * //=> ['action-requests', 'execute']
 */
export function stagesFor(
  change: Change,
  watchedFields?: (object: string) => Set<string> | undefined,
  autoEnrolled?: (object: string) => boolean
): StageName[] {
  const all = WATCHED[change.object];
  if (!all) return [];
  // Automatic enrollment only where some active automatic sequence enrolls from the object.
  const watched = autoEnrolled && !autoEnrolled(change.object) ? all.filter((s) => s !== 'auto-enroll') : all;
  const { header, payload } = change;
  if (!header) return watched;
  const type = header.changeType.replace(/^GAP_/, '');
  // A gap event carries no field data: whatever the object feeds must look again.
  if (header.changeType.startsWith('GAP_')) return watched;
  switch (change.object) {
    case 'Participant_Action__c':
      if (has(header, 'Requested_Outcome__c') && isSet(payload, 'Requested_Outcome__c'))
        return payload?.Requested_Outcome__c === 'Send' ? ['execute'] : ['action-requests'];
      if (has(header, 'Sequence_Action__c') && !isSet(payload, 'Sequence_Action__c')) return ['live-edits'];
      return [];
    case 'Sequence_Participant__c':
      if (type === 'CREATE') return payload?.Status__c === 'Queued' ? ['admit'] : [];
      if (has(header, 'Requested_Status__c') && isSet(payload, 'Requested_Status__c'))
        return ['participant-requests'];
      if (
        (has(header, 'Lead__c') && !isSet(payload, 'Lead__c')) ||
        (has(header, 'Contact__c') && !isSet(payload, 'Contact__c'))
      )
        return ['exits'];
      return [];
    case 'Task':
      // A Task closed (or created closed) by anyone may complete its Task action. A logged email's
      // activity (created closed, subtype Email: each email the companion sends makes one) is never
      // a Task action's Task: it calls for nothing, or every send would cost each worker a pass.
      if (type === 'CREATE' && payload?.TaskSubtype === 'Email') return [];
      return has(header, 'Status') ||
        has(header, 'IsClosed') ||
        (type === 'CREATE' && payload?.IsClosed === true)
        ? ['closed-tasks']
        : [];
    case 'EmailMessage':
      // Inbound mail may be a reply; a bounce flag may end a sequence. Outbound mail is the companion's own.
      return payload?.Incoming === true || has(header, 'IsBounced') ? ['conversations'] : [];
    case 'Conversation__c':
      return has(header, 'Undeliverable__c') && payload?.Undeliverable__c === true ? ['conversations'] : [];
    case 'Lead':
    case 'Contact': {
      // A new (or restored) person may meet an automatic sequence's entry criteria.
      const enroll: StageName[] = autoEnrolled?.(change.object) ? ['auto-enroll'] : [];
      if (type === 'DELETE') return ['exits'];
      if (type === 'UNDELETE') return ['exits', ...enroll];
      if (type === 'CREATE') return enroll;
      const fields = watchedFields?.(change.object);
      // Only fields some criteria, template or exit rule reads matter (when the catalog says which).
      if (fields && !(header.changedFields ?? []).some((f) => fields.has(f))) return [];
      return has(header, 'IsEmailBounced') ? ['exits', 'conversations', ...enroll] : ['exits', ...enroll];
    }
    case 'Opportunity':
      // A changed opportunity may now meet an automatic Opportunity sequence's entry criteria.
      return type === 'DELETE' || !autoEnrolled?.('Opportunity') ? ['exits'] : ['exits', 'auto-enroll'];
    case 'OpportunityContactRole':
    case 'CampaignMember':
      // A new contact role or campaign member may join an automatic Opportunity / Campaign sequence.
      return type !== 'DELETE' && autoEnrolled?.(change.object) ? ['auto-enroll'] : [];
    default:
      return watched;
  }
}

/** The stages of a pass for these changes, in pass order, with the time-driven ones after them. */
export function stagesForChanges(
  changes: Change[],
  watchedFields?: (object: string) => Set<string> | undefined,
  autoEnrolled?: (object: string) => boolean
): Set<StageName> {
  const stages = new Set<StageName>();
  for (const change of changes)
    for (const stage of stagesFor(change, watchedFields, autoEnrolled)) stages.add(stage);
  if (stages.size > 0) for (const stage of TIME_STAGES) stages.add(stage);
  return stages;
}
