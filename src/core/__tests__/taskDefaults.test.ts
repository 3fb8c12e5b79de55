import { taskDefaults } from '../taskDefaults';

describe('taskDefaults', () => {
  it('names the task after the action and the creation time in the owner’s zone, due on the owner’s date', () => {
    // Created Tuesday 1 December 09:15Z = 14:45 IST; due 20:00Z = Wednesday 01:30 IST.
    expect(
      taskDefaults(
        { Name: 'Follow-up call' },
        {
          ownerTimeZone: 'Asia/Kolkata',
          dueAt: new Date('2026-12-01T20:00:00Z'),
          now: new Date('2026-12-01T09:15:00Z')
        }
      )
    ).toEqual({
      ok: true,
      value: { Subject: 'Follow-up call 2026-12-01 14:45', Priority: 'Normal', ActivityDate: '2026-12-02' }
    });
  });

  it('uses the action’s subject and priority when set', () => {
    expect(
      taskDefaults(
        { Name: 'Step 3', Task_Subject__c: '  Send the proposal  ', Task_Priority__c: 'High' },
        {
          ownerTimeZone: 'America/New_York',
          dueAt: new Date('2026-12-01T03:00:00Z'),
          now: new Date('2026-12-01T03:00:00Z')
        }
      )
    ).toEqual({
      ok: true,
      value: { Subject: 'Send the proposal', Priority: 'High', ActivityDate: '2026-11-30' }
    });
  });

  it('writes the wall clock after a DST change (Sunday 8 March 03:30 EDT)', () => {
    const result = taskDefaults(
      { Name: 'Call' },
      {
        ownerTimeZone: 'America/New_York',
        dueAt: new Date('2026-03-08T07:30:00Z'),
        now: new Date('2026-03-08T07:30:00Z')
      }
    );
    expect(result.ok && result.value.Subject).toBe('Call 2026-03-08 03:30');
  });

  it('falls back to "Task" for a blank name and keeps the subject within 255 characters', () => {
    const context = {
      ownerTimeZone: 'UTC',
      dueAt: new Date('2026-12-01T00:00:00Z'),
      now: new Date('2026-12-01T08:05:00Z')
    };
    expect(taskDefaults({ Name: ' ', Task_Subject__c: ' ' }, context)).toEqual({
      ok: true,
      value: { Subject: 'Task 2026-12-01 08:05', Priority: 'Normal', ActivityDate: '2026-12-01' }
    });
    const long = taskDefaults({ Name: 'x'.repeat(300) }, context);
    expect(long.ok && [long.value.Subject.length, long.value.Subject.endsWith(' 2026-12-01 08:05')]).toEqual([
      255,
      true
    ]);
    const explicit = taskDefaults({ Task_Subject__c: 'y'.repeat(300) }, context);
    expect(explicit.ok && explicit.value.Subject.length).toBe(255);
  });

  it('rejects an unknown owner time zone', () => {
    expect(
      taskDefaults({ Name: 'Call' }, { ownerTimeZone: 'Nowhere', dueAt: new Date(), now: new Date(0) })
    ).toEqual({
      ok: false,
      error: {
        code: 'INVALID_TIME_ZONE',
        message: 'ownerTimeZone: unknown time zone "Nowhere"',
        path: 'TimeZoneSidKey'
      }
    });
  });
});
