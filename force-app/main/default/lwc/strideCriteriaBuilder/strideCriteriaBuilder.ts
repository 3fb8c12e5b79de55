import { LightningElement, api } from 'lwc';
import {
  OPERATORS_BY_TYPE,
  OPERATOR_ARITY,
  operatorLabel,
  parseCriteria,
  validateCriteria
} from 'c/strideCore';
import type { CriteriaOperator, FieldDescribe, ObjectDescribe } from 'c/strideCore';
import { formatLabel } from 'c/strideLds';
import { LABELS } from './labels';

type Logic = 'AND' | 'OR' | 'CUSTOM';
type Scalar = string | number | boolean;

interface Row {
  key: number;
  field: string;
  operator: CriteriaOperator | '';
  /** Text as typed; typed into numbers, booleans or lists when the JSON is built. */
  value: string;
  valueTo: string;
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);

/**
 * Builds criteria JSON (DESIGN.md §5): rows of field, operator (by the field's type) and a value
 * input fitting the type, joined by AND, OR or custom logic. Everything is validated live with
 * the core's parser and validator (the companion runs the same code), and a custom-logic error
 * shows where it is. Reports `change` with `{ value, valid }`; an empty builder means "no criteria".
 */
export default class StrideCriteriaBuilder extends LightningElement {
  labels = LABELS;
  /** Accessible name of the whole builder (e.g. "Entry criteria"). */
  @api label = '';
  /** The object the criteria test (Lead, Contact …). */
  @api objectApiName = '';
  /** Describes by object name (see fromObjectInfo); the fields offered are those of objectApiName. */
  @api catalog: Record<string, ObjectDescribe> = {};

  rows: Row[] = [];
  logic: Logic = 'AND';
  expression = '';
  private nextKey = 1;
  private lastValue = '';

  /** The criteria JSON; blank for none. */
  @api
  get value(): string {
    return this.lastValue;
  }
  set value(json: string) {
    if (json === this.lastValue) return;
    this.lastValue = json ?? '';
    this.load(this.lastValue);
  }

  /** Whether the current criteria are valid (checked by a parent before saving). */
  @api
  get valid(): boolean {
    return !this.parseError && this.conditionErrors.every((e) => !e);
  }

  private load(json: string) {
    this.rows = [];
    this.logic = 'AND';
    this.expression = '';
    if (!json.trim()) return;
    const parsed = parseCriteria(json);
    let data: { logic?: Logic; expression?: string; conditions?: unknown[] } = {};
    if (parsed.ok) {
      data = parsed.value;
    } else {
      // Invalid stored criteria still load what can be read, so the admin sees the problem and fixes it.
      try {
        const raw = JSON.parse(json) as typeof data;
        data = raw && typeof raw === 'object' ? raw : {};
      } catch {
        data = {};
      }
    }
    this.logic = (data.logic as Logic) ?? 'AND';
    this.expression = data.expression ?? '';
    this.rows = (Array.isArray(data.conditions) ? data.conditions : [])
      .filter((c) => c && typeof c === 'object')
      .map((c) => c as { field: string; operator: CriteriaOperator; value?: unknown })
      .map((c) => {
        const values = Array.isArray(c.value)
          ? c.value
          : c.value === undefined || c.value === null
            ? []
            : [c.value];
        const arity = OPERATOR_ARITY[c.operator] ?? 'single';
        return {
          key: this.nextKey++,
          field: String(c.field ?? ''),
          operator: c.operator,
          value: arity === 'pair' ? String(values[0] ?? '') : values.map(String).join(', '),
          valueTo: arity === 'pair' ? String(values[1] ?? '') : ''
        };
      });
  }

  get fields(): FieldDescribe[] {
    const describe = this.catalog?.[this.objectApiName];
    return describe
      ? [...describe.fields].sort((a, b) => (a.label ?? a.name).localeCompare(b.label ?? b.name))
      : [];
  }

  get fieldOptions() {
    return this.fields.map((f) => ({ label: f.label ? `${f.label} (${f.name})` : f.name, value: f.name }));
  }

  get logicOptions() {
    return [
      { label: this.labels.logicAnd, value: 'AND' },
      { label: this.labels.logicOr, value: 'OR' },
      { label: this.labels.logicCustom, value: 'CUSTOM' }
    ];
  }

  get isCustom() {
    return this.logic === 'CUSTOM';
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  /** The criteria as the JSON the companion reads; '' when there are no conditions. */
  private get criteria() {
    if (this.rows.length === 0) return null;
    return {
      logic: this.logic,
      ...(this.logic === 'CUSTOM' ? { expression: this.expression } : {}),
      conditions: this.rows.map((row) => {
        const field = this.fieldNamed(row.field);
        const condition: { field: string; operator: string; value?: Scalar | Scalar[] | null } = {
          field: row.field,
          operator: row.operator
        };
        const value = this.typedValue(row, field);
        if (value !== undefined) condition.value = value;
        return condition;
      })
    };
  }

  private fieldNamed(name: string) {
    return this.fields.find((f) => f.name === name);
  }

  private typedValue(row: Row, field: FieldDescribe | undefined): Scalar | Scalar[] | undefined {
    if (!row.operator) return undefined;
    const arity = OPERATOR_ARITY[row.operator];
    const one = (text: string): Scalar => {
      const trimmed = text.trim();
      if (field?.type === 'boolean') return trimmed === 'true';
      if (field && NUMERIC.has(field.type) && trimmed !== '' && Number.isFinite(Number(trimmed)))
        return Number(trimmed);
      return trimmed;
    };
    if (arity === 'none') return undefined;
    if (arity === 'pair') return [one(row.value), one(row.valueTo)];
    if (arity === 'list')
      return row.value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .map(one);
    return one(row.value);
  }

  get parsed() {
    const criteria = this.criteria;
    return criteria ? parseCriteria(criteria) : null;
  }

  /** The first structural or logic problem (with its position in the custom logic), or ''. */
  get parseError(): string {
    const parsed = this.parsed;
    return parsed && !parsed.ok ? parsed.error.message : '';
  }

  get errorPosition(): number | undefined {
    const parsed = this.parsed;
    return parsed && !parsed.ok ? parsed.error.position : undefined;
  }

  /** The custom logic split around the character the error points at, to underline it. */
  get expressionMarker() {
    const position = this.errorPosition;
    if (!this.isCustom || position === undefined) return null;
    const index = position - 1;
    return {
      before: this.expression.slice(0, index),
      at: this.expression.slice(index, index + 1) || '\u2423',
      after: this.expression.slice(index + 1),
      label: formatLabel(this.labels.errorAt, position)
    };
  }

  /** Per-row problems from the validator (field, operator for the type, value), by row index. */
  get conditionErrors(): string[] {
    const parsed = this.parsed;
    const errors = this.rows.map(() => '');
    if (!parsed?.ok || !this.catalog?.[this.objectApiName]) return errors;
    const result = validateCriteria(parsed.value, this.catalog, this.objectApiName);
    if (result.ok) return errors;
    for (const error of result.error) {
      const index = Number(/conditions\[(\d+)\]/.exec(error.path ?? '')?.[1]);
      if (Number.isInteger(index) && index < errors.length) errors[index] = error.message;
    }
    return errors;
  }

  get rowViews() {
    const errors = this.conditionErrors;
    return this.rows.map((row, index) => {
      const field = this.fieldNamed(row.field);
      const operators = field ? OPERATORS_BY_TYPE[field.type] : [];
      const arity = row.operator ? OPERATOR_ARITY[row.operator] : 'none';
      const type = field?.type;
      const isPicklist = type === 'picklist' || type === 'multipicklist';
      const isBoolean = type === 'boolean';
      return {
        ...row,
        index,
        number: index + 1,
        legend: formatLabel(this.labels.condition, index + 1),
        removeLabel: formatLabel(this.labels.remove, index + 1),
        operatorOptions: operators.map((op) => ({ label: operatorLabel(op, field!.type), value: op })),
        showValue: arity === 'single' && !isBoolean,
        showBoolean: arity === 'single' && isBoolean,
        showList: arity === 'list',
        showPair: arity === 'pair',
        inputType: type && NUMERIC.has(type) ? 'number' : 'text',
        valueHelp:
          type === 'date' || type === 'datetime'
            ? this.labels.dateHelp
            : isPicklist
              ? this.picklistHelp(field!)
              : '',
        listHelp: isPicklist ? this.picklistHelp(field!) : this.labels.valuesHelp,
        booleanOptions: [
          { label: this.labels.trueLabel, value: 'true' },
          { label: this.labels.falseLabel, value: 'false' }
        ],
        error: errors[index]
      };
    });
  }

  private picklistHelp(field: FieldDescribe) {
    const values = (field.picklistValues ?? []).map((p) => p.value);
    return values.length ? `${this.labels.valuesHelp}: ${values.join(', ')}` : this.labels.valuesHelp;
  }

  handleLogic(event: CustomEvent<{ value: Logic }>) {
    this.logic = event.detail.value;
    if (this.logic === 'CUSTOM' && !this.expression) {
      this.expression = this.rows.map((_, i) => String(i + 1)).join(' AND ');
    }
    this.emit();
  }

  handleExpression(event: CustomEvent<{ value: string }>) {
    this.expression = event.detail.value ?? '';
    this.emit();
  }

  handleAdd() {
    this.rows = [...this.rows, { key: this.nextKey++, field: '', operator: '', value: '', valueTo: '' }];
    if (this.logic === 'CUSTOM' && this.expression)
      this.expression = `${this.expression} AND ${this.rows.length}`;
    this.emit();
  }

  handleRemove(event: Event) {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    this.rows = this.rows.filter((_, i) => i !== index);
    this.emit();
  }

  handleRowChange(event: CustomEvent<{ value: string }>) {
    const target = event.currentTarget as HTMLElement;
    const index = Number(target.dataset.index);
    const part = target.dataset.part as 'field' | 'operator' | 'value' | 'valueTo';
    this.rows = this.rows.map((row, i) => {
      if (i !== index) return row;
      const next = { ...row, [part]: event.detail.value ?? '' } as Row;
      if (part === 'field') {
        // A new field resets the operator to the first one its type allows.
        const field = this.fieldNamed(next.field);
        next.operator = field ? OPERATORS_BY_TYPE[field.type][0] : '';
        next.value = field?.type === 'boolean' ? 'true' : '';
        next.valueTo = '';
      }
      return next;
    });
    this.emit();
  }

  private emit() {
    const criteria = this.criteria;
    this.lastValue = criteria ? JSON.stringify(criteria) : '';
    this.dispatchEvent(new CustomEvent('change', { detail: { value: this.lastValue, valid: this.valid } }));
  }
}
