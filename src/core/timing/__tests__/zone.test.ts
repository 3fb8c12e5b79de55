import fc from 'fast-check';
import {
  dateOfDayNumber,
  dayNumberOf,
  fromLocal,
  isValidTimeZone,
  localDayBounds,
  localPeriodStart,
  parseLocalDate,
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

describe('isValidTimeZone with names only luxon takes', () => {
  it.each([['UTC+3'], ['local'], ['system']])('rejects %p, which Intl does not know', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });

  it('accepts a zone name in any case, as Intl does', () => {
    expect(isValidTimeZone('america/new_york')).toBe(true);
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
    expect([local.year, local.month, local.day, local.hour, local.minute, local.weekday]).toEqual([
      2026, 12, 1, 0, 0, 2
    ]);
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
    [
      'America/New_York',
      [2026, 3, 8],
      '02:30',
      '2026-03-08T07:00:00.000Z',
      'Sunday 02:30 does not exist: 03:00 EDT'
    ],
    [
      'America/New_York',
      [2026, 3, 8],
      '01:59',
      '2026-03-08T06:59:00.000Z',
      'Sunday 01:59 EST, just before the gap'
    ],
    [
      'America/New_York',
      [2026, 3, 8],
      '03:00',
      '2026-03-08T07:00:00.000Z',
      'Sunday 03:00 EDT, the first instant after the gap'
    ],
    [
      'America/New_York',
      [2026, 11, 1],
      '01:30',
      '2026-11-01T05:30:00.000Z',
      'Sunday 01:30 happens twice: the first (EDT)'
    ],
    [
      'America/New_York',
      [2026, 11, 1],
      '02:00',
      '2026-11-01T07:00:00.000Z',
      'Sunday 02:00 EST after the overlap'
    ],
    [
      'Europe/Berlin',
      [2026, 3, 29],
      '02:30',
      '2026-03-29T01:00:00.000Z',
      'Sunday 02:30 does not exist: 03:00 CEST'
    ],
    [
      'Europe/Berlin',
      [2026, 10, 25],
      '02:30',
      '2026-10-25T00:30:00.000Z',
      'Sunday 02:30 happens twice: the first (CEST)'
    ],
    [
      'Australia/Sydney',
      [2026, 10, 4],
      '02:30',
      '2026-10-03T16:00:00.000Z',
      'Sunday 02:30 does not exist: 03:00 AEDT'
    ],
    [
      'Australia/Sydney',
      [2026, 4, 5],
      '02:30',
      '2026-04-04T15:30:00.000Z',
      'Sunday 02:30 happens twice: the first (AEDT)'
    ],
    ['Asia/Kolkata', [2026, 3, 8], '02:30', '2026-03-07T21:00:00.000Z', 'Sunday 02:30 IST, no DST'],
    [
      'America/New_York',
      [2026, 11, 30],
      '24:00',
      '2026-12-01T05:00:00.000Z',
      'Monday 24:00 is Tuesday midnight'
    ]
  ])('%s %j %s → %s (%s)', (zone, [year, month, day], time, expected) => {
    const [hours, minutes] = (time as string).split(':').map(Number);
    expect(iso(fromLocal(zone as string, dayNumberOf(year, month, day), hours * 60 + minutes))).toBe(
      expected
    );
  });
});

describe('fromLocal where luxon alone would misread the wall clock', () => {
  it.each([
    [
      'Pacific/Apia',
      [2010, 9, 26],
      '01:00',
      '2010-09-26T11:00:00.000Z',
      'Sunday 01:00 -10 right after a midnight gap, in a zone whose offset is +13 today'
    ],
    [
      'Pacific/Apia',
      [2011, 12, 30],
      '23:30',
      '2011-12-30T10:00:00.000Z',
      'Friday 30 December 2011 never happened in Samoa: Saturday 00:00 +14'
    ],
    ['Australia/Lord_Howe', [2026, 10, 4], '02:15', '2026-10-03T15:30:00.000Z', 'a 30-minute gap: 02:30 +11'],
    [
      'Australia/Lord_Howe',
      [2026, 4, 5],
      '01:45',
      '2026-04-04T14:45:00.000Z',
      'a 30-minute overlap: the first 01:45 (+11)'
    ]
  ])('%s %j %s → %s (%s)', (zone, [year, month, day], time, expected) => {
    const [hours, minutes] = (time as string).split(':').map(Number);
    expect(iso(fromLocal(zone as string, dayNumberOf(year, month, day), hours * 60 + minutes))).toBe(
      expected
    );
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

  it.each([
    ['next Tuesday'],
    ['2026-11-30'],
    ['2026-13-45T99:00:00Z'],
    [new Date(Number.NaN)],
    [null],
    [undefined],
    [Number.POSITIVE_INFINITY]
  ])('returns null for %p', (value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe('zone properties', () => {
  const zoneArb = fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata');
  const minuteArb = fc
    .integer({
      min: Date.parse('2025-01-01T00:00:00Z') / 60_000,
      max: Date.parse('2028-01-01T00:00:00Z') / 60_000
    })
    .map((m) => m * 60_000);

  it('reading an instant’s wall clock back gives the instant, or its first occurrence in a fall-back overlap', () => {
    fc.assert(
      fc.property(zoneArb, minuteArb, (zone, instant) => {
        const local = toLocal(zone, instant);
        const back = fromLocal(zone, local.dayNumber, local.minuteOfDay);
        expect(toLocal(zone, back).minuteOfDay).toBe(local.minuteOfDay);
        expect(back).toBeLessThanOrEqual(instant);
        // Only the second pass through an overlap maps to an earlier instant, at most 1 hour before.
        expect(instant - back === 0 || instant - back === 3_600_000).toBe(true);
      }),
      { numRuns: 500 }
    );
  });

  it('a wall-clock time maps to an instant whose wall clock is that time, or the first one after a gap', () => {
    fc.assert(
      fc.property(
        zoneArb,
        fc.integer({ min: dayNumberOf(2025, 1, 1), max: dayNumberOf(2027, 12, 31) }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, day, minute) => {
          const local = toLocal(zone, fromLocal(zone, day, minute));
          const landed = (local.dayNumber - day) * 1440 + local.minuteOfDay - minute;
          // 0 when the time exists; otherwise pushed forward past a gap of at most an hour.
          expect(landed).toBeGreaterThanOrEqual(0);
          expect(landed).toBeLessThanOrEqual(60);
        }
      ),
      { numRuns: 500 }
    );
  });
});

describe('localPeriodStart', () => {
  // Wednesday 11 March 2026, 15:00Z = 11:00 EDT (New York moved to DST on Sunday 8 March).
  const wednesday = new Date('2026-03-11T15:00:00Z');
  it.each([
    ['day', 0, 7, '2026-03-11T04:00:00.000Z', 'Wednesday 00:00 EDT'],
    ['day', -7, 7, '2026-03-04T05:00:00.000Z', 'a week earlier, 00:00 EST'],
    ['week', 0, 7, '2026-03-08T05:00:00.000Z', 'Sunday 8 March 00:00 EST (before the 02:00 change)'],
    ['week', 0, 1, '2026-03-09T04:00:00.000Z', 'Monday 9 March 00:00 EDT'],
    ['week', 1, 7, '2026-03-15T04:00:00.000Z', 'next Sunday'],
    ['month', 0, 7, '2026-03-01T05:00:00.000Z', '1 March'],
    ['month', -3, 7, '2025-12-01T05:00:00.000Z', '1 December of the previous year'],
    ['quarter', 0, 7, '2026-01-01T05:00:00.000Z', '1 January'],
    ['quarter', 1, 7, '2026-04-01T04:00:00.000Z', '1 April, in EDT'],
    ['year', -1, 7, '2025-01-01T05:00:00.000Z', '1 January 2025']
  ] as const)('%s shifted by %i (week start %i) is %s: %s', (period, shift, weekStart, expected, _why) => {
    expect(localPeriodStart('America/New_York', wednesday, period, shift, weekStart).toISOString()).toBe(
      expected
    );
  });

  it('defaults to no shift and Sunday-started weeks', () => {
    // Thursday 3 December 01:30 IST → Sunday 29 November 00:00 IST.
    expect(localPeriodStart('Asia/Kolkata', new Date('2026-12-02T20:00:00Z'), 'week').toISOString()).toBe(
      '2026-11-28T18:30:00.000Z'
    );
  });

  it('moves a midnight lost to DST to the first instant after the gap', () => {
    // America/Santiago springs forward at 24:00 on Saturday 5 September 2026: Sunday starts at 01:00.
    expect(localPeriodStart('America/Santiago', new Date('2026-09-06T15:00:00Z'), 'day').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z'
    );
  });
});

describe('parseLocalDate', () => {
  it.each([
    ['2028-02-29', { year: 2028, month: 2, day: 29, dayNumber: dayNumberOf(2028, 2, 29) }],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['2026-1-01', null],
    [20260101, null]
  ])('reads %p as %p', (text, expected) => {
    expect(parseLocalDate(text)).toEqual(expected);
  });
});
