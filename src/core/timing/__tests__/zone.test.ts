import {
  dateOfDayNumber,
  dayNumberOf,
  fromLocal,
  isValidTimeZone,
  localDayBounds,
  offsetMinutes,
  parseInstant,
  toLocal,
  weekdayOf
} from '../zone';

const iso = (epoch: number): string => new Date(epoch).toISOString();

describe('isValidTimeZone', () => {
  it.each([
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['Australia/Sydney', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['GMT', true],
    ['Mars/Olympus', false],
    ['', false],
    ['   ', false],
    [undefined, false],
    [42, false]
  ])('says %p is valid: %p', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});

describe('toLocal', () => {
  it('reads Sunday 03:30 EDT just after the New York spring-forward gap', () => {
    expect(toLocal('America/New_York', Date.parse('2026-03-08T07:30:00Z'))).toEqual({
      year: 2026,
      month: 3,
      day: 8,
      hour: 3,
      minute: 30,
      second: 0,
      dayNumber: 20520,
      minuteOfDay: 210,
      weekday: 7
    });
  });

  it('reads midnight as hour 0 (Tuesday 1 December 2026 in Kolkata)', () => {
    const local = toLocal('Asia/Kolkata', Date.parse('2026-11-30T18:30:00Z'));
    expect([local.year, local.month, local.day, local.hour, local.minute, local.weekday]).toEqual([2026, 12, 1, 0, 0, 2]);
  });
});

describe('offsetMinutes', () => {
  it.each([
    ['Asia/Kolkata', '2026-01-15T00:00:00Z', 330],
    ['Asia/Kolkata', '2026-07-15T00:00:00Z', 330],
    ['Europe/Berlin', '2026-01-15T00:00:00Z', 60],
    ['Europe/Berlin', '2026-07-01T00:00:00Z', 120],
    ['America/New_York', '2026-01-15T00:00:00Z', -300],
    ['America/New_York', '2026-07-15T00:00:00Z', -240],
    ['Australia/Sydney', '2026-01-15T00:00:00Z', 660],
    ['Australia/Sydney', '2026-07-15T00:00:00Z', 600]
  ])('%s at %s is %i minutes', (zone, instant, expected) => {
    expect(offsetMinutes(zone, Date.parse(instant))).toBe(expected);
  });
});

describe('fromLocal', () => {
  it.each([
    // [zone, local date, local time, expected instant, why]
    ['America/New_York', [2026, 3, 8], '02:30', '2026-03-08T07:00:00.000Z', 'Sunday 02:30 does not exist: 03:00 EDT'],
    ['America/New_York', [2026, 3, 8], '01:59', '2026-03-08T06:59:00.000Z', 'Sunday 01:59 EST, just before the gap'],
    ['America/New_York', [2026, 3, 8], '03:00', '2026-03-08T07:00:00.000Z', 'Sunday 03:00 EDT, the first instant after the gap'],
    ['America/New_York', [2026, 11, 1], '01:30', '2026-11-01T05:30:00.000Z', 'Sunday 01:30 happens twice: the first (EDT)'],
    ['America/New_York', [2026, 11, 1], '02:00', '2026-11-01T07:00:00.000Z', 'Sunday 02:00 EST after the overlap'],
    ['Europe/Berlin', [2026, 3, 29], '02:30', '2026-03-29T01:00:00.000Z', 'Sunday 02:30 does not exist: 03:00 CEST'],
    ['Europe/Berlin', [2026, 10, 25], '02:30', '2026-10-25T00:30:00.000Z', 'Sunday 02:30 happens twice: the first (CEST)'],
    ['Australia/Sydney', [2026, 10, 4], '02:30', '2026-10-03T16:00:00.000Z', 'Sunday 02:30 does not exist: 03:00 AEDT'],
    ['Australia/Sydney', [2026, 4, 5], '02:30', '2026-04-04T15:30:00.000Z', 'Sunday 02:30 happens twice: the first (AEDT)'],
    ['Asia/Kolkata', [2026, 3, 8], '02:30', '2026-03-07T21:00:00.000Z', 'Sunday 02:30 IST, no DST'],
    ['America/New_York', [2026, 11, 30], '24:00', '2026-12-01T05:00:00.000Z', 'Monday 24:00 is Tuesday midnight']
  ])('%s %j %s → %s (%s)', (zone, [year, month, day], time, expected) => {
    const [hours, minutes] = (time as string).split(':').map(Number);
    expect(iso(fromLocal(zone as string, dayNumberOf(year, month, day), hours * 60 + minutes))).toBe(expected);
  });
});

describe('day numbers', () => {
  it('counts days from Thursday 1 January 1970', () => {
    expect(dayNumberOf(1970, 1, 1)).toBe(0);
    expect(dayNumberOf(1970, 1, 2)).toBe(1);
    expect(dayNumberOf(1969, 12, 31)).toBe(-1);
  });

  it.each([
    [[1970, 1, 1], 4, 'Thursday'],
    [[1969, 12, 29], 1, 'Monday'],
    [[2026, 11, 29], 7, 'Sunday'],
    [[2026, 11, 30], 1, 'Monday'],
    [[2026, 12, 5], 6, 'Saturday']
  ])('%j has ISO weekday %i (%s)', ([year, month, day], expected) => {
    expect(weekdayOf(dayNumberOf(year, month, day))).toBe(expected);
  });

  it('turns a day number back into its date', () => {
    expect(dateOfDayNumber(20520)).toEqual({ year: 2026, month: 3, day: 8 });
    expect(dateOfDayNumber(dayNumberOf(2028, 2, 29))).toEqual({ year: 2028, month: 2, day: 29 });
  });
});

describe('localDayBounds', () => {
  it('gives a 23-hour Sunday on the Berlin spring-forward day', () => {
    expect(localDayBounds('Europe/Berlin', new Date('2026-03-29T12:00:00Z'))).toEqual({
      start: new Date('2026-03-28T23:00:00.000Z'),
      end: new Date('2026-03-29T22:00:00.000Z')
    });
  });

  it('gives a 25-hour Sunday on the New York fall-back day', () => {
    expect(localDayBounds('America/New_York', new Date('2026-11-01T12:00:00Z'))).toEqual({
      start: new Date('2026-11-01T04:00:00.000Z'),
      end: new Date('2026-11-02T05:00:00.000Z')
    });
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-11-30T14:00:00.000+0000', '2026-11-30T14:00:00.000Z'],
    ['2026-11-30T09:00:00.000-0500', '2026-11-30T14:00:00.000Z'],
    ['2026-11-30T14:00:00Z', '2026-11-30T14:00:00.000Z'],
    ['2026-11-30T19:30:00+05:30', '2026-11-30T14:00:00.000Z']
  ])('reads %s as %s', (text, expected) => {
    expect(parseInstant(text)?.toISOString()).toBe(expected);
  });

  it('accepts a Date and an epoch number', () => {
    expect(parseInstant(new Date('2026-11-30T14:00:00Z'))?.toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(parseInstant(0)?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it.each([['next Tuesday'], ['2026-11-30'], ['2026-13-45T99:00:00Z'], [new Date(Number.NaN)], [null], [undefined], [Number.POSITIVE_INFINITY]])(
    'returns null for %p',
    (value) => {
      expect(parseInstant(value)).toBeNull();
    }
  );
});
