/**
 * Components compare statuses with the core's named sets imported from `c/strideCore`, never with a
 * retyped copy (docs/architecture.md §3). A `gql` document is the exception the wire adapter forces;
 * scripts/check-graphql-picklists.ts checks those. This test fails, naming the file, the line and the
 * literal, on an array of two or more status values in a component's code outside a `gql` document.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { retypedStatusArrays, typeScriptSources } from '../status-literals';

const LWC = path.resolve(__dirname, '../../force-app/main/default/lwc');

/** `file:line: literal` for each retyped status set outside `gql` templates. */
function retypedOutsideGql(file: string, text: string): string[] {
  // Blank out gql documents (keeping their lines) so their literals are left to the GraphQL check.
  const code = text.replace(/\bgql`[^`]*`/g, (doc) => doc.replace(/[^\n]/g, ' '));
  return retypedStatusArrays(code).map((f) => `${file}:${f.line}: ${f.literal}`);
}

describe('status literals in the components', () => {
  it('has no retyped status set: components import them from c/strideCore', () => {
    const files = typeScriptSources(LWC, ['__tests__', 'strideCore']);
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['strideParticipantPanel.ts', 'engageModel.ts', 'strideBulkEnroll.ts'])
    );
    const found = files.flatMap((f) => retypedOutsideGql(path.relative(LWC, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches a retyped set but not a gql document or other lists', () => {
    const text = [
      "const OPEN = new Set(['Queued', 'Active', 'Paused']);",
      "const TYPES = ['Call', 'SMS'];",
      'const q = gql`{ Status__c: { in: ["Due", "Deferred"] } }`;',
      "const DUE = new Set([\n  'Due',\n  'In_Progress'\n]);"
    ].join('\n');
    expect(retypedOutsideGql('x.ts', text)).toEqual([
      "x.ts:1: ['Queued', 'Active', 'Paused']",
      "x.ts:4: [\n  'Due',\n  'In_Progress'\n]"
    ]);
  });
});
