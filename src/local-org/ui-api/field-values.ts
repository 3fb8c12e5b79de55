/**
 * Field values as the UI API and GraphQL API hand them to components: `{ value, displayValue }`.
 * `value` is the raw value (datetimes as `2026-03-02T09:00:00.000Z`), `displayValue` is what a
 * record page shows for the field in the user's locale (en_US) and time zone, or null when the raw
 * value needs no formatting (text, ids, booleans, plain numbers).
 */
import { FieldDef } from '../schema/types';

export interface FieldValue {
  value: unknown;
  displayValue: string | null;
}

/** The REST API's `+0000` datetimes in the UI API's `Z` form. */
export function uiDateTime(value: string): string {
  return value.endsWith('+0000') ? `${value.slice(0, -5)}Z` : value;
}

/** The raw value of a field as the UI API sends it, from a REST-shaped record value. */
export function uiValue(field: FieldDef, value: unknown): unknown {
  if (value === undefined) return null;
  if (field.type === 'datetime' && typeof value === 'string') return uiDateTime(value);
  return value;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `3/2/2026`: an en_US short date, read as a calendar day (no time-zone shift). */
export function formatDate(day: string): string {
  const [year, month, date] = day.slice(0, 10).split('-').map(Number);
  return `${month}/${date}/${year}`;
}

/** Formatters by time zone: building one costs far more than formatting with it. */
const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** `3/2/2026, 1:00 AM` in the given time zone, as an en_US record page shows a datetime. */
export function formatDateTimeDisplay(iso: string, timeZone: string): string {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(uiDateTime(iso))).replace(/\u202f/g, ' ');
}

/** `9:05 AM` from a stored time `09:05:00.000Z`. */
export function formatTime(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  const suffix = hours < 12 ? 'AM' : 'PM';
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}:${pad(minutes)} ${suffix}`;
}

function picklistLabel(field: FieldDef, value: string): string {
  return field.picklistValues.find((entry) => entry.value === value)?.label ?? value;
}

/** What the record page shows for a value, or null when the raw value is shown as is. */
export function displayValue(field: FieldDef, value: unknown, timeZone: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (field.type) {
    case 'picklist':
      return picklistLabel(field, String(value));
    case 'multipicklist':
      return String(value)
        .split(';')
        .map((v) => picklistLabel(field, v))
        .join(';');
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTimeDisplay(String(value), timeZone);
    case 'time':
      return formatTime(String(value));
    case 'currency':
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: field.scale,
        maximumFractionDigits: field.scale
      }).format(Number(value));
    case 'percent':
      return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: field.scale }).format(Number(value))}%`;
    default:
      return null;
  }
}

/** `{ value, displayValue }` of one field. */
export function fieldValue(field: FieldDef, value: unknown, timeZone: string): FieldValue {
  const raw = uiValue(field, value);
  return { displayValue: displayValue(field, raw, timeZone), value: raw };
}
