/**
 * The SQL of one field at a join target: its column, or, for a computed field, its computation —
 * a formula that is a field path, a checkbox formula comparing two paths, a compound address,
 * LastActivityDate, a COUNT roll-up. Formulas read in system context, as in an org.
 */
import { q } from '../../store/database';
import type { FieldDef } from '../../schema/types';
import type { CompileContext } from './context';
import { resolve } from './field-paths';
import type { JoinTarget } from './types';

export function fieldSql(ctx: CompileContext, target: JoinTarget, field: FieldDef, rawPath: string): string {
  const computation = field.computation;
  if (computation?.kind === 'path') {
    ctx.systemContext++;
    try {
      return resolve(ctx, { alias: target.alias, object: target.object }, computation.path, rawPath).expr;
    } finally {
      ctx.systemContext--;
    }
  }
  if (computation?.kind === 'equals') {
    const scope = { alias: target.alias, object: target.object };
    ctx.systemContext++;
    try {
      const left = resolve(ctx, scope, computation.left, rawPath).expr;
      const right = resolve(ctx, scope, computation.right, rawPath).expr;
      return `(CASE WHEN (${left}) = (${right}) THEN 1 ELSE 0 END)`;
    } finally {
      ctx.systemContext--;
    }
  }
  if (computation?.kind === 'compound') {
    // One JSON object of the components; fromSql turns it into the compound value (null when empty).
    const parts = Object.entries(computation.components).map(
      ([key, name]) => `'${key}', ${target.alias}.${q(name)}`
    );
    return `json_object(${parts.join(', ')})`;
  }
  if (computation?.kind === 'lastActivity') {
    const links = computation.taskFields.map((f) => `la.${q(f)} = ${target.alias}."Id"`).join(' OR ');
    return `(SELECT MAX(COALESCE(la."ActivityDate", substr(la."CompletedDateTime", 1, 10))) FROM "Task" la WHERE (${links}) AND la."IsClosed" = 1 AND la."IsDeleted" = 0)`;
  }
  if (computation?.kind === 'rollupCount') {
    const child = ctx.schema.find(computation.childObject);
    if (!child) return '0';
    return `(SELECT COUNT(*) FROM ${q(child.name)} rc WHERE rc.${q(computation.childField)} = ${target.alias}."Id" AND rc."IsDeleted" = 0)`;
  }
  return `${target.alias}.${q(field.name)}`;
}
