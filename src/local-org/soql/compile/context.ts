/**
 * The state of compiling one SOQL statement: the query text (for error positions), the querying
 * user's access and time zone, and what the clauses accumulate — table aliases, joins, selected
 * columns and positional parameters. Subqueries and semi-joins compile in a fork of their own.
 */
import type { Clock } from '../../clock';
import type { SalesforceError } from '../../errors';
import type { Schema } from '../../schema/registry';
import type { UserAccess } from '../../security/access';
import { located } from './errors';
import type { JoinTarget } from './types';

export interface CompileOptions {
  schema: Schema;
  clock: Clock;
  /** The query text, for error messages that point into it. */
  soql: string;
  /** queryAll: recycled rows too. */
  includeDeleted: boolean;
  /** The querying user's time zone: date literals are calendar days there. */
  timeZone?: string;
  /** The querying user's access (object, field and record); none = everything (trusted callers). */
  access?: UserAccess;
}

export class CompileContext {
  readonly schema: Schema;
  readonly clock: Clock;
  readonly soql: string;
  readonly includeDeleted: boolean;
  readonly timeZone: string;
  readonly access: UserAccess | undefined;

  private aliasCounter = 0;
  private columnCounter = 0;
  /** LEFT JOINs of parent relationships, in the order the paths were first named. */
  readonly joins: string[] = [];
  /** The join targets of each relationship path (`t0.Participant__r`), so a path joins once. */
  readonly joinsByPath = new Map<string, JoinTarget[]>();
  /** Positional parameters, in the order their `?` appear in the statement. */
  readonly params: unknown[] = [];
  readonly selectColumns: string[] = [];
  /** Depth of NOT around the condition being compiled. */
  negation = 0;
  /** True while compiling HAVING, where aggregates may be compared. */
  havingMode = false;
  /**
   * Above 0 while expanding a formula or roll-up: formulas are evaluated in system context, so
   * neither field-level security nor record access narrows what they read.
   */
  systemContext = 0;

  constructor(options: CompileOptions) {
    this.schema = options.schema;
    this.clock = options.clock;
    this.soql = options.soql;
    this.includeDeleted = options.includeDeleted;
    this.timeZone = options.timeZone ?? 'UTC';
    this.access = options.access;
  }

  /** The access to check, or undefined in system context and for trusted callers. */
  get checks(): UserAccess | undefined {
    return this.systemContext > 0 ? undefined : this.access;
  }

  /** A context for a statement nested in this one (child subquery, semi-join): same text, user and zone. */
  fork(includeDeleted: boolean): CompileContext {
    return new CompileContext({
      schema: this.schema,
      clock: this.clock,
      soql: this.soql,
      includeDeleted,
      timeZone: this.timeZone,
      access: this.checks
    });
  }

  newAlias(): string {
    return `t${this.aliasCounter++}`;
  }

  /** Adds `expr` to the SELECT list and returns its column name. */
  newColumn(expr: string): string {
    const column = `c${this.columnCounter++}`;
    this.selectColumns.push(`${expr} AS ${column}`);
    return column;
  }

  /** Adds a positional parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  invalidField(token: string, message: string): SalesforceError {
    return located(this.soql, token, message, 'INVALID_FIELD');
  }
}
