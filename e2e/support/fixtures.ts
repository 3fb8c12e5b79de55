/**
 * Test data written straight into the local org (trusted writes), for scenarios that need a
 * starting point the UI is not under test for: who owns which people, ready-made sequences,
 * enrollments. What a scenario tests always goes through the screen.
 */
import { DUE_ACTION_STATUSES } from '../../src/core/lifecycle/states';
import { soqlList } from '../../src/companion/api';
import { enroll } from '../../src/companion/enroll';
import type { Stride } from './stride';

export interface ActionSpec {
  name: string;
  type: 'Call' | 'SMS' | 'Email' | 'Task';
  activation?: 'Manual' | 'Automatic';
  delay?: number;
  unit?: 'Minutes' | 'Hours' | 'Days';
  subject?: string;
  body?: string;
  smsTemplateId?: string;
}

/** An active sequence with its actions, all timed "Immediate (Any Day)". */
export function createSequence(
  stride: Stride,
  name: string,
  target: 'Lead' | 'Contact',
  actions: ActionSpec[]
): string {
  const sequenceId = stride.org.data.create('Sequence__c', {
    Name: name,
    Target_Object__c: target,
    Active__c: true,
    Enrollment__c: 'Manual',
    Priority__c: 'P2'
  });
  actions.forEach((action, index) => {
    stride.org.data.create('Sequence_Action__c', {
      Name: action.name,
      Sequence__c: sequenceId,
      Step_Number__c: index + 1,
      Type__c: action.type,
      Activation__c: action.activation ?? 'Manual',
      Delay_Amount__c: action.delay ?? 0,
      Delay_Unit__c: action.unit ?? 'Minutes',
      Timing__c: 'Immediate (Any Day)',
      ...(action.subject ? { Subject__c: action.subject } : {}),
      ...(action.body ? { Body__c: action.body } : {}),
      ...(action.smsTemplateId ? { SMS_Template__c: action.smsTemplateId } : {})
    });
  });
  return sequenceId;
}

/** Gives `count` Web leads (by last name) to a user; returns their ids. */
export function ownLeads(stride: Stride, username: string, lastNames: string[]): string[] {
  const ownerId = stride.userId(username);
  return lastNames.map((lastName) => {
    const [lead] = stride.query<{ Id: string }>(`SELECT Id FROM Lead WHERE LastName = '${lastName}' LIMIT 1`);
    if (!lead) throw new Error(`no sample lead ${lastName}`);
    stride.org.data.update('Lead', lead.Id, { OwnerId: ownerId });
    return lead.Id;
  });
}

/** Enrolls people as `stride enroll` does: the participants and their actions, for the companion. */
export async function enrollPeople(stride: Stride, sequenceId: string, leadIds: string[]): Promise<void> {
  const result = await enroll(stride.api, {
    sequence: sequenceId,
    ids: leadIds,
    now: stride.org.controls.clock.now()
  });
  if (result.enrolled !== leadIds.length)
    throw new Error(`enrolled ${result.enrolled} of ${leadIds.length}: ${JSON.stringify(result.refused)}`);
}

/** The open (workable) actions assigned to a user. */
export function openActions(stride: Stride, username: string) {
  return stride.query<{ Id: string; Status__c: string; Type__c: string }>(
    `SELECT Id, Status__c, Type__c FROM Participant_Action__c WHERE Assigned_To__c = '${stride.userId(username)}' AND Status__c IN ${soqlList(DUE_ACTION_STATUSES)}`
  );
}
