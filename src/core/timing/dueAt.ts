/**
 * Due times: base + delay, then (in the business-hours modes) the first instant at or after it that is
 * inside business hours (docs/architecture.md §4).
 *
 * Delays are elapsed time: 1 Minute = 60 s, 1 Hour = 60 min, 1 Day = 24 h, whatever DST does. Business
 * windows are wall-clock times, so 09:00 stays 09:00 across DST; a window edge that falls in a DST gap
 * moves to the first instant after the gap, and one in an overlap uses its first occurrence.
 */
import { DELAY_UNITS, TIMING_MODES, type DelayUnit, type TimingMode } from '../constants';
import { fail, ok, type Result } from '../result';
import { withTimeZone, type BusinessCalendar } from './businessHours';
import { holidayOccursOn } from './holidays';
import { fromLocal, isValidTimeZone, toLocal, weekdayOf } from './zone';

const UNIT_MS: Record<DelayUnit, number> = { Minutes: 60_000, Hours: 3_600_000, Days: 86_400_000 };

/** How far ahead {@link nextBusinessInstant} looks before it concludes the calendar never opens. */
export const BUSINESS_SEARCH_DAYS = 732;

/** Local open intervals of a day, in minutes: the weekday window minus the holidays of that day. */
function openMinutes(
  calendar: BusinessCalendar,
  dayNumber: number,
  weekdaysOnly: boolean
): [number, number][] {
  const weekday = weekdayOf(dayNumber);
  if (weekdaysOnly && weekday > 5) return [];
  const window = calendar.week[weekday - 1];
  if (!window) return [];
  let intervals: [number, number][] = [[window[0], window[1]]];
  for (const holiday of calendar.holidays) {
    if (!holidayOccursOn(holiday, dayNumber)) continue;
    const next: [number, number][] = [];
    for (const [from, until] of intervals) {
      if (holiday.closedFrom > from) next.push([from, Math.min(until, holiday.closedFrom)]);
      if (holiday.closedUntil < until) next.push([Math.max(from, holiday.closedUntil), until]);
    }
    intervals = next.filter(([from, until]) => until > from);
  }
  return intervals;
}

/**
 * The first instant at or after `instant` inside the calendar's business hours (Monday to Friday only
 * when `weekdaysOnly`), or `null` when the calendar is closed for the next {@link BUSINESS_SEARCH_DAYS} days.
 *
 * @example
 * // 09:00–17:00 New York, Monday to Friday. Friday 17:30 EST:
 * nextBusinessInstant(calendar, new Date('2026-11-27T22:30:00Z'), { weekdaysOnly: true })
 * //=> 2026-11-30T14:00:00.000Z (Monday 09:00 EST)
 */
export function nextBusinessInstant(
  calendar: BusinessCalendar,
  instant: Date,
  options: { weekdaysOnly?: boolean } = {}
): Date | null {
  const time = instant.getTime();
  const zone = calendar.timeZone;
  const firstDay = toLocal(zone, time).dayNumber;
  for (let day = firstDay; day < firstDay + BUSINESS_SEARCH_DAYS; day += 1) {
    for (const [from, until] of openMinutes(calendar, day, options.weekdaysOnly === true)) {
      const end = until === 1440 ? fromLocal(zone, day + 1, 0) : fromLocal(zone, day, until);
      if (time >= end) continue;
      const start = fromLocal(zone, day, from);
      // A window that lies entirely inside a DST gap has no instants.
      if (start >= end) continue;
      return new Date(Math.max(time, start));
    }
  }
  return null;
}

/**
 * Whether an instant is inside the calendar's business hours (Monday to Friday only when `weekdaysOnly`).
 *
 * @example
 * isWithinBusinessHours(calendar, new Date('2026-11-30T14:00:00Z')) //=> true (Monday 09:00 EST)
 * isWithinBusinessHours(calendar, new Date('2026-11-28T15:00:00Z')) //=> false (Saturday)
 */
export function isWithinBusinessHours(
  calendar: BusinessCalendar,
  instant: Date,
  options: { weekdaysOnly?: boolean } = {}
): boolean {
  return nextBusinessInstant(calendar, instant, options)?.getTime() === instant.getTime();
}

/**
 * Adds a delay as elapsed time (1 Day = 24 hours, docs/architecture.md §4).
 *
 * @example
 * addDelay(new Date('2026-03-07T15:00:00Z'), 1, 'Days')
 * //=> 2026-03-08T15:00:00.000Z (Sunday 11:00 EDT in New York: 24 h after Saturday 10:00 EST)
 */
export function addDelay(base: Date, amount: number, unit: DelayUnit): Date {
  return new Date(base.getTime() + amount * UNIT_MS[unit]);
}

/** The timing of one action. Field names follow `Sequence_Action__c`. */
export interface ActionTiming {
  Delay_Amount__c?: number | null;
  Delay_Unit__c?: DelayUnit | null;
  Timing__c?: TimingMode | null;
}

/** Input of {@link computeDueAt}. */
export interface DueAtInput {
  /** Admission (first action) or the actual completion of the previous action. */
  base: Date;
  delayAmount: number;
  delayUnit: DelayUnit;
  timing: TimingMode;
  /** Required by the business-hours modes (see `resolveCalendar`). */
  calendar?: BusinessCalendar | null;
  /** With `Use_Recipient_Time_Zone__c`: the participant's IANA zone; windows are read there. */
  recipientTimeZone?: string | null;
}

/**
 * Computes when an action is due: `Immediate (Any Day)` is base + delay; `Business Hours (Weekday)` is
 * the first instant at or after base + delay inside business hours, Monday to Friday; `Business Hours
 * (Any Day)` the same on any day the calendar is open. Bad input gives an error value naming the field.
 *
 * @example
 * computeDueAt({ base: new Date('2026-11-27T20:00:00Z'), delayAmount: 2, delayUnit: 'Hours',
 *   timing: 'Business Hours (Weekday)', calendar }) // 09:00–17:00 America/New_York
 * //=> { ok: true, value: 2026-11-30T14:00:00.000Z } (Friday 15:00 EST + 2 h = 17:00, closed → Monday 09:00)
 */
export function computeDueAt(input: DueAtInput): Result<Date> {
  const { base, delayAmount, delayUnit, timing } = input;
  if (!(base instanceof Date) || Number.isNaN(base.getTime()))
    return fail('INVALID_INSTANT', 'base: expected a valid Date', 'base');
  if (typeof delayAmount !== 'number' || !Number.isInteger(delayAmount) || delayAmount < 0)
    return fail(
      'INVALID_DELAY',
      `Delay_Amount__c: expected a whole number ≥ 0, got ${String(delayAmount)}`,
      'Delay_Amount__c'
    );
  if (!DELAY_UNITS.includes(delayUnit))
    return fail(
      'INVALID_DELAY_UNIT',
      `Delay_Unit__c: expected one of ${DELAY_UNITS.join(', ')}, got ${JSON.stringify(delayUnit)}`,
      'Delay_Unit__c'
    );
  if (!TIMING_MODES.includes(timing))
    return fail(
      'INVALID_TIMING',
      `Timing__c: expected one of ${TIMING_MODES.join(', ')}, got ${JSON.stringify(timing)}`,
      'Timing__c'
    );
  const earliest = addDelay(base, delayAmount, delayUnit);
  if (timing === 'Immediate (Any Day)') return ok(earliest);
  if (!input.calendar)
    return fail(
      'NO_BUSINESS_HOURS',
      `Timing__c '${timing}' needs a business calendar and none was given`,
      'calendar'
    );
  let calendar = input.calendar;
  if (input.recipientTimeZone != null && input.recipientTimeZone !== '') {
    if (!isValidTimeZone(input.recipientTimeZone))
      return fail(
        'INVALID_TIME_ZONE',
        `recipientTimeZone: unknown time zone ${JSON.stringify(input.recipientTimeZone)}`,
        'recipientTimeZone'
      );
    calendar = withTimeZone(calendar, input.recipientTimeZone);
  }
  const due = nextBusinessInstant(calendar, earliest, {
    weekdaysOnly: timing === 'Business Hours (Weekday)'
  });
  if (!due)
    return fail(
      'NO_BUSINESS_HOURS',
      `The business calendar (${calendar.source}, ${calendar.timeZone}) has no open time in the ${BUSINESS_SEARCH_DAYS} days after ${earliest.toISOString()}`,
      'calendar'
    );
  return ok(due);
}

/**
 * {@link computeDueAt} from an action's fields, with the picklist defaults of `Sequence_Action__c`
 * (0, Days, Immediate (Any Day)) for blank fields.
 *
 * @example
 * dueAtForAction({ Delay_Amount__c: 30, Delay_Unit__c: 'Minutes' }, new Date('2026-11-30T14:00:00Z'))
 * //=> { ok: true, value: 2026-11-30T14:30:00.000Z }
 */
export function dueAtForAction(
  action: ActionTiming,
  base: Date,
  calendar?: BusinessCalendar | null,
  recipientTimeZone?: string | null
): Result<Date> {
  return computeDueAt({
    base,
    delayAmount: action.Delay_Amount__c ?? 0,
    delayUnit: action.Delay_Unit__c ?? 'Days',
    timing: action.Timing__c ?? 'Immediate (Any Day)',
    calendar,
    recipientTimeZone
  });
}
