/**
 * Bulk API 2.0 resources (`/jobs/ingest…`, `/jobs/query…`), as the Bulk API 2.0 Developer Guide
 * describes them and jsforce's `bulk2`, `sf data import bulk` and `sf data export bulk` use them.
 */
import { SalesforceError } from '../errors';
import { asObject, ok } from '../http/api-common';
import type { ResourceContext } from '../http/resources';
import type { RouteTable } from '../http/routes';
import type { ApiRequest, ApiResponse } from '../http/types';
import { BulkJobs, DEFAULT_MAX_RECORDS, IngestJob, JobBase, QueryJob } from './jobs';

const CSV_TYPE = 'text/csv;charset=UTF-8';

function contentUrl(job: IngestJob, version: string): string {
  return `services/data/v${version}/jobs/ingest/${job.id}/batches`;
}

/** Job info as create/close answer it (no counters). */
function shortInfo(job: JobBase & { externalIdFieldName?: string }, extra: Record<string, unknown> = {}) {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: job.concurrencyMode,
    contentType: job.contentType,
    apiVersion: job.apiVersion,
    ...extra,
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter
  };
}

function ingestInfo(job: IngestJob, version: string): Record<string, unknown> {
  return {
    ...shortInfo(job, { jobType: job.jobType }),
    numberRecordsProcessed: job.numberRecordsProcessed,
    numberRecordsFailed: job.numberRecordsFailed,
    retries: job.retries,
    totalProcessingTime: job.totalProcessingTime,
    apiActiveProcessingTime: job.totalProcessingTime,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    ...(job.state === 'Open' ? { contentUrl: contentUrl(job, version) } : {})
  };
}

function queryInfo(job: QueryJob): Record<string, unknown> {
  return {
    ...shortInfo(job, { jobType: job.jobType }),
    numberRecordsProcessed: job.numberRecordsProcessed,
    retries: job.retries,
    totalProcessingTime: job.totalProcessingTime,
    isPkChunkingSupported: false,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
  };
}

function requestedState(req: ApiRequest): string {
  const state = asObject(req.body, 'The request body').state;
  if (typeof state !== 'string') throw new SalesforceError('INVALIDJOBSTATE', 'state is required');
  return state;
}

function csvBody(req: ApiRequest): string {
  if (typeof req.body !== 'string') {
    throw new SalesforceError('INVALIDBATCH', 'InvalidBatch : the upload must have Content-Type text/csv');
  }
  return req.body;
}

function maxRecords(req: ApiRequest): number {
  const text = req.query.get('maxRecords');
  if (text === null) return DEFAULT_MAX_RECORDS;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new SalesforceError(
      'INVALID_PARAMETER_VALUE',
      `maxRecords must be a positive integer, not ${text}`
    );
  }
  return Number(text);
}

export function registerBulk(routes: RouteTable, { org }: ResourceContext): void {
  const jobs = new BulkJobs(org);
  const list = <T>(all: Iterable<T>, show: (job: T) => unknown): ApiResponse =>
    ok({ done: true, records: [...all].map(show), nextRecordsUrl: null });

  routes
    .add('POST', '/jobs/ingest', (req) => {
      const job = jobs.createIngest(asObject(req.body, 'The request body'), req.userId, req.version);
      return ok({ ...shortInfo(job), contentUrl: contentUrl(job, req.version) });
    })
    .add('GET', '/jobs/ingest', (req) => list(jobs.ingest.values(), (job) => ingestInfo(job, req.version)))
    .add('GET', '/jobs/ingest/:id', (req, p) => ok(ingestInfo(jobs.ingestJob(p.id), req.version)))
    .add('PUT', '/jobs/ingest/:id/batches', (req, p) => {
      jobs.upload(jobs.ingestJob(p.id), csvBody(req));
      return { status: 201 };
    })
    .add('PATCH', '/jobs/ingest/:id', (req, p) => {
      const job = jobs.ingestJob(p.id);
      jobs.setIngestState(job, requestedState(req));
      return ok(shortInfo(job));
    })
    .add('DELETE', '/jobs/ingest/:id', (req, p) => {
      jobs.deleteIngest(jobs.ingestJob(p.id));
      return { status: 204 };
    });
  for (const kind of ['successfulResults', 'failedResults', 'unprocessedrecords'] as const) {
    routes.add('GET', `/jobs/ingest/:id/${kind}`, (req, p) => ({
      status: 200,
      body: jobs.ingestResults(jobs.ingestJob(p.id), kind),
      headers: { 'Content-Type': CSV_TYPE }
    }));
  }

  routes
    .add('POST', '/jobs/query', (req) =>
      ok(shortInfo(jobs.createQuery(asObject(req.body, 'The request body'), req.userId, req.version)))
    )
    .add('GET', '/jobs/query', () => list(jobs.query.values(), queryInfo))
    .add('GET', '/jobs/query/:id', (req, p) => ok(queryInfo(jobs.queryJob(p.id))))
    .add('GET', '/jobs/query/:id/results', (req, p) => {
      const page = jobs.queryResults(jobs.queryJob(p.id), req.query.get('locator'), maxRecords(req));
      return {
        status: 200,
        body: page.csv,
        headers: {
          'Content-Type': CSV_TYPE,
          'Sforce-Locator': page.next,
          'Sforce-NumberOfRecords': String(page.count)
        }
      };
    })
    .add('PATCH', '/jobs/query/:id', (req, p) => {
      const job = jobs.queryJob(p.id);
      jobs.setQueryState(job, requestedState(req));
      return ok(shortInfo(job));
    })
    .add('DELETE', '/jobs/query/:id', (req, p) => {
      jobs.deleteQuery(jobs.queryJob(p.id));
      return { status: 204 };
    });
}
