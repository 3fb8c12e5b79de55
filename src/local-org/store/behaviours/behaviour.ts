/**
 * The hooks a standard object's own rules plug into the record store's writes: values that live in
 * data rather than metadata, defaults, update refusals and derived fields. The store runs the
 * generic rules (field checks, required, unique, validation rules) itself; each object's file in
 * this folder says what Salesforce does beyond them.
 */
import type { Statement } from '../database';
import type { Row, WriteContext } from '../records';
import type { FieldDef } from '../../schema/types';

/** A prepared (and cached) statement of the store, for behaviours that read other records. */
export type Prepare = (sql: string) => Statement;

export interface ObjectBehaviour {
  /** Fields the derived values are computed from; a create computes every derived value. */
  readonly derivedFrom?: readonly string[];
  /** The values a field may take when they are records rather than metadata (Task.Status). */
  allowedValues?(field: FieldDef, prepare: Prepare): Set<string> | undefined;
  /** Defaults the metadata cannot express, on create, after the fields' own defaults. */
  fillDefaults?(row: Row, prepare: Prepare): void;
  /** Refuses an update the stored record's state forbids (a converted Lead). */
  checkUpdate?(current: Row, ctx: WriteContext): void;
  /** Recomputes derived fields after the `changed` fields were written (`now`: the write's time). */
  derive?(row: Row, changed: ReadonlySet<string>, now: string, prepare: Prepare): void;
}
