/**
 * Runs SOQL: parses (with a parse cache), compiles to SQL, pages results with query locators and
 * shapes each row as the REST API does (attributes, nested parents, child QueryResults, aggregates).
 */
import { parseQuery, Query } from '@jetstreamapp/soql-parser-js';
import { Clock } from '../clock';
import { SalesforceError } from '../errors';
import { randomBase62 } from '../ids';
import { Schema } from '../schema/registry';
import type { UserAccess } from '../security/access';
import { cachedStatement, Db, Statement } from '../store/database';
import { fromSql } from '../store/values';
import { CompiledQuery, compileQuery, RecordShape } from './compiler';

export interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

interface Cursor {
  compiled: CompiledQuery;
  totalSize: number;
  batchSize: number;
  /** Row index (within the query's own OFFSET/LIMIT window) where the final batch ends. */
  endRow: number;
  lastUsed: number;
}

export const DEFAULT_BATCH_SIZE = 2000;

/** A QueryResult with its keys in the order the API sends them. */
function queryResult(
  totalSize: number,
  records: Record<string, unknown>[],
  nextRecordsUrl?: string
): QueryResult {
  return nextRecordsUrl
    ? { totalSize, done: false, nextRecordsUrl, records }
    : { totalSize, done: true, records };
}
const MAX_CURSORS = 500;
const CURSOR_TTL_MS = 15 * 60_000;

export class QueryEngine {
  private readonly parseCache = new Map<string, Query>();
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly db: Db,
    private readonly schema: Schema,
    private readonly clock: Clock
  ) {}

  private prepare(sql: string): Statement {
    return cachedStatement(this.db, sql);
  }

  /** Parses SOQL, turning parser errors into MALFORMED_QUERY. */
  parse(soql: string): Query {
    const cached = this.parseCache.get(soql);
    if (cached) return cached;
    if (typeof soql !== 'string' || soql.trim() === '') {
      throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified');
    }
    let query: Query;
    try {
      query = parseQuery(soql);
    } catch (error) {
      throw new SalesforceError('MALFORMED_QUERY', `\n${soql}\n${(error as Error).message.split('\n')[0]}`);
    }
    if (this.parseCache.size > 1000) this.parseCache.clear();
    this.parseCache.set(soql, query);
    return query;
  }

  /**
   * Compiles an already-parsed query. With `access`, the user's object permissions, field-level
   * security and record access apply (security/access.ts); without, it reads everything.
   */
  compile(
    query: Query,
    soql: string,
    includeDeleted: boolean,
    timeZone = 'UTC',
    access?: UserAccess
  ): CompiledQuery {
    return compileQuery(query, {
      schema: this.schema,
      clock: this.clock,
      soql,
      includeDeleted,
      timeZone,
      access
    });
  }

  /** Runs a query and returns its first batch (up to `batchSize`, 200–2000). */
  query(
    soql: string,
    options: {
      includeDeleted?: boolean;
      batchSize?: number;
      version: string;
      timeZone?: string;
      /** Runs as this user's access; omitted = trusted (test setup). */
      access?: UserAccess;
    }
  ): QueryResult {
    const compiled = this.compile(
      this.parse(soql),
      soql,
      options.includeDeleted ?? false,
      options.timeZone,
      options.access
    );
    return this.execute(compiled, options.batchSize ?? DEFAULT_BATCH_SIZE, options.version);
  }

  /** Runs a compiled query (used by retrieve, which builds its query without SOQL text). */
  execute(compiled: CompiledQuery, batchSize: number, version: string): QueryResult {
    const size = Math.min(Math.max(batchSize, 200), 2000);
    if (compiled.kind === 'count') {
      const n = (this.prepare(compiled.countSql).get(...compiled.params) as { n: number }).n;
      const total = Math.min(Math.max(n - compiled.offset, 0), compiled.limit ?? Infinity);
      return { totalSize: total, done: true, records: [] };
    }
    if (compiled.kind === 'aggregate') {
      const rows = this.page(compiled, 0, Math.min(compiled.limit ?? 2000, 2000));
      const records = rows.map((row) => {
        const record: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
        for (const column of compiled.aggregateColumns) {
          const value = row[column.column];
          record[column.key] = column.isCount
            ? Number(value ?? 0)
            : column.field
              ? fromSql(column.field, value)
              : value;
        }
        return record;
      });
      return { totalSize: records.length, done: true, records };
    }
    const window = compiled.limit ?? Infinity;
    const firstCount = Math.min(size, window);
    const rows = this.page(compiled, 0, firstCount);
    let total = rows.length;
    if (rows.length === firstCount && firstCount < window) {
      const n = (this.prepare(compiled.countSql).get(...compiled.params) as { n: number }).n;
      total = Math.min(Math.max(n - compiled.offset, 0), window);
    }
    const records = this.shapeRows(compiled, rows, version);
    if (rows.length >= total) return queryResult(total, records);
    const locator = this.openCursor({
      compiled,
      totalSize: total,
      batchSize: size,
      endRow: total,
      lastUsed: Date.now()
    });
    return queryResult(total, records, `/services/data/v${version}/query/${locator}-${rows.length}`);
  }

  /** Returns the batch a locator (`<cursorId>-<rowOffset>`) points at. */
  queryMore(locator: string, version: string): QueryResult {
    const match = /^([A-Za-z0-9]+)-(\d+)$/.exec(locator);
    const cursor = match ? this.cursors.get(match[1]) : undefined;
    if (!match || !cursor || Date.now() - cursor.lastUsed > CURSOR_TTL_MS) {
      throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    cursor.lastUsed = Date.now();
    const start = Number(match[2]);
    const count = Math.min(cursor.batchSize, cursor.endRow - start);
    const rows = count > 0 ? this.page(cursor.compiled, start, count) : [];
    const records = this.shapeRows(cursor.compiled, rows, version);
    const next = start + rows.length;
    // Rows deleted since the first batch end the result early rather than looping on a short page.
    if (next >= cursor.endRow || rows.length < count) return queryResult(cursor.totalSize, records);
    return queryResult(cursor.totalSize, records, `/services/data/v${version}/query/${match[1]}-${next}`);
  }

  private openCursor(cursor: Cursor): string {
    if (this.cursors.size >= MAX_CURSORS) {
      const oldest = [...this.cursors.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (oldest) this.cursors.delete(oldest[0]);
    }
    const id = `01g8b${randomBase62(13)}`;
    this.cursors.set(id, cursor);
    return id;
  }

  private page(compiled: CompiledQuery, start: number, count: number): Record<string, unknown>[] {
    const sql = `${compiled.sql} LIMIT ? OFFSET ?`;
    return this.prepare(sql).all(...compiled.params, count, compiled.offset + start) as Record<
      string,
      unknown
    >[];
  }

  private shapeRows(
    compiled: CompiledQuery,
    rows: Record<string, unknown>[],
    version: string
  ): Record<string, unknown>[] {
    const records = rows.map((row) => this.shapeRecord(compiled.shape, row, version));
    compiled.children.forEach((child, index) => {
      const parentIds = rows.map((row) => row[compiled.shape.idColumn]);
      const byParent = this.runChildren(child.query, child.parentColumn, parentIds, version);
      records.forEach((record, i) => {
        const entry = compiled.shape.entries.find((e) => e.kind === 'children' && e.index === index);
        if (!entry) return;
        const list = byParent.get(String(parentIds[i]));
        record[entry.key] =
          list && list.length ? { totalSize: list.length, done: true, records: list } : null;
      });
    });
    return records;
  }

  private runChildren(
    query: CompiledQuery,
    parentColumn: string,
    parentIds: unknown[],
    version: string
  ): Map<string, Record<string, unknown>[]> {
    const groups = new Map<string, Record<string, unknown>[]>();
    if (parentIds.length === 0) return groups;
    const params = query.params.map((p) => (p === '__PARENT_IDS__' ? JSON.stringify(parentIds) : p));
    const rows = this.prepare(query.sql).all(...params) as Record<string, unknown>[];
    const shaped = this.shapeRows(query, rows, version);
    const skip = query.offset;
    const limit = query.limit ?? Infinity;
    rows.forEach((row, i) => {
      const key = String(row[parentColumn]);
      const list = groups.get(key) ?? [];
      groups.set(key, list);
      (list as Record<string, unknown>[] & { seen?: number }).push(shaped[i]);
    });
    if (skip > 0 || limit !== Infinity) {
      for (const [key, list] of groups) groups.set(key, list.slice(skip, skip + limit));
    }
    return groups;
  }

  private shapeRecord(
    shape: RecordShape,
    row: Record<string, unknown>,
    version: string
  ): Record<string, unknown> {
    const id = row[shape.idColumn] as string | null;
    const type =
      shape.objectName ?? (id ? (this.schema.findByPrefix(id.slice(0, 3))?.name ?? 'Name') : 'Name');
    const record: Record<string, unknown> = {
      attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${id}` }
    };
    for (const entry of shape.entries) {
      if (entry.kind === 'field') {
        record[entry.key] = fromSql(entry.field, row[entry.column]);
      } else if (entry.kind === 'parent') {
        const parentId = row[entry.shape.idColumn];
        record[entry.key] =
          parentId === null || parentId === undefined ? null : this.shapeRecord(entry.shape, row, version);
      } else if (entry.kind === 'typeof') {
        const parentId = row[entry.idColumn] as string | null;
        const parentType = parentId ? this.schema.findByPrefix(parentId.slice(0, 3))?.name : undefined;
        const branch = parentType ? (entry.branches[parentType] ?? entry.otherwise) : null;
        record[entry.key] =
          parentId && parentType
            ? this.shapeRecord(
                { ...(branch ?? { idColumn: entry.idColumn, entries: [] }), objectName: parentType },
                row,
                version
              )
            : null;
      } else {
        record[entry.key] = null;
      }
    }
    return record;
  }
}
