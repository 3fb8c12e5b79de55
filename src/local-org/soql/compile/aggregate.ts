/**
 * Aggregate queries: telling `COUNT()` and GROUP BY / aggregate-function queries from record
 * queries, their SELECT list (aggregates, grouped fields and date functions, with `expr0`… keys
 * unless aliased), and GROUP BY with HAVING.
 */
import type { FieldFunctionExpression, Query } from '@jetstreamapp/soql-parser-js';
import type { CompileContext } from './context';
import { located } from './errors';
import { resolve, stripScopePrefix } from './field-paths';
import { AGGREGATES, aggregateExpr, conditionOperand } from './operands';
import type { AggregateColumn, Scope } from './types';
import { compileWhere } from './where';

/** GROUP BY or an aggregate function in SELECT: the result is aggregate rows, not records. */
export function isAggregateQuery(query: Query): boolean {
  const fields = query.fields ?? [];
  return (
    (query.groupBy !== undefined && (Array.isArray(query.groupBy) ? query.groupBy.length > 0 : true)) ||
    fields.some((f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn)
  );
}

/** `SELECT COUNT() FROM …`: no columns, the answer is totalSize. */
export function isCountOnly(query: Query): boolean {
  const fields = query.fields ?? [];
  return (
    fields.length === 1 &&
    fields[0].type === 'FieldFunctionExpression' &&
    fields[0].functionName.toUpperCase() === 'COUNT' &&
    (fields[0].parameters ?? []).length === 0
  );
}

/** The SELECT list of an aggregate query, as columns of `out`. */
export function compileAggregateSelect(
  ctx: CompileContext,
  query: Query,
  scope: Scope,
  aliasName: string | undefined,
  out: AggregateColumn[]
): void {
  let exprIndex = 0;
  for (const item of query.fields ?? []) {
    if (item.type === 'FieldFunctionExpression') {
      const name = item.functionName.toUpperCase();
      // Aggregates, or a date function being grouped on (CALENDAR_MONTH(CreatedDate)).
      const { expr, field } = AGGREGATES.has(name)
        ? aggregateExpr(ctx, item, scope, aliasName)
        : conditionOperand(ctx, { fn: item }, scope, aliasName);
      const key = item.alias ?? `expr${exprIndex++}`;
      out.push({ key, column: ctx.newColumn(expr), field, isCount: name.startsWith('COUNT') });
    } else if (item.type === 'Field' || item.type === 'FieldRelationship') {
      const parts = item.type === 'Field' ? [item.field] : [...item.relationships, item.field];
      const raw = parts.join('.');
      const resolved = resolve(ctx, scope, stripScopePrefix(scope, parts, aliasName), raw);
      out.push({
        key: (item as { alias?: string }).alias ?? resolved.field.name,
        column: ctx.newColumn(resolved.expr),
        field: resolved.field,
        isCount: false
      });
    } else {
      throw located(ctx.soql, 'SELECT', 'subqueries are not allowed in aggregate queries', 'MALFORMED_QUERY');
    }
  }
}

/** `GROUP BY … HAVING …` (or '' when the query groups by nothing). */
export function groupByClause(
  ctx: CompileContext,
  query: Query,
  scope: Scope,
  aliasName: string | undefined,
  isAggregate: boolean
): string {
  const groupExprs: string[] = [];
  if (isAggregate && query.groupBy) {
    const groups = Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy];
    for (const g of groups as { field?: string; fn?: FieldFunctionExpression }[]) {
      groupExprs.push(
        g.field
          ? resolve(ctx, scope, stripScopePrefix(scope, g.field.split('.'), aliasName), g.field).expr
          : conditionOperand(ctx, { fn: g.fn }, scope, aliasName).expr
      );
    }
  }
  let having = '';
  if (query.having) {
    if (!isAggregate) throw located(ctx.soql, 'HAVING', 'HAVING requires GROUP BY', 'MALFORMED_QUERY');
    ctx.havingMode = true;
    having = `HAVING ${compileWhere(ctx, query.having, scope, aliasName)}`;
    ctx.havingMode = false;
  }
  return groupExprs.length ? `GROUP BY ${groupExprs.join(', ')} ${having}` : '';
}
