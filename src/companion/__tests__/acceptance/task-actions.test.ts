/**
 * Actions page, "Task actions": "Task actions correspond to Salesforce Tasks. The participant action
 * is marked completed when the associated Salesforce Task is closed. When you create the sequence
 * action, you can set default values (e.g., priority and activation type). If no subject is defined,
 * the system defaults to the action name plus a timestamp."
 */
import { statuses, World } from './world';

describe('Task actions over HTTP: activation Automatic vs Manual', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.start();
  });
  afterAll(() => world.close());

  it('Automatic: the Task is created when the action is due, with the default subject and priority', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Research', Type__c: 'Task', Activation__c: 'Automatic', Task_Priority__c: 'High' }
    ]);
    const lead = await world.lead({ LastName: 'Auto' });
    await world.enroll(id, [lead]);
    await world.settle();
    const [action] = await world.actionsOf(lead);
    expect([action.Status__c, action.Activation__c]).toEqual(['Due', 'Automatic']);
    const [task] = await world.query(
      `SELECT Subject, Priority, Status, WhoId FROM Task WHERE Id = '${action.Task_Id__c}'`
    );
    expect(task).toMatchObject({
      // The default subject is dated in the time zone of the rep who works it (America/New_York).
      Subject: 'Research 2026-12-01 10:00',
      Priority: 'High',
      Status: 'Not Started',
      WhoId: lead
    });

    await world.update('Task', action.Task_Id__c, { Status: 'Completed' });
    await world.pass();
    expect(statuses(await world.actionsOf(lead))).toEqual(['Completed']);
    expect((await world.participantOf(lead)).Status__c).toBe('Completed');
  });

  it('Manual: the action waits on Engage without a Task; the rep starts it and the Task is created then', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      {
        Name: 'Send proposal',
        Type__c: 'Task',
        Activation__c: 'Manual',
        Task_Subject__c: 'Send the proposal'
      }
    ]);
    const lead = await world.lead({ LastName: 'Manual' });
    await world.enroll(id, [lead]);
    await world.settle();
    const [due] = await world.actionsOf(lead);
    expect([due.Status__c, due.Activation__c, due.Task_Id__c]).toEqual(['Due', 'Manual', null]);

    await world.request(due.Id, 'Send'); // Engage's "Start task"
    await world.pass();
    const [started] = await world.actionsOf(lead);
    expect(started.Status__c).toBe('Due');
    const tasks = await world.query(`SELECT Id, Subject, WhoId FROM Task WHERE WhoId = '${lead}'`);
    expect(tasks.map((t) => [t.Id, t.Subject])).toEqual([[started.Task_Id__c, 'Send the proposal']]);
    const [request] = await world.query(
      `SELECT Requested_Outcome__c FROM Participant_Action__c WHERE Id = '${due.Id}'`
    );
    expect(request.Requested_Outcome__c).toBeNull();
  });
});
