/**
 * Compiles a parsed SOQL query (from @jetstreamapp/soql-parser-js) into SQLite SQL over the org's
 * tables, resolving every field and relationship against the schema so that unknown names fail as
 * Salesforce fails (INVALID_FIELD / INVALID_TYPE with the caret message).
 *
 * Parent relationships become LEFT JOINs (one per target for polymorphic lookups), semi-joins become
 * SQL sub-selects, child subqueries become a second statement run per batch of parents.
 */
import type {
  Condition,
  FieldFunctionExpression,
  FieldSubquery,
  OrderByClause,
  Query,
  WhereClause
} from '@jetstreamapp/soql-parser-js';
import { Clock } from '../clock';
import { SalesforceError } from '../errors';
import { normalizeId } from '../ids';
import { Schema } from '../schema/registry';
import { FieldDef, makeField, ObjectDef } from '../schema/types';
import { q, SOQL_DATE_FUNCTIONS } from '../store/database';
import type { UserAccess } from '../security/access';
import { parseDateTime } from '../store/values';
import { dateLiteralRange, dayStartInstant } from './date-literals';

/** Whether a date literal's day range lies within the years Salesforce stores (1700 to 4000). */
function withinSalesforceCalendar(range: { start: string; end: string }): boolean {
  const start = new Date(range.start);
  const end = new Date(range.end);
  return (
    !Number.isNaN(start.getTime()) &&
    !Number.isNaN(end.getTime()) &&
    start.getUTCFullYear() >= 1700 &&
    end.getUTCFullYear() <= 4001
  );
}

/** Where a value of the result comes from and where it goes in the JSON record. */
export type ShapeEntry =
  | { kind: 'field'; key: string; column: string; field: FieldDef }
  | { kind: 'parent'; key: string; shape: RecordShape }
  | { kind: 'children'; key: string; index: number }
  | {
      kind: 'typeof';
      key: string;
      /** Column holding the polymorphic parent's id (its prefix picks the branch). */
      idColumn: string;
      branches: Record<string, RecordShape>;
      otherwise: RecordShape | null;
    };

export interface RecordShape {
  /** Object name for attributes.type; null for polymorphic parents (taken from the id prefix). */
  objectName: string | null;
  idColumn: string;
  entries: ShapeEntry[];
}

export interface AggregateColumn {
  key: string;
  column: string;
  field: FieldDef | null;
  /** COUNT results are integers; others keep the field's type. */
  isCount: boolean;
}

export interface CompiledQuery {
  object: ObjectDef;
  kind: 'records' | 'count' | 'aggregate';
  /** Full statement without LIMIT/OFFSET. */
  sql: string;
  /** Counts the rows `sql` yields (before LIMIT/OFFSET). */
  countSql: string;
  params: unknown[];
  limit: number | null;
  offset: number;
  shape: RecordShape;
  aggregateColumns: AggregateColumn[];
  children: CompiledChildQuery[];
  /** For a child subquery: the column holding each child's parent id ('' otherwise). */
  parentColumn: string;
}

export interface CompiledChildQuery {
  key: string;
  query: CompiledQuery;
  /** Column holding the child's parent id. */
  parentColumn: string;
}

interface Scope {
  alias: string;
  object: ObjectDef;
}

interface JoinTarget {
  alias: string;
  object: ObjectDef;
}

interface Resolved {
  expr: string;
  field: FieldDef;
}

const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const CUSTOM_RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";
const CUSTOM_OBJECT_HINT =
  "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

/** The `Type` of a polymorphic relationship (What.Type), which has no column of its own. */
const POLYMORPHIC_TYPE_FIELD: FieldDef = makeField({ name: 'Type', type: 'picklist', label: 'Type' });

const NUMBER_FIELD: FieldDef = makeField({ name: 'expr', type: 'double', label: 'expr' });
const DAY_FIELD: FieldDef = makeField({ name: 'expr', type: 'date', label: 'expr' });
const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

const STRINGISH = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'id',
  'reference',
  'time'
]);
const NUMERIC = new Set(['double', 'int', 'currency', 'percent']);

/** Formats an error the way the SOQL engine does: the query, a caret under the token, the position. */
export function located(soql: string, token: string, message: string, code: string): SalesforceError {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[^\\w.])(${escaped})(?![\\w])`, 'i').exec(soql);
  const index = match ? match.index + match[1].length : 0;
  const before = soql.slice(0, index);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = index - lineStart + 1;
  const line = soql.split('\n')[row - 1] ?? soql;
  return new SalesforceError(
    code,
    `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`
  );
}

export class QueryCompiler {
  private aliasCounter = 0;
  private columnCounter = 0;
  private joins: string[] = [];
  private readonly joinsByPath = new Map<string, JoinTarget[]>();
  private params: unknown[] = [];
  private readonly selectColumns: string[] = [];
  private negation = 0;
  /** True while compiling HAVING, where aggregates may be compared. */
  private havingMode = false;
  /**
   * Above 0 while expanding a formula or roll-up: formulas are evaluated in system context, so
   * neither field-level security nor record access narrows what they read.
   */
  private systemContext = 0;

  constructor(
    private readonly schema: Schema,
    private readonly clock: Clock,
    private readonly soql: string,
    private readonly includeDeleted: boolean,
    /** The querying user's time zone: date literals are calendar days there. */
    private readonly timeZone = 'UTC',
    /** The querying user's access (object, field and record); none = everything (trusted callers). */
    private readonly access?: UserAccess
  ) {}

  /** The access to check, or undefined in system context and for trusted callers. */
  private get checks(): UserAccess | undefined {
    return this.systemContext > 0 ? undefined : this.access;
  }

  private readableField(object: ObjectDef, name: string): FieldDef | undefined {
    const field = this.schema.field(object, name);
    if (!field) return undefined;
    return this.checks && !this.checks.canReadField(object, field) ? undefined : field;
  }

  private invalidField(token: string, message: string): SalesforceError {
    return located(this.soql, token, message, 'INVALID_FIELD');
  }

  private objectFor(name: string): ObjectDef {
    const found = this.schema.find(name);
    const object = found && (!this.checks || this.checks.canReadObject(found)) ? found : undefined;
    if (!object)
      throw located(
        this.soql,
        name,
        `sObject type '${name}' is not supported. ${CUSTOM_OBJECT_HINT}`,
        'INVALID_TYPE'
      );
    return object;
  }

  private newAlias(): string {
    return `t${this.aliasCounter++}`;
  }

  private newColumn(expr: string): string {
    const column = `c${this.columnCounter++}`;
    this.selectColumns.push(`${expr} AS ${column}`);
    return column;
  }

  /** Strips a leading `Alias.` or `Object.` from a field path written against the queried object. */
  private stripScopePrefix(scope: Scope, parts: string[], alias?: string): string[] {
    if (parts.length < 2) return parts;
    const first = parts[0].toLowerCase();
    if (alias && first === alias.toLowerCase()) return parts.slice(1);
    if (first === scope.object.name.toLowerCase() && !scope.object.parentRelationships.has(first))
      return parts.slice(1);
    return parts;
  }

  private joinParent(fromAlias: string, pathKey: string, reference: FieldDef): JoinTarget[] {
    // A formula's joins see every record; the user's joins only the records they may read.
    const key = this.systemContext > 0 && this.access ? `system:${pathKey}` : pathKey;
    const existing = this.joinsByPath.get(key);
    if (existing) return existing;
    const targets: JoinTarget[] = [];
    for (const name of reference.referenceTo) {
      const object = this.schema.find(name);
      if (!object) continue;
      const alias = this.newAlias();
      // A parent the user cannot see reads as null, as Salesforce answers.
      const visible = this.checks?.readFilter(object, alias);
      this.joins.push(
        `LEFT JOIN ${q(object.name)} ${alias} ON ${alias}."Id" = ${fromAlias}.${q(reference.name)}${visible ? ` AND ${visible.sql}` : ''}`
      );
      targets.push({ alias, object });
    }
    this.joinsByPath.set(key, targets);
    return targets;
  }

  /** Walks relationship names from `scope` and returns the join targets at the end of the path. */
  private walk(
    scope: Scope,
    relationships: string[],
    rawPath: string
  ): { targets: JoinTarget[]; names: string[] } {
    let targets: JoinTarget[] = [{ alias: scope.alias, object: scope.object }];
    let pathKey = scope.alias;
    const names: string[] = [];
    for (const relationship of relationships) {
      if (targets.length !== 1) {
        throw this.invalidField(
          rawPath,
          `Didn't understand relationship '${relationship}' in field path. ${CUSTOM_RELATIONSHIP_HINT}`
        );
      }
      const candidate = targets[0].object.parentRelationships.get(relationship.toLowerCase());
      const reference =
        candidate &&
        (!this.checks ||
          (this.checks.canReadField(targets[0].object, candidate) &&
            candidate.referenceTo.some((n) => {
              const target = this.schema.find(n);
              return target !== undefined && this.checks!.canReadObject(target);
            })))
          ? candidate
          : undefined;
      if (!reference) {
        throw this.invalidField(
          rawPath,
          `Didn't understand relationship '${relationship}' in field path. ${CUSTOM_RELATIONSHIP_HINT}`
        );
      }
      names.push(String(reference.relationshipName));
      pathKey += `.${reference.relationshipName}`;
      targets = this.joinParent(targets[0].alias, pathKey, reference);
    }
    return { targets, names };
  }

  /** SQL expression for a field at a join target (computed fields expand to their formula). */
  private fieldExpr(target: JoinTarget, field: FieldDef, rawPath: string): string {
    const computation = field.computation;
    if (computation?.kind === 'path') {
      this.systemContext++;
      try {
        return this.resolve({ alias: target.alias, object: target.object }, computation.path, rawPath).expr;
      } finally {
        this.systemContext--;
      }
    }
    if (computation?.kind === 'equals') {
      const scope = { alias: target.alias, object: target.object };
      this.systemContext++;
      try {
        const left = this.resolve(scope, computation.left, rawPath).expr;
        const right = this.resolve(scope, computation.right, rawPath).expr;
        return `(CASE WHEN (${left}) = (${right}) THEN 1 ELSE 0 END)`;
      } finally {
        this.systemContext--;
      }
    }
    if (computation?.kind === 'compound') {
      // One JSON object of the components; fromSql turns it into the compound value (null when empty).
      const parts = Object.entries(computation.components).map(
        ([key, name]) => `'${key}', ${target.alias}.${q(name)}`
      );
      return `json_object(${parts.join(', ')})`;
    }
    if (computation?.kind === 'lastActivity') {
      const links = computation.taskFields.map((f) => `la.${q(f)} = ${target.alias}."Id"`).join(' OR ');
      return `(SELECT MAX(COALESCE(la."ActivityDate", substr(la."CompletedDateTime", 1, 10))) FROM "Task" la WHERE (${links}) AND la."IsClosed" = 1 AND la."IsDeleted" = 0)`;
    }
    if (computation?.kind === 'rollupCount') {
      const child = this.schema.find(computation.childObject);
      if (!child) return '0';
      return `(SELECT COUNT(*) FROM ${q(child.name)} rc WHERE rc.${q(computation.childField)} = ${target.alias}."Id" AND rc."IsDeleted" = 0)`;
    }
    return `${target.alias}.${q(field.name)}`;
  }

  /** Resolves a field path (relationships then a field) to a SQL expression and its field. */
  resolve(scope: Scope, parts: string[], rawPath = parts.join('.')): Resolved {
    const fieldName = parts[parts.length - 1];
    const { targets } = this.walk(scope, parts.slice(0, -1), rawPath);
    if (targets.length > 1 && fieldName.toLowerCase() === 'type') {
      // Polymorphic lookups (Who, What) expose the target's object name as `Type`.
      const cases = targets.map((t) => `WHEN ${t.alias}."Id" IS NOT NULL THEN '${t.object.name}'`).join(' ');
      return { expr: `(CASE ${cases} END)`, field: POLYMORPHIC_TYPE_FIELD };
    }
    const found = targets
      .map((t) => ({ target: t, field: this.readableField(t.object, fieldName) }))
      .filter((x): x is { target: JoinTarget; field: FieldDef } => x.field !== undefined);
    if (found.length === 0) {
      const owner = targets[0]?.object.name ?? scope.object.name;
      throw this.invalidField(
        rawPath,
        `No such column '${fieldName}' on entity '${owner}'. ${CUSTOM_FIELD_HINT}`
      );
    }
    const exprs = found.map((x) => this.fieldExpr(x.target, x.field, rawPath));
    return { expr: exprs.length === 1 ? exprs[0] : `COALESCE(${exprs.join(', ')})`, field: found[0].field };
  }

  /** Compiles a top-level query or a child subquery. */
  compile(
    query: Query,
    scopeAlias?: string,
    childFilter?: { field: FieldDef; condition?: string; recordType?: string }
  ): CompiledQuery {
    const object = this.objectFor(query.sObject ?? '');
    const scope: Scope = { alias: this.newAlias(), object };
    const aliasName = scopeAlias ?? query.sObjectAlias;
    const fields = query.fields ?? [];
    const isAggregate =
      (query.groupBy !== undefined && (Array.isArray(query.groupBy) ? query.groupBy.length > 0 : true)) ||
      fields.some((f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn);
    const countOnly =
      fields.length === 1 &&
      fields[0].type === 'FieldFunctionExpression' &&
      fields[0].functionName.toUpperCase() === 'COUNT' &&
      (fields[0].parameters ?? []).length === 0;

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
      this.compileAggregateSelect(query, scope, aliasName, aggregateColumns);
    } else {
      shape.idColumn = this.newColumn(`${scope.alias}."Id"`);
      if (childFilter) parentColumn = this.newColumn(`${scope.alias}.${q(childFilter.field.name)}`);
      for (const item of fields) {
        if (item.type === 'FieldSubquery') {
          children.push(this.compileChild(item, object));
          shape.entries.push({
            kind: 'children',
            key: children[children.length - 1].key,
            index: children.length - 1
          });
          continue;
        }
        if (item.type === 'Field' || item.type === 'FieldRelationship') {
          const raw =
            item.type === 'Field'
              ? item.field
              : (item.rawValue ?? [...item.relationships, item.field].join('.'));
          const parts = this.stripScopePrefix(
            scope,
            item.type === 'Field' ? [item.field] : [...item.relationships, item.field],
            aliasName
          );
          this.addSelectPath(shape, scope, parts, raw);
          continue;
        }
        if (
          item.type === 'FieldFunctionExpression' &&
          ['TOLABEL', 'FORMAT', 'CONVERTCURRENCY'].includes(item.functionName.toUpperCase())
        ) {
          const param = String((item.parameters ?? [])[0] ?? '');
          const parts = this.stripScopePrefix(scope, param.split('.'), aliasName);
          this.addSelectPath(shape, scope, parts, param);
          continue;
        }
        if (item.type === 'FieldTypeof') {
          this.addTypeof(shape, scope, item);
          continue;
        }
        if (item.type === 'FieldFunctionExpression' && item.functionName.toUpperCase() === 'FIELDS') {
          this.addFieldsFunction(
            shape,
            scope,
            String((item.parameters ?? [])[0] ?? '').toUpperCase(),
            query.limit
          );
          continue;
        }
        throw located(
          this.soql,
          String((item as { rawValue?: string }).rawValue ?? 'SELECT'),
          'unexpected token in SELECT list',
          'MALFORMED_QUERY'
        );
      }
    }

    // WHERE
    const conditions: string[] = [];
    if (!this.includeDeleted) conditions.push(`${scope.alias}."IsDeleted" = 0`);
    const visible = this.checks?.readFilter(object, scope.alias);
    if (visible) conditions.push(visible.sql);
    if (childFilter) {
      conditions.push(`${scope.alias}.${q(childFilter.field.name)} IN (SELECT value FROM json_each(?))`);
      this.params.push('__PARENT_IDS__');
      if (childFilter.condition) conditions.push(childFilter.condition.replace(/\{alias\}/g, scope.alias));
    }
    if (query.where) conditions.push(this.compileWhere(query.where, scope, aliasName));

    // GROUP BY
    const groupExprs: string[] = [];
    if (isAggregate && query.groupBy) {
      const groups = Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy];
      for (const g of groups as { field?: string; fn?: FieldFunctionExpression }[]) {
        groupExprs.push(
          g.field
            ? this.resolve(scope, this.stripScopePrefix(scope, g.field.split('.'), aliasName), g.field).expr
            : this.conditionOperand({ fn: g.fn }, scope, aliasName).expr
        );
      }
    }
    let having = '';
    if (query.having) {
      if (!isAggregate) throw located(this.soql, 'HAVING', 'HAVING requires GROUP BY', 'MALFORMED_QUERY');
      this.havingMode = true;
      having = `HAVING ${this.compileWhere(query.having, scope, aliasName)}`;
      this.havingMode = false;
    }

    // ORDER BY
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
        expr = this.resolve(scope, this.stripScopePrefix(scope, o.field.split('.'), aliasName), o.field).expr;
      } else if (o.fn) {
        expr = AGGREGATES.has(o.fn.functionName.toUpperCase())
          ? this.aggregateExpr(o.fn, scope, aliasName).expr
          : this.conditionOperand({ fn: o.fn }, scope, aliasName).expr;
      } else {
        throw located(this.soql, 'ORDER', 'unexpected ORDER BY item', 'MALFORMED_QUERY');
      }
      const direction = o.order === 'DESC' ? 'DESC' : 'ASC';
      const nulls = o.nulls ?? (direction === 'ASC' ? 'FIRST' : 'LAST');
      orderParts.push(`${expr} ${direction} NULLS ${nulls}`);
    }

    const offset = query.offset ?? 0;
    if (offset > 2000) {
      throw new SalesforceError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
    }
    const from = `FROM ${q(object.name)} ${scope.alias} ${this.joins.join(' ')}`;
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const group = groupExprs.length ? `GROUP BY ${groupExprs.join(', ')} ${having}` : '';
    const order = orderParts.length ? `ORDER BY ${orderParts.join(', ')}` : '';
    const select = this.selectColumns.length ? this.selectColumns.join(', ') : '1';
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
      params: this.params,
      limit: query.limit ?? null,
      offset,
      shape,
      aggregateColumns,
      children,
      parentColumn
    };
  }

  /**
   * `TYPEOF What WHEN Account THEN Name, Industry ELSE Name END`: per target type, its own fields.
   */
  private addTypeof(
    shape: RecordShape,
    scope: Scope,
    item: { field: string; conditions: { type: string; objectType?: string; fieldList: string[] }[] }
  ): void {
    const reference = scope.object.parentRelationships.get(item.field.toLowerCase());
    if (!reference || reference.referenceTo.length < 2) {
      throw this.invalidField(
        item.field,
        `TYPEOF needs a polymorphic relationship; '${item.field}' is not one`
      );
    }
    const { targets } = this.walk(scope, [item.field], item.field);
    const idColumn = this.newColumn(`COALESCE(${targets.map((t) => `${t.alias}."Id"`).join(', ')})`);
    const branches: Record<string, RecordShape> = {};
    let otherwise: RecordShape | null = null;
    for (const condition of item.conditions) {
      if (condition.type === 'ELSE') {
        otherwise = { objectName: null, idColumn, entries: [] };
        for (const name of condition.fieldList) {
          const { expr, field } = this.resolve(
            scope,
            [item.field, ...name.split('.')],
            `${item.field}.${name}`
          );
          otherwise.entries.push({ kind: 'field', key: field.name, column: this.newColumn(expr), field });
        }
        continue;
      }
      const target = targets.find(
        (t) => t.object.name.toLowerCase() === String(condition.objectType).toLowerCase()
      );
      if (!target) {
        throw this.invalidField(
          String(condition.objectType),
          `'${condition.objectType}' is not a type of ${item.field}`
        );
      }
      const branch: RecordShape = { objectName: target.object.name, idColumn, entries: [] };
      for (const name of condition.fieldList) {
        this.addSelectPath(branch, { alias: target.alias, object: target.object }, name.split('.'), name);
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
  private addFieldsFunction(
    shape: RecordShape,
    scope: Scope,
    which: string,
    limit: number | undefined
  ): void {
    if (!['ALL', 'STANDARD', 'CUSTOM'].includes(which)) {
      throw located(
        this.soql,
        'FIELDS',
        `FIELDS takes ALL, STANDARD or CUSTOM, not ${which}`,
        'MALFORMED_QUERY'
      );
    }
    if (which !== 'STANDARD' && (limit === undefined || limit > 200)) {
      throw located(
        this.soql,
        'FIELDS',
        `The SOQL FIELDS function must have a LIMIT of at most 200`,
        'MALFORMED_QUERY'
      );
    }
    for (const field of scope.object.fields) {
      if (which === 'STANDARD' && field.custom) continue;
      if (which === 'CUSTOM' && !field.custom) continue;
      if (this.checks && !this.checks.canReadField(scope.object, field)) continue;
      this.addSelectPath(shape, scope, [field.name], field.name);
    }
  }

  private addSelectPath(shape: RecordShape, scope: Scope, parts: string[], raw: string): void {
    const { expr, field } = this.resolve(scope, parts, raw);
    // Build the nested shape: one parent entry per relationship segment.
    let current = shape;
    let currentScope = scope;
    let pathKey = scope.alias;
    for (const relationship of parts.slice(0, -1)) {
      // resolve() has walked (and joined) this path already; find the joins it made.
      const reference = currentScope.object.parentRelationships.get(relationship.toLowerCase());
      if (!reference) break;
      pathKey += `.${reference.relationshipName}`;
      const targets = this.joinsByPath.get(pathKey) ?? [];
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
            idColumn: this.newColumn(idExpr),
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
    current.entries.push({ kind: 'field', key: field.name, column: this.newColumn(expr), field });
  }

  private compileChild(item: FieldSubquery, parent: ObjectDef): CompiledChildQuery {
    const sub = item.subquery;
    const relationshipName = sub.relationshipName;
    const candidate = parent.childRelationships.find(
      (r) => r.relationshipName?.toLowerCase() === relationshipName.toLowerCase()
    );
    const childType = candidate ? this.schema.find(candidate.childSObject) : undefined;
    const relationship =
      candidate &&
      childType &&
      (!this.checks || this.checks.canReadField(childType, this.schema.field(childType, candidate.field)!))
        ? candidate
        : undefined;
    if (!relationship) {
      throw this.invalidField(
        relationshipName,
        `Didn't understand relationship '${relationshipName}' in FROM part of query call. ${CUSTOM_RELATIONSHIP_HINT}`
      );
    }
    const childObject = this.objectFor(relationship.childSObject);
    const childField = this.schema.field(childObject, relationship.field) as FieldDef;
    const compiler = new QueryCompiler(
      this.schema,
      this.clock,
      this.soql,
      this.includeDeleted,
      this.timeZone,
      this.checks
    );
    const compiled = compiler.compile({ ...sub, sObject: childObject.name } as Query, undefined, {
      field: childField,
      condition: relationship.condition,
      recordType: relationship.recordType
    });
    return {
      key: String(relationship.relationshipName),
      query: compiled,
      parentColumn: compiled.parentColumn
    };
  }

  private aggregateExpr(
    fn: FieldFunctionExpression,
    scope: Scope,
    aliasName: string | undefined
  ): { expr: string; field: FieldDef | null } {
    const name = fn.functionName.toUpperCase();
    const param = (fn.parameters ?? [])[0];
    if (param === undefined) {
      if (name === 'COUNT') return { expr: 'COUNT(*)', field: null };
      throw located(this.soql, fn.functionName, `${name} requires a field`, 'MALFORMED_QUERY');
    }
    if (typeof param !== 'string')
      throw located(this.soql, fn.functionName, 'nested functions are not supported', 'MALFORMED_QUERY');
    const resolved = this.resolve(scope, this.stripScopePrefix(scope, param.split('.'), aliasName), param);
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
        throw located(
          this.soql,
          fn.functionName,
          `Unsupported function ${fn.functionName}`,
          'MALFORMED_QUERY'
        );
    }
  }

  private compileAggregateSelect(
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
          ? this.aggregateExpr(item, scope, aliasName)
          : this.conditionOperand({ fn: item }, scope, aliasName);
        const key = item.alias ?? `expr${exprIndex++}`;
        out.push({ key, column: this.newColumn(expr), field, isCount: name.startsWith('COUNT') });
      } else if (item.type === 'Field' || item.type === 'FieldRelationship') {
        const parts = item.type === 'Field' ? [item.field] : [...item.relationships, item.field];
        const raw = parts.join('.');
        const resolved = this.resolve(scope, this.stripScopePrefix(scope, parts, aliasName), raw);
        out.push({
          key: (item as { alias?: string }).alias ?? resolved.field.name,
          column: this.newColumn(resolved.expr),
          field: resolved.field,
          isCount: false
        });
      } else {
        throw located(
          this.soql,
          'SELECT',
          'subqueries are not allowed in aggregate queries',
          'MALFORMED_QUERY'
        );
      }
    }
  }

  // ---------------------------------------------------------------- WHERE

  private compileWhere(where: WhereClause, scope: Scope, aliasName: string | undefined): string {
    const tokens = flattenWhere(where);
    let position = 0;
    const peek = () => tokens[position];
    const parseExpr = (): string => {
      const parts = [parseUnary()];
      let op: string | null = null;
      while (peek() === 'AND' || peek() === 'OR') {
        const next = tokens[position++] as string;
        if (op && op !== next) {
          throw located(this.soql, next, `unexpected token: ${next}`, 'MALFORMED_QUERY');
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
        this.negation++;
        const inner = parseUnary();
        this.negation--;
        return `(NOT ${inner})`;
      }
      if (token === '(') {
        position++;
        const inner = parseExpr();
        if (peek() !== ')') throw located(this.soql, 'WHERE', 'unbalanced parentheses', 'MALFORMED_QUERY');
        position++;
        return inner;
      }
      if (token && typeof token === 'object') {
        position++;
        const sql = this.compileCondition(token.condition, scope, aliasName);
        // Under NOT, SQL's NULL would drop rows SOQL keeps; make each test strictly true/false.
        return this.negation > 0 ? `COALESCE(${sql}, 0)` : sql;
      }
      throw located(this.soql, 'WHERE', `unexpected token: ${String(token)}`, 'MALFORMED_QUERY');
    };
    const sql = parseExpr();
    if (position !== tokens.length) throw located(this.soql, 'WHERE', 'unexpected token', 'MALFORMED_QUERY');
    return sql;
  }

  private param(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  private compileCondition(condition: Condition, scope: Scope, aliasName: string | undefined): string {
    const c = condition as unknown as {
      operator: string;
      literalType?: string | string[];
      field?: string;
      fn?: FieldFunctionExpression;
      valueQuery?: Query;
      dateLiteralVariable?: number | number[];
      value?: string | string[];
    };
    const { expr, field, label } = this.conditionOperand(c, scope, aliasName);
    c.field = label;
    const operator = c.operator.toUpperCase();
    const literalType = (c.literalType ?? 'STRING') as string | string[];

    if (literalType === 'SUBQUERY' || c.valueQuery) {
      const sub = new QueryCompiler(this.schema, this.clock, this.soql, false, this.timeZone, this.checks);
      const compiled = sub.compileSemiJoin(c.valueQuery as Query);
      this.params.push(...compiled.params);
      if (operator === 'IN') return `${expr} IN (${compiled.sql})`;
      if (operator === 'NOT IN') return `(${expr} IS NULL OR ${expr} NOT IN (${compiled.sql}))`;
      throw located(this.soql, c.field, 'semi-join subqueries need IN or NOT IN', 'MALFORMED_QUERY');
    }

    if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
      if (field.type !== 'multipicklist') {
        throw this.invalidField(c.field, `invalid operator on non-multipicklist field: ${field.name}`);
      }
      const values = (Array.isArray(c.value) ? c.value : [c.value ?? '']).map((v) => unquote(String(v)));
      const tests = values.map((v) => {
        const members = v.split(';').map((m) => m.trim());
        return `(${members.map((m) => `instr(';' || ${expr} || ';', ${this.param(`;${m};`)}) > 0`).join(' AND ')})`;
      });
      const any = `(${tests.join(' OR ')})`;
      return operator === 'INCLUDES' ? `COALESCE(${any}, 0)` : `(${expr} IS NULL OR NOT ${any})`;
    }

    if (operator === 'IN' || operator === 'NOT IN') {
      const raw = Array.isArray(c.value) ? c.value : [c.value ?? ''];
      const types = Array.isArray(literalType) ? literalType : raw.map(() => literalType);
      const values = raw.map((v, i) =>
        this.literal(field, c.field as string, String(v), types[i] ?? 'STRING', c.dateLiteralVariable)
      );
      if (values.some((v) => typeof v === 'object' && v !== null)) {
        throw this.invalidField(c.field, 'date literals are not allowed in IN lists');
      }
      const nonNull = values.filter((v) => v !== null);
      const hasNull = nonNull.length !== values.length;
      if (operator === 'IN') {
        const list = nonNull.length ? `${expr} IN (${nonNull.map((v) => this.param(v)).join(', ')})` : '0';
        return hasNull ? `(${list} OR ${expr} IS NULL)` : list;
      }
      const notList = nonNull.length
        ? `${expr} NOT IN (${nonNull.map((v) => this.param(v)).join(', ')})`
        : '1';
      return hasNull ? `(${expr} IS NOT NULL AND ${notList})` : `(${expr} IS NULL OR ${notList})`;
    }

    const value = this.literal(
      field,
      c.field,
      String(c.value ?? ''),
      String(literalType),
      c.dateLiteralVariable
    );
    if (value !== null && typeof value === 'object') return this.rangeCondition(expr, operator, value, field);
    if (value === null) {
      if (operator === '=') return `${expr} IS NULL`;
      if (operator === '!=' || operator === '<>') return `${expr} IS NOT NULL`;
      throw located(this.soql, c.field, `null can only be compared with = or !=`, 'MALFORMED_QUERY');
    }
    switch (operator) {
      case '=':
        return `${expr} = ${this.param(value)}`;
      case '!=':
      case '<>':
        return `(${expr} IS NULL OR ${expr} != ${this.param(value)})`;
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `${expr} ${operator} ${this.param(value)}`;
      case 'LIKE':
        if (!STRINGISH.has(field.type))
          throw this.invalidField(c.field, `invalid operator on field: ${field.name}`);
        return `${expr} LIKE ${this.param(value)} ESCAPE '\\'`;
      default:
        throw located(this.soql, c.operator, `unexpected token: ${c.operator}`, 'MALFORMED_QUERY');
    }
  }

  /** The left side of a condition: a field path, a date function of one, or (in HAVING) an aggregate. */
  private conditionOperand(
    c: { field?: string; fn?: FieldFunctionExpression },
    scope: Scope,
    aliasName: string | undefined
  ): { expr: string; field: FieldDef; label: string } {
    if (c.field) {
      const parts = this.stripScopePrefix(scope, c.field.split('.'), aliasName);
      return { ...this.resolve(scope, parts, c.field), label: c.field };
    }
    const fn = c.fn;
    const name = fn?.functionName?.toUpperCase() ?? '';
    const param = fn?.parameters?.[0];
    if (fn && this.havingMode && fn.isAggregateFn !== false && AGGREGATES.has(name)) {
      const aggregate = this.aggregateExpr(fn, scope, aliasName);
      return { expr: aggregate.expr, field: aggregate.field ?? NUMBER_FIELD, label: fn.rawValue ?? name };
    }
    if (fn && SOQL_DATE_FUNCTIONS.includes(name) && typeof param === 'string') {
      const inner = this.resolve(scope, this.stripScopePrefix(scope, param.split('.'), aliasName), param);
      if (inner.field.type !== 'date' && inner.field.type !== 'datetime') {
        throw this.invalidField(param, `${name} can only be used with date or datetime fields: ${param}`);
      }
      // The zone is inlined, not a parameter: the operand may appear more than once in the SQL.
      const zone = this.timeZone.replace(/'/g, "''");
      const expr = `sf_date_part(${inner.expr}, '${zone}', '${name}')`;
      return { expr, field: name === 'DAY_ONLY' ? DAY_FIELD : NUMBER_FIELD, label: fn.rawValue ?? name };
    }
    throw located(
      this.soql,
      fn?.functionName ?? 'WHERE',
      `function ${fn?.functionName ?? ''} is not supported in filters by the local org`,
      'MALFORMED_QUERY'
    );
  }

  private rangeCondition(
    expr: string,
    operator: string,
    range: { start: string; end: string },
    field: FieldDef
  ): string {
    const toBound = (day: string) => (field.type === 'datetime' ? dayStartInstant(day, this.timeZone) : day);
    const start = this.param(toBound(range.start));
    const end = this.param(toBound(range.end));
    switch (operator) {
      case '=':
        return `(${expr} >= ${start} AND ${expr} < ${end})`;
      case '!=':
      case '<>':
        return `(${expr} IS NULL OR ${expr} < ${start} OR ${expr} >= ${end})`;
      case '<':
        this.params.pop();
        return `${expr} < ${start}`;
      case '<=':
        this.params.splice(this.params.length - 2, 1);
        return `${expr} < ${end}`;
      case '>':
        this.params.splice(this.params.length - 2, 1);
        return `${expr} >= ${end}`;
      case '>=':
        this.params.pop();
        return `${expr} >= ${start}`;
      default:
        throw new SalesforceError(
          'MALFORMED_QUERY',
          `operator ${operator} cannot be used with a date literal`
        );
    }
  }

  /**
   * Converts a literal to the stored form for the field, enforcing SOQL's typing rules. Date
   * literals return a day range.
   */
  private literal(
    field: FieldDef,
    rawField: string,
    raw: string,
    literalType: string,
    variable?: number | number[]
  ): string | number | null | { start: string; end: string } {
    if (literalType === 'NULL' || raw.toUpperCase() === 'NULL') return null;
    const mustBe = (what: string, quoted: boolean) =>
      this.invalidField(
        rawField,
        `value of filter criterion for field '${field.name}' must be of type ${what} and should ${quoted ? '' : 'not '}be enclosed in quotes`
      );
    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
      if (field.type !== 'date' && field.type !== 'datetime')
        throw mustBe(field.type, STRINGISH.has(field.type));
      const [name, n] = raw.split(':');
      const count = n !== undefined ? Number(n) : Array.isArray(variable) ? variable[0] : variable;
      // An n whose range leaves the calendar Salesforce supports (years 1700–4000) is a query
      // error, as in an org, not a server error.
      const outOfRange = () =>
        located(
          this.soql,
          raw,
          `Invalid date literal ${raw}: n must be a whole number whose range stays within the years 1700 to 4000`,
          'MALFORMED_QUERY'
        );
      if (count !== undefined && (!Number.isSafeInteger(count) || count < 0)) throw outOfRange();
      let range: ReturnType<typeof dateLiteralRange>;
      try {
        range = dateLiteralRange(name, count, this.clock.now(), this.timeZone);
      } catch {
        throw outOfRange();
      }
      if (range && !withinSalesforceCalendar(range)) throw outOfRange();
      if (!range) throw located(this.soql, name, `unexpected token: ${name}`, 'MALFORMED_QUERY');
      return range;
    }
    switch (field.type) {
      case 'boolean':
        if (literalType !== 'BOOLEAN') throw mustBe('boolean', false);
        return raw.toUpperCase() === 'TRUE' ? 1 : 0;
      case 'double':
      case 'int':
      case 'currency':
      case 'percent':
        if (
          !['INTEGER', 'DECIMAL', 'INTEGER_WITH_CURRENCY_PREFIX', 'DECIMAL_WITH_CURRENCY_PREFIX'].includes(
            literalType
          )
        ) {
          throw mustBe('number', false);
        }
        return Number(raw.replace(/^[A-Z]{3}/, ''));
      case 'date':
        if (literalType !== 'DATE') throw mustBe('date', false);
        return raw;
      case 'datetime': {
        if (literalType !== 'DATETIME') throw mustBe('dateTime', false);
        const parsed = parseDateTime(raw);
        if (!parsed) throw mustBe('dateTime', false);
        return parsed;
      }
      default:
        break;
    }
    if (literalType !== 'STRING') throw mustBe('string', true);
    const text = unquote(raw);
    if (field.type === 'id' || field.type === 'reference') {
      if (text === '') return null;
      const id = normalizeId(text);
      if (!id) throw new SalesforceError('INVALID_QUERY_FILTER_OPERATOR', `\ninvalid ID field: ${text}`);
      return id;
    }
    if (NUMERIC.has(field.type)) return Number(text);
    return text;
  }

  /** Compiles `SELECT field FROM Object WHERE …` for `x IN (…)`; the single field must be an id. */
  compileSemiJoin(query: Query): { sql: string; params: unknown[] } {
    const object = this.objectFor(query.sObject ?? '');
    const scope: Scope = { alias: `s${this.newAlias()}`, object };
    const fields = query.fields ?? [];
    const first = fields[0];
    if (fields.length !== 1 || !first || (first.type !== 'Field' && first.type !== 'FieldRelationship')) {
      throw located(
        this.soql,
        'SELECT',
        'semi-join subqueries must select exactly one id field',
        'MALFORMED_QUERY'
      );
    }
    const parts = first.type === 'Field' ? [first.field] : [...first.relationships, first.field];
    const resolved = this.resolve(
      scope,
      this.stripScopePrefix(scope, parts, query.sObjectAlias),
      parts.join('.')
    );
    if (resolved.field.type !== 'id' && resolved.field.type !== 'reference') {
      throw this.invalidField(
        parts.join('.'),
        `semi join sub selects can only query id fields, cannot use: '${parts.join('.')}'`
      );
    }
    const conditions = [`${scope.alias}."IsDeleted" = 0`, `${resolved.expr} IS NOT NULL`];
    if (query.where) conditions.push(this.compileWhere(query.where, scope, query.sObjectAlias));
    const limit = query.limit !== undefined ? ` LIMIT ${Number(query.limit)}` : '';
    return {
      sql: `SELECT ${resolved.expr} FROM ${q(object.name)} ${scope.alias} ${this.joins.join(' ')} WHERE ${conditions.join(' AND ')}${limit}`,
      params: this.params
    };
  }
}

type WhereToken = 'AND' | 'OR' | 'NOT' | '(' | ')' | { condition: Condition };

/** Turns the parser's right-nested WHERE list (parentheses as counts on leaves) into tokens. */
function flattenWhere(where: WhereClause): WhereToken[] {
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

/** Removes SOQL string quotes and escapes (\\' \\" \\\\ \\n \\t); keeps \\% and \\_ for LIKE. */
export function unquote(raw: string): string {
  const text = raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return text.replace(/\\([\\'"ntrbf%_])/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '%':
      case '_':
        return `\\${ch}`;
      default:
        return ch;
    }
  });
}
