/**
 * Date values in criteria: absolute dates (`2026-03-31`), absolute date-times
 * (`2026-03-31T09:00:00Z`) and the relative date literals admins know from SOQL and list views
 * (`TODAY`, `LAST_N_DAYS:7`, `THIS_QUARTER`, …). Every value becomes a half-open range of instants
 * `[start, end)` in the evaluation time zone, so `equals` means "within the range" and `lessThan` /
 * `greaterThan` compare with its edges, exactly as SOQL does.
 */
import { DateTime, type Zone } from 'luxon';
import { fail, ok, type Result } from '../result';
import { parseLocalDate } from '../timing/zone';

/** Calendar units of the relative date literals. */
export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A range of whole units relative to the start of the current unit: `[from, to)`. */
export interface RelativeDateRange {
  kind: 'relative';
  literal: string;
  unit: DateUnit;
  from: number;
  to: number;
}

/** A parsed criteria date value. */
export type DateOperand =
  { kind: 'date'; date: string } | { kind: 'datetime'; instant: number; text: string } | RelativeDateRange;

/** Half-open range of epoch milliseconds. */
export interface InstantRange {
  start: number;
  end: number;
}

/** What "now" means for an evaluation. */
export interface CriteriaDateContext {
  /** The current instant in the evaluation zone. */
  now: DateTime;
  /** First day of the week, ISO numbering: 1 = Monday … 7 = Sunday. */
  weekStart: number;
}

const FIXED_LITERALS: Readonly<Record<string, Omit<RelativeDateRange, 'kind' | 'literal'>>> = {
  YESTERDAY: { unit: 'day', from: -1, to: 0 },
  TODAY: { unit: 'day', from: 0, to: 1 },
  TOMORROW: { unit: 'day', from: 1, to: 2 },
  LAST_90_DAYS: { unit: 'day', from: -90, to: 1 },
  NEXT_90_DAYS: { unit: 'day', from: 1, to: 91 }
};

const UNIT_WORDS: Readonly<Record<string, DateUnit>> = {
  DAY: 'day',
  DAYS: 'day',
  WEEK: 'week',
  WEEKS: 'week',
  MONTH: 'month',
  MONTHS: 'month',
  QUARTER: 'quarter',
  QUARTERS: 'quarter',
  YEAR: 'year',
  YEARS: 'year'
};

/** Every relative literal, with the words the criteria builder shows for it. */
export const DATE_LITERALS: ReadonlyArray<{ literal: string; label: string; takesNumber: boolean }> = [
  { literal: 'TODAY', label: 'Today', takesNumber: false },
  { literal: 'YESTERDAY', label: 'Yesterday', takesNumber: false },
  { literal: 'TOMORROW', label: 'Tomorrow', takesNumber: false },
  ...(['WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const).flatMap((u) => {
    const word = u.toLowerCase();
    return [
      { literal: `LAST_${u}`, label: `Last ${word}`, takesNumber: false },
      { literal: `THIS_${u}`, label: `This ${word}`, takesNumber: false },
      { literal: `NEXT_${u}`, label: `Next ${word}`, takesNumber: false }
    ];
  }),
  ...(['DAYS', 'WEEKS', 'MONTHS', 'QUARTERS', 'YEARS'] as const).flatMap((u) => {
    const word = u.toLowerCase();
    return [
      { literal: `LAST_N_${u}`, label: `Last N ${word}`, takesNumber: true },
      { literal: `NEXT_N_${u}`, label: `Next N ${word}`, takesNumber: true },
      { literal: `N_${u}_AGO`, label: `N ${word} ago`, takesNumber: true }
    ];
  })
];

function relative(literal: string, unit: DateUnit, from: number, to: number): RelativeDateRange {
  return { kind: 'relative', literal, unit, from, to };
}

/**
 * Parses a relative date literal (SOQL spelling, any case).
 *
 * - `LAST_N_DAYS:n` runs from n days ago to the end of today (today included), `NEXT_N_DAYS:n`
 *   from tomorrow for n days (today excluded), as in SOQL.
 * - `LAST_N_WEEKS:n` (months, quarters, years alike) covers the n whole units before the current
 *   one; `NEXT_N_WEEKS:n` the n whole units after it; `N_WEEKS_AGO:n` the one unit n before.
 *
 * @example
 * parseDateLiteral('last_n_days:7')
 * //=> { kind: 'relative', literal: 'LAST_N_DAYS:7', unit: 'day', from: -7, to: 1 }
 * parseDateLiteral('THIS_QUARTER')
 * //=> { kind: 'relative', literal: 'THIS_QUARTER', unit: 'quarter', from: 0, to: 1 }
 * parseDateLiteral('LAST_FISCAL_YEAR')
 * //=> undefined
 */
export function parseDateLiteral(text: string): RelativeDateRange | undefined {
  const literal = text.trim().toUpperCase();
  const fixed = FIXED_LITERALS[literal];
  if (fixed !== undefined) return { kind: 'relative', literal, ...fixed };
  const period = /^(LAST|THIS|NEXT)_(WEEK|MONTH|QUARTER|YEAR)$/.exec(literal);
  if (period !== null) {
    const offset = period[1] === 'LAST' ? -1 : period[1] === 'THIS' ? 0 : 1;
    return relative(literal, UNIT_WORDS[period[2]], offset, offset + 1);
  }
  const counted =
    /^(?:(LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS)|N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS)_AGO):(\d{1,4})$/.exec(
      literal
    );
  if (counted === null) return undefined;
  const n = Number(counted[4]);
  if (counted[1] === undefined) {
    return relative(literal, UNIT_WORDS[counted[3]], -n, -n + 1);
  }
  const unit = UNIT_WORDS[counted[2]];
  if (counted[1] === 'NEXT') return relative(literal, unit, 1, n + 1);
  return relative(literal, unit, -n, unit === 'day' ? 1 : 0);
}

/**
 * Parses a criteria date value for a field of type `date` or `datetime`. Date fields take dates
 * and relative literals; date/time fields also take ISO date-times with an offset.
 *
 * @example
 * parseDateValue('2026-02-30', 'date')
 * //=> { ok: false, error: { code: 'BAD_VALUE', message: '"2026-02-30" is not a date (YYYY-MM-DD), or a relative date such as TODAY or LAST_N_DAYS:7' } }
 * parseDateValue('2026-03-01T09:00:00Z', 'datetime')
 * //=> { ok: true, value: { kind: 'datetime', instant: 1772355600000, text: '2026-03-01T09:00:00Z' } }
 */
export function parseDateValue(value: string, fieldType: 'date' | 'datetime'): Result<DateOperand> {
  const literal = parseDateLiteral(value);
  if (literal !== undefined) return ok(literal);
  const text = value.trim();
  if (parseLocalDate(text) !== null) {
    return ok({ kind: 'date', date: text });
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && /(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const instant = DateTime.fromISO(text, { setZone: true });
    if (instant.isValid) {
      if (fieldType === 'date') {
        return fail('BAD_VALUE', `"${value}" is a date/time, but the field holds dates only; use YYYY-MM-DD`);
      }
      return ok({ kind: 'datetime', instant: instant.toMillis(), text });
    }
  }
  return fail(
    'BAD_VALUE',
    `"${value}" is not a date (YYYY-MM-DD), ${fieldType === 'datetime' ? 'a date/time, ' : ''}or a relative date such as TODAY or LAST_N_DAYS:7`
  );
}

function startOfUnit(now: DateTime, unit: DateUnit, weekStart: number): DateTime {
  if (unit !== 'week') return now.startOf(unit);
  const day = now.startOf('day');
  return day.minus({ days: (day.weekday - weekStart + 7) % 7 });
}

/** Ranges already computed for a context: operands and record days repeat across records. */
const rangeCaches = new WeakMap<
  CriteriaDateContext,
  { operands: Map<DateOperand, InstantRange>; days: Map<string, InstantRange> }
>();

function cacheFor(context: CriteriaDateContext): {
  operands: Map<DateOperand, InstantRange>;
  days: Map<string, InstantRange>;
} {
  let cache = rangeCaches.get(context);
  if (cache === undefined) {
    cache = { operands: new Map(), days: new Map() };
    rangeCaches.set(context, cache);
  }
  return cache;
}

function computeOperandRange(operand: DateOperand, context: CriteriaDateContext): InstantRange {
  switch (operand.kind) {
    case 'date':
      return dayRange(operand.date, context.now.zone);
    case 'datetime':
      return { start: operand.instant, end: operand.instant + 1 };
    case 'relative': {
      const base = startOfUnit(context.now, operand.unit, context.weekStart);
      const plural = `${operand.unit}s` as const;
      return {
        start: base.plus({ [plural]: operand.from }).toMillis(),
        end: base.plus({ [plural]: operand.to }).toMillis()
      };
    }
  }
}

/**
 * The range of instants a date operand stands for, in the context's zone (memoised per context).
 *
 * @example
 * const now = DateTime.fromISO('2026-03-11T15:00:00', { zone: 'America/New_York' }) // a Wednesday
 * operandRange(parseDateLiteral('THIS_WEEK')!, { now, weekStart: 7 })
 * //=> { start: <2026-03-08T00:00 New York>, end: <2026-03-15T00:00 New York> }
 */
export function operandRange(operand: DateOperand, context: CriteriaDateContext): InstantRange {
  const cache = cacheFor(context).operands;
  let range = cache.get(operand);
  if (range === undefined) {
    range = computeOperandRange(operand, context);
    cache.set(operand, range);
  }
  return range;
}

/**
 * The range covering one calendar day (YYYY-MM-DD) in a zone; 23 or 25 hours on DST days.
 *
 * @example
 * dayRange('2026-03-08', 'America/New_York') // clocks go forward that night
 * //=> { start: 1772946000000, end: 1773028800000 } (05:00Z → 04:00Z next day: 23 hours)
 */
export function dayRange(date: string, zone: string | Zone): InstantRange {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/**
 * Reads a record's date or date/time value as SOQL returns it (`2026-03-01`,
 * `2026-03-01T09:00:00.000+0000`) into a range in the context's zone; anything else reads as blank
 * (`undefined`).
 *
 * @example
 * recordDateRange('2026-03-01T09:00:00.000+0000', 'datetime', context)
 * //=> { start: 1772355600000, end: 1772355600001 }
 */
export function recordDateRange(
  value: unknown,
  fieldType: 'date' | 'datetime',
  context: CriteriaDateContext
): InstantRange | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (fieldType === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = text.slice(0, 10);
    const days = cacheFor(context).days;
    const known = days.get(day);
    if (known !== undefined) return known;
    if (parseLocalDate(day) === null) return undefined;
    const range = dayRange(day, context.now.zone);
    days.set(day, range);
    return range;
  }
  const instant = DateTime.fromISO(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'), { zone: 'UTC' });
  return instant.isValid ? { start: instant.toMillis(), end: instant.toMillis() + 1 } : undefined;
}
