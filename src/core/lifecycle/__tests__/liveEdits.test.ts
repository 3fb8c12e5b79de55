import type { DelayUnit, ParticipantActionStatus, ParticipantStatus } from '../../constants';
import { calendarFromUser } from '../../timing/businessHours';
import { planAppendAction, planReassignment, planRemoveAction } from '../liveEdits';
import type { ParticipantActionRecord, ParticipantSnapshot } from '../operations';

const at = (text: string): Date => new Date(text);
const now = at('2026-12-01T10:00:00Z'); // Tuesday

function action(
  n: number,
  status: ParticipantActionStatus,
  due: string | null,
  amount = 1,
  unit: DelayUnit = 'Days'
): ParticipantActionRecord {
  return {
    Id: `pa${n}`,
    Step_Number__c: n,
    Status__c: status,
    Due_At__c: due ? at(due) : null,
    Sequence_Action__c: `sa${n}`,
    Assigned_To__c: '005A',
    timing: { Delay_Amount__c: amount, Delay_Unit__c: unit, Timing__c: 'Immediate (Any Day)' }
  };
}

const kolkataResult = calendarFromUser({ TimeZoneSidKey: 'Asia/Kolkata', StartDay: '10', EndDay: '19' });
if (!kolkataResult.ok || !kolkataResult.value) throw new Error('calendar');
const kolkata = kolkataResult.value;

function participant(
  id: string,
  status: ParticipantStatus,
  actions: ParticipantActionRecord[]
): ParticipantSnapshot {
  return { participant: { Id: id, Status__c: status, Current_Step__c: 1 }, actions };
}

describe('planAppendAction', () => {
  const appended = {
    Id: 'sa4',
    Step_Number__c: 4,
    Type__c: 'Email' as const,
    timing: { Delay_Amount__c: 2, Delay_Unit__c: 'Hours' as const }
  };
  const snapshots = [
    // Current step 2 upcoming on Wednesday; step 3 projected Thursday 10:00Z.
    participant('p1', 'Active', [
      action(1, 'Completed', null),
      action(2, 'Upcoming', '2026-12-02T10:00:00Z'),
      action(3, 'Upcoming', '2026-12-03T10:00:00Z')
    ]),
    // Only a deferred action left: the new action becomes current, due from now.
    participant('p2', 'Active', [
      action(1, 'Deferred', '2026-12-09T10:00:00Z'),
      action(2, 'Completed', null),
      action(3, 'Completed', null)
    ]),
    participant('p3', 'Queued', [action(1, 'Upcoming', null)]),
    participant('p4', 'Completed', [action(1, 'Completed', null)]),
    participant('p5', 'Exited', [action(1, 'Canceled', null)]),
    // Current action overdue: project from now.
    participant('p6', 'Paused', [action(1, 'Due', '2026-11-20T10:00:00Z')])
  ];

  it('adds the new last action to open participants only, projected after their last upcoming action', () => {
    expect(
      planAppendAction(snapshots, appended, {
        now,
        existingSteps: [1, 2, 3],
        ownerFor: (id) => (id === 'p3' ? null : '005A')
      })
    ).toEqual({
      ok: true,
      value: {
        inserts: [
          {
            Participant__c: 'p1',
            Sequence_Action__c: 'sa4',
            Step_Number__c: 4,
            Type__c: 'Email',
            Activation__c: 'Manual',
            Status__c: 'Upcoming',
            Due_At__c: at('2026-12-03T12:00:00Z'),
            Assigned_To__c: '005A',
            Attempts__c: 0
          },
          {
            Participant__c: 'p2',
            Sequence_Action__c: 'sa4',
            Step_Number__c: 4,
            Type__c: 'Email',
            Activation__c: 'Manual',
            Status__c: 'Upcoming',
            Due_At__c: at('2026-12-01T12:00:00Z'),
            Assigned_To__c: '005A',
            Attempts__c: 0
          },
          {
            Participant__c: 'p3',
            Sequence_Action__c: 'sa4',
            Step_Number__c: 4,
            Type__c: 'Email',
            Activation__c: 'Manual',
            Status__c: 'Upcoming',
            Due_At__c: null,
            Assigned_To__c: null,
            Attempts__c: 0
          },
          {
            Participant__c: 'p6',
            Sequence_Action__c: 'sa4',
            Step_Number__c: 4,
            Type__c: 'Email',
            Activation__c: 'Manual',
            Status__c: 'Upcoming',
            Due_At__c: at('2026-12-01T12:00:00Z'),
            Assigned_To__c: '005A',
            Attempts__c: 0
          }
        ],
        participants: [{ Id: 'p2', Current_Step__c: 4 }]
      }
    });
  });

  it('refuses an action that is not at the end', () => {
    expect(
      planAppendAction(snapshots, { ...appended, Step_Number__c: 3 }, { now, existingSteps: [1, 2, 3] })
    ).toEqual({
      ok: false,
      error: {
        code: 'APPEND_NOT_AT_END',
        message: 'Step_Number__c: a live sequence only takes new actions at the end (after step 3), got 3',
        path: 'Step_Number__c'
      }
    });
  });

  it('uses the participant’s calendar and zone, and says which participant has no business hours', () => {
    const owner = calendarFromUser({ TimeZoneSidKey: 'Asia/Kolkata', StartDay: '10', EndDay: '19' });
    if (!owner.ok || !owner.value) throw new Error('calendar');
    const calendar = owner.value;
    const weekday = {
      ...appended,
      timing: {
        Delay_Amount__c: 0,
        Delay_Unit__c: 'Hours' as const,
        Timing__c: 'Business Hours (Weekday)' as const
      }
    };
    const recipient = {
      ...participant('p7', 'Active', [action(1, 'Due', '2026-11-20T10:00:00Z')]),
      useRecipientTimeZone: true
    };
    recipient.participant.Time_Zone__c = 'America/New_York';
    // Now is Tuesday 05:00 EST → 10:00 EST = 15:00Z.
    const result = planAppendAction([recipient], weekday, {
      now,
      existingSteps: [1],
      calendarFor: () => calendar
    });
    expect(result.ok && result.value.inserts[0].Due_At__c).toEqual(at('2026-12-01T15:00:00Z'));
    expect(planAppendAction([recipient], weekday, { now, existingSteps: [1] })).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'NO_BUSINESS_HOURS',
        message: expect.stringMatching(/^Participant p7: /)
      })
    });
  });
});

describe('planRemoveAction', () => {
  it('cancels the removed action and makes the next one current, dated from now', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Due', '2026-11-30T10:00:00Z'),
      action(2, 'Upcoming', '2026-12-01T10:00:00Z', 1, 'Days'),
      action(3, 'Upcoming', '2026-12-01T12:00:00Z', 2, 'Hours')
    ]);
    expect(planRemoveAction(snap, 'sa1', now)).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: 2 },
        actions: [
          { Id: 'pa1', Status__c: 'Canceled', Reason__c: 'SEQUENCE_EDITED' },
          { Id: 'pa2', Due_At__c: at('2026-12-02T10:00:00Z') },
          { Id: 'pa3', Due_At__c: at('2026-12-02T12:00:00Z') }
        ]
      }
    });
  });

  it('dates the next action in the recipient’s zone when the sequence uses it', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Due', '2026-11-30T10:00:00Z'),
      {
        ...action(2, 'Upcoming', null),
        timing: { Delay_Amount__c: 0, Delay_Unit__c: 'Hours', Timing__c: 'Business Hours (Weekday)' },
        calendar: kolkata
      }
    ]);
    snap.participant.Time_Zone__c = 'America/New_York';
    // Tuesday 10:00Z is 05:00 in New York: the 10:00–19:00 window opens at 10:00 EST = 15:00Z.
    const result = planRemoveAction({ ...snap, useRecipientTimeZone: true }, 'sa1', now);
    expect(result.ok && result.value.actions[1]).toEqual({
      Id: 'pa2',
      Due_At__c: at('2026-12-01T15:00:00Z')
    });
  });

  it('cancels a later action without moving the current one', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Due', '2026-11-30T10:00:00Z'),
      action(2, 'Upcoming', '2026-12-01T10:00:00Z')
    ]);
    expect(planRemoveAction(snap, 'sa2', now)).toEqual({
      ok: true,
      value: {
        participant: null,
        actions: [{ Id: 'pa2', Status__c: 'Canceled', Reason__c: 'SEQUENCE_EDITED' }]
      }
    });
  });

  it('completes the participant when the removed action was its last open one', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Completed', null),
      action(2, 'Due', '2026-12-01T10:00:00Z')
    ]);
    expect(planRemoveAction(snap, 'sa2', now)).toEqual({
      ok: true,
      value: {
        participant: {
          Id: 'p1',
          Status__c: 'Completed',
          Completed_At__c: now,
          Current_Step__c: null,
          Person_Key__c: null
        },
        actions: [{ Id: 'pa2', Status__c: 'Canceled', Reason__c: 'SEQUENCE_EDITED' }]
      }
    });
  });

  it('leaves no current step when only a deferred action remains', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Deferred', '2026-12-09T10:00:00Z'),
      action(2, 'Due', '2026-12-01T10:00:00Z')
    ]);
    expect(planRemoveAction(snap, 'sa2', now)).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: null },
        actions: [{ Id: 'pa2', Status__c: 'Canceled', Reason__c: 'SEQUENCE_EDITED' }]
      }
    });
  });

  it('only cancels for a queued participant', () => {
    const snap = participant('p1', 'Queued', [action(1, 'Upcoming', null), action(2, 'Upcoming', null)]);
    expect(planRemoveAction(snap, 'sa1', now)).toEqual({
      ok: true,
      value: {
        participant: null,
        actions: [{ Id: 'pa1', Status__c: 'Canceled', Reason__c: 'SEQUENCE_EDITED' }]
      }
    });
  });

  it('does nothing for ended participants or actions already done', () => {
    expect(planRemoveAction(participant('p1', 'Active', [action(1, 'Completed', null)]), 'sa1', now)).toEqual(
      { ok: true, value: { participant: null, actions: [] } }
    );
    expect(planRemoveAction(participant('p1', 'Exited', [action(1, 'Upcoming', null)]), 'sa1', now)).toEqual({
      ok: true,
      value: { participant: null, actions: [] }
    });
  });

  it('passes on a timing error of the next action', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Due', null),
      { ...action(2, 'Upcoming', null), timing: { Delay_Amount__c: -3 } }
    ]);
    expect(planRemoveAction(snap, 'sa1', now)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_DELAY' })
    });
  });
});

describe('planReassignment', () => {
  it('re-assigns the open actions whose owner changed, and leaves ended ones', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Completed', null),
      action(2, 'Due', null),
      action(3, 'Upcoming', null),
      { ...action(4, 'Upcoming', null), Assigned_To__c: '005B' }
    ]);
    expect(planReassignment(snap, () => '005B')).toEqual([
      { Id: 'pa2', Assigned_To__c: '005B' },
      { Id: 'pa3', Assigned_To__c: '005B' }
    ]);
  });

  it('clears the owner when delegation resolves to nobody', () => {
    const snap = participant('p1', 'Active', [
      action(1, 'Due', null),
      { ...action(2, 'Upcoming', null), Assigned_To__c: undefined }
    ]);
    expect(planReassignment(snap, () => null)).toEqual([{ Id: 'pa1', Assigned_To__c: null }]);
  });
});
