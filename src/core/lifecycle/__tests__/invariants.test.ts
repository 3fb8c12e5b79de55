import fc from 'fast-check';
import type { DelayUnit, ParticipantStatus, TimingMode } from '../../constants';
import type { CoreError, Result } from '../../result';
import { nineToFiveCalendar } from '../../__tests__/fixtures/businessHours';
import {
  actionStatusPatch,
  admitParticipant,
  completeAction,
  deferAction,
  exitParticipant,
  failAction,
  makeCurrentActionDue,
  pauseParticipant,
  rescheduleAction,
  resumeParticipant,
  skipAction,
  type LifecyclePlan,
  type ParticipantActionRecord,
  type ParticipantSnapshot
} from '../operations';
import { CHAIN_ACTION_STATUSES, OPEN_ACTION_STATUSES } from '../states';

// Model-based test: random sequences of operations on one participant, with the plans applied as the
// companion would write them, must keep the lifecycle invariants of docs/architecture.md §3 after every step.

const calendar = nineToFiveCalendar('Europe/Berlin', ['Monday', 'Wednesday', 'Friday']);

interface State {
  snapshot: ParticipantSnapshot;
  personKey: string | null;
  now: number;
}

function apply(state: State, plan: LifecyclePlan): State {
  const patches = new Map(plan.actions.map((patch) => [patch.Id, patch]));
  const actions = state.snapshot.actions.map(
    (action) => ({ ...action, ...patches.get(action.Id) }) as ParticipantActionRecord
  );
  const { Person_Key__c: personKey, ...participantFields } = plan.participant ?? {
    Id: state.snapshot.participant.Id
  };
  const participant = { ...state.snapshot.participant, ...participantFields };
  return {
    ...state,
    snapshot: { ...state.snapshot, participant, actions },
    personKey: personKey === null ? null : state.personKey
  };
}

type Operation = { name: string; run: (state: State) => Result<LifecyclePlan, CoreError> | LifecyclePlan };

/** Mostly the current action (what reps and the companion act on), sometimes a deferred or any other one. */
const pick = (state: State, seed: number): string => {
  const actions = state.snapshot.actions;
  const current = [...actions]
    .filter((action) => CHAIN_ACTION_STATUSES.includes(action.Status__c))
    .sort((a, b) => a.Step_Number__c - b.Step_Number__c)[0];
  const deferred = actions.find((action) => action.Status__c === 'Deferred');
  if (seed % 10 < 6 && current) return current.Id;
  if (seed % 10 < 8 && deferred) return deferred.Id;
  return actions[seed % actions.length].Id;
};

const exit: Operation = {
  name: 'exit',
  run: (s) => exitParticipant(s.snapshot, new Date(s.now), { type: 'Manual', reason: 'test' })
};
const operationArb: fc.Arbitrary<[Operation, number]> = fc.tuple(
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(exit) },
    {
      weight: 30,
      arbitrary: fc.constantFrom<Operation>(
        { name: 'admit', run: (s) => admitParticipant(s.snapshot, new Date(s.now)) },
        { name: 'complete', run: (s) => completeAction(s.snapshot, pick(s, s.now), new Date(s.now)) },
        { name: 'skip', run: (s) => skipAction(s.snapshot, pick(s, s.now), new Date(s.now)) },
        {
          name: 'fail',
          run: (s) => failAction(s.snapshot, pick(s, s.now), new Date(s.now), { reason: 'SEND_FAILED' })
        },
        {
          name: 'defer',
          run: (s) =>
            deferAction(s.snapshot, pick(s, s.now), new Date(s.now + 3 * 86_400_000), new Date(s.now))
        },
        {
          name: 'reschedule',
          run: (s) =>
            rescheduleAction(s.snapshot, pick(s, s.now), new Date(s.now + 86_400_000), new Date(s.now))
        },
        { name: 'pause', run: (s) => pauseParticipant(s.snapshot, new Date(s.now)) },
        { name: 'resume', run: (s) => resumeParticipant(s.snapshot, new Date(s.now)) },
        ...(['claim', 'release', 'waitForCriteria', 'criteriaMet'] as const).map((event) => ({
          name: event,
          run: (s: State): Result<LifecyclePlan, CoreError> => {
            const target = s.snapshot.actions.find((action) => action.Id === pick(s, s.now))!;
            const patch = actionStatusPatch(target, event);
            return patch.ok ? { ok: true, value: { participant: null, actions: [patch.value] } } : patch;
          }
        }))
      )
    }
  ),
  fc.integer({ min: 1, max: 36 * 3_600_000 })
);

const actionsArb = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom<DelayUnit>('Minutes', 'Hours', 'Days'),
      fc.constantFrom<TimingMode>(
        'Immediate (Any Day)',
        'Business Hours (Weekday)',
        'Business Hours (Any Day)'
      )
    ),
    { minLength: 1, maxLength: 6 }
  )
  .map((specs) =>
    specs.map(([amount, unit, timing], index): ParticipantActionRecord => ({
      Id: `pa${index + 1}`,
      Step_Number__c: index + 1,
      Status__c: 'Upcoming',
      Due_At__c: null,
      timing: { Delay_Amount__c: amount, Delay_Unit__c: unit, Timing__c: timing },
      calendar
    }))
  );

function checkInvariants(state: State): void {
  const { participant, actions } = state.snapshot;
  const open = actions.filter((action) => OPEN_ACTION_STATUSES.includes(action.Status__c));
  const chain = actions
    .filter((action) => CHAIN_ACTION_STATUSES.includes(action.Status__c))
    .sort((a, b) => a.Step_Number__c - b.Step_Number__c);
  const ended: ParticipantStatus[] = ['Completed', 'Exited'];
  if (ended.includes(participant.Status__c)) {
    // An ended enrollment holds nothing open and frees the person.
    expect(open).toEqual([]);
    expect(state.personKey).toBeNull();
    expect(participant.Current_Step__c ?? null).toBeNull();
    return;
  }
  expect(state.personKey).toBe('00Q1');
  if (participant.Status__c === 'Queued') return;
  // An active or paused participant has work left, and its current step is its first chain action.
  expect(open.length).toBeGreaterThan(0);
  expect(participant.Current_Step__c ?? null).toBe(chain[0]?.Step_Number__c ?? null);
  // One current action at a time: only the first chain action may be past Upcoming.
  chain.slice(1).forEach((action) => expect(action.Status__c).toBe('Upcoming'));
  // Projected due times follow step order.
  const dues = chain.map((action) => action.Due_At__c?.getTime());
  dues.forEach((due, index) => {
    expect(due).toEqual(expect.any(Number));
    if (index > 0 && chain[index - 1].Status__c === 'Upcoming')
      expect(due!).toBeGreaterThanOrEqual(dues[index - 1]!);
  });
}

describe('lifecycle invariants', () => {
  it('hold after any sequence of operations, and refusals are error values', () => {
    fc.assert(
      fc.property(actionsArb, fc.array(operationArb, { maxLength: 40 }), (actions, operations) => {
        let state: State = {
          snapshot: { participant: { Id: 'p1', Status__c: 'Queued', Current_Step__c: null }, actions },
          personKey: '00Q1',
          now: Date.parse('2026-11-30T08:00:00Z')
        };
        const admitted = admitParticipant(state.snapshot, new Date(state.now));
        if (!admitted.ok) throw new Error(admitted.error.message);
        state = apply(state, admitted.value);
        checkInvariants(state);
        for (const [operation, elapsed] of operations) {
          state = { ...state, now: state.now + elapsed };
          // Each companion pass first makes the current action due when its time has come.
          state = apply(state, makeCurrentActionDue(state.snapshot, new Date(state.now)));
          const outcome = operation.run(state);
          if ('ok' in outcome) {
            if (!outcome.ok) {
              expect(outcome.error.code).toMatch(/^[A-Z_]+$/);
              continue;
            }
            state = apply(state, outcome.value);
          } else state = apply(state, outcome);
          checkInvariants(state);
        }
      }),
      { numRuns: 300 }
    );
  });
});
