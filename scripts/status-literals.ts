/**
 * What the status-literal checks share (the companion's `status-literals.test.ts` and the components'
 * `component-status-literals.test.ts`): every status value of the package, the TypeScript sources
 * under a folder, and the array literals that retype a status set instead of importing the core's.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  CONVERSATION_STATUSES,
  PARTICIPANT_ACTION_STATUSES,
  PARTICIPANT_STATUSES,
  REQUESTED_OUTCOMES
} from '../src/core/constants';

/** Every value a status-like picklist of the package can hold. */
export const STATUS_VALUES = new Set<string>([
  ...PARTICIPANT_STATUSES,
  ...PARTICIPANT_ACTION_STATUSES,
  ...CONVERSATION_STATUSES,
  ...REQUESTED_OUTCOMES
]);

/** The `.ts` files under `dir`, leaving out the folders named in `skip` (tests, generated bundles). */
export function typeScriptSources(dir: string, skip: readonly string[] = ['__tests__']): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.includes(entry.name) ? [] : typeScriptSources(full, skip);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The quoted values of a literal list's text (`'Active', 'Paused'` → Active, Paused). */
export function quoted(list: string): string[] {
  return [...list.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((m) => m[1] ?? m[2]);
}

/** A place in a file's text: its line and the literal found there. */
export interface LiteralAt {
  line: number;
  literal: string;
}

/** The 1-based line of a character index in `text`. */
export const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/**
 * Array literals of two or more quoted values that are all statuses: a retyped copy of a status set.
 *
 * @example
 * retypedStatusArrays("const OPEN = new Set(['Queued', 'Active']);") //=> [{ line: 1, literal: "['Queued', 'Active']" }]
 */
export function retypedStatusArrays(text: string): LiteralAt[] {
  const found: LiteralAt[] = [];
  for (const m of text.matchAll(
    /\[\s*((?:(?:'[^'\n]*'|"[^"\n]*")\s*,\s*)+(?:'[^'\n]*'|"[^"\n]*")\s*,?\s*)\]/g
  )) {
    if (quoted(m[1]).every((v) => STATUS_VALUES.has(v)))
      found.push({ line: lineAt(text, m.index), literal: m[0] });
  }
  return found;
}
