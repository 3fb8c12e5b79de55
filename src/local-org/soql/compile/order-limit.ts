/**
 * ORDER BY (fields, date functions and, in aggregate queries, aggregates; ASC puts nulls first and
 * DESC last unless NULLS says otherwise) and OFFSET's limit. LIMIT and OFFSET themselves are applied
 * by the engine per batch.
 */
import type { FieldFunctionExpression, OrderByClause, Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../../errors';
import type { CompileContext } from './context';
import { located } from './errors';
import { resolve, stripScopePrefix } from './field-paths';
import { AGGREGATES, aggregateExpr, conditionOperand } from './operands';
import type { Scope } from './types';

/** The largest OFFSET SOQL allows. */
const MAX_OFFSET = 2000;

/** `ORDER BY …` (or '' when the query has none). */
export function orderByClause(
  ctx: CompileContext,
  query: Query,
  scope: Scope,
  aliasName: string | undefined
): string {
  const orderParts: string[] = [];
  const orderBy = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
  for (const o of orderBy as (OrderByClause & {
    field?: string;
    fn?: FieldFunctionExpression;
    order?: string;
    nulls?: string;
  })[]) {
    let expr: string;
    if (o.field) {
      expr = resolve(ctx, scope, stripScopePrefix(scope, o.field.split('.'), aliasName), o.field).expr;
    } else if (o.fn) {
      expr = AGGREGATES.has(o.fn.functionName.toUpperCase())
        ? aggregateExpr(ctx, o.fn, scope, aliasName).expr
        : conditionOperand(ctx, { fn: o.fn }, scope, aliasName).expr;
    } else {
      throw located(ctx.soql, 'ORDER', 'unexpected ORDER BY item', 'MALFORMED_QUERY');
    }
    const direction = o.order === 'DESC' ? 'DESC' : 'ASC';
    const nulls = o.nulls ?? (direction === 'ASC' ? 'FIRST' : 'LAST');
    orderParts.push(`${expr} ${direction} NULLS ${nulls}`);
  }
  return orderParts.length ? `ORDER BY ${orderParts.join(', ')}` : '';
}

/** The query's OFFSET (0 without one); beyond 2,000 is NUMBER_OUTSIDE_VALID_RANGE. */
export function checkedOffset(query: Query): number {
  const offset = query.offset ?? 0;
  if (offset > MAX_OFFSET) {
    throw new SalesforceError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  return offset;
}
