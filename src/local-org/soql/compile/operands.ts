/**
 * The expressions a clause filters, groups or sorts by besides plain field paths: date functions
 * of a field (`CALENDAR_MONTH(CreatedDate)`, read in the user's time zone) and aggregate functions
 * (`COUNT(Id)`, `SUM(Amount)`…), which HAVING and an aggregate query's SELECT and ORDER BY use.
 */
import type { FieldFunctionExpression } from '@jetstreamapp/soql-parser-js';
import { FieldDef, makeField } from '../../schema/types';
import { SOQL_DATE_FUNCTIONS } from '../../store/database';
import type { CompileContext } from './context';
import { located } from './errors';
import { resolve, stripScopePrefix } from './field-paths';
import type { Scope } from './types';

/** SOQL's aggregate functions. */
export const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** The type of a date function's or an aggregate's result, for typing literals compared with it. */
const NUMBER_FIELD: FieldDef = makeField({ name: 'expr', type: 'double', label: 'expr' });
const DAY_FIELD: FieldDef = makeField({ name: 'expr', type: 'date', label: 'expr' });

/** An aggregate function as SQL; `field` is the field whose type the result keeps (MIN/MAX). */
export function aggregateExpr(
  ctx: CompileContext,
  fn: FieldFunctionExpression,
  scope: Scope,
  aliasName: string | undefined
): { expr: string; field: FieldDef | null } {
  const name = fn.functionName.toUpperCase();
  const param = (fn.parameters ?? [])[0];
  if (param === undefined) {
    if (name === 'COUNT') return { expr: 'COUNT(*)', field: null };
    throw located(ctx.soql, fn.functionName, `${name} requires a field`, 'MALFORMED_QUERY');
  }
  if (typeof param !== 'string')
    throw located(ctx.soql, fn.functionName, 'nested functions are not supported', 'MALFORMED_QUERY');
  const resolved = resolve(ctx, scope, stripScopePrefix(scope, param.split('.'), aliasName), param);
  switch (name) {
    case 'COUNT':
      return { expr: `COUNT(${resolved.expr})`, field: null };
    case 'COUNT_DISTINCT':
      return { expr: `COUNT(DISTINCT ${resolved.expr})`, field: null };
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX':
      return {
        expr: `${name}(${resolved.expr})`,
        field: name === 'SUM' || name === 'AVG' ? null : resolved.field
      };
    default:
      throw located(ctx.soql, fn.functionName, `Unsupported function ${fn.functionName}`, 'MALFORMED_QUERY');
  }
}

/** The left side of a condition: a field path, a date function of one, or (in HAVING) an aggregate. */
export function conditionOperand(
  ctx: CompileContext,
  c: { field?: string; fn?: FieldFunctionExpression },
  scope: Scope,
  aliasName: string | undefined
): { expr: string; field: FieldDef; label: string } {
  if (c.field) {
    const parts = stripScopePrefix(scope, c.field.split('.'), aliasName);
    return { ...resolve(ctx, scope, parts, c.field), label: c.field };
  }
  const fn = c.fn;
  const name = fn?.functionName?.toUpperCase() ?? '';
  const param = fn?.parameters?.[0];
  if (fn && ctx.havingMode && fn.isAggregateFn !== false && AGGREGATES.has(name)) {
    const aggregate = aggregateExpr(ctx, fn, scope, aliasName);
    return { expr: aggregate.expr, field: aggregate.field ?? NUMBER_FIELD, label: fn.rawValue ?? name };
  }
  if (fn && SOQL_DATE_FUNCTIONS.includes(name) && typeof param === 'string') {
    const inner = resolve(ctx, scope, stripScopePrefix(scope, param.split('.'), aliasName), param);
    if (inner.field.type !== 'date' && inner.field.type !== 'datetime') {
      throw ctx.invalidField(param, `${name} can only be used with date or datetime fields: ${param}`);
    }
    // The zone is inlined, not a parameter: the operand may appear more than once in the SQL.
    const zone = ctx.timeZone.replace(/'/g, "''");
    const expr = `sf_date_part(${inner.expr}, '${zone}', '${name}')`;
    return { expr, field: name === 'DAY_ONLY' ? DAY_FIELD : NUMBER_FIELD, label: fn.rawValue ?? name };
  }
  throw located(
    ctx.soql,
    fn?.functionName ?? 'WHERE',
    `function ${fn?.functionName ?? ''} is not supported in filters by the local org`,
    'MALFORMED_QUERY'
  );
}
