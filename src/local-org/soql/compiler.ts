/**
 * Compiles a parsed SOQL query (from @jetstreamapp/soql-parser-js) into SQLite SQL over the org's
 * tables, resolving every field and relationship against the schema so that unknown names fail as
 * Salesforce fails (INVALID_FIELD / INVALID_TYPE with the caret message).
 *
 * This file composes one statement from its clauses, each compiled in `compile/`: SELECT
 * (select.ts, aggregate.ts), FROM's field paths and joins (field-paths.ts, computed-fields.ts),
 * WHERE with semi-joins (where.ts, literals.ts, operands.ts), GROUP BY and HAVING (aggregate.ts),
 * ORDER BY and OFFSET (order-limit.ts). Parent relationships become LEFT JOINs, semi-joins SQL
 * sub-selects, and child subqueries a second statement the engine runs per batch of parents.
 */
import type { FieldSubquery, Query } from '@jetstreamapp/soql-parser-js';
import type { FieldDef } from '../schema/types';
import { q } from '../store/database';
import { compileAggregateSelect, groupByClause, isAggregateQuery, isCountOnly } from './compile/aggregate';
import { CompileContext, CompileOptions } from './compile/context';
import { childRelationship, objectFor } from './compile/field-paths';
import { checkedOffset, orderByClause } from './compile/order-limit';
import { compileRecordSelect } from './compile/select';
import type {
  AggregateColumn,
  ChildFilter,
  CompiledChildQuery,
  CompiledQuery,
  RecordShape,
  Scope
} from './compile/types';
import { rowFilter } from './compile/where';

export type { CompileOptions } from './compile/context';
export type {
  AggregateColumn,
  CompiledChildQuery,
  CompiledQuery,
  RecordShape,
  ShapeEntry
} from './compile/types';

/** Compiles a top-level query, as the user `options.access` describes (none = trusted). */
export function compileQuery(query: Query, options: CompileOptions): CompiledQuery {
  return compileStatement(new CompileContext(options), query);
}

/** Compiles a top-level query or, with `childFilter`, a child subquery. */
function compileStatement(ctx: CompileContext, query: Query, childFilter?: ChildFilter): CompiledQuery {
  const object = objectFor(ctx, query.sObject ?? '');
  const scope: Scope = { alias: ctx.newAlias(), object };
  const aliasName = query.sObjectAlias;
  const isAggregate = isAggregateQuery(query);
  const countOnly = isCountOnly(query);

  // SELECT
  const shape: RecordShape = {
    objectName: childFilter?.recordType ?? object.name,
    idColumn: '',
    entries: []
  };
  const aggregateColumns: AggregateColumn[] = [];
  const children: CompiledChildQuery[] = [];
  let parentColumn = '';
  if (countOnly) {
    // COUNT() has no columns; totalSize carries the answer.
  } else if (isAggregate) {
    compileAggregateSelect(ctx, query, scope, aliasName, aggregateColumns);
  } else {
    shape.idColumn = ctx.newColumn(`${scope.alias}."Id"`);
    if (childFilter) parentColumn = ctx.newColumn(`${scope.alias}.${q(childFilter.field.name)}`);
    compileRecordSelect(ctx, query, scope, aliasName, shape, children, (item) =>
      compileChild(ctx, item, scope)
    );
  }

  // The remaining clauses in statement order: their parameters must follow the same order.
  const where = rowFilter(ctx, query, scope, aliasName, childFilter);
  const group = groupByClause(ctx, query, scope, aliasName, isAggregate);
  const order = orderByClause(ctx, query, scope, aliasName);
  const offset = checkedOffset(query);

  const from = `FROM ${q(object.name)} ${scope.alias} ${ctx.joins.join(' ')}`;
  const select = ctx.selectColumns.length ? ctx.selectColumns.join(', ') : '1';
  const sql = `SELECT ${select} ${from} ${where} ${group} ${order}`;
  // Parent joins are LEFT JOINs on a unique id: they never change the row count, so counting can
  // skip them unless the filter reads a parent (or a sub-select whose aliases look alike).
  const whereReadsJoins = /\bt[1-9]\d*\./.test(where);
  const countFrom = whereReadsJoins ? from : `FROM ${q(object.name)} ${scope.alias}`;
  const countSql = group
    ? `SELECT COUNT(*) AS n FROM (SELECT 1 ${from} ${where} ${group})`
    : `SELECT COUNT(*) AS n ${countFrom} ${where}`;
  return {
    object,
    kind: countOnly ? 'count' : isAggregate ? 'aggregate' : 'records',
    sql,
    countSql,
    params: ctx.params,
    limit: query.limit ?? null,
    offset,
    shape,
    aggregateColumns,
    children,
    parentColumn
  };
}

/** A child subquery (`SELECT …, (SELECT … FROM Children__r)`): its own statement, in its own context. */
function compileChild(ctx: CompileContext, item: FieldSubquery, parent: Scope): CompiledChildQuery {
  const sub = item.subquery;
  const relationship = childRelationship(ctx, parent.object, sub.relationshipName);
  const childObject = objectFor(ctx, relationship.childSObject);
  const childField = ctx.schema.field(childObject, relationship.field) as FieldDef;
  const compiled = compileStatement(
    ctx.fork(ctx.includeDeleted),
    { ...sub, sObject: childObject.name } as Query,
    {
      field: childField,
      condition: relationship.condition,
      recordType: relationship.recordType
    }
  );
  return {
    key: String(relationship.relationshipName),
    query: compiled,
    parentColumn: compiled.parentColumn
  };
}
