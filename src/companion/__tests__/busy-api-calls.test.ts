/**
 * What a busy pass costs in API calls, exactly: the reads of every stage in ⌈queries / 5⌉
 * Composite requests (make-due's, execute's and template-previews' prefetched with them, nothing
 * having been written before), the open actions with the send-limit reads, and the writes at five
 * collections of 200 per Composite request. A change that adds a round trip to a busy pass shows here.
 */
import type { LocalOrg } from '../../local-org';
import { companionFor, seedEmailScenario, stampSequenceVersions, startTestOrg } from './helpers';

jest.setTimeout(60_000);

describe('a busy pass', () => {
  let org: LocalOrg;
  afterEach(async () => org.close());

  it('sends 400 due emails from a cold start in 13 API calls', async () => {
    org = await startTestOrg({ dailyEmailLimit: 1_000_000 });
    const scenario = seedEmailScenario(org, { count: 400, withFollowUp: true });
    stampSequenceVersions(org);
    org.controls.resetApiUsage();
    const companion = companionFor(org, { settings: { batchSize: 2000, dailyEmailCapPerOwner: 1_000_000 } });

    await companion.runOnce();

    expect(org.controls.emailOutbox()).toHaveLength(400);
    const completed = org.data.query(
      "SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Completed'"
    ).totalSize;
    expect(completed).toBe(scenario.emailActionIds.length);
    // Cold start 2 (the catalog's five queries with the six describes; the savers' permissions),
    // the stages' 18 reads 4, the open actions (2 queries) with /limits and the daily cap count 1,
    // claims 1 (two collections), emailSimple 2, Conversations 1 (two collections), outcomes 2
    // (1,600 records: eight collections of 200).
    expect(org.controls.apiUsage().used).toBe(13);
  });
});
