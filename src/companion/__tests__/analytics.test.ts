/**
 * Step analytics end to end: the companion counts what happened in the org (actions by status and
 * reason, replies, bounces, opens, meetings, participants, conversions) into Step_Analytics__c,
 * recounts on its interval, and writes only the rows whose figures changed.
 */
import type { LocalOrg } from '../../local-org';
import { ANALYTICS_INTERVAL_MS, ANALYTICS_QUIET_INTERVAL_MS } from '../pass/analytics';
import { companionFor, seedEmailScenario, startTestOrg, type EmailScenario } from './helpers';

jest.setTimeout(60_000);

describe('step analytics', () => {
  let org: LocalOrg;
  let scenario: EmailScenario;
  let companion: ReturnType<typeof companionFor>;

  beforeAll(async () => {
    org = await startTestOrg();
    scenario = seedEmailScenario(org, { count: 10, withFollowUp: true });
    companion = companionFor(org);
  });
  afterAll(async () => {
    await companion.stop();
    await org.close();
  });

  const stats = (): Map<string, Record<string, unknown>> =>
    new Map(
      (
        org.data.query(
          'SELECT Key__c, Step_Number__c, Variant__c, Reached__c, Due__c, Completed__c, Skipped__c, Replied__c, Bounced__c, Opened__c, Reply_Rate__c, Enrolled__c, Converted__c, Sequence_Action__c FROM Step_Analytics__c'
        ).records as Array<Record<string, unknown>>
      ).map((row) => [String(row.Key__c), row])
    );

  it('counts each step and the sequence one interval after the companion sent the emails', async () => {
    await companion.runOnce();
    expect(stats().size).toBe(0);
    org.controls.clock.advance(ANALYTICS_INTERVAL_MS);
    await companion.runOnce();

    const rows = stats();
    expect(rows.get(`${scenario.sequenceId}:1:ALL`)).toMatchObject({
      Step_Number__c: 1,
      Variant__c: null,
      Reached__c: 10,
      Completed__c: 10,
      Due__c: 0,
      Replied__c: 0,
      Reply_Rate__c: 0,
      Sequence_Action__c: scenario.emailActionId
    });
    // Step 2 (a manual call a day later) is upcoming for everyone: not reached yet.
    expect(rows.get(`${scenario.sequenceId}:2:ALL`)).toMatchObject({
      Reached__c: 0,
      Due__c: 0,
      Completed__c: 0
    });
    expect(rows.get(`${scenario.sequenceId}:TOTAL:ALL`)).toMatchObject({
      Enrolled__c: 10,
      Converted__c: 0,
      Completed__c: 10
    });
  });

  it('recounts a quiet org only every few hours, picking up replies, bounces and opens from the Conversations', async () => {
    const conversations = org.data.query(
      `SELECT Id FROM Conversation__c WHERE Participant_Action__r.Step_Number__c = 1 ORDER BY Id`
    ).records as Array<{ Id: string }>;
    expect(conversations).toHaveLength(10);
    const at = org.controls.clock.now().toISOString();
    conversations
      .slice(0, 3)
      .forEach(({ Id }) => org.data.update('Conversation__c', Id, { Replied_At__c: at }));
    conversations
      .slice(0, 5)
      .forEach(({ Id }) => org.data.update('Conversation__c', Id, { Opened_At__c: at }));

    // The companion changed nothing since: one interval later nothing is recounted (no API call)...
    org.controls.clock.advance(ANALYTICS_INTERVAL_MS);
    await companion.runOnce();
    expect(stats().get(`${scenario.sequenceId}:1:ALL`)).toMatchObject({ Replied__c: 0 });

    // ...and the quiet recount picks up what others changed.
    org.controls.clock.advance(ANALYTICS_QUIET_INTERVAL_MS - ANALYTICS_INTERVAL_MS);
    await companion.runOnce();
    expect(stats().get(`${scenario.sequenceId}:1:ALL`)).toMatchObject({
      Replied__c: 3,
      Bounced__c: 0,
      Opened__c: 5,
      Reply_Rate__c: 30
    });

    // A bounce the companion itself syncs counts as activity: recounted one interval later.
    org.data.update('Conversation__c', conversations[9].Id, { Undeliverable__c: true });
    await companion.runOnce();
    org.controls.clock.advance(ANALYTICS_INTERVAL_MS);
    await companion.runOnce();
    expect(stats().get(`${scenario.sequenceId}:1:ALL`)).toMatchObject({ Replied__c: 3, Bounced__c: 1 });
  });
});
