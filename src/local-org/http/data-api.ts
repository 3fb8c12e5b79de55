/**
 * The REST data API below `/services/data/vXX.X`: query, sObject rows, collections, composite,
 * describe, limits and the emailSimple action. Handlers are synchronous so composite can run
 * subrequests inside one SQLite transaction.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError, notFound } from '../errors';
import { normalizeId } from '../ids';
import { formatDateTime, parseDateTime } from '../store/values';
import type { OrgState } from '../org-state';
import { describeGlobal, describeObject, globalEntry } from './describe';
import { ApiRequest, ApiResponse } from './types';
import { sendEmailSimple, describeEmailSimple } from './email-action';

const COLLECTION_LIMIT = 200;
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [] as string[]
};

type SaveResult = { id?: string; success: boolean; errors: unknown[]; created?: boolean };

const ok = (body: unknown, status = 200, headers?: Record<string, string>): ApiResponse => ({
  status,
  body,
  headers
});

/** Thrown inside an all-or-none transaction to roll it back after results were captured. */
class Rollback extends Error {}

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SalesforceError('JSON_PARSER_ERROR', `${what} must be a JSON object`);
  }
  return body as Record<string, unknown>;
}

function parseBatchSize(header: string | undefined): number | undefined {
  const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  return match ? Number(match[1]) : undefined;
}

export class DataApi {
  constructor(private readonly org: OrgState) {}

  /** Routes one request; throws SalesforceError for error responses. */
  handle(req: ApiRequest): ApiResponse {
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    const [head, a, b, c] = parts;
    const m = req.method;
    if (parts.length === 0 && m === 'GET') return ok(this.resources(req.version));
    switch (head) {
      case 'query':
      case 'queryAll':
        if (m !== 'GET') break;
        if (parts.length === 1) return this.query(req, head === 'queryAll');
        if (parts.length === 2) return ok(this.org.engine.queryMore(a, req.version));
        break;
      case 'sobjects':
        return this.sobjects(req, parts.slice(1));
      case 'composite':
        if (a === 'sobjects') return this.collections(req, parts.slice(2));
        if (parts.length === 1 && m === 'POST') return this.composite(req);
        if (a === 'graph' && parts.length === 2 && m === 'POST') return this.graph(req);
        if (a === 'batch' && parts.length === 2 && m === 'POST') return this.batch(req);
        break;
      case 'limits':
        if (m === 'GET' && parts.length === 1) return ok(this.org.limits());
        break;
      case 'actions':
        if (a === 'standard' && b === 'emailSimple' && c === undefined) {
          if (m === 'GET') return ok(describeEmailSimple());
          if (m === 'POST') return sendEmailSimple(this.org, req);
        }
        if (a === 'standard' && b === undefined && m === 'GET') {
          return ok({
            actions: [
              {
                label: 'Send Email',
                name: 'emailSimple',
                type: 'EMAILSIMPLE',
                url: `/services/data/v${req.version}/actions/standard/emailSimple`
              }
            ]
          });
        }
        break;
      default:
        break;
    }
    throw notFound();
  }

  private resources(version: string): Record<string, string> {
    const base = `/services/data/v${version}`;
    return {
      tooling: `${base}/tooling`,
      metadata: `${base}/metadata`,
      composite: `${base}/composite`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      sobjects: `${base}/sobjects`,
      limits: `${base}/limits`,
      actions: `${base}/actions`,
      identity: `${this.org.baseUrl()}/id/${this.org.orgId}/${this.org.userId}`
    };
  }

  // ------------------------------------------------------------------ query

  private query(req: ApiRequest, includeDeleted: boolean): ApiResponse {
    const soql = req.query.get('q');
    if (soql === null) throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified');
    if (req.query.get('columns') === 'true') return ok(this.columns(soql));
    const result = this.org.engine.query(soql, {
      includeDeleted,
      timeZone: this.org.userTimeZone(req.userId),
      batchSize: parseBatchSize(req.headers['sforce-query-options']),
      version: req.version
    });
    return ok(result);
  }

  /** `?columns=true` (used by `sf data query`): the selected columns, without running the query. */
  private columns(soql: string): Record<string, unknown> {
    const parsed = this.org.engine.parse(soql);
    const compiled = this.org.engine.compile(parsed, soql, false);
    const names = (parsed.fields ?? []).map((f) => {
      const field = f as {
        type: string;
        field?: string;
        rawValue?: string;
        alias?: string;
        relationships?: string[];
      };
      return field.alias ?? field.rawValue ?? field.field ?? 'expr';
    });
    return {
      columnMetadata: names.map((name) => ({
        aggregate: compiled.kind !== 'records',
        apexType: null,
        booleanType: false,
        columnName: name.split('.').pop(),
        custom: name.endsWith('__c'),
        displayName: name,
        foreignKeyName: null,
        insertable: true,
        joinColumns: name.includes('.')
          ? [
              {
                aggregate: false,
                apexType: null,
                booleanType: false,
                columnName: name.split('.').pop(),
                custom: false,
                displayName: name.split('.').pop(),
                foreignKeyName: null,
                insertable: false,
                joinColumns: [],
                numberType: false,
                textType: true,
                updatable: false
              }
            ]
          : [],
        numberType: false,
        textType: true,
        updatable: true
      })),
      entityName: compiled.object.name,
      groupBy: compiled.kind === 'aggregate',
      idSelected: names.some((n) => n.toLowerCase() === 'id'),
      keyPrefix: compiled.object.keyPrefix
    };
  }

  // -------------------------------------------------------------- sobjects

  private objectOr404(name: string) {
    const object = this.org.schema.find(name);
    if (!object) throw notFound();
    return object;
  }

  private sobjects(req: ApiRequest, parts: string[]): ApiResponse {
    const m = req.method;
    const version = req.version;
    if (parts.length === 0 && m === 'GET') return ok(describeGlobal(this.org.schema, version));
    const object = this.objectOr404(parts[0]);
    if (parts.length === 1) {
      if (m === 'GET') return ok({ objectDescribe: globalEntry(object, version), recentItems: [] });
      if (m === 'POST') {
        const id = this.org.store.create(object.name, asObject(req.body, 'The request body'), {
          userId: req.userId
        });
        return ok({ id, success: true, errors: [] }, 201, {
          Location: `/services/data/v${version}/sobjects/${object.name}/${id}`
        });
      }
      throw notFound();
    }
    if (parts.length === 2 && (parts[1] === 'updated' || parts[1] === 'deleted') && m === 'GET') {
      return ok(this.changedSince(object.name, parts[1], req.query));
    }
    if (parts.length === 2 && parts[1] === 'describe' && m === 'GET')
      return ok(describeObject(object, version));
    if (parts.length === 2) {
      const id = normalizeId(parts[1]);
      if (!id || id.slice(0, 3) !== object.keyPrefix) {
        // Not an id of this object: Salesforce reads the segment as an external id field name.
        throw new SalesforceError(
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${parts[1]}`,
          [],
          404
        );
      }
      if (m === 'GET') return ok(this.retrieve(object.name, id, req.query.get('fields'), version));
      if (m === 'PATCH') {
        this.org.store.update(object.name, id, asObject(req.body, 'The request body'), {
          userId: req.userId
        });
        return { status: 204 };
      }
      if (m === 'DELETE') {
        this.org.store.delete(object.name, id, { userId: req.userId });
        return { status: 204 };
      }
      throw notFound();
    }
    if (parts.length === 3) {
      const [, fieldName, value] = parts;
      if (m === 'PATCH' || m === 'POST') {
        const result = this.org.store.upsert(
          object.name,
          fieldName,
          value,
          asObject(req.body, 'The request body'),
          {
            userId: req.userId
          }
        );
        return ok(
          { id: result.id, success: true, errors: [], created: result.created },
          result.created ? 201 : 200,
          result.created
            ? { Location: `/services/data/v${version}/sobjects/${object.name}/${result.id}` }
            : undefined
        );
      }
      const id = this.findByExternalId(object.name, fieldName, value, version);
      if (m === 'GET') return ok(this.retrieve(object.name, id, req.query.get('fields'), version));
      if (m === 'DELETE') {
        this.org.store.delete(object.name, id, { userId: req.userId });
        return { status: 204 };
      }
    }
    throw notFound();
  }

  /**
   * `GET /sobjects/X/updated?start=&end=` and `/deleted`: ids changed (or deleted) in a window, the
   * polling primitive the API offers; the window may not reach past the org clock.
   */
  private changedSince(
    objectName: string,
    kind: 'updated' | 'deleted',
    query: URLSearchParams
  ): Record<string, unknown> {
    const start = parseDateTime(query.get('start') ?? '');
    const end = parseDateTime(query.get('end') ?? '');
    if (!start || !end) {
      throw new SalesforceError(
        'MALFORMED_QUERY',
        'start and end must be datetimes, e.g. 2026-01-01T00:00:00Z'
      );
    }
    if (start > end)
      throw new SalesforceError('INVALID_REPLICATION_DATE', 'start date must be before end date');
    const now = this.org.store.nowIso();
    const latest = end < now ? end : now;
    if (kind === 'updated') {
      const rows = this.org.db
        .prepare(
          `SELECT "Id" FROM "${objectName}" WHERE "IsDeleted" = 0 AND "SystemModstamp" >= ? AND "SystemModstamp" <= ? ORDER BY "SystemModstamp"`
        )
        .all(start, latest) as { Id: string }[];
      return { ids: rows.map((r) => r.Id), latestDateCovered: formatDateTime(latest) };
    }
    const rows = this.org.db
      .prepare(
        `SELECT "Id", "SystemModstamp" FROM "${objectName}" WHERE "IsDeleted" = 1 AND "SystemModstamp" >= ? AND "SystemModstamp" <= ? ORDER BY "SystemModstamp"`
      )
      .all(start, latest) as { Id: string; SystemModstamp: string }[];
    return {
      deletedRecords: rows.map((r) => ({ id: r.Id, deletedDate: formatDateTime(r.SystemModstamp) })),
      earliestDateAvailable: formatDateTime(start),
      latestDateCovered: formatDateTime(latest)
    };
  }

  private findByExternalId(objectName: string, fieldName: string, value: string, version: string): string {
    const object = this.org.store.object(objectName);
    const field = this.org.schema.field(object, fieldName);
    if (!field || !(field.externalId || field.name === 'Id')) {
      throw new SalesforceError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${fieldName}`,
        [],
        404
      );
    }
    const rows = this.org.db
      .prepare(`SELECT "Id" FROM "${object.name}" WHERE "${field.name}" = ? AND "IsDeleted" = 0 LIMIT 2`)
      .all(value) as { Id: string }[];
    if (rows.length === 0) throw notFound();
    if (rows.length > 1) {
      throw Object.assign(new SalesforceError('MULTIPLE_CHOICES', 'more than one record matched', [], 300), {
        body: rows.map((r) => `/services/data/v${version}/sobjects/${object.name}/${r.Id}`)
      });
    }
    return rows[0].Id;
  }

  /** Reads one record with the given (or all) fields; deleted records give ENTITY_IS_DELETED. */
  retrieve(
    objectName: string,
    id: string,
    fieldList: string | null,
    version: string
  ): Record<string, unknown> {
    const object = this.org.store.object(objectName);
    const row = this.org.store.row(object, id);
    if (!row) throw notFound();
    if (row.IsDeleted === 1) throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    const names = fieldList
      ? fieldList
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : object.fields.map((f) => f.name);
    for (const name of names) {
      if (!name.includes('.') && !this.org.schema.field(object, name)) {
        throw new SalesforceError(
          'INVALID_FIELD',
          `No such column '${name}' on sobject of type ${object.name}`
        );
      }
    }
    const query = {
      fields: names.map((n) =>
        n.includes('.')
          ? {
              type: 'FieldRelationship',
              field: n.split('.').pop(),
              relationships: n.split('.').slice(0, -1),
              rawValue: n
            }
          : { type: 'Field', field: n }
      ),
      sObject: object.name,
      where: { left: { field: 'Id', operator: '=', literalType: 'STRING', value: `'${id}'` } }
    } as unknown as Query;
    const compiled = this.org.engine.compile(query, `SELECT ${names.join(', ')} FROM ${object.name}`, true);
    const result = this.org.engine.execute(compiled, 200, version);
    return result.records[0];
  }

  // ----------------------------------------------------------- collections

  private collections(req: ApiRequest, parts: string[]): ApiResponse {
    const m = req.method;
    if (parts.length === 0 && m === 'DELETE') return this.collectionDelete(req);
    if (parts.length === 1 && (m === 'POST' || m === 'GET')) return this.collectionRetrieve(req, parts[0]);
    if (parts.length === 2 && m === 'PATCH') return this.collectionUpsert(req, parts[0], parts[1]);
    if (parts.length !== 0 || (m !== 'POST' && m !== 'PATCH')) throw notFound();
    const body = asObject(req.body, 'The request body');
    const records = this.collectionRecords(body);
    const allOrNone = req.outerAllOrNone ?? body.allOrNone === true;
    const results = this.runCollection(
      records,
      allOrNone,
      m === 'PATCH',
      (record) => {
        const type = (record.attributes as { type?: string } | undefined)?.type;
        if (!type)
          throw new SalesforceError('INVALID_TYPE', 'Must specify a type for each record in attributes');
        if (m === 'POST') {
          if (record.id !== undefined || record.Id !== undefined) {
            throw new SalesforceError(
              'INVALID_FIELD',
              'Id field should not be specified in the sobject data.'
            );
          }
          return { id: this.org.store.create(type, record, { userId: req.userId }) };
        }
        const id = record.id ?? record.Id;
        if (id === undefined || id === null)
          throw new SalesforceError('MISSING_ARGUMENT', 'Id not specified in an update call');
        const object = this.org.store.object(type);
        const checked = normalizeId(id);
        if (!checked) throw new SalesforceError('MALFORMED_ID', `malformed id ${String(id)}`);
        if (!this.org.store.row(object, checked)) {
          throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        }
        return { id: this.org.store.update(type, checked, record, { userId: req.userId }) };
      },
      (record) => (record.id ?? record.Id) as string | undefined
    );
    return ok(results);
  }

  private collectionRecords(body: Record<string, unknown>): Record<string, unknown>[] {
    const records = body.records;
    if (!Array.isArray(records)) throw new SalesforceError('JSON_PARSER_ERROR', 'records must be an array');
    if (records.length > COLLECTION_LIMIT) {
      throw new SalesforceError(
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 200 records into this call'
      );
    }
    return records.map((r) => asObject(r, 'Each record'));
  }

  /**
   * Runs one write per record. All-or-none: one transaction, and on any failure every other
   * record reports ALL_OR_NONE_OPERATION_ROLLED_BACK. Otherwise each record is its own savepoint.
   */
  private runCollection<T>(
    items: T[],
    allOrNone: boolean,
    keepIdOnRollback: boolean,
    write: (item: T) => { id: string; created?: boolean },
    inputId: (item: T) => string | undefined
  ): SaveResult[] {
    const store = this.org.store;
    const attempt = (item: T): SaveResult => {
      try {
        const result = store.transaction(() => write(item));
        return {
          id: result.id,
          success: true,
          errors: [],
          ...(result.created !== undefined ? { created: result.created } : {})
        };
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        const id = normalizeId(inputId(item));
        return {
          ...(id && keepIdOnRollback ? { id } : {}),
          success: false,
          errors: [error.toCollectionError()]
        };
      }
    };
    // One outer transaction (cheap commit); each record is a savepoint inside it.
    if (!allOrNone) return store.transaction(() => items.map(attempt));
    let results: SaveResult[] = [];
    try {
      store.transaction(() => {
        results = items.map(attempt);
        if (results.some((r) => !r.success)) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      results = results.map((r, i) => {
        if (!r.success) return r;
        const id = normalizeId(inputId(items[i]));
        return { ...(id && keepIdOnRollback ? { id } : {}), success: false, errors: [ROLLED_BACK] };
      });
    }
    return results;
  }

  private collectionDelete(req: ApiRequest): ApiResponse {
    const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) throw new SalesforceError('MISSING_ARGUMENT', 'ids parameter is required');
    if (ids.length > COLLECTION_LIMIT) {
      throw new SalesforceError(
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 200 records into this call'
      );
    }
    const allOrNone = req.outerAllOrNone ?? req.query.get('allOrNone') === 'true';
    const results = this.runCollection(
      ids,
      allOrNone,
      true,
      (raw) => {
        const id = normalizeId(raw);
        if (!id) throw new SalesforceError('MALFORMED_ID', `malformed id ${raw}`);
        const object = this.org.schema.findByPrefix(id.slice(0, 3));
        if (!object || !this.org.store.row(object, id)) {
          throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        }
        return { id: this.org.store.delete(object.name, id, { userId: req.userId }) };
      },
      (raw) => raw
    );
    return ok(results);
  }

  private collectionRetrieve(req: ApiRequest, type: string): ApiResponse {
    const object = this.objectOr404(type);
    let ids: unknown;
    let fields: unknown;
    if (req.method === 'GET') {
      ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      fields = (req.query.get('fields') ?? '').split(',').filter(Boolean);
    } else {
      const body = asObject(req.body, 'The request body');
      ids = body.ids;
      fields = body.fields;
    }
    if (!Array.isArray(ids) || !Array.isArray(fields) || fields.length === 0) {
      throw new SalesforceError('MISSING_ARGUMENT', 'ids and fields are required');
    }
    if (ids.length > 2000)
      throw new SalesforceError('EXCEEDED_ID_LIMIT', 'cannot retrieve more than 2000 records');
    const records = ids.map((raw) => {
      const id = normalizeId(raw);
      if (!id || id.slice(0, 3) !== object.keyPrefix) return null;
      try {
        return this.retrieve(object.name, id, fields.join(','), req.version);
      } catch (error) {
        if (
          error instanceof SalesforceError &&
          (error.errorCode === 'NOT_FOUND' || error.errorCode === 'ENTITY_IS_DELETED')
        )
          return null;
        throw error;
      }
    });
    return ok(records);
  }

  private collectionUpsert(req: ApiRequest, type: string, externalField: string): ApiResponse {
    const object = this.objectOr404(type);
    const field = this.org.schema.field(object, externalField);
    if (!field || !(field.externalId || field.name === 'Id')) {
      throw new SalesforceError(
        'INVALID_FIELD',
        `Field name provided, ${externalField} is not an External ID or indexed field for ${object.name}`
      );
    }
    const body = asObject(req.body, 'The request body');
    const records = this.collectionRecords(body);
    const allOrNone = req.outerAllOrNone ?? body.allOrNone === true;
    const results = this.runCollection(
      records,
      allOrNone,
      false,
      (record) => {
        const key = Object.keys(record).find((k) => k.toLowerCase() === field.name.toLowerCase());
        const value = key ? record[key] : undefined;
        const { attributes: _attributes, ...rest } = record;
        return this.org.store.upsert(object.name, field.name, value, rest, { userId: req.userId });
      },
      () => undefined
    );
    return ok(results);
  }

  // ------------------------------------------------------------- composite

  private composite(req: ApiRequest): ApiResponse {
    const body = asObject(req.body, 'The request body');
    const subrequests = body.compositeRequest;
    if (!Array.isArray(subrequests) || subrequests.length === 0) {
      throw new SalesforceError('JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array');
    }
    if (subrequests.length > 25) {
      throw new SalesforceError('LIMIT_EXCEEDED', 'Exceeded max limit of subrequests: 25');
    }
    const allOrNone = body.allOrNone === true;
    return ok({
      compositeResponse: this.runComposite(req, subrequests as Record<string, unknown>[], allOrNone)
    });
  }

  /** Runs composite subrequests in order, resolving `@{ref.path}` references between them. */
  private runComposite(
    req: ApiRequest,
    subrequests: Record<string, unknown>[],
    allOrNone: boolean
  ): Record<string, unknown>[] {
    const references = new Map<string, unknown>();
    const responses: Record<string, unknown>[] = [];
    let failed = false;
    const run = () => {
      for (const sub of subrequests) {
        const referenceId = String(sub.referenceId ?? '');
        if (failed && allOrNone) {
          responses.push(
            halted(
              referenceId,
              'The transaction was rolled back since another operation in the same transaction failed.'
            )
          );
          continue;
        }
        let response: ApiResponse;
        try {
          const url = resolveReferences(String(sub.url ?? ''), references) as string;
          const subBody = resolveReferences(sub.body, references);
          response = this.dispatchSub(
            req,
            String(sub.method ?? 'GET').toUpperCase(),
            url,
            subBody,
            allOrNone,
            (sub.httpHeaders ?? {}) as Record<string, string>
          );
        } catch (error) {
          if (!(error instanceof SalesforceError)) throw error;
          response = { status: error.httpStatus, body: [error.toRestError()] };
        }
        if (response.status >= 400) failed = true;
        else references.set(referenceId, response.body);
        responses.push({
          body: response.body ?? null,
          httpHeaders: response.headers ?? {},
          httpStatusCode: response.status,
          referenceId
        });
      }
      if (failed && allOrNone) throw new Rollback();
    };
    try {
      this.org.store.transaction(run);
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      // Everything rolled back: successful subrequests report that they were halted.
      return responses.map((r) =>
        (r.httpStatusCode as number) < 400
          ? halted(
              String(r.referenceId),
              'The transaction was rolled back since another operation in the same transaction failed.'
            )
          : r
      );
    }
    return responses;
  }

  private dispatchSub(
    req: ApiRequest,
    method: string,
    url: string,
    body: unknown,
    allOrNone: boolean,
    headers: Record<string, string>
  ): ApiResponse {
    const parsed = new URL(url, 'http://composite.local');
    const match = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(parsed.pathname.replace(/\/{2,}/g, '/'));
    if (!match) throw new SalesforceError('INVALID_INPUT', `Invalid URL in composite subrequest: ${url}`);
    const sub: ApiRequest = {
      method,
      path: (match[2] ?? '').replace(/\/$/, ''),
      version: match[1],
      query: parsed.searchParams,
      body,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      userId: req.userId,
      outerAllOrNone: allOrNone ? true : undefined
    };
    if (sub.path.startsWith('/composite') && !sub.path.startsWith('/composite/sobjects')) {
      throw new SalesforceError('INVALID_INPUT', 'Composite subrequests cannot be composite requests');
    }
    // Each subrequest is atomic on its own when the request is not all-or-none.
    return allOrNone ? this.handle(sub) : this.org.store.transaction(() => this.handle(sub));
  }

  /**
   * `POST /composite/batch`: up to 25 independent subrequests (`{method, url, richInput}`), each
   * counted as an API call; `haltOnError` skips the rest after a failure (412 BATCH_PROCESSING_HALTED).
   */
  private batch(req: ApiRequest): ApiResponse {
    const body = asObject(req.body, 'The request body');
    const subrequests = body.batchRequests;
    if (!Array.isArray(subrequests) || subrequests.length === 0) {
      throw new SalesforceError('JSON_PARSER_ERROR', 'batchRequests must be a non-empty array');
    }
    if (subrequests.length > 25)
      throw new SalesforceError('LIMIT_EXCEEDED', 'Exceeded max limit of subrequests: 25');
    let halted = false;
    const results = (subrequests as Record<string, unknown>[]).map((sub, index) => {
      if (halted) {
        return {
          statusCode: 412,
          result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }]
        };
      }
      let response: ApiResponse;
      try {
        // The batch itself was counted; each further subrequest counts as one more call.
        if (index > 0) this.org.countApiCall();
        const url = String(sub.url ?? '');
        const absolute = url.startsWith('/services/')
          ? url
          : `/services/data/v${req.version}/${url.replace(/^\/?v\d+\.\d+\//, '')}`;
        response = this.dispatchSub(
          req,
          String(sub.method ?? 'GET').toUpperCase(),
          absolute,
          sub.richInput,
          false,
          {}
        );
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        response = { status: error.httpStatus, body: [error.toRestError()] };
      }
      if (response.status >= 400 && body.haltOnError === true) halted = true;
      return { statusCode: response.status, result: response.body ?? null };
    });
    return ok({ hasErrors: results.some((r) => r.statusCode >= 400), results });
  }

  private graph(req: ApiRequest): ApiResponse {
    const body = asObject(req.body, 'The request body');
    const graphs = body.graphs;
    if (!Array.isArray(graphs)) throw new SalesforceError('JSON_PARSER_ERROR', 'graphs must be an array');
    const results = graphs.map((g) => {
      const graph = asObject(g, 'Each graph');
      const responses = this.runComposite(
        req,
        (graph.compositeRequest ?? []) as Record<string, unknown>[],
        true
      );
      return {
        graphId: graph.graphId,
        graphResponse: { compositeResponse: responses },
        isSuccessful: responses.every((r) => (r.httpStatusCode as number) < 400)
      };
    });
    return ok({ graphs: results });
  }
}

function halted(referenceId: string, message: string): Record<string, unknown> {
  return {
    body: [{ errorCode: 'PROCESSING_HALTED', message }],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId
  };
}

/** Replaces `@{ref.path}` in strings (URLs and body values) with values from earlier responses. */
function resolveReferences(value: unknown, references: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g,
      (_m, ref: string, path: string) => {
        if (!references.has(ref)) {
          throw new SalesforceError(
            'PROCESSING_HALTED',
            `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`
          );
        }
        let current: unknown = references.get(ref);
        for (const step of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
          const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
          current =
            current !== null && typeof current === 'object'
              ? (current as Record<string | number, unknown>)[key]
              : undefined;
        }
        if (current === undefined || current === null) {
          throw new SalesforceError(
            'PROCESSING_HALTED',
            `Invalid reference specified. No value for ${ref}${path} found in ${ref}.`
          );
        }
        return String(current);
      }
    );
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, references));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, references)]));
  }
  return value;
}
