import type { DelayUnit, ParticipantActionStatus, ParticipantStatus, TimingMode } from '../../constants';
import { nineToFiveCalendar } from '../../__tests__/fixtures/businessHours';
import {
  actionStatusPatch,
  admitParticipant,
  applyRequestedOutcome,
  completeAction,
  deferAction,
  exitParticipant,
  failAction,
  makeCurrentActionDue,
  pauseParticipant,
  rescheduleAction,
  resumeParticipant,
  skipAction,
  type ParticipantActionRecord,
  type ParticipantSnapshot
} from '../operations';

const newYork = nineToFiveCalendar('America/New_York');

const at = (text: string): Date => new Date(text);

function action(
  n: number,
  status: ParticipantActionStatus,
  due: string | null,
  amount: number,
  unit: DelayUnit,
  timing: TimingMode = 'Immediate (Any Day)'
): ParticipantActionRecord {
  return {
    Id: `pa${n}`,
    Step_Number__c: n,
    Status__c: status,
    Due_At__c: due ? new Date(due) : null,
    Sequence_Action__c: `sa${n}`,
    Assigned_To__c: '005A',
    timing: { Delay_Amount__c: amount, Delay_Unit__c: unit, Timing__c: timing },
    calendar: newYork
  };
}

function snapshot(
  status: ParticipantStatus,
  actions: ParticipantActionRecord[],
  extra: Partial<ParticipantSnapshot['participant']> = {}
): ParticipantSnapshot {
  return { participant: { Id: 'p1', Status__c: status, Current_Step__c: 1, ...extra }, actions };
}

// Step 1 due now (Monday 30 November 09:00Z); step 2 one day after step 1; step 3 two hours after step 2.
const running = (): ParticipantSnapshot =>
  snapshot('Active', [
    action(1, 'Due', '2026-11-30T09:00:00Z', 0, 'Days'),
    action(2, 'Upcoming', '2026-12-01T09:00:00Z', 1, 'Days'),
    action(3, 'Upcoming', '2026-12-01T11:00:00Z', 2, 'Hours')
  ]);

describe('admitParticipant', () => {
  it('activates a queued participant and dates every action from the admission instant', () => {
    const queued = snapshot(
      'Queued',
      [
        action(1, 'Upcoming', null, 0, 'Days'),
        action(2, 'Upcoming', null, 1, 'Days'),
        action(3, 'Upcoming', null, 2, 'Hours')
      ],
      {
        Current_Step__c: null
      }
    );
    // Tuesday 1 December 09:00Z.
    expect(admitParticipant(queued, at('2026-12-01T09:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: {
          Id: 'p1',
          Status__c: 'Active',
          Admitted_At__c: at('2026-12-01T09:00:00Z'),
          Current_Step__c: 1
        },
        actions: [
          { Id: 'pa1', Due_At__c: at('2026-12-01T09:00:00Z') },
          { Id: 'pa2', Due_At__c: at('2026-12-02T09:00:00Z') }, // Wednesday
          { Id: 'pa3', Due_At__c: at('2026-12-02T11:00:00Z') }
        ]
      }
    });
  });

  it('completes a participant whose sequence lost all its actions while it was queued', () => {
    const empty = snapshot('Queued', [{ ...action(1, 'Canceled', null, 0, 'Days') }]);
    expect(admitParticipant(empty, at('2026-12-01T09:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: {
          Id: 'p1',
          Status__c: 'Completed',
          Admitted_At__c: at('2026-12-01T09:00:00Z'),
          Completed_At__c: at('2026-12-01T09:00:00Z'),
          Current_Step__c: null,
          Person_Key__c: null
        },
        actions: []
      }
    });
  });

  it('refuses a participant that is not queued, naming the state and event', () => {
    expect(admitParticipant(running(), at('2026-12-01T09:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ILLEGAL_TRANSITION', state: 'Active', event: 'admit' })
    });
  });

  it('passes on a timing error', () => {
    const bad = snapshot('Queued', [action(1, 'Upcoming', null, 0, 'Days', 'Business Hours (Weekday)')]);
    bad.actions[0].calendar = null;
    expect(admitParticipant(bad, at('2026-12-01T09:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NO_BUSINESS_HOURS' })
    });
  });
});

describe('makeCurrentActionDue', () => {
  const waiting = (): ParticipantSnapshot =>
    snapshot('Active', [
      action(1, 'Upcoming', '2026-11-30T09:00:00Z', 0, 'Days'),
      action(2, 'Upcoming', null, 1, 'Days')
    ]);

  it('leaves the current action upcoming until its due time', () => {
    expect(makeCurrentActionDue(waiting(), at('2026-11-30T08:59:59Z'))).toEqual({
      participant: null,
      actions: []
    });
  });

  it('makes the current action Due at its due time', () => {
    expect(makeCurrentActionDue(waiting(), at('2026-11-30T09:00:00Z'))).toEqual({
      participant: null,
      actions: [{ Id: 'pa1', Status__c: 'Due' }]
    });
  });

  it('does nothing while the participant is paused', () => {
    expect(
      makeCurrentActionDue(
        { ...waiting(), participant: { Id: 'p1', Status__c: 'Paused' } },
        at('2026-12-30T09:00:00Z')
      )
    ).toEqual({
      participant: null,
      actions: []
    });
  });

  it('does nothing when the current action is already due or has no due time', () => {
    expect(makeCurrentActionDue(running(), at('2026-12-30T09:00:00Z'))).toEqual({
      participant: null,
      actions: []
    });
    expect(
      makeCurrentActionDue(
        snapshot('Active', [action(1, 'Upcoming', null, 0, 'Days')]),
        at('2026-12-30T09:00:00Z')
      )
    ).toEqual({ participant: null, actions: [] });
  });
});

describe('actionStatusPatch', () => {
  it.each([
    ['Upcoming', 'becomeDue', { Id: 'pa1', Status__c: 'Due' }],
    ['Due', 'waitForCriteria', { Id: 'pa1', Status__c: 'Waiting_Criteria', Reason__c: 'WAIT_CRITERIA' }],
    ['Waiting_Criteria', 'criteriaMet', { Id: 'pa1', Status__c: 'Due', Reason__c: null }],
    ['Due', 'claim', { Id: 'pa1', Status__c: 'In_Progress' }],
    ['In_Progress', 'release', { Id: 'pa1', Status__c: 'Due' }]
  ] as const)('%s + %s writes %j', (status, event, expected) => {
    expect(actionStatusPatch({ Id: 'pa1', Status__c: status }, event)).toEqual({ ok: true, value: expected });
  });

  it('refuses to claim a completed action', () => {
    expect(actionStatusPatch({ Id: 'pa1', Status__c: 'Completed' }, 'claim')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ILLEGAL_TRANSITION', state: 'Completed', event: 'claim' })
    });
  });
});

describe('completeAction', () => {
  it('completes the current action and re-dates the later ones from the actual completion', () => {
    // Completed Monday 15:00Z, six hours after it was due.
    expect(completeAction(running(), 'pa1', at('2026-11-30T15:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: 2 },
        actions: [
          { Id: 'pa1', Status__c: 'Completed', Completed_At__c: at('2026-11-30T15:00:00Z'), Reason__c: null },
          { Id: 'pa2', Due_At__c: at('2026-12-01T15:00:00Z') }, // Tuesday
          { Id: 'pa3', Due_At__c: at('2026-12-01T17:00:00Z') }
        ]
      }
    });
  });

  it('snaps the next action to business hours', () => {
    const snap = snapshot('Active', [
      action(1, 'Due', '2026-12-04T14:00:00Z', 0, 'Days'),
      action(2, 'Upcoming', null, 2, 'Hours', 'Business Hours (Weekday)')
    ]);
    // Completed Friday 4 December 16:00 EST (21:00Z) + 2 h = 18:00 → Monday 7 December 09:00 EST.
    const result = completeAction(snap, 'pa1', at('2026-12-04T21:00:00Z'));
    expect(result.ok && result.value.actions[1]).toEqual({
      Id: 'pa2',
      Due_At__c: at('2026-12-07T14:00:00Z')
    });
  });

  it('reads the windows in the participant’s zone when the sequence uses the recipient’s time zone', () => {
    const snap = snapshot(
      'Active',
      [
        action(1, 'Due', '2026-12-04T14:00:00Z', 0, 'Days'),
        action(2, 'Upcoming', null, 0, 'Hours', 'Business Hours (Weekday)')
      ],
      {
        Time_Zone__c: 'Asia/Kolkata'
      }
    );
    // Friday 4 December 21:00Z is Saturday 02:30 in Kolkata → Monday 7 December 09:00 IST = 03:30Z.
    const result = completeAction({ ...snap, useRecipientTimeZone: true }, 'pa1', at('2026-12-04T21:00:00Z'));
    expect(result.ok && result.value.actions[1]).toEqual({
      Id: 'pa2',
      Due_At__c: at('2026-12-07T03:30:00Z')
    });
  });

  it('completes the participant after its last action', () => {
    const last = snapshot(
      'Active',
      [
        action(1, 'Completed', null, 0, 'Days'),
        action(2, 'Skipped', null, 0, 'Days'),
        action(3, 'Due', '2026-12-01T11:00:00Z', 2, 'Hours')
      ],
      {
        Current_Step__c: 3
      }
    );
    expect(completeAction(last, 'pa3', at('2026-12-01T12:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: {
          Id: 'p1',
          Current_Step__c: null,
          Status__c: 'Completed',
          Completed_At__c: at('2026-12-01T12:00:00Z'),
          Person_Key__c: null
        },
        actions: [
          { Id: 'pa3', Status__c: 'Completed', Completed_At__c: at('2026-12-01T12:00:00Z'), Reason__c: null }
        ]
      }
    });
  });

  it('keeps the participant active without a current step while a deferred action is outstanding', () => {
    const snap = snapshot(
      'Active',
      [
        action(1, 'Deferred', '2026-12-10T09:00:00Z', 0, 'Days'),
        action(2, 'Due', '2026-12-01T09:00:00Z', 1, 'Days')
      ],
      { Current_Step__c: 2 }
    );
    expect(completeAction(snap, 'pa2', at('2026-12-01T12:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: null },
        actions: [
          { Id: 'pa2', Status__c: 'Completed', Completed_At__c: at('2026-12-01T12:00:00Z'), Reason__c: null }
        ]
      }
    });
  });

  it('completes a deferred action without moving the current one', () => {
    const snap = snapshot(
      'Active',
      [
        action(1, 'Deferred', '2026-12-10T09:00:00Z', 0, 'Days'),
        action(2, 'Due', '2026-12-01T09:00:00Z', 1, 'Days')
      ],
      { Current_Step__c: 2 }
    );
    expect(completeAction(snap, 'pa1', at('2026-12-10T10:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: null,
        actions: [
          { Id: 'pa1', Status__c: 'Completed', Completed_At__c: at('2026-12-10T10:00:00Z'), Reason__c: null }
        ]
      }
    });
  });

  it('completes a paused participant when its last, deferred, action is completed', () => {
    const snap = snapshot(
      'Paused',
      [action(1, 'Deferred', '2026-12-10T09:00:00Z', 0, 'Days'), action(2, 'Completed', null, 1, 'Days')],
      { Current_Step__c: null }
    );
    expect(completeAction(snap, 'pa1', at('2026-12-10T10:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: {
          Id: 'p1',
          Status__c: 'Completed',
          Completed_At__c: at('2026-12-10T10:00:00Z'),
          Current_Step__c: null,
          Person_Key__c: null
        },
        actions: [
          { Id: 'pa1', Status__c: 'Completed', Completed_At__c: at('2026-12-10T10:00:00Z'), Reason__c: null }
        ]
      }
    });
  });

  it.each([
    ['Queued', 'PARTICIPANT_NOT_ACTIVE'],
    ['Completed', 'PARTICIPANT_NOT_ACTIVE'],
    ['Exited', 'PARTICIPANT_NOT_ACTIVE']
  ] as const)('refuses when the participant is %s', (status, code) => {
    const result = completeAction(
      { ...running(), participant: { Id: 'p1', Status__c: status } },
      'pa1',
      at('2026-11-30T15:00:00Z')
    );
    expect(result).toEqual({
      ok: false,
      error: { code, message: `Cannot complete: participant p1 is '${status}'`, path: 'Status__c' }
    });
  });

  it('refuses an action of another participant', () => {
    expect(completeAction(running(), 'pa9', at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: 'Participant action pa9 does not belong to participant p1',
        path: 'Id'
      }
    });
  });

  it('refuses a later upcoming action: it is not the current step yet', () => {
    expect(completeAction(running(), 'pa2', at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: {
        code: 'NOT_CURRENT',
        message: 'Cannot complete step 2 (pa2): it is not the current step yet',
        path: 'Id'
      }
    });
  });

  it('skips the current action before its time: it becomes due and is skipped in one plan', () => {
    const waiting = snapshot('Active', [
      action(1, 'Upcoming', '2026-12-02T09:00:00Z', 0, 'Days'),
      action(2, 'Upcoming', '2026-12-03T09:00:00Z', 1, 'Days')
    ]);
    expect(
      skipAction(waiting, 'pa1', at('2026-11-30T15:00:00Z'), { reason: 'SKIP_CRITERIA', note: 'Not met' })
    ).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: 2 },
        actions: [
          {
            Id: 'pa1',
            Status__c: 'Skipped',
            Completed_At__c: at('2026-11-30T15:00:00Z'),
            Reason__c: 'SKIP_CRITERIA',
            Reason_Detail__c: 'Not met'
          },
          { Id: 'pa2', Due_At__c: at('2026-12-01T15:00:00Z') }
        ]
      }
    });
  });

  it('passes on a timing error of a later action', () => {
    const snap = running();
    const broken = {
      ...snap,
      actions: [snap.actions[0], { ...snap.actions[1], timing: { Delay_Amount__c: -1 } }]
    };
    expect(completeAction(broken, 'pa1', at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_DELAY' })
    });
  });

  it('does not mutate the snapshot', () => {
    const snap = running();
    const copy = JSON.stringify(snap);
    completeAction(snap, 'pa1', at('2026-11-30T15:00:00Z'));
    expect(JSON.stringify(snap)).toBe(copy);
  });
});

describe('skipAction', () => {
  it('skips with the rep’s reason by default and advances', () => {
    const result = skipAction(running(), 'pa1', at('2026-11-30T15:00:00Z'), { note: 'Wrong person' });
    expect(result.ok && result.value.actions[0]).toEqual({
      Id: 'pa1',
      Status__c: 'Skipped',
      Completed_At__c: at('2026-11-30T15:00:00Z'),
      Reason__c: 'REP_SKIPPED',
      Reason_Detail__c: 'Wrong person'
    });
    expect(result.ok && result.value.participant).toEqual({ Id: 'p1', Current_Step__c: 2 });
  });

  it('records a system reason and clips a long note to 255 characters', () => {
    const result = skipAction(running(), 'pa1', at('2026-11-30T15:00:00Z'), {
      reason: 'SKIP_CRITERIA',
      note: 'x'.repeat(300)
    });
    const patch = result.ok ? result.value.actions[0] : null;
    expect([
      patch?.Reason__c,
      patch?.Reason_Detail__c?.length,
      patch?.Reason_Detail__c?.endsWith('…')
    ]).toEqual(['SKIP_CRITERIA', 255, true]);
  });

  it('skips a waiting action', () => {
    const snap = snapshot('Active', [action(1, 'Waiting_Criteria', '2026-11-30T09:00:00Z', 0, 'Days')]);
    const result = skipAction(snap, 'pa1', at('2026-11-30T15:00:00Z'), { note: '  ' });
    expect(result.ok && result.value.actions[0]).toEqual({
      Id: 'pa1',
      Status__c: 'Skipped',
      Completed_At__c: at('2026-11-30T15:00:00Z'),
      Reason__c: 'REP_SKIPPED',
      Reason_Detail__c: null
    });
  });
});

describe('failAction', () => {
  it('fails a claimed action with its reason and advances', () => {
    const snap = snapshot('Active', [
      action(1, 'In_Progress', '2026-11-30T09:00:00Z', 0, 'Days'),
      action(2, 'Upcoming', null, 1, 'Hours')
    ]);
    expect(
      failAction(snap, 'pa1', at('2026-11-30T10:00:00Z'), {
        reason: 'SEND_FAILED',
        detail: 'INVALID_EMAIL_ADDRESS: bad@'
      })
    ).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: 2 },
        actions: [
          {
            Id: 'pa1',
            Status__c: 'Failed',
            Completed_At__c: at('2026-11-30T10:00:00Z'),
            Reason__c: 'SEND_FAILED',
            Reason_Detail__c: 'INVALID_EMAIL_ADDRESS: bad@'
          },
          { Id: 'pa2', Due_At__c: at('2026-11-30T11:00:00Z') }
        ]
      }
    });
  });
});

describe('deferAction', () => {
  it('defers the current action to a date, and the participant moves on now', () => {
    // Deferred on Monday 30 November 15:00Z to Tuesday 8 December 14:00Z.
    expect(
      deferAction(running(), 'pa1', at('2026-12-08T14:00:00Z'), at('2026-11-30T15:00:00Z'), {
        note: 'On holiday'
      })
    ).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Current_Step__c: 2 },
        actions: [
          {
            Id: 'pa1',
            Status__c: 'Deferred',
            Deferred_Until__c: at('2026-12-08T14:00:00Z'),
            Due_At__c: at('2026-12-08T14:00:00Z'),
            Reason__c: 'REP_DEFERRED',
            Reason_Detail__c: 'On holiday'
          },
          { Id: 'pa2', Due_At__c: at('2026-12-01T15:00:00Z') },
          { Id: 'pa3', Due_At__c: at('2026-12-01T17:00:00Z') }
        ]
      }
    });
  });

  it('defers a deferred action again without touching the others', () => {
    const snap = snapshot(
      'Active',
      [
        action(1, 'Deferred', '2026-12-08T14:00:00Z', 0, 'Days'),
        action(2, 'Due', '2026-12-01T09:00:00Z', 1, 'Days')
      ],
      { Current_Step__c: 2 }
    );
    const result = deferAction(snap, 'pa1', at('2026-12-15T14:00:00Z'), at('2026-12-08T15:00:00Z'));
    expect(result.ok && result.value).toEqual({
      participant: null,
      actions: [
        {
          Id: 'pa1',
          Status__c: 'Deferred',
          Deferred_Until__c: at('2026-12-15T14:00:00Z'),
          Due_At__c: at('2026-12-15T14:00:00Z'),
          Reason__c: 'REP_DEFERRED',
          Reason_Detail__c: null
        }
      ]
    });
  });

  it.each([
    ['2026-11-30T15:00:00Z', 'IN_THE_PAST'],
    ['2026-11-29T15:00:00Z', 'IN_THE_PAST'],
    ['nonsense', 'INVALID_INSTANT']
  ])('refuses to defer to %s (%s)', (until, code) => {
    expect(deferAction(running(), 'pa1', new Date(until), at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code, path: 'Requested_Until__c' })
    });
  });
});

describe('rescheduleAction', () => {
  it('moves the current action, keeps it current (off Engage until then) and re-projects the rest', () => {
    expect(
      rescheduleAction(running(), 'pa1', at('2026-12-03T14:00:00Z'), at('2026-11-30T15:00:00Z'))
    ).toEqual({
      ok: true,
      value: {
        participant: null,
        actions: [
          { Id: 'pa1', Due_At__c: at('2026-12-03T14:00:00Z'), Status__c: 'Upcoming' }, // Thursday
          { Id: 'pa2', Due_At__c: at('2026-12-04T14:00:00Z') },
          { Id: 'pa3', Due_At__c: at('2026-12-04T16:00:00Z') }
        ]
      }
    });
  });

  it('refuses to reschedule an action that is not current', () => {
    expect(
      rescheduleAction(running(), 'pa2', at('2026-12-03T14:00:00Z'), at('2026-11-30T15:00:00Z'))
    ).toEqual({
      ok: false,
      error: {
        code: 'NOT_CURRENT',
        message: 'Only the current action can be rescheduled; pa2 is step 2, the current step is 1',
        path: 'Id'
      }
    });
  });

  it.each([
    ['pa1', '2026-11-29T14:00:00Z', 'Active', 'IN_THE_PAST'],
    ['pa1', 'nonsense', 'Active', 'INVALID_INSTANT'],
    ['pa9', '2026-12-03T14:00:00Z', 'Active', 'NOT_FOUND'],
    ['pa1', '2026-12-03T14:00:00Z', 'Exited', 'PARTICIPANT_NOT_ACTIVE']
  ] as const)('refuses %s to %s while %s with %s', (id, until, status, code) => {
    const snap = { ...running(), participant: { Id: 'p1', Status__c: status } };
    expect(rescheduleAction(snap, id, new Date(until), at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code })
    });
  });

  it('refuses to reschedule a completed action, naming the state and event', () => {
    const snap = snapshot('Active', [
      action(1, 'Completed', null, 0, 'Days'),
      action(2, 'Due', null, 0, 'Days')
    ]);
    expect(rescheduleAction(snap, 'pa1', at('2026-12-03T14:00:00Z'), at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ILLEGAL_TRANSITION', state: 'Completed', event: 'reschedule' })
    });
  });

  it('passes on a timing error of a later action', () => {
    const snap = snapshot('Active', [
      action(1, 'Due', null, 0, 'Days'),
      { ...action(2, 'Upcoming', null, 0, 'Days'), timing: { Timing__c: 'Soon' as TimingMode } }
    ]);
    expect(rescheduleAction(snap, 'pa1', at('2026-12-03T14:00:00Z'), at('2026-11-30T15:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_TIMING' })
    });
  });
});

describe('pauseParticipant and resumeParticipant', () => {
  it('pauses an active participant', () => {
    expect(pauseParticipant(running(), at('2026-11-30T10:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Status__c: 'Paused', Paused_At__c: at('2026-11-30T10:00:00Z') },
        actions: []
      }
    });
  });

  it('refuses to pause a queued participant', () => {
    expect(pauseParticipant(snapshot('Queued', []), at('2026-11-30T10:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ILLEGAL_TRANSITION', state: 'Queued', event: 'pause' })
    });
  });

  it('keeps the wait the current action had left when it resumes', () => {
    // Paused Monday 30 Nov 10:00Z with step 2 due Wednesday 2 Dec 10:00Z (2 days left); resumed Friday 4 Dec 10:00Z.
    const paused = snapshot(
      'Paused',
      [
        action(1, 'Completed', null, 0, 'Days'),
        action(2, 'Upcoming', '2026-12-02T10:00:00Z', 2, 'Days'),
        action(3, 'Upcoming', '2026-12-02T12:00:00Z', 2, 'Hours')
      ],
      { Paused_At__c: at('2026-11-30T10:00:00Z'), Current_Step__c: 2 }
    );
    expect(resumeParticipant(paused, at('2026-12-04T10:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Status__c: 'Active', Paused_At__c: null },
        actions: [
          { Id: 'pa2', Due_At__c: at('2026-12-06T10:00:00Z') }, // Sunday
          { Id: 'pa3', Due_At__c: at('2026-12-06T12:00:00Z') }
        ]
      }
    });
  });

  it('snaps the resumed due time to business hours', () => {
    const paused = snapshot(
      'Paused',
      [action(2, 'Upcoming', '2026-12-02T15:00:00Z', 2, 'Days', 'Business Hours (Weekday)')],
      {
        Paused_At__c: at('2026-11-30T15:00:00Z'),
        Current_Step__c: 2
      }
    );
    // 2 days left; resumed Thursday 3 Dec 15:00Z → Saturday 5 Dec 10:00 EST → Monday 7 Dec 09:00 EST.
    const result = resumeParticipant(paused, at('2026-12-03T15:00:00Z'));
    expect(result.ok && result.value.actions).toEqual([{ Id: 'pa2', Due_At__c: at('2026-12-07T14:00:00Z') }]);
  });

  it('leaves a due current action due and projects the later ones from the resume instant', () => {
    const paused = {
      ...running(),
      participant: { Id: 'p1', Status__c: 'Paused' as const, Paused_At__c: at('2026-11-30T10:00:00Z') }
    };
    expect(resumeParticipant(paused, at('2026-12-04T10:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Status__c: 'Active', Paused_At__c: null },
        actions: [
          { Id: 'pa2', Due_At__c: at('2026-12-05T10:00:00Z') },
          { Id: 'pa3', Due_At__c: at('2026-12-05T12:00:00Z') }
        ]
      }
    });
  });

  it('dates an undated current action from the resume instant, and treats a missing pause time as now', () => {
    const paused = snapshot('Paused', [action(1, 'Upcoming', null, 3, 'Hours')]);
    expect(resumeParticipant(paused, at('2026-12-04T10:00:00Z'))).toEqual({
      ok: true,
      value: {
        participant: { Id: 'p1', Status__c: 'Active', Paused_At__c: null },
        actions: [{ Id: 'pa1', Due_At__c: at('2026-12-04T13:00:00Z') }]
      }
    });
    const dated = snapshot('Paused', [action(1, 'Upcoming', '2026-12-04T12:00:00Z', 3, 'Hours')]);
    // No pause time: the 2 hours left are counted from now, which is the due time it already has — nothing to write.
    const result = resumeParticipant(dated, at('2026-12-04T10:00:00Z'));
    expect(result.ok && result.value.actions).toEqual([]);
  });

  it('resumes a participant with nothing current', () => {
    expect(
      resumeParticipant(
        snapshot('Paused', [action(1, 'Deferred', '2026-12-20T10:00:00Z', 0, 'Days')]),
        at('2026-12-04T10:00:00Z')
      )
    ).toEqual({
      ok: true,
      value: { participant: { Id: 'p1', Status__c: 'Active', Paused_At__c: null }, actions: [] }
    });
  });

  it('refuses to resume an active participant', () => {
    expect(resumeParticipant(running(), at('2026-12-04T10:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ILLEGAL_TRANSITION', state: 'Active', event: 'resume' })
    });
  });

  it.each([
    [
      { Delay_Amount__c: 1, Delay_Unit__c: 'Hours' as const, Timing__c: 'Business Hours (Weekday)' as const },
      'Upcoming',
      'NO_BUSINESS_HOURS'
    ],
    [{ Delay_Amount__c: -1 }, 'Due', 'INVALID_DELAY']
  ] as const)('passes on timing errors (%j on a %s current action)', (timing, status, code) => {
    const paused = snapshot('Paused', [
      { ...action(1, status, '2026-12-02T10:00:00Z', 0, 'Days'), timing, calendar: null },
      { ...action(2, 'Upcoming', null, 0, 'Days'), timing }
    ]);
    expect(resumeParticipant(paused, at('2026-12-04T10:00:00Z'))).toEqual({
      ok: false,
      error: expect.objectContaining({ code })
    });
  });
});

describe('exitParticipant', () => {
  it('exits with type and reason, cancels open actions and frees the person', () => {
    const snap = snapshot('Active', [
      action(1, 'Completed', null, 0, 'Days'),
      action(2, 'Deferred', '2026-12-10T10:00:00Z', 0, 'Days'),
      action(3, 'Due', '2026-12-01T10:00:00Z', 0, 'Days'),
      action(4, 'Upcoming', null, 0, 'Days')
    ]);
    expect(
      exitParticipant(snap, at('2026-12-01T15:00:00Z'), { type: 'Automatic', reason: 'LEAD_CONVERTED' })
    ).toEqual({
      ok: true,
      value: {
        participant: {
          Id: 'p1',
          Status__c: 'Exited',
          Exit_Type__c: 'Automatic',
          Exit_Reason__c: 'LEAD_CONVERTED',
          Completed_At__c: at('2026-12-01T15:00:00Z'),
          Current_Step__c: null,
          Person_Key__c: null
        },
        actions: [
          { Id: 'pa2', Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' },
          { Id: 'pa3', Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' },
          { Id: 'pa4', Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' }
        ]
      }
    });
  });

  it('exits a queued participant', () => {
    const result = exitParticipant(
      snapshot('Queued', [action(1, 'Upcoming', null, 0, 'Days')]),
      at('2026-12-01T15:00:00Z'),
      { type: 'Manual', reason: 'Asked to stop' }
    );
    expect(result.ok && [result.value.participant?.Status__c, result.value.actions.length]).toEqual([
      'Exited',
      1
    ]);
  });

  it.each([
    [{ type: 'Sometimes', reason: 'x' }, 'INVALID_EXIT_TYPE'],
    [{ type: 'Manual', reason: ' ' }, 'MISSING_EXIT_REASON']
  ])('rejects %j with %s', (exit, code) => {
    expect(
      exitParticipant(running(), at('2026-12-01T15:00:00Z'), exit as { type: 'Manual'; reason: string })
    ).toEqual({ ok: false, error: expect.objectContaining({ code }) });
  });

  it('refuses to exit a completed participant, naming the state and event', () => {
    expect(
      exitParticipant(snapshot('Completed', []), at('2026-12-01T15:00:00Z'), { type: 'Manual', reason: 'x' })
    ).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ILLEGAL_TRANSITION', state: 'Completed', event: 'exit' })
    });
  });
});

describe('applyRequestedOutcome', () => {
  const now = at('2026-11-30T15:00:00Z');

  it.each([
    [{ actionId: 'pa1', outcome: 'Complete' }, 'Completed'],
    [{ actionId: 'pa1', outcome: 'Skip', note: 'Not interested' }, 'Skipped'],
    [{ actionId: 'pa1', outcome: 'Defer', until: at('2026-12-08T14:00:00Z') }, 'Deferred'],
    [{ actionId: 'pa1', outcome: 'Reschedule', until: at('2026-12-08T14:00:00Z') }, 'Upcoming']
  ] as const)('applies %j', (request, status) => {
    const result = applyRequestedOutcome(running(), request, now);
    expect(result.ok && result.value.actions.find((patch) => patch.Id === 'pa1')?.Status__c).toBe(status);
  });

  it('passes the skip note through as the reason detail', () => {
    const result = applyRequestedOutcome(
      running(),
      { actionId: 'pa1', outcome: 'Skip', note: 'Not interested' },
      now
    );
    expect(result.ok && result.value.actions[0].Reason_Detail__c).toBe('Not interested');
  });

  it('refuses Send, which goes through the claim-and-send path', () => {
    expect(applyRequestedOutcome(running(), { actionId: 'pa1', outcome: 'Send' as 'Complete' }, now)).toEqual(
      {
        ok: false,
        error: {
          code: 'UNSUPPORTED_OUTCOME',
          message: 'Requested_Outcome__c: "Send" is not one of Complete, Skip, Defer, Reschedule',
          path: 'Requested_Outcome__c'
        }
      }
    );
  });
});
