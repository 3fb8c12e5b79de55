import {
  PARTICIPANT_ACTION_STATUSES,
  PARTICIPANT_STATUSES,
  type ParticipantActionStatus,
  type ParticipantStatus
} from '../../constants';
import {
  actionTransition,
  participantTransition,
  PARTICIPANT_ACTION_TRANSITIONS,
  PARTICIPANT_TRANSITIONS,
  type ParticipantActionEvent,
  type ParticipantEvent
} from '../states';

// The expected machines, written out by hand: state → event → next state. Every pair not listed is illegal.
const PARTICIPANT: Record<ParticipantStatus, Partial<Record<ParticipantEvent, ParticipantStatus>>> = {
  Queued: { admit: 'Active', exit: 'Exited' },
  Active: { pause: 'Paused', complete: 'Completed', exit: 'Exited' },
  Paused: { resume: 'Active', complete: 'Completed', exit: 'Exited' },
  Completed: {},
  Exited: {}
};

const ACTION: Record<
  ParticipantActionStatus,
  Partial<Record<ParticipantActionEvent, ParticipantActionStatus>>
> = {
  Upcoming: { becomeDue: 'Due', reschedule: 'Upcoming', cancel: 'Canceled' },
  Due: {
    waitForCriteria: 'Waiting_Criteria',
    claim: 'In_Progress',
    complete: 'Completed',
    skip: 'Skipped',
    defer: 'Deferred',
    reschedule: 'Upcoming',
    cancel: 'Canceled'
  },
  Waiting_Criteria: {
    criteriaMet: 'Due',
    skip: 'Skipped',
    defer: 'Deferred',
    reschedule: 'Upcoming',
    cancel: 'Canceled'
  },
  In_Progress: { release: 'Due', complete: 'Completed', fail: 'Failed', cancel: 'Canceled' },
  Deferred: { complete: 'Completed', skip: 'Skipped', defer: 'Deferred', cancel: 'Canceled' },
  Completed: {},
  Skipped: {},
  Failed: {},
  Canceled: {}
};

const participantEvents = Object.keys(PARTICIPANT_TRANSITIONS) as ParticipantEvent[];
const actionEvents = Object.keys(PARTICIPANT_ACTION_TRANSITIONS) as ParticipantActionEvent[];

describe('participantTransition', () => {
  it('knows exactly the participant statuses and these events', () => {
    expect(Object.keys(PARTICIPANT).sort()).toEqual([...PARTICIPANT_STATUSES].sort());
    expect(participantEvents).toEqual(['admit', 'pause', 'resume', 'complete', 'exit']);
  });

  const cases = PARTICIPANT_STATUSES.flatMap((state) =>
    participantEvents.map((event) => [state, event, PARTICIPANT[state][event] ?? null] as const)
  );

  it.each(cases)('%s + %s → %s', (state, event, expected) => {
    const result = participantTransition(state, event);
    if (expected) expect(result).toEqual({ ok: true, value: expected });
    else
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'ILLEGAL_TRANSITION',
          machine: 'participant',
          state,
          event,
          message: `A participant in state '${state}' cannot '${event}' (allowed from: ${PARTICIPANT_TRANSITIONS[event].from.join(', ')})`
        }
      });
  });

  it('names an unknown state and an unknown event', () => {
    expect(participantTransition('Sleeping' as ParticipantStatus, 'pause')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNKNOWN_STATE', state: 'Sleeping', event: 'pause' })
    });
    expect(participantTransition('Active', 'teleport' as ParticipantEvent)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNKNOWN_EVENT', state: 'Active', event: 'teleport' })
    });
  });

  it('does not treat inherited properties as events', () => {
    expect(participantTransition('Active', 'toString' as ParticipantEvent)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNKNOWN_EVENT' })
    });
  });
});

describe('actionTransition', () => {
  it('knows exactly the participant-action statuses', () => {
    expect(Object.keys(ACTION).sort()).toEqual([...PARTICIPANT_ACTION_STATUSES].sort());
  });

  const cases = PARTICIPANT_ACTION_STATUSES.flatMap((state) =>
    actionEvents.map((event) => [state, event, ACTION[state][event] ?? null] as const)
  );

  it.each(cases)('%s + %s → %s', (state, event, expected) => {
    const result = actionTransition(state, event);
    if (expected) expect(result).toEqual({ ok: true, value: expected });
    else
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'ILLEGAL_TRANSITION',
          machine: 'participant action',
          state,
          event,
          message: `A participant action in state '${state}' cannot '${event}' (allowed from: ${PARTICIPANT_ACTION_TRANSITIONS[event].from.join(', ')})`
        }
      });
  });

  it('words the error for people', () => {
    const result = actionTransition('Completed', 'skip');
    expect(!result.ok && result.error.message).toBe(
      "A participant action in state 'Completed' cannot 'skip' (allowed from: Due, Waiting_Criteria, Deferred)"
    );
  });
});
