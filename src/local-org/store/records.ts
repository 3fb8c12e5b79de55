/**
 * Generic record CRUD with Salesforce's rules: the user's object permissions and record access,
 * defaults, required fields, unique values, auto numbers, audit fields, validation rules, upsert by
 * external id, the recycle bin and cascade deletes, transactions and the change feed for Change
 * Data Capture. How a write's input becomes column values (field-level security, references) is in
 * write-input.ts; what particular standard objects do beyond this (Task status, derived names,
 * converted leads…) is in `behaviours/`, one file per object.
 *
 * Every method is synchronous (better-sqlite3); callers wrap batches in `store.transaction`.
 */
import { Clock } from '../clock';
import { SalesforceError, malformedId, notFound } from '../errors';
import { keyPrefixOf, makeId, normalizeId, randomBase62 } from '../ids';
import { Schema } from '../schema/registry';
import { CLOCK_DEFAULT_NOW, CLOCK_DEFAULT_TODAY, FieldDef, ObjectDef } from '../schema/types';
import { behavioursOf, Prepare } from './behaviours';
import { ConversionResult, conversionValues } from './behaviours/lead';
import { cachedStatement, Db, q, Statement } from './database';
import type { Authorization, UserAccess } from '../security/access';
import { SqlValue, toSql } from './values';
import { convertInput, InputSource } from './write-input';

/**
 * Who performs a write. `trusted` (loaders, test setup) skips the user's permissions and lets them
 * set read-only fields such as IsConverted; otherwise the user's access applies (`access`, or the
 * store's authorization for `userId`).
 */
export interface WriteContext {
  userId: string;
  trusted?: boolean;
  access?: UserAccess;
}

/** A validation rule: returns an error message to reject the record, or null to accept it. */
export type ValidationRule = (
  record: Record<string, unknown>,
  change: { operation: 'create' | 'update' }
) => string | null;

/** A stored row: column name → stored value. */
export type Row = Record<string, SqlValue>;

/** What Change Data Capture needs to know about one record write (see streaming/change-events.ts). */
export interface RecordChange {
  object: ObjectDef;
  recordId: string;
  changeType: 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';
  /** Fields whose stored value changed (empty for CREATE and DELETE). */
  changedFields: string[];
  /** The row after the write (stored form); null for DELETE. */
  row: Row | null;
  userId: string;
  /** Shared by every change of one transaction. */
  transactionKey: string;
}

/**
 * Receives every write as it happens. `mark`/`rollbackTo` bracket each (nested) transaction so that
 * what a rolled-back savepoint wrote is discarded; `commit` comes when the outermost transaction (or
 * a write outside any) has committed.
 */
export interface ChangeRecorder {
  record(change: RecordChange): void;
  mark(): number;
  rollbackTo(mark: number): void;
  commit(): void;
}

/** Audit columns that move on every write; CDC lists LastModifiedDate but not these. */
const UNLISTED_CHANGES = new Set(['SystemModstamp', 'LastModifiedById']);

/**
 * What every write of one object needs and the schema fixes: its columns, its statements' SQL and
 * the fields the checks look at. Worked out once per object, not per record (a batch of 200 records
 * otherwise rebuilds and re-hashes a statement of dozens of columns 200 times).
 */
interface WritePlan {
  columns: FieldDef[];
  selectById: string;
  /** `selectById` prepared in raw mode (rows as arrays), on first use. */
  selectRowById?: Statement;
  insert: string;
  required: FieldDef[];
  unique: FieldDef[];
  allFieldNames: Set<string>;
}

function writePlanOf(object: ObjectDef): WritePlan {
  const columns = object.fields.filter((f) => f.hasColumn);
  const names = columns.map((f) => f.name);
  return {
    columns,
    selectById: `SELECT ${names.map(q).join(', ')} FROM ${q(object.name)} WHERE "Id" = ?`,
    insert: `INSERT INTO ${q(object.name)} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    required: columns.filter((f) => f.required),
    unique: object.fields.filter((f) => f.unique),
    allFieldNames: new Set(object.fields.map((f) => f.name))
  };
}

export class RecordStore {
  private readonly validationRules = new Map<string, ValidationRule[]>();
  private readonly sequences = new Map<string, number>();
  /** Counters moved since they were last saved (see nextSequence). */
  private readonly unsavedSequences = new Set<string>();
  /** Change Data Capture hook: set by the streaming module, told about every write. */
  changeRecorder: ChangeRecorder | null = null;
  private transactionDepth = 0;
  private transactionKey: string | null = null;
  private readonly transactionKeyPrefix = randomBase62(8);
  private transactionCount = 0;
  /** Who may do what; unset = every write is allowed (a store used without an org). */
  authorization: Authorization | undefined;

  /** What input conversion reads (parents by external id, reference targets, Task statuses). */
  private readonly inputSource: InputSource;
  private readonly writePlans = new WeakMap<ObjectDef, WritePlan>();
  /** One transaction function for every `transaction()` call (better-sqlite3 builds one per call otherwise). */
  private readonly runInTransaction: (work: () => unknown) => unknown;

  constructor(
    readonly db: Db,
    readonly schema: Schema,
    readonly clock: Clock
  ) {
    this.inputSource = { schema, prepare: this.behaviourPrepare };
    this.runInTransaction = db.transaction((work: () => unknown) => {
      const result = work();
      if (this.transactionDepth === 1) this.saveSequences();
      return result;
    });
  }

  private planOf(object: ObjectDef): WritePlan {
    let plan = this.writePlans.get(object);
    if (!plan) this.writePlans.set(object, (plan = writePlanOf(object)));
    return plan;
  }

  /** Runs `work` in a transaction (a savepoint when already inside one). */
  transaction<T>(work: () => T): T {
    const recorder = this.changeRecorder;
    const mark = recorder?.mark() ?? 0;
    this.transactionDepth++;
    let committed = false;
    try {
      const result = this.runInTransaction(work) as T;
      committed = true;
      return result;
    } catch (error) {
      recorder?.rollbackTo(mark);
      throw error;
    } finally {
      this.transactionDepth--;
      if (this.transactionDepth === 0) {
        this.transactionKey = null;
        if (committed) recorder?.commit();
      }
    }
  }

  /** A unique transaction key: a random prefix per store and a counter (cheap on every write). */
  private newTransactionKey(): string {
    return `${this.transactionKeyPrefix}${(++this.transactionCount).toString(36).padStart(8, '0')}`;
  }

  /** Tells the change recorder about a write; one key per outermost transaction (or lone write). */
  private recordChange(change: Omit<RecordChange, 'transactionKey'>): void {
    if (!this.changeRecorder) return;
    let transactionKey: string;
    if (this.transactionDepth === 0) transactionKey = this.newTransactionKey();
    else transactionKey = this.transactionKey ??= this.newTransactionKey();
    this.changeRecorder.record({ ...change, transactionKey });
    // A write outside any transaction committed on its own (SQLite autocommit).
    if (this.transactionDepth === 0) this.changeRecorder.commit();
  }

  /** Adds a rule that can reject creates and updates of an object with FIELD_CUSTOM_VALIDATION_EXCEPTION. */
  addValidationRule(objectName: string, rule: ValidationRule): () => void {
    const key = this.object(objectName).name;
    const rules = this.validationRules.get(key) ?? [];
    rules.push(rule);
    this.validationRules.set(key, rules);
    return () => {
      const list = this.validationRules.get(key) ?? [];
      this.validationRules.set(
        key,
        list.filter((r) => r !== rule)
      );
    };
  }

  /** Removes every validation rule. */
  clearValidationRules(): void {
    this.validationRules.clear();
  }

  /** The access a write runs with, or undefined for trusted writes. */
  private accessFor(ctx: WriteContext): UserAccess | undefined {
    if (ctx.trusted) return undefined;
    return ctx.access ?? this.authorization?.forUser(ctx.userId);
  }

  /** Resolves an object by name, or fails with INVALID_TYPE. */
  object(name: string): ObjectDef {
    const object = this.schema.find(name);
    if (!object) throw new SalesforceError('INVALID_TYPE', `sObject type '${name}' is not supported.`);
    return object;
  }

  /** Now, in stored datetime form. */
  nowIso(): string {
    // Every record written asks, many in the same millisecond (and all of them on a frozen clock).
    const ms = this.clock.nowMs();
    if (ms !== this.lastNow.ms) this.lastNow = { ms, iso: new Date(ms).toISOString() };
    return this.lastNow.iso;
  }

  private lastNow = { ms: Number.NaN, iso: '' };

  private prepare(sql: string): Statement {
    return cachedStatement(this.db, sql);
  }

  /** `prepare` as object behaviours get it (they read other records: TaskStatus, a Contact…). */
  private readonly behaviourPrepare: Prepare = (sql) => this.prepare(sql);

  /**
   * A copy of a stored row to change. Built column by column in the same order every time, so that
   * copies share one object shape: a spread of the row better-sqlite3 returns (a dictionary with dozens
   * of keys) costs several times more.
   */
  private copyOf(object: ObjectDef, stored: Row): Row {
    const copy: Row = {};
    for (const field of this.planOf(object).columns) copy[field.name] = stored[field.name];
    return copy;
  }

  /** Reads a stored row (deleted or not) by 18-character id. */
  row(object: ObjectDef, id: string): Row | undefined {
    const plan = this.planOf(object);
    // Read as an array and built column by column: the object better-sqlite3 builds for a row of
    // dozens of columns is a dictionary, slow to read field by field as every write then does.
    plan.selectRowById ??= this.db.prepare(plan.selectById).raw(true);
    const values = plan.selectRowById.get(id) as Row[string][] | undefined;
    if (!values) return undefined;
    const row: Row = {};
    for (let i = 0; i < plan.columns.length; i++) row[plan.columns[i].name] = values[i];
    return row;
  }

  /**
   * Checks an id from a URL or a collection: it must be well formed and belong to `object` (when
   * given). Returns the 18-character id.
   */
  requireId(value: unknown, object?: ObjectDef): string {
    const id = normalizeId(value);
    if (!id) throw malformedId(String(value));
    if (object && keyPrefixOf(id) !== object.keyPrefix) throw malformedId(String(value));
    return id;
  }

  /** Finds the live row with this id or fails (NOT_FOUND / ENTITY_IS_DELETED). */
  liveRow(object: ObjectDef, id: string, missing: () => SalesforceError = () => notFound()): Row {
    const row = this.row(object, id);
    if (!row) throw missing();
    if (row.IsDeleted === 1) throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    return row;
  }

  /**
   * Next value of a named counter (ids per object, auto numbers per field). Inside a transaction the
   * counters it moved are saved once, as it ends (a batch of 200 creates otherwise writes the same
   * counter row 200 times); a lone write saves at once.
   */
  private nextSequence(key: string): number {
    let next = this.sequences.get(key);
    if (next === undefined) {
      const row = this.prepare('SELECT next FROM _sequence WHERE object = ?').get(key) as
        { next: number } | undefined;
      next = row ? row.next : 1;
    }
    // A rolled-back write leaves a gap in the sequence, as Salesforce's ids and auto numbers do.
    this.sequences.set(key, next + 1);
    this.unsavedSequences.add(key);
    if (this.transactionDepth === 0) this.saveSequences();
    return next;
  }

  private saveSequences(): void {
    if (this.unsavedSequences.size === 0) return;
    const save = this.prepare(
      'INSERT INTO _sequence (object, next) VALUES (?, ?) ON CONFLICT(object) DO UPDATE SET next = excluded.next'
    );
    for (const key of this.unsavedSequences) save.run(key, this.sequences.get(key));
    this.unsavedSequences.clear();
  }

  private nextId(object: ObjectDef): string {
    return makeId(object.keyPrefix, this.nextSequence(object.name));
  }

  private autoNumber(object: ObjectDef, field: FieldDef): string {
    const next = this.nextSequence(`${object.name}.${field.name}`);
    return (field.autoNumberFormat ?? '{0}').replace(/\{(0+)\}/, (_m, zeros: string) =>
      String(next).padStart(zeros.length, '0')
    );
  }

  /** Recomputes the object's derived fields from the fields that changed. */
  private applyDerived(object: ObjectDef, row: Row, changed: Set<string>, now: string): void {
    for (const behaviour of behavioursOf(object.name))
      behaviour.derive?.(row, changed, now, this.behaviourPrepare);
  }

  private checkRequired(object: ObjectDef, row: Row): void {
    const missing = this.planOf(object)
      .required.filter((f) => row[f.name] === null || row[f.name] === undefined || row[f.name] === '')
      .map((f) => f.name);
    if (missing.length > 0) {
      throw new SalesforceError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing
      );
    }
  }

  private checkUnique(object: ObjectDef, row: Row, changed: Set<string>): void {
    for (const field of this.planOf(object).unique) {
      if (!changed.has(field.name)) continue;
      const value = row[field.name];
      if (value === null || value === undefined) continue;
      const other = this.prepare(
        `SELECT "Id" FROM ${q(object.name)} WHERE ${q(field.name)} = ? AND "IsDeleted" = 0 AND "Id" != ? LIMIT 1`
      ).get(value, row.Id) as { Id: string } | undefined;
      if (other) {
        throw new SalesforceError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${field.name} duplicates value on record with id: ${other.Id}`,
          []
        );
      }
    }
  }

  private runValidationRules(object: ObjectDef, row: Row, operation: 'create' | 'update'): void {
    const rules = this.validationRules.get(object.name);
    if (!rules || rules.length === 0) return;
    const record: Record<string, unknown> = {};
    for (const f of object.fields) if (f.hasColumn) record[f.name] = row[f.name];
    for (const rule of rules) {
      const message = rule(record, { operation });
      if (message) throw new SalesforceError('FIELD_CUSTOM_VALIDATION_EXCEPTION', message, []);
    }
  }

  private insertRow(object: ObjectDef, row: Row): void {
    this.authorization?.recordChanged(object.name);
    const plan = this.planOf(object);
    this.prepare(plan.insert).run(...plan.columns.map((f) => row[f.name] ?? null));
  }

  /**
   * Writes the columns whose values differ from the stored row: SQLite rewrites every index on a
   * column the SET names, changed or not, and a batch update touches a few of dozens of columns.
   */
  private updateRow(object: ObjectDef, stored: Row, row: Row): void {
    this.authorization?.recordChanged(object.name);
    const columns = this.planOf(object)
      .columns.filter((f) => f.name !== 'Id' && (row[f.name] ?? null) !== (stored[f.name] ?? null))
      .map((f) => f.name);
    if (columns.length === 0) return;
    const values = columns.map((c) => (row[c] === undefined ? null : row[c]));
    const sql = `UPDATE ${q(object.name)} SET ${columns.map((c) => `${q(c)} = ?`).join(', ')} WHERE "Id" = ?`;
    this.prepare(sql).run(...values, row.Id);
  }

  /** Creates a record and returns its id. */
  create(objectName: string, input: Record<string, unknown>, ctx: WriteContext): string {
    const object = this.object(objectName);
    if (!object.createable && !ctx.trusted) {
      throw new SalesforceError('INVALID_TYPE', `sObject type '${object.name}' is not supported for create.`);
    }
    const access = this.accessFor(ctx);
    access?.requireObject(object, 'create');
    const values = convertInput(this.inputSource, object, input, 'create', access, ctx.trusted === true);
    const now = this.nowIso();
    const row: Row = {};
    const changed = new Set<string>();
    for (const field of object.fields) {
      if (!field.hasColumn) continue;
      if (values.has(field)) {
        row[field.name] = values.get(field) ?? null;
        changed.add(field.name);
      } else if (field.defaultValue !== null && field.defaultValue !== undefined) {
        const fromClock =
          field.defaultValue === CLOCK_DEFAULT_NOW
            ? now
            : field.defaultValue === CLOCK_DEFAULT_TODAY
              ? now.slice(0, 10)
              : null;
        row[field.name] = toSql(field, fromClock ?? field.defaultValue);
        changed.add(field.name);
      } else {
        row[field.name] = field.type === 'boolean' ? 0 : null;
      }
    }
    const behaviours = behavioursOf(object.name);
    for (const behaviour of behaviours) behaviour.fillDefaults?.(row, this.behaviourPrepare);
    // On create every derived field is computed, whatever the input named.
    for (const behaviour of behaviours) for (const source of behaviour.derivedFrom ?? []) changed.add(source);
    for (const field of object.fields) {
      if (field.autoNumberFormat && field.hasColumn && !values.has(field))
        row[field.name] = this.autoNumber(object, field);
    }
    const owner = this.schema.field(object, 'OwnerId');
    if (owner && !row.OwnerId) row.OwnerId = ctx.userId;
    row.Id = this.nextId(object);
    row.IsDeleted = 0;
    // Trusted loaders may back-date records; API writes always get the org clock.
    row.CreatedDate = (ctx.trusted && row.CreatedDate) || now;
    row.CreatedById = (ctx.trusted && row.CreatedById) || ctx.userId;
    row.LastModifiedDate = (ctx.trusted && row.LastModifiedDate) || row.CreatedDate;
    row.LastModifiedById = row.CreatedById;
    row.SystemModstamp = row.LastModifiedDate;
    this.applyDerived(object, row, changed, now);
    this.checkRequired(object, row);
    this.runValidationRules(object, row, 'create');
    this.checkUnique(object, row, this.planOf(object).allFieldNames);
    this.insertRow(object, row);
    this.recordChange({
      object,
      recordId: String(row.Id),
      changeType: 'CREATE',
      changedFields: [],
      row,
      userId: ctx.userId
    });
    return String(row.Id);
  }

  /** Updates a live record. */
  update(objectName: string, idValue: unknown, input: Record<string, unknown>, ctx: WriteContext): string {
    const object = this.object(objectName);
    const id = this.requireId(idValue, object);
    const access = this.accessFor(ctx);
    access?.requireObject(object, 'edit');
    const current = this.liveRow(object, id);
    access?.requireEditableRecord(object, id);
    for (const behaviour of behavioursOf(object.name)) behaviour.checkUpdate?.(current, ctx);
    const values = convertInput(this.inputSource, object, input, 'update', access, ctx.trusted === true);
    const row = this.copyOf(object, current);
    const changed = new Set<string>();
    for (const [field, value] of values) {
      row[field.name] = value;
      changed.add(field.name);
    }
    const now = this.nowIso();
    row.LastModifiedDate = now;
    row.SystemModstamp = now;
    // Trusted test set-up may say who wrote the change (a request written by a given rep).
    row.LastModifiedById =
      (ctx.trusted && changed.has('LastModifiedById') && row.LastModifiedById) || ctx.userId;
    this.applyDerived(object, row, changed, now);
    this.checkRequired(object, row);
    this.runValidationRules(object, row, 'update');
    this.checkUnique(object, row, changed);
    this.updateRow(object, current, row);
    if (this.changeRecorder) {
      const changedFields = object.fields
        .filter((f) => f.hasColumn && !UNLISTED_CHANGES.has(f.name) && current[f.name] !== row[f.name])
        .map((f) => f.name);
      this.recordChange({
        object,
        recordId: id,
        changeType: 'UPDATE',
        changedFields,
        row,
        userId: ctx.userId
      });
    }
    return id;
  }

  /**
   * Creates or updates by an external id field (or `Id`). Returns the id and whether it created.
   * Several matches fail with MULTIPLE_CHOICES (HTTP 300) listing the matching record URLs.
   */
  upsert(
    objectName: string,
    externalField: string,
    value: unknown,
    input: Record<string, unknown>,
    ctx: WriteContext
  ): { id: string; created: boolean } {
    const object = this.object(objectName);
    const field = this.schema.field(object, externalField);
    if (!field || !(field.externalId || field.name === 'Id')) {
      throw new SalesforceError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${externalField}`,
        [],
        404
      );
    }
    if (field.name === 'Id') {
      if (value === null || value === undefined || value === '')
        return { id: this.create(objectName, input, ctx), created: true };
      return { id: this.update(objectName, value, input, ctx), created: false };
    }
    if (value === null || value === undefined || value === '') {
      throw new SalesforceError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [
        field.name
      ]);
    }
    const key = toSql(field, value);
    const matches = this.prepare(
      `SELECT "Id" FROM ${q(object.name)} WHERE ${q(field.name)} = ? AND "IsDeleted" = 0 ORDER BY "Id"`
    ).all(key) as { Id: string }[];
    if (matches.length > 1) {
      // The REST route answers 300 with these records' URLs; collections report the message.
      throw Object.assign(
        new SalesforceError(
          'MULTIPLE_CHOICES',
          `More than one record found for external id field ${field.name}`,
          [],
          300
        ),
        { matchingIds: matches.map((m) => m.Id) }
      );
    }
    const body = { ...input };
    for (const k of Object.keys(body)) if (k.toLowerCase() === field.name.toLowerCase()) delete body[k];
    if (matches.length === 1)
      return { id: this.update(objectName, matches[0].Id, body, ctx), created: false };
    return { id: this.create(objectName, { ...body, [field.name]: value }, ctx), created: true };
  }

  /** Moves a record (and its cascade children) to the recycle bin; clears SetNull lookups to it. */
  delete(objectName: string, idValue: unknown, ctx: WriteContext, missing?: () => SalesforceError): string {
    const object = this.object(objectName);
    if (!object.deletable && !ctx.trusted) {
      throw new SalesforceError('INVALID_TYPE', `sObject type '${object.name}' is not supported for delete.`);
    }
    const id = this.requireId(idValue, object);
    const access = this.accessFor(ctx);
    access?.requireObject(object, 'delete');
    this.liveRow(object, id, missing);
    access?.requireEditableRecord(object, id);
    this.deleteCascade(object, id, ctx, this.nowIso());
    return id;
  }

  private deleteCascade(object: ObjectDef, id: string, ctx: WriteContext, now: string): void {
    for (const child of object.childRelationships) {
      if (child.condition) continue; // ActivityHistories/OpenActivities are views of the Tasks relationship
      const childObject = this.object(child.childSObject);
      const field = this.schema.field(childObject, child.field);
      if (!field) continue;
      const rows = this.prepare(
        `SELECT "Id" FROM ${q(childObject.name)} WHERE ${q(field.name)} = ? AND "IsDeleted" = 0`
      ).all(id) as {
        Id: string;
      }[];
      if (rows.length === 0) continue;
      if (field.deleteConstraint === 'Cascade') {
        for (const r of rows) this.deleteCascade(childObject, r.Id, ctx, now);
      } else if (field.deleteConstraint === 'Restrict') {
        throw new SalesforceError(
          'DELETE_FAILED',
          `Your attempt to delete ${id} could not be completed because it is associated with the following ${childObject.labelPlural}.: ${rows.length}`,
          []
        );
      } else {
        this.prepare(
          `UPDATE ${q(childObject.name)} SET ${q(field.name)} = NULL, "LastModifiedDate" = ?, "SystemModstamp" = ?, "LastModifiedById" = ? WHERE ${q(field.name)} = ? AND "IsDeleted" = 0`
        ).run(now, now, ctx.userId, id);
        for (const r of rows) {
          this.recordChange({
            object: childObject,
            recordId: r.Id,
            changeType: 'UPDATE',
            changedFields: [field.name, 'LastModifiedDate'],
            row: this.row(childObject, r.Id) ?? null,
            userId: ctx.userId
          });
        }
      }
    }
    this.prepare(
      `UPDATE ${q(object.name)} SET "IsDeleted" = 1, "LastModifiedDate" = ?, "SystemModstamp" = ?, "LastModifiedById" = ? WHERE "Id" = ?`
    ).run(now, now, ctx.userId, id);
    this.recordChange({
      object,
      recordId: id,
      changeType: 'DELETE',
      changedFields: [],
      row: null,
      userId: ctx.userId
    });
  }

  /** Marks a Lead converted (a local stand-in for the convertLead call, which REST does not have). */
  convertLead(leadId: string, result: ConversionResult, ctx: WriteContext): void {
    const lead = this.object('Lead');
    const id = this.requireId(leadId, lead);
    this.liveRow(lead, id);
    const now = this.nowIso();
    this.systemUpdate(lead, id, conversionValues(result, now), now, ctx);
  }

  /**
   * Sets columns of a live record directly, as the org itself does (no access checks, validation or
   * derived fields), stamping the audit fields and telling the change feed.
   */
  private systemUpdate(
    object: ObjectDef,
    id: string,
    values: Record<string, SqlValue>,
    now: string,
    ctx: WriteContext
  ): void {
    const columns = Object.keys(values);
    const assignments = [...columns, 'LastModifiedDate', 'SystemModstamp', 'LastModifiedById']
      .map((c) => `${q(c)} = ?`)
      .join(', ');
    this.prepare(`UPDATE ${q(object.name)} SET ${assignments} WHERE "Id" = ?`).run(
      ...Object.values(values),
      now,
      now,
      ctx.userId,
      id
    );
    this.recordChange({
      object,
      recordId: id,
      changeType: 'UPDATE',
      changedFields: [...columns, 'LastModifiedDate'],
      row: this.row(object, id) ?? null,
      userId: ctx.userId
    });
  }
}
