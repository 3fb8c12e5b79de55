import { LightningElement, api } from 'lwc';
import {
  contextObjectOf,
  fieldUpdateTargetsOf,
  PACKAGE_FIELD_SETS,
  personObjectsOf,
  planTargetedFieldUpdates
} from 'c/strideCore';
import type { FieldDescribe, FieldSets, FieldUpdateTarget, ObjectDescribe } from 'c/strideCore';
import { formatLabel, removeRow, replaceRow, rowEdit } from 'c/strideLds';
import { LABELS } from './labels';

interface Row {
  key: number;
  field: string;
  value: string;
  target: FieldUpdateTarget;
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
const INPUT_TYPES: Record<string, string> = {
  email: 'email',
  phone: 'tel',
  url: 'url',
  date: 'text',
  datetime: 'text'
};

/**
 * Edits an action's field updates (`Field_Updates__c`, `[{ "field": "Status", "value": "Working" }]`):
 * one row per update, with the record it writes (Opportunity and Campaign sequences: the person or
 * the opportunity / campaign, `"target"`), a field of that object's `Stride_Field_Updates` field set
 * and a value input that fits the field's type, typed and checked by the core's
 * planTargetedFieldUpdates (the companion applies the same plan and refuses fields outside the
 * field sets). Reports `updateschange` with `{ value, valid }`.
 */
export default class StrideFieldUpdates extends LightningElement {
  labels = LABELS;
  /** The person's describe (fromObjectInfo), when `describes` does not hold it. */
  @api describe: ObjectDescribe | null = null;
  /** Describes by object name (Lead, Contact, Opportunity, Campaign), e.g. the sequence editor's catalog. */
  @api describes: Record<string, ObjectDescribe> | null = null;
  /** The sequence's Target_Object__c (its record type): which records the updates may write. */
  @api targetObject: string | null = null;
  /** The fields offered per object: the package's field sets (ship with the core; no Apex reads them). */
  @api fieldSets: FieldSets = PACKAGE_FIELD_SETS;
  rows: Row[] = [];
  private nextKey = 1;
  private lastValue = '';

  /** The Field_Updates__c JSON; blank for none. */
  @api
  get value(): string {
    return this.lastValue;
  }
  set value(json: string) {
    if (json === this.lastValue) return;
    this.lastValue = json ?? '';
    let entries: Array<{ field?: unknown; value?: unknown }> = [];
    try {
      const parsed = this.lastValue.trim() ? JSON.parse(this.lastValue) : [];
      entries = Array.isArray(parsed) ? parsed : [];
    } catch {
      entries = [];
    }
    this.rows = entries.map((entry) => ({
      key: this.nextKey++,
      field: String(entry?.field ?? ''),
      value: entry?.value === null || entry?.value === undefined ? '' : String(entry.value),
      target: ((entry as { target?: FieldUpdateTarget })?.target ?? 'Person') as FieldUpdateTarget
    }));
  }

  /** Whether every update is valid for its field. */
  @api
  get valid(): boolean {
    return this.errors.every((e) => !e);
  }

  /** The records the updates may write: Person, plus the Opportunity or Campaign of such sequences. */
  get targets(): FieldUpdateTarget[] {
    return fieldUpdateTargetsOf(this.targetObject);
  }

  get hasTargets() {
    return this.targets.length > 1;
  }

  get targetOptions() {
    const person = this.labels.person;
    return this.targets.map((t) => ({ label: t === 'Person' ? person : t, value: t }));
  }

  /** The objects a target's fields must exist on (a Campaign's members are Leads or Contacts). */
  private objectsOf(target: FieldUpdateTarget): string[] {
    if (target !== 'Person') return [target];
    return this.targetObject ? personObjectsOf(this.targetObject) : [this.describe?.name ?? 'Lead'];
  }

  /** The describe a target's entries are typed against. */
  private describeOf(target: FieldUpdateTarget): ObjectDescribe | null {
    const [first] = this.objectsOf(target);
    return this.describes?.[first] ?? (target === 'Person' ? this.describe : null);
  }

  /** Updateable fields of the target's field set (on every object the target may be). */
  private fieldsOf(target: FieldUpdateTarget): FieldDescribe[] {
    const objects = this.objectsOf(target);
    const inSet = (object: string, name: string) =>
      (this.fieldSets[object] ?? []).some((m) => m.toLowerCase() === name.toLowerCase());
    return (this.describeOf(target)?.fields ?? [])
      .filter((f) => f.updateable !== false && f.type !== 'id')
      .filter((f) => objects.every((object) => inSet(object, f.name)))
      .sort((a, b) => (a.label ?? a.name).localeCompare(b.label ?? b.name));
  }

  /** The Person target's fields (kept for callers that read one list). */
  get updateableFields(): FieldDescribe[] {
    return this.fieldsOf('Person');
  }

  private fieldOptionsOf(target: FieldUpdateTarget) {
    return this.fieldsOf(target).map((f) => ({
      label: f.label ? `${f.label} (${f.name})` : f.name,
      value: f.name
    }));
  }

  private entries() {
    return this.rows.map((row) => {
      const field = this.fieldsOf(row.target).find((f) => f.name === row.field);
      const text = row.value.trim();
      let value: string | number | boolean | null = text === '' ? null : text;
      if (field?.type === 'boolean') value = text === 'true';
      else if (field && NUMERIC.has(field.type) && text !== '' && Number.isFinite(Number(text)))
        value = Number(text);
      // Person is the default: older JSON has no target, and Lead/Contact sequences write it as before.
      return row.target === 'Person'
        ? { field: row.field, value }
        : { field: row.field, value, target: row.target };
    });
  }

  /** Problems by row, from the core's plan (paths such as "[1].value"). */
  get errors(): string[] {
    const errors = this.rows.map(() => '');
    const person = this.describeOf('Person');
    if (!person || this.rows.length === 0) return errors;
    const describes: Partial<Record<FieldUpdateTarget, ObjectDescribe>> = { Person: person };
    const context = contextObjectOf(this.targetObject);
    const related = context ? this.describeOf(context) : null;
    if (context && related) describes[context] = related;
    const result = planTargetedFieldUpdates(
      this.entries(),
      { describes, fieldSets: this.fieldSets },
      { now: new Date(Date.now()) }
    );
    if (result.ok) return errors;
    for (const error of result.error) {
      const index = Number(/^\[(\d+)\]/.exec(error.path ?? '')?.[1]);
      if (Number.isInteger(index) && index < errors.length) errors[index] = errors[index] || error.message;
    }
    return errors;
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get rowViews() {
    const errors = this.errors;
    return this.rows.map((row, index) => {
      const field = this.fieldsOf(row.target).find((f) => f.name === row.field);
      const type = field?.type ?? 'string';
      const isPicklist = type === 'picklist';
      const isBoolean = type === 'boolean';
      return {
        ...row,
        index,
        legend: formatLabel(this.labels.update, index + 1),
        removeLabel: formatLabel(this.labels.remove, index + 1),
        isBoolean,
        isPicklist,
        isInput: !isBoolean && !isPicklist,
        fieldOptions: this.fieldOptionsOf(row.target),
        inputType: NUMERIC.has(type) ? 'number' : (INPUT_TYPES[type] ?? 'text'),
        booleanOptions: [
          { label: this.labels.trueLabel, value: 'true' },
          { label: this.labels.falseLabel, value: 'false' }
        ],
        picklistOptions: [
          { label: this.labels.clear, value: '' },
          ...(field?.picklistValues ?? [])
            .filter((p) => p.active)
            .map((p) => ({ label: p.label ?? p.value, value: p.value }))
        ],
        error: errors[index]
      };
    });
  }

  handleAdd() {
    this.rows = [...this.rows, { key: this.nextKey++, field: '', value: '', target: 'Person' }];
    this.emit();
  }

  handleRemove(event: Event) {
    this.rows = removeRow(this.rows, rowEdit(event).index);
    this.emit();
  }

  handleRowChange(event: CustomEvent<{ value: string }>) {
    // The inputs' own `change` bubbles and is composed: it stops here, parents hear `updateschange`.
    event.stopPropagation();
    const { index, part, value } = rowEdit<'field' | 'value' | 'target'>(event);
    this.rows = replaceRow(this.rows, index, (row) => {
      const next = { ...row, [part]: value } as Row;
      // Another record: its fields differ, so the field and value start again.
      if (part === 'target') return { ...next, field: '', value: '' };
      if (part === 'field') {
        const field = this.fieldsOf(next.target).find((f) => f.name === next.field);
        next.value = field?.type === 'boolean' ? 'true' : '';
      }
      return next;
    });
    this.emit();
  }

  private emit() {
    this.lastValue = this.rows.length ? JSON.stringify(this.entries()) : '';
    this.dispatchEvent(
      new CustomEvent('updateschange', { detail: { value: this.lastValue, valid: this.valid } })
    );
  }
}
