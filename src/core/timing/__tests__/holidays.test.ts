import { holidayOccursOn, holidayRule, type HolidayRecord, type HolidayRule } from '../holidays';
import { dayNumberOf } from '../zone';

function rule(record: HolidayRecord): HolidayRule {
  const result = holidayRule(record);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const day = (text: string): number => {
  const [year, month, date] = text.split('-').map(Number);
  return dayNumberOf(year, month, date);
};

const oneOff = rule({ ActivityDate: '2026-11-26', IsAllDay: true });
const everyOtherDay = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursDaily',
  RecurrenceStartDate: '2026-12-01',
  RecurrenceInterval: 2
});
const weekdays = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursEveryWeekday',
  RecurrenceStartDate: '2026-12-01'
});
const mondaysAndWednesdaysEveryOtherWeek = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursWeekly',
  RecurrenceStartDate: '2026-11-30',
  RecurrenceDayOfWeekMask: 2 | 8,
  RecurrenceInterval: 2
});
const sundaysWeekly = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursWeekly',
  RecurrenceStartDate: '2026-11-29',
  RecurrenceDayOfWeekMask: 1
});
const fifteenthQuarterly = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursMonthly',
  RecurrenceStartDate: '2026-01-15',
  RecurrenceDayOfMonth: 15,
  RecurrenceInterval: 3
});
const firstMonday = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursMonthlyNth',
  RecurrenceStartDate: '2026-01-05',
  RecurrenceDayOfWeekMask: 2,
  RecurrenceInstance: 'First'
});
const lastFriday = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursMonthlyNth',
  RecurrenceStartDate: '2026-01-30',
  RecurrenceDayOfWeekMask: 32,
  RecurrenceInstance: 'Last'
});
const christmas = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursYearly',
  RecurrenceStartDate: '2020-12-25',
  RecurrenceMonthOfYear: 'December',
  RecurrenceDayOfMonth: 25
});
const christmasUntil2026 = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursYearly',
  RecurrenceStartDate: '2020-12-25',
  RecurrenceEndDateOnly: '2026-12-31'
});
const thanksgiving = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursYearlyNth',
  RecurrenceStartDate: '2020-11-26',
  RecurrenceInstance: 'Fourth',
  RecurrenceDayOfWeekMask: 16,
  RecurrenceMonthOfYear: 'November'
});
const memorialDay = rule({
  IsAllDay: true,
  IsRecurrence: true,
  RecurrenceType: 'RecursYearlyNth',
  RecurrenceStartDate: '2020-05-25',
  RecurrenceInstance: 'Last',
  RecurrenceDayOfWeekMask: 2,
  RecurrenceMonthOfYear: 'May'
});

describe('holidayOccursOn', () => {
  it.each([
    ['one-off', oneOff, '2026-11-26', true, 'Thursday'],
    ['one-off', oneOff, '2026-11-27', false, 'Friday'],
    ['every other day', everyOtherDay, '2026-11-29', false, 'Sunday, before the start'],
    ['every other day', everyOtherDay, '2026-12-01', true, 'Tuesday'],
    ['every other day', everyOtherDay, '2026-12-02', false, 'Wednesday'],
    ['every other day', everyOtherDay, '2026-12-03', true, 'Thursday'],
    ['every weekday', weekdays, '2026-12-04', true, 'Friday'],
    ['every weekday', weekdays, '2026-12-05', false, 'Saturday'],
    ['Mon+Wed every other week', mondaysAndWednesdaysEveryOtherWeek, '2026-11-30', true, 'Monday, week 0'],
    ['Mon+Wed every other week', mondaysAndWednesdaysEveryOtherWeek, '2026-12-02', true, 'Wednesday, week 0'],
    ['Mon+Wed every other week', mondaysAndWednesdaysEveryOtherWeek, '2026-12-01', false, 'Tuesday, week 0'],
    ['Mon+Wed every other week', mondaysAndWednesdaysEveryOtherWeek, '2026-12-07', false, 'Monday, week 1'],
    ['Mon+Wed every other week', mondaysAndWednesdaysEveryOtherWeek, '2026-12-14', true, 'Monday, week 2'],
    ['Sundays', sundaysWeekly, '2026-12-06', true, 'Sunday'],
    ['15th every 3 months', fifteenthQuarterly, '2026-04-15', true, 'Wednesday'],
    ['15th every 3 months', fifteenthQuarterly, '2026-03-15', false, 'Sunday, off-quarter'],
    ['15th every 3 months', fifteenthQuarterly, '2026-04-16', false, 'Thursday'],
    ['first Monday', firstMonday, '2026-12-07', true, 'Monday'],
    ['first Monday', firstMonday, '2026-12-14', false, 'second Monday'],
    ['first Monday', firstMonday, '2026-12-01', false, 'Tuesday'],
    ['last Friday', lastFriday, '2026-12-25', true, 'Friday'],
    ['last Friday', lastFriday, '2026-12-18', false, 'Friday, not the last'],
    ['Christmas', christmas, '2027-12-25', true, 'Saturday'],
    ['Christmas', christmas, '2027-12-24', false, 'Friday'],
    ['Christmas until 2026', christmasUntil2026, '2026-12-25', true, 'Friday'],
    ['Christmas until 2026', christmasUntil2026, '2027-12-25', false, 'Saturday, after the end'],
    ['Thanksgiving', thanksgiving, '2026-11-26', true, 'Thursday'],
    ['Thanksgiving', thanksgiving, '2027-11-25', true, 'Thursday'],
    ['Thanksgiving', thanksgiving, '2026-11-19', false, 'third Thursday'],
    ['Thanksgiving', thanksgiving, '2026-12-24', false, 'fourth Thursday of December'],
    ['Memorial Day', memorialDay, '2026-05-25', true, 'Monday'],
    ['Memorial Day', memorialDay, '2026-05-18', false, 'Monday, not the last']
  ])('%s on %s is %p (%s)', (_name, holiday, date, expected) => {
    expect(holidayOccursOn(holiday as HolidayRule, day(date as string))).toBe(expected);
  });
});

describe('holidayRule', () => {
  it('reduces an all-day one-off holiday to the whole day', () => {
    expect(oneOff).toEqual({
      closedFrom: 0,
      closedUntil: 1440,
      first: day('2026-11-26'),
      last: day('2026-11-26'),
      recurrence: null,
      interval: 1,
      dayOfWeekMask: 0,
      dayOfMonth: 0,
      instance: 0,
      month: 0
    });
  });

  it('keeps the closed minutes of a partial-day holiday', () => {
    const afternoon = rule({
      ActivityDate: '2026-12-24',
      IsAllDay: false,
      StartTimeInMinutes: 720,
      EndTimeInMinutes: 1020
    });
    expect([afternoon.closedFrom, afternoon.closedUntil]).toEqual([720, 1020]);
  });

  it('takes the month and day of a yearly holiday from its start date when they are blank', () => {
    expect([christmasUntil2026.month, christmasUntil2026.dayOfMonth]).toEqual([12, 25]);
  });

  it.each([
    [{ ActivityDate: '2026-12-24', IsAllDay: false }, 'holiday.StartTimeInMinutes'],
    [
      { ActivityDate: '2026-12-24', IsAllDay: false, StartTimeInMinutes: 720, EndTimeInMinutes: 700 },
      'holiday.EndTimeInMinutes'
    ],
    [
      { ActivityDate: '2026-12-24', IsAllDay: false, StartTimeInMinutes: 720, EndTimeInMinutes: 1500 },
      'holiday.EndTimeInMinutes'
    ],
    [{ ActivityDate: '2026-02-30', IsAllDay: true }, 'holiday.ActivityDate'],
    [{ ActivityDate: '30/12/2026', IsAllDay: true }, 'holiday.ActivityDate'],
    [{ IsAllDay: true }, 'holiday.ActivityDate'],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursHourly',
        RecurrenceStartDate: '2026-01-01'
      },
      'holiday.RecurrenceType'
    ],
    [{ IsAllDay: true, IsRecurrence: true, RecurrenceType: 'RecursDaily' }, 'holiday.RecurrenceStartDate'],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursDaily',
        RecurrenceStartDate: '2026-01-01',
        RecurrenceEndDateOnly: 'soon'
      },
      'holiday.RecurrenceEndDateOnly'
    ],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursDaily',
        RecurrenceStartDate: '2026-01-01',
        RecurrenceInterval: 0
      },
      'holiday.RecurrenceInterval'
    ],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursWeekly',
        RecurrenceStartDate: '2026-01-01',
        RecurrenceDayOfWeekMask: 0
      },
      'holiday.RecurrenceDayOfWeekMask'
    ],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursMonthlyNth',
        RecurrenceStartDate: '2026-01-01',
        RecurrenceDayOfWeekMask: 2,
        RecurrenceInstance: 'Fifth'
      },
      'holiday.RecurrenceInstance'
    ],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursMonthly',
        RecurrenceStartDate: '2026-01-01',
        RecurrenceDayOfMonth: 32
      },
      'holiday.RecurrenceDayOfMonth'
    ],
    [
      {
        IsAllDay: true,
        IsRecurrence: true,
        RecurrenceType: 'RecursYearly',
        RecurrenceStartDate: '2026-01-01',
        RecurrenceMonthOfYear: 'Smarch'
      },
      'holiday.RecurrenceMonthOfYear'
    ]
  ])('rejects %j at %s', (record, path) => {
    const result = holidayRule(record as HolidayRecord);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_HOLIDAY', path }) });
    if (!result.ok) expect(result.error.message.startsWith(`${path}: `)).toBe(true);
  });
});
