/**
 * Conversions between JSON values (what the REST API sends and receives), SQLite values (what the
 * tables hold) and the checks that make a value acceptable for a field.
 *
 * Storage: text for strings, ids, dates ('YYYY-MM-DD'), datetimes (ISO UTC with milliseconds and 'Z',
 * so text order is time order) and times; REAL for numbers; INTEGER 0/1 for booleans.
 */
import { SalesforceError } from '../errors';
import { FieldDef } from '../schema/types';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;
const EMAIL_RE = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export type SqlValue = string | number | null;

/** SQLite column affinity for a field. */
export function columnType(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
      return 'INTEGER NOT NULL DEFAULT 0';
    case 'double':
    case 'int':
    case 'currency':
    case 'percent':
      return 'REAL';
    default:
      return 'TEXT COLLATE NOCASE';
  }
}

/** Formats an instant as the API does: `2024-05-20T20:49:32.000+0000`. */
export function formatDateTime(iso: string): string {
  return iso.endsWith('Z') ? `${iso.slice(0, -1)}+0000` : iso;
}

/** Normalises a datetime text (any ISO-8601 offset form) to stored form, or null when invalid. */
export function parseDateTime(text: string): string | null {
  if (text.length > 40) return parse(text);
  let parsed = parsedDateTimes.get(text);
  if (parsed === undefined) {
    // A batch writes the same few instants to many records (now, a due time): parse each once.
    if (parsedDateTimes.size >= PARSED_DATETIMES_KEPT) parsedDateTimes.clear();
    parsedDateTimes.set(text, (parsed = parse(text)));
  }
  return parsed;
}

const parsedDateTimes = new Map<string, string | null>();
const PARSED_DATETIMES_KEPT = 10_000;

function parse(text: string): string | null {
  const m = DATETIME_RE.exec(text.trim());
  if (!m) return null;
  const [, date, hh = '00', mm = '00', ss = '00', frac = '0', zone = 'Z'] = m;
  const offset =
    zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}.${frac.padEnd(3, '0').slice(0, 3)}${offset}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A restricted picklist's values, as a set built once per field. */
const restrictedValueSets = new WeakMap<FieldDef, Set<string>>();
function restrictedValues(field: FieldDef): Set<string> {
  let values = restrictedValueSets.get(field);
  if (!values) restrictedValueSets.set(field, (values = new Set(field.picklistValues.map((p) => p.value))));
  return values;
}

/** Converts a stored value to its JSON form for the field. */
export function fromSql(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return field.type === 'boolean' ? false : null;
  switch (field.type) {
    case 'boolean':
      return value === 1 || value === true || value === '1';
    case 'datetime':
      return formatDateTime(String(value));
    case 'int':
      return Number(value);
    case 'address':
    case 'location': {
      const parts = JSON.parse(String(value)) as Record<string, unknown>;
      return Object.values(parts).every((v) => v === null) ? null : parts;
    }
    default:
      return value;
  }
}

const typeError = (field: FieldDef, value: unknown): SalesforceError =>
  new SalesforceError(
    'INVALID_TYPE_ON_FIELD_IN_RECORD',
    `${field.label}: value not of required type: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    [field.name]
  );

/**
 * Converts a JSON input value to its stored form, checking type, length, email shape and restricted
 * picklist membership. Reference existence is checked by the store, which knows the other tables.
 */
export function toSql(field: FieldDef, value: unknown, allowedPicklist?: Set<string>): SqlValue {
  if (value === null || value === undefined || value === '') {
    if (field.type === 'boolean') return 0;
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (value === 'true' || value === 'false') return value === 'true' ? 1 : 0;
      throw typeError(field, value);
    case 'double':
    case 'int':
    case 'currency':
    case 'percent': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isFinite(n)) throw typeError(field, value);
      if (field.precision > 0) {
        const integerDigits = Math.trunc(Math.abs(n)).toString().length;
        if (integerDigits > field.precision - field.scale) {
          throw new SalesforceError(
            'NUMBER_OUTSIDE_VALID_RANGE',
            `${field.label}: value outside of valid range on numeric field: ${n}`,
            [field.name]
          );
        }
      }
      return field.type === 'int' || (field.precision > 0 && field.scale === 0) ? Math.round(n) : n;
    }
    case 'date': {
      if (typeof value !== 'string') throw typeError(field, value);
      const day = value.slice(0, 10);
      if (!DATE_RE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw typeError(field, value);
      return day;
    }
    case 'datetime': {
      const parsed =
        typeof value === 'number'
          ? new Date(value).toISOString()
          : typeof value === 'string'
            ? parseDateTime(value)
            : null;
      if (!parsed) throw typeError(field, value);
      return parsed;
    }
    case 'time': {
      if (typeof value !== 'string') throw typeError(field, value);
      const m = TIME_RE.exec(value);
      if (!m) throw typeError(field, value);
      return `${m[1]}:${m[2]}:${m[3] ?? '00'}.${(m[4] ?? '0').padEnd(3, '0')}Z`;
    }
    default:
      break;
  }
  if (typeof value === 'object') throw typeError(field, value);
  const text = String(value);
  if (field.type === 'id' || field.type === 'reference') return text;
  if (field.length > 0 && text.length > field.length) {
    throw new SalesforceError(
      'STRING_TOO_LONG',
      `${field.label}: data value too large: ${text.length > 80 ? `${text.slice(0, 80)}...` : text} (max length=${field.length})`,
      [field.name]
    );
  }
  if (field.type === 'email' && !EMAIL_RE.test(text)) {
    throw new SalesforceError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [
      field.name
    ]);
  }
  if (field.type === 'picklist' || field.type === 'multipicklist') {
    const allowed = allowedPicklist ?? (field.restrictedPicklist ? restrictedValues(field) : null);
    const values = field.type === 'multipicklist' ? text.split(';').map((v) => v.trim()) : [text];
    if (allowed) {
      for (const v of values) {
        if (!allowed.has(v)) {
          throw new SalesforceError(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${field.label}: bad value for restricted picklist field: ${v}`,
            [field.name]
          );
        }
      }
    }
    return field.type === 'multipicklist' ? [...new Set(values)].join(';') : text;
  }
  return text;
}
