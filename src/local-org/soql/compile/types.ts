/**
 * What the SOQL compiler produces (statements, the shape of each result record, aggregate columns,
 * child subqueries) and the names it works with while compiling (scopes, join targets).
 */
import type { FieldDef, ObjectDef } from '../../schema/types';

/** Where a value of the result comes from and where it goes in the JSON record. */
export type ShapeEntry =
  | { kind: 'field'; key: string; column: string; field: FieldDef }
  | { kind: 'parent'; key: string; shape: RecordShape }
  | { kind: 'children'; key: string; index: number }
  | {
      kind: 'typeof';
      key: string;
      /** Column holding the polymorphic parent's id (its prefix picks the branch). */
      idColumn: string;
      branches: Record<string, RecordShape>;
      otherwise: RecordShape | null;
    };

export interface RecordShape {
  /** Object name for attributes.type; null for polymorphic parents (taken from the id prefix). */
  objectName: string | null;
  idColumn: string;
  entries: ShapeEntry[];
}

export interface AggregateColumn {
  key: string;
  column: string;
  field: FieldDef | null;
  /** COUNT results are integers; others keep the field's type. */
  isCount: boolean;
}

export interface CompiledQuery {
  object: ObjectDef;
  kind: 'records' | 'count' | 'aggregate';
  /** Full statement without LIMIT/OFFSET. */
  sql: string;
  /** Counts the rows `sql` yields (before LIMIT/OFFSET). */
  countSql: string;
  params: unknown[];
  limit: number | null;
  offset: number;
  shape: RecordShape;
  aggregateColumns: AggregateColumn[];
  children: CompiledChildQuery[];
  /** For a child subquery: the column holding each child's parent id ('' otherwise). */
  parentColumn: string;
}

export interface CompiledChildQuery {
  key: string;
  query: CompiledQuery;
  /** Column holding the child's parent id. */
  parentColumn: string;
}

/** The object a clause is written against and its table alias. */
export interface Scope {
  alias: string;
  object: ObjectDef;
}

/** A joined table: one per target of a parent relationship (several for polymorphic lookups). */
export interface JoinTarget {
  alias: string;
  object: ObjectDef;
}

/** A field path as SQL: its expression and the field it ends at. */
export interface Resolved {
  expr: string;
  field: FieldDef;
}

/** How a child subquery is tied to its parents (the relationship's field and, for views, a condition). */
export interface ChildFilter {
  field: FieldDef;
  condition?: string;
  recordType?: string;
}
