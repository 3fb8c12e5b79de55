import {
  isAway,
  mayActOnBehalf,
  planCover,
  planHold,
  validateAbsence,
  type Absence,
  type OpenAction
} from '../away';

const REP = '005000000000001AAA';
const COVER = '005000000000002AAA';
// Christmas week off, in UTC; the return is Monday 28 December at 08:00.
const absence: Absence = {
  userId: REP,
  from: new Date('2026-12-21T08:00:00Z'),
  until: new Date('2026-12-28T08:00:00Z')
};
const during = new Date('2026-12-24T10:00:00Z');
const after = new Date('2026-12-28T09:00:00Z');

function action(id: string, overrides: Partial<OpenAction> = {}): OpenAction {
  return { id, ownerId: REP, dueAt: new Date('2026-12-22T09:00:00Z'), policy: 'Cover', ...overrides };
}

describe('validateAbsence', () => {
  it('accepts an absence that ends after it starts', () => {
    expect(validateAbsence(absence)).toEqual({ ok: true, value: absence });
  });

  it('rejects an end before the start and invalid dates, saying where', () => {
    expect(validateAbsence({ ...absence, until: absence.from })).toEqual({
      ok: false,
      error: { code: 'BAD_ABSENCE', message: 'An absence must end after it starts.', path: 'absence.until' }
    });
    expect(validateAbsence({ ...absence, from: new Date('not a date') })).toEqual({
      ok: false,
      error: { code: 'BAD_ABSENCE', message: 'An absence needs a valid start and end.', path: 'absence' }
    });
  });
});

describe('isAway', () => {
  it('is true from the start up to (not including) the return', () => {
    expect(isAway(absence, absence.from)).toBe(true);
    expect(isAway(absence, during)).toBe(true);
    expect(isAway(absence, absence.until)).toBe(false);
    expect(isAway(absence, new Date('2026-12-21T07:59:59Z'))).toBe(false);
    expect(isAway(null, during)).toBe(false);
  });
});

describe('planCover', () => {
  it("moves the absent rep's actions of Cover sequences to the cover user, marked as covering", () => {
    const actions = [action('a1'), action('a2', { policy: 'Hold' }), action('a3', { ownerId: COVER })];
    expect(planCover({ absence, repId: REP, coverUserId: COVER, actions, now: during })).toEqual([
      { actionId: 'a1', ownerId: COVER, coveringFor: REP }
    ]);
  });

  it('gives every covered action back on the return, and when the absence is removed', () => {
    const covered = [action('a1', { ownerId: COVER, coveringFor: REP }), action('a4', { ownerId: COVER })];
    const back = [{ actionId: 'a1', ownerId: REP, coveringFor: null }];
    expect(planCover({ absence, repId: REP, coverUserId: COVER, actions: covered, now: after })).toEqual(
      back
    );
    expect(
      planCover({ absence: null, repId: REP, coverUserId: COVER, actions: covered, now: during })
    ).toEqual(back);
  });

  it('moves nothing without a cover user, or when the rep would cover themselves', () => {
    expect(
      planCover({ absence, repId: REP, coverUserId: null, actions: [action('a1')], now: during })
    ).toEqual([]);
    expect(
      planCover({ absence, repId: REP, coverUserId: REP, actions: [action('a1')], now: during })
    ).toEqual([]);
  });
});

describe('planHold', () => {
  it('re-spaces held actions due during the absence from the return, perDay a day, in their order', () => {
    const actions = [
      action('late', { policy: 'Hold', dueAt: new Date('2026-12-26T09:00:00Z') }),
      action('early', { policy: 'Hold', dueAt: new Date('2026-12-21T09:00:00Z') }),
      action('overdue', { policy: 'Hold', dueAt: new Date('2026-12-18T09:00:00Z') }),
      action('afterReturn', { policy: 'Hold', dueAt: new Date('2026-12-29T09:00:00Z') }),
      action('covered', { policy: 'Cover' }),
      action('someoneElse', { policy: 'Hold', ownerId: COVER }),
      action('undated', { policy: 'Hold', dueAt: null })
    ];
    expect(planHold({ absence, actions, perDay: 2 })).toEqual([
      { actionId: 'overdue', dueAt: new Date('2026-12-28T08:00:00Z') },
      { actionId: 'early', dueAt: new Date('2026-12-28T08:00:00Z') },
      { actionId: 'late', dueAt: new Date('2026-12-29T08:00:00Z') }
    ]);
  });

  it('paces 45 held actions at the default 20 a day over three days', () => {
    const actions = Array.from({ length: 45 }, (_, i) =>
      action(`a${String(i).padStart(2, '0')}`, {
        policy: 'Hold',
        dueAt: new Date(Date.UTC(2026, 11, 22, 9, i))
      })
    );
    const days = planHold({ absence, actions }).map(({ dueAt }) => dueAt.toISOString().slice(0, 10));
    expect(days.filter((day) => day === '2026-12-28')).toHaveLength(20);
    expect(days.filter((day) => day === '2026-12-29')).toHaveLength(20);
    expect(days.filter((day) => day === '2026-12-30')).toHaveLength(5);
  });
});

describe('mayActOnBehalf', () => {
  it('sends automatic messages for an absent rep only when the sequence allows it', () => {
    expect(mayActOnBehalf(absence, false, during)).toBe(false);
    expect(mayActOnBehalf(absence, true, during)).toBe(true);
    expect(mayActOnBehalf(absence, false, after)).toBe(true);
    expect(mayActOnBehalf(null, false, during)).toBe(true);
  });
});
