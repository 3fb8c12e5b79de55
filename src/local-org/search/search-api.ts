/**
 * The search resources: `GET /search?q=FIND {…} …` (SOSL) and `GET|POST /parameterizedSearch`.
 *
 * How it searches: a LIKE prefilter in SQLite narrows each searchable object's live rows to the
 * candidates that contain the terms' longest wildcard-free run, and the word matcher of `sosl.ts`
 * decides. An FTS5 index would need triggers on every table and a rebuild whenever the schema
 * gains columns, for data sets (a local org's thousands of rows) that a scan answers in
 * milliseconds; LIKE keeps the store unchanged. The selected fields, WHERE, ORDER BY, LIMIT and
 * OFFSET of each RETURNING object then run as SOQL over the matching ids, so they mean exactly
 * what they mean in a query.
 */
import { SalesforceError } from '../errors';
import type { OrgState } from '../org-state';
import { ok } from '../http/api-common';
import type { ResourceContext } from '../http/resources';
import type { RouteTable } from '../http/routes';
import type { ApiRequest } from '../http/types';
import { isSearchable } from '../schema/capabilities';
import { FieldDef, ObjectDef } from '../schema/types';
import { q } from '../store/database';
import {
  matchesExpression,
  parseSearchExpression,
  parseSosl,
  prefilter,
  ReturningObject,
  SearchScope,
  SoslQuery,
  unsupported,
  words
} from './sosl';

/** SOSL returns at most 2,000 records per statement. */
const MAX_SEARCH_RESULTS = 2000;
const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url']);
/** Name fields besides the object's own Name (person names and company, as the index has them). */
const EXTRA_NAME_FIELDS = new Set(['FirstName', 'LastName', 'Company']);

function scopeFields(object: ObjectDef, scope: SearchScope): FieldDef[] {
  const stored = object.fields.filter((f) => f.hasColumn && TEXT_TYPES.has(f.type) && f.name !== 'Id');
  const isName = (f: FieldDef) => f.nameField || EXTRA_NAME_FIELDS.has(f.name);
  switch (scope) {
    case 'NAME':
      return stored.filter(isName);
    case 'EMAIL':
      return stored.filter((f) => f.type === 'email');
    case 'PHONE':
      return stored.filter((f) => f.type === 'phone');
    case 'SIDEBAR':
      return stored.filter((f) => isName(f) || f.type === 'email' || f.type === 'phone');
    case 'ALL':
      return stored;
  }
}

/** A field's words as the index sees them; phone numbers also match by their digits alone. */
function fieldWords(field: FieldDef, value: unknown): string[] {
  const text = String(value);
  const list = words(text);
  if (field.type === 'phone') {
    const digits = text.replace(/\D/g, '');
    if (digits) list.push(digits);
  }
  return list;
}

export class SearchService {
  constructor(private readonly org: OrgState) {}

  /** Ids of the object's live records that match, in id order (creation order). */
  private matchingIds(object: ObjectDef, query: SoslQuery, cap: number): string[] {
    const fields = scopeFields(object, query.scope);
    if (fields.length === 0) return [];
    const columns = fields.map((f) => q(f.name));
    // Phone numbers are also matched by their digits alone: the prefilter strips the punctuation.
    const filterColumns = fields.map((f) =>
      f.type === 'phone'
        ? ['(', ')', '-', ' ', '.', '+'].reduce((expr, ch) => `replace(${expr}, '${ch}', '')`, q(f.name))
        : q(f.name)
    );
    const filter = prefilter(query.expression, filterColumns);
    const sql = `SELECT "Id", ${columns.join(', ')} FROM ${q(object.name)} WHERE "IsDeleted" = 0${
      filter ? ` AND ${filter.sql}` : ''
    } ORDER BY "Id"`;
    const ids: string[] = [];
    for (const row of this.org.db.prepare(sql).iterate(...(filter?.params ?? [])) as Iterable<
      Record<string, unknown>
    >) {
      const texts = fields.filter((f) => row[f.name] !== null).map((f) => fieldWords(f, row[f.name]));
      if (matchesExpression(query.expression, texts)) {
        ids.push(row.Id as string);
        if (ids.length >= cap) break;
      }
    }
    return ids;
  }

  private returningObjects(query: SoslQuery): { object: ObjectDef; spec: ReturningObject }[] {
    if (!query.returning) {
      return this.org.schema
        .objects()
        .filter((o) => isSearchable(o, this.org.objectsDir))
        .map((object) => ({
          object,
          spec: { object: object.name, fields: null, where: null, orderBy: null, limit: null, offset: null }
        }));
    }
    return query.returning.map((spec) => {
      const object = this.org.schema.find(spec.object);
      if (!object) {
        throw new SalesforceError('INVALID_TYPE', `sObject type '${spec.object}' is not supported.`);
      }
      if (!isSearchable(object, this.org.objectsDir)) {
        throw new SalesforceError('INVALID_TYPE', `entity type ${object.name} does not support search`);
      }
      return { object, spec };
    });
  }

  /** Runs a parsed search; records in RETURNING order, each with its `attributes`. */
  run(query: SoslQuery, req: ApiRequest): Record<string, unknown>[] {
    const overall = Math.min(query.limit ?? MAX_SEARCH_RESULTS, MAX_SEARCH_RESULTS);
    const records: Record<string, unknown>[] = [];
    for (const { object, spec } of this.returningObjects(query)) {
      const remaining = overall - records.length;
      if (remaining <= 0) break;
      const ids = this.matchingIds(object, query, MAX_SEARCH_RESULTS);
      if (ids.length === 0) continue;
      const fields = spec.fields && spec.fields.length > 0 ? spec.fields.join(', ') : 'Id';
      const limit = Math.min(spec.limit ?? remaining, remaining);
      const soql = [
        `SELECT ${fields} FROM ${object.name}`,
        `WHERE Id IN (${ids.map((id) => `'${id}'`).join(', ')})${spec.where ? ` AND (${spec.where})` : ''}`,
        spec.orderBy ? `ORDER BY ${spec.orderBy}` : '',
        `LIMIT ${limit}`,
        spec.offset ? `OFFSET ${spec.offset}` : ''
      ]
        .filter(Boolean)
        .join(' ');
      const result = this.org.engine.query(soql, {
        includeDeleted: false,
        timeZone: this.org.userTimeZone(req.userId),
        batchSize: MAX_SEARCH_RESULTS,
        version: req.version,
        // The caller's object, field and record access (sharing's seam) filter what is returned.
        access: this.org.authorization.forUser(req.userId)
      });
      records.push(...result.records);
    }
    return records;
  }
}

/** `GET|POST /parameterizedSearch`: the same search from parameters instead of a statement. */
function parameterizedQuery(req: ApiRequest): SoslQuery {
  const body = req.method === 'POST' ? ((req.body ?? {}) as Record<string, unknown>) : null;
  const get = (name: string): string | null => (body ? null : req.query.get(name));
  const text = body ? body.q : get('q');
  if (typeof text !== 'string' || text.trim() === '') {
    throw new SalesforceError('MISSING_ARGUMENT', 'parameterizedSearch needs the search string q');
  }
  const scopeText = String((body ? body.in : get('in')) ?? 'ALL').toUpperCase();
  if (!['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'].includes(scopeText)) {
    throw new SalesforceError('INVALID_SEARCH_SCOPE', `unknown search scope: ${scopeText}`);
  }
  for (const name of [
    'dataCategory',
    'dataCategories',
    'division',
    'netWorkIds',
    'pricebookId',
    'snippet',
    'metadata'
  ]) {
    if ((body ? body[name] : get(name)) != null)
      throw unsupported(`the parameterizedSearch parameter ${name}`);
  }
  const asNumber = (value: unknown): number | null => (value == null ? null : Number(value));
  const overallLimit = asNumber(body ? body.overallLimit : get('overallLimit'));
  const defaultLimit = asNumber(body ? body.defaultLimit : get('defaultLimit'));
  const defaultFields = body
    ? (body.fields as string[] | undefined)
    : get('fields')
        ?.split(',')
        .map((f) => f.trim());
  let returning: ReturningObject[] | null = null;
  if (body && Array.isArray(body.sobjects)) {
    returning = (body.sobjects as Record<string, unknown>[]).map((s) => ({
      object: String(s.name),
      fields: (s.fields as string[] | undefined) ?? defaultFields ?? null,
      where: typeof s.where === 'string' ? s.where : null,
      orderBy: typeof s.orderBy === 'string' ? s.orderBy : null,
      limit: asNumber(s.limit) ?? defaultLimit,
      offset: null
    }));
  } else if (!body && req.query.getAll('sobject').length > 0) {
    returning = req.query.getAll('sobject').map((name) => ({
      object: name,
      fields:
        get(`${name}.fields`)
          ?.split(',')
          .map((f) => f.trim()) ??
        defaultFields ??
        null,
      where: get(`${name}.where`),
      orderBy: get(`${name}.orderBy`),
      limit: asNumber(get(`${name}.limit`)) ?? defaultLimit,
      offset: null
    }));
  } else if (defaultFields) {
    throw new SalesforceError('MISSING_ARGUMENT', 'fields needs the sobjects to return them for');
  }
  return {
    expression: parseSearchExpression(text),
    scope: scopeText as SearchScope,
    returning,
    limit: overallLimit
  };
}

export function registerSearch(routes: RouteTable, { org }: ResourceContext): void {
  const service = new SearchService(org);
  routes
    .add('GET', '/search', (req) => {
      const sosl = req.query.get('q');
      if (!sosl) throw new SalesforceError('MALFORMED_SEARCH', 'A search string has to be specified in q');
      return ok({ searchRecords: service.run(parseSosl(sosl), req) });
    })
    .add('GET', '/parameterizedSearch', (req) =>
      ok({ searchRecords: service.run(parameterizedQuery(req), req) })
    )
    .add('POST', '/parameterizedSearch', (req) =>
      ok({ searchRecords: service.run(parameterizedQuery(req), req) })
    );
}
