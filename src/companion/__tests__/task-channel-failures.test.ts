/**
 * The Task channel when things go wrong (pass/channels/task.ts, pass/tasks.ts), in process against
 * the local org: a Task request whose answer is lost leaves the attempt open for reconciliation (the
 * Task is found by its attempt key, never created twice), and a deleted Task skips its action.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { row, rows, seedTaskScenario, wait } from './fixtures';
import { companionFor, startTestOrg } from './helpers';

jest.setTimeout(60_000);

describe('Task actions when the Task request fails or the Task goes away', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('a Task created but never answered is found by its attempt key after the lease, not created again', async () => {
    const scenario = seedTaskScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    // The claim's insert goes through; the Task insert commits but its answer is lost.
    org.controls.addFault({
      kind: 'RESET_AFTER_COMMIT',
      method: 'POST',
      path: '/composite/sobjects',
      skip: 1,
      times: 1
    });
    const companion = companionFor(org, { settings: { leaseSeconds: 2 }, api: { maxRetries: 0 } });

    const first = await companion.runOnce();
    expect(first.stats.tasksCreated).toBe(0);
    const tasks = rows(org, 'SELECT Id, Description FROM Task');
    expect(tasks).toEqual([
      { Id: expect.any(String), Description: `Stride Research account [stride:${paId}:1]` }
    ]);
    expect(rows(org, 'SELECT Key__c, Outcome__c FROM Action_Attempt__c')).toEqual([
      { Key__c: `${paId}:1`, Outcome__c: null }
    ]);
    expect(row(org, `SELECT Last_Error__c FROM Participant_Action__c WHERE Id = '${paId}'`)).toEqual({
      Last_Error__c: 'in doubt: UND_ERR_SOCKET: fetch failed: other side closed'
    });

    // The next pass starts watching the open attempt; one lease later the next one judges it.
    await companion.runOnce();
    await wait(2_100);
    const judging = await companion.runOnce();
    expect(judging.stats.reconciled).toBe(1);
    expect(rows(org, 'SELECT Outcome__c, Provider_Message_Id__c FROM Action_Attempt__c')).toEqual([
      { Outcome__c: 'Sent', Provider_Message_Id__c: tasks[0].Id }
    ]);
    expect(row(org, `SELECT Status__c, Task_Id__c FROM Participant_Action__c WHERE Id = '${paId}'`)).toEqual({
      Status__c: 'Due',
      Task_Id__c: tasks[0].Id
    });
    expect(rows(org, 'SELECT Id FROM Task')).toHaveLength(1);
  });

  it('a deleted Task skips its action (REP_SKIPPED) and the sequence moves on', async () => {
    const scenario = seedTaskScenario(org, { count: 1, withFollowUp: true });
    const paId = scenario.emailActionIds[0];
    const companion = companionFor(org);
    await companion.runOnce();
    const { Task_Id__c: taskId } = row(
      org,
      `SELECT Task_Id__c FROM Participant_Action__c WHERE Id = '${paId}'`
    );
    org.data.delete('Task', String(taskId));

    await companion.runOnce();

    expect(row(org, `SELECT Status__c, Reason__c FROM Participant_Action__c WHERE Id = '${paId}'`)).toEqual({
      Status__c: 'Skipped',
      Reason__c: 'REP_SKIPPED'
    });
    expect(rows(org, "SELECT Status__c FROM Participant_Action__c WHERE Type__c = 'Call'")).toEqual([
      { Status__c: 'Upcoming' }
    ]);
  });
});
