/**
 * WHERE (and HAVING) as SQL: which rows a statement reads (live ones, those the user may read, a
 * child subquery's parents) and the query's conditions — AND/OR/NOT with SOQL's rules (no mixing
 * without parentheses, `!=` and NOT IN matching nulls, two-valued NOT), IN/NOT IN lists and
 * semi-joins, INCLUDES/EXCLUDES, LIKE, and date literals as day ranges.
 */
import type { Condition, FieldFunctionExpression, Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../../errors';
import type { FieldDef } from '../../schema/types';
import { q } from '../../store/database';
import { dayStartInstant } from '../date-literals';
import type { CompileContext } from './context';
import { located } from './errors';
import { objectFor, resolve, stripScopePrefix } from './field-paths';
import { DayRange, literal, STRINGISH, unquote } from './literals';
import { conditionOperand } from './operands';
import type { ChildFilter, Scope } from './types';

/**
 * The WHERE clause of a statement (or '' for none): live rows unless queryAll, the rows the user
 * may read, a child subquery's rows of the batch's parents, and the query's own conditions.
 */
export function rowFilter(
  ctx: CompileContext,
  query: Query,
  scope: Scope,
  aliasName: string | undefined,
  childFilter: ChildFilter | undefined
): string {
  const conditions: string[] = [];
  if (!ctx.includeDeleted) conditions.push(`${scope.alias}."IsDeleted" = 0`);
  const visible = ctx.checks?.readFilter(scope.object, scope.alias);
  if (visible) conditions.push(visible.sql);
  if (childFilter) {
    // The engine replaces the placeholder with each batch's parent ids.
    conditions.push(`${scope.alias}.${q(childFilter.field.name)} IN (SELECT value FROM json_each(?))`);
    ctx.params.push('__PARENT_IDS__');
    if (childFilter.condition) conditions.push(childFilter.condition.replace(/\{alias\}/g, scope.alias));
  }
  if (query.where) conditions.push(compileWhere(ctx, query.where, scope, aliasName));
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** A WHERE or HAVING condition tree as one SQL expression. */
export function compileWhere(
  ctx: CompileContext,
  where: WhereClause,
  scope: Scope,
  aliasName: string | undefined
): string {
  const tokens = flattenWhere(where);
  let position = 0;
  const peek = () => tokens[position];
  const parseExpr = (): string => {
    const parts = [parseUnary()];
    let op: string | null = null;
    while (peek() === 'AND' || peek() === 'OR') {
      const next = tokens[position++] as string;
      if (op && op !== next) {
        throw located(ctx.soql, next, `unexpected token: ${next}`, 'MALFORMED_QUERY');
      }
      op = next;
      parts.push(parseUnary());
    }
    return parts.length === 1 ? parts[0] : `(${parts.join(` ${op} `)})`;
  };
  const parseUnary = (): string => {
    const token = peek();
    if (token === 'NOT') {
      position++;
      ctx.negation++;
      const inner = parseUnary();
      ctx.negation--;
      return `(NOT ${inner})`;
    }
    if (token === '(') {
      position++;
      const inner = parseExpr();
      if (peek() !== ')') throw located(ctx.soql, 'WHERE', 'unbalanced parentheses', 'MALFORMED_QUERY');
      position++;
      return inner;
    }
    if (token && typeof token === 'object') {
      position++;
      const sql = compileCondition(ctx, token.condition, scope, aliasName);
      // Under NOT, SQL's NULL would drop rows SOQL keeps; make each test strictly true/false.
      return ctx.negation > 0 ? `COALESCE(${sql}, 0)` : sql;
    }
    throw located(ctx.soql, 'WHERE', `unexpected token: ${String(token)}`, 'MALFORMED_QUERY');
  };
  const sql = parseExpr();
  if (position !== tokens.length) throw located(ctx.soql, 'WHERE', 'unexpected token', 'MALFORMED_QUERY');
  return sql;
}

function compileCondition(
  ctx: CompileContext,
  condition: Condition,
  scope: Scope,
  aliasName: string | undefined
): string {
  const c = condition as unknown as {
    operator: string;
    literalType?: string | string[];
    field?: string;
    fn?: FieldFunctionExpression;
    valueQuery?: Query;
    dateLiteralVariable?: number | number[];
    value?: string | string[];
  };
  const { expr, field, label } = conditionOperand(ctx, c, scope, aliasName);
  c.field = label;
  const operator = c.operator.toUpperCase();
  const literalType = (c.literalType ?? 'STRING') as string | string[];

  if (literalType === 'SUBQUERY' || c.valueQuery) {
    const compiled = compileSemiJoin(ctx.fork(false), c.valueQuery as Query);
    ctx.params.push(...compiled.params);
    if (operator === 'IN') return `${expr} IN (${compiled.sql})`;
    if (operator === 'NOT IN') return `(${expr} IS NULL OR ${expr} NOT IN (${compiled.sql}))`;
    throw located(ctx.soql, c.field, 'semi-join subqueries need IN or NOT IN', 'MALFORMED_QUERY');
  }

  if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
    if (field.type !== 'multipicklist') {
      throw ctx.invalidField(c.field, `invalid operator on non-multipicklist field: ${field.name}`);
    }
    const values = (Array.isArray(c.value) ? c.value : [c.value ?? '']).map((v) => unquote(String(v)));
    const tests = values.map((v) => {
      const members = v.split(';').map((m) => m.trim());
      return `(${members.map((m) => `instr(';' || ${expr} || ';', ${ctx.param(`;${m};`)}) > 0`).join(' AND ')})`;
    });
    const any = `(${tests.join(' OR ')})`;
    return operator === 'INCLUDES' ? `COALESCE(${any}, 0)` : `(${expr} IS NULL OR NOT ${any})`;
  }

  if (operator === 'IN' || operator === 'NOT IN') {
    const raw = Array.isArray(c.value) ? c.value : [c.value ?? ''];
    const types = Array.isArray(literalType) ? literalType : raw.map(() => literalType);
    const values = raw.map((v, i) =>
      literal(ctx, field, c.field as string, String(v), types[i] ?? 'STRING', c.dateLiteralVariable)
    );
    if (values.some((v) => typeof v === 'object' && v !== null)) {
      throw ctx.invalidField(c.field, 'date literals are not allowed in IN lists');
    }
    const nonNull = values.filter((v) => v !== null);
    const hasNull = nonNull.length !== values.length;
    if (operator === 'IN') {
      const list = nonNull.length ? `${expr} IN (${nonNull.map((v) => ctx.param(v)).join(', ')})` : '0';
      return hasNull ? `(${list} OR ${expr} IS NULL)` : list;
    }
    const notList = nonNull.length ? `${expr} NOT IN (${nonNull.map((v) => ctx.param(v)).join(', ')})` : '1';
    return hasNull ? `(${expr} IS NOT NULL AND ${notList})` : `(${expr} IS NULL OR ${notList})`;
  }

  const value = literal(
    ctx,
    field,
    c.field,
    String(c.value ?? ''),
    String(literalType),
    c.dateLiteralVariable
  );
  if (value !== null && typeof value === 'object') return rangeCondition(ctx, expr, operator, value, field);
  if (value === null) {
    if (operator === '=') return `${expr} IS NULL`;
    if (operator === '!=' || operator === '<>') return `${expr} IS NOT NULL`;
    throw located(ctx.soql, c.field, `null can only be compared with = or !=`, 'MALFORMED_QUERY');
  }
  switch (operator) {
    case '=':
      return `${expr} = ${ctx.param(value)}`;
    case '!=':
    case '<>':
      return `(${expr} IS NULL OR ${expr} != ${ctx.param(value)})`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${expr} ${operator} ${ctx.param(value)}`;
    case 'LIKE':
      if (!STRINGISH.has(field.type))
        throw ctx.invalidField(c.field, `invalid operator on field: ${field.name}`);
      return `${expr} LIKE ${ctx.param(value)} ESCAPE '\\'`;
    default:
      throw located(ctx.soql, c.operator, `unexpected token: ${c.operator}`, 'MALFORMED_QUERY');
  }
}

/** A comparison with a date literal: the day range's bounds (instants for datetime fields). */
function rangeCondition(
  ctx: CompileContext,
  expr: string,
  operator: string,
  range: DayRange,
  field: FieldDef
): string {
  const toBound = (day: string) => (field.type === 'datetime' ? dayStartInstant(day, ctx.timeZone) : day);
  const start = ctx.param(toBound(range.start));
  const end = ctx.param(toBound(range.end));
  // Each one-sided comparison needs one bound: drop the other's parameter again.
  switch (operator) {
    case '=':
      return `(${expr} >= ${start} AND ${expr} < ${end})`;
    case '!=':
    case '<>':
      return `(${expr} IS NULL OR ${expr} < ${start} OR ${expr} >= ${end})`;
    case '<':
      ctx.params.pop();
      return `${expr} < ${start}`;
    case '<=':
      ctx.params.splice(ctx.params.length - 2, 1);
      return `${expr} < ${end}`;
    case '>':
      ctx.params.splice(ctx.params.length - 2, 1);
      return `${expr} >= ${end}`;
    case '>=':
      ctx.params.pop();
      return `${expr} >= ${start}`;
    default:
      throw new SalesforceError('MALFORMED_QUERY', `operator ${operator} cannot be used with a date literal`);
  }
}

/** Compiles `SELECT field FROM Object WHERE …` for `x IN (…)`; the single field must be an id. */
function compileSemiJoin(ctx: CompileContext, query: Query): { sql: string; params: unknown[] } {
  const object = objectFor(ctx, query.sObject ?? '');
  const scope: Scope = { alias: `s${ctx.newAlias()}`, object };
  const fields = query.fields ?? [];
  const first = fields[0];
  if (fields.length !== 1 || !first || (first.type !== 'Field' && first.type !== 'FieldRelationship')) {
    throw located(
      ctx.soql,
      'SELECT',
      'semi-join subqueries must select exactly one id field',
      'MALFORMED_QUERY'
    );
  }
  const parts = first.type === 'Field' ? [first.field] : [...first.relationships, first.field];
  const resolved = resolve(ctx, scope, stripScopePrefix(scope, parts, query.sObjectAlias), parts.join('.'));
  if (resolved.field.type !== 'id' && resolved.field.type !== 'reference') {
    throw ctx.invalidField(
      parts.join('.'),
      `semi join sub selects can only query id fields, cannot use: '${parts.join('.')}'`
    );
  }
  const conditions = [`${scope.alias}."IsDeleted" = 0`, `${resolved.expr} IS NOT NULL`];
  if (query.where) conditions.push(compileWhere(ctx, query.where, scope, query.sObjectAlias));
  const limit = query.limit !== undefined ? ` LIMIT ${Number(query.limit)}` : '';
  return {
    sql: `SELECT ${resolved.expr} FROM ${q(object.name)} ${scope.alias} ${ctx.joins.join(' ')} WHERE ${conditions.join(' AND ')}${limit}`,
    params: ctx.params
  };
}

export type WhereToken = 'AND' | 'OR' | 'NOT' | '(' | ')' | { condition: Condition };

/** Turns the parser's right-nested WHERE list (parentheses as counts on leaves) into tokens. */
export function flattenWhere(where: WhereClause): WhereToken[] {
  const tokens: WhereToken[] = [];
  let node: WhereClause | undefined = where;
  while (node) {
    const left = node.left as (Condition & { openParen?: number; closeParen?: number }) | null;
    if (left) {
      for (let i = 0; i < (left.openParen ?? 0); i++) tokens.push('(');
      // `(NOT …)` parses as a NegationCondition: a leaf holding only the parentheses before NOT.
      const negationParens = !('operator' in left) && !('field' in left) && !('fn' in left);
      if (!negationParens) tokens.push({ condition: left });
      for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push(')');
    }
    const operator = (node as { operator?: string }).operator;
    if (operator) tokens.push(operator.toUpperCase() as 'AND' | 'OR' | 'NOT');
    node = (node as { right?: WhereClause }).right;
  }
  return tokens;
}
