/**
 * Criteria (docs/architecture.md §5): parse the JSON an admin saved, validate it against the object's describe
 * (compiling each condition into a test), and evaluate it against a record.
 *
 *     { "logic": "AND" | "OR" | "CUSTOM", "expression": "1 AND (2 OR 3)",
 *       "conditions": [{ "field": "Status", "operator": "equals", "value": "Working" }] }
 *
 * Blank values follow SOQL: a blank field equals nothing, is not less or greater than anything,
 * contains and includes nothing; so `notEquals`, `notContains` and `excludes` are true for it.
 * Text, picklist and e-mail comparisons ignore case, as Salesforce does. `equals null` means
 * `isBlank`, `notEquals null` means `isNotBlank`. No conditions at all means "met".
 */
import { DateTime } from 'luxon';
import {
  type DescribeCatalog,
  type FieldDescribe,
  type FieldType,
  readFieldPath,
  resolveFieldPath
} from '../describe';
import { type CoreError, err, fail, ok, type Result } from '../result';
import type { CriteriaBehavior } from '../constants';
import {
  type CriteriaDateContext,
  type DateOperand,
  operandRange,
  parseDateLiteral,
  parseDateValue,
  recordDateRange
} from './dates';
import {
  evaluateCriteriaLogic,
  joinConditions,
  type LogicNode,
  parseCriteriaLogic,
  printCriteriaLogic
} from './logic';
import {
  type CriteriaOperator,
  FIELD_TYPE_LABELS,
  isCriteriaOperator,
  OPERATOR_ARITY,
  OPERATORS_BY_TYPE,
  operatorLabel
} from './operators';

export const CRITERIA_LOGICS = ['AND', 'OR', 'CUSTOM'] as const;
export type CriteriaLogic = (typeof CRITERIA_LOGICS)[number];

/** A value as stored in a condition. */
export type ConditionScalar = string | number | boolean;
export type ConditionValue = ConditionScalar | null | ConditionScalar[];

/** One row of a criteria: field (or parent path), operator, value. */
export interface CriteriaCondition {
  field: string;
  operator: CriteriaOperator;
  value?: ConditionValue;
}

/** The criteria JSON of docs/architecture.md §5. */
export interface CriteriaDefinition {
  logic: CriteriaLogic;
  /** Required for CUSTOM; ignored otherwise. */
  expression?: string;
  conditions: CriteriaCondition[];
}

/** Criteria whose shape and logic are valid; `tree` is the logic (null when there are no conditions). */
export interface ParsedCriteria extends CriteriaDefinition {
  tree: LogicNode | null;
}

type RecordLike = Readonly<Record<string, unknown>>;
type ConditionTest = (record: RecordLike, context: CriteriaDateContext) => boolean;

/** One condition checked against the describe and ready to run. */
export interface CompiledCondition {
  /** 1-based, as in the logic. */
  number: number;
  /** The field path in the describe's spelling. */
  path: string;
  fieldType: FieldType;
  operator: CriteriaOperator;
  /** The values as written (none for blank checks). */
  values: ConditionScalar[];
  /** What the condition says, for people: `Rating equals "Hot"`. */
  text: string;
  test: ConditionTest;
}

/** Criteria validated against a describe; evaluate it with {@link evaluateCompiledCriteria}. */
export interface CompiledCriteria {
  objectName: string;
  tree: LogicNode | null;
  conditions: CompiledCondition[];
}

/** The result of evaluating criteria for a record. */
export interface CriteriaEvaluation {
  met: boolean;
  /** Each condition's result; `conditions[0]` is condition 1. */
  conditions: boolean[];
}

/** What "now" is for relative dates. */
export interface CriteriaClock {
  now: Date | string;
  /** IANA zone in which TODAY, THIS_WEEK, … and plain dates are read. Default `UTC`. */
  timeZone?: string;
  /** First day of the week (1 = Monday … 7 = Sunday). Default 7, Sunday, as in Salesforce's en_US locale. */
  weekStart?: number;
}

/** What to do with an action whose criteria were evaluated. */
export type CriteriaOutcome =
  | 'proceed'
  | { status: 'Waiting_Criteria'; reason: 'WAIT_CRITERIA' }
  | { status: 'Skipped'; reason: 'SKIP_CRITERIA' };

// ---------------------------------------------------------------------------------------------
// Parsing

function shapeError(message: string, path?: string): { ok: false; error: CoreError } {
  return fail('BAD_CRITERIA', message, path);
}

function isScalar(value: unknown): value is ConditionScalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function parseCondition(raw: unknown, index: number): Result<CriteriaCondition> {
  const path = `conditions[${index}]`;
  const label = `Condition ${index + 1}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return shapeError(`${label} must be an object with field, operator and value`, path);
  }
  const { field, operator, value } = raw as Record<string, unknown>;
  if (typeof field !== 'string' || field.trim() === '') {
    return shapeError(`${label} has no field; choose the field to test`, `${path}.field`);
  }
  if (!isCriteriaOperator(operator)) {
    return shapeError(
      `${label} (${field}): ${JSON.stringify(operator ?? null)} is not an operator`,
      `${path}.operator`
    );
  }
  const valueOk =
    value === undefined ||
    value === null ||
    isScalar(value) ||
    (Array.isArray(value) && value.every(isScalar));
  if (!valueOk) {
    return shapeError(
      `${label} (${field}): the value must be text, a number, true/false or a list of those`,
      `${path}.value`
    );
  }
  const condition: CriteriaCondition = { field: field.trim(), operator };
  if (value !== undefined) condition.value = value as ConditionValue;
  return ok(condition);
}

/**
 * Parses criteria JSON (text or an already parsed object) and checks its shape and logic. Field
 * names, operators per type and values are checked by {@link validateCriteria}.
 *
 * Error codes: `BAD_CRITERIA` (shape, with `path`), and for custom logic `BAD_CRITERIA_LOGIC`,
 * `UNDEFINED_CONDITION` (with `position`, 1-based) and `UNUSED_CONDITION`.
 *
 * @param input - criteria JSON text, or the object it parses to
 * @returns the criteria with their logic tree, or the first problem found
 *
 * @example
 * parseCriteria('{"logic":"CUSTOM","expression":"1 OR 2","conditions":[{"field":"Status","operator":"equals","value":"Working"}]}')
 * //=> { ok: false, error: { code: 'UNDEFINED_CONDITION', message: 'Condition 2 is used in the logic but not defined (position 6)', path: 'expression', position: 6 } }
 * parseCriteria({ logic: 'AND', conditions: [{ field: 'Status', operator: 'equals', value: 'Working' }] })
 * //=> { ok: true, value: { logic: 'AND', conditions: [{ field: 'Status', operator: 'equals', value: 'Working' }], tree: { kind: 'ref', index: 1 } } }
 */
export function parseCriteria(input: unknown): Result<ParsedCriteria> {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return shapeError(`The criteria are not valid JSON: ${(e as Error).message}`);
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return shapeError('The criteria must be an object with "logic" and "conditions"');
  }
  const { logic, expression, conditions } = data as Record<string, unknown>;
  if (!(CRITERIA_LOGICS as readonly unknown[]).includes(logic)) {
    return shapeError(`The logic must be AND, OR or CUSTOM, not ${JSON.stringify(logic ?? null)}`, 'logic');
  }
  if (!Array.isArray(conditions))
    return shapeError('"conditions" must be a list of conditions', 'conditions');
  const parsed: CriteriaCondition[] = [];
  for (let i = 0; i < conditions.length; i++) {
    const condition = parseCondition(conditions[i], i);
    if (!condition.ok) return condition;
    parsed.push(condition.value);
  }
  const criteria: ParsedCriteria = { logic: logic as CriteriaLogic, conditions: parsed, tree: null };
  if (logic !== 'CUSTOM') {
    criteria.tree = joinConditions(logic as 'AND' | 'OR', parsed.length);
    return ok(criteria);
  }
  if (typeof expression !== 'string') {
    return shapeError('Custom logic needs an expression such as 1 AND (2 OR 3)', 'expression');
  }
  const tree = parseCriteriaLogic(expression, parsed.length);
  if (!tree.ok) return tree;
  criteria.expression = expression;
  criteria.tree = tree.value;
  return ok(criteria);
}

/**
 * Prints criteria as the JSON stored in Salesforce, with custom logic in canonical form.
 *
 * @param criteria - parsed criteria
 * @returns JSON text for `Criteria__c`, `Entry_Criteria__c` or `Exit_Criteria__c`
 *
 * @example
 * stringifyCriteria({ logic: 'CUSTOM', expression: '1 and(2 or not 3)', conditions, tree })
 * //=> '{"logic":"CUSTOM","expression":"1 AND (2 OR NOT 3)","conditions":[…]}'
 */
export function stringifyCriteria(criteria: ParsedCriteria): string {
  const out: CriteriaDefinition = { logic: criteria.logic, conditions: criteria.conditions };
  if (criteria.logic === 'CUSTOM' && criteria.tree !== null)
    out.expression = printCriteriaLogic(criteria.tree);
  return JSON.stringify({ logic: out.logic, expression: out.expression, conditions: out.conditions });
}

/**
 * The field paths criteria read, without duplicates, so a caller can query them in one SOQL.
 *
 * @param criteria - criteria (parsed or not)
 * @returns the distinct field paths, in order of first use
 *
 * @example
 * criteriaFieldPaths({ logic: 'AND', conditions: [{ field: 'Status', operator: 'isBlank' }, { field: 'Account.Industry', operator: 'isBlank' }, { field: 'Status', operator: 'isNotBlank' }] })
 * //=> ['Status', 'Account.Industry']
 */
export function criteriaFieldPaths(criteria: Pick<CriteriaDefinition, 'conditions'>): string[] {
  return [...new Set(criteria.conditions.map((c) => c.field))];
}

// ---------------------------------------------------------------------------------------------
// Validation and compilation

const NEGATIONS: Partial<Record<CriteriaOperator, CriteriaOperator>> = {
  notEquals: 'equals',
  notContains: 'contains',
  excludes: 'includes'
};

type Comparer<T> = (record: T, operand: T, context: CriteriaDateContext) => boolean;
type Reader<T> = (raw: unknown, context: CriteriaDateContext) => T | undefined;

function isBlankValue(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/** A type's way of parsing the condition value, reading the record value and comparing them. */
interface TypeRules<T> {
  parse: (value: ConditionScalar) => Result<T>;
  read: Reader<T>;
  compare: Partial<Record<CriteriaOperator, Comparer<T>>>;
}

const lower = (v: ConditionScalar): string => String(v).trim().toLowerCase();

function textRules(normalize: (s: string) => string): TypeRules<string> {
  return {
    parse: (v) => ok(normalize(String(v))),
    read: (raw) => (isBlankValue(raw) ? undefined : normalize(String(raw))),
    compare: {
      equals: (r, v) => r === v,
      contains: (r, v) => r.includes(v),
      startsWith: (r, v) => r.startsWith(v),
      includes: (r, v) => r === v
    }
  };
}

function readNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return undefined;
}

const NUMBER_RULES: TypeRules<number> = {
  parse: (v) => {
    const n = typeof v === 'boolean' ? undefined : readNumber(v);
    return n === undefined ? fail('BAD_VALUE', `${JSON.stringify(v)} is not a number`) : ok(n);
  },
  read: readNumber,
  compare: {
    equals: (r, v) => r === v,
    lessThan: (r, v) => r < v,
    lessOrEqual: (r, v) => r <= v,
    greaterThan: (r, v) => r > v,
    greaterOrEqual: (r, v) => r >= v
  }
};

function readBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim()))
    return raw.trim().toLowerCase() === 'true';
  return undefined;
}

const BOOLEAN_RULES: TypeRules<boolean> = {
  parse: (v) => {
    const b = readBoolean(v);
    return b === undefined ? fail('BAD_VALUE', `${JSON.stringify(v)} is not true or false`) : ok(b);
  },
  // A checkbox is never blank in Salesforce: an absent value reads as unchecked.
  read: (raw) => readBoolean(raw) ?? false,
  compare: { equals: (r, v) => r === v }
};

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

const ID_RULES: TypeRules<string> = {
  parse: (v) =>
    typeof v === 'string' && SALESFORCE_ID.test(v.trim())
      ? ok(v.trim().slice(0, 15))
      : fail('BAD_VALUE', `${JSON.stringify(v)} is not a Salesforce record ID (15 or 18 characters)`),
  // The 15-character ID is the case-sensitive identity; the 18-character form adds a checksum.
  read: (raw) =>
    typeof raw === 'string' && SALESFORCE_ID.test(raw.trim()) ? raw.trim().slice(0, 15) : undefined,
  compare: { equals: (r, v) => r === v }
};

function picklistRules(field: FieldDescribe): TypeRules<string> {
  const known = field.picklistValues ?? [];
  return {
    parse: (v) => {
      const text = lower(v);
      if (known.length > 0 && !known.some((p) => p.value.toLowerCase() === text)) {
        const valid = known
          .filter((p) => p.active)
          .map((p) => p.value)
          .join(', ');
        return fail(
          'BAD_VALUE',
          `${JSON.stringify(String(v))} is not a value of picklist ${field.name}; valid values: ${valid}`
        );
      }
      return ok(text);
    },
    read: (raw) => (isBlankValue(raw) ? undefined : lower(String(raw))),
    compare: { equals: (r, v) => r === v, includes: (r, v) => r === v }
  };
}

/** Multi-select values are compared as sets; `A;B` in a list entry means "both A and B". */
function multipicklistRules(field: FieldDescribe): TypeRules<string[]> {
  const single = picklistRules(field);
  const toSet = (text: string): string[] =>
    [
      ...new Set(
        text
          .split(';')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== '')
      )
    ].sort();
  return {
    parse: (v) => {
      const values: string[] = [];
      for (const part of String(v).split(';')) {
        if (part.trim() === '') continue;
        const parsed = single.parse(part);
        if (!parsed.ok) return parsed;
        values.push(parsed.value);
      }
      return values.length === 0
        ? fail('BAD_VALUE', 'Choose at least one picklist value')
        : ok([...new Set(values)].sort());
    },
    read: (raw) => {
      const values = typeof raw === 'string' ? toSet(raw) : [];
      return values.length === 0 ? undefined : values;
    },
    compare: {
      equals: (r, v) => r.length === v.length && r.every((x, i) => x === v[i]),
      includes: (r, v) => v.every((x) => r.includes(x))
    }
  };
}

type Range = { start: number; end: number };

function dateRules(fieldType: 'date' | 'datetime'): TypeRules<Range | DateOperand> {
  return {
    parse: (v) =>
      typeof v === 'string'
        ? parseDateValue(v, fieldType)
        : fail('BAD_VALUE', `${JSON.stringify(v)} is not a date`),
    read: (raw, context) => recordDateRange(raw, fieldType, context),
    compare: {
      equals: (r, v, c) => within(r as Range, operandRange(v as DateOperand, c)),
      lessThan: (r, v, c) => (r as Range).end <= operandRange(v as DateOperand, c).start,
      lessOrEqual: (r, v, c) => (r as Range).start < operandRange(v as DateOperand, c).end,
      greaterThan: (r, v, c) => (r as Range).start >= operandRange(v as DateOperand, c).end,
      greaterOrEqual: (r, v, c) => (r as Range).end > operandRange(v as DateOperand, c).start
    }
  };
}

function within(inner: Range, outer: Range): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function rulesFor(field: FieldDescribe): TypeRules<unknown> {
  switch (field.type) {
    case 'string':
    case 'textarea':
    case 'url':
    case 'email':
      return textRules((s) => s.trim().toLowerCase()) as TypeRules<unknown>;
    case 'phone':
      // Phone numbers are stored as typed; compare the digits only.
      return textRules((s) => s.replace(/\D/g, '')) as TypeRules<unknown>;
    case 'reference':
    case 'id':
      return ID_RULES as TypeRules<unknown>;
    case 'boolean':
      return BOOLEAN_RULES as TypeRules<unknown>;
    case 'picklist':
      return picklistRules(field) as TypeRules<unknown>;
    case 'multipicklist':
      return multipicklistRules(field) as TypeRules<unknown>;
    case 'date':
    case 'datetime':
      return dateRules(field.type) as TypeRules<unknown>;
    default:
      return NUMBER_RULES as TypeRules<unknown>;
  }
}

function valueList(value: ConditionValue | undefined): ConditionScalar[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function orderedPair(
  fieldType: FieldType,
  from: unknown,
  to: unknown,
  context: CriteriaDateContext
): boolean {
  if (fieldType === 'date' || fieldType === 'datetime') {
    return operandRange(from as DateOperand, context).start <= operandRange(to as DateOperand, context).start;
  }
  return (from as number) <= (to as number);
}

/** Builds the test of one condition, or says what is wrong with it. */
function compileCondition(
  condition: CriteriaCondition,
  index: number,
  catalog: DescribeCatalog,
  objectName: string
): Result<CompiledCondition> {
  const path = `conditions[${index}]`;
  const prefix = `Condition ${index + 1} (${condition.field})`;
  const resolved = resolveFieldPath(catalog, objectName, condition.field);
  if (!resolved.ok)
    return fail(resolved.error.code, `Condition ${index + 1}: ${resolved.error.message}`, `${path}.field`);
  const { field, path: fieldPath } = resolved.value;
  const typeLabel = FIELD_TYPE_LABELS[field.type];
  const allowed = OPERATORS_BY_TYPE[field.type];
  let operator = condition.operator;
  if (!allowed.includes(operator)) {
    const options = allowed.map((o) => operatorLabel(o, field.type)).join(', ');
    return fail(
      'OPERATOR_NOT_ALLOWED',
      `${prefix}: "${operatorLabel(operator, field.type)}" cannot be used with a ${typeLabel} field; use one of: ${options}`,
      `${path}.operator`
    );
  }
  const badValue = (message: string): { ok: false; error: CoreError } =>
    fail('BAD_VALUE', `${prefix}: ${message}`, `${path}.value`);

  // `equals null` is SOQL's way to ask for a blank field.
  if (
    condition.value === null &&
    (operator === 'equals' || operator === 'notEquals') &&
    field.type !== 'boolean'
  ) {
    operator = operator === 'equals' ? 'isBlank' : 'isNotBlank';
  }
  const arity = OPERATOR_ARITY[operator];
  const values = valueList(condition.value);
  if (arity === 'none') {
    if (values.length > 0) return badValue(`"${operatorLabel(operator, field.type)}" takes no value`);
    const wantBlank = operator === 'isBlank';
    return ok({
      number: index + 1,
      path: fieldPath,
      fieldType: field.type,
      operator,
      values: [],
      text: conditionText(fieldPath, operator, field.type, []),
      test: (record) => isBlankValue(readFieldPath(record, fieldPath)) === wantBlank
    });
  }
  if (arity === 'single' && (values.length !== 1 || Array.isArray(condition.value))) {
    return badValue(`"${operatorLabel(operator, field.type)}" takes exactly one value`);
  }
  if (arity === 'list' && values.length === 0) return badValue('choose at least one value');
  if (arity === 'pair' && (!Array.isArray(condition.value) || values.length !== 2)) {
    return badValue('"Between" takes two values: [from, to]');
  }
  if (
    arity === 'pair' &&
    typeof values[0] === 'number' &&
    typeof values[1] === 'number' &&
    values[0] > values[1]
  ) {
    return badValue(`"Between" needs the smaller value first: [${values[1]}, ${values[0]}]`);
  }
  if (
    (operator === 'contains' || operator === 'notContains' || operator === 'startsWith') &&
    String(values[0]).trim() === ''
  ) {
    return badValue(`"${operatorLabel(operator, field.type)}" needs some text to look for`);
  }

  const rules = rulesFor(field);
  const operands: unknown[] = [];
  for (const value of values) {
    const parsed = rules.parse(value);
    if (!parsed.ok) return badValue(parsed.error.message);
    operands.push(parsed.value);
  }

  const base = NEGATIONS[operator] ?? operator;
  const negate = base !== operator;
  let positive: (r: unknown, c: CriteriaDateContext) => boolean;
  if (arity === 'pair') {
    const [from, to] = operands;
    const lowerBound = rules.compare.greaterOrEqual as Comparer<unknown>;
    const upperBound = rules.compare.lessOrEqual as Comparer<unknown>;
    positive = (r, c) =>
      lowerBound(r, from, c) && upperBound(r, to, c) && orderedPair(field.type, from, to, c);
  } else {
    const compare = rules.compare[base] as Comparer<unknown>;
    positive = (r, c) => operands.some((operand) => compare(r, operand, c));
  }
  const test: ConditionTest = (record, context) => {
    const value = rules.read(readFieldPath(record, fieldPath), context);
    const matched = value !== undefined && positive(value, context);
    return negate ? !matched : matched;
  };
  return ok({
    number: index + 1,
    path: fieldPath,
    fieldType: field.type,
    operator,
    values,
    text: conditionText(fieldPath, operator, field.type, values),
    test
  });
}

function conditionText(
  path: string,
  operator: CriteriaOperator,
  fieldType: FieldType,
  values: ConditionScalar[]
): string {
  const shown = values.map((v) =>
    typeof v === 'string' && parseDateLiteral(v) === undefined ? JSON.stringify(v) : String(v)
  );
  const label = operatorLabel(operator, fieldType).toLowerCase();
  if (shown.length === 0) return `${path} ${label}`;
  return `${path} ${label} ${shown.join(operator === 'between' ? ' and ' : ', ')}`;
}

/**
 * Checks parsed criteria against the describes — every field exists, every operator suits its
 * field's type, every value has the right type (numbers, dates or relative dates, picklist values
 * of the field) — and compiles the conditions for {@link evaluateCompiledCriteria}. All problems
 * are reported, one per condition, with `path` pointing at the bad part.
 *
 * Error codes: `UNKNOWN_OBJECT`, `UNKNOWN_FIELD`, `UNKNOWN_RELATIONSHIP`, `BAD_FIELD_PATH`,
 * `PATH_TOO_DEEP`, `OPERATOR_NOT_ALLOWED`, `BAD_VALUE`.
 *
 * @param criteria - parsed criteria
 * @param catalog - describes of the object and of every object a path reaches
 * @param objectName - the object the criteria test (`Lead`, `Contact`, …)
 * @returns compiled criteria, or every problem found
 *
 * @example
 * validateCriteria(parsed, catalog, 'Lead') // condition 2: Rating equals "Tepid"
 * //=> { ok: false, error: [{ code: 'BAD_VALUE', message: 'Condition 2 (Rating): "Tepid" is not a value of picklist Rating; valid values: Hot, Warm, Cold', path: 'conditions[1].value' }] }
 */
export function validateCriteria(
  criteria: ParsedCriteria,
  catalog: DescribeCatalog,
  objectName: string
): Result<CompiledCriteria, CoreError[]> {
  const errors: CoreError[] = [];
  const conditions: CompiledCondition[] = [];
  criteria.conditions.forEach((condition, index) => {
    const compiled = compileCondition(condition, index, catalog, objectName);
    if (compiled.ok) conditions.push(compiled.value);
    else errors.push(compiled.error);
  });
  if (errors.length > 0) return err(errors);
  return ok({ objectName, tree: criteria.tree, conditions });
}

/**
 * Builds the date context of an evaluation, or says why it cannot.
 *
 * @param clock - the current instant, zone and first day of the week
 * @returns the context relative dates are computed in
 *
 * @example
 * criteriaDateContext({ now: '2026-03-11T15:00:00Z', timeZone: 'Mars/Olympus' })
 * //=> { ok: false, error: { code: 'BAD_TIME_ZONE', message: '"Mars/Olympus" is not a time zone (use an IANA name such as Europe/Paris)' } }
 */
export function criteriaDateContext(clock: CriteriaClock): Result<CriteriaDateContext> {
  const zone = clock.timeZone ?? 'UTC';
  const base =
    typeof clock.now === 'string'
      ? DateTime.fromISO(clock.now, { zone: 'UTC' })
      : DateTime.fromJSDate(clock.now, { zone: 'UTC' });
  if (!base.isValid)
    return fail(
      'BAD_NOW',
      `The current instant ${JSON.stringify(String(clock.now))} is not a valid date/time`
    );
  const now = base.setZone(zone);
  if (!now.isValid)
    return fail('BAD_TIME_ZONE', `"${zone}" is not a time zone (use an IANA name such as Europe/Paris)`);
  const weekStart = clock.weekStart ?? 7;
  if (!Number.isInteger(weekStart) || weekStart < 1 || weekStart > 7) {
    return fail('BAD_WEEK_START', `weekStart must be 1 (Monday) to 7 (Sunday), not ${weekStart}`);
  }
  return ok({ now, weekStart });
}

/** The last clock each compiled criteria saw: evaluating many records at one instant builds one context. */
const lastContexts = new WeakMap<CompiledCriteria, { key: string; context: Result<CriteriaDateContext> }>();

function cachedDateContext(compiled: CompiledCriteria, clock: CriteriaClock): Result<CriteriaDateContext> {
  const instant = typeof clock.now === 'string' ? clock.now : clock.now.getTime();
  const key = `${instant}|${clock.timeZone ?? ''}|${clock.weekStart ?? ''}`;
  const last = lastContexts.get(compiled);
  if (last !== undefined && last.key === key) return last.context;
  const context = criteriaDateContext(clock);
  lastContexts.set(compiled, { key, context });
  return context;
}

/**
 * Evaluates compiled criteria against a record as SOQL returns it (parent fields nested:
 * `{ Account: { Industry: 'Energy' } }`).
 *
 * @param compiled - criteria from {@link validateCriteria}
 * @param record - the record, with the fields of {@link criteriaFieldPaths}
 * @param clock - the current instant and the zone for relative dates
 * @returns whether the criteria are met, and each condition's result
 *
 * @example
 * evaluateCompiledCriteria(compiled, { Status: 'Working', Rating: 'Hot' }, { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Europe/Paris' })
 * //=> { ok: true, value: { met: true, conditions: [true, true] } }
 */
export function evaluateCompiledCriteria(
  compiled: CompiledCriteria,
  record: RecordLike,
  clock: CriteriaClock
): Result<CriteriaEvaluation> {
  const context = cachedDateContext(compiled, clock);
  if (!context.ok) return context;
  const results = compiled.conditions.map((c) => c.test(record, context.value));
  const met = compiled.tree === null ? true : evaluateCriteriaLogic(compiled.tree, results);
  return ok({ met, conditions: results });
}

/**
 * Parses (unless already parsed), validates and evaluates criteria in one call. Compile once with
 * {@link validateCriteria} when evaluating many records.
 *
 * @param criteria - criteria JSON text, a definition, or parsed criteria
 * @param record - the record, as SOQL returns it
 * @param catalog - describes
 * @param objectName - the record's object
 * @param now - the current instant
 * @param timeZone - IANA zone for relative dates (default UTC)
 * @returns the evaluation, or every problem found
 *
 * @example
 * evaluateCriteria('{"logic":"OR","conditions":[{"field":"Rating","operator":"equals","value":"Hot"},{"field":"Status","operator":"equals","value":"Working"}]}',
 *   { Rating: 'Cold', Status: 'Working' }, catalog, 'Lead', new Date('2026-03-11T15:00:00Z'))
 * //=> { ok: true, value: { met: true, conditions: [false, true] } }
 */
export function evaluateCriteria(
  criteria: ParsedCriteria | CriteriaDefinition | string,
  record: RecordLike,
  catalog: DescribeCatalog,
  objectName: string,
  now: Date | string,
  timeZone?: string
): Result<CriteriaEvaluation, CoreError[]> {
  // Parsed criteria parse again to the same tree; re-parsing keeps a forged `tree` from running.
  const parsed = parseCriteria(criteria);
  if (!parsed.ok) return err([parsed.error]);
  const compiled = validateCriteria(parsed.value, catalog, objectName);
  if (!compiled.ok) return compiled;
  const evaluation = evaluateCompiledCriteria(compiled.value, record, { now, timeZone });
  return evaluation.ok ? evaluation : err([evaluation.error]);
}

function summarize(
  node: LogicNode,
  conditions: CompiledCondition[],
  parent: LogicNode['kind'] | null
): string {
  switch (node.kind) {
    case 'ref':
      return conditions[node.index - 1].text;
    case 'not': {
      const inner = summarize(node.operand, conditions, null);
      return node.operand.kind === 'and' || node.operand.kind === 'or' ? `NOT (${inner})` : `NOT ${inner}`;
    }
    default: {
      const text = `${summarize(node.left, conditions, node.kind)} ${node.kind.toUpperCase()} ${summarize(node.right, conditions, node.kind)}`;
      return parent === null || parent === node.kind ? text : `(${text})`;
    }
  }
}

/**
 * Says in words what compiled criteria require, for previews and logs.
 *
 * @param compiled - criteria from {@link validateCriteria}
 * @returns the logic with each condition written out, or `no conditions`
 *
 * @example
 * summarizeCriteria(compiled) // CUSTOM "1 AND (2 OR NOT 3)"
 * //=> 'Status equals "Working" AND (Last_Touch__c on LAST_N_DAYS:7 OR NOT Rating is blank)'
 */
export function summarizeCriteria(compiled: CompiledCriteria): string {
  return compiled.tree === null ? 'no conditions' : summarize(compiled.tree, compiled.conditions, null);
}

/**
 * The conditions a record does not meet, in words: what an action waiting for its criteria waits
 * for.
 *
 * @param compiled - criteria from {@link validateCriteria}
 * @param evaluation - the result of {@link evaluateCompiledCriteria} for the record
 * @returns one line per unmet condition, numbered as in the logic
 *
 * @example
 * unmetConditions(compiled, { met: false, conditions: [true, false] })
 * //=> ['2: Rating equals "Hot"']
 */
export function unmetConditions(compiled: CompiledCriteria, evaluation: CriteriaEvaluation): string[] {
  return compiled.conditions
    .filter((c) => evaluation.conditions[c.number - 1] === false)
    .map((c) => `${c.number}: ${c.text}`);
}

/**
 * What happens to an action once its criteria are evaluated: proceed when met; otherwise hold it
 * (`Wait`) or skip it (`Skip`), with the reason code of docs/architecture.md §3.
 *
 * @param met - whether the criteria are met
 * @param behavior - the action's `Criteria_Behavior__c`
 * @returns `proceed`, or the status and reason code to record
 *
 * @example
 * criteriaOutcome(false, 'Wait')
 * //=> { status: 'Waiting_Criteria', reason: 'WAIT_CRITERIA' }
 * criteriaOutcome(true, 'Skip')
 * //=> 'proceed'
 */
export function criteriaOutcome(met: boolean, behavior: CriteriaBehavior): CriteriaOutcome {
  if (met) return 'proceed';
  return behavior === 'Skip'
    ? { status: 'Skipped', reason: 'SKIP_CRITERIA' }
    : { status: 'Waiting_Criteria', reason: 'WAIT_CRITERIA' };
}
