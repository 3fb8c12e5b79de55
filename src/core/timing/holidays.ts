/**
 * Salesforce `Holiday` rows and the local days they close.
 *
 * A holiday is one date (`ActivityDate`) or a recurrence (`IsRecurrence` with `RecurrenceType`
 * RecursDaily, RecursEveryWeekday, RecursWeekly, RecursMonthly, RecursMonthlyNth, RecursYearly,
 * RecursYearlyNth, following the Salesforce recurrence fields). All-day holidays close the whole
 * local day; partial ones close `StartTimeInMinutes`–`EndTimeInMinutes` of it.
 */
import { fail, ok, type Result, type CoreError } from '../result';
import { dateOfDayNumber, parseLocalDate, weekdayOf } from './zone';

/** A `Holiday` record as the REST API returns it (dates as `YYYY-MM-DD`). */
export interface HolidayRecord {
  Id?: string;
  Name?: string;
  ActivityDate?: string | null;
  IsAllDay?: boolean | null;
  StartTimeInMinutes?: number | null;
  EndTimeInMinutes?: number | null;
  IsRecurrence?: boolean | null;
  RecurrenceType?: string | null;
  RecurrenceStartDate?: string | null;
  RecurrenceEndDateOnly?: string | null;
  RecurrenceInterval?: number | null;
  /** Bit mask: Sunday 1, Monday 2, Tuesday 4, Wednesday 8, Thursday 16, Friday 32, Saturday 64. */
  RecurrenceDayOfWeekMask?: number | null;
  RecurrenceDayOfMonth?: number | null;
  /** First, Second, Third, Fourth or Last. */
  RecurrenceInstance?: string | null;
  /** January … December. */
  RecurrenceMonthOfYear?: string | null;
}

const RECURRENCE_TYPES = [
  'RecursDaily',
  'RecursEveryWeekday',
  'RecursWeekly',
  'RecursMonthly',
  'RecursMonthlyNth',
  'RecursYearly',
  'RecursYearlyNth'
] as const;
type RecurrenceType = (typeof RECURRENCE_TYPES)[number];

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];
const INSTANCES = ['First', 'Second', 'Third', 'Fourth', 'Last'];

/** A holiday reduced to what the calendar needs. Plain data, safe to serialise. */
export interface HolidayRule {
  /** Closed local minutes of the day: [0, 1440] for all-day. */
  closedFrom: number;
  closedUntil: number;
  /** First and last day number the holiday can occur on (inclusive); `last` is Infinity when open-ended. */
  first: number;
  last: number;
  recurrence: RecurrenceType | null;
  interval: number;
  dayOfWeekMask: number;
  dayOfMonth: number;
  /** 1–4, or 5 for Last. */
  instance: number;
  /** 1–12. */
  month: number;
}

function parseDate(value: unknown): number | null {
  return parseLocalDate(value)?.dayNumber ?? null;
}

/**
 * Validates a `Holiday` row and reduces it to a {@link HolidayRule}.
 *
 * @example
 * holidayRule({ ActivityDate: '2026-12-25', IsAllDay: true, IsRecurrence: true, RecurrenceType: 'RecursYearly',
 *   RecurrenceStartDate: '2020-12-25', RecurrenceMonthOfYear: 'December', RecurrenceDayOfMonth: 25 })
 * //=> { ok: true, value: { closedFrom: 0, closedUntil: 1440, recurrence: 'RecursYearly', month: 12, dayOfMonth: 25, … } }
 */
export function holidayRule(record: HolidayRecord, path = 'holiday'): Result<HolidayRule> {
  const bad = (field: string, message: string): { ok: false; error: CoreError } =>
    fail('INVALID_HOLIDAY', `${path}.${field}: ${message}`, `${path}.${field}`);
  let closedFrom = 0;
  let closedUntil = 1440;
  if (!record.IsAllDay) {
    const start = record.StartTimeInMinutes;
    const end = record.EndTimeInMinutes;
    if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start > 1440)
      return bad(
        'StartTimeInMinutes',
        `must be minutes from midnight (0–1440) for a partial-day holiday, got ${String(start)}`
      );
    if (typeof end !== 'number' || !Number.isInteger(end) || end <= start || end > 1440)
      return bad('EndTimeInMinutes', `must be after StartTimeInMinutes and at most 1440, got ${String(end)}`);
    closedFrom = start;
    closedUntil = end;
  }
  const base = {
    closedFrom,
    closedUntil,
    interval: 1,
    dayOfWeekMask: 0,
    dayOfMonth: 0,
    instance: 0,
    month: 0
  };
  if (!record.IsRecurrence) {
    const date = parseDate(record.ActivityDate);
    if (date === null)
      return bad('ActivityDate', `must be a date YYYY-MM-DD, got ${JSON.stringify(record.ActivityDate)}`);
    return ok({ ...base, first: date, last: date, recurrence: null });
  }
  const type = record.RecurrenceType;
  if (!RECURRENCE_TYPES.includes(type as RecurrenceType))
    return bad(
      'RecurrenceType',
      `must be one of ${RECURRENCE_TYPES.join(', ')}, got ${JSON.stringify(type)}`
    );
  const recurrence = type as RecurrenceType;
  const first = parseDate(record.RecurrenceStartDate ?? record.ActivityDate);
  if (first === null)
    return bad(
      'RecurrenceStartDate',
      `must be a date YYYY-MM-DD, got ${JSON.stringify(record.RecurrenceStartDate)}`
    );
  let last = Number.POSITIVE_INFINITY;
  if (record.RecurrenceEndDateOnly != null) {
    const end = parseDate(record.RecurrenceEndDateOnly);
    if (end === null)
      return bad(
        'RecurrenceEndDateOnly',
        `must be a date YYYY-MM-DD, got ${JSON.stringify(record.RecurrenceEndDateOnly)}`
      );
    last = end;
  }
  const interval = record.RecurrenceInterval ?? 1;
  if (!Number.isInteger(interval) || interval < 1)
    return bad('RecurrenceInterval', `must be a whole number ≥ 1, got ${interval}`);
  const rule: HolidayRule = { ...base, first, last, recurrence, interval };
  const start = dateOfDayNumber(first);
  if (
    recurrence === 'RecursWeekly' ||
    recurrence === 'RecursMonthlyNth' ||
    recurrence === 'RecursYearlyNth'
  ) {
    const mask = record.RecurrenceDayOfWeekMask;
    if (typeof mask !== 'number' || !Number.isInteger(mask) || mask < 1 || mask > 127)
      return bad(
        'RecurrenceDayOfWeekMask',
        `must be a weekday bit mask 1–127 (Sunday 1 … Saturday 64), got ${String(mask)}`
      );
    rule.dayOfWeekMask = mask;
  }
  if (recurrence === 'RecursMonthlyNth' || recurrence === 'RecursYearlyNth') {
    const instance = INSTANCES.indexOf(String(record.RecurrenceInstance)) + 1;
    if (instance === 0)
      return bad(
        'RecurrenceInstance',
        `must be one of ${INSTANCES.join(', ')}, got ${JSON.stringify(record.RecurrenceInstance)}`
      );
    rule.instance = instance;
  }
  if (recurrence === 'RecursMonthly' || recurrence === 'RecursYearly') {
    const dayOfMonth = record.RecurrenceDayOfMonth ?? start.day;
    if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)
      return bad('RecurrenceDayOfMonth', `must be a day of the month 1–31, got ${dayOfMonth}`);
    rule.dayOfMonth = dayOfMonth;
  }
  if (recurrence === 'RecursYearly' || recurrence === 'RecursYearlyNth') {
    const name = record.RecurrenceMonthOfYear;
    const month = name == null ? start.month : MONTHS.indexOf(name) + 1;
    if (month === 0)
      return bad(
        'RecurrenceMonthOfYear',
        `must be a month name (January … December), got ${JSON.stringify(name)}`
      );
    rule.month = month;
  }
  return ok(rule);
}

/** Salesforce's weekday bit for an ISO weekday (1 = Monday … 7 = Sunday). */
function weekdayBit(isoWeekday: number): number {
  return 1 << (isoWeekday % 7);
}

/** Whether `dayNumber` is the `instance`-th (5 = last) matching weekday of its month. */
function isNthWeekdayOfMonth(dayNumber: number, day: number, instance: number): boolean {
  if (instance === 5) {
    const nextWeek = dateOfDayNumber(dayNumber + 7);
    return nextWeek.day < day;
  }
  return Math.ceil(day / 7) === instance;
}

/**
 * Whether a holiday rule falls on a local calendar day.
 *
 * @example
 * // Thanksgiving: fourth Thursday of November.
 * const rule = holidayRule({ IsAllDay: true, IsRecurrence: true, RecurrenceType: 'RecursYearlyNth', RecurrenceStartDate: '2020-11-26',
 *   RecurrenceInstance: 'Fourth', RecurrenceDayOfWeekMask: 16, RecurrenceMonthOfYear: 'November' })
 * holidayOccursOn(rule.value, dayNumberOf(2026, 11, 26)) //=> true (Thursday)
 */
export function holidayOccursOn(rule: HolidayRule, dayNumber: number): boolean {
  if (dayNumber < rule.first || dayNumber > rule.last) return false;
  if (rule.recurrence === null) return true;
  const date = dateOfDayNumber(dayNumber);
  const start = dateOfDayNumber(rule.first);
  const weekday = weekdayOf(dayNumber);
  const monthsSinceStart = (date.year - start.year) * 12 + (date.month - start.month);
  switch (rule.recurrence) {
    case 'RecursDaily':
      return (dayNumber - rule.first) % rule.interval === 0;
    case 'RecursEveryWeekday':
      return weekday <= 5;
    case 'RecursWeekly': {
      // Weeks counted from the Sunday-started week of the start date, as Salesforce does.
      const weekIndex = Math.floor((dayNumber - (rule.first - (weekdayOf(rule.first) % 7))) / 7);
      return (rule.dayOfWeekMask & weekdayBit(weekday)) !== 0 && weekIndex % rule.interval === 0;
    }
    case 'RecursMonthly':
      return date.day === rule.dayOfMonth && monthsSinceStart % rule.interval === 0;
    case 'RecursMonthlyNth':
      return (
        (rule.dayOfWeekMask & weekdayBit(weekday)) !== 0 &&
        isNthWeekdayOfMonth(dayNumber, date.day, rule.instance) &&
        monthsSinceStart % rule.interval === 0
      );
    case 'RecursYearly':
      return date.month === rule.month && date.day === rule.dayOfMonth;
    case 'RecursYearlyNth':
      return (
        date.month === rule.month &&
        (rule.dayOfWeekMask & weekdayBit(weekday)) !== 0 &&
        isNthWeekdayOfMonth(dayNumber, date.day, rule.instance)
      );
  }
}
