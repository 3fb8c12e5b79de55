import { LightningElement, api, wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import {
  OPERATORS_BY_TYPE,
  OPERATOR_ARITY,
  findObject,
  operatorLabel,
  parseCriteria,
  resolveFieldPath,
  validateCriteria
} from 'c/strideCore';
import type { CriteriaOperator, FieldDescribe, ObjectDescribe } from 'c/strideCore';
import { catalogFromObjectInfos, formatLabel, removeRow, replaceRow, rowEdit } from 'c/strideLds';
import type { ObjectInfosData } from 'c/strideLds';
import { LABELS } from './labels';

type Logic = 'AND' | 'OR' | 'CUSTOM';

/** Radio groups share a name page-wide: each builder needs its own, or one builder's choice clears another's. */
let builderCount = 0;
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

/** A lookup the criteria may follow one level up (`Account.Industry`), with the object it reaches. */
interface Relationship {
  relationshipName: string;
  target: ObjectDescribe;
}

/** The lookup a field path goes through (`Account` for `Account.Industry` or `Account.`), if any. */
function relationshipOf(path: string, relationships: Relationship[]): Relationship | undefined {
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const wanted = path.slice(0, dot).toLowerCase();
  return relationships.find((r) => r.relationshipName.toLowerCase() === wanted);
}

const byLabel = (a: FieldDescribe, b: FieldDescribe) => (a.label ?? a.name).localeCompare(b.label ?? b.name);

/**
 * Builds criteria JSON (docs/architecture.md §5): rows of field, operator (by the field's type) and a value
 * input fitting the type, joined by AND, OR or custom logic. A field is one of the object's own or,
 * through a lookup, one of its parent's (`Account.Industry`, one level deep): the field list ends
 * with the lookups, and choosing one shows a second list with the parent's fields. The describes of
 * parents the catalog lacks are read with getObjectInfos. Everything is validated live with
 * the core's parser and validator (the companion runs the same code), and a custom-logic error
 * shows where it is. Reports `criteriachange` with `{ value, valid }`; an empty builder means "no
 * criteria". The base components' own `change` events bubble and are composed, so every handler
 * stops them here: a parent only ever hears `criteriachange`.
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
  /** Describes of the parent objects the catalog lacks, read here. */
  parentCatalog: Record<string, ObjectDescribe> = {};
  expression = '';
  private nextKey = 1;
  private lastValue = '';
  /** This builder's radio group name (unique on the page). */
  readonly logicGroupName = `stride-criteria-logic-${++builderCount}`;

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

  /** The catalog given, with the parent describes read here (the given ones win: they carry picklists). */
  get fullCatalog(): Record<string, ObjectDescribe> {
    return { ...this.parentCatalog, ...(this.catalog ?? {}) };
  }

  get fields(): FieldDescribe[] {
    const describe = this.catalog?.[this.objectApiName];
    return describe ? [...describe.fields].sort(byLabel) : [];
  }

  /** Lookups of the object, each with the parent the core resolves it to (the first it has a describe of). */
  get relationships(): Relationship[] {
    const catalog = this.fullCatalog;
    return this.fields
      .filter((f) => f.type === 'reference' && f.relationshipName)
      .flatMap((f) => {
        const target = (f.referenceTo ?? []).map((name) => findObject(catalog, name)).find(Boolean);
        return target ? [{ relationshipName: f.relationshipName as string, target }] : [];
      })
      .sort((a, b) => a.relationshipName.localeCompare(b.relationshipName));
  }

  /**
   * The parents to read: for each lookup whose targets the catalog has none of, the first target
   * (the one the core would follow). Undefined when there is nothing to read, so the wire waits.
   */
  get parentObjects(): string[] | undefined {
    const catalog = this.catalog ?? {};
    const missing = this.fields
      .filter((f) => f.type === 'reference' && f.relationshipName && f.referenceTo?.length)
      .filter((f) => f.referenceTo!.every((name) => !findObject(catalog, name)))
      .map((f) => f.referenceTo![0]);
    return missing.length ? [...new Set(missing)].sort() : undefined;
  }

  @wire(getObjectInfos, { objectApiNames: '$parentObjects' })
  wiredParents({ data }: { data?: ObjectInfosData }) {
    if (data) this.parentCatalog = catalogFromObjectInfos(data);
  }

  /** The object's own fields, then one entry per lookup (its value ends with a dot: `Account.`). */
  get fieldOptions() {
    return [
      ...this.fields.map((f) => ({ label: f.label ? `${f.label} (${f.name})` : f.name, value: f.name })),
      ...this.relationships.map((r) => ({
        label: formatLabel(this.labels.related, r.relationshipName, r.target.label ?? r.target.name),
        value: `${r.relationshipName}.`
      }))
    ];
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

  /** The field a row names, its own or a parent's (`Account.Industry`), resolved as the core does. */
  private fieldNamed(path: string): FieldDescribe | undefined {
    if (!path || path.endsWith('.')) return undefined;
    const resolved = resolveFieldPath(this.fullCatalog, this.objectApiName, path);
    return resolved.ok ? resolved.value.field : undefined;
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
    const result = validateCriteria(parsed.value, this.fullCatalog, this.objectApiName);
    if (result.ok) return errors;
    for (const error of result.error) {
      const index = Number(/conditions\[(\d+)\]/.exec(error.path ?? '')?.[1]);
      if (Number.isInteger(index) && index < errors.length) errors[index] = error.message;
    }
    return errors;
  }

  get rowViews() {
    const errors = this.conditionErrors;
    const relationships = this.relationships;
    return this.rows.map((row, index) => {
      const field = this.fieldNamed(row.field);
      const operators = field ? OPERATORS_BY_TYPE[field.type] : [];
      const arity = row.operator ? OPERATOR_ARITY[row.operator] : 'none';
      const type = field?.type;
      const isPicklist = type === 'picklist' || type === 'multipicklist';
      const isBoolean = type === 'boolean';
      const relationship = relationshipOf(row.field, relationships);
      return {
        ...row,
        index,
        number: index + 1,
        fieldChoice: relationship ? `${relationship.relationshipName}.` : row.field,
        parent: relationship
          ? {
              label: formatLabel(this.labels.relatedField, relationship.relationshipName),
              value: row.field.slice(relationship.relationshipName.length + 1),
              options: [...relationship.target.fields]
                .sort(byLabel)
                .map((f) => ({ label: f.label ? `${f.label} (${f.name})` : f.name, value: f.name }))
            }
          : null,
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
    event.stopPropagation();
    this.logic = event.detail.value;
    if (this.logic === 'CUSTOM' && !this.expression) {
      this.expression = this.rows.map((_, i) => String(i + 1)).join(' AND ');
    }
    this.emit();
  }

  handleExpression(event: CustomEvent<{ value: string }>) {
    event.stopPropagation();
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
    this.rows = removeRow(this.rows, rowEdit(event).index);
    this.emit();
  }

  handleRowChange(event: CustomEvent<{ value: string }>) {
    event.stopPropagation();
    const { index, part, value } = rowEdit<'field' | 'parentField' | 'operator' | 'value' | 'valueTo'>(event);
    this.rows = replaceRow(this.rows, index, (row) => {
      const next =
        part === 'parentField'
          ? { ...row, field: `${row.field.slice(0, row.field.indexOf('.'))}.${value}` }
          : ({ ...row, [part]: value } as Row);
      if (part === 'field' || part === 'parentField') {
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
    this.dispatchEvent(
      new CustomEvent('criteriachange', { detail: { value: this.lastValue, valid: this.valid } })
    );
  }
}
