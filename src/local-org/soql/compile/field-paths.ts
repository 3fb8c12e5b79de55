/**
 * Names in a query resolved against the schema and the querying user's access: the FROM object,
 * field paths through parent relationships (each relationship a LEFT JOIN, one per target of a
 * polymorphic lookup, parents the user cannot read joining as null), and child relationships. A
 * name the user cannot see fails exactly as a name that does not exist.
 */
import { q } from '../../store/database';
import { ChildRelationship, FieldDef, makeField, ObjectDef } from '../../schema/types';
import { fieldSql } from './computed-fields';
import type { CompileContext } from './context';
import { CUSTOM_FIELD_HINT, CUSTOM_OBJECT_HINT, CUSTOM_RELATIONSHIP_HINT, located } from './errors';
import type { JoinTarget, Resolved, Scope } from './types';

/** The `Type` of a polymorphic relationship (What.Type), which has no column of its own. */
const POLYMORPHIC_TYPE_FIELD: FieldDef = makeField({ name: 'Type', type: 'picklist', label: 'Type' });

/** The object a FROM names, or INVALID_TYPE when it does not exist or the user cannot read it. */
export function objectFor(ctx: CompileContext, name: string): ObjectDef {
  const found = ctx.schema.find(name);
  const object = found && (!ctx.checks || ctx.checks.canReadObject(found)) ? found : undefined;
  if (!object)
    throw located(
      ctx.soql,
      name,
      `sObject type '${name}' is not supported. ${CUSTOM_OBJECT_HINT}`,
      'INVALID_TYPE'
    );
  return object;
}

function readableField(ctx: CompileContext, object: ObjectDef, name: string): FieldDef | undefined {
  const field = ctx.schema.field(object, name);
  if (!field) return undefined;
  return ctx.checks && !ctx.checks.canReadField(object, field) ? undefined : field;
}

/** Strips a leading `Alias.` or `Object.` from a field path written against the queried object. */
export function stripScopePrefix(scope: Scope, parts: string[], alias?: string): string[] {
  if (parts.length < 2) return parts;
  const first = parts[0].toLowerCase();
  if (alias && first === alias.toLowerCase()) return parts.slice(1);
  if (first === scope.object.name.toLowerCase() && !scope.object.parentRelationships.has(first))
    return parts.slice(1);
  return parts;
}

/** The join targets of a relationship path, joining them the first time the path is named. */
function joinParent(
  ctx: CompileContext,
  fromAlias: string,
  pathKey: string,
  reference: FieldDef
): JoinTarget[] {
  // A formula's joins see every record; the user's joins only the records they may read.
  const key = ctx.systemContext > 0 && ctx.access ? `system:${pathKey}` : pathKey;
  const existing = ctx.joinsByPath.get(key);
  if (existing) return existing;
  const targets: JoinTarget[] = [];
  for (const name of reference.referenceTo) {
    const object = ctx.schema.find(name);
    if (!object) continue;
    const alias = ctx.newAlias();
    // A parent the user cannot see reads as null, as Salesforce answers.
    const visible = ctx.checks?.readFilter(object, alias);
    ctx.joins.push(
      `LEFT JOIN ${q(object.name)} ${alias} ON ${alias}."Id" = ${fromAlias}.${q(reference.name)}${visible ? ` AND ${visible.sql}` : ''}`
    );
    targets.push({ alias, object });
  }
  ctx.joinsByPath.set(key, targets);
  return targets;
}

/** Walks relationship names from `scope` and returns the join targets at the end of the path. */
export function walk(
  ctx: CompileContext,
  scope: Scope,
  relationships: string[],
  rawPath: string
): { targets: JoinTarget[]; names: string[] } {
  let targets: JoinTarget[] = [{ alias: scope.alias, object: scope.object }];
  let pathKey = scope.alias;
  const names: string[] = [];
  for (const relationship of relationships) {
    if (targets.length !== 1) {
      throw ctx.invalidField(
        rawPath,
        `Didn't understand relationship '${relationship}' in field path. ${CUSTOM_RELATIONSHIP_HINT}`
      );
    }
    const candidate = targets[0].object.parentRelationships.get(relationship.toLowerCase());
    const checks = ctx.checks;
    const reference =
      candidate &&
      (!checks ||
        (checks.canReadField(targets[0].object, candidate) &&
          candidate.referenceTo.some((n) => {
            const target = ctx.schema.find(n);
            return target !== undefined && checks.canReadObject(target);
          })))
        ? candidate
        : undefined;
    if (!reference) {
      throw ctx.invalidField(
        rawPath,
        `Didn't understand relationship '${relationship}' in field path. ${CUSTOM_RELATIONSHIP_HINT}`
      );
    }
    names.push(String(reference.relationshipName));
    pathKey += `.${reference.relationshipName}`;
    targets = joinParent(ctx, targets[0].alias, pathKey, reference);
  }
  return { targets, names };
}

/** Resolves a field path (relationships then a field) to a SQL expression and its field. */
export function resolve(
  ctx: CompileContext,
  scope: Scope,
  parts: string[],
  rawPath = parts.join('.')
): Resolved {
  const fieldName = parts[parts.length - 1];
  const { targets } = walk(ctx, scope, parts.slice(0, -1), rawPath);
  if (targets.length > 1 && fieldName.toLowerCase() === 'type') {
    // Polymorphic lookups (Who, What) expose the target's object name as `Type`.
    const cases = targets.map((t) => `WHEN ${t.alias}."Id" IS NOT NULL THEN '${t.object.name}'`).join(' ');
    return { expr: `(CASE ${cases} END)`, field: POLYMORPHIC_TYPE_FIELD };
  }
  const found = targets
    .map((t) => ({ target: t, field: readableField(ctx, t.object, fieldName) }))
    .filter((x): x is { target: JoinTarget; field: FieldDef } => x.field !== undefined);
  if (found.length === 0) {
    const owner = targets[0]?.object.name ?? scope.object.name;
    throw ctx.invalidField(
      rawPath,
      `No such column '${fieldName}' on entity '${owner}'. ${CUSTOM_FIELD_HINT}`
    );
  }
  const exprs = found.map((x) => fieldSql(ctx, x.target, x.field, rawPath));
  return { expr: exprs.length === 1 ? exprs[0] : `COALESCE(${exprs.join(', ')})`, field: found[0].field };
}

/** The child relationship a subquery's FROM names (`Participant_Actions__r`), if the user may read it. */
export function childRelationship(
  ctx: CompileContext,
  parent: ObjectDef,
  relationshipName: string
): ChildRelationship {
  const candidate = parent.childRelationships.find(
    (r) => r.relationshipName?.toLowerCase() === relationshipName.toLowerCase()
  );
  const childType = candidate ? ctx.schema.find(candidate.childSObject) : undefined;
  const relationship =
    candidate &&
    childType &&
    (!ctx.checks || ctx.checks.canReadField(childType, ctx.schema.field(childType, candidate.field)!))
      ? candidate
      : undefined;
  if (!relationship) {
    throw ctx.invalidField(
      relationshipName,
      `Didn't understand relationship '${relationshipName}' in FROM part of query call. ${CUSTOM_RELATIONSHIP_HINT}`
    );
  }
  return relationship;
}
