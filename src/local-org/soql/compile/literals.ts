/**
 * Literals of a condition in their stored form, with SOQL's typing rules (a number for a number
 * field, quotes for text, ids checked) and date literals (`TODAY`, `LAST_N_DAYS:n`…) as a range of
 * calendar days in the querying user's time zone.
 */
import { SalesforceError } from '../../errors';
import { normalizeId } from '../../ids';
import type { FieldDef } from '../../schema/types';
import { parseDateTime } from '../../store/values';
import { dateLiteralRange } from '../date-literals';
import type { CompileContext } from './context';
import { located } from './errors';

/** Field types that compare as text (LIKE works on them). */
export const STRINGISH = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'id',
  'reference',
  'time'
]);
const NUMERIC = new Set(['double', 'int', 'currency', 'percent']);

/** A day range `[start, end)` (ISO dates) that a date literal stands for. */
export interface DayRange {
  start: string;
  end: string;
}

/** Whether a date literal's day range lies within the years Salesforce stores (1700 to 4000). */
function withinSalesforceCalendar(range: DayRange): boolean {
  const start = new Date(range.start);
  const end = new Date(range.end);
  return (
    !Number.isNaN(start.getTime()) &&
    !Number.isNaN(end.getTime()) &&
    start.getUTCFullYear() >= 1700 &&
    end.getUTCFullYear() <= 4001
  );
}

/**
 * Converts a literal to the stored form for the field, enforcing SOQL's typing rules. Date
 * literals return a day range.
 */
export function literal(
  ctx: CompileContext,
  field: FieldDef,
  rawField: string,
  raw: string,
  literalType: string,
  variable?: number | number[]
): string | number | null | DayRange {
  if (literalType === 'NULL' || raw.toUpperCase() === 'NULL') return null;
  const mustBe = (what: string, quoted: boolean) =>
    ctx.invalidField(
      rawField,
      `value of filter criterion for field '${field.name}' must be of type ${what} and should ${quoted ? '' : 'not '}be enclosed in quotes`
    );
  if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
    if (field.type !== 'date' && field.type !== 'datetime')
      throw mustBe(field.type, STRINGISH.has(field.type));
    const [name, n] = raw.split(':');
    const count = n !== undefined ? Number(n) : Array.isArray(variable) ? variable[0] : variable;
    // An n whose range leaves the calendar Salesforce supports (years 1700–4000) is a query
    // error, as in an org, not a server error.
    const outOfRange = () =>
      located(
        ctx.soql,
        raw,
        `Invalid date literal ${raw}: n must be a whole number whose range stays within the years 1700 to 4000`,
        'MALFORMED_QUERY'
      );
    if (count !== undefined && (!Number.isSafeInteger(count) || count < 0)) throw outOfRange();
    let range: ReturnType<typeof dateLiteralRange>;
    try {
      range = dateLiteralRange(name, count, ctx.clock.now(), ctx.timeZone);
    } catch {
      throw outOfRange();
    }
    if (range && !withinSalesforceCalendar(range)) throw outOfRange();
    if (!range) throw located(ctx.soql, name, `unexpected token: ${name}`, 'MALFORMED_QUERY');
    return range;
  }
  switch (field.type) {
    case 'boolean':
      if (literalType !== 'BOOLEAN') throw mustBe('boolean', false);
      return raw.toUpperCase() === 'TRUE' ? 1 : 0;
    case 'double':
    case 'int':
    case 'currency':
    case 'percent':
      if (
        !['INTEGER', 'DECIMAL', 'INTEGER_WITH_CURRENCY_PREFIX', 'DECIMAL_WITH_CURRENCY_PREFIX'].includes(
          literalType
        )
      ) {
        throw mustBe('number', false);
      }
      return Number(raw.replace(/^[A-Z]{3}/, ''));
    case 'date':
      if (literalType !== 'DATE') throw mustBe('date', false);
      return raw;
    case 'datetime': {
      if (literalType !== 'DATETIME') throw mustBe('dateTime', false);
      const parsed = parseDateTime(raw);
      if (!parsed) throw mustBe('dateTime', false);
      return parsed;
    }
    default:
      break;
  }
  if (literalType !== 'STRING') throw mustBe('string', true);
  const text = unquote(raw);
  if (field.type === 'id' || field.type === 'reference') {
    if (text === '') return null;
    const id = normalizeId(text);
    if (!id) throw new SalesforceError('INVALID_QUERY_FILTER_OPERATOR', `\ninvalid ID field: ${text}`);
    return id;
  }
  if (NUMERIC.has(field.type)) return Number(text);
  return text;
}

/** Removes SOQL string quotes and escapes (\\' \\" \\\\ \\n \\t); keeps \\% and \\_ for LIKE. */
export function unquote(raw: string): string {
  const text = raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return text.replace(/\\([\\'"ntrbf%_])/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '%':
      case '_':
        return `\\${ch}`;
      default:
        return ch;
    }
  });
}
