/**
 * SQLite storage: one table per object (columns named by field API name), plus the org's own
 * bookkeeping tables (id sequences, email and SMS outboxes). Schema changes in the metadata are
 * applied to an existing database file by adding the missing columns.
 */
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { ObjectDef, FieldDef } from '../schema/types';
import { Schema } from '../schema/registry';
import { columnType } from './values';

export type Db = Database.Database;
export type Statement = Database.Statement<unknown[], unknown>;

const statementCaches = new WeakMap<Db, Map<string, Statement>>();
/** Distinct statements kept per database (dynamic SQL would otherwise grow the cache without end). */
const MAX_CACHED_STATEMENTS = 2000;

/**
 * The prepared statement for `sql`, compiled once per database: preparing costs more than running
 * a point read, and the same reads run for every record of a batch.
 */
export function cachedStatement(db: Db, sql: string): Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
    statement = db.prepare<unknown[], unknown>(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** Double-quotes an identifier for SQL. */
export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Fields the companion filters on (claims, due work, requests from reps, leases, polling by
 * modstamp); lookups and unique/external ids are indexed as well.
 */
const INDEXED_NAMES =
  /(^|__)(Status__c|Outcome__c|Requested_Status__c|Requested_Outcome__c|Task_Id__c|Due_At__c|Lease_Expires_At__c|Enrolled_At__c|Admitted_At__c|Status|Email|SystemModstamp)$/;

/**
 * Who created and who last changed a record: only the app's recent-records list filters on them (one
 * query when a rep opens it), so they stay unindexed rather than cost two index writes per insert.
 */
const AUDIT_USERS = new Set(['CreatedById', 'LastModifiedById']);

/** Fields whose columns deserve an index. */
function indexedFields(object: ObjectDef): FieldDef[] {
  return object.fields.filter(
    (f) =>
      f.hasColumn &&
      f.name !== 'Id' &&
      !AUDIT_USERS.has(f.name) &&
      (f.type === 'reference' || f.externalId || f.unique || INDEXED_NAMES.test(f.name))
  );
}

/** Opens (or creates) the database and makes the tables match the schema. */
export function openDatabase(file: string, schema: Schema): Db {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.exec(`
    CREATE TABLE IF NOT EXISTS _sequence (object TEXT PRIMARY KEY, next INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS _email_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, sent_at TEXT NOT NULL, payload TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS _sms_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, sent_at TEXT NOT NULL, payload TEXT NOT NULL);
  `);
  for (const object of schema.objects()) syncTable(db, object);
  registerDateFunctions(db);
  return db;
}

function syncTable(db: Db, object: ObjectDef): void {
  const columns = object.fields.filter((f) => f.hasColumn);
  const table = q(object.name);
  const existing = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (existing.length === 0) {
    const defs = columns.map((f) =>
      f.name === 'Id' ? `"Id" TEXT PRIMARY KEY COLLATE NOCASE` : `${q(f.name)} ${columnType(f)}`
    );
    db.exec(`CREATE TABLE ${table} (${defs.join(', ')})`);
  } else {
    const have = new Set(existing.map((c) => c.name.toLowerCase()));
    for (const f of columns) {
      if (!have.has(f.name.toLowerCase()))
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${q(f.name)} ${columnType(f)}`);
    }
  }
  for (const f of indexedFields(object)) {
    const indexName = q(`ix_${object.name}_${f.name}`);
    if (f.unique) {
      // Unique values are unique among live rows; a recycled record frees its value.
      db.exec(
        `CREATE UNIQUE INDEX IF NOT EXISTS ${indexName} ON ${table} (${q(f.name)}) WHERE "IsDeleted" = 0`
      );
    } else {
      db.exec(`CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (${q(f.name)})`);
    }
  }
  // Due work is read by status ordered by due time (the companion's hottest query).
  const status = object.fields.find((f) => /(^|__)Status__c$/.test(f.name));
  const due = object.fields.find((f) => /(^|__)Due_At__c$/.test(f.name));
  if (status && due) {
    db.exec(
      `CREATE INDEX IF NOT EXISTS ${q(`ix_${object.name}_status_due_live`)} ON ${table} (${q(status.name)}, ${q(due.name)}, "IsDeleted")`
    );
  }
}

/** SOQL date functions by name → how to read them from a local date-time. */
const DATE_PARTS: Record<string, (local: DateTime) => number | string> = {
  DAY_ONLY: (d) => d.toISODate() as string,
  CALENDAR_YEAR: (d) => d.year,
  CALENDAR_QUARTER: (d) => d.quarter,
  CALENDAR_MONTH: (d) => d.month,
  DAY_IN_MONTH: (d) => d.day,
  DAY_IN_WEEK: (d) => (d.weekday % 7) + 1,
  DAY_IN_YEAR: (d) => d.ordinal,
  HOUR_IN_DAY: (d) => d.hour,
  WEEK_IN_MONTH: (d) => Math.floor((d.day - 1) / 7) + 1,
  WEEK_IN_YEAR: (d) => Math.floor((d.ordinal - 1) / 7) + 1
};

export const SOQL_DATE_FUNCTIONS = Object.keys(DATE_PARTS);

/**
 * `sf_date_part(value, zone, part)`: the SOQL date function `part` of a stored date or datetime,
 * datetimes read in the user's time zone as Salesforce does.
 */
function registerDateFunctions(db: Db): void {
  db.function('sf_date_part', { deterministic: true }, (value: unknown, zone: unknown, part: unknown) => {
    if (value === null || value === undefined) return null;
    const text = String(value);
    const read = DATE_PARTS[String(part)];
    if (!read) return null;
    const local =
      text.length <= 10
        ? DateTime.fromISO(text, { zone: 'UTC' })
        : DateTime.fromISO(text).setZone(String(zone));
    return local.isValid ? read(local) : null;
  });
}
