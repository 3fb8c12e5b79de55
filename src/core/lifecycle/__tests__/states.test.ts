import {
  BOUNCEABLE_CONVERSATION_STATUSES,
  CONVERSATION_STATUSES,
  LIFECYCLE_REQUESTED_OUTCOMES,
  PARTICIPANT_ACTION_STATUSES,
  PARTICIPANT_STATUSES,
  PROVISIONAL_CONVERSATION_STATUSES,
  REQUESTED_OUTCOMES,
  type ParticipantActionStatus,
  type ParticipantStatus
} from '../../constants';
import {
  actionTransition,
  ADMITTED_PARTICIPANT_STATUSES,
  CHAIN_ACTION_STATUSES,
  DUE_ACTION_STATUSES,
  ENDED_PARTICIPANT_STATUSES,
  ENGAGE_ACTION_STATUSES,
  OPEN_ACTION_STATUSES,
  OPEN_PARTICIPANT_STATUSES,
  UNCLAIMED_CHAIN_ACTION_STATUSES,
  UNCLAIMED_OPEN_ACTION_STATUSES,
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

describe('named status sets', () => {
  const sorted = (values: readonly string[]) => [...values].sort();
  const without = <T extends string>(values: readonly T[], ...drop: T[]) =>
    values.filter((v) => !drop.includes(v));

  it('derive from the machines: open is what can still be canceled or exited', () => {
    expect(sorted(OPEN_ACTION_STATUSES)).toEqual(sorted(PARTICIPANT_ACTION_TRANSITIONS.cancel.from));
    expect(sorted(OPEN_PARTICIPANT_STATUSES)).toEqual(sorted(PARTICIPANT_TRANSITIONS.exit.from));
    expect(sorted(ENDED_PARTICIPANT_STATUSES)).toEqual(['Completed', 'Exited']);
    expect(sorted([...OPEN_PARTICIPANT_STATUSES, ...ENDED_PARTICIPANT_STATUSES])).toEqual(
      sorted(PARTICIPANT_STATUSES)
    );
    expect(sorted(ADMITTED_PARTICIPANT_STATUSES)).toEqual(
      sorted(without(OPEN_PARTICIPANT_STATUSES, 'Queued'))
    );
    expect(sorted(ADMITTED_PARTICIPANT_STATUSES)).toEqual(sorted(PARTICIPANT_TRANSITIONS.complete.from));
  });

  it('split the open actions by place in the chain and by claim', () => {
    expect(sorted(CHAIN_ACTION_STATUSES)).toEqual(sorted(without(OPEN_ACTION_STATUSES, 'Deferred')));
    expect(sorted(DUE_ACTION_STATUSES)).toEqual(sorted(without(CHAIN_ACTION_STATUSES, 'Upcoming')));
    expect(sorted(ENGAGE_ACTION_STATUSES)).toEqual(sorted([...DUE_ACTION_STATUSES, 'Deferred']));
    const claimed = PARTICIPANT_ACTION_TRANSITIONS.claim.to;
    expect(sorted(UNCLAIMED_OPEN_ACTION_STATUSES)).toEqual(sorted(without(OPEN_ACTION_STATUSES, claimed)));
    expect(sorted(UNCLAIMED_CHAIN_ACTION_STATUSES)).toEqual(sorted(without(CHAIN_ACTION_STATUSES, claimed)));
    expect(sorted(UNCLAIMED_CHAIN_ACTION_STATUSES)).toEqual(
      sorted(PARTICIPANT_ACTION_TRANSITIONS.reschedule.from)
    );
  });

  it('hold only picklist values', () => {
    expect(without(LIFECYCLE_REQUESTED_OUTCOMES)).toEqual(without(REQUESTED_OUTCOMES, 'Send'));
    for (const value of [...BOUNCEABLE_CONVERSATION_STATUSES, ...PROVISIONAL_CONVERSATION_STATUSES])
      expect(CONVERSATION_STATUSES).toContain(value);
    expect(BOUNCEABLE_CONVERSATION_STATUSES).toEqual(['Sent', 'Delivered', 'Opened']);
    expect(PROVISIONAL_CONVERSATION_STATUSES).toEqual(['Queued', 'Sent']);
  });
});
