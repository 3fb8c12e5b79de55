/**
 * The REST data API below `/services/data/vXX.X`: query, sObject rows, collections, composite,
 * describe, limits and the emailSimple action. Handlers are synchronous so composite can run
 * subrequests inside one SQLite transaction.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError, notFound } from '../errors';
import { normalizeId } from '../ids';
import type { OrgState } from '../org-state';
import { formatDateTime, parseDateTime } from '../store/values';
import { asObject, ok } from './api-common';
import { CollectionsApi } from './collections';
import { CompositeApi } from './composite';
import { describeGlobal, describeObject, globalEntry } from './describe';
import { registerResources } from './resources';
import { RouteTable } from './routes';
import { describeEmailSimple, sendEmailSimple } from './email-action';
import { explainQuery } from './explain';
import { ApiRequest, ApiResponse } from './types';
import { UiApi } from '../ui-api/router';

/** `Sforce-Query-Options: batchSize=N`. */
function parseBatchSize(header: string | undefined): number | undefined {
  const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Path segments of a `*rest` route parameter (already URL-decoded by the route table). */
function segments(rest: string): string[] {
  return rest.split('/').filter(Boolean);
}

export class DataApi {
  private readonly collections: CollectionsApi;
  private readonly compositeApi: CompositeApi;
  private readonly uiApi: UiApi;

  private readonly routes = new RouteTable();

  constructor(private readonly org: OrgState) {
    this.collections = new CollectionsApi(org, (objectName, id, fields, version, userId) =>
      this.retrieve(objectName, id, fields, version, userId)
    );
    this.compositeApi = new CompositeApi(org, (req) => this.handle(req));
    this.uiApi = new UiApi(org);
    this.registerCore(this.routes);
    registerResources(this.routes, {
      org,
      handle: (req) => this.handle(req),
      retrieve: (objectName, id, fields, version, userId) =>
        this.retrieve(objectName, id, fields, version, userId)
    });
  }

  /** Routes one request; throws SalesforceError for error responses. */
  handle(req: ApiRequest): ApiResponse {
    return this.routes.dispatch(req);
  }

  /** The resources this module serves itself; the others come from `resources.ts`. */
  private registerCore(routes: RouteTable): void {
    routes
      .add('GET', '/', (req) => ok(this.resources(req.version, req.userId)))
      .add('GET', '/query', (req) => this.query(req, false))
      .add('GET', '/queryAll', (req) => this.query(req, true))
      .add('GET', '/query/:locator', (req, p) => ok(this.org.engine.queryMore(p.locator, req.version)))
      .add('GET', '/queryAll/:locator', (req, p) => ok(this.org.engine.queryMore(p.locator, req.version)))
      .add('GET', '/composite/sobjects/*rest', (req, p) => this.collections.handle(req, segments(p.rest)))
      .add('POST', '/composite/sobjects/*rest', (req, p) => this.collections.handle(req, segments(p.rest)))
      .add('PATCH', '/composite/sobjects/*rest', (req, p) => this.collections.handle(req, segments(p.rest)))
      .add('DELETE', '/composite/sobjects/*rest', (req, p) => this.collections.handle(req, segments(p.rest)))
      .add('POST', '/composite', (req) => this.compositeApi.composite(req))
      .add('POST', '/composite/graph', (req) => this.compositeApi.graph(req))
      .add('POST', '/composite/batch', (req) => this.compositeApi.batch(req))
      .add('POST', '/graphql', (req) => this.uiApi.handle(req, ['graphql']))
      .add('GET', '/limits', () => ok(this.org.limits()))
      .add('GET', '/actions', (req) => ok({ standard: `/services/data/v${req.version}/actions/standard` }))
      .add('GET', '/actions/standard', (req) =>
        ok({
          actions: [
            {
              label: 'Send Email',
              name: 'emailSimple',
              type: 'EMAILSIMPLE',
              url: `/services/data/v${req.version}/actions/standard/emailSimple`
            }
          ]
        })
      )
      .add('GET', '/actions/standard/emailSimple', () => ok(describeEmailSimple()))
      .add('POST', '/actions/standard/emailSimple', (req) => sendEmailSimple(this.org, req));
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      routes.add(method, '/ui-api/*rest', (req, p) =>
        this.uiApi.handle(req, ['ui-api', ...segments(p.rest)])
      );
      routes.add(method, '/sobjects', (req) => this.sobjects(req, []));
      routes.add(method, '/sobjects/*rest', (req, p) => this.sobjects(req, segments(p.rest)));
    }
  }

  /**
   * The version root: every top-level resource this org serves (and only those), plus the
   * identity URL, as `GET /services/data/vXX.X` lists them.
   */
  private resources(version: string, userId: string): Record<string, string> {
    const base = `/services/data/v${version}`;
    const listed: Record<string, string> = {};
    for (const name of this.routes.resourceNames()) listed[name] = `${base}/${name}`;
    // `identity` names the session's own user, as in an org.
    listed.identity = `${this.org.baseUrl()}/id/${this.org.orgId}/${userId}`;
    return listed;
  }

  // ------------------------------------------------------------------ query

  private query(req: ApiRequest, includeDeleted: boolean): ApiResponse {
    const explain = req.query.get('explain');
    if (explain !== null) return ok(explainQuery(this.org, explain));
    const soql = req.query.get('q');
    if (soql === null) throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified');
    if (req.query.get('columns') === 'true') return ok(this.columns(soql, req.userId));
    const result = this.org.engine.query(soql, {
      includeDeleted,
      timeZone: this.org.userTimeZone(req.userId),
      batchSize: parseBatchSize(req.headers['sforce-query-options']),
      version: req.version,
      access: this.org.authorization.forUser(req.userId)
    });
    return ok(result);
  }

  /** `?columns=true` (used by `sf data query`): the selected columns, without running the query. */
  private columns(soql: string, userId: string): Record<string, unknown> {
    const parsed = this.org.engine.parse(soql);
    const compiled = this.org.engine.compile(
      parsed,
      soql,
      false,
      'UTC',
      this.org.authorization.forUser(userId)
    );
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

  /** The object a URL names; one the user cannot read does not exist for them (404). */
  private objectOr404(name: string, userId: string) {
    const object = this.org.schema.find(name);
    if (!object || !this.org.authorization.forUser(userId).canReadObject(object)) throw notFound();
    return object;
  }

  private sobjects(req: ApiRequest, parts: string[]): ApiResponse {
    const m = req.method;
    const version = req.version;
    if (parts.length === 0 && m === 'GET') {
      if (this.notModifiedSince(req, this.org.schemaLoadedAt)) return { status: 304 };
      return ok(describeGlobal(this.org.schema, version, this.org.objectsDir));
    }
    const object = this.objectOr404(parts[0], req.userId);
    if (parts.length === 1) {
      if (m === 'GET')
        return ok({ objectDescribe: globalEntry(object, version, this.org.objectsDir), recentItems: [] });
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
    if (parts.length === 2 && parts[1] === 'describe' && m === 'GET') {
      if (this.notModifiedSince(req, this.org.schemaLoadedAt)) return { status: 304 };
      return ok(describeObject(object, version, this.org.objectsDir));
    }
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
      if (m === 'GET') {
        const modified = this.lastModified(object.name, id);
        if (modified && this.notModifiedSince(req, modified)) return { status: 304 };
        return ok(this.retrieve(object.name, id, req.query.get('fields'), version, req.userId));
      }
      if (m === 'PATCH') {
        this.checkUnmodifiedSince(req, object.name, id);
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
        const result = this.upsert(req, object.name, fieldName, value);
        return ok(
          { id: result.id, success: true, errors: [], created: result.created },
          result.created ? 201 : 200,
          result.created
            ? { Location: `/services/data/v${version}/sobjects/${object.name}/${result.id}` }
            : undefined
        );
      }
      const id = this.findByExternalId(object.name, fieldName, value, version);
      if (m === 'GET')
        return ok(this.retrieve(object.name, id, req.query.get('fields'), version, req.userId));
      if (m === 'DELETE') {
        this.org.store.delete(object.name, id, { userId: req.userId });
        return { status: 204 };
      }
    }
    throw notFound();
  }

  /**
   * Upsert by external id; several matching records answer 300 with the list of their URLs, as
   * the GET of the same path does.
   */
  private upsert(req: ApiRequest, objectName: string, fieldName: string, value: string) {
    try {
      return this.org.store.upsert(objectName, fieldName, value, asObject(req.body, 'The request body'), {
        userId: req.userId
      });
    } catch (error) {
      const matchingIds = (error as { matchingIds?: string[] }).matchingIds;
      if (error instanceof SalesforceError && matchingIds) {
        throw Object.assign(error, {
          body: matchingIds.map((id) => `/services/data/v${req.version}/sobjects/${objectName}/${id}`)
        });
      }
      throw error;
    }
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

  /** `If-Modified-Since`: true when the resource has not changed since the given HTTP date. */
  private notModifiedSince(req: ApiRequest, lastModified: Date): boolean {
    const header = req.headers['if-modified-since'];
    if (!header) return false;
    const since = Date.parse(header);
    if (Number.isNaN(since))
      throw new SalesforceError('INVALID_HEADER_TYPE', `Invalid If-Modified-Since header: ${header}`);
    // HTTP dates have whole seconds.
    return Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }

  private lastModified(objectName: string, id: string): Date | null {
    const row = this.org.store.row(this.org.store.object(objectName), id);
    return row && typeof row.LastModifiedDate === 'string' ? new Date(row.LastModifiedDate) : null;
  }

  /** `If-Unmodified-Since` on a row update: 412 when the record changed after that time. */
  private checkUnmodifiedSince(req: ApiRequest, objectName: string, id: string): void {
    const header = req.headers['if-unmodified-since'];
    if (!header) return;
    const since = Date.parse(header);
    if (Number.isNaN(since))
      throw new SalesforceError('INVALID_HEADER_TYPE', `Invalid If-Unmodified-Since header: ${header}`);
    const modified = this.lastModified(objectName, id);
    if (modified && Math.floor(modified.getTime() / 1000) * 1000 > since) {
      throw new SalesforceError(
        'PRECONDITION_FAILED',
        `The requested resource has been modified since ${new Date(since).toUTCString()}`,
        [],
        412
      );
    }
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
    version: string,
    userId: string
  ): Record<string, unknown> {
    const object = this.org.store.object(objectName);
    const access = this.org.authorization.forUser(userId);
    const row = this.org.store.row(object, id);
    // A record the user may not read is not found, as in an org.
    if (!row || !access.canReadObject(object) || !access.canAccessRecord(object, id, 'read'))
      throw notFound();
    if (row.IsDeleted === 1) throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    const names = fieldList
      ? fieldList
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : object.fields.filter((f) => access.canReadField(object, f)).map((f) => f.name);
    for (const name of names) {
      const field = name.includes('.') ? undefined : this.org.schema.field(object, name);
      if (!name.includes('.') && (!field || !access.canReadField(object, field))) {
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
    const compiled = this.org.engine.compile(
      query,
      `SELECT ${names.join(', ')} FROM ${object.name}`,
      true,
      'UTC',
      access
    );
    const result = this.org.engine.execute(compiled, 200, version);
    return result.records[0];
  }
}
