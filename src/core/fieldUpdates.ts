/**
 * Field updates an action applies to the participant's record when it is performed (docs/architecture.md §5),
 * stored as `[{ "field": "Status", "value": "Working" }]` in `Field_Updates__c`. Planning types each
 * value by the field's describe, so the companion sends exactly what Salesforce expects and an
 * admin sees every bad entry before anything runs.
 *
 * Values by field type:
 * - text, text area, phone, URL: text (numbers are written as text); email: a valid address;
 * - number, currency, percent: a number (`"12.5"` is read as 12.5); int: a whole number;
 * - checkbox: `true` / `false`;
 * - date: `YYYY-MM-DD` or `{!Today}`; date/time: an ISO date-time with offset, `{!Now}` or `{!Today}`
 *   (midnight today in the time zone), sent as UTC;
 * - picklist: one active value; multi-select: values separated by `;` or a list;
 * - lookup: a record Id (15 or 18 characters);
 * - `null` or `""` clears the field (not allowed for checkboxes or required fields).
 */
import { DateTime } from 'luxon';
import { type FieldDescribe, findField, type ObjectDescribe } from './describe';
import { isValidEmailAddress } from './eligibility';
import { fieldRefusal, type FieldAllowList } from './fieldAllowList';
import { fieldSetRefusal, type FieldSets } from './fieldSets';
import { FIELD_UPDATE_TARGETS, type FieldUpdateTarget } from './participantContext';
import { type CoreError, err, ok, type Result } from './result';
import { parseLocalDate } from './timing/zone';

/** One entry as stored. `target` names the record it writes (default `Person`, see participantContext.ts). */
export interface FieldUpdateEntry {
  field: string;
  value?: unknown;
  target?: FieldUpdateTarget;
}

/** Typed values by the record they write (only the targets some entry names). */
export type TargetedFieldUpdatePlan = Partial<Record<FieldUpdateTarget, FieldUpdatePlan>>;

/** What a targeted plan checks each entry against. */
export interface FieldUpdateTargets {
  /** The describe of each record the sequence's field updates may write; `Person` is the Lead or Contact. */
  describes: Partial<Record<FieldUpdateTarget, ObjectDescribe>>;
  /** Field sets by object: when given, a field outside its object's set is refused (NOT_IN_FIELD_SET). */
  fieldSets?: FieldSets;
  /** When given, a field Stride may not write is refused first (FIELD_NOT_ALLOWED, the allow-list's reason). */
  allowList?: FieldAllowList;
}

/** A typed value ready for the Salesforce REST API. */
export type FieldUpdateValue = string | number | boolean | null;

/** Field name (describe spelling) → typed value. */
export type FieldUpdatePlan = Record<string, FieldUpdateValue>;

export interface FieldUpdateClock {
  now: Date | string;
  /** IANA zone for `{!Today}`. Default `UTC`. */
  timeZone?: string;
}

const TODAY = /^(\{!\s*today\s*\}|today)$/i;
const NOW = /^(\{!\s*now\s*\}|now)$/i;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

type Typed = Result<FieldUpdateValue, string>;

function fail(message: string): Typed {
  return err(message);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function picklistValue(field: FieldDescribe, text: string): Typed {
  const values = field.picklistValues ?? [];
  if (values.length === 0) return ok(text);
  const match = values.find((p) => p.value.toLowerCase() === text.toLowerCase());
  const valid = values
    .filter((p) => p.active)
    .map((p) => p.value)
    .join(', ');
  if (match === undefined)
    return fail(`"${text}" is not a value of picklist ${field.name}; valid values: ${valid}`);
  if (!match.active)
    return fail(`"${match.value}" is an inactive value of picklist ${field.name}; valid values: ${valid}`);
  return ok(match.value);
}

/** Types one non-blank value for its field. */
function typeValue(field: FieldDescribe, value: unknown, now: DateTime): Typed {
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (field.type) {
    case 'string':
    case 'textarea':
    case 'phone':
    case 'url':
      return typeof value === 'string' || typeof value === 'number'
        ? ok(String(value))
        : fail(`${JSON.stringify(value)} is not text`);
    case 'email':
      return text !== undefined && isValidEmailAddress(text)
        ? ok(text)
        : fail(`${JSON.stringify(value)} is not an email address`);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof value === 'boolean' ? undefined : toNumber(value);
      if (n === undefined) return fail(`${JSON.stringify(value)} is not a number`);
      if (field.type === 'int' && !Number.isInteger(n)) return fail(`${n} is not a whole number`);
      return ok(n);
    }
    case 'boolean':
      if (typeof value === 'boolean') return ok(value);
      if (text !== undefined && /^(true|false)$/i.test(text)) return ok(text.toLowerCase() === 'true');
      return fail(`${JSON.stringify(value)} is not true or false`);
    case 'date':
      if (text !== undefined && TODAY.test(text)) return ok(now.toISODate() as string);
      if (parseLocalDate(text) !== null) return ok(text as string);
      return fail(`${JSON.stringify(value)} is not a date (YYYY-MM-DD) or {!Today}`);
    case 'datetime': {
      if (text !== undefined && NOW.test(text)) return ok(now.toUTC().toISO() as string);
      if (text !== undefined && TODAY.test(text)) return ok(now.startOf('day').toUTC().toISO() as string);
      const instant =
        text !== undefined && /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? DateTime.fromISO(text) : undefined;
      if (instant?.isValid) return ok(instant.toUTC().toISO() as string);
      return fail(
        `${JSON.stringify(value)} is not a date/time with a time zone (2026-03-01T09:00:00Z), {!Now} or {!Today}`
      );
    }
    case 'picklist':
      return text !== undefined
        ? picklistValue(field, text)
        : fail(`${JSON.stringify(value)} is not a picklist value`);
    case 'multipicklist': {
      const parts = Array.isArray(value) ? value : text !== undefined ? text.split(';') : undefined;
      if (parts === undefined || !parts.every((p) => typeof p === 'string'))
        return fail(`${JSON.stringify(value)} is not a list of picklist values`);
      const chosen: string[] = [];
      for (const part of parts.map((p: string) => p.trim()).filter((p) => p !== '')) {
        const typed = picklistValue(field, part);
        if (!typed.ok) return typed;
        if (!chosen.includes(typed.value as string)) chosen.push(typed.value as string);
      }
      return ok(chosen.join(';'));
    }
    default:
      // reference: a record Id. (Fields of type id are refused as read-only before typing.)
      return text !== undefined && SALESFORCE_ID.test(text)
        ? ok(text)
        : fail(`${JSON.stringify(value)} is not a record Id (15 or 18 characters)`);
  }
}

function isClear(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function clockNow(clock: FieldUpdateClock): Result<DateTime> {
  const base =
    typeof clock.now === 'string'
      ? DateTime.fromISO(clock.now, { zone: 'UTC' })
      : DateTime.fromJSDate(clock.now, { zone: 'UTC' });
  if (!base.isValid)
    return err({
      code: 'BAD_NOW',
      message: `The current instant ${JSON.stringify(String(clock.now))} is not a valid date/time`
    });
  const zone = clock.timeZone ?? 'UTC';
  const now = base.setZone(zone);
  if (!now.isValid)
    return err({
      code: 'BAD_TIME_ZONE',
      message: `"${zone}" is not a time zone (use an IANA name such as Europe/Paris)`
    });
  return ok(now);
}

/**
 * Parses the `Field_Updates__c` JSON (or an already parsed list) and types every entry against
 * the participant object's describe. Reports every bad entry, numbered from 1 as an admin counts.
 *
 * Error codes: `BAD_FIELD_UPDATES` (not a list), `BAD_FIELD_UPDATE` (an entry that is not
 * `{ field, value }`), `UNKNOWN_FIELD`, `READ_ONLY_FIELD`, `DUPLICATE_FIELD`, `BAD_VALUE`,
 * `BAD_NOW`, `BAD_TIME_ZONE`.
 *
 * @param entries - `Field_Updates__c` JSON text, or the list it parses to
 * @param describe - the participant object's describe
 * @param clock - the current instant and the zone for `{!Today}`
 * @returns field → typed value, or every bad entry
 *
 * @example
 * planFieldUpdates([{ field: 'Status', value: 'Working' }, { field: 'Rating', value: 'Tepid' }], leadDescribe, { now: new Date('2026-03-11T15:00:00Z') })
 * //=> { ok: false, error: [{ code: 'BAD_VALUE', message: 'entry 2 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold', path: '[1].value' }] }
 * planFieldUpdates('[{"field":"Last_Touch__c","value":"{!Today}"},{"field":"Description","value":null}]', leadDescribe, { now: '2026-03-11T23:30:00Z', timeZone: 'Asia/Tokyo' })
 * //=> { ok: true, value: { Last_Touch__c: '2026-03-12', Description: null } }
 */
export function planFieldUpdates(
  entries: unknown,
  describe: ObjectDescribe,
  clock: FieldUpdateClock
): Result<FieldUpdatePlan, CoreError[]> {
  const plan = planTargetedFieldUpdates(entries, { describes: { Person: describe } }, clock);
  return plan.ok ? ok(plan.value.Person ?? {}) : plan;
}

/**
 * {@link planFieldUpdates} for sequences whose field updates may write several records: each entry's
 * `target` (`Person` when absent, so older JSON keeps its meaning) chooses the describe it is typed
 * against, and with `fieldSets` a field outside its object's `Stride_Field_Updates` field set is
 * refused. Extra codes: `BAD_TARGET` (not Person, Opportunity or Campaign), `TARGET_NOT_AVAILABLE`
 * (a record this sequence's participants do not have), `FIELD_NOT_ALLOWED` (with `allowList`),
 * `NOT_IN_FIELD_SET`.
 *
 * @example
 * planTargetedFieldUpdates([{ field: 'StageName', value: 'Qualification', target: 'Opportunity' }, { field: 'Title', value: 'CTO' }],
 *   { describes: { Person: contactDescribe, Opportunity: opportunityDescribe }, fieldSets: PACKAGE_FIELD_SETS }, { now: new Date() })
 * //=> { ok: true, value: { Opportunity: { StageName: 'Qualification' }, Person: { Title: 'CTO' } } }
 */
export function planTargetedFieldUpdates(
  entries: unknown,
  targets: FieldUpdateTargets,
  clock: FieldUpdateClock
): Result<TargetedFieldUpdatePlan, CoreError[]> {
  let list = entries;
  if (typeof entries === 'string') {
    try {
      list = JSON.parse(entries);
    } catch (e) {
      return err([
        {
          code: 'BAD_FIELD_UPDATES',
          message: `The field updates are not valid JSON: ${(e as Error).message}`
        }
      ]);
    }
  }
  if (!Array.isArray(list)) {
    return err([
      {
        code: 'BAD_FIELD_UPDATES',
        message: 'The field updates must be a list such as [{ "field": "Status", "value": "Working" }]'
      }
    ]);
  }
  const now = clockNow(clock);
  if (!now.ok) return err([now.error]);

  const plan: TargetedFieldUpdatePlan = {};
  const firstEntry = new Map<string, number>();
  const errors: CoreError[] = [];
  list.forEach((entry: unknown, index) => {
    const number = index + 1;
    const problem = (code: string, message: string, at: string): void => {
      errors.push({ code, message, path: `[${index}]${at}` });
    };
    if (
      entry === null ||
      typeof entry !== 'object' ||
      Array.isArray(entry) ||
      typeof (entry as FieldUpdateEntry).field !== 'string'
    ) {
      problem('BAD_FIELD_UPDATE', `entry ${number}: must be { "field": "<API name>", "value": … }`, '');
      return;
    }
    const { field: name, value } = entry as FieldUpdateEntry;
    const written = (entry as { target?: unknown }).target;
    const label = `entry ${number} (${name})`;
    const target = written === undefined || written === null || written === '' ? 'Person' : written;
    if (!(FIELD_UPDATE_TARGETS as readonly unknown[]).includes(target)) {
      problem(
        'BAD_TARGET',
        `${label}: target ${JSON.stringify(target)} is not Person, Opportunity or Campaign`,
        '.target'
      );
      return;
    }
    const describe = targets.describes[target as FieldUpdateTarget];
    if (describe === undefined) {
      problem(
        'TARGET_NOT_AVAILABLE',
        `${label}: this sequence's participants have no ${target} record to update (${target} sequences only)`,
        '.target'
      );
      return;
    }
    const field = findField(describe, name.trim());
    if (field === undefined) {
      const hint = name.includes('.')
        ? '; field updates change the participant record only, not related records'
        : '';
      problem('UNKNOWN_FIELD', `${label}: ${describe.name} has no field named "${name}"${hint}`, '.field');
      return;
    }
    if (field.updateable === false || field.type === 'id') {
      problem('READ_ONLY_FIELD', `${label}: ${field.name} cannot be updated`, '.field');
      return;
    }
    // The field set is what the admin chose (and where to add a field); the allow-list is the
    // security backstop for fields an org added to its field set.
    const outside = targets.fieldSets ? fieldSetRefusal(targets.fieldSets, describe.name, field.name) : null;
    if (outside !== null) {
      problem('NOT_IN_FIELD_SET', `${label}: ${outside}`, '.field');
      return;
    }
    const forbidden = targets.allowList
      ? fieldRefusal(targets.allowList, describe.name, field.name, 'write')
      : null;
    if (forbidden !== null) {
      problem('FIELD_NOT_ALLOWED', `${label}: ${forbidden}`, '.field');
      return;
    }
    const key = `${target}.${field.name}`;
    const earlier = firstEntry.get(key);
    if (earlier !== undefined) {
      problem('DUPLICATE_FIELD', `${label}: ${field.name} is already set by entry ${earlier}`, '.field');
      return;
    }
    firstEntry.set(key, number);
    const values = (plan[target as FieldUpdateTarget] ??= {});
    if (isClear(value)) {
      if (field.type === 'boolean')
        problem('BAD_VALUE', `${label}: a checkbox cannot be blank; use true or false`, '.value');
      else if (field.nillable === false)
        problem('BAD_VALUE', `${label}: ${field.name} is required and cannot be cleared`, '.value');
      else values[field.name] = null;
      return;
    }
    const typed = typeValue(field, value, now.value);
    if (typed.ok) values[field.name] = typed.value;
    else problem('BAD_VALUE', `${label}: ${typed.error}`, '.value');
  });
  return errors.length > 0 ? err(errors) : ok(plan);
}
