/**
 * Duplicate-claim recovery (claim.ts, outcomes.ts repairStaleAttempts), in process against the local
 * org: a claim whose attempt key exists already, closed, while the action's counter lags behind (a
 * write that failed for good after the attempt was decided). The counter catches up, and an attempt
 * that says Sent completes its action, or links its Task, instead of sending again.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { row, rows, seedTaskScenario } from './fixtures';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

/** A decided attempt 1 of the action whose counter still says 0 attempts. */
function closedAttempt(org: LocalOrg, paId: string, outcome: string, providerMessageId?: string): string {
  return org.data.create('Action_Attempt__c', {
    Key__c: `${paId}:1`,
    Participant_Action__c: paId,
    Worker__c: 'gone-host:1:abcdef',
    Lease_Expires_At__c: '2026-12-01T14:59:00.000Z',
    Outcome__c: outcome,
    Provider_Message_Id__c: providerMessageId ?? null
  });
}

const actionOf = (org: LocalOrg, id: string) =>
  row(org, `SELECT Status__c, Attempts__c, Task_Id__c FROM Participant_Action__c WHERE Id = '${id}'`);

describe('a claim that finds its attempt key taken by a closed attempt', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('a Sent email attempt completes the action without sending again', async () => {
    const scenario = seedEmailScenario(org, { count: 1, withFollowUp: true });
    const paId = scenario.emailActionIds[0];
    closedAttempt(org, paId, 'Sent');

    const result = await companionFor(org).runOnce();

    expect({ sent: result.stats.emailsSent, reconciled: result.stats.reconciled }).toEqual({
      sent: 0,
      reconciled: 1
    });
    expect(org.controls.emailOutbox()).toHaveLength(0);
    expect(actionOf(org, paId)).toEqual({ Status__c: 'Completed', Attempts__c: 1, Task_Id__c: null });
    expect(rows(org, "SELECT Status__c FROM Participant_Action__c WHERE Type__c = 'Call'")).toEqual([
      { Status__c: 'Upcoming' }
    ]);
    expect(rows(org, 'SELECT Key__c FROM Action_Attempt__c')).toEqual([{ Key__c: `${paId}:1` }]);
  });

  it('a Released attempt only moves the counter on: the next pass sends as attempt 2', async () => {
    const scenario = seedEmailScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    closedAttempt(org, paId, 'Released');
    const companion = companionFor(org);

    const first = await companion.runOnce();
    expect(first.stats.emailsSent).toBe(0);
    expect(actionOf(org, paId)).toEqual({ Status__c: 'Due', Attempts__c: 1, Task_Id__c: null });

    const second = await companion.runOnce();
    expect(second.stats.emailsSent).toBe(1);
    expect(org.controls.emailOutbox()).toHaveLength(1);
    expect(actionOf(org, paId)).toEqual({ Status__c: 'Completed', Attempts__c: 2, Task_Id__c: null });
    expect(
      rows(org, 'SELECT Key__c, Outcome__c FROM Action_Attempt__c').sort((a, b) =>
        String(a.Key__c).localeCompare(String(b.Key__c))
      )
    ).toEqual([
      { Key__c: `${paId}:1`, Outcome__c: 'Released' },
      { Key__c: `${paId}:2`, Outcome__c: 'Sent' }
    ]);
  });

  it('a Sent Task attempt links its Task instead of creating another', async () => {
    const scenario = seedTaskScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    const taskId = org.data.create('Task', {
      Subject: 'Research account',
      WhoId: scenario.leadIds[0],
      Status: 'Not Started',
      Description: `[stride:${paId}:1]`
    });
    closedAttempt(org, paId, 'Sent', taskId);

    const result = await companionFor(org).runOnce();

    expect(result.stats.tasksCreated).toBe(0);
    expect(actionOf(org, paId)).toEqual({ Status__c: 'Due', Attempts__c: 1, Task_Id__c: taskId });
    expect(rows(org, 'SELECT Id FROM Task')).toEqual([{ Id: taskId }]);
  });
});
