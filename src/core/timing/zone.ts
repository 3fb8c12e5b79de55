/**
 * Time-zone arithmetic for the core, on luxon (the same library the criteria and field-update code use,
 * so the core bundle carries one time-zone implementation).
 *
 * luxon resolves wall clocks its own way (a time in a spring-forward gap is pushed forward by the gap's
 * length, an ambiguous time may resolve to either occurrence, and the search starts from today's offset),
 * so {@link fromLocal} resolves them from luxon's offsets by the rules in README.md: the first instant
 * after a gap, the first occurrence in an overlap. Offsets are memoised per zone and UTC hour (also
 * under the luxon zone {@link toLocal} reads wall clocks with): uncached, each costs an `Intl` format.
 *
 * Conventions: instants are epoch milliseconds or `Date` (always UTC); a local calendar day is a
 * "day number" (days since 1970-01-01, the same for every zone); a local time is minutes after local
 * midnight (0–1440).
 */
import { DateTime, IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Every real offset is within [-12h, +14h], and two transitions never fall within 28 hours. */
const TRANSITION_LOOKAROUND_MS = 14 * HOUR_MS;

/**
 * Tells whether a name is a time zone the platform knows (IANA names such as `Europe/Berlin`, and `UTC`/`GMT`).
 *
 * @example
 * isValidTimeZone('Asia/Kolkata') //=> true
 * isValidTimeZone('Mars/Olympus') //=> false
 */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  // Known zones answer from the memo: IANAZone.isValidZone builds an Intl formatter on every call.
  // IANAZone, not luxon's zone parser (which also takes "UTC+3" and "local"): exactly the names Intl knows.
  if (zones.has(timeZone)) return true;
  if (!IANAZone.isValidZone(timeZone)) return false;
  zoneNamed(timeZone);
  return true;
}

/** The wall clock of an instant in a zone. `weekday` is ISO: 1 = Monday … 7 = Sunday. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Days since 1970-01-01 of the local calendar date. */
  dayNumber: number;
  /** Minutes after local midnight, 0–1439. */
  minuteOfDay: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** The offset in minutes at an instant, from luxon's tz lookup (the slow path: one `Intl` format). */
function exactOffsetMinutes(timeZone: string, epochMs: number): number {
  // Rounded: pre-1900 local mean times have offsets with seconds, which would make wall clocks fractional.
  return Math.round(IANAZone.create(timeZone).offset(epochMs));
}

/** Bounded memo of offsets at whole UTC hours, per zone: a deterministic cache, not state. */
const hourOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 100_000;

function offsetAtHour(timeZone: string, hour: number): number {
  let cache = hourOffsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    hourOffsets.set(timeZone, cache);
  }
  let offset = cache.get(hour);
  if (offset === undefined) {
    if (cache.size >= MAX_CACHED_HOURS) cache.clear();
    offset = exactOffsetMinutes(timeZone, hour * HOUR_MS);
    cache.set(hour, offset);
  }
  return offset;
}

/**
 * The zone's offset from UTC at an instant, in minutes (east positive).
 *
 * @example
 * offsetMinutes('Asia/Kolkata', Date.parse('2026-01-15T00:00:00Z')) //=> 330
 * offsetMinutes('Europe/Berlin', Date.parse('2026-07-01T00:00:00Z')) //=> 120
 */
export function offsetMinutes(timeZone: string, epochMs: number): number {
  // Zones change offset at most once in any hour, so equal offsets at both ends of the UTC hour hold
  // for the whole hour; only the hour containing a transition asks for the exact instant.
  const hour = Math.floor(epochMs / HOUR_MS);
  const atStart = offsetAtHour(timeZone, hour);
  return atStart === offsetAtHour(timeZone, hour + 1) ? atStart : exactOffsetMinutes(timeZone, epochMs);
}

/** A luxon zone whose offsets come from the memo above; luxon asks for offsets on every operation. */
class MemoisedZone extends IANAZone {
  override offset(epochMs: number): number {
    return offsetMinutes(this.name, epochMs);
  }
}

const zones = new Map<string, MemoisedZone>();

/** The luxon zone for a valid zone name (see {@link isValidTimeZone}). */
function zoneNamed(timeZone: string): MemoisedZone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new MemoisedZone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** The local calendar day of a luxon date-time, as a day number. */
function dayNumberOfDateTime(local: DateTime): number {
  return Math.floor((local.toMillis() + local.offset * MINUTE_MS) / DAY_MS);
}

/**
 * Returns the wall clock of an instant in a zone (the zone must be valid, see {@link isValidTimeZone}).
 *
 * @example
 * toLocal('America/New_York', Date.parse('2026-03-08T07:30:00Z'))
 * //=> { year: 2026, month: 3, day: 8, hour: 3, minute: 30, second: 0, weekday: 7, minuteOfDay: 210, dayNumber: 20520 }
 * // (Sunday 03:30 EDT, the first morning after the spring-forward gap)
 */
export function toLocal(timeZone: string, epochMs: number): LocalDateTime {
  const local = DateTime.fromMillis(epochMs, { zone: zoneNamed(timeZone) });
  const dayNumber = dayNumberOfDateTime(local);
  return {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
    dayNumber,
    minuteOfDay: local.hour * 60 + local.minute,
    // From the day number: luxon's weekday builds its whole ISO-week data on first read.
    weekday: weekdayOf(dayNumber)
  };
}

/**
 * The instant of a local wall-clock time. A time that does not exist (inside a spring-forward gap)
 * moves to the first instant after the gap; an ambiguous time (inside a fall-back overlap) resolves to
 * its first occurrence, so it fires once.
 *
 * @example
 * // Sunday 8 March 2026, 02:30 does not exist in New York: the clock jumps from 02:00 EST to 03:00 EDT.
 * new Date(fromLocal('America/New_York', dayNumberOf(2026, 3, 8), 150)).toISOString()
 * //=> '2026-03-08T07:00:00.000Z' (03:00 EDT)
 */
export function fromLocal(timeZone: string, dayNumber: number, minuteOfDay: number): number {
  // Not DateTime.fromObject: luxon starts from today's offset, so it misreads times in zones whose offset
  // has since moved by more than a DST step (Pacific/Apia in 2010), and its gap and overlap rules differ
  // from ours. The two offsets around the wall clock give both candidate instants instead.
  const naive = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  const offsetEarly = offsetMinutes(timeZone, naive - TRANSITION_LOOKAROUND_MS);
  const offsetLate = offsetMinutes(timeZone, naive + TRANSITION_LOOKAROUND_MS);
  // The same offset on both sides: no transition nearby.
  if (offsetEarly === offsetLate) return naive - offsetEarly * MINUTE_MS;
  const candidates: number[] = [];
  for (const offset of [offsetEarly, offsetLate]) {
    const instant = naive - offset * MINUTE_MS;
    if (offsetMinutes(timeZone, instant) === offset) candidates.push(instant);
  }
  // Both exist in an overlap: the first occurrence fires.
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the transition lies between the two candidate instants; find it to the minute.
  let low = naive - Math.max(offsetEarly, offsetLate) * MINUTE_MS;
  let high = naive - Math.min(offsetEarly, offsetLate) * MINUTE_MS;
  const before = offsetMinutes(timeZone, low);
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutes(timeZone, middle) === before) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Days since 1970-01-01 of a calendar date (zone-free).
 *
 * @example
 * dayNumberOf(1970, 1, 2) //=> 1
 */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/**
 * ISO weekday (1 = Monday … 7 = Sunday) of a day number.
 *
 * @example
 * weekdayOf(0) //=> 4 (Thursday 1 January 1970)
 */
export function weekdayOf(dayNumber: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * The calendar date of a day number.
 *
 * @example
 * dateOfDayNumber(20520) //=> { year: 2026, month: 3, day: 8 }
 */
export function dateOfDayNumber(dayNumber: number): { year: number; month: number; day: number } {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * The instants where a local calendar day starts and ends in a zone (`end` is the next day's start;
 * a day is 23 or 25 hours long on DST changes).
 *
 * @example
 * localDayBounds('Europe/Berlin', new Date('2026-03-29T12:00:00Z'))
 * //=> { start: 2026-03-28T23:00:00.000Z, end: 2026-03-29T22:00:00.000Z } (a 23-hour Sunday)
 */
export function localDayBounds(timeZone: string, instant: Date): { start: Date; end: Date } {
  const { dayNumber } = toLocal(timeZone, instant.getTime());
  return {
    start: new Date(fromLocal(timeZone, dayNumber, 0)),
    end: new Date(fromLocal(timeZone, dayNumber + 1, 0))
  };
}

/**
 * Reads an instant from a `Date`, an epoch number, or an ISO 8601 / Salesforce datetime string
 * (`2026-11-30T14:00:00.000+0000`). Returns `null` for anything that is not a valid instant.
 *
 * @example
 * parseInstant('2026-11-30T14:00:00.000+0000')?.toISOString() //=> '2026-11-30T14:00:00.000Z'
 * parseInstant('next Tuesday') //=> null
 */
export function parseInstant(value: unknown): Date | null {
  let epoch = Number.NaN;
  if (value instanceof Date) epoch = value.getTime();
  else if (typeof value === 'number') epoch = value;
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    // Salesforce writes offsets without a colon (+0000); add one for strict ISO parsers.
    epoch = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  }
  return Number.isFinite(epoch) ? new Date(epoch) : null;
}

/** A calendar period for {@link localPeriodStart}. */
export type LocalPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * The instant a local calendar period starts: the day, week, month, quarter or year containing
 * `instant` in `timeZone`, moved by `shift` whole periods. Weeks start on `weekStart` (ISO weekday,
 * default 7 = Sunday as in Salesforce's en_US locale). A midnight lost to DST moves to the first
 * instant after the gap. Use it for relative dates such as TODAY, LAST_N_DAYS:n or NEXT_QUARTER.
 *
 * @example
 * // Wednesday 11 March 2026, 15:00Z, in New York:
 * localPeriodStart('America/New_York', new Date('2026-03-11T15:00:00Z'), 'week')
 * //=> 2026-03-08T05:00:00.000Z (Sunday 8 March 00:00 EST)
 * localPeriodStart('America/New_York', new Date('2026-03-11T15:00:00Z'), 'quarter', 1)
 * //=> 2026-04-01T04:00:00.000Z (Wednesday 1 April 00:00 EDT)
 */
export function localPeriodStart(
  timeZone: string,
  instant: Date,
  period: LocalPeriod,
  shift = 0,
  weekStart = 7
): Date {
  // Calendar arithmetic on the local date (in UTC, where every midnight exists); the zone only
  // matters for the final midnight, which fromLocal moves past a DST gap.
  const local = toLocal(timeZone, instant.getTime());
  const today = DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day },
    { zone: 'UTC' }
  );
  const start =
    period === 'week'
      ? today.minus({ days: (local.weekday - weekStart + 7) % 7 }).plus({ weeks: shift })
      : today.startOf(period).plus({ [`${period}s`]: shift });
  return new Date(fromLocal(timeZone, dayNumberOfDateTime(start), 0));
}

/**
 * Reads a calendar date `YYYY-MM-DD` (a Salesforce Date field), rejecting dates that do not exist.
 *
 * @example
 * parseLocalDate('2028-02-29') //=> { year: 2028, month: 2, day: 29, dayNumber: 21243 }
 * parseLocalDate('2026-02-29') //=> null
 */
export function parseLocalDate(
  text: unknown
): { year: number; month: number; day: number; dayNumber: number } | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return date.isValid ? { year, month, day, dayNumber: dayNumberOf(year, month, day) } : null;
}
