import fc from 'fast-check';
import type { DelayUnit, TimingMode } from '../../constants';
import {
  calendarFromBusinessHours,
  calendarFromUser,
  type BusinessCalendar,
  type BusinessHoursRecord
} from '../businessHours';
import { nineToFive } from '../../__tests__/fixtures/businessHours';
import { addDelay, computeDueAt, dueAtForAction, isWithinBusinessHours, nextBusinessInstant } from '../dueAt';
import type { HolidayRecord } from '../holidays';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const usHolidays: HolidayRecord[] = [
  // Thanksgiving: fourth Thursday of November.
  {
    Name: 'Thanksgiving',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearlyNth',
    RecurrenceStartDate: '2020-11-26',
    RecurrenceInstance: 'Fourth',
    RecurrenceDayOfWeekMask: 16,
    RecurrenceMonthOfYear: 'November'
  },
  {
    Name: 'Christmas',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2020-12-25',
    RecurrenceMonthOfYear: 'December',
    RecurrenceDayOfMonth: 25
  },
  // Christmas Eve 2026 (Thursday): closed from 12:00.
  {
    Name: 'Christmas Eve afternoon',
    ActivityDate: '2026-12-24',
    IsAllDay: false,
    StartTimeInMinutes: 720,
    EndTimeInMinutes: 1020
  },
  // A staff meeting on Tuesday 1 December 2026, 10:00–11:00: a closure in the middle of the day.
  {
    Name: 'All hands',
    ActivityDate: '2026-12-01',
    IsAllDay: false,
    StartTimeInMinutes: 600,
    EndTimeInMinutes: 660
  }
];

const newYork = unwrap(calendarFromBusinessHours(nineToFive('America/New_York'), usHolidays));
const newYorkOwner = unwrap(
  calendarFromUser({ TimeZoneSidKey: 'America/New_York', StartDay: '9', EndDay: '17' })
)!;
const berlin = unwrap(calendarFromBusinessHours(nineToFive('Europe/Berlin')));
const sydney = unwrap(calendarFromBusinessHours(nineToFive('Australia/Sydney')));
const kolkataOwner = unwrap(
  calendarFromUser({ TimeZoneSidKey: 'Asia/Kolkata', StartDay: '10', EndDay: '19' })
)!;
// Sunday-only windows whose edges fall inside the DST gap (02:30) and overlap (01:30) of New York.
const newYorkSundayNight = unwrap(
  calendarFromBusinessHours({
    TimeZoneSidKey: 'America/New_York',
    SundayStartTime: '02:30:00.000Z',
    SundayEndTime: '06:00:00.000Z'
  })
);
const newYorkSundayOverlap = unwrap(
  calendarFromBusinessHours({
    TimeZoneSidKey: 'America/New_York',
    SundayStartTime: '01:30:00.000Z',
    SundayEndTime: '05:00:00.000Z'
  })
);

const IMMEDIATE: TimingMode = 'Immediate (Any Day)';
const WEEKDAY: TimingMode = 'Business Hours (Weekday)';
const ANY_DAY: TimingMode = 'Business Hours (Any Day)';

type Case = [string, string, number, DelayUnit, TimingMode, BusinessCalendar | null, string | null, string];

describe('computeDueAt', () => {
  it.each<Case>([
    // [scenario, base, amount, unit, timing, calendar, recipient zone, expected due]
    [
      'Immediate: Friday 15:00 EST + 2 h is Friday 17:00, closed or not',
      '2026-11-27T20:00:00Z',
      2,
      'Hours',
      IMMEDIATE,
      newYork,
      null,
      '2026-11-27T22:00:00.000Z'
    ],
    [
      'Immediate needs no calendar: Monday + 90 min',
      '2026-11-30T14:00:00Z',
      90,
      'Minutes',
      IMMEDIATE,
      null,
      null,
      '2026-11-30T15:30:00.000Z'
    ],
    [
      'Weekday: Friday 15:00 + 2 h = 17:00 (closing) → Monday 09:00',
      '2026-11-27T20:00:00Z',
      2,
      'Hours',
      WEEKDAY,
      newYork,
      null,
      '2026-11-30T14:00:00.000Z'
    ],
    [
      'Weekday: Monday 09:30 + 30 min = Monday 10:00, inside',
      '2026-11-30T14:30:00Z',
      30,
      'Minutes',
      WEEKDAY,
      newYork,
      null,
      '2026-11-30T15:00:00.000Z'
    ],
    [
      'Weekday: Wednesday 06:00 before opening → Wednesday 09:00',
      '2026-12-02T11:00:00Z',
      0,
      'Minutes',
      WEEKDAY,
      newYork,
      null,
      '2026-12-02T14:00:00.000Z'
    ],
    [
      'Weekday: Monday 16:59 + 0 stays Monday 16:59',
      '2026-11-30T21:59:00Z',
      0,
      'Days',
      WEEKDAY,
      newYork,
      null,
      '2026-11-30T21:59:00.000Z'
    ],
    [
      'Holiday: Wednesday 16:00 + 1 h; Thursday is Thanksgiving → Friday 09:00',
      '2026-11-25T21:00:00Z',
      1,
      'Hours',
      WEEKDAY,
      newYork,
      null,
      '2026-11-27T14:00:00.000Z'
    ],
    [
      'Partial holiday: Thursday 24 Dec 11:30 + 1 h (closed from 12:00); Friday is Christmas → Monday 28 Dec 09:00',
      '2026-12-24T16:30:00Z',
      1,
      'Hours',
      WEEKDAY,
      newYork,
      null,
      '2026-12-28T14:00:00.000Z'
    ],
    [
      'Partial holiday: Thursday 24 Dec 10:00 + 1 h = 11:00, before the closure',
      '2026-12-24T15:00:00Z',
      1,
      'Hours',
      WEEKDAY,
      newYork,
      null,
      '2026-12-24T16:00:00.000Z'
    ],
    [
      'Mid-day closure: Tuesday 1 Dec 09:50 + 20 min = 10:10 (meeting 10–11) → Tuesday 11:00',
      '2026-12-01T14:50:00Z',
      20,
      'Minutes',
      WEEKDAY,
      newYork,
      null,
      '2026-12-01T16:00:00.000Z'
    ],
    [
      'Recurring yearly: Friday 24 Dec 2027 17:00 → Christmas is Saturday → Monday 27 Dec 09:00',
      '2027-12-24T22:00:00Z',
      0,
      'Hours',
      WEEKDAY,
      newYork,
      null,
      '2027-12-27T14:00:00.000Z'
    ],
    [
      'Days: Friday 10:00 + 1 Day = Saturday 10:00 → Monday 09:00 (weekday)',
      '2026-11-27T15:00:00Z',
      1,
      'Days',
      WEEKDAY,
      newYork,
      null,
      '2026-11-30T14:00:00.000Z'
    ],
    [
      'Any Day: Friday 10:00 + 1 Day = Saturday 10:00, open on the owner’s calendar',
      '2026-11-27T15:00:00Z',
      1,
      'Days',
      ANY_DAY,
      newYorkOwner,
      null,
      '2026-11-28T15:00:00.000Z'
    ],
    [
      'Any Day on a weekday-only record: Saturday → Monday 09:00',
      '2026-11-28T15:00:00Z',
      0,
      'Days',
      ANY_DAY,
      newYork,
      null,
      '2026-11-30T14:00:00.000Z'
    ],
    [
      'Weekday on the owner’s 7-day calendar: Saturday 10:00 → Monday 09:00',
      '2026-11-28T15:00:00Z',
      0,
      'Days',
      WEEKDAY,
      newYorkOwner,
      null,
      '2026-11-30T14:00:00.000Z'
    ],
    [
      'Recipient zone: Monday 15:30 Berlin + 2 h = 17:30 → Tuesday 09:00 CET',
      '2026-11-30T14:30:00Z',
      2,
      'Hours',
      WEEKDAY,
      newYork,
      'Europe/Berlin',
      '2026-12-01T08:00:00.000Z'
    ],
    [
      'Blank recipient zone uses the calendar’s zone',
      '2026-11-30T14:30:00Z',
      2,
      'Hours',
      WEEKDAY,
      newYork,
      '',
      '2026-11-30T16:30:00.000Z'
    ],
    // DST: America/New_York
    [
      'NY spring forward: Saturday 10:00 EST + 1 Day = Sunday 11:00 EDT (24 h), open',
      '2026-03-07T15:00:00Z',
      1,
      'Days',
      ANY_DAY,
      newYorkOwner,
      null,
      '2026-03-08T15:00:00.000Z'
    ],
    [
      'NY spring forward: Saturday 17:30 EST → Sunday 09:00 EDT',
      '2026-03-07T22:30:00Z',
      0,
      'Minutes',
      ANY_DAY,
      newYorkOwner,
      null,
      '2026-03-08T13:00:00.000Z'
    ],
    [
      'NY gap: Sunday window opening at 02:30 (nonexistent) opens at 03:00 EDT',
      '2026-03-08T06:00:00Z',
      0,
      'Minutes',
      ANY_DAY,
      newYorkSundayNight,
      null,
      '2026-03-08T07:00:00.000Z'
    ],
    [
      'NY overlap: Sunday window opening at 01:30 opens at the first 01:30 (EDT)',
      '2026-11-01T04:00:00Z',
      0,
      'Minutes',
      ANY_DAY,
      newYorkSundayOverlap,
      null,
      '2026-11-01T05:30:00.000Z'
    ],
    [
      'NY overlap: the second 01:15 (EST) is inside the window that opened at the first 01:30',
      '2026-11-01T06:15:00Z',
      0,
      'Minutes',
      ANY_DAY,
      newYorkSundayOverlap,
      null,
      '2026-11-01T06:15:00.000Z'
    ],
    [
      'NY fall back: Friday 30 Oct 17:00 EDT → Monday 2 Nov 09:00 EST',
      '2026-10-30T21:00:00Z',
      0,
      'Minutes',
      WEEKDAY,
      newYork,
      null,
      '2026-11-02T14:00:00.000Z'
    ],
    // DST: Europe/Berlin
    [
      'Berlin spring forward: Friday 16:00 CET + 2 Days = Sunday 17:00 CEST → Monday 09:00 CEST',
      '2026-03-27T15:00:00Z',
      2,
      'Days',
      WEEKDAY,
      berlin,
      null,
      '2026-03-30T07:00:00.000Z'
    ],
    [
      'Berlin fall back: Friday 17:00 CEST → Monday 09:00 CET',
      '2026-10-23T15:00:00Z',
      0,
      'Minutes',
      WEEKDAY,
      berlin,
      null,
      '2026-10-26T08:00:00.000Z'
    ],
    // DST: Australia/Sydney
    [
      'Sydney DST starts: Friday 2 Oct 17:00 AEST → Monday 5 Oct 09:00 AEDT',
      '2026-10-02T07:00:00Z',
      0,
      'Minutes',
      WEEKDAY,
      sydney,
      null,
      '2026-10-04T22:00:00.000Z'
    ],
    [
      'Sydney DST ends: Friday 3 Apr 17:00 AEDT → Monday 6 Apr 09:00 AEST',
      '2026-04-03T06:00:00Z',
      0,
      'Minutes',
      WEEKDAY,
      sydney,
      null,
      '2026-04-05T23:00:00.000Z'
    ],
    // No DST: Asia/Kolkata
    [
      'Kolkata: Monday 19:30 IST (after 19:00) → Tuesday 10:00 IST',
      '2026-11-30T14:00:00Z',
      0,
      'Minutes',
      WEEKDAY,
      kolkataOwner,
      null,
      '2026-12-01T04:30:00.000Z'
    ],
    [
      'Kolkata: Friday 18:00 IST + 1 Day = Saturday 18:00, open any day',
      '2026-11-27T12:30:00Z',
      1,
      'Days',
      ANY_DAY,
      kolkataOwner,
      null,
      '2026-11-28T12:30:00.000Z'
    ]
  ])('%s', (_scenario, base, amount, unit, timing, calendar, zone, expected) => {
    const result = computeDueAt({
      base: new Date(base),
      delayAmount: amount,
      delayUnit: unit,
      timing,
      calendar,
      recipientTimeZone: zone
    });
    expect(result).toEqual({ ok: true, value: new Date(expected) });
  });

  it.each([
    [{ base: new Date(Number.NaN) }, 'INVALID_INSTANT', 'base'],
    [{ delayAmount: -1 }, 'INVALID_DELAY', 'Delay_Amount__c'],
    [{ delayAmount: 1.5 }, 'INVALID_DELAY', 'Delay_Amount__c'],
    [{ delayAmount: '2' }, 'INVALID_DELAY', 'Delay_Amount__c'],
    [{ delayUnit: 'Weeks' }, 'INVALID_DELAY_UNIT', 'Delay_Unit__c'],
    [{ timing: 'Whenever' }, 'INVALID_TIMING', 'Timing__c'],
    [{ calendar: null }, 'NO_BUSINESS_HOURS', 'calendar'],
    [{ recipientTimeZone: 'Mars/Olympus' }, 'INVALID_TIME_ZONE', 'recipientTimeZone']
  ])('rejects %j with %s at %s', (override, code, path) => {
    const input = {
      base: new Date('2026-11-30T14:00:00Z'),
      delayAmount: 1,
      delayUnit: 'Hours',
      timing: WEEKDAY,
      calendar: newYork,
      ...override
    };
    const result = computeDueAt(input as Parameters<typeof computeDueAt>[0]);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code, path }) });
  });

  it('reports a calendar that never opens', () => {
    const closed = unwrap(
      calendarFromBusinessHours({
        TimeZoneSidKey: 'UTC',
        SaturdayStartTime: '09:00:00.000Z',
        SaturdayEndTime: '17:00:00.000Z'
      })
    );
    const result = computeDueAt({
      base: new Date('2026-11-30T14:00:00Z'),
      delayAmount: 0,
      delayUnit: 'Days',
      timing: WEEKDAY,
      calendar: closed
    });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NO_BUSINESS_HOURS', path: 'calendar' })
    });
    if (!result.ok)
      expect(result.error.message).toBe(
        'The business calendar (BusinessHours, UTC) has no open time in the 732 days after 2026-11-30T14:00:00.000Z'
      );
  });

  it('does not mutate the base date', () => {
    const base = new Date('2026-11-27T20:00:00Z');
    computeDueAt({ base, delayAmount: 2, delayUnit: 'Hours', timing: WEEKDAY, calendar: newYork });
    expect(base.toISOString()).toBe('2026-11-27T20:00:00.000Z');
  });
});

describe('dueAtForAction', () => {
  it('uses the field defaults: 0 Days, Immediate (Any Day)', () => {
    expect(dueAtForAction({}, new Date('2026-11-28T15:00:00Z'))).toEqual({
      ok: true,
      value: new Date('2026-11-28T15:00:00Z')
    });
  });

  it('reads the action fields', () => {
    const action = { Delay_Amount__c: 30, Delay_Unit__c: 'Minutes' as const, Timing__c: WEEKDAY };
    // Saturday 10:00 EST + 30 min → Monday 09:00.
    expect(dueAtForAction(action, new Date('2026-11-28T15:00:00Z'), newYork)).toEqual({
      ok: true,
      value: new Date('2026-11-30T14:00:00Z')
    });
  });
});

describe('addDelay', () => {
  it.each<[number, DelayUnit, string]>([
    [0, 'Minutes', '2026-03-07T15:00:00.000Z'],
    [45, 'Minutes', '2026-03-07T15:45:00.000Z'],
    [25, 'Hours', '2026-03-08T16:00:00.000Z'],
    [1, 'Days', '2026-03-08T15:00:00.000Z']
  ])('adds %i %s as elapsed time to Saturday 7 March 10:00 EST', (amount, unit, expected) => {
    expect(addDelay(new Date('2026-03-07T15:00:00Z'), amount, unit).toISOString()).toBe(expected);
  });
});

describe('isWithinBusinessHours', () => {
  it.each([
    ['2026-11-30T14:00:00Z', true, 'Monday 09:00, opening'],
    ['2026-11-30T21:59:59.999Z', true, 'Monday 16:59:59.999'],
    ['2026-11-30T22:00:00Z', false, 'Monday 17:00, closing'],
    ['2026-11-28T15:00:00Z', false, 'Saturday'],
    ['2026-11-26T15:00:00Z', false, 'Thanksgiving Thursday'],
    ['2026-12-01T15:30:00Z', false, 'Tuesday 10:30, during the all-hands closure']
  ])('%s is %p (%s)', (instant, expected) => {
    expect(isWithinBusinessHours(newYork, new Date(instant))).toBe(expected);
  });

  it('treats Saturday as outside in weekday mode even when the calendar is open', () => {
    expect(isWithinBusinessHours(newYorkOwner, new Date('2026-11-28T15:00:00Z'))).toBe(true);
    expect(
      isWithinBusinessHours(newYorkOwner, new Date('2026-11-28T15:00:00Z'), { weekdaysOnly: true })
    ).toBe(false);
  });
});

describe('nextBusinessInstant', () => {
  it('skips a window that lies entirely inside a DST gap', () => {
    // Sunday 8 March 2026 02:10–02:40 does not exist in New York; the next such window is Sunday 15 March.
    const calendar = unwrap(
      calendarFromBusinessHours({
        TimeZoneSidKey: 'America/New_York',
        SundayStartTime: '02:10:00.000Z',
        SundayEndTime: '02:40:00.000Z'
      })
    );
    expect(nextBusinessInstant(calendar, new Date('2026-03-08T05:00:00Z'))).toEqual(
      new Date('2026-03-15T06:10:00.000Z')
    );
  });
});

// ---- Properties ----

const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'];
const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2027-12-31T00:00:00Z');

const windowArb = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
    .map(([a, b]) => [Math.min(a, b - 1), Math.max(a + 1, b)] as const),
  { nil: null }
);
const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000Z`;
const holidayArb: fc.Arbitrary<HolidayRecord> = fc.oneof(
  fc
    .date({ min: new Date(START), max: new Date(END), noInvalidDate: true })
    .map((d) => ({ ActivityDate: d.toISOString().slice(0, 10), IsAllDay: true })),
  fc
    .tuple(
      fc.date({ min: new Date(START), max: new Date(END), noInvalidDate: true }),
      fc.integer({ min: 0, max: 1380 }),
      fc.integer({ min: 1, max: 600 })
    )
    .map(([d, start, length]) => ({
      ActivityDate: d.toISOString().slice(0, 10),
      IsAllDay: false,
      StartTimeInMinutes: start,
      EndTimeInMinutes: Math.min(1440, start + length)
    })),
  fc.integer({ min: 1, max: 12 }).map((month) => ({
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: `2020-${String(month).padStart(2, '0')}-10`
  }))
);
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .tuple(
    fc.constantFrom(...ZONES),
    fc.array(windowArb, { minLength: 7, maxLength: 7 }),
    fc.array(holidayArb, { maxLength: 6 })
  )
  .filter(([, week]) => week.slice(0, 5).some((window) => window !== null))
  .map(([zone, week, holidays]) => {
    const names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    const record: BusinessHoursRecord = { TimeZoneSidKey: zone };
    week.forEach((window, index) => {
      if (!window) return;
      Object.assign(record, {
        [`${names[index]}StartTime`]: hhmm(window[0]),
        [`${names[index]}EndTime`]: hhmm(window[1])
      });
    });
    return unwrap(calendarFromBusinessHours(record, holidays));
  });

describe('computeDueAt properties', () => {
  it('a business-hours due time is inside business hours, never before base + delay, and is the first such instant', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: START, max: END }),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom<DelayUnit>('Minutes', 'Hours', 'Days'),
        fc.constantFrom<TimingMode>(WEEKDAY, ANY_DAY),
        (calendar, base, amount, unit, timing) => {
          const result = computeDueAt({
            base: new Date(base),
            delayAmount: amount,
            delayUnit: unit,
            timing,
            calendar
          });
          if (!result.ok) return result.error.code === 'NO_BUSINESS_HOURS';
          const due = result.value.getTime();
          const earliest = addDelay(new Date(base), amount, unit).getTime();
          const weekdaysOnly = timing === WEEKDAY;
          expect(due).toBeGreaterThanOrEqual(earliest);
          expect(due).toBeGreaterThanOrEqual(base);
          expect(isWithinBusinessHours(calendar, result.value, { weekdaysOnly })).toBe(true);
          if (due > earliest)
            expect(isWithinBusinessHours(calendar, new Date(due - 1), { weekdaysOnly })).toBe(false);
          return true;
        }
      ),
      { numRuns: 300 }
    );
  });

  it('a later base never gives an earlier due time (monotonic)', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: START, max: END }),
        fc.integer({ min: 0, max: 7 * 86_400_000 }),
        fc.integer({ min: 0, max: 72 }),
        (calendar, base, later, hours) => {
          const first = unwrap(
            computeDueAt({
              base: new Date(base),
              delayAmount: hours,
              delayUnit: 'Hours',
              timing: ANY_DAY,
              calendar
            })
          );
          const second = unwrap(
            computeDueAt({
              base: new Date(base + later),
              delayAmount: hours,
              delayUnit: 'Hours',
              timing: ANY_DAY,
              calendar
            })
          );
          expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
        }
      ),
      { numRuns: 200 }
    );
  });
});
