/**
 * `ui-api/records`: read a record with the fields a component asks for (`GET /records/{id}`,
 * `GET /records/batch/{ids}`), create (`POST /records`), update (`PATCH /records/{id}`) and delete
 * (`DELETE /records/{id}`), in the UI API's RecordRepresentation shape. Writes go through the same
 * record store as REST, so validation, derived fields, defaults and errors are the same.
 */
import { normalizeId } from '../ids';
import type { ApiRequest, ApiResponse } from '../http/types';
import type { OrgState } from '../org-state';
import { FieldDef, ObjectDef } from '../schema/types';
import type { UserAccess } from '../security/access';
import { UiApiAccess } from './access';
import { fieldValue, uiDateTime } from './field-values';
import { eTagOf, MASTER_RECORD_TYPE_ID } from './object-info';
import { findRecordType } from '../schema/record-types';
import { asUiError, uiError } from './ui-errors';

type RestRecord = Record<string, unknown>;

/** The fields asked for, as a tree: `null` for a field, a subtree for a relationship. */
interface FieldTree {
  fields: Map<string, FieldDef>;
  parents: Map<string, { reference: FieldDef; object: ObjectDef; tree: FieldTree }>;
}

const emptyTree = (): FieldTree => ({ fields: new Map(), parents: new Map() });

const AUDIT_COLUMNS = ['Id', 'LastModifiedById', 'LastModifiedDate', 'SystemModstamp'];

export class RecordsApi {
  constructor(
    private readonly org: OrgState,
    private readonly access: UiApiAccess
  ) {}

  handle(req: ApiRequest, parts: string[]): ApiResponse {
    try {
      return this.route(req, parts);
    } catch (error) {
      throw asUiError(error);
    }
  }

  private route(req: ApiRequest, parts: string[]): ApiResponse {
    const m = req.method;
    if (parts.length === 0 && m === 'POST') return this.create(req);
    if (parts[0] === 'batch' && parts.length === 2 && m === 'GET') return this.batch(req, parts[1]);
    if (parts.length === 1) {
      if (m === 'GET') return { status: 200, body: this.get(req, parts[0]) };
      if (m === 'PATCH') return this.update(req, parts[0]);
      if (m === 'DELETE') return this.remove(req, parts[0]);
      throw uiError(
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${m}' not allowed. Allowed are GET,PATCH,DELETE`,
        405
      );
    }
    throw uiError('NOT_FOUND', 'The requested resource does not exist', 404);
  }

  // ------------------------------------------------------------------------------ reads

  private get(req: ApiRequest, idText: string): Record<string, unknown> {
    const { object, id } = this.locate(idText, req.userId);
    const tree = this.requestedTree(object, req.query, true, req.userId);
    return this.read(req, object, id, tree);
  }

  /** `{ results: [{ result, statusCode }] }`: each id read with the fields of its own object. */
  private batch(req: ApiRequest, ids: string): ApiResponse {
    const results = ids.split(',').map((idText) => {
      try {
        const { object, id } = this.locate(idText.trim(), req.userId);
        const tree = this.requestedTree(object, req.query, false, req.userId);
        return { result: this.read(req, object, id, tree), statusCode: 200 };
      } catch (error) {
        const failure = asUiError(error) as { httpStatus?: number; body?: unknown };
        return { result: failure.body ?? [], statusCode: failure.httpStatus ?? 500 };
      }
    });
    return { status: 200, body: { results } };
  }

  /** The record an id names, if it exists and the user may read it (else 404, as in an org). */
  private locate(idText: string, userId: string): { object: ObjectDef; id: string } {
    const id = normalizeId(idText);
    const object = id ? this.org.schema.findByPrefix(id.slice(0, 3)) : undefined;
    if (!id || !object) throw uiError('NOT_FOUND', 'The requested resource does not exist', 404);
    const row = this.org.store.row(object, id);
    if (!row || !this.access.canReadRecord(userId, object, id)) {
      throw uiError('NOT_FOUND', 'The requested resource does not exist', 404);
    }
    if (row.IsDeleted === 1) throw uiError('ENTITY_IS_DELETED', 'entity is deleted', 404);
    return { object, id };
  }

  /**
   * The tree of `fields` (every one must exist) and `optionalFields` (unknown ones are left out) for
   * this object; other objects' entries are ignored in a batch and refused for a single record.
   * Without either, every field of the object (the full layout).
   */
  private requestedTree(
    object: ObjectDef,
    query: URLSearchParams,
    strictObject: boolean,
    userId: string
  ): FieldTree {
    const access = this.access.forUser(userId);
    const list = (name: string) =>
      query
        .getAll(name)
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
    const required = list('fields');
    const optional = list('optionalFields');
    const tree = emptyTree();
    if (required.length === 0 && optional.length === 0) return this.fullTree(object, userId);
    for (const [qualified, strict] of [
      ...required.map((f) => [f, true] as const),
      ...optional.map((f) => [f, false] as const)
    ]) {
      const [objectName, ...path] = qualified.split('.');
      if (objectName.toLowerCase() !== object.name.toLowerCase() || path.length === 0) {
        if (strict && strictObject) {
          throw uiError(
            'INVALID_FIELD',
            `${qualified} is not a field of ${object.name} (fields are written Object.Field)`,
            400
          );
        }
        continue;
      }
      const added = this.addPath(object, tree, path, access);
      if (!added && strict) {
        throw uiError(
          'INVALID_FIELD',
          `No such column '${path.join('.')}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          400
        );
      }
    }
    return tree;
  }

  /** Adds `Field` or `Parent__r.…Field` to the tree; false when it does not exist for this user. */
  private addPath(object: ObjectDef, tree: FieldTree, path: string[], access: UserAccess): boolean {
    const [head, ...rest] = path;
    if (rest.length === 0) {
      const field = this.org.schema.field(object, head);
      if (!field || !access.canReadField(object, field)) return false;
      tree.fields.set(field.name, field);
      return true;
    }
    const reference = object.parentRelationships.get(head.toLowerCase());
    // Polymorphic lookups resolve to their first target, as a record page's lookup field shows.
    const parent = reference ? this.org.schema.find(reference.referenceTo[0]) : undefined;
    if (!reference || !parent || !access.canReadField(object, reference) || !access.canReadObject(parent)) {
      return false;
    }
    const name = reference.relationshipName as string;
    const entry = tree.parents.get(name) ?? { reference, object: parent, tree: emptyTree() };
    if (!this.addPath(parent, entry.tree, rest, access)) return false;
    tree.parents.set(name, entry);
    return true;
  }

  /** Reads one record with the tree's fields through the query engine, as REST does. */
  private read(req: ApiRequest, object: ObjectDef, id: string, tree: FieldTree): Record<string, unknown> {
    const access = this.access.forUser(req.userId);
    const timeZone = this.org.userTimeZone(req.userId);
    const columns = new Set<string>();
    this.columns(object, tree, '', columns);
    const soql = `SELECT ${[...columns].join(', ')} FROM ${object.name} WHERE Id = '${id}'`;
    const record = this.org.engine.query(soql, { version: req.version, timeZone, access }).records[0];
    return this.representation(object, record, tree, timeZone);
  }

  private columns(object: ObjectDef, tree: FieldTree, prefix: string, into: Set<string>): void {
    for (const column of AUDIT_COLUMNS) into.add(`${prefix}${column}`);
    // The representation's recordTypeId comes from the record, whichever fields were asked for.
    if (object.recordTypes?.length) into.add(`${prefix}RecordTypeId`);
    const nameField = nameFieldOf(object);
    if (prefix && nameField) into.add(`${prefix}${nameField.name}`);
    for (const field of tree.fields.values()) into.add(`${prefix}${field.name}`);
    for (const [name, parent] of tree.parents) {
      this.columns(parent.object, parent.tree, `${prefix}${name}.`, into);
    }
  }

  /** RecordRepresentation of a REST-shaped record. */
  private representation(
    object: ObjectDef,
    record: RestRecord,
    tree: FieldTree,
    timeZone: string
  ): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const field of [...tree.fields.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      fields[field.name] = fieldValue(field, record[field.name], timeZone);
    }
    for (const [name, parent] of [...tree.parents].sort((a, b) => a[0].localeCompare(b[0]))) {
      const parentRecord = record[name] as RestRecord | null;
      const nameField = nameFieldOf(parent.object);
      fields[name] = parentRecord
        ? {
            displayValue: nameField ? ((parentRecord[nameField.name] as string | null) ?? null) : null,
            value: this.representation(parent.object, parentRecord, parent.tree, timeZone)
          }
        : { displayValue: null, value: null };
    }
    const modstamp = uiDateTime(String(record.SystemModstamp));
    const body: Record<string, unknown> = {
      apiName: object.name,
      childRelationships: {},
      fields,
      id: record.Id,
      lastModifiedById: record.LastModifiedById ?? null,
      lastModifiedDate: record.LastModifiedDate ? uiDateTime(String(record.LastModifiedDate)) : null,
      ...recordTypeOf(object, record),
      systemModstamp: modstamp,
      weakEtag: Date.parse(modstamp)
    };
    return { ...body, eTag: eTagOf(body) };
  }

  // ----------------------------------------------------------------------------- writes

  private create(req: ApiRequest): ApiResponse {
    const input = recordInput(req.body);
    if (typeof input.apiName !== 'string' || !input.apiName) {
      throw uiError('INVALID_INPUT', 'apiName is required: the API name of the object to create', 400);
    }
    const object = this.org.schema.find(input.apiName);
    if (!object || !this.access.forUser(req.userId).canReadObject(object))
      throw uiError(
        'NOT_FOUND',
        `The requested resource does not exist: object ${input.apiName} is not supported`,
        404
      );
    const id = this.org.store.create(object.name, input.fields, { userId: req.userId });
    return { status: 201, body: this.read(req, object, id, this.fullTree(object, req.userId)) };
  }

  private update(req: ApiRequest, idText: string): ApiResponse {
    const { object, id } = this.locate(idText, req.userId);
    const input = recordInput(req.body);
    if (input.apiName && String(input.apiName).toLowerCase() !== object.name.toLowerCase()) {
      throw uiError(
        'INVALID_INPUT',
        `apiName ${String(input.apiName)} does not match the record's object ${object.name}`,
        400
      );
    }
    const fields = { ...input.fields };
    for (const key of Object.keys(fields)) {
      if (key.toLowerCase() !== 'id') continue;
      if (normalizeId(String(fields[key])) !== id) {
        throw uiError(
          'INVALID_INPUT',
          `fields.Id ${String(fields[key])} does not match the record id ${id} in the URL`,
          400
        );
      }
      delete fields[key];
    }
    this.checkUnmodifiedSince(req, object, id);
    this.org.store.update(object.name, id, fields, { userId: req.userId });
    return { status: 200, body: this.read(req, object, id, this.fullTree(object, req.userId)) };
  }

  private remove(req: ApiRequest, idText: string): ApiResponse {
    const { object, id } = this.locate(idText, req.userId);
    this.org.store.delete(object.name, id, { userId: req.userId });
    return { status: 204 };
  }

  /** `If-Unmodified-Since` (what LDS sends for `updateRecord(…, { ifUnmodifiedSince })`). */
  private checkUnmodifiedSince(req: ApiRequest, object: ObjectDef, id: string): void {
    const header = req.headers['if-unmodified-since'];
    if (!header) return;
    const since = Date.parse(header);
    if (Number.isNaN(since))
      throw uiError('INVALID_HEADER_TYPE', `Invalid If-Unmodified-Since header: ${header}`, 400);
    const row = this.org.store.row(object, id);
    const modified = Date.parse(String(row?.LastModifiedDate));
    if (Math.floor(modified / 1000) * 1000 > since) {
      throw uiError(
        'PRECONDITION_FAILED',
        `The record has been modified since ${new Date(since).toUTCString()}`,
        412
      );
    }
  }

  /** Every field of the object the user may read (the full layout). */
  private fullTree(object: ObjectDef, userId: string): FieldTree {
    const access = this.access.forUser(userId);
    const tree = emptyTree();
    for (const field of object.fields)
      if (access.canReadField(object, field)) tree.fields.set(field.name, field);
    return tree;
  }
}

function nameFieldOf(object: ObjectDef): FieldDef | undefined {
  return object.fields.find((f) => f.nameField) ?? object.fields.find((f) => f.name === 'Name');
}

function recordInput(body: unknown): { apiName?: unknown; fields: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw uiError(
      'JSON_PARSER_ERROR',
      'The request body must be a JSON object: { "apiName": …, "fields": { … } }',
      400
    );
  }
  const input = body as { apiName?: unknown; fields?: unknown };
  if (!input.fields || typeof input.fields !== 'object' || Array.isArray(input.fields)) {
    throw uiError('INVALID_INPUT', 'fields is required: an object of field API names and values', 400);
  }
  return { apiName: input.apiName, fields: input.fields as Record<string, unknown> };
}

/**
 * A record's `recordTypeId` and `recordTypeInfo`: the master (and no info) for a record without a
 * record type, as the UI API answers.
 */
function recordTypeOf(object: ObjectDef, record: Record<string, unknown>) {
  const info =
    typeof record.RecordTypeId === 'string' ? findRecordType(object, record.RecordTypeId) : undefined;
  if (!info || info.master) return { recordTypeId: MASTER_RECORD_TYPE_ID, recordTypeInfo: null };
  return {
    recordTypeId: info.recordTypeId,
    recordTypeInfo: {
      available: info.available,
      defaultRecordTypeMapping: info.defaultRecordTypeMapping,
      master: false,
      name: info.name,
      recordTypeId: info.recordTypeId
    }
  };
}
