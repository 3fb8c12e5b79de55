/**
 * SQLite storage: one table per object (columns named by field API name), plus the org's own
 * bookkeeping tables (id sequences, email and SMS outboxes). Schema changes in the metadata are
 * applied to an existing database file by adding the missing columns.
 */
import Database from 'better-sqlite3';
import { ObjectDef, FieldDef } from '../schema/types';
import { Schema } from '../schema/registry';
import { columnType } from './values';

export type Db = Database.Database;
export type Statement = Database.Statement<unknown[], unknown>;

/** Double-quotes an identifier for SQL. */
export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Fields whose columns deserve an index: lookups, status and due dates, modstamps, external ids. */
function indexedFields(object: ObjectDef): FieldDef[] {
  return object.fields.filter(
    (f) =>
      f.hasColumn &&
      f.name !== 'Id' &&
      (f.type === 'reference' ||
        f.externalId ||
        f.unique ||
        /(^|__)(Status__c|Due_At__c|Status|Email|SystemModstamp)$/.test(f.name))
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
