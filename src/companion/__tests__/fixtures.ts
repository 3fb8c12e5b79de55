/**
 * Small shared fixtures for the companion's failure-path suites: rows without their `attributes`,
 * and the email scenario of helpers.ts turned into an SMS or Task sequence.
 */
import type { LocalOrg } from '../../local-org';
import { seedEmailScenario, type EmailScenario, type ScenarioOptions } from './helpers';

export type Row = Record<string, unknown>;

/** Query rows as plain fields (no `attributes`). */
export function rows(org: LocalOrg, soql: string): Row[] {
  return (org.data.query(soql).records as Row[]).map(({ attributes: _attributes, ...fields }) => fields);
}

/** The single row of a query by id. */
export function row(org: LocalOrg, soql: string): Row {
  const found = rows(org, soql);
  if (found.length !== 1) throw new Error(`expected one row, got ${found.length}: ${soql}`);
  return found[0];
}

/** Resolves after `ms` real milliseconds. */
export const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The email scenario with its step turned into an automatic SMS (every lead has a US mobile). */
export function seedSmsScenario(org: LocalOrg, options: ScenarioOptions): EmailScenario {
  const scenario = seedEmailScenario(org, {
    ...options,
    lead: (i) => ({ MobilePhone: '+1 415 555 2671', ...options.lead?.(i) })
  });
  org.data.update('Sequence_Action__c', scenario.emailActionId, {
    Type__c: 'SMS',
    Body__c: 'Hi {!Recipient.FirstName}'
  });
  for (const id of scenario.emailActionIds) org.data.update('Participant_Action__c', id, { Type__c: 'SMS' });
  // 12:00 in New York: inside SMS hours.
  org.controls.clock.set('2026-12-01T17:00:00Z');
  return scenario;
}

/** The email scenario with its step turned into an automatic Task. */
export function seedTaskScenario(org: LocalOrg, options: ScenarioOptions): EmailScenario {
  const scenario = seedEmailScenario(org, options);
  org.data.update('Sequence_Action__c', scenario.emailActionId, {
    Type__c: 'Task',
    Name: 'Research account'
  });
  for (const id of scenario.emailActionIds) org.data.update('Participant_Action__c', id, { Type__c: 'Task' });
  return scenario;
}
