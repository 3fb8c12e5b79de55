import fc from 'fast-check';
import type { DelayUnit, TimingMode } from '../constants';
import { redateFollowing, rescheduleDue, type ScheduledAction } from '../schedule';
import type { BusinessCalendar } from '../timing/businessHours';
import { nineToFiveCalendar } from './fixtures/businessHours';

const berlin: BusinessCalendar = nineToFiveCalendar('Europe/Berlin');

function step(
  n: number,
  status: ScheduledAction['Status__c'],
  amount: number,
  unit: DelayUnit,
  timing: TimingMode = 'Immediate (Any Day)',
  due: string | null = null
): ScheduledAction {
  return {
    Id: `pa${n}`,
    Step_Number__c: n,
    Status__c: status,
    Due_At__c: due ? new Date(due) : null,
    timing: { Delay_Amount__c: amount, Delay_Unit__c: unit, Timing__c: timing },
    calendar: berlin
  };
}

describe('redateFollowing', () => {
  it('projects each later action from the one before it, starting at the completion instant', () => {
    const actions = [
      step(1, 'Completed', 0, 'Days'),
      step(2, 'Upcoming', 1, 'Days'),
      step(3, 'Upcoming', 2, 'Hours')
    ];
    // Step 1 completed Tuesday 1 December 10:00Z.
    expect(redateFollowing(actions, 1, new Date('2026-12-01T10:00:00Z'))).toEqual({
      ok: true,
      value: [
        { Id: 'pa2', Due_At__c: new Date('2026-12-02T10:00:00Z') }, // Wednesday
        { Id: 'pa3', Due_At__c: new Date('2026-12-02T12:00:00Z') } // Wednesday
      ]
    });
  });

  it('snaps each projected time to business hours, so later steps shift with it', () => {
    const actions = [
      step(2, 'Upcoming', 4, 'Hours', 'Business Hours (Weekday)'),
      step(3, 'Upcoming', 1, 'Hours', 'Business Hours (Weekday)')
    ];
    // Completed Friday 4 December 15:00 CET (14:00Z) + 4 h = 19:00 → Monday 09:00 CET; + 1 h = Monday 10:00.
    expect(redateFollowing(actions, 1, new Date('2026-12-04T14:00:00Z'))).toEqual({
      ok: true,
      value: [
        { Id: 'pa2', Due_At__c: new Date('2026-12-07T08:00:00Z') },
        { Id: 'pa3', Due_At__c: new Date('2026-12-07T09:00:00Z') }
      ]
    });
  });

  it('reads windows in the recipient’s zone when asked', () => {
    const actions = [step(2, 'Upcoming', 0, 'Hours', 'Business Hours (Weekday)')];
    // Monday 7 December 08:00Z is 09:00 in Berlin (open) but 03:00 in New York → 09:00 EST = 14:00Z.
    expect(
      redateFollowing(actions, 1, new Date('2026-12-07T08:00:00Z'), { recipientTimeZone: 'America/New_York' })
    ).toEqual({
      ok: true,
      value: [{ Id: 'pa2', Due_At__c: new Date('2026-12-07T14:00:00Z') }]
    });
  });

  it('leaves out actions whose due time does not change, and actions that are not Upcoming', () => {
    const actions = [
      step(2, 'Upcoming', 1, 'Days', 'Immediate (Any Day)', '2026-12-02T10:00:00Z'),
      step(3, 'Deferred', 1, 'Days', 'Immediate (Any Day)', '2026-12-20T10:00:00Z'),
      step(4, 'Upcoming', 1, 'Days')
    ];
    expect(redateFollowing(actions, 1, new Date('2026-12-01T10:00:00Z'))).toEqual({
      ok: true,
      value: [{ Id: 'pa4', Due_At__c: new Date('2026-12-03T10:00:00Z') }]
    });
  });

  it('says which step has bad timing', () => {
    const actions = [step(2, 'Upcoming', 1, 'Days'), step(3, 'Upcoming', -2, 'Days')];
    expect(redateFollowing(actions, 1, new Date('2026-12-01T10:00:00Z'))).toEqual({
      ok: false,
      error: {
        code: 'INVALID_DELAY',
        message: 'Step 3 (pa3): Delay_Amount__c: expected a whole number ≥ 0, got -2',
        path: 'Delay_Amount__c'
      }
    });
  });

  it('does not mutate the actions', () => {
    const actions = [step(2, 'Upcoming', 1, 'Days')];
    redateFollowing(actions, 1, new Date('2026-12-01T10:00:00Z'));
    expect(actions[0].Due_At__c).toBeNull();
  });
});

describe('rescheduleDue', () => {
  const actions = [
    step(2, 'Due', 1, 'Days', 'Immediate (Any Day)', '2026-12-02T10:00:00Z'),
    step(3, 'Upcoming', 2, 'Hours')
  ];
  const now = new Date('2026-12-02T11:00:00Z'); // Wednesday

  it('moves the action and re-projects the ones after it', () => {
    expect(rescheduleDue(actions, 'pa2', new Date('2026-12-04T15:00:00Z'), now)).toEqual({
      ok: true,
      value: [
        { Id: 'pa2', Due_At__c: new Date('2026-12-04T15:00:00Z') }, // Friday
        { Id: 'pa3', Due_At__c: new Date('2026-12-04T17:00:00Z') }
      ]
    });
  });

  it.each([
    ['pa9', '2026-12-04T15:00:00Z', 'NOT_FOUND'],
    ['pa2', 'not a date', 'INVALID_INSTANT'],
    ['pa2', '2026-12-01T15:00:00Z', 'IN_THE_PAST']
  ])('rejects %s to %s with %s', (id, until, code) => {
    expect(rescheduleDue(actions, id, new Date(until), now)).toEqual({
      ok: false,
      error: expect.objectContaining({ code })
    });
  });

  it('passes on a bad timing of a later step', () => {
    const bad = [step(2, 'Due', 1, 'Days'), step(3, 'Upcoming', 1, 'Weeks' as DelayUnit)];
    expect(rescheduleDue(bad, 'pa2', new Date('2026-12-04T15:00:00Z'), now)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_DELAY_UNIT' })
    });
  });
});

describe('re-dating properties', () => {
  const actionArb = fc.tuple(
    fc.integer({ min: 0, max: 200 }),
    fc.constantFrom<DelayUnit>('Minutes', 'Hours', 'Days'),
    fc.constantFrom<TimingMode>('Immediate (Any Day)', 'Business Hours (Weekday)', 'Business Hours (Any Day)')
  );
  const chainArb = fc
    .array(actionArb, { minLength: 1, maxLength: 6 })
    .map((specs) =>
      specs.map(([amount, unit, timing], index) => step(index + 2, 'Upcoming', amount, unit, timing))
    );
  const instantArb = fc.integer({
    min: Date.parse('2026-01-01T00:00:00Z'),
    max: Date.parse('2027-12-31T00:00:00Z')
  });

  it('dates a chain in step order, never before the completion instant', () => {
    fc.assert(
      fc.property(chainArb, instantArb, (chain, completedAt) => {
        const patches = redateFollowing(chain, 1, new Date(completedAt));
        if (!patches.ok) throw new Error(patches.error.message);
        let previous = completedAt;
        for (const patch of patches.value) {
          expect(patch.Due_At__c.getTime()).toBeGreaterThanOrEqual(previous);
          previous = patch.Due_At__c.getTime();
        }
        expect(patches.value.map((patch) => patch.Id)).toEqual(chain.map((action) => action.Id));
      }),
      { numRuns: 150 }
    );
  });

  it('a later completion never dates any later action earlier (monotonic)', () => {
    fc.assert(
      fc.property(
        chainArb,
        instantArb,
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (chain, completedAt, lateness) => {
          const early = redateFollowing(chain, 1, new Date(completedAt));
          const late = redateFollowing(chain, 1, new Date(completedAt + lateness));
          if (!early.ok || !late.ok) throw new Error('unexpected error');
          early.value.forEach((patch, index) =>
            expect(late.value[index].Due_At__c.getTime()).toBeGreaterThanOrEqual(patch.Due_At__c.getTime())
          );
        }
      ),
      { numRuns: 150 }
    );
  });
});
