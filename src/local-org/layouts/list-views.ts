/**
 * List views: `GET /sobjects/X/listviews`, `/sobjects/X/listviews/{id}`, `…/{id}/describe` and
 * `…/{id}/results` (`?limit=` default 25, at most 2,000, `&offset=`).
 *
 * A package object's list views come from its `listViews/*.listView-meta.xml`: the columns, the
 * filters (with `booleanFilter`) and the scope (Everything, or Mine = owned by the caller) become
 * the SOQL that describe shows and results run. Standard objects get the two views every org has,
 * "All <plural>" and, for owned objects, "My <plural>". Scopes the local org has no notion of
 * (Queue, Team, Delegated…) are refused with FUNCTIONALITY_NOT_ENABLED.
 */
import { SalesforceError, notFound } from '../errors';
import { makeId } from '../ids';
import type { OrgState } from '../org-state';
import { ok } from '../http/api-common';
import type { ResourceContext } from '../http/resources';
import type { RouteTable } from '../http/routes';
import type { ApiRequest } from '../http/types';
import { FieldDef, ObjectDef } from '../schema/types';
import { layoutableObject, packageName } from './layouts-api';
import { ListViewFilterMeta, ListViewMeta, packageUi } from './package-ui';

const HIDDEN_COLUMNS = ['Id', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];
/** List view column names that are not API names. */
const STANDARD_COLUMNS: Record<string, string> = {
  'OWNER.ALIAS': 'Owner.Alias',
  'CORE.USERS.ALIAS': 'Owner.Alias',
  CREATED_DATE: 'CreatedDate',
  LAST_UPDATE: 'LastModifiedDate',
  'CREATEDBY_USER.ALIAS': 'CreatedBy.Alias',
  'UPDATEDBY_USER.ALIAS': 'LastModifiedBy.Alias'
};
const OPERATORS: Record<string, string> = {
  equals: '=',
  notEqual: '!=',
  lessThan: '<',
  greaterThan: '>',
  lessOrEqual: '<=',
  greaterOrEqual: '>='
};

interface ListView {
  id: string;
  developerName: string;
  label: string;
  meta: ListViewMeta;
}

interface Column {
  fieldNameOrPath: string;
  label: string;
  type: string;
  hidden: boolean;
  sortable: boolean;
}

function listViewsOf(org: OrgState, object: ObjectDef): ListView[] {
  const position = org.schema.objects().findIndex((o) => o.name === object.name) + 1;
  const metas = packageUi(org.objectsDir).listViews.get(packageName(object.name)) ?? standardViews(object);
  return metas.map((meta, index) => ({
    id: makeId('00B', position * 100 + index),
    developerName: meta.fullName,
    label: meta.label,
    meta
  }));
}

function standardViews(object: ObjectDef): ListViewMeta[] {
  if (object.custom) return [];
  const plural = object.labelPlural.replace(/\s+/g, '');
  const columns = ['NAME'];
  const all: ListViewMeta = {
    fullName: `All${plural}`,
    label: `All ${object.labelPlural}`,
    columns,
    filterScope: 'Everything',
    filters: [],
    booleanFilter: null
  };
  const owned = object.fields.some((f) => f.name === 'OwnerId');
  return owned
    ? [all, { ...all, fullName: `My${plural}`, label: `My ${object.labelPlural}`, filterScope: 'Mine' }]
    : [all];
}

function findView(org: OrgState, object: ObjectDef, id: string): ListView {
  const view = listViewsOf(org, object).find(
    (v) => v.id === id || v.id.slice(0, 15) === id || v.developerName === id
  );
  if (!view) throw notFound();
  return view;
}

function resolveColumn(org: OrgState, object: ObjectDef, name: string): { path: string; field: FieldDef } {
  if (name === 'NAME') {
    const field =
      object.fields.find((f) => f.nameField) ?? (object.fields.find((f) => f.name === 'Id') as FieldDef);
    return { path: field.name, field };
  }
  const path = STANDARD_COLUMNS[name] ?? org.schema.qualify(name);
  const parts = path.split('.');
  if (parts.length === 2) {
    const reference = object.parentRelationships.get(parts[0].toLowerCase());
    const parent = reference ? org.schema.find(reference.referenceTo[0]) : undefined;
    const field = parent ? org.schema.field(parent, parts[1]) : undefined;
    if (reference && field) return { path: `${reference.relationshipName}.${field.name}`, field };
  }
  const field = org.schema.field(object, path);
  if (!field) {
    throw new SalesforceError(
      'FUNCTIONALITY_NOT_ENABLED',
      `The local org does not support the list view column ${name} on ${object.name}`
    );
  }
  // A lookup shows its target's name, as the list view does.
  if (field.type === 'reference' && field.relationshipName && field.referenceTo.length === 1) {
    const target = org.schema.find(field.referenceTo[0]);
    const name = target?.fields.find((f) => f.nameField);
    if (name) return { path: `${field.relationshipName}.${name.name}`, field };
  }
  return { path: field.name, field };
}

function columnsOf(org: OrgState, object: ObjectDef, view: ListView): Column[] {
  const visible = view.meta.columns.map((name) => resolveColumn(org, object, name));
  const hidden = HIDDEN_COLUMNS.filter((h) => !visible.some((v) => v.path === h)).map((name) => ({
    path: name,
    field: org.schema.field(object, name) as FieldDef
  }));
  return [
    ...visible.map(({ path, field }) => ({
      fieldNameOrPath: path,
      label: field.label,
      type: field.type,
      hidden: false,
      sortable: true
    })),
    ...hidden.map(({ path, field }) => ({
      fieldNameOrPath: path,
      label: field.label,
      type: field.type,
      hidden: true,
      sortable: true
    }))
  ];
}

function literal(field: FieldDef, value: string): string {
  if (field.type === 'boolean') return ['1', 'true'].includes(value.toLowerCase()) ? 'TRUE' : 'FALSE';
  if (['double', 'int', 'currency', 'percent'].includes(field.type)) return String(Number(value));
  if (
    (field.type === 'date' || field.type === 'datetime') &&
    /^([A-Z_]+(:\d+)?|\d{4}-\d{2}-\d{2}\S*)$/.test(value)
  )
    return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function condition(org: OrgState, object: ObjectDef, filter: ListViewFilterMeta): string {
  const { field } = resolveColumn(org, object, filter.field);
  const name = field.name;
  const values = filter.value === '' ? [''] : filter.value.split(',').map((v) => v.trim());
  const op = OPERATORS[filter.operation];
  if (op) {
    if (filter.value === '') return `${name} ${op === '=' ? '=' : '!='} null`;
    if (values.length > 1 && (op === '=' || op === '!=')) {
      return `${name} ${op === '=' ? 'IN' : 'NOT IN'} (${values.map((v) => literal(field, v)).join(', ')})`;
    }
    return `${name} ${op} ${literal(field, values[0])}`;
  }
  const like = (pattern: string) => `'${pattern.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  switch (filter.operation) {
    case 'contains':
      return `(${values.map((v) => `${name} LIKE ${like(`%${v}%`)}`).join(' OR ')})`;
    case 'notContain':
      return `(${values.map((v) => `(NOT ${name} LIKE ${like(`%${v}%`)})`).join(' AND ')})`;
    case 'startsWith':
      return `(${values.map((v) => `${name} LIKE ${like(`${v}%`)}`).join(' OR ')})`;
    case 'includes':
    case 'excludes':
      return `${name} ${filter.operation.toUpperCase()} (${values.map((v) => literal(field, v)).join(', ')})`;
    default:
      throw new SalesforceError(
        'FUNCTIONALITY_NOT_ENABLED',
        `The local org does not support the list view filter operation ${filter.operation}`
      );
  }
}

/** The view's SOQL; `mine` scopes it to the caller's records. */
function soqlOf(org: OrgState, object: ObjectDef, view: ListView, columns: Column[], userId: string): string {
  const conditions = view.meta.filters.map((f) => condition(org, object, f));
  let where = '';
  if (conditions.length > 0) {
    where = view.meta.booleanFilter
      ? view.meta.booleanFilter.replace(/\d+/g, (n) => conditions[Number(n) - 1] ?? n)
      : conditions.join(' AND ');
  }
  const scope = view.meta.filterScope;
  if (scope === 'Mine') where = where ? `OwnerId = '${userId}' AND (${where})` : `OwnerId = '${userId}'`;
  else if (scope !== 'Everything') {
    throw new SalesforceError(
      'FUNCTIONALITY_NOT_ENABLED',
      `The local org does not support the list view scope ${scope}`
    );
  }
  const order = columns[0].fieldNameOrPath;
  return `SELECT ${columns.map((c) => c.fieldNameOrPath).join(', ')} FROM ${object.name}${where ? ` WHERE ${where}` : ''} ORDER BY ${order} ASC NULLS FIRST, Id ASC NULLS FIRST`;
}

function summary(view: ListView, object: ObjectDef, version: string) {
  const url = `/services/data/v${version}/sobjects/${object.name}/listviews/${view.id}`;
  return {
    describeUrl: `${url}/describe`,
    developerName: view.developerName,
    id: view.id,
    label: view.label,
    resultsUrl: `${url}/results`,
    soqlCompatible: true,
    url
  };
}

function describeColumns(columns: Column[]) {
  return columns.map((c, i) => ({
    ascendingLabel: c.type === 'date' || c.type === 'datetime' ? 'Low to High' : 'A-Z',
    descendingLabel: c.type === 'date' || c.type === 'datetime' ? 'High to Low' : 'Z-A',
    fieldNameOrPath: c.fieldNameOrPath,
    hidden: c.hidden,
    label: c.label,
    searchable: !c.hidden,
    selectListItem: c.fieldNameOrPath,
    sortDirection: i === 0 ? 'ascending' : null,
    sortIndex: i === 0 ? 0 : null,
    sortable: c.sortable,
    type: c.type
  }));
}

function valueAt(record: Record<string, unknown>, path: string): string | null {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === null || value === undefined ? null : String(value);
}

function results(org: OrgState, object: ObjectDef, view: ListView, req: ApiRequest) {
  const limitText = req.query.get('limit') ?? '25';
  const offsetText = req.query.get('offset') ?? '0';
  const limit = Number(limitText);
  const offset = Number(offsetText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 2000) {
    throw new SalesforceError(
      'INVALID_PARAMETER_VALUE',
      `limit must be between 1 and 2000, not ${limitText}`
    );
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new SalesforceError(
      'INVALID_PARAMETER_VALUE',
      `offset must be a non-negative integer, not ${offsetText}`
    );
  }
  const columns = columnsOf(org, object, view);
  const soql = `${soqlOf(org, object, view, columns, req.userId)} LIMIT ${limit}${offset ? ` OFFSET ${offset}` : ''}`;
  const found = org.engine.query(soql, {
    includeDeleted: false,
    timeZone: org.userTimeZone(req.userId),
    batchSize: 2000,
    version: req.version,
    access: org.authorization.forUser(req.userId)
  });
  return {
    columns: describeColumns(columns),
    developerName: view.developerName,
    done: true,
    id: view.id,
    label: view.label,
    records: found.records.map((record) => ({
      columns: columns.map((c) => ({
        fieldNameOrPath: c.fieldNameOrPath,
        value: valueAt(record, c.fieldNameOrPath)
      }))
    })),
    size: found.records.length
  };
}

export function registerListViews(routes: RouteTable, { org }: ResourceContext): void {
  routes
    .add('GET', '/sobjects/:object/listviews', (req, p) => {
      const object = layoutableObject(org, p.object);
      const views = listViewsOf(org, object).map((v) => summary(v, object, req.version));
      return ok({
        done: true,
        listviews: views,
        nextRecordsUrl: null,
        size: views.length,
        sobjectType: object.name
      });
    })
    .add('GET', '/sobjects/:object/listviews/:id', (req, p) => {
      const object = layoutableObject(org, p.object);
      return ok(summary(findView(org, object, p.id), object, req.version));
    })
    .add('GET', '/sobjects/:object/listviews/:id/describe', (req, p) => {
      const object = layoutableObject(org, p.object);
      const view = findView(org, object, p.id);
      const columns = columnsOf(org, object, view);
      return ok({
        columns: describeColumns(columns),
        id: view.id,
        orderBy: [
          { fieldNameOrPath: columns[0].fieldNameOrPath, nullsPosition: 'first', sortDirection: 'ascending' }
        ],
        query: soqlOf(org, object, view, columns, req.userId),
        scope: view.meta.filterScope === 'Mine' ? 'mine' : null,
        sobjectType: object.name,
        whereCondition: {
          conditions: view.meta.filters.map((f) => ({
            field: f.field,
            operator: f.operation,
            values: f.value.split(',')
          })),
          conjunction: 'and'
        }
      });
    })
    .add('GET', '/sobjects/:object/listviews/:id/results', (req, p) => {
      const object = layoutableObject(org, p.object);
      return ok(results(org, object, findView(org, object, p.id), req));
    });
}
