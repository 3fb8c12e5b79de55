/**
 * The companion's only door to Salesforce: a thin, batching repository over a jsforce Connection.
 *
 * - Every read is one SOQL query (relationship fields and subqueries instead of follow-up reads),
 *   paged by `nextRecordsUrl`.
 * - Every write is batched: sObject Collections of up to 200 records, and up to five collections in
 *   one Composite request (Composite counts as a single API call).
 * - Invocable actions (emailSimple) take many inputs per call.
 * - Each HTTP request is counted, `Sforce-Limit-Info` is read after every response, and errors are
 *   classified: retryable ones are retried with capped exponential backoff and jitter, auth errors
 *   trigger one session refresh, limit errors stop the pass.
 */
import type { Connection } from 'jsforce';
import { backoffDelayMs, sleep, type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import {
  AbortedError,
  classifyError,
  classifyRecordError,
  CompanionError,
  FatalError,
  type ClassifiedError,
  type RecordError
} from './errors';
import type { Logger } from './logger';
import { NameMapper } from './names';

export const COLLECTION_SIZE = 200;
/** Failures after which the org may or may not have committed the request. */
const AMBIGUOUS_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UNKNOWN'
]);
/** Composite allows 25 subrequests, of which at most 5 may be collections or queries. */
const COLLECTIONS_PER_COMPOSITE = 5;
export const QUERIES_PER_COMPOSITE = 5;
const COMPOSITE_SUBREQUESTS = 25;
/** Guarded units per Composite: each is a query and a collection, against the cap of five. */
const GUARDED_UNITS_PER_COMPOSITE = Math.floor(QUERIES_PER_COMPOSITE / 2);

export type SfRecord = { Id?: string };

/** One record's outcome from a batched write, in input order. */
export type SaveOutcome = { ok: true; id: string } | { ok: false; error: ClassifiedError };

/** One input's outcome from an invocable action call, in input order. */
export type ActionOutcome =
  { ok: true; outputValues?: Record<string, unknown> | null } | { ok: false; error: ClassifiedError };

export type BudgetLevel = 'normal' | 'slow' | 'essential';

/** A compare-and-set condition: the record's field must still hold `equals` (null = blank). */
export interface WriteGuard {
  type: string;
  id: string;
  field: string;
  equals: string | null;
}

/** Why a write request is sent, for the `beforeWrite` hook (lease renewals are routine, not work). */
export type WritePurpose = 'work' | 'lease';

export interface ApiOptions {
  /** API version used in every URL, e.g. `66.0`. */
  version: string;
  /** Retries of one request after retryable errors. */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** Requests in flight at once when a batch needs several calls. */
  concurrency?: number;
  /** Inputs per emailSimple call. */
  actionBatchSize?: number;
  /** Wrap up to five collections in one Composite request (one API call instead of five). */
  useComposite?: boolean;
  /**
   * Queries started in the same turn of the event loop (a pass starts its stages' reads together)
   * go out as one Composite request of up to five query subrequests: one API call instead of five.
   */
  coalesceReads?: boolean;
  /** Re-mints the session after `INVALID_SESSION_ID` (JWT flow, sf alias). Absent = a 401 is fatal. */
  refreshSession?: (conn: Connection) => Promise<void>;
  /** Aborts backoff waits when the worker stops. */
  signal?: AbortSignal;
  /**
   * Called before every write request (POST, PATCH, DELETE) is sent: the failpoint of the
   * crash-at-every-write-boundary tests (`STRIDE_FAILPOINT_WRITE`). Throwing stops the request.
   */
  beforeWrite?: (request: { method: string; url: string }, purpose: WritePurpose) => void;
}

/** Raised when the org's daily API budget is exhausted; the worker pauses instead of hammering. */
export class ApiLimitError extends CompanionError {
  constructor(message: string) {
    super(message, 'REQUEST_LIMIT_EXCEEDED');
  }
}

/** A request-level failure that survived retries. */
export class ApiRequestError extends CompanionError {
  constructor(readonly classified: ClassifiedError) {
    super(`${classified.code}: ${classified.message}`, classified.code);
  }
}

/** Per-request options: whether an ambiguous failure may be retried, and why the request is sent. */
export interface RequestOptions {
  ambiguousRetry?: boolean;
  purpose?: WritePurpose;
}

interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface PendingRead {
  url: string;
  resolve: (page: unknown) => void;
  reject: (error: unknown) => void;
}

interface CompositeSubresponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

/** One sObject Collections request: records of one operation, all-or-none or not. */
interface Collection<T> {
  op: 'create' | 'update';
  items: T[];
  allOrNone: boolean;
}

interface CollectionResult {
  id?: string;
  success: boolean;
  errors?: RecordError[];
}

/** Runs `tasks` with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Splits a list into chunks of `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Quotes a value for SOQL. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `IN (...)` list for ids; the ids are validated so nothing else can slip into the statement. */
export function soqlIdList(ids: string[]): string {
  for (const id of ids) {
    if (!/^[a-zA-Z0-9]{15,18}$/.test(id)) throw new Error(`Not a Salesforce id: ${JSON.stringify(id)}`);
  }
  return `(${ids.map((id) => `'${id}'`).join(',')})`;
}

/**
 * `IN (...)` list of picklist values, built from one of the core's named sets (never retyped in a
 * statement: docs/architecture.md, "One source of truth").
 *
 * @example
 * soqlList(ADMITTED_PARTICIPANT_STATUSES) //=> "('Active','Paused')"
 */
export function soqlList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('soqlList: an empty value list cannot go in a SOQL IN (...)');
  return `(${values.map(soqlString).join(',')})`;
}

/**
 * SOQL datetime literal (UTC, whole seconds). `round: 'up'` for "at or before now" bounds, so an
 * instant with milliseconds is not missed; the default rounds down, for "since" bounds.
 *
 * @example
 * soqlDateTime(new Date('2026-12-01T15:00:00.047Z')) //=> '2026-12-01T15:00:00Z'
 * soqlDateTime(new Date('2026-12-01T15:00:00.047Z'), 'up') //=> '2026-12-01T15:00:01Z'
 */
export function soqlDateTime(instant: Date, round: 'down' | 'up' = 'down'): string {
  const ms = instant.getTime();
  const whole = round === 'up' ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000;
  return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class SalesforceApi {
  /** HTTP requests sent (each retry counts: that is what the org counts). */
  calls = 0;
  /**
   * Requests sent that may change the org (everything but plain reads and Composite requests of
   * reads): a read started earlier is still as fresh as a new one while this count has not moved.
   */
  writeRequests = 0;
  /** Last `Sforce-Limit-Info` reading. */
  apiUsage: { used: number; limit: number } | undefined;
  private readonly options: Required<Omit<ApiOptions, 'refreshSession' | 'signal' | 'beforeWrite'>> &
    Pick<ApiOptions, 'refreshSession' | 'signal' | 'beforeWrite'>;
  private refreshing: Promise<void> | undefined;
  private pendingReads: PendingRead[] = [];
  private readFlushScheduled = false;
  /** Listeners told about every HTTP request sent (metrics, budget). */
  private readonly callListeners: Array<(calls: number) => void> = [];

  constructor(
    readonly conn: Connection,
    readonly names: NameMapper,
    private readonly log: Logger,
    options: ApiOptions
  ) {
    this.options = {
      maxRetries: 6,
      backoff: DEFAULT_BACKOFF,
      concurrency: 4,
      actionBatchSize: 200,
      useComposite: true,
      coalesceReads: true,
      ...options
    };
  }

  /** Calls `listener` after every HTTP request this API sends (each retry counts). */
  onCall(listener: (calls: number) => void): void {
    this.callListeners.push(listener);
  }

  get version(): string {
    return this.options.version;
  }

  /** How close the org is to its daily API budget: slow down at 80 %, essential work only at 95 %. */
  budgetLevel(): BudgetLevel {
    if (!this.apiUsage || this.apiUsage.limit <= 0) return 'normal';
    const share = this.apiUsage.used / this.apiUsage.limit;
    if (share >= 0.95) return 'essential';
    if (share >= 0.8) return 'slow';
    return 'normal';
  }

  /**
   * Sends one request with retries, refresh and classification. Counts every attempt.
   * With `ambiguousRetry: false`, a failure that may have happened after the org committed
   * (connection reset, timeout) is not retried but thrown, so the caller can reconcile.
   */
  async request<T>(req: HttpRequest, options: RequestOptions = {}): Promise<T> {
    let attempt = 0;
    let refreshed = false;
    for (;;) {
      try {
        return await this.send<T>(req, options.purpose);
      } catch (error) {
        const classified = classifyError(error);
        if (classified.kind === 'auth' && !refreshed && this.options.refreshSession) {
          refreshed = true;
          await this.refresh();
          continue;
        }
        if (classified.kind === 'auth') {
          throw new FatalError(
            `Salesforce rejected the session (${classified.code}: ${classified.message}). Log in again (sf org login) or check the access token.`,
            classified.code
          );
        }
        if (classified.kind === 'limit') throw new ApiLimitError(`${classified.code}: ${classified.message}`);
        const ambiguous = AMBIGUOUS_CODES.has(classified.code);
        if (
          classified.kind === 'retryable' &&
          (options.ambiguousRetry !== false || !ambiguous) &&
          attempt < this.options.maxRetries &&
          !this.options.signal?.aborted
        ) {
          const delay = backoffDelayMs(attempt, this.options.backoff);
          this.log.debug(
            { code: classified.code, attempt: attempt + 1, delayMs: delay, url: req.url.split('?')[0] },
            'retrying request'
          );
          attempt++;
          await sleep(delay, this.options.signal);
          // A stopping worker does not send the request again: it gives up at once.
          if (this.options.signal?.aborted) throw new AbortedError();
          continue;
        }
        throw new ApiRequestError(classified);
      }
    }
  }

  private async send<T>(req: HttpRequest, purpose: WritePurpose = 'work'): Promise<T> {
    if (req.method !== 'GET') this.options.beforeWrite?.(req, purpose);
    this.calls++;
    if (req.method !== 'GET' && !isReadOnlyComposite(req)) this.writeRequests++;
    for (const listener of this.callListeners) listener(this.calls);
    const url = req.url.startsWith('/services/')
      ? req.url
      : `/services/data/v${this.options.version}${req.url}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    // jsforce's own retry (GET only, fixed schedule) is off: retries are ours, classified and jittered.
    const result = await this.conn.request<T>(
      { method: req.method, url, body, headers: { 'content-type': 'application/json', ...req.headers } },
      { retry: { maxRetries: 0 } } as never
    );
    const usage = (this.conn as unknown as { limitInfo?: { apiUsage?: { used: number; limit: number } } })
      .limitInfo?.apiUsage;
    if (usage) this.apiUsage = usage;
    return result;
  }

  private async refresh(): Promise<void> {
    // Single flight: concurrent requests that all saw the 401 share one re-mint.
    if (!this.refreshing) {
      this.refreshing = (async () => {
        this.log.info('session expired; refreshing');
        try {
          await this.options.refreshSession!(this.conn);
        } catch (error) {
          throw new FatalError(
            `Could not refresh the Salesforce session: ${classifyError(error).message}`,
            'REFRESH_FAILED'
          );
        }
      })().finally(() => {
        setTimeout(() => (this.refreshing = undefined), 0);
      });
    }
    await this.refreshing;
  }

  /**
   * Runs a SOQL query (namespace added to custom names) and returns every record, following
   * `nextRecordsUrl`. `limitRecords` stops paging early.
   */
  async query<T extends object = Record<string, unknown>>(
    soql: string,
    options: { all?: boolean; limitRecords?: number } = {}
  ): Promise<T[]> {
    const resource = options.all ? 'queryAll' : 'query';
    type Page = { records: T[]; done?: boolean; nextRecordsUrl?: string };
    let page = await this.readPage<Page>(`/${resource}?q=${encodeURIComponent(this.names.soql(soql))}`);
    const records: T[] = [...page.records];
    while (
      page.done === false &&
      page.nextRecordsUrl &&
      records.length < (options.limitRecords ?? Infinity)
    ) {
      page = await this.readPage<Page>(page.nextRecordsUrl);
      records.push(...page.records);
    }
    return this.names.fromOrg(records);
  }

  /**
   * Reads one query page. With `coalesceReads`, the reads started in the same turn of the event loop
   * are sent together: one Composite request per five queries (a lone read stays a plain GET).
   */
  private readPage<T>(url: string): Promise<T> {
    if (!this.options.coalesceReads) return this.request<T>({ method: 'GET', url });
    return new Promise<T>((resolve, reject) => {
      this.pendingReads.push({ url, resolve: resolve as (page: unknown) => void, reject });
      if (this.readFlushScheduled) return;
      this.readFlushScheduled = true;
      setImmediate(() => this.flushReads());
    });
  }

  private flushReads(): void {
    this.readFlushScheduled = false;
    const pending = this.pendingReads.splice(0);
    // Composite: at most 25 subrequests, of which at most five queries.
    const groups: PendingRead[][] = [];
    let group: PendingRead[] = [];
    let queries = 0;
    for (const read of pending) {
      const isQuery = /\/query(All)?[/?]/.test(read.url);
      if (group.length === COMPOSITE_SUBREQUESTS || (isQuery && queries === QUERIES_PER_COMPOSITE)) {
        groups.push(group);
        group = [];
        queries = 0;
      }
      group.push(read);
      if (isQuery) queries++;
    }
    if (group.length > 0) groups.push(group);
    for (const g of groups) void this.sendReads(g);
  }

  private async sendReads(group: PendingRead[]): Promise<void> {
    if (group.length === 1) {
      await this.request({ method: 'GET', url: group[0].url }).then(group[0].resolve, group[0].reject);
      return;
    }
    let response: { compositeResponse: CompositeSubresponse[] };
    try {
      response = await this.request({
        method: 'POST',
        url: '/composite',
        body: {
          allOrNone: false,
          compositeRequest: group.map((read, i) => ({
            method: 'GET',
            url: read.url.startsWith('/services/')
              ? read.url
              : `/services/data/v${this.options.version}${read.url}`,
            referenceId: `q${i}`
          }))
        }
      });
    } catch (error) {
      for (const read of group) read.reject(error);
      return;
    }
    group.forEach((read, i) => {
      const sub =
        response.compositeResponse.find((r) => r.referenceId === `q${i}`) ?? response.compositeResponse[i];
      if (sub && sub.httpStatusCode < 300) read.resolve(sub.body);
      else read.reject(new ApiRequestError(subrequestError(sub)));
    });
  }

  /** `SELECT COUNT() ...` → the count. */
  async count(soql: string): Promise<number> {
    const result = await this.readPage<{ totalSize: number }>(
      `/query?q=${encodeURIComponent(this.names.soql(soql))}`
    );
    return result.totalSize;
  }

  /** A GET of any REST resource (a describe…), sent together with the reads of the same turn. */
  get<T>(url: string): Promise<T> {
    return this.readPage<T>(url);
  }

  /** Creates records in batches; `type` is the local (un-namespaced) sObject name. Results in input order. */
  createMany(
    type: string,
    records: object[],
    options: { ambiguousRetry?: boolean } = {}
  ): Promise<SaveOutcome[]> {
    return this.saveMany(
      records.map((record) => ({ op: 'create' as const, type, record: record as SfRecord })),
      options
    );
  }

  /**
   * Upserts records of one type by an external id field: collections of 200
   * (`PATCH /composite/sobjects/{type}/{field}`), five per Composite request. Idempotent by
   * construction, so a request retried after a lost response never duplicates a record.
   * Results in input order.
   *
   * @example
   * await api.upsertMany('Conversation__c', 'Provider_Message_Id__c', [{ Provider_Message_Id__c: 'stride:a0B…:1', Status__c: 'Sent' }])
   * //=> [{ ok: true, id: 'a0C…' }]
   */
  async upsertMany(type: string, externalIdField: string, records: object[]): Promise<SaveOutcome[]> {
    if (records.length === 0) return [];
    const outcomes: SaveOutcome[] = records.map(() => ({
      ok: false as const,
      error: { kind: 'retryable' as const, code: 'NOT_SENT', message: 'not sent' }
    }));
    const collections = chunk(
      records.map((record, index) => ({ record: record as Record<string, unknown>, index })),
      COLLECTION_SIZE
    );
    const path = `composite/sobjects/${this.names.name(type)}/${this.names.name(externalIdField)}`;
    const body = (items: Array<{ record: Record<string, unknown> }>): unknown => ({
      allOrNone: false,
      records: items.map(({ record }) => ({
        attributes: { type: this.names.name(type) },
        ...this.names.toOrg(record)
      }))
    });
    const groups = this.options.useComposite
      ? chunk(collections, COLLECTIONS_PER_COMPOSITE)
      : collections.map((c) => [c]);
    await mapLimit(groups, this.options.concurrency, async (group) => {
      let results: SaveOutcome[][];
      if (group.length === 1) {
        const response = await this.request<CollectionResult[]>({
          method: 'PATCH',
          url: `/${path}`,
          body: body(group[0])
        });
        results = [response.map(toOutcome)];
      } else {
        const response = await this.request<{
          compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }>;
        }>({
          method: 'POST',
          url: '/composite',
          body: {
            allOrNone: false,
            compositeRequest: group.map((items, i) => ({
              method: 'PATCH',
              url: `/services/data/v${this.options.version}/${path}`,
              referenceId: `u${i}`,
              body: body(items)
            }))
          }
        });
        results = group.map((items, i) => {
          const sub =
            response.compositeResponse.find((r) => r.referenceId === `u${i}`) ??
            response.compositeResponse[i];
          if (sub && sub.httpStatusCode < 300 && Array.isArray(sub.body))
            return (sub.body as CollectionResult[]).map(toOutcome);
          const errors = Array.isArray(sub?.body)
            ? (sub.body as RecordError[])
            : [{ errorCode: 'UNKNOWN', message: JSON.stringify(sub?.body) }];
          const error = classifyRecordError(
            errors[0] ?? { errorCode: 'UNKNOWN', message: 'empty composite subresponse' }
          );
          return items.map(() => ({ ok: false as const, error }));
        });
      }
      group.forEach((items, g) => items.forEach((item, i) => (outcomes[item.index] = results[g][i])));
    });
    return outcomes;
  }

  /** Updates records (each with `Id`) in batches. Results in input order. */
  updateMany(type: string, records: object[], options: RequestOptions = {}): Promise<SaveOutcome[]> {
    return this.saveMany(
      records.map((record) => ({ op: 'update' as const, type, record: record as SfRecord })),
      options
    );
  }

  /**
   * Creates and updates records of any types in as few calls as possible: collections of 200 records
   * of one operation, five collections per Composite request, a few requests in flight.
   * `allOrNone` is false: a record that fails does not hold back the others.
   */
  async saveMany(
    ops: Array<{ op: 'create' | 'update'; type: string; record: SfRecord }>,
    options: RequestOptions = {}
  ): Promise<SaveOutcome[]> {
    if (ops.length === 0) return [];
    const indexed = ops.map((op, index) => ({ ...op, index }));
    const collections: Collection<(typeof indexed)[number]>[] = [];
    for (const op of ['create', 'update'] as const) {
      const items = indexed.filter((o) => o.op === op);
      for (const part of chunk(items, COLLECTION_SIZE))
        collections.push({ op, items: part, allOrNone: false });
    }
    return this.sendIndexed(ops.length, collections, options);
  }

  /**
   * Updates records in atomic units: each unit (the records of one participant that must change
   * together) lands whole or not at all. Units are packed into collections of at most 200 records
   * sent with `allOrNone: true`, five per Composite request (each collection is its own
   * transaction), so a crash or a failure never leaves half a unit written. A collection that fails
   * rolls back every unit in it: the caller re-sends the units whose errors were only the roll-back.
   * Results per unit, per record, in input order.
   */
  async updateUnits(units: Array<Array<{ type: string; record: SfRecord }>>): Promise<SaveOutcome[][]> {
    const flat = units.flatMap((unit, u) => unit.map((w) => ({ op: 'update' as const, ...w, unit: u })));
    const indexed = flat.map((w, index) => ({ ...w, index }));
    const collections: Collection<(typeof indexed)[number]>[] = [];
    let current: (typeof indexed)[number][] = [];
    const close = (): void => {
      if (current.length) collections.push({ op: 'update', items: current, allOrNone: true });
      current = [];
    };
    const byUnit = units.map(() => [] as (typeof indexed)[number][]);
    for (const w of indexed) byUnit[w.unit].push(w);
    for (const members of byUnit) {
      if (current.length + members.length > COLLECTION_SIZE) close();
      // A unit larger than a collection cannot be atomic: it is split (never happens for one participant).
      for (const part of chunk(members, COLLECTION_SIZE)) {
        if (current.length + part.length > COLLECTION_SIZE) close();
        current.push(...part);
      }
    }
    close();
    const outcomes = await this.sendIndexed(indexed.length, collections, {});
    return byUnit.map((members) => members.map((w) => outcomes[w.index]));
  }

  /**
   * Updates records in atomic units that land only while a guard still holds. Each unit is two
   * subrequests of a Composite request: a query for the guarded record with the expected value, and
   * an all-or-none sObject Collection that names the guarded record through the query's result
   * (`@{checkN.records[0].Id}`). A guard that no longer holds (a rep changed the request since it was
   * read) finds no row, so the reference fails and nothing of the unit is written: `REQUEST_CHANGED`.
   * Composite Graph cannot do this (its nodes are single-record sObject requests only), and a
   * Composite takes five queries or collections: two units per call. Results per unit, in input order.
   */
  async updateGuardedUnits(
    units: Array<{ guard: WriteGuard; writes: Array<{ type: string; record: SfRecord }> }>
  ): Promise<SaveOutcome[][]> {
    const results: SaveOutcome[][] = units.map((u) => u.writes.map(() => notSent()));
    const base = `/services/data/v${this.options.version}`;
    await mapLimit(
      chunk(
        units.map((unit, index) => ({ unit, index })),
        GUARDED_UNITS_PER_COMPOSITE
      ),
      this.options.concurrency,
      async (group) => {
        const response = await this.request<{ compositeResponse: CompositeSubresponse[] }>({
          method: 'POST',
          url: '/composite',
          body: {
            allOrNone: false,
            compositeRequest: group.flatMap(({ unit, index }) => {
              const { guard } = unit;
              if (!unit.writes.some((w) => w.record.Id === guard.id))
                throw new Error(`a guarded unit must write its guarded record ${guard.id}`);
              const check =
                `SELECT Id FROM ${guard.type} WHERE Id = ${soqlString(guard.id)} AND ${guard.field} = ` +
                (guard.equals === null ? 'null' : soqlString(guard.equals));
              return [
                {
                  method: 'GET',
                  url: `${base}/query?q=${encodeURIComponent(this.names.soql(check))}`,
                  referenceId: `check${index}`
                },
                {
                  method: 'PATCH',
                  url: `${base}/composite/sobjects`,
                  referenceId: `write${index}`,
                  body: this.collectionBody({
                    op: 'update',
                    allOrNone: true,
                    items: unit.writes.map((w) =>
                      w.record.Id === guard.id
                        ? { ...w, record: { ...w.record, Id: `@{check${index}.records[0].Id}` } }
                        : w
                    )
                  })
                }
              ];
            })
          }
        });
        const byReference = new Map(response.compositeResponse.map((sub) => [sub.referenceId, sub]));
        for (const { unit, index } of group) {
          const check = byReference.get(`check${index}`);
          const write = byReference.get(`write${index}`);
          if (write && write.httpStatusCode < 300 && Array.isArray(write.body)) {
            results[index] = (write.body as CollectionResult[]).map(toOutcome);
            continue;
          }
          const changed =
            !!check &&
            check.httpStatusCode < 300 &&
            (check.body as { totalSize?: number } | null)?.totalSize === 0;
          const error: ClassifiedError = changed
            ? {
                kind: 'permanent',
                code: 'REQUEST_CHANGED',
                message: `${unit.guard.field} changed since it was read; the next pass applies the new value`
              }
            : subrequestError(check && check.httpStatusCode >= 300 ? check : write);
          results[index] = unit.writes.map(() => ({ ok: false as const, error }));
        }
      }
    );
    return results;
  }

  private async sendIndexed<T extends { index: number; type: string; record: SfRecord }>(
    count: number,
    collections: Collection<T>[],
    options: RequestOptions
  ): Promise<SaveOutcome[]> {
    const outcomes: SaveOutcome[] = Array.from({ length: count }, () => ({
      ok: false as const,
      error: { kind: 'retryable' as const, code: 'NOT_SENT', message: 'not sent' }
    }));
    const groups = this.options.useComposite
      ? chunk(collections, COLLECTIONS_PER_COMPOSITE)
      : collections.map((c) => [c]);
    await mapLimit(groups, this.options.concurrency, async (group) => {
      const results = await this.sendCollections(group, options);
      group.forEach((collection, g) => {
        collection.items.forEach((item, i) => {
          outcomes[item.index] = results[g][i];
        });
      });
    });
    return outcomes;
  }

  private collectionBody(collection: Collection<{ type: string; record: SfRecord }>): unknown {
    return {
      allOrNone: collection.allOrNone,
      records: collection.items.map(({ type, record }) => {
        const { Id, ...fields } = record;
        const body: Record<string, unknown> = {
          attributes: { type: this.names.name(type) },
          ...this.names.toOrg(fields)
        };
        if (collection.op === 'update') body.id = Id;
        return body;
      })
    };
  }

  private async sendCollections(
    group: Array<Collection<{ type: string; record: SfRecord }>>,
    options: RequestOptions
  ): Promise<SaveOutcome[][]> {
    if (group.length === 1) {
      const c = group[0];
      const results = await this.request<CollectionResult[]>(
        {
          method: c.op === 'create' ? 'POST' : 'PATCH',
          url: '/composite/sobjects',
          body: this.collectionBody(c)
        },
        options
      );
      return [results.map(toOutcome)];
    }
    const response = await this.request<{
      compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }>;
    }>(
      {
        method: 'POST',
        url: '/composite',
        body: {
          allOrNone: false,
          compositeRequest: group.map((c, i) => ({
            method: c.op === 'create' ? 'POST' : 'PATCH',
            url: `/services/data/v${this.options.version}/composite/sobjects`,
            referenceId: `c${i}`,
            body: this.collectionBody(c)
          }))
        }
      },
      options
    );
    return group.map((c, i) => {
      const sub =
        response.compositeResponse.find((r) => r.referenceId === `c${i}`) ?? response.compositeResponse[i];
      if (sub && sub.httpStatusCode < 300 && Array.isArray(sub.body))
        return (sub.body as CollectionResult[]).map(toOutcome);
      // The whole subrequest failed: every record in it carries that error.
      const errors = Array.isArray(sub?.body)
        ? (sub.body as RecordError[])
        : [{ errorCode: 'UNKNOWN', message: JSON.stringify(sub?.body) }];
      const error = classifyRecordError(
        errors[0] ?? { errorCode: 'UNKNOWN', message: 'empty composite subresponse' }
      );
      return c.items.map(() => ({ ok: false as const, error }));
    });
  }

  /**
   * Calls a standard invocable action (e.g. `emailSimple`) with many inputs per request.
   * Returns one outcome per input, in input order: `undefined` when its request failed (the caller
   * does not know whether it ran and must reconcile), `'not-sent'` when `stopped()` held it back.
   */
  async invokeStandardAction(
    action: string,
    inputs: Array<Record<string, unknown>>,
    options: {
      onBatch?: (from: number, outcomes: ActionOutcome[] | Error) => void;
      stopped?: () => boolean;
    } = {}
  ): Promise<Array<ActionOutcome | 'not-sent' | undefined>> {
    const { onBatch, stopped } = options;
    const outcomes: Array<ActionOutcome | 'not-sent' | undefined> = Array.from(
      { length: inputs.length },
      () => undefined
    );
    const batches = chunk(
      inputs.map((input, index) => ({ input, index })),
      this.options.actionBatchSize
    );
    await mapLimit(batches, this.options.concurrency, async (batch) => {
      // A stopping worker finishes the batches in flight and starts no new one.
      if (stopped?.()) {
        batch.forEach((b) => (outcomes[b.index] = 'not-sent'));
        return;
      }
      try {
        const results = await this.sendActionOnce(
          action,
          batch.map((b) => b.input)
        );
        const batchOutcomes: ActionOutcome[] = batch.map((_, i) => {
          const r = results[i];
          if (r && r.isSuccess) return { ok: true, outputValues: r.outputValues ?? null };
          const e = (r?.errors ?? [])[0] ?? {
            statusCode: 'UNKNOWN',
            message: 'the action returned no result for this input'
          };
          return { ok: false, error: classifyRecordError(e) };
        });
        batch.forEach((b, i) => (outcomes[b.index] = batchOutcomes[i]));
        onBatch?.(batch[0].index, batchOutcomes);
      } catch (error) {
        // Unknown whether anything was sent: leave these inputs undefined (in doubt).
        onBatch?.(batch[0].index, error as Error);
      }
    });
    return outcomes;
  }

  /** One action request, never retried: a send is not idempotent, so a failure is reconciled instead. */
  private async sendActionOnce(
    action: string,
    inputs: Array<Record<string, unknown>>
  ): Promise<
    Array<{
      isSuccess: boolean;
      errors?: RecordError[] | null;
      outputValues?: Record<string, unknown> | null;
    }>
  > {
    try {
      const body = await this.send<unknown>({
        method: 'POST',
        url: `/actions/standard/${action}`,
        body: { inputs }
      });
      return body as Array<{
        isSuccess: boolean;
        errors?: RecordError[] | null;
        outputValues?: Record<string, unknown> | null;
      }>;
    } catch (error) {
      // An action call that fails per input comes back as a 400 whose body is the per-input array.
      let data = (error as { data?: unknown }).data;
      // jsforce keeps a one-element error array only as text in `data.message`.
      if (data && !Array.isArray(data) && typeof (data as { message?: unknown }).message === 'string') {
        try {
          data = JSON.parse((data as { message: string }).message);
        } catch {
          // not JSON: a plain error
        }
      }
      if (
        Array.isArray(data) &&
        data.length === inputs.length &&
        data.every((d) => d && typeof d === 'object' && 'isSuccess' in d)
      ) {
        return data as Array<{ isSuccess: boolean; errors?: RecordError[] | null }>;
      }
      const classified = classifyError(error);
      if (classified.kind === 'auth' && this.options.refreshSession) {
        // The request never reached the action: refreshing and sending again cannot duplicate.
        await this.refresh();
        return this.sendActionOnce(action, inputs);
      }
      if (classified.kind === 'auth')
        throw new FatalError(`Salesforce rejected the session (${classified.code}).`, classified.code);
      throw new ApiRequestError(classified);
    }
  }

  /** The org's limits (`GET /limits`): `{ SingleEmail: { Max, Remaining }, … }`. */
  limits(): Promise<Record<string, { Max: number; Remaining: number }>> {
    // A read like the others: sent together with the queries of the same turn (one Composite).
    return this.readPage('/limits');
  }

  /** `describeGlobal` object names (for namespace detection). */
  async describeGlobalNames(): Promise<string[]> {
    const result = await this.request<{ sobjects: Array<{ name: string }> }>({
      method: 'GET',
      url: '/sobjects'
    });
    return result.sobjects.map((s) => s.name);
  }
}

/** The error a failed composite subrequest carries (its body is the REST error list). */
/** A Composite request whose subrequests are all GETs (`sendReads`): it changes nothing. */
function isReadOnlyComposite(req: HttpRequest): boolean {
  const body = req.body as { compositeRequest?: Array<{ method?: string }> } | undefined;
  return (
    req.url === '/composite' &&
    Array.isArray(body?.compositeRequest) &&
    body.compositeRequest.every((sub) => sub.method === 'GET')
  );
}

function subrequestError(sub: CompositeSubresponse | undefined): ClassifiedError {
  const errors = Array.isArray(sub?.body) ? (sub.body as RecordError[]) : [];
  return classifyRecordError(
    errors[0] ?? {
      errorCode: 'UNKNOWN',
      message: `composite subrequest failed: ${JSON.stringify(sub?.body)}`
    }
  );
}

function notSent(): SaveOutcome {
  return { ok: false, error: { kind: 'retryable', code: 'NOT_SENT', message: 'not sent' } };
}

function toOutcome(result: CollectionResult): SaveOutcome {
  if (result.success && result.id) return { ok: true, id: result.id };
  const error = (result.errors ?? [])[0] ?? { statusCode: 'UNKNOWN', message: 'no error detail returned' };
  return { ok: false, error: classifyRecordError(error) };
}
