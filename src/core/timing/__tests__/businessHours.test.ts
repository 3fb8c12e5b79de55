import {
  calendarFromBusinessHours,
  calendarFromUser,
  resolveCalendar,
  withTimeZone,
  type BusinessHoursRecord
} from '../businessHours';
import { nineToFive } from '../../__tests__/fixtures/businessHours';

const weekdaysNineToFive: BusinessHoursRecord = {
  ...nineToFive('America/New_York'),
  SaturdayStartTime: null,
  SaturdayEndTime: null
};

const allDay = {
  TimeZoneSidKey: 'Europe/Berlin',
  ...Object.fromEntries(
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].flatMap((d) => [
      [`${d}StartTime`, '00:00:00.000Z'],
      [`${d}EndTime`, '00:00:00.000Z']
    ])
  )
} as BusinessHoursRecord;

describe('calendarFromBusinessHours', () => {
  it('reads weekday windows in minutes and null days as closed', () => {
    expect(calendarFromBusinessHours(weekdaysNineToFive)).toEqual({
      ok: true,
      value: {
        source: 'BusinessHours',
        timeZone: 'America/New_York',
        week: [[540, 1020], [540, 1020], [540, 1020], [540, 1020], [540, 1020], null, null],
        holidays: []
      }
    });
  });

  it('reads 00:00–00:00 as the 24-hour day', () => {
    const result = calendarFromBusinessHours(allDay);
    expect(result.ok && result.value.week).toEqual([
      [0, 1440],
      [0, 1440],
      [0, 1440],
      [0, 1440],
      [0, 1440],
      [0, 1440],
      [0, 1440]
    ]);
  });

  it('reads an end of 00:00 as midnight, and accepts HH:mm without seconds', () => {
    const result = calendarFromBusinessHours({
      TimeZoneSidKey: 'UTC',
      SaturdayStartTime: '18:30',
      SaturdayEndTime: '00:00:00.000Z'
    });
    expect(result.ok && result.value.week[5]).toEqual([1110, 1440]);
  });

  it('attaches the holidays and labels the org default', () => {
    const result = calendarFromBusinessHours(
      weekdaysNineToFive,
      [{ ActivityDate: '2026-11-26', IsAllDay: true }],
      'OrgDefault'
    );
    expect(result.ok && [result.value.source, result.value.holidays.length]).toEqual(['OrgDefault', 1]);
  });

  it.each([
    [{ ...weekdaysNineToFive, TimeZoneSidKey: 'Mars/Olympus' }, 'INVALID_TIME_ZONE', 'TimeZoneSidKey'],
    [{ ...weekdaysNineToFive, MondayStartTime: '9am' }, 'INVALID_BUSINESS_HOURS', 'MondayStartTime'],
    [{ ...weekdaysNineToFive, TuesdayEndTime: null }, 'INVALID_BUSINESS_HOURS', 'TuesdayEndTime'],
    [{ ...weekdaysNineToFive, ThursdayStartTime: 540 }, 'INVALID_BUSINESS_HOURS', 'ThursdayStartTime'],
    [
      { ...weekdaysNineToFive, WednesdayStartTime: '25:00:00.000Z' },
      'INVALID_BUSINESS_HOURS',
      'WednesdayStartTime'
    ],
    [{ ...weekdaysNineToFive, FridayEndTime: '08:00:00.000Z' }, 'INVALID_BUSINESS_HOURS', 'FridayEndTime']
  ])('rejects a bad record (%#) with %s at %s', (record, code, path) => {
    expect(calendarFromBusinessHours(record as BusinessHoursRecord)).toEqual({
      ok: false,
      error: expect.objectContaining({ code, path })
    });
  });

  it('rejects a bad holiday and says which one', () => {
    const result = calendarFromBusinessHours(weekdaysNineToFive, [
      { ActivityDate: '2026-11-26', IsAllDay: true },
      { ActivityDate: 'x', IsAllDay: true }
    ]);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_HOLIDAY', path: 'holidays[1].ActivityDate' })
    });
  });

  it('does not mutate the record', () => {
    const record = { ...weekdaysNineToFive };
    calendarFromBusinessHours(record);
    expect(record).toEqual(weekdaysNineToFive);
  });
});

describe('calendarFromUser', () => {
  it('opens every day from Start of Day to End of Day in the user’s zone', () => {
    const window = [480, 1020];
    expect(calendarFromUser({ TimeZoneSidKey: 'Europe/Berlin', StartDay: '8', EndDay: '17' })).toEqual({
      ok: true,
      value: {
        source: 'User',
        timeZone: 'Europe/Berlin',
        week: [window, window, window, window, window, window, window],
        holidays: []
      }
    });
  });

  it('reads End of Day 0 as midnight', () => {
    const result = calendarFromUser({ TimeZoneSidKey: 'Asia/Kolkata', StartDay: '14', EndDay: '0' });
    expect(result.ok && result.value?.week[6]).toEqual([840, 1440]);
  });

  it('accepts HH:mm hours and End of Day 24', () => {
    const result = calendarFromUser({ TimeZoneSidKey: 'Asia/Kolkata', StartDay: '09:30', EndDay: '24' });
    expect(result.ok && result.value?.week[0]).toEqual([570, 1440]);
  });

  it.each([
    [{ StartDay: null, EndDay: '17' }],
    [{ StartDay: '9', EndDay: '' }],
    [{ StartDay: '17', EndDay: '9' }],
    [{ StartDay: '9', EndDay: '25' }],
    [{ StartDay: 'nine', EndDay: '17' }]
  ])('gives no calendar for unusable hours %j', (hours) => {
    expect(calendarFromUser({ TimeZoneSidKey: 'Europe/Berlin', ...hours })).toEqual({
      ok: true,
      value: null
    });
  });

  it('rejects an unknown time zone', () => {
    expect(calendarFromUser({ TimeZoneSidKey: 'Nowhere', StartDay: '9', EndDay: '17' })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_TIME_ZONE', path: 'TimeZoneSidKey' })
    });
  });

  it('rejects a bad holiday', () => {
    expect(
      calendarFromUser({ TimeZoneSidKey: 'UTC', StartDay: '9', EndDay: '17' }, [{ IsAllDay: true }])
    ).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_HOLIDAY' })
    });
  });
});

describe('resolveCalendar', () => {
  const owner = { TimeZoneSidKey: 'Asia/Kolkata', StartDay: '10', EndDay: '19' };
  const orgDefault = { record: allDay };

  it('prefers the sequence’s BusinessHours, with its holidays', () => {
    const result = resolveCalendar({
      sequenceBusinessHours: {
        record: weekdaysNineToFive,
        holidays: [{ ActivityDate: '2026-11-26', IsAllDay: true }]
      },
      owner,
      orgDefault
    });
    expect(result.ok && [result.value.source, result.value.timeZone, result.value.holidays.length]).toEqual([
      'BusinessHours',
      'America/New_York',
      1
    ]);
  });

  it('uses the owner’s Start/End of Day when the sequence has no BusinessHours', () => {
    const result = resolveCalendar({ sequenceBusinessHours: null, owner, orgDefault });
    expect(result.ok && [result.value.source, result.value.timeZone, result.value.week[0]]).toEqual([
      'User',
      'Asia/Kolkata',
      [600, 1140]
    ]);
  });

  it('falls back to the org default when the owner has no working hours', () => {
    const result = resolveCalendar({ owner: { TimeZoneSidKey: 'Asia/Kolkata' }, orgDefault });
    expect(result.ok && [result.value.source, result.value.timeZone]).toEqual([
      'OrgDefault',
      'Europe/Berlin'
    ]);
  });

  it('reports an owner with an unknown zone instead of guessing', () => {
    expect(
      resolveCalendar({ owner: { TimeZoneSidKey: 'Nowhere', StartDay: '9', EndDay: '17' }, orgDefault })
    ).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_TIME_ZONE' })
    });
  });

  it('says so when nothing applies', () => {
    expect(resolveCalendar({})).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NO_BUSINESS_HOURS' })
    });
  });
});

describe('withTimeZone', () => {
  it('reads the same windows in another zone without changing the original', () => {
    const result = calendarFromBusinessHours(weekdaysNineToFive);
    if (!result.ok) throw new Error(result.error.message);
    const moved = withTimeZone(result.value, 'Australia/Sydney');
    expect([moved.timeZone, moved.week, result.value.timeZone]).toEqual([
      'Australia/Sydney',
      result.value.week,
      'America/New_York'
    ]);
  });
});
