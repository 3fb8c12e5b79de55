/**
 * Custom Change Data Capture channels read from the package (`platformEventChannels`,
 * `platformEventChannelMembers`): a channel such as `/data/Stride_Changes__chn` carries the change
 * events of its member entities, each member optionally filtered by a SOQL-like `filterExpression`.
 *
 * As Salesforce does (Change Data Capture Developer Guide, "Filter Your Stream of Change Events with
 * Channels"): the filter is evaluated on the record as the transaction left it, so a field the
 * filter names need not have changed to match (auto-enrichment), and every non-empty field the filter
 * names is added to the delivered event. Header fields (`ChangeEventHeader.…`) are not supported
 * here and are refused when the channel is loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseQuery, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { readXml } from '../schema/metadata-loader';
import type { Schema } from '../schema/registry';
import type { FieldDef, ObjectDef } from '../schema/types';
import { unquote } from '../soql/compile/literals';
import { flattenWhere, type WhereToken } from '../soql/compile/where';
import type { Row } from '../store/records';
import { fromSql } from '../store/values';

export interface ChannelMember {
  /** The channel's path, e.g. `/data/Stride_Changes__chn` (namespaced: `/data/stride__Stride_Changes__chn`). */
  channel: string;
  object: ObjectDef;
  /** The filter (with the org's field names), or null for every event of the entity. */
  filter: CompiledFilter | null;
}

/** Where an event also goes: a custom channel, with the filter's fields as the record now holds them. */
export interface ChannelRoute {
  channel: string;
  enriched: Record<string, unknown>;
}

/** One committed event to route: its change (of which object) and every record it reports. */
export interface RoutableEvent {
  change: { object: ObjectDef };
  recordIds: string[];
  routes?: ChannelRoute[];
}

/**
 * Reads the package's custom channels and their members under `metadataDir`; names are qualified
 * with the org's namespace as a managed package's are. Throws, naming the file, on a member of an
 * unknown channel or entity, or a filter that does not parse or names an unknown field.
 */
export function loadChannelMembers(metadataDir: string, schema: Schema): ChannelMember[] {
  const channelsDir = path.join(metadataDir, 'platformEventChannels');
  const membersDir = path.join(metadataDir, 'platformEventChannelMembers');
  if (!fs.existsSync(channelsDir)) return [];
  const prefix = schema.namespace ? `${schema.namespace}__` : '';
  const channels = new Set(
    fs
      .readdirSync(channelsDir)
      .filter((file) => file.endsWith('.platformEventChannel-meta.xml'))
      .map((file) => file.replace(/\.platformEventChannel-meta\.xml$/, ''))
  );
  if (!fs.existsSync(membersDir)) return [];
  return fs
    .readdirSync(membersDir)
    .filter((file) => file.endsWith('.platformEventChannelMember-meta.xml'))
    .sort()
    .map((file) => {
      const where = path.join(membersDir, file);
      const body = readXml(where, 'PlatformEventChannelMember') as Record<string, string | undefined>;
      const channel = String(body.eventChannel);
      if (!channels.has(channel)) throw new Error(`${where}: channel ${channel} is not in ${channelsDir}`);
      const entity = String(body.selectedEntity)
        .replace(/__ChangeEvent$/, '__c')
        .replace(/ChangeEvent$/, '');
      const object = schema.find(schema.qualify(entity));
      if (!object) throw new Error(`${where}: no object for the entity ${body.selectedEntity}`);
      const filter = body.filterExpression
        ? compileFilter(qualifyFilter(body.filterExpression, schema), object, where)
        : null;
      return { channel: `/data/${prefix}${channel}`, object, filter };
    });
}

/** Adds the namespace to the custom field names of a filter (`Status__c` → `stride__Status__c`). */
function qualifyFilter(filter: string, schema: Schema): string {
  return filter.replace(/'(?:[^'\\]|\\.)*'|\b[A-Za-z][A-Za-z0-9_]*__c\b/g, (token) =>
    token.startsWith("'") ? token : schema.qualify(token)
  );
}

/** A compiled filter: the fields it names and a test of a stored row. */
export interface CompiledFilter {
  fields: FieldDef[];
  test: (row: Row) => boolean;
}

/** Parses a filter for its object: the fields it names (checked) and a test of a stored row. */
export function compileFilter(filter: string, object: ObjectDef, where: string): CompiledFilter {
  let clause: WhereClause | undefined;
  try {
    clause = parseQuery(`SELECT Id FROM ${object.name} WHERE ${filter}`).where;
  } catch (error) {
    throw new Error(`${where}: the filter expression does not parse: ${(error as Error).message}`);
  }
  const tokens = clause ? flattenWhere(clause) : [];
  const fields = new Map<string, FieldDef>();
  const tests: Array<(row: Row) => boolean> = [];
  for (const token of tokens) {
    if (typeof token !== 'object') continue;
    const condition = token.condition as unknown as RawCondition;
    const name = condition.field ?? '';
    if (name.startsWith('ChangeEventHeader.'))
      throw new Error(`${where}: header fields in filters (${name}) are not supported by the local org`);
    const field = object.fieldsByLowerName.get(name.toLowerCase());
    if (!field) throw new Error(`${where}: the filter names ${name}, which ${object.name} does not have`);
    fields.set(field.name, field);
    tests.push(conditionTest(condition, field, where));
  }
  return { fields: [...fields.values()], test: (row) => evaluate(tokens, tests, row) };
}

interface RawCondition {
  field?: string;
  operator: string;
  value?: string | string[];
  literalType?: string | string[];
}

/** One condition as a test of a row: SOQL's comparisons on the field's API value. */
function conditionTest(condition: RawCondition, field: FieldDef, where: string): (row: Row) => boolean {
  const operator = condition.operator.toUpperCase();
  const raw = Array.isArray(condition.value) ? condition.value : [condition.value ?? ''];
  const declared = condition.literalType ?? 'STRING';
  const types = Array.isArray(declared) ? declared : raw.map(() => declared);
  const literals = raw.map((value, i) => literal(value, types[i]));
  const valueOf = (row: Row): unknown => fromSql(field, row[field.name]);
  const comparable = (value: unknown): unknown =>
    field.type === 'datetime' || field.type === 'date'
      ? Date.parse(String(value))
      : typeof value === 'string'
        ? value.toLowerCase()
        : value;
  const equals = (actual: unknown, expected: unknown): boolean =>
    expected === null
      ? actual === null || actual === ''
      : actual !== null && comparable(actual) === comparable(expected);
  const ordered = (test: (a: number | string, b: number | string) => boolean) => (row: Row) => {
    const actual = valueOf(row);
    if (actual === null || literals[0] === null) return false;
    return test(comparable(actual) as number | string, comparable(literals[0]) as number | string);
  };
  switch (operator) {
    case '=':
      return (row) => equals(valueOf(row), literals[0]);
    case '!=':
    case '<>':
      return (row) => !equals(valueOf(row), literals[0]);
    case 'IN':
      return (row) => literals.some((l) => equals(valueOf(row), l));
    case 'NOT IN':
      return (row) => !literals.some((l) => equals(valueOf(row), l));
    case '<':
      return ordered((a, b) => a < b);
    case '>':
      return ordered((a, b) => a > b);
    case '<=':
      return ordered((a, b) => a <= b);
    case '>=':
      return ordered((a, b) => a >= b);
    case 'LIKE': {
      const pattern = new RegExp(
        `^${String(literals[0] ?? '')
          .split('')
          .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'is'
      );
      return (row) => {
        const actual = valueOf(row);
        return typeof actual === 'string' && pattern.test(actual);
      };
    }
    default:
      throw new Error(`${where}: the operator ${condition.operator} is not supported in filter expressions`);
  }
}

/** A filter literal as an API value: quoted text, numbers, booleans, null, dates as written. */
function literal(value: string, type: string): unknown {
  switch (type.toUpperCase()) {
    case 'NULL':
      return null;
    case 'BOOLEAN':
      return value.toLowerCase() === 'true';
    case 'INTEGER':
    case 'DECIMAL':
      return Number(value);
    default:
      return unquote(value);
  }
}

/** Evaluates the filter's tokens (conditions, AND / OR / NOT, parentheses) against a row. */
function evaluate(tokens: WhereToken[], tests: Array<(row: Row) => boolean>, row: Row): boolean {
  let position = 0;
  let condition = 0;
  const expression = (): boolean => {
    let value = unary();
    while (tokens[position] === 'AND' || tokens[position] === 'OR') {
      const operator = tokens[position++];
      const right = unary();
      value = operator === 'AND' ? value && right : value || right;
    }
    return value;
  };
  const unary = (): boolean => {
    const token = tokens[position++];
    if (token === 'NOT') return !unary();
    if (token === '(') {
      const value = expression();
      position++; // ')'
      return value;
    }
    return tests[condition++](row);
  };
  return expression();
}

/**
 * Routes committed events to the custom channels whose members select their entity: every event
 * of an unfiltered member, and of a filtered one those whose record, as the transaction left it
 * (deleted records included), matches the filter.
 */
export class ChannelRouter {
  private readonly byObject = new Map<string, ChannelMember[]>();

  constructor(
    members: ChannelMember[],
    private readonly rowOf: (object: ObjectDef, id: string) => Row | undefined
  ) {
    for (const member of members) {
      const list = this.byObject.get(member.object.name) ?? [];
      list.push(member);
      this.byObject.set(member.object.name, list);
    }
  }

  /** The custom channels events may go to. */
  channels(): string[] {
    return [...new Set([...this.byObject.values()].flat().map((m) => m.channel))];
  }

  /**
   * `lastRows`: each record id's row as the committing transaction left it (null for a delete, read
   * back instead), so a 200-record event does not read 200 rows back.
   */
  route(events: RoutableEvent[], lastRows: Map<string, Row | null>): void {
    for (const event of events) {
      for (const member of this.byObject.get(event.change.object.name) ?? []) {
        if (!member.filter) {
          (event.routes ??= []).push({ channel: member.channel, enriched: {} });
          continue;
        }
        // A merged event reports one change of several records: it goes if any of them matches.
        for (const id of event.recordIds) {
          const row = lastRows.get(id) ?? this.rowOf(event.change.object, id);
          if (!row || !member.filter.test(row)) continue;
          const enriched: Record<string, unknown> = {};
          for (const field of member.filter.fields) {
            const value = fromSql(field, row[field.name]);
            if (value !== null && value !== '') enriched[field.name] = value;
          }
          (event.routes ??= []).push({ channel: member.channel, enriched });
          break;
        }
      }
    }
  }
}
