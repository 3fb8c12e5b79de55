/**
 * A small world for the screen-by-screen suites (accessibility, keyboard): Ava owns one lead per
 * action type, each enrolled in a one-step sequence, so Engage offers every row kind and dialog.
 */
import { createSequence, enrollPeople, openActions, ownLeads } from './fixtures';
import { eventually, USERS, type Stride } from './stride';

export interface World {
  sequenceId: string;
  leads: Record<'call' | 'sms' | 'email' | 'task' | 'autoTask', string>;
  taskId: string;
}

export async function buildWorld(stride: Stride): Promise<World> {
  const calls = createSequence(stride, 'World Calls', 'Lead', [
    { name: 'First call', type: 'Call' },
    { name: 'Second call', type: 'Call', delay: 2, unit: 'Days' },
    { name: 'Wrap-up email', type: 'Email', subject: 'Thanks', body: '<p>Thanks</p>' }
  ]);
  const texts = createSequence(stride, 'World Texts', 'Lead', [{ name: 'Intro text', type: 'SMS' }]);
  const emails = createSequence(stride, 'World Emails', 'Lead', [
    { name: 'Personal email', type: 'Email', subject: 'Hello {!Recipient.FirstName}', body: '<p>Hi</p>' }
  ]);
  const tasks = createSequence(stride, 'World Tasks', 'Lead', [{ name: 'Research', type: 'Task' }]);
  const autoTasks = createSequence(stride, 'World Auto Tasks', 'Lead', [
    { name: 'Prep', type: 'Task', activation: 'Automatic' }
  ]);
  const [call, sms, email, task, autoTask] = ownLeads(stride, USERS.ava, [
    'Wilson',
    'Harris',
    'Clark',
    'Taylor',
    'Moore'
  ]);
  await enrollPeople(stride, calls, [call]);
  await enrollPeople(stride, texts, [sms]);
  await enrollPeople(stride, emails, [email]);
  await enrollPeople(stride, tasks, [task]);
  await enrollPeople(stride, autoTasks, [autoTask]);
  await eventually(
    () => openActions(stride, USERS.ava).length,
    (count) => count === 5
  );
  const [withTask] = await eventually(
    () =>
      stride.query<{ Task_Id__c: string | null }>(
        `SELECT Task_Id__c FROM Participant_Action__c WHERE Participant__r.Lead__c = '${autoTask}'`
      ),
    (rows) => !!rows[0]?.Task_Id__c
  );
  return {
    sequenceId: calls,
    leads: { call, sms, email, task, autoTask },
    taskId: withTask.Task_Id__c ?? ''
  };
}
