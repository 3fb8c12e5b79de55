/**
 * Which Task changes call for the closed-tasks stage: a Task closed by anyone, or created closed,
 * may complete a Task action; the activity an email send logs (created closed, subtype Email) never
 * can, so the companion's own sends do not feed back into passes.
 */
import { stagesFor } from '../watch/triggers';

const task = (changeType: string, changedFields: string[], payload: Record<string, unknown>) =>
  stagesFor({
    object: 'Task',
    header: { entityName: 'Task', changeType, changedFields, recordIds: ['00T000000000001AAA'] },
    payload
  });

describe('Task change events', () => {
  it('call for closed-tasks when a Task is closed or created closed', () => {
    expect(task('UPDATE', ['Status', 'IsClosed'], { Status: 'Completed', IsClosed: true })).toEqual([
      'closed-tasks'
    ]);
    expect(task('CREATE', [], { Status: 'Completed', IsClosed: true, TaskSubtype: 'Call' })).toEqual([
      'closed-tasks'
    ]);
  });

  it('call for nothing when a sent email logs its activity, or an open Task is created', () => {
    expect(task('CREATE', [], { Status: 'Completed', IsClosed: true, TaskSubtype: 'Email' })).toEqual([]);
    expect(task('CREATE', [], { Status: 'Not Started', IsClosed: false, TaskSubtype: 'Task' })).toEqual([]);
  });
});
