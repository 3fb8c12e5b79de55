/**
 * Change Data Capture channel names. Standard objects publish on `/data/<Object>ChangeEvent`; a
 * custom object drops its `__c` suffix and adds `__ChangeEvent` (`Participant_Action__c` →
 * `/data/Participant_Action__ChangeEvent`, namespaced `stride__Participant_Action__ChangeEvent`).
 * `/data/ChangeEvents` carries the events of every selected object.
 */
import type { ObjectDef } from '../schema/types';

export const ALL_CHANGE_EVENTS = '/data/ChangeEvents';

/**
 * Standard objects without change events in Salesforce (setup and configuration objects); every
 * other object in the local org's catalogue, and every custom object, is selected for CDC.
 */
const WITHOUT_CHANGE_EVENTS = new Set([
  'Organization',
  'TaskStatus',
  'BusinessHours',
  'Holiday',
  'OrgWideEmailAddress',
  'PermissionSet',
  'PermissionSetAssignment',
  'Group',
  'GroupMember',
  'UserRole',
  'Profile'
]);

/** Whether writes to this object publish change events. */
export function publishesChangeEvents(object: ObjectDef): boolean {
  return object.custom || !WITHOUT_CHANGE_EVENTS.has(object.name);
}

/** The per-object channel: `/data/LeadChangeEvent`, `/data/Participant_Action__ChangeEvent`. */
export function changeEventChannel(objectName: string): string {
  const base = objectName.endsWith('__c') ? `${objectName.slice(0, -3)}__` : objectName;
  return `/data/${base}ChangeEvent`;
}
