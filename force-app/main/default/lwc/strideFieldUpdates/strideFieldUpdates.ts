import { LightningElement, api } from 'lwc';
import { planFieldUpdates } from 'c/strideCore';
import type { FieldDescribe, ObjectDescribe } from 'c/strideCore';
import { formatLabel, removeRow, replaceRow, rowEdit } from 'c/strideLds';
import { LABELS } from './labels';

interface Row {
  key: number;
  field: string;
  value: string;
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
 * one row per updateable field of the target, with a value input that fits the field's type, typed
 * and checked by the core's planFieldUpdates (the companion applies the same plan). Reports `updateschange`
 * with `{ value, valid }`.
 */
export default class StrideFieldUpdates extends LightningElement {
  labels = LABELS;
  /** The target object's describe (fromObjectInfo). */
  @api describe: ObjectDescribe | null = null;
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
      value: entry?.value === null || entry?.value === undefined ? '' : String(entry.value)
    }));
  }

  /** Whether every update is valid for its field. */
  @api
  get valid(): boolean {
    return this.errors.every((e) => !e);
  }

  get updateableFields(): FieldDescribe[] {
    return (this.describe?.fields ?? [])
      .filter((f) => f.updateable !== false && f.type !== 'id')
      .sort((a, b) => (a.label ?? a.name).localeCompare(b.label ?? b.name));
  }

  get fieldOptions() {
    return this.updateableFields.map((f) => ({
      label: f.label ? `${f.label} (${f.name})` : f.name,
      value: f.name
    }));
  }

  private entries() {
    return this.rows.map((row) => {
      const field = this.updateableFields.find((f) => f.name === row.field);
      const text = row.value.trim();
      let value: string | number | boolean | null = text === '' ? null : text;
      if (field?.type === 'boolean') value = text === 'true';
      else if (field && NUMERIC.has(field.type) && text !== '' && Number.isFinite(Number(text)))
        value = Number(text);
      return { field: row.field, value };
    });
  }

  /** Problems by row, from the core's plan (paths such as "[1].value"). */
  get errors(): string[] {
    const errors = this.rows.map(() => '');
    if (!this.describe || this.rows.length === 0) return errors;
    const result = planFieldUpdates(this.entries(), this.describe, { now: new Date(Date.now()) });
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
      const field = this.updateableFields.find((f) => f.name === row.field);
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
    this.rows = [...this.rows, { key: this.nextKey++, field: '', value: '' }];
    this.emit();
  }

  handleRemove(event: Event) {
    this.rows = removeRow(this.rows, rowEdit(event).index);
    this.emit();
  }

  handleRowChange(event: CustomEvent<{ value: string }>) {
    // The inputs' own `change` bubbles and is composed: it stops here, parents hear `updateschange`.
    event.stopPropagation();
    const { index, part, value } = rowEdit<'field' | 'value'>(event);
    this.rows = replaceRow(this.rows, index, (row) => {
      const next = { ...row, [part]: value };
      if (part === 'field') {
        const field = this.updateableFields.find((f) => f.name === next.field);
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
