/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER …) as half-open day ranges [start, end) of
 * calendar days in the querying user's time zone, measured from the org clock. Weeks start on Sunday
 * (en_US); fiscal literals use calendar periods.
 */
import { DateTime } from 'luxon';

export interface DayRange {
  /** First day in range, 'YYYY-MM-DD'. */
  start: string;
  /** First day after the range, 'YYYY-MM-DD'. */
  end: string;
}

const DAY_MS = 86_400_000;

const utcDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m, d));
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);
const addMonths = (d: Date, n: number): Date => utcDay(d.getUTCFullYear(), d.getUTCMonth() + n, 1);

/**
 * Computes the range of a date literal, or returns null when the name is not a date literal.
 *
 * @example dateLiteralRange('LAST_N_DAYS', 3, new Date('2024-05-10T15:00:00Z'))
 * // => { start: '2024-05-07', end: '2024-05-11' }
 */
export function dateLiteralRange(
  name: string,
  n: number | undefined,
  now: Date,
  timeZone = 'UTC'
): DayRange | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const today = local.isValid
    ? utcDay(local.year, local.month - 1, local.day)
    : utcDay(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekStart = addDays(today, -today.getUTCDay());
  const monthStart = utcDay(today.getUTCFullYear(), today.getUTCMonth(), 1);
  const quarterStart = utcDay(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1);
  const yearStart = utcDay(today.getUTCFullYear(), 0, 1);
  const count = n ?? 0;
  const range = (start: Date, end: Date): DayRange => ({ start: iso(start), end: iso(end) });
  const literal = name
    .toUpperCase()
    .replace(/_FISCAL_/, '_')
    .replace(/^(THIS|LAST|NEXT)_FISCAL/, '$1');
  switch (literal) {
    case 'YESTERDAY':
      return range(addDays(today, -1), today);
    case 'TODAY':
      return range(today, addDays(today, 1));
    case 'TOMORROW':
      return range(addDays(today, 1), addDays(today, 2));
    case 'LAST_WEEK':
      return range(addDays(weekStart, -7), weekStart);
    case 'THIS_WEEK':
      return range(weekStart, addDays(weekStart, 7));
    case 'NEXT_WEEK':
      return range(addDays(weekStart, 7), addDays(weekStart, 14));
    case 'LAST_MONTH':
      return range(addMonths(monthStart, -1), monthStart);
    case 'THIS_MONTH':
      return range(monthStart, addMonths(monthStart, 1));
    case 'NEXT_MONTH':
      return range(addMonths(monthStart, 1), addMonths(monthStart, 2));
    case 'LAST_90_DAYS':
      return range(addDays(today, -90), addDays(today, 1));
    case 'NEXT_90_DAYS':
      return range(addDays(today, 1), addDays(today, 91));
    case 'LAST_QUARTER':
      return range(addMonths(quarterStart, -3), quarterStart);
    case 'THIS_QUARTER':
      return range(quarterStart, addMonths(quarterStart, 3));
    case 'NEXT_QUARTER':
      return range(addMonths(quarterStart, 3), addMonths(quarterStart, 6));
    case 'LAST_YEAR':
      return range(addMonths(yearStart, -12), yearStart);
    case 'THIS_YEAR':
      return range(yearStart, addMonths(yearStart, 12));
    case 'NEXT_YEAR':
      return range(addMonths(yearStart, 12), addMonths(yearStart, 24));
    case 'LAST_N_DAYS':
      return range(addDays(today, -count), addDays(today, 1));
    case 'NEXT_N_DAYS':
      return range(addDays(today, 1), addDays(today, 1 + count));
    case 'N_DAYS_AGO':
      return range(addDays(today, -count), addDays(today, -count + 1));
    case 'LAST_N_WEEKS':
      return range(addDays(weekStart, -7 * count), weekStart);
    case 'NEXT_N_WEEKS':
      return range(addDays(weekStart, 7), addDays(weekStart, 7 + 7 * count));
    case 'N_WEEKS_AGO':
      return range(addDays(weekStart, -7 * count), addDays(weekStart, -7 * count + 7));
    case 'LAST_N_MONTHS':
      return range(addMonths(monthStart, -count), monthStart);
    case 'NEXT_N_MONTHS':
      return range(addMonths(monthStart, 1), addMonths(monthStart, 1 + count));
    case 'N_MONTHS_AGO':
      return range(addMonths(monthStart, -count), addMonths(monthStart, -count + 1));
    case 'LAST_N_QUARTERS':
      return range(addMonths(quarterStart, -3 * count), quarterStart);
    case 'NEXT_N_QUARTERS':
      return range(addMonths(quarterStart, 3), addMonths(quarterStart, 3 + 3 * count));
    case 'N_QUARTERS_AGO':
      return range(addMonths(quarterStart, -3 * count), addMonths(quarterStart, -3 * count + 3));
    case 'LAST_N_YEARS':
      return range(addMonths(yearStart, -12 * count), yearStart);
    case 'NEXT_N_YEARS':
      return range(addMonths(yearStart, 12), addMonths(yearStart, 12 + 12 * count));
    case 'N_YEARS_AGO':
      return range(addMonths(yearStart, -12 * count), addMonths(yearStart, -12 * count + 12));
    default:
      return null;
  }
}

/** The instant a calendar day starts in a time zone, in stored datetime form. */
export function dayStartInstant(day: string, timeZone: string): string {
  const start = DateTime.fromISO(day, { zone: timeZone });
  return (start.isValid ? start : DateTime.fromISO(day, { zone: 'UTC' })).toUTC().toISO() as string;
}
