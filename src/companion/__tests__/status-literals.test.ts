/**
 * One source of truth for statuses (docs/architecture.md §3): the companion never retypes a list of
 * picklist values. Its SOQL builds every `IN (...)` of statuses with `soqlList(SET)` from the core's
 * named sets, and its code compares with those sets, not with copies. This test reads the companion's
 * source and fails, naming the file, the line and the literal, when a retyped list comes back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  lineAt,
  quoted,
  retypedStatusArrays,
  STATUS_VALUES,
  typeScriptSources
} from '../../../scripts/status-literals';

const COMPANION = path.resolve(__dirname, '..');

interface Finding {
  file: string;
  line: number;
  literal: string;
}

/**
 * Retyped status lists in one file's text: a SOQL `IN (...)` whose quoted values include a status,
 * and an array literal of two or more quoted values that are all statuses.
 */
export function retypedStatusLists(file: string, text: string): Finding[] {
  const found: Finding[] = [];
  for (const m of text.matchAll(/\bIN\s*\(\s*((?:'[^']*'\s*,?\s*)+)\)/gi)) {
    if (quoted(m[1]).some((v) => STATUS_VALUES.has(v)))
      found.push({ file, line: lineAt(text, m.index), literal: m[0] });
  }
  return [...found, ...retypedStatusArrays(text).map((f) => ({ file, ...f }))];
}

/** `Status__c = 'X'` / `!= 'X'` comparisons in SOQL text whose value is no status at all (a typo). */
export function unknownStatusValues(file: string, text: string): Finding[] {
  const found: Finding[] = [];
  for (const m of text.matchAll(/\bStatus__c\s*!?=\s*'([^'$]*)'/g)) {
    if (!STATUS_VALUES.has(m[1])) found.push({ file, line: lineAt(text, m.index), literal: m[0] });
  }
  return found;
}

const show = (f: Finding) => `${path.relative(COMPANION, f.file)}:${f.line}: ${f.literal}`;

describe('status literals in the companion', () => {
  const files = typeScriptSources(COMPANION);

  it('reads the whole companion (the walk finds its passes, webhooks and CLI)', () => {
    const names = files.map((f) => path.relative(COMPANION, f).split(path.sep).join('/'));
    expect(names).toEqual(
      expect.arrayContaining(['pass/exits.ts', 'webhooks/sms-events.ts', 'status.ts', 'api.ts'])
    );
    expect(names.some((n) => n.includes('__tests__'))).toBe(false);
  });

  it('has no retyped list of statuses: SOQL lists and sets come from the core', () => {
    const found = files.flatMap((f) => retypedStatusLists(f, readFileSync(f, 'utf8')));
    expect(found.map(show)).toEqual([]);
  });

  it('compares Status__c in SOQL only with values the picklists have', () => {
    const found = files.flatMap((f) => unknownStatusValues(f, readFileSync(f, 'utf8')));
    expect(found.map(show)).toEqual([]);
  });

  it('catches a retyped SOQL list, a retyped set and a misspelt status', () => {
    const text = [
      "const q = `SELECT Id FROM Sequence_Participant__c WHERE Status__c IN ('Active','Paused')`;",
      "const OPEN = new Set(['Upcoming', 'Due']);",
      "const types = ['Call', 'SMS'];",
      "const sources = \"LeadSource IN ('Web','Partner Referral')\";",
      "const q2 = `SELECT Id FROM Participant_Action__c WHERE Status__c = 'Waiting'`;"
    ].join('\n');
    expect(retypedStatusLists('x.ts', text)).toEqual([
      { file: 'x.ts', line: 1, literal: "IN ('Active','Paused')" },
      { file: 'x.ts', line: 2, literal: "['Upcoming', 'Due']" }
    ]);
    expect(unknownStatusValues('x.ts', text)).toEqual([
      { file: 'x.ts', line: 5, literal: "Status__c = 'Waiting'" }
    ]);
  });
});
