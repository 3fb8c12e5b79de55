/**
 * Components compare statuses with the core's named sets imported from `c/strideCore`, never with a
 * retyped copy (docs/architecture.md §3). A `gql` document is the exception the wire adapter forces;
 * scripts/check-graphql-picklists.ts checks those. This test fails, naming the file, the line and the
 * literal, on an array of two or more status values in a component's code outside a `gql` document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CONVERSATION_STATUSES,
  PARTICIPANT_ACTION_STATUSES,
  PARTICIPANT_STATUSES,
  REQUESTED_OUTCOMES
} from '../../src/core/constants';

const LWC = path.resolve(__dirname, '../../force-app/main/default/lwc');
const STATUS_VALUES = new Set<string>([
  ...PARTICIPANT_STATUSES,
  ...PARTICIPANT_ACTION_STATUSES,
  ...CONVERSATION_STATUSES,
  ...REQUESTED_OUTCOMES
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === '__tests__' || entry.name === 'strideCore' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `file:line: literal` for each array literal of two or more quoted status values outside `gql` templates. */
export function retypedStatusArrays(file: string, text: string): string[] {
  // Blank out gql documents (keeping their lines) so their literals are left to the GraphQL check.
  const code = text.replace(/\bgql`[^`]*`/g, (doc) => doc.replace(/[^\n]/g, ' '));
  const found: string[] = [];
  for (const m of code.matchAll(/\[\s*((?:'[^'\n]*'\s*,\s*)+'[^'\n]*'\s*,?\s*)\]/g)) {
    const values = [...m[1].matchAll(/'([^']*)'/g)].map((v) => v[1]);
    if (values.every((v) => STATUS_VALUES.has(v)))
      found.push(`${file}:${code.slice(0, m.index).split('\n').length}: ${m[0]}`);
  }
  return found;
}

describe('status literals in the components', () => {
  it('has no retyped status set: components import them from c/strideCore', () => {
    const files = sources(LWC);
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['strideParticipantPanel.ts', 'engageModel.ts', 'strideBulkEnroll.ts'])
    );
    const found = files.flatMap((f) => retypedStatusArrays(path.relative(LWC, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches a retyped set but not a gql document or other lists', () => {
    const text = [
      "const OPEN = new Set(['Queued', 'Active', 'Paused']);",
      "const TYPES = ['Call', 'SMS'];",
      'const q = gql`{ Status__c: { in: ["Due", "Deferred"] } }`;',
      "const DUE = new Set([\n  'Due',\n  'In_Progress'\n]);"
    ].join('\n');
    expect(retypedStatusArrays('x.ts', text)).toEqual([
      "x.ts:1: ['Queued', 'Active', 'Paused']",
      "x.ts:4: [\n  'Due',\n  'In_Progress'\n]"
    ]);
  });
});
