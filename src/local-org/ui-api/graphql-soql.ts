/**
 * Translates a GraphQL record query (selection, `where`, `orderBy`) into SOQL for the org's query
 * engine, so GraphQL reads the same data with the same semantics as REST `query` does: case-insensitive
 * text, `ne`/`nin` matching nulls, date literals in the user's time zone on the org clock.
 */
import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValueNode,
  valueFromASTUntyped
} from 'graphql';
import { Schema } from '../schema/registry';
import { FieldDef, ObjectDef } from '../schema/types';
import { parseDateTime } from '../store/values';
import { DATE_RANGE_LITERALS } from './graphql-schema';

/** SOQL's operator for each GraphQL comparison operator. */
const COMPARISONS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  like: 'LIKE',
  in: 'IN',
  nin: 'NOT IN',
  includes: 'INCLUDES',
  excludes: 'EXCLUDES'
};

const LIST_OPERATORS = new Set(['in', 'nin', 'includes', 'excludes']);

/** A bad argument value: reported as a GraphQL error naming the argument path. */
export class QueryArgumentError extends GraphQLError {}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `{ value }`, `{ literal }` or `{ range }` of a date/datetime filter as a SOQL literal. */
function dateOperand(field: FieldDef, operand: unknown, where: string): string {
  if (operand === null || operand === undefined) return 'null';
  const input = operand as { value?: string | null; literal?: string | null; range?: Record<string, number> };
  const given = ['value', 'literal', 'range'].filter((k) => (input as Record<string, unknown>)[k] != null);
  if (given.length !== 1) {
    throw new QueryArgumentError(
      `${where}: give exactly one of value, literal or range for ${field.name} (got ${given.join(', ') || 'none'})`
    );
  }
  if (input.literal) return input.literal;
  if (input.range) {
    const entries = Object.entries(input.range).filter(([, n]) => n !== null && n !== undefined);
    if (entries.length !== 1) {
      throw new QueryArgumentError(
        `${where}: a range of ${field.name} takes exactly one entry, e.g. { last_n_days: 3 }`
      );
    }
    const [name, n] = entries[0];
    if (!Number.isInteger(n) || n < 0) {
      throw new QueryArgumentError(`${where}: ${name} of ${field.name} must be a whole number ≥ 0, not ${n}`);
    }
    return `${DATE_RANGE_LITERALS[name]}:${n}`;
  }
  const value = String(input.value);
  if (field.type === 'date') return value.slice(0, 10);
  return parseDateTime(value) as string;
}

function operand(field: FieldDef, value: unknown, where: string): string {
  if (value === null || value === undefined) return 'null';
  switch (field.type) {
    case 'date':
    case 'datetime':
      return dateOperand(field, value, where);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'double':
    case 'int':
    case 'currency':
    case 'percent':
      return String(value);
    default:
      return quote(String(value));
  }
}

export class SoqlTranslator {
  constructor(private readonly schema: Schema) {}

  /** The WHERE condition of a filter, or null when it selects everything. */
  where(
    object: ObjectDef,
    filter: Record<string, unknown> | null | undefined,
    prefix = '',
    path = 'where'
  ): string | null {
    if (!filter) return null;
    const parts: string[] = [];
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      const at = `${path}.${key}`;
      if (key === 'and' || key === 'or') {
        const list = (value as Record<string, unknown>[] | null) ?? [];
        const inner = list
          .map((item, i) => this.where(object, item, prefix, `${at}[${i}]`))
          .filter((c): c is string => c !== null);
        if (inner.length) parts.push(`(${inner.join(key === 'and' ? ' AND ' : ' OR ')})`);
        continue;
      }
      if (key === 'not') {
        const inner = this.where(object, value as Record<string, unknown>, prefix, at);
        if (inner) parts.push(`(NOT (${inner}))`);
        continue;
      }
      const field = this.schema.field(object, key);
      if (field) {
        parts.push(
          ...this.comparisons(field, `${prefix}${field.name}`, value as Record<string, unknown>, at)
        );
        continue;
      }
      const reference = object.parentRelationships.get(key.toLowerCase());
      const parent = reference ? this.schema.find(reference.referenceTo[0]) : undefined;
      if (reference && parent) {
        const inner = this.where(
          parent,
          value as Record<string, unknown>,
          `${prefix}${reference.relationshipName}.`,
          at
        );
        if (inner) parts.push(inner);
      }
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
  }

  private comparisons(
    field: FieldDef,
    column: string,
    operators: Record<string, unknown> | null,
    where: string
  ): string[] {
    if (!operators) return [];
    const conditions: string[] = [];
    for (const [name, value] of Object.entries(operators)) {
      if (value === undefined) continue;
      const soqlOperator = COMPARISONS[name];
      if (LIST_OPERATORS.has(name)) {
        const list = (value as unknown[] | null) ?? [];
        if (list.length === 0) {
          throw new QueryArgumentError(`${where}.${name}: the list of values must not be empty`);
        }
        conditions.push(
          `${column} ${soqlOperator} (${list.map((v) => operand(field, v, `${where}.${name}`)).join(', ')})`
        );
      } else {
        conditions.push(`${column} ${soqlOperator} ${operand(field, value, `${where}.${name}`)}`);
      }
    }
    return conditions;
  }

  /** ORDER BY items in the order written (read from the query text, which keeps that order). */
  orderBy(object: ObjectDef, orderBy: unknown, prefix = ''): string[] {
    if (!orderBy || typeof orderBy !== 'object') return [];
    const items: string[] = [];
    for (const [key, clause] of Object.entries(orderBy as Record<string, unknown>)) {
      if (!clause) continue;
      const field = this.schema.field(object, key);
      if (field) {
        const { order, nulls } = clause as { order?: string; nulls?: string };
        items.push(`${prefix}${field.name}${order ? ` ${order}` : ''}${nulls ? ` NULLS ${nulls}` : ''}`);
        continue;
      }
      const reference = object.parentRelationships.get(key.toLowerCase());
      const parent = reference ? this.schema.find(reference.referenceTo[0]) : undefined;
      if (reference && parent)
        items.push(...this.orderBy(parent, clause, `${prefix}${reference.relationshipName}.`));
    }
    return items;
  }
}

/** The plain value of an argument as written, variables substituted, object keys in written order. */
export function argumentAsWritten(
  field: FieldNode,
  name: string,
  variables: Record<string, unknown>
): unknown {
  const argument = field.arguments?.find((a) => a.name.value === name);
  return argument ? valueFromASTUntyped(argument.value as ValueNode, variables) : undefined;
}

/** Field selections of a selection set by response field name, fragments flattened. */
export function collectFields(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Map<string, FieldNode[]> = new Map()
): Map<string, FieldNode[]> {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const list = into.get(selection.name.value) ?? [];
      list.push(selection);
      into.set(selection.name.value, list);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectFields(selection.selectionSet, fragments, into);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment) collectFields(fragment.selectionSet, fragments, into);
    }
  }
  return into;
}

/** Merges the selection sets of several nodes of the same field. */
export function subFields(
  nodes: FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>
): Map<string, FieldNode[]> {
  const into = new Map<string, FieldNode[]>();
  for (const node of nodes) collectFields(node.selectionSet, fragments, into);
  return into;
}
