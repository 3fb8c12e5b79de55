/**
 * sObject Collections (`/composite/sobjects`): create, update, upsert, delete and retrieve of up to
 * 200 records per call, with `allOrNone` either way and per-record results in request order.
 */
import { notFound, SalesforceError } from '../errors';
import { normalizeId } from '../ids';
import type { OrgState } from '../org-state';
import { asObject, COLLECTION_LIMIT, ok, Rollback } from './api-common';
import { ApiRequest, ApiResponse } from './types';

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [] as string[]
};

type SaveResult = { id?: string; success: boolean; errors: unknown[]; created?: boolean };

/** Reads one record with the given fields (the single-record retrieve of the data API). */
export type RetrieveRecord = (
  objectName: string,
  id: string,
  fields: string,
  version: string,
  /** The user whose access applies. */
  userId: string
) => Record<string, unknown>;

export class CollectionsApi {
  constructor(
    private readonly org: OrgState,
    private readonly retrieve: RetrieveRecord
  ) {}

  private objectOr404(name: string) {
    const object = this.org.schema.find(name);
    if (!object) throw notFound();
    return object;
  }

  /** Routes `/composite/sobjects[/…]`; `parts` are the segments after it. */
  handle(req: ApiRequest, parts: string[]): ApiResponse {
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
    inputId: (item: T) => string | undefined,
    reportsCreated = false
  ): SaveResult[] {
    // Upsert results carry `created` on every record, failed and rolled-back ones too (false).
    const notCreated = reportsCreated ? { created: false } : {};
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
          errors: [error.toCollectionError()],
          ...notCreated
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
        return {
          ...(id && keepIdOnRollback ? { id } : {}),
          success: false,
          errors: [ROLLED_BACK],
          ...notCreated
        };
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
        return this.retrieve(object.name, id, fields.join(','), req.version, req.userId);
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
      () => undefined,
      true
    );
    return ok(results);
  }
}
