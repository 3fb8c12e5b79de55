/**
 * The components' GraphQL documents agree with the core's picklist values and named status sets
 * (scripts/check-graphql-picklists.ts), and the check catches each way a document can disagree.
 */
import { checkComponents, checkSource } from '../check-graphql-picklists';

/** A component source with one wired document whose `where` is `filter`. */
function component(filter: string): string {
  return [
    "import { gql, graphql } from 'lightning/uiGraphQLApi';",
    'export default class Example {',
    '  @wire(graphql, {',
    '    query: gql`',
    '      query example($id: ID) {',
    '        uiapi {',
    '          query {',
    `            Participant_Action__c(where: ${filter}) {`,
    '              edges { node { Id } }',
    '            }',
    '          }',
    '        }',
    '      }',
    '    `',
    '  })',
    '  wired;',
    '}'
  ].join('\n');
}

describe('GraphQL picklist check', () => {
  it('finds every document of the components and no disagreement', () => {
    const { documents, problems } = checkComponents();
    expect(problems).toEqual([]);
    // strideEngage, strideSequenceEditor (3), strideParticipantPanel (3), strideBulkEnroll (3), … :
    // a drop means the walk stopped finding documents.
    expect(documents).toBeGreaterThanOrEqual(12);
  });

  it('accepts a core set in any order, a single picklist value and a variable', () => {
    const filter =
      '{ and: [{ Status__c: { in: ["Deferred", "Due", "In_Progress", "Waiting_Criteria"] } }, { Type__c: { eq: "SMS" } }, { Participant__c: { eq: $id } }] }';
    expect(checkSource('x/ok.ts', component(filter))).toEqual([]);
  });

  it('names the file, the line and the list that is no core set', () => {
    const filter = '{ Status__c: { in: ["Due", "Upcoming"] } }';
    const [problem, ...rest] = checkSource('x/engage.ts', component(filter));
    expect(rest).toEqual([]);
    expect(problem.file).toBe('x/engage.ts');
    expect(problem.line).toBe(8);
    expect(problem.message).toMatch(
      /^Participant_Action__c\.Status__c in \["Due","Upcoming"\] is not one of the core's sets for Participant_Action__c\.Status__c: PARTICIPANT_ACTION_STATUSES \[Upcoming, Due, .*OPEN_ACTION_STATUSES \[Upcoming, Due, Waiting_Criteria, In_Progress, Deferred\]/
    );
  });

  it('names a value the picklist does not have, through a lookup too', () => {
    const filter =
      '{ or: [{ Status__c: { eq: "Waiting" } }, { Participant__r: { Status__c: { in: ["Active", "Stopped"] } } }] }';
    expect(checkSource('x/typo.ts', component(filter))).toEqual([
      {
        file: 'x/typo.ts',
        line: 8,
        message:
          'Participant_Action__c.Status__c eq "Waiting": "Waiting" is not a value of the picklist (Upcoming, Due, Waiting_Criteria, In_Progress, Completed, Skipped, Deferred, Failed, Canceled)'
      },
      {
        file: 'x/typo.ts',
        line: 8,
        message:
          'Sequence_Participant__c.Status__c in ["Active","Stopped"]: "Stopped" is not a value of the picklist (Queued, Active, Paused, Completed, Exited)'
      }
    ]);
  });

  it('refuses an interpolated document and one that does not parse', () => {
    const interpolated =
      'const q = gql`query { uiapi { query { X(where: ${filter}) { edges { node { Id } } } } } }`;';
    expect(checkSource('x/dynamic.ts', interpolated)).toEqual([
      {
        file: 'x/dynamic.ts',
        line: 1,
        message:
          'a gql document must be a static template (no ${}): the wire adapter cannot take it otherwise'
      }
    ]);
    const broken = checkSource('x/broken.ts', 'const q = gql`\n query { uiapi {\n`;');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ file: 'x/broken.ts', line: 3 });
    expect(broken[0].message).toMatch(/^the gql document does not parse: Syntax Error/);
  });
});
