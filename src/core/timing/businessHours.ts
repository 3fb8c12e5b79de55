/**
 * Business calendars: the weekly open hours and holidays that business-hours timing snaps to.
 *
 * A calendar comes from one of three sources, in this order (docs/architecture.md §4): the sequence's
 * `BusinessHours` record with its holidays; the action owner's User Start/End of Day in the owner's
 * time zone; the org's default `BusinessHours`. A calendar is plain, immutable data, so it can be built
 * once per pass and shared.
 */
import { fail, ok, type CoreError, type Result } from '../result';
import { holidayRule, type HolidayRecord, type HolidayRule } from './holidays';
import { isValidTimeZone } from './zone';

/** A `BusinessHours` record as the REST API returns it. Times are `HH:mm:ss.SSSZ`; null = closed. */
export interface BusinessHoursRecord {
  Id?: string;
  Name?: string;
  IsActive?: boolean;
  IsDefault?: boolean;
  TimeZoneSidKey: string;
  MondayStartTime?: string | null;
  MondayEndTime?: string | null;
  TuesdayStartTime?: string | null;
  TuesdayEndTime?: string | null;
  WednesdayStartTime?: string | null;
  WednesdayEndTime?: string | null;
  ThursdayStartTime?: string | null;
  ThursdayEndTime?: string | null;
  FridayStartTime?: string | null;
  FridayEndTime?: string | null;
  SaturdayStartTime?: string | null;
  SaturdayEndTime?: string | null;
  SundayStartTime?: string | null;
  SundayEndTime?: string | null;
}

/** The User fields that define personal working hours. `StartDay`/`EndDay` are hours of the day ("9", "17"). */
export interface UserHoursRecord {
  Id?: string;
  TimeZoneSidKey: string;
  StartDay?: string | null;
  EndDay?: string | null;
}

/** Local open minutes of one weekday: `[start, end)`, 0–1440. */
export type DayWindow = readonly [number, number];

/** Where a calendar's hours came from. */
export type CalendarSource = 'BusinessHours' | 'User' | 'OrgDefault';

/** Weekly open hours plus holidays, interpreted in `timeZone`. */
export interface BusinessCalendar {
  source: CalendarSource;
  timeZone: string;
  /** Index 0 = Monday … 6 = Sunday; null = closed all day. */
  week: readonly (DayWindow | null)[];
  holidays: readonly HolidayRule[];
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

function parseTime(value: string): number | null {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,3})?)?Z?$/.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

function buildHolidays(holidays: readonly HolidayRecord[]): Result<HolidayRule[]> {
  const rules: HolidayRule[] = [];
  for (const [index, record] of holidays.entries()) {
    const rule = holidayRule(record, `holidays[${index}]`);
    if (!rule.ok) return rule;
    rules.push(rule.value);
  }
  return ok(rules);
}

/**
 * Builds a calendar from a `BusinessHours` record and the holidays that apply to it. A day whose
 * start and end are both null is closed; `00:00`–`00:00` is open 24 hours; an end of `00:00` means midnight.
 *
 * @example
 * const calendar = calendarFromBusinessHours({ TimeZoneSidKey: 'America/New_York',
 *   MondayStartTime: '09:00:00.000Z', MondayEndTime: '17:00:00.000Z' }, [])
 * //=> { ok: true, value: { source: 'BusinessHours', timeZone: 'America/New_York', week: [[540, 1020], null, null, null, null, null, null], holidays: [] } }
 */
export function calendarFromBusinessHours(
  record: BusinessHoursRecord,
  holidays: readonly HolidayRecord[] = [],
  source: CalendarSource = 'BusinessHours'
): Result<BusinessCalendar> {
  if (!isValidTimeZone(record.TimeZoneSidKey))
    return fail(
      'INVALID_TIME_ZONE',
      `BusinessHours.TimeZoneSidKey: unknown time zone ${JSON.stringify(record.TimeZoneSidKey)}`,
      'TimeZoneSidKey'
    );
  const week: (DayWindow | null)[] = [];
  for (const name of WEEKDAY_NAMES) {
    const startField = `${name}StartTime` as keyof BusinessHoursRecord;
    const endField = `${name}EndTime` as keyof BusinessHoursRecord;
    const startText = record[startField];
    const endText = record[endField];
    if (startText == null && endText == null) {
      week.push(null);
      continue;
    }
    const start = typeof startText === 'string' ? parseTime(startText) : null;
    const end = typeof endText === 'string' ? parseTime(endText) : null;
    if (start === null)
      return fail(
        'INVALID_BUSINESS_HOURS',
        `BusinessHours.${startField}: expected a time HH:mm:ss.SSSZ, got ${JSON.stringify(startText)}`,
        startField
      );
    if (end === null)
      return fail(
        'INVALID_BUSINESS_HOURS',
        `BusinessHours.${endField}: expected a time HH:mm:ss.SSSZ, got ${JSON.stringify(endText)}`,
        endField
      );
    // An end of 00:00 is midnight at the end of the day (00:00–00:00 is the 24-hour day).
    const effectiveEnd = end === 0 ? 1440 : end;
    if (effectiveEnd <= start)
      return fail(
        'INVALID_BUSINESS_HOURS',
        `BusinessHours.${endField}: ${endText} is not after ${startField} ${startText}`,
        endField
      );
    week.push([start, effectiveEnd]);
  }
  const rules = buildHolidays(holidays);
  if (!rules.ok) return rules;
  return ok({ source, timeZone: record.TimeZoneSidKey, week, holidays: rules.value });
}

function parseUserHour(value: string | null | undefined): number | null {
  if (value == null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d{1,2}$/.test(text)) {
    const hour = Number(text);
    return hour <= 24 ? hour * 60 : null;
  }
  const time = parseTime(text);
  return time;
}

/**
 * Builds a calendar from a User's Start/End of Day (hours of the day, every day of the week) in the
 * user's time zone. Returns `null` as the value when the user has no usable working hours (blank, or
 * the end not after the start), so the caller falls back to the org default.
 *
 * @example
 * calendarFromUser({ TimeZoneSidKey: 'Europe/Berlin', StartDay: '8', EndDay: '17' })
 * //=> { ok: true, value: { source: 'User', timeZone: 'Europe/Berlin', week: [[480, 1020] ×7], holidays: [] } }
 */
export function calendarFromUser(
  user: UserHoursRecord,
  holidays: readonly HolidayRecord[] = []
): Result<BusinessCalendar | null> {
  if (!isValidTimeZone(user.TimeZoneSidKey))
    return fail(
      'INVALID_TIME_ZONE',
      `User.TimeZoneSidKey: unknown time zone ${JSON.stringify(user.TimeZoneSidKey)}`,
      'TimeZoneSidKey'
    );
  const start = parseUserHour(user.StartDay);
  const parsedEnd = parseUserHour(user.EndDay);
  // An End of Day of 0 is midnight at the end of the day, as in BusinessHours.
  const end = parsedEnd === 0 ? 1440 : parsedEnd;
  if (start === null || end === null || end <= start) return ok(null);
  const rules = buildHolidays(holidays);
  if (!rules.ok) return rules;
  const window: DayWindow = [start, end];
  return ok({
    source: 'User',
    timeZone: user.TimeZoneSidKey,
    week: WEEKDAY_NAMES.map(() => window),
    holidays: rules.value
  });
}

/** What {@link resolveCalendar} chooses from. */
export interface CalendarSources {
  /** The sequence's `Business_Hours_Id__c` record, with its holidays. */
  sequenceBusinessHours?: { record: BusinessHoursRecord; holidays?: readonly HolidayRecord[] } | null;
  /** The participant action's owner. */
  owner?: UserHoursRecord | null;
  /** The org's default `BusinessHours` record (`IsDefault = true`), with its holidays. */
  orgDefault?: { record: BusinessHoursRecord; holidays?: readonly HolidayRecord[] } | null;
}

/**
 * Picks the calendar that applies to an action (docs/architecture.md §4): the sequence's BusinessHours when set,
 * else the owner's Start/End of Day in the owner's zone, else the org default BusinessHours.
 *
 * @example
 * resolveCalendar({ owner: { TimeZoneSidKey: 'Asia/Kolkata', StartDay: '10', EndDay: '19' }, orgDefault })
 * //=> { ok: true, value: { source: 'User', timeZone: 'Asia/Kolkata', … } }
 */
export function resolveCalendar(sources: CalendarSources): Result<BusinessCalendar> {
  if (sources.sequenceBusinessHours) {
    return calendarFromBusinessHours(
      sources.sequenceBusinessHours.record,
      sources.sequenceBusinessHours.holidays
    );
  }
  if (sources.owner) {
    const fromOwner = calendarFromUser(sources.owner);
    if (!fromOwner.ok) return fromOwner;
    if (fromOwner.value) return ok(fromOwner.value);
  }
  if (sources.orgDefault) {
    return calendarFromBusinessHours(sources.orgDefault.record, sources.orgDefault.holidays, 'OrgDefault');
  }
  const error: CoreError = {
    code: 'NO_BUSINESS_HOURS',
    message:
      'No business hours apply: the sequence has no BusinessHours, the owner has no Start/End of Day, and no org default was given'
  };
  return { ok: false, error };
}

/**
 * The same calendar, read in another zone: used with `Use_Recipient_Time_Zone__c`, so a 09:00–17:00
 * window means 09:00–17:00 where the recipient is.
 *
 * @example
 * withTimeZone(calendar, 'Australia/Sydney').timeZone //=> 'Australia/Sydney'
 */
export function withTimeZone(calendar: BusinessCalendar, timeZone: string): BusinessCalendar {
  return { ...calendar, timeZone };
}
