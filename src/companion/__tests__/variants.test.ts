/**
 * A/B variants in the send path: each participant gets its variant's subject and body (email) or
 * text (SMS), chosen by the core, recorded as Variant__c, and never changed by a later pass.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { assignVariant } from '../../core/variants';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

type Row = Record<string, unknown>;

let org: LocalOrg;
beforeEach(async () => {
  org = await startTestOrg();
});
afterEach(async () => {
  await org.close();
});

const SPLIT = [
  { key: 'A', splitPercent: 50 },
  { key: 'B', splitPercent: 50 }
];

function addVariants(actionId: string, subject: boolean): void {
  for (const key of ['A', 'B'])
    org.data.create('Action_Variant__c', {
      Sequence_Action__c: actionId,
      Variant_Key__c: key,
      Split_Percent__c: 50,
      Subject__c: subject ? `Subject ${key} for {!Recipient.FirstName}` : null,
      Body__c: `Body ${key} for {!Recipient.FirstName}`
    });
}

function actions(): Row[] {
  return org.data.query(
    'SELECT Id, Participant__c, Status__c, Variant__c FROM Participant_Action__c WHERE Step_Number__c = 1 ORDER BY Id'
  ).records as Row[];
}

describe('A/B variants when sending', () => {
  it("sends each participant its variant's email and records it, the same on every pass", async () => {
    const scenario = seedEmailScenario(org, { count: 10 });
    addVariants(scenario.emailActionId, true);
    const expected = scenario.participantIds.map((id) => assignVariant(id, scenario.emailActionId, SPLIT));
    // The ids of this org make both variants appear.
    expect(new Set(expected)).toEqual(new Set(['A', 'B']));

    const companion = companionFor(org);
    await companion.runOnce();
    const sent = new Map(org.controls.emailOutbox().map((e) => [e.relatedRecordId, e]));
    scenario.emailActionIds.forEach((paId, i) => {
      expect([sent.get(paId)?.subject, sent.get(paId)?.body]).toEqual([
        `Subject ${expected[i]} for Lee${i}`,
        `Body ${expected[i]} for Lee${i}`
      ]);
    });
    expect(actions().map((a) => [a.Id, a.Status__c, a.Variant__c])).toEqual(
      scenario.emailActionIds.map((id, i) => [id, 'Completed', expected[i]])
    );

    // The admin ends variant A and the first action is sent again (a rep's re-send): its recorded
    // variant stays, whatever the split says now.
    for (const v of org.data.query("SELECT Id FROM Action_Variant__c WHERE Variant_Key__c = 'A'")
      .records as Row[])
      org.data.update('Action_Variant__c', v.Id as string, { Ended__c: true });
    const first = scenario.emailActionIds[expected.indexOf('A')];
    org.data.update('Participant_Action__c', first, { Status__c: 'Due', Completed_At__c: null });
    org.data.update('Sequence_Participant__c', scenario.participantIds[expected.indexOf('A')], {
      Status__c: 'Active',
      Current_Step__c: 1
    });
    org.controls.clearEmailOutbox();
    await companionFor(org).runOnce();
    const again = org.controls.emailOutbox();
    expect(again.map((e) => [e.relatedRecordId, e.subject])).toEqual([
      [first, `Subject A for Lee${expected.indexOf('A')}`]
    ]);
    expect(actions().find((a) => a.Id === first)?.Variant__c).toBe('A');
  });

  it("sends each participant its variant's SMS text", async () => {
    const numbers = Array.from({ length: 10 }, (_, i) => `+141555526${70 + i}`);
    const scenario = seedEmailScenario(org, { count: 10, lead: (i) => ({ MobilePhone: numbers[i] }) });
    org.data.update('Sequence_Action__c', scenario.emailActionId, { Type__c: 'SMS', Body__c: 'Plain text' });
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, { Type__c: 'SMS' });
    addVariants(scenario.emailActionId, false);
    org.controls.clock.set('2026-12-01T17:00:00Z'); // inside SMS hours in New York
    const expected = scenario.participantIds.map((id) => assignVariant(id, scenario.emailActionId, SPLIT));
    expect(new Set(expected)).toEqual(new Set(['A', 'B']));

    await companionFor(org).runOnce();
    const byNumber = new Map(org.controls.smsOutbox().map((m) => [m.to, m.body]));
    expect(numbers.map((n) => byNumber.get(n))).toEqual(expected.map((key, i) => `Body ${key} for Lee${i}`));
    expect(actions().map((a) => a.Variant__c)).toEqual(expected);
  });
});
