/**
 * The version of a sequence that its participants' actions are in line with
 * (`Sequence_Participant__c.Sequence_Version__c`): a fingerprint of what shapes a participant's
 * actions — which actions exist, their steps, and the delegate fields that choose their owners. It is
 * computed from the records each time the catalog is read, so an admin's edit made while the
 * companion was stopped is found after a restart (nothing is remembered in memory).
 */
import { createHash } from 'node:crypto';
import type { SequenceRecord } from '../model';

export function sequenceVersion(sequence: SequenceRecord): string {
  const shape = {
    delegate: sequence.Delegate_Field__c ?? null,
    actions: [...sequence.actions]
      .sort((a, b) => a.Step_Number__c - b.Step_Number__c)
      .map((a) => [a.Id.slice(0, 15), a.Step_Number__c, a.Delegate_Field__c ?? null])
  };
  return `v1:${createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 32)}`;
}
