/**
 * The SELECT list of a record query as result columns and the nested shape of each record: field
 * paths (a parent entry per relationship), `TYPEOF` branches per polymorphic target,
 * `FIELDS(ALL|STANDARD|CUSTOM)`, formatting functions read as their raw field, and child subqueries
 * (compiled by the caller, which owns the recursion).
 */
import type { FieldSubquery, Query } from '@jetstreamapp/soql-parser-js';
import type { CompileContext } from './context';
import { located } from './errors';
import { resolve, stripScopePrefix, walk } from './field-paths';
import type { CompiledChildQuery, RecordShape, Scope, ShapeEntry } from './types';

/** Functions whose value is returned raw: the local org does not format (README: not served). */
const RAW_VALUE_FUNCTIONS = ['TOLABEL', 'FORMAT', 'CONVERTCURRENCY'];

/** Adds every item of a record query's SELECT list to `shape` (and child subqueries to `children`). */
export function compileRecordSelect(
  ctx: CompileContext,
  query: Query,
  scope: Scope,
  aliasName: string | undefined,
  shape: RecordShape,
  children: CompiledChildQuery[],
  compileChild: (item: FieldSubquery) => CompiledChildQuery
): void {
  for (const item of query.fields ?? []) {
    if (item.type === 'FieldSubquery') {
      children.push(compileChild(item));
      shape.entries.push({
        kind: 'children',
        key: children[children.length - 1].key,
        index: children.length - 1
      });
      continue;
    }
    if (item.type === 'Field' || item.type === 'FieldRelationship') {
      const raw =
        item.type === 'Field' ? item.field : (item.rawValue ?? [...item.relationships, item.field].join('.'));
      const parts = stripScopePrefix(
        scope,
        item.type === 'Field' ? [item.field] : [...item.relationships, item.field],
        aliasName
      );
      addSelectPath(ctx, shape, scope, parts, raw);
      continue;
    }
    if (
      item.type === 'FieldFunctionExpression' &&
      RAW_VALUE_FUNCTIONS.includes(item.functionName.toUpperCase())
    ) {
      const param = String((item.parameters ?? [])[0] ?? '');
      const parts = stripScopePrefix(scope, param.split('.'), aliasName);
      addSelectPath(ctx, shape, scope, parts, param);
      continue;
    }
    if (item.type === 'FieldTypeof') {
      addTypeof(ctx, shape, scope, item);
      continue;
    }
    if (item.type === 'FieldFunctionExpression' && item.functionName.toUpperCase() === 'FIELDS') {
      addFieldsFunction(
        ctx,
        shape,
        scope,
        String((item.parameters ?? [])[0] ?? '').toUpperCase(),
        query.limit
      );
      continue;
    }
    throw located(
      ctx.soql,
      String((item as { rawValue?: string }).rawValue ?? 'SELECT'),
      'unexpected token in SELECT list',
      'MALFORMED_QUERY'
    );
  }
}

/**
 * `TYPEOF What WHEN Account THEN Name, Industry ELSE Name END`: per target type, its own fields.
 */
function addTypeof(
  ctx: CompileContext,
  shape: RecordShape,
  scope: Scope,
  item: { field: string; conditions: { type: string; objectType?: string; fieldList: string[] }[] }
): void {
  const reference = scope.object.parentRelationships.get(item.field.toLowerCase());
  if (!reference || reference.referenceTo.length < 2) {
    throw ctx.invalidField(item.field, `TYPEOF needs a polymorphic relationship; '${item.field}' is not one`);
  }
  const { targets } = walk(ctx, scope, [item.field], item.field);
  const idColumn = ctx.newColumn(`COALESCE(${targets.map((t) => `${t.alias}."Id"`).join(', ')})`);
  const branches: Record<string, RecordShape> = {};
  let otherwise: RecordShape | null = null;
  for (const condition of item.conditions) {
    if (condition.type === 'ELSE') {
      otherwise = { objectName: null, idColumn, entries: [] };
      for (const name of condition.fieldList) {
        const { expr, field } = resolve(
          ctx,
          scope,
          [item.field, ...name.split('.')],
          `${item.field}.${name}`
        );
        otherwise.entries.push({ kind: 'field', key: field.name, column: ctx.newColumn(expr), field });
      }
      continue;
    }
    const target = targets.find(
      (t) => t.object.name.toLowerCase() === String(condition.objectType).toLowerCase()
    );
    if (!target) {
      throw ctx.invalidField(
        String(condition.objectType),
        `'${condition.objectType}' is not a type of ${item.field}`
      );
    }
    const branch: RecordShape = { objectName: target.object.name, idColumn, entries: [] };
    for (const name of condition.fieldList) {
      addSelectPath(ctx, branch, { alias: target.alias, object: target.object }, name.split('.'), name);
    }
    branches[target.object.name] = branch;
  }
  shape.entries.push({
    kind: 'typeof',
    key: String(reference.relationshipName),
    idColumn,
    branches,
    otherwise
  });
}

/** `FIELDS(ALL|STANDARD|CUSTOM)`: every (standard, custom) field; ALL and CUSTOM need LIMIT ≤ 200. */
function addFieldsFunction(
  ctx: CompileContext,
  shape: RecordShape,
  scope: Scope,
  which: string,
  limit: number | undefined
): void {
  if (!['ALL', 'STANDARD', 'CUSTOM'].includes(which)) {
    throw located(
      ctx.soql,
      'FIELDS',
      `FIELDS takes ALL, STANDARD or CUSTOM, not ${which}`,
      'MALFORMED_QUERY'
    );
  }
  if (which !== 'STANDARD' && (limit === undefined || limit > 200)) {
    throw located(
      ctx.soql,
      'FIELDS',
      `The SOQL FIELDS function must have a LIMIT of at most 200`,
      'MALFORMED_QUERY'
    );
  }
  for (const field of scope.object.fields) {
    if (which === 'STANDARD' && field.custom) continue;
    if (which === 'CUSTOM' && !field.custom) continue;
    if (ctx.checks && !ctx.checks.canReadField(scope.object, field)) continue;
    addSelectPath(ctx, shape, scope, [field.name], field.name);
  }
}

/** Adds a field path's column to the shape, under one parent entry per relationship it crosses. */
function addSelectPath(
  ctx: CompileContext,
  shape: RecordShape,
  scope: Scope,
  parts: string[],
  raw: string
): void {
  const { expr, field } = resolve(ctx, scope, parts, raw);
  // Build the nested shape: one parent entry per relationship segment.
  let current = shape;
  let currentScope = scope;
  let pathKey = scope.alias;
  for (const relationship of parts.slice(0, -1)) {
    // resolve() has walked (and joined) this path already; find the joins it made.
    const reference = currentScope.object.parentRelationships.get(relationship.toLowerCase());
    if (!reference) break;
    pathKey += `.${reference.relationshipName}`;
    const targets = ctx.joinsByPath.get(pathKey) ?? [];
    const key = String(reference.relationshipName);
    let entry = current.entries.find(
      (e): e is Extract<ShapeEntry, { kind: 'parent' }> => e.kind === 'parent' && e.key === key
    );
    if (!entry) {
      const idExpr =
        targets.length === 1
          ? `${targets[0].alias}."Id"`
          : `COALESCE(${targets.map((t) => `${t.alias}."Id"`).join(', ')})`;
      entry = {
        kind: 'parent',
        key,
        shape: {
          objectName: targets.length === 1 ? targets[0].object.name : null,
          idColumn: ctx.newColumn(idExpr),
          entries: []
        }
      };
      current.entries.push(entry);
    }
    current = entry.shape;
    currentScope =
      targets.length === 1 ? { alias: targets[0].alias, object: targets[0].object } : currentScope;
  }
  if (current.entries.some((e) => e.kind === 'field' && e.key === field.name)) return;
  current.entries.push({ kind: 'field', key: field.name, column: ctx.newColumn(expr), field });
}
