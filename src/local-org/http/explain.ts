/**
 * Query plans (`GET /query?explain=<SOQL>`), approximated from SQLite: the SOQL is compiled as for
 * a query, SQLite's `EXPLAIN QUERY PLAN` says whether the leading table is read through an index or
 * scanned, and the cardinalities are real counts. `relativeCost` is a plausible figure (below 1
 * through an index, 1 or more for a table scan), not the Force.com optimizer's; the plan says which
 * filters are unindexed as an org's notes do. Explaining a report or list view id is refused.
 */
import { SalesforceError } from '../errors';
import type { OrgState } from '../org-state';
import { q } from '../store/database';

interface PlanRow {
  detail: string;
}

/** Field names used in WHERE (top level and nested conditions). */
function whereFields(where: unknown, found = new Set<string>()): Set<string> {
  if (!where || typeof where !== 'object') return found;
  const node = where as { left?: { field?: string }; right?: unknown };
  if (node.left?.field) found.add(node.left.field);
  whereFields(node.right, found);
  return found;
}

function indexedColumns(org: OrgState, table: string): Set<string> {
  const columns = new Set<string>(['Id']);
  const indexes = org.db.prepare(`PRAGMA index_list(${q(table)})`).all() as { name: string }[];
  for (const index of indexes) {
    const info = org.db.prepare(`PRAGMA index_info(${q(index.name)})`).all() as {
      name: string;
      seqno: number;
    }[];
    const first = info.find((c) => c.seqno === 0);
    if (first) columns.add(first.name);
  }
  return columns;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function explainQuery(org: OrgState, explain: string): Record<string, unknown> {
  if (/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(explain.trim())) {
    throw new SalesforceError(
      'FUNCTIONALITY_NOT_ENABLED',
      'The local org does not support query plans of reports and list views: explain a SOQL query'
    );
  }
  const parsed = org.engine.parse(explain);
  const compiled = org.engine.compile(parsed, explain, false);
  const object = compiled.object;
  const plan = org.db.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.params) as PlanRow[];
  const leading = plan.find((row) => /^(SCAN|SEARCH)\b/.test(row.detail)) ?? { detail: 'SCAN' };
  const indexColumn =
    /USING (?:COVERING )?INDEX \S+ \(([^=<> ]+)/.exec(leading.detail)?.[1] ??
    (/PRIMARY KEY/.test(leading.detail) ? 'Id' : null);
  const usesIndex = leading.detail.startsWith('SEARCH') && indexColumn !== null;
  const cardinality = (org.db.prepare(compiled.countSql).get(...compiled.params) as { n: number }).n;
  const sobjectCardinality = (
    org.db.prepare(`SELECT COUNT(*) AS n FROM ${q(object.name)} WHERE "IsDeleted" = 0`).get() as { n: number }
  ).n;
  const selectivity = sobjectCardinality === 0 ? 0 : cardinality / sobjectCardinality;
  const indexed = indexedColumns(org, object.name);
  const unindexed = [...whereFields(parsed.where)].filter(
    (f) => !f.includes('.') && !indexed.has(org.schema.field(object, f)?.name ?? f)
  );
  const notes = unindexed.length
    ? [
        {
          description: 'Not considering filter for optimization because unindexed',
          fields: unindexed,
          tableEnumOrId: object.name
        }
      ]
    : [];
  const tableScan = {
    cardinality,
    fields: [],
    leadingOperationType: 'TableScan',
    notes,
    relativeCost: round(1 + selectivity * 0.5),
    sobjectCardinality,
    sobjectType: object.name
  };
  const plans = usesIndex
    ? [
        {
          cardinality,
          fields: [indexColumn],
          leadingOperationType: 'Index',
          notes,
          relativeCost: round(0.1 + selectivity * 0.8),
          sobjectCardinality,
          sobjectType: object.name
        },
        tableScan
      ]
    : [tableScan];
  return { plans, sourceQuery: explain };
}
