/**
 * Criteria operators and which field types accept them (reference/product-semantics.md §2.5,
 * completed with blank checks for every type and ranges for numbers and dates).
 */
import type { FieldType } from '../describe';

/** Every operator a condition may use, as stored in the criteria JSON. */
export const CRITERIA_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'startsWith',
  'lessThan',
  'lessOrEqual',
  'greaterThan',
  'greaterOrEqual',
  'between',
  'includes',
  'excludes',
  'isBlank',
  'isNotBlank'
] as const;
export type CriteriaOperator = (typeof CRITERIA_OPERATORS)[number];

/** The value an operator takes: none, one value, a list, or a `[from, to]` pair. */
export type OperatorArity = 'none' | 'single' | 'list' | 'pair';

/** How many values each operator takes. */
export const OPERATOR_ARITY: Readonly<Record<CriteriaOperator, OperatorArity>> = {
  equals: 'single',
  notEquals: 'single',
  contains: 'single',
  notContains: 'single',
  startsWith: 'single',
  lessThan: 'single',
  lessOrEqual: 'single',
  greaterThan: 'single',
  greaterOrEqual: 'single',
  between: 'pair',
  includes: 'list',
  excludes: 'list',
  isBlank: 'none',
  isNotBlank: 'none'
};

const TEXT: readonly CriteriaOperator[] = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'startsWith',
  'includes',
  'excludes',
  'isBlank',
  'isNotBlank'
];
const EQUALITY: readonly CriteriaOperator[] = ['equals', 'notEquals', 'isBlank', 'isNotBlank'];
const ORDERED: readonly CriteriaOperator[] = [
  'equals',
  'notEquals',
  'lessThan',
  'lessOrEqual',
  'greaterThan',
  'greaterOrEqual',
  'between',
  'isBlank',
  'isNotBlank'
];

/**
 * The operators each field type accepts, in the order a criteria builder should offer them.
 *
 * @example
 * OPERATORS_BY_TYPE.boolean
 * //=> ['equals', 'notEquals']
 */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly CriteriaOperator[]>> = {
  string: TEXT,
  textarea: TEXT,
  url: TEXT,
  email: ['equals', 'notEquals', 'contains', 'notContains', 'isBlank', 'isNotBlank'],
  phone: EQUALITY,
  reference: EQUALITY,
  id: EQUALITY,
  boolean: ['equals', 'notEquals'],
  picklist: ['equals', 'notEquals', 'includes', 'excludes', 'isBlank', 'isNotBlank'],
  multipicklist: ['includes', 'excludes', 'equals', 'notEquals', 'isBlank', 'isNotBlank'],
  int: ORDERED,
  double: ORDERED,
  currency: ORDERED,
  percent: ORDERED,
  date: ORDERED,
  datetime: ORDERED
};

/** What an admin reads for each operator. */
export const OPERATOR_LABELS: Readonly<Record<CriteriaOperator, string>> = {
  equals: 'Equals',
  notEquals: 'Does Not Equal',
  contains: 'Contains',
  notContains: 'Does Not Contain',
  startsWith: 'Starts With',
  lessThan: 'Less Than',
  lessOrEqual: 'Less or Equal',
  greaterThan: 'Greater Than',
  greaterOrEqual: 'Greater or Equal',
  between: 'Between',
  includes: 'Includes',
  excludes: 'Does Not Include',
  isBlank: 'Is Blank',
  isNotBlank: 'Is Not Blank'
};

const DATE_LABELS: Partial<Record<CriteriaOperator, string>> = {
  equals: 'On',
  notEquals: 'Not On',
  lessThan: 'Before',
  lessOrEqual: 'On or Before',
  greaterThan: 'After',
  greaterOrEqual: 'On or After'
};

/** What an admin reads for each field type. */
export const FIELD_TYPE_LABELS: Readonly<Record<FieldType, string>> = {
  string: 'Text',
  textarea: 'Text Area',
  email: 'Email',
  phone: 'Phone',
  url: 'URL',
  picklist: 'Picklist',
  multipicklist: 'Picklist (Multi-Select)',
  boolean: 'Checkbox',
  int: 'Number',
  double: 'Number',
  currency: 'Currency',
  percent: 'Percent',
  date: 'Date',
  datetime: 'Date/Time',
  reference: 'Lookup',
  id: 'Record ID'
};

/**
 * The label of an operator for a field type (dates read "Before", "After", "On").
 *
 * @example
 * operatorLabel('lessThan', 'date')
 * //=> 'Before'
 * operatorLabel('lessThan', 'currency')
 * //=> 'Less Than'
 */
export function operatorLabel(operator: CriteriaOperator, fieldType: FieldType): string {
  if (fieldType === 'date' || fieldType === 'datetime')
    return DATE_LABELS[operator] ?? OPERATOR_LABELS[operator];
  return OPERATOR_LABELS[operator];
}

/**
 * Whether a string names an operator.
 *
 * @example
 * isCriteriaOperator('startsWith')
 * //=> true
 * isCriteriaOperator('like')
 * //=> false
 */
export function isCriteriaOperator(value: unknown): value is CriteriaOperator {
  return typeof value === 'string' && (CRITERIA_OPERATORS as readonly string[]).includes(value);
}
