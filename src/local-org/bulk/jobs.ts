/**
 * Bulk API 2.0 jobs of one local org: ingest jobs (create → upload CSV → UploadComplete →
 * InProgress → JobComplete/Failed, with successful, failed and unprocessed results) and query jobs
 * (create → UploadComplete → JobComplete, results paged by locator).
 *
 * Jobs live in memory (a restarted org forgets them, as it forgets query locators). Processing is
 * asynchronous as in an org: closing a job schedules it, and it runs in chunks of rows, each chunk
 * one SQLite transaction with a savepoint per record (one bad record never undoes the others), the
 * event loop free between chunks so status polls are answered while a big load runs.
 *
 * A job runs as the user who created it, with the REST API's checks (security/access.ts): an object
 * they cannot read does not exist for their jobs, a column naming a field they cannot see fails the
 * job as an unknown field does, and each row is written through the record store under their
 * object permissions, field-level security and record access, so a row they may not write fails
 * with the error REST would answer. A query job compiles and runs under the same access.
 */
import { SalesforceError } from '../errors';
import { makeId } from '../ids';
import type { OrgState } from '../org-state';
import { FieldDef, ObjectDef } from '../schema/types';
import type { UserAccess } from '../security/access';
import type { WriteContext } from '../store/records';
import { COLUMN_DELIMITERS, LINE_ENDINGS, parseCsv, writeCsv } from './csv';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** Rows per transaction while a job runs. */
const CHUNK_ROWS = 2000;
/** Bulk API 2.0 marks `#N/A` as "set this field to null"; an empty value leaves the field alone. */
const NULL_VALUE = '#N/A';
/** Rows per results page when the client gives no maxRecords. */
export const DEFAULT_MAX_RECORDS = 10_000;

export interface JobBase {
  id: string;
  operation: string;
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: JobState;
  concurrencyMode: 'Parallel';
  contentType: 'CSV';
  apiVersion: number;
  lineEnding: string;
  columnDelimiter: string;
  numberRecordsProcessed: number;
  retries: number;
  totalProcessingTime: number;
  errorMessage?: string;
}

export interface IngestJob extends JobBase {
  jobType: 'V2Ingest';
  externalIdFieldName?: string;
  numberRecordsFailed: number;
  header: string[] | null;
  rows: string[][];
  successful: string[][];
  failed: string[][];
  /** Index of the next row to process. */
  cursor: number;
}

export interface QueryJob extends JobBase {
  jobType: 'V2Query';
  query: string;
  columns: string[];
  results: string[][];
}

const INGEST_OPERATIONS: IngestOperation[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];
const FINAL_STATES: JobState[] = ['JobComplete', 'Failed', 'Aborted'];

const invalidJob = (message: string) => new SalesforceError('INVALIDJOB', message);
export const invalidJobState = (message: string) => new SalesforceError('INVALIDJOBSTATE', message, [], 409);

/** Formats a date as the Bulk API does (`2026-12-06T18:00:00.000+0000`). */
function bulkDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

function formatOptions(body: Record<string, unknown>): { lineEnding: string; columnDelimiter: string } {
  const lineEnding = String(body.lineEnding ?? 'LF');
  const columnDelimiter = String(body.columnDelimiter ?? 'COMMA');
  if (!LINE_ENDINGS[lineEnding]) throw invalidJob(`lineEnding must be LF or CRLF, not ${lineEnding}`);
  if (!COLUMN_DELIMITERS[columnDelimiter]) {
    throw invalidJob(
      `columnDelimiter must be one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}, not ${columnDelimiter}`
    );
  }
  if (body.contentType !== undefined && body.contentType !== 'CSV') {
    throw invalidJob(`contentType must be CSV, not ${String(body.contentType)}`);
  }
  return { lineEnding, columnDelimiter };
}

export class BulkJobs {
  readonly ingest = new Map<string, IngestJob>();
  readonly query = new Map<string, QueryJob>();
  private sequence = 0;

  constructor(private readonly org: OrgState) {}

  private base(
    operation: string,
    object: string,
    userId: string,
    version: string,
    body: Record<string, unknown>
  ) {
    const now = bulkDate(this.org.clock.now());
    return {
      id: makeId('750', ++this.sequence),
      operation,
      object,
      createdById: userId,
      createdDate: now,
      systemModstamp: now,
      concurrencyMode: 'Parallel' as const,
      contentType: 'CSV' as const,
      apiVersion: Number(version),
      ...formatOptions(body),
      numberRecordsProcessed: 0,
      retries: 0,
      totalProcessingTime: 0
    };
  }

  // ------------------------------------------------------------------ ingest

  createIngest(body: Record<string, unknown>, userId: string, version: string): IngestJob {
    const operation = String(body.operation ?? '') as IngestOperation;
    if (!INGEST_OPERATIONS.includes(operation)) {
      throw invalidJob(
        `operation must be one of ${INGEST_OPERATIONS.join(', ')}, not ${String(body.operation)}`
      );
    }
    if (operation === 'hardDelete') {
      throw new SalesforceError(
        'FUNCTIONALITY_NOT_ENABLED',
        'The local org does not support hardDelete: deleted records go to the recycle bin (use delete)'
      );
    }
    const access = this.org.authorization.forUser(userId);
    // An object the user cannot read does not exist for them, as in describe and SOQL.
    const found = this.org.schema.find(String(body.object ?? ''));
    const object = found && access.canReadObject(found) ? found : undefined;
    if (!object) throw invalidJob(`Unable to find object: ${String(body.object)}`);
    let externalIdFieldName: string | undefined;
    if (operation === 'upsert') {
      const named = this.org.schema.field(object, String(body.externalIdFieldName ?? ''));
      const field = named && access.canReadField(object, named) ? named : undefined;
      if (!field || !(field.externalId || field.name === 'Id')) {
        throw invalidJob(
          `upsert needs externalIdFieldName, an External ID field of ${object.name} (got ${String(body.externalIdFieldName)})`
        );
      }
      externalIdFieldName = field.name;
    }
    const job: IngestJob = {
      ...this.base(operation, object.name, userId, version, body),
      ...(externalIdFieldName ? { externalIdFieldName } : {}),
      state: 'Open',
      jobType: 'V2Ingest',
      numberRecordsFailed: 0,
      header: null,
      rows: [],
      successful: [],
      failed: [],
      cursor: 0
    };
    this.ingest.set(job.id, job);
    return job;
  }

  ingestJob(id: string): IngestJob {
    const job = this.ingest.get(id);
    if (!job) throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', [], 404);
    return job;
  }

  /** `PUT …/batches`: appends the CSV's records (each upload starts with the same header). */
  upload(job: IngestJob, csv: string): void {
    if (job.state !== 'Open')
      throw invalidJobState(`Job ${job.id} is ${job.state}: data can only be uploaded while Open`);
    const rows = parseCsv(csv, job.columnDelimiter);
    if (rows.length === 0) return;
    const [header, ...records] = rows;
    if (job.header && job.header.join('\u0000') !== header.join('\u0000')) {
      throw new SalesforceError(
        'INVALIDBATCH',
        `InvalidBatch : every upload of a job must have the header ${job.header.join(',')}`
      );
    }
    job.header = header;
    for (const record of records) job.rows.push(record);
  }

  /** `PATCH /jobs/ingest/{id}` with a new state. */
  setIngestState(job: IngestJob, state: string): void {
    if (state === 'Aborted') {
      if (FINAL_STATES.includes(job.state)) throw invalidJobState(`Job ${job.id} is already ${job.state}`);
      job.state = 'Aborted';
      this.touch(job);
      return;
    }
    if (state !== 'UploadComplete')
      throw invalidJobState(`state must be UploadComplete or Aborted, not ${state}`);
    if (job.state !== 'Open') throw invalidJobState(`Job ${job.id} is ${job.state}, not Open`);
    job.state = 'UploadComplete';
    this.touch(job);
    setImmediate(() => this.startIngest(job));
  }

  private touch(job: JobBase): void {
    job.systemModstamp = bulkDate(this.org.clock.now());
  }

  private startIngest(job: IngestJob): void {
    if (job.state !== 'UploadComplete') return;
    const object = this.org.schema.find(job.object) as ObjectDef;
    const problem = job.header ? this.headerProblem(object, job) : 'InvalidBatch : no data was uploaded';
    if (problem) {
      job.state = 'Failed';
      job.errorMessage = problem;
      this.touch(job);
      return;
    }
    job.state = 'InProgress';
    this.touch(job);
    this.runChunk(job, object);
  }

  /** Runs the next chunk; an unexpected error fails the job instead of the org process. */
  private runChunk(job: IngestJob, object: ObjectDef): void {
    try {
      this.processChunk(job, object);
    } catch (error) {
      job.state = 'Failed';
      job.errorMessage = `UNKNOWN_EXCEPTION : ${(error as Error).message}`;
      this.touch(job);
    }
  }

  private headerProblem(object: ObjectDef, job: IngestJob): string | null {
    const header = job.header as string[];
    // A field the job's creator cannot see is "not found", as a field that does not exist.
    const access = this.creatorAccess(job);
    for (const column of header) {
      const [first, second] = column.split('.');
      const field = second
        ? object.parentRelationships.get(first.toLowerCase())
        : this.org.schema.field(object, first);
      if (!field || !access.canReadField(object, field))
        return `InvalidBatch : Field name not found : ${column}`;
    }
    const needsId = job.operation === 'update' || job.operation === 'delete';
    if (needsId && !header.some((c) => c.toLowerCase() === 'id')) {
      return `InvalidBatch : Field name not found : Id (${job.operation} needs an Id column)`;
    }
    if (job.operation === 'delete' && header.length > 1) {
      return 'InvalidBatch : a delete job takes only the Id column';
    }
    if (
      job.operation === 'upsert' &&
      !header.some((c) => c.toLowerCase() === job.externalIdFieldName?.toLowerCase())
    ) {
      return `InvalidBatch : Field name not found : ${job.externalIdFieldName} (the job's externalIdFieldName)`;
    }
    return null;
  }

  private processChunk(job: IngestJob, object: ObjectDef): void {
    if (job.state !== 'InProgress') return;
    const started = Date.now();
    const end = Math.min(job.cursor + CHUNK_ROWS, job.rows.length);
    const store = this.org.store;
    store.transaction(() => {
      for (; job.cursor < end; job.cursor++) {
        const row = job.rows[job.cursor];
        try {
          const result = store.transaction(() => this.writeRow(job, object, row));
          job.successful.push([result.id, result.created ? 'true' : 'false', ...row]);
        } catch (error) {
          if (!(error instanceof SalesforceError)) throw error;
          const id = job.operation === 'insert' ? '' : (this.value(job, row, 'Id') ?? '');
          job.failed.push([id, `${error.errorCode}:${error.message}:${error.fields.join(',')} --`, ...row]);
          job.numberRecordsFailed++;
        }
        job.numberRecordsProcessed++;
      }
    });
    job.totalProcessingTime += Date.now() - started;
    this.touch(job);
    if (job.cursor < job.rows.length) {
      setImmediate(() => this.runChunk(job, object));
      return;
    }
    job.state = 'JobComplete';
  }

  private value(job: IngestJob, row: string[], column: string): string | undefined {
    const index = (job.header as string[]).findIndex((c) => c.toLowerCase() === column.toLowerCase());
    return index < 0 ? undefined : row[index];
  }

  /** One CSV row as a write: typed values, `Rel.ExtId` columns as parent references. */
  private record(job: IngestJob, object: ObjectDef, row: string[]): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    (job.header as string[]).forEach((column, i) => {
      const text = row[i];
      if (text === undefined || text === '') return;
      const [first, second] = column.split('.');
      if (second) {
        record[first] = { [second]: text };
        return;
      }
      const field = this.org.schema.field(object, first) as FieldDef;
      if (field.name === 'Id') return;
      record[field.name] = text === NULL_VALUE ? null : typed(field, text);
    });
    return record;
  }

  /** The access of the user who created the job, as it is now (permission changes apply at once). */
  private creatorAccess(job: JobBase): UserAccess {
    return this.org.authorization.forUser(job.createdById);
  }

  private writeRow(job: IngestJob, object: ObjectDef, row: string[]): { id: string; created: boolean } {
    // Not trusted: the store checks the creator's object permissions, field-level security and
    // record access for this row exactly as for a REST write by them.
    const ctx: WriteContext = { userId: job.createdById, access: this.creatorAccess(job) };
    const store = this.org.store;
    switch (job.operation) {
      case 'insert':
        return { id: store.create(object.name, this.record(job, object, row), ctx), created: true };
      case 'update':
        return {
          id: store.update(object.name, this.value(job, row, 'Id'), this.record(job, object, row), ctx),
          created: false
        };
      case 'upsert': {
        const field = job.externalIdFieldName as string;
        const record = this.record(job, object, row);
        return store.upsert(object.name, field, this.value(job, row, field), record, ctx);
      }
      default:
        return { id: store.delete(object.name, this.value(job, row, 'Id'), ctx), created: false };
    }
  }

  /** The CSV of one ingest result kind. */
  ingestResults(job: IngestJob, kind: 'successfulResults' | 'failedResults' | 'unprocessedrecords'): string {
    const header = job.header ?? [];
    if (kind === 'successfulResults') {
      return writeCsv(
        [['sf__Id', 'sf__Created', ...header], ...job.successful],
        job.columnDelimiter,
        job.lineEnding
      );
    }
    if (kind === 'failedResults') {
      return writeCsv(
        [['sf__Id', 'sf__Error', ...header], ...job.failed],
        job.columnDelimiter,
        job.lineEnding
      );
    }
    const unprocessed =
      FINAL_STATES.includes(job.state) || job.state === 'InProgress' ? job.rows.slice(job.cursor) : [];
    return writeCsv([header, ...unprocessed], job.columnDelimiter, job.lineEnding);
  }

  deleteIngest(job: IngestJob): void {
    if (!FINAL_STATES.includes(job.state) && job.state !== 'UploadComplete') {
      throw invalidJobState(
        `Job ${job.id} is ${job.state}: only closed, completed, failed or aborted jobs can be deleted`
      );
    }
    this.ingest.delete(job.id);
  }

  // ------------------------------------------------------------------ query

  createQuery(body: Record<string, unknown>, userId: string, version: string): QueryJob {
    const operation = String(body.operation ?? 'query');
    if (operation !== 'query' && operation !== 'queryAll') {
      throw invalidJob(`operation must be query or queryAll, not ${operation}`);
    }
    if (typeof body.query !== 'string' || body.query.trim() === '') throw invalidJob('query is required');
    const soql = body.query;
    const parsed = this.org.engine.parse(soql);
    // Compiled as the creator, so what they may not read fails now with REST's query error.
    const compiled = this.org.engine.compile(
      parsed,
      soql,
      operation === 'queryAll',
      this.org.userTimeZone(userId),
      this.org.authorization.forUser(userId)
    );
    if (compiled.kind !== 'records') {
      throw new SalesforceError(
        'FUNCTIONALITY_NOT_ENABLED',
        'The local org does not support aggregate queries in Bulk API 2.0 query jobs'
      );
    }
    const columns: string[] = [];
    for (const item of parsed.fields ?? []) {
      const field = item as { type: string; field?: string; relationships?: string[]; rawValue?: string };
      if (field.type === 'FieldSubquery') {
        throw new SalesforceError(
          'FUNCTIONALITY_NOT_ENABLED',
          'The local org does not support subqueries in Bulk API 2.0 query jobs'
        );
      }
      if (field.type === 'Field' || field.type === 'FieldRelationship') {
        columns.push(field.rawValue ?? [...(field.relationships ?? []), field.field].join('.'));
      } else {
        throw new SalesforceError(
          'FUNCTIONALITY_NOT_ENABLED',
          `The local org does not support ${field.type} in Bulk API 2.0 query jobs`
        );
      }
    }
    const job: QueryJob = {
      ...this.base(operation, compiled.object.name, userId, version, body),
      state: 'UploadComplete',
      jobType: 'V2Query',
      query: soql,
      columns,
      results: []
    };
    this.query.set(job.id, job);
    setImmediate(() => this.runQuery(job));
    return job;
  }

  queryJob(id: string): QueryJob {
    const job = this.query.get(id);
    if (!job) throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', [], 404);
    return job;
  }

  private runQuery(job: QueryJob): void {
    if (job.state !== 'UploadComplete') return;
    job.state = 'InProgress';
    const started = Date.now();
    try {
      const options = {
        includeDeleted: job.operation === 'queryAll',
        timeZone: this.org.userTimeZone(job.createdById),
        batchSize: 2000,
        version: job.apiVersion.toFixed(1),
        // A query job reads what its creator may read (sharing's seam).
        access: this.creatorAccess(job)
      };
      let page = this.org.engine.query(job.query, options);
      for (;;) {
        for (const record of page.records) job.results.push(job.columns.map((c) => cell(record, c)));
        if (page.done || !page.nextRecordsUrl) break;
        page = this.org.engine.queryMore(page.nextRecordsUrl.split('/').pop() as string, options.version);
      }
      job.numberRecordsProcessed = job.results.length;
      job.state = 'JobComplete';
    } catch (error) {
      job.state = 'Failed';
      job.errorMessage = (error as Error).message;
    }
    job.totalProcessingTime = Date.now() - started;
    this.touch(job);
  }

  /** One page of a query job's results and the locator of the next (`null` at the end). */
  queryResults(
    job: QueryJob,
    locator: string | null,
    maxRecords: number
  ): { csv: string; next: string; count: number } {
    if (job.state !== 'JobComplete') {
      throw invalidJobState(`Job ${job.id} is ${job.state}: results are available once it is JobComplete`);
    }
    const start = locator ? decodeLocator(locator) : 0;
    const rows = job.results.slice(start, start + maxRecords);
    const end = start + rows.length;
    return {
      csv: writeCsv([job.columns, ...rows], job.columnDelimiter, job.lineEnding),
      next: end < job.results.length ? encodeLocator(end) : 'null',
      count: rows.length
    };
  }

  setQueryState(job: QueryJob, state: string): void {
    if (state !== 'Aborted') throw invalidJobState(`state must be Aborted, not ${state}`);
    if (FINAL_STATES.includes(job.state)) throw invalidJobState(`Job ${job.id} is already ${job.state}`);
    job.state = 'Aborted';
    this.touch(job);
  }

  deleteQuery(job: QueryJob): void {
    if (!FINAL_STATES.includes(job.state))
      throw invalidJobState(`Job ${job.id} is ${job.state}: abort it first`);
    this.query.delete(job.id);
  }
}

/** Locators are opaque to clients; here the base-36 row offset. */
function encodeLocator(offset: number): string {
  return offset.toString(36).toUpperCase();
}

function decodeLocator(locator: string): number {
  const offset = parseInt(locator, 36);
  if (!/^[0-9A-Za-z]+$/.test(locator) || Number.isNaN(offset)) {
    throw new SalesforceError('INVALID_LOCATOR', `Invalid locator: ${locator}`);
  }
  return offset;
}

/** A CSV cell: the value at a dotted path of a query record (empty for null). */
function cell(record: Record<string, unknown>, column: string): string {
  let value: unknown = record;
  for (const part of column.split('.')) {
    if (value === null || typeof value !== 'object') return '';
    const key = Object.keys(value).find((k) => k.toLowerCase() === part.toLowerCase());
    value = key ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value !== null && typeof value === 'object') {
    // Compound fields (addresses, locations) have no CSV form, as in an org.
    throw new Error(`FeatureNotEnabled : Cannot serialize value for '${column}' in CSV format`);
  }
  return value === null || value === undefined ? '' : String(value);
}

/** CSV text to the JSON value the store expects for the field's type. */
function typed(field: FieldDef, text: string): unknown {
  if (field.type === 'boolean') {
    const lower = text.toLowerCase();
    if (['true', '1', 'yes'].includes(lower)) return true;
    if (['false', '0', 'no'].includes(lower)) return false;
    throw new SalesforceError('INVALID_FIELD', `${field.label}: value not of required type: ${text}`, [
      field.name
    ]);
  }
  return text;
}
