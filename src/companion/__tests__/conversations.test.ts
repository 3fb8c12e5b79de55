/**
 * Opt-out exits, Conversation records for every sent email and SMS (idempotent upserts), the reply
 * and bounce sync with exit on reply / bounce, and the per-owner daily cap shared by two workers —
 * in process, over HTTP against the local org.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { companionFor, countBy, seedEmailScenario, startTestOrg } from './helpers';

type Row = Record<string, unknown>;

function rows(org: LocalOrg, soql: string): Row[] {
  return org.data.query(soql).records as Row[];
}

function byId(list: Row[]): Map<string, Row> {
  return new Map(list.map((r) => [r.Id as string, r]));
}

let org: LocalOrg;
beforeEach(async () => {
  org = await startTestOrg();
});
afterEach(async () => {
  await org.close();
});

describe('email opt-out on a sequence set to exit on it (Exit_On_Email_Opt_Out__c)', () => {
  it('exits the participant in the exits stage only while an email lies ahead', async () => {
    const scenario = seedEmailScenario(org, { count: 4, withFollowUp: true });
    org.data.update('Sequence__c', scenario.sequenceId, { Exit_On_Email_Opt_Out__c: true });
    // Step 3: a second automatic email, two days after the call.
    const secondEmail = org.data.create('Sequence_Action__c', {
      Name: 'Second email',
      Sequence__c: scenario.sequenceId,
      Step_Number__c: 3,
      Type__c: 'Email',
      Activation__c: 'Automatic',
      Delay_Amount__c: 2,
      Delay_Unit__c: 'Days',
      Timing__c: 'Immediate (Any Day)',
      Subject__c: 'Again',
      Body__c: 'Hi again'
    });
    const step3 = scenario.participantIds.map((participantId) =>
      org.data.create('Participant_Action__c', {
        Participant__c: participantId,
        Sequence_Action__c: secondEmail,
        Step_Number__c: 3,
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Status__c: 'Upcoming',
        Attempts__c: 0
      })
    );
    // Participant 3 has no email ahead after step 1 (a rep skipped its step 3 already).
    org.data.update('Participant_Action__c', step3[3], { Status__c: 'Skipped', Reason__c: 'REP_SKIPPED' });
    org.data.update('Lead', scenario.leadIds[0], { HasOptedOutOfEmail: true });

    const companion = companionFor(org);
    await companion.runOnce();
    // The exits stage (before the sends) finds participant 0 with emails ahead: it leaves, nothing is sent to it.
    expect(
      org.controls
        .emailOutbox()
        .map((e) => e.relatedRecordId)
        .sort()
    ).toEqual(scenario.emailActionIds.slice(1).sort());
    const participants = byId(
      rows(
        org,
        'SELECT Id, Status__c, Exit_Type__c, Exit_Reason__c, Person_Key__c FROM Sequence_Participant__c'
      )
    );
    expect(participants.get(scenario.participantIds[0])).toEqual(
      expect.objectContaining({
        Status__c: 'Exited',
        Exit_Type__c: 'Automatic',
        Exit_Reason__c: 'EMAIL_OPT_OUT',
        Person_Key__c: null
      })
    );
    const actions = rows(
      org,
      `SELECT Step_Number__c, Status__c, Reason__c FROM Participant_Action__c WHERE Participant__c = '${scenario.participantIds[0]}' ORDER BY Step_Number__c`
    );
    expect(actions).toEqual([
      expect.objectContaining({ Step_Number__c: 1, Status__c: 'Canceled', Reason__c: 'EMAIL_OPT_OUT' }),
      expect.objectContaining({ Step_Number__c: 2, Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' }),
      expect.objectContaining({ Step_Number__c: 3, Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' })
    ]);

    // Later opt-outs, found by the exits stage: participant 1 still has an email ahead and exits;
    // participant 3 has only the call left and stays (so does participant 2, who did not opt out).
    org.data.update('Lead', scenario.leadIds[1], { HasOptedOutOfEmail: true });
    org.data.update('Lead', scenario.leadIds[3], { HasOptedOutOfEmail: true });
    const pass = await companion.runOnce();
    expect(pass.stats.exited).toBe(1);
    const after = byId(
      rows(org, 'SELECT Id, Status__c, Exit_Type__c, Exit_Reason__c FROM Sequence_Participant__c')
    );
    expect(after.get(scenario.participantIds[1])).toEqual(
      expect.objectContaining({
        Status__c: 'Exited',
        Exit_Type__c: 'Automatic',
        Exit_Reason__c: 'EMAIL_OPT_OUT'
      })
    );
    expect(after.get(scenario.participantIds[2])).toEqual(
      expect.objectContaining({ Status__c: 'Active', Exit_Reason__c: null })
    );
    expect(after.get(scenario.participantIds[3])).toEqual(
      expect.objectContaining({ Status__c: 'Active', Exit_Reason__c: null })
    );
    expect(
      rows(
        org,
        `SELECT Step_Number__c, Status__c, Reason__c FROM Participant_Action__c WHERE Participant__c = '${scenario.participantIds[1]}' ORDER BY Step_Number__c`
      )
    ).toEqual([
      expect.objectContaining({ Step_Number__c: 1, Status__c: 'Completed', Reason__c: null }),
      expect.objectContaining({ Step_Number__c: 2, Status__c: 'Canceled', Reason__c: 'EMAIL_OPT_OUT' }),
      expect.objectContaining({ Step_Number__c: 3, Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' })
    ]);
  });

  it('exits the participant at the send of an email when the exits stage did not run (API budget above 95 %)', async () => {
    await org.close();
    org = await startTestOrg({ dailyApiLimit: 10_000 });
    const scenario = seedEmailScenario(org, { count: 2, withFollowUp: true });
    org.data.update('Sequence__c', scenario.sequenceId, { Exit_On_Email_Opt_Out__c: true });
    org.data.update('Lead', scenario.leadIds[0], { HasOptedOutOfEmail: true });
    org.controls.resetApiUsage(9_600);
    const companion = companionFor(org);
    const pass = await companion.runOnce();
    expect(companion.api.budgetLevel()).toBe('essential');
    expect(pass.stats.exited).toBe(1);
    expect(org.controls.emailOutbox().map((e) => e.relatedRecordId)).toEqual([scenario.emailActionIds[1]]);
    expect(
      rows(
        org,
        `SELECT Status__c, Exit_Type__c, Exit_Reason__c FROM Sequence_Participant__c WHERE Id = '${scenario.participantIds[0]}'`
      )[0]
    ).toEqual(
      expect.objectContaining({
        Status__c: 'Exited',
        Exit_Type__c: 'Automatic',
        Exit_Reason__c: 'EMAIL_OPT_OUT'
      })
    );
    expect(
      rows(
        org,
        `SELECT Step_Number__c, Status__c, Reason__c FROM Participant_Action__c WHERE Participant__c = '${scenario.participantIds[0]}' ORDER BY Step_Number__c`
      )
    ).toEqual([
      expect.objectContaining({ Step_Number__c: 1, Status__c: 'Canceled', Reason__c: 'EMAIL_OPT_OUT' }),
      expect.objectContaining({ Step_Number__c: 2, Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' })
    ]);
  });
});

describe('conversations of sent messages', () => {
  it('upserts one Conversation per sent email and SMS, linked from the action, never twice after a lost response', async () => {
    const scenario = seedEmailScenario(org, { count: 3 });
    const sms = seedEmailScenario(org, { count: 1, lead: () => ({ MobilePhone: '+1 415 555 2671' }) });
    org.data.update('Sequence_Action__c', sms.emailActionId, {
      Type__c: 'SMS',
      Body__c: 'Hi {!Recipient.FirstName}'
    });
    org.data.update('Participant_Action__c', sms.emailActionIds[0], { Type__c: 'SMS' });
    org.controls.clock.set('2026-12-01T17:00:00Z'); // 12:00 in New York: inside SMS hours
    // The first upsert commits, then its connection drops: the retry must find the same rows.
    org.controls.addFault({
      kind: 'RESET_AFTER_COMMIT',
      method: 'PATCH',
      path: '/composite/sobjects/Conversation__c/Provider_Message_Id__c',
      times: 1
    });

    await companionFor(org).runOnce();
    // Sent twice (the reset, then the retry), stored once.
    expect(
      Object.entries(org.controls.requestCounts()).filter(([route]) =>
        route.includes('Provider_Message_Id__c')
      )
    ).toEqual([['PATCH /composite/sobjects/Conversation__c/Provider_Message_Id__c', 2]]);

    const conversations = rows(
      org,
      'SELECT Id, Type__c, Direction__c, Status__c, Participant_Action__c, Participant__c, Lead__c, To__c, Subject__c, Body__c, Sent_At__c, Provider_Message_Id__c FROM Conversation__c'
    );
    expect(conversations).toHaveLength(4);
    const byAction = new Map(conversations.map((c) => [c.Participant_Action__c as string, c]));
    scenario.emailActionIds.forEach((paId, i) => {
      expect(byAction.get(paId)).toEqual(
        expect.objectContaining({
          Type__c: 'Email',
          Direction__c: 'Outbound',
          Status__c: 'Sent',
          Participant__c: scenario.participantIds[i],
          Lead__c: scenario.leadIds[i],
          To__c: `lee${i}@example.com`,
          Subject__c: `Hello Lee${i}`,
          Body__c: `<p>Hi Lee${i}, welcome aboard.</p>`,
          Sent_At__c: '2026-12-01T17:00:00.000+0000',
          Provider_Message_Id__c: `stride:${paId}:1`
        })
      );
    });
    const smsOut = org.controls.smsOutbox();
    expect(smsOut).toHaveLength(1);
    expect(byAction.get(sms.emailActionIds[0])).toEqual(
      expect.objectContaining({
        Type__c: 'SMS',
        Status__c: 'Sent',
        To__c: '+14155552671',
        Body__c: 'Hi Lee0',
        Subject__c: null
      })
    );
    expect(byAction.get(sms.emailActionIds[0])!.Provider_Message_Id__c).toMatch(/\S/);

    const links = byId(rows(org, 'SELECT Id, Conversation__c, Status__c FROM Participant_Action__c'));
    for (const paId of [...scenario.emailActionIds, ...sms.emailActionIds]) {
      expect(links.get(paId)).toEqual(
        expect.objectContaining({ Status__c: 'Completed', Conversation__c: byAction.get(paId)!.Id })
      );
    }
  });
});

describe('reply and bounce sync', () => {
  /** Two sequences of three leads each, emails sent; the first exits on reply and on bounce. */
  async function sentScenario(): Promise<{
    exiting: ReturnType<typeof seedEmailScenario>;
    staying: ReturnType<typeof seedEmailScenario>;
    companion: ReturnType<typeof companionFor>;
  }> {
    const exiting = seedEmailScenario(org, { count: 3, withFollowUp: true });
    const staying = seedEmailScenario(org, {
      count: 3,
      withFollowUp: true,
      lead: (i) => ({ Email: `sam${i}@example.com` })
    });
    org.data.update('Sequence__c', exiting.sequenceId, { Exit_On_Reply__c: true, Exit_On_Bounce__c: true });
    const companion = companionFor(org);
    await companion.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(6);
    return { exiting, staying, companion };
  }

  function conversationOf(paId: string): Row {
    return rows(
      org,
      `SELECT Id, Status__c, Replied_At__c, Undeliverable__c FROM Conversation__c WHERE Participant_Action__c = '${paId}'`
    )[0];
  }

  it('marks replies on the sent email (by related action, person or sender address) and exits where the sequence says so', async () => {
    const { exiting, staying, companion } = await sentScenario();
    org.controls.clock.set('2026-12-01T18:30:00Z');
    const inbound = (fields: Row): string =>
      org.data.create('EmailMessage', {
        Incoming: true,
        Subject: 'Re: Hello',
        TextBody: 'Sounds good',
        Status: '0',
        ...fields
      });
    inbound({ FromAddress: 'LEE0@example.com', MessageDate: '2026-12-01T18:00:00.000Z' }); // by address (any case)
    inbound({
      RelatedToId: exiting.emailActionIds[1],
      FromAddress: 'someone.else@example.com',
      MessageDate: '2026-12-01T18:10:00.000Z'
    }); // by the action
    inbound({ RelatedToId: staying.leadIds[0], MessageDate: '2026-12-01T18:20:00.000Z' }); // by the person
    inbound({ FromAddress: 'stranger@example.com', MessageDate: '2026-12-01T18:25:00.000Z' }); // nobody's
    org.data.create('EmailMessage', {
      Incoming: false,
      Subject: 'Hello',
      FromAddress: 'lee2@example.com',
      ToAddress: 'x@example.com',
      Status: '3'
    }); // outgoing: not a reply

    const pass = await companion.runOnce();
    expect(pass.stats.replies).toBe(3);
    expect(pass.stats.exited).toBe(2);
    expect(conversationOf(exiting.emailActionIds[0])).toEqual(
      expect.objectContaining({ Status__c: 'Replied', Replied_At__c: '2026-12-01T18:00:00.000+0000' })
    );
    expect(conversationOf(exiting.emailActionIds[1])).toEqual(
      expect.objectContaining({ Status__c: 'Replied', Replied_At__c: '2026-12-01T18:10:00.000+0000' })
    );
    expect(conversationOf(exiting.emailActionIds[2])).toEqual(
      expect.objectContaining({ Status__c: 'Sent', Replied_At__c: null })
    );
    expect(conversationOf(staying.emailActionIds[0])).toEqual(
      expect.objectContaining({ Status__c: 'Replied', Replied_At__c: '2026-12-01T18:20:00.000+0000' })
    );

    const participants = byId(
      rows(org, 'SELECT Id, Status__c, Exit_Type__c, Exit_Reason__c FROM Sequence_Participant__c')
    );
    for (const id of exiting.participantIds.slice(0, 2))
      expect(participants.get(id)).toEqual(
        expect.objectContaining({ Status__c: 'Exited', Exit_Type__c: 'Automatic', Exit_Reason__c: 'REPLIED' })
      );
    expect(participants.get(exiting.participantIds[2])).toEqual(
      expect.objectContaining({ Status__c: 'Active' })
    );
    // No Exit_On_Reply__c: the reply is recorded, the participant goes on.
    expect(participants.get(staying.participantIds[0])).toEqual(
      expect.objectContaining({ Status__c: 'Active', Exit_Reason__c: null })
    );
    expect(
      countBy(
        rows(
          org,
          `SELECT Status__c FROM Participant_Action__c WHERE Participant__c = '${exiting.participantIds[0]}'`
        ),
        'Status__c'
      )
    ).toEqual({ Completed: 1, Canceled: 1 });

    // Each matched reply is an Inbound Conversation of its own, tied to the same action.
    const inboundRows = (): Row[] =>
      rows(
        org,
        "SELECT Participant_Action__c, From__c, Subject__c, Status__c, Sent_At__c, Email_Message_Id__c, Provider_Message_Id__c FROM Conversation__c WHERE Direction__c = 'Inbound' ORDER BY Sent_At__c"
      );
    expect(
      inboundRows().map((r) => [
        r.Participant_Action__c,
        r.From__c,
        r.Subject__c,
        r.Status__c,
        r.Sent_At__c,
        r.Provider_Message_Id__c === `email:${r.Email_Message_Id__c}`
      ])
    ).toEqual([
      [
        exiting.emailActionIds[0],
        'LEE0@example.com',
        'Re: Hello',
        'Completed',
        '2026-12-01T18:00:00.000+0000',
        true
      ],
      [
        exiting.emailActionIds[1],
        'someone.else@example.com',
        'Re: Hello',
        'Completed',
        '2026-12-01T18:10:00.000+0000',
        true
      ],
      [staying.emailActionIds[0], null, 'Re: Hello', 'Completed', '2026-12-01T18:20:00.000+0000', true]
    ]);

    // Idempotent: the next passes find nothing new.
    const again = await companion.runOnce();
    expect(again.stats.replies).toBe(0);
    expect(again.stats.exited).toBe(0);
    expect(inboundRows()).toHaveLength(3);
    // A restarted companion re-reads the last days (its watermark was in memory): still nothing twice.
    const restarted = await companionFor(org).runOnce();
    expect([restarted.stats.replies, restarted.stats.exited]).toEqual([0, 0]);
    expect(inboundRows()).toHaveLength(3);
    expect(
      countBy(rows(org, "SELECT Status__c FROM Conversation__c WHERE Direction__c = 'Outbound'"), 'Status__c')
    ).toEqual({ Replied: 3, Sent: 3 });
  });

  it('marks bounces from the person flag or a provider webhook, and exits on bounce where the sequence says so', async () => {
    const { exiting, staying, companion } = await sentScenario();
    org.data.update('Lead', exiting.leadIds[0], { IsEmailBounced: true });
    org.data.update('Lead', staying.leadIds[0], { IsEmailBounced: true });
    // A provider webhook marks a Conversation undeliverable.
    org.data.update('Conversation__c', conversationOf(exiting.emailActionIds[1]).Id as string, {
      Undeliverable__c: true
    });

    const pass = await companion.runOnce();
    expect(pass.stats.bounces).toBe(3);
    for (const paId of [exiting.emailActionIds[0], exiting.emailActionIds[1], staying.emailActionIds[0]]) {
      expect(conversationOf(paId)).toEqual(
        expect.objectContaining({ Status__c: 'Bounced', Undeliverable__c: true })
      );
    }
    expect(conversationOf(exiting.emailActionIds[2])).toEqual(
      expect.objectContaining({ Status__c: 'Sent', Undeliverable__c: false })
    );
    const participants = byId(
      rows(org, 'SELECT Id, Status__c, Exit_Type__c, Exit_Reason__c FROM Sequence_Participant__c')
    );
    for (const id of exiting.participantIds.slice(0, 2))
      expect(participants.get(id)).toEqual(
        expect.objectContaining({ Status__c: 'Exited', Exit_Type__c: 'Automatic', Exit_Reason__c: 'BOUNCED' })
      );
    expect(participants.get(exiting.participantIds[2])).toEqual(
      expect.objectContaining({ Status__c: 'Active' })
    );
    expect(participants.get(staying.participantIds[0])).toEqual(
      expect.objectContaining({ Status__c: 'Active', Exit_Reason__c: null })
    );

    const again = await companion.runOnce();
    expect(again.stats.bounces).toBe(0);
    expect(again.stats.exited).toBe(0);
    const restarted = await companionFor(org).runOnce();
    expect([restarted.stats.bounces, restarted.stats.exited]).toEqual([0, 0]);
    expect(countBy(rows(org, 'SELECT Status__c FROM Conversation__c'), 'Status__c')).toEqual({
      Bounced: 3,
      Sent: 3
    });
  });
});

describe('daily email cap across workers', () => {
  it('counts what every worker sent today at the start of each pass, so two companions together keep the cap', async () => {
    const scenario = seedEmailScenario(org, { count: 6, ownerId: org.userId });
    const a = companionFor(org, { settings: { dailyEmailCapPerOwner: 3, batchSize: 2 } });
    const b = companionFor(org, { settings: { dailyEmailCapPerOwner: 3, batchSize: 1 } });
    await a.runOnce(); // reads 2 due, none sent today: sends both
    expect(org.controls.emailOutbox()).toHaveLength(2);
    await b.runOnce(); // reads 1; the org says 2 were sent today: it goes (3 of 3)
    expect(org.controls.emailOutbox()).toHaveLength(3);
    // Worker A sent only 2 itself; it must see B's send too and hold the rest.
    await a.runOnce();
    await b.runOnce();
    await a.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(3);
    const held = rows(org, "SELECT Id, Due_At__c FROM Participant_Action__c WHERE Reason__c = 'DAILY_LIMIT'");
    expect(held.map((h) => h.Id).sort()).toEqual(
      scenario.emailActionIds
        .filter((id) => !org.controls.emailOutbox().some((e) => e.relatedRecordId === id))
        .sort()
    );
    expect(held).toHaveLength(3);
    // The owner works in America/Los_Angeles: the next day starts at 08:00Z.
    expect(new Set(held.map((h) => h.Due_At__c))).toEqual(new Set(['2026-12-02T08:00:00.000+0000']));
  });
});

describe('configuration created after the catalog loaded', () => {
  it('sends the first email of a brand-new sequence on the next pass instead of making it manual', async () => {
    const companion = companionFor(org);
    await companion.runOnce(); // loads the (empty) catalog
    const scenario = seedEmailScenario(org, { count: 2 });
    const first = await companion.runOnce();
    expect(first.stats.emailsSent).toBe(0);
    expect(rows(org, 'SELECT Status__c, Activation__c, Reason__c FROM Participant_Action__c')).toEqual([
      expect.objectContaining({ Status__c: 'Due', Activation__c: 'Automatic', Reason__c: null }),
      expect.objectContaining({ Status__c: 'Due', Activation__c: 'Automatic', Reason__c: null })
    ]);
    const second = await companion.runOnce();
    expect(second.stats.emailsSent).toBe(2);
    expect(new Set(org.controls.emailOutbox().map((e) => e.relatedRecordId))).toEqual(
      new Set(scenario.emailActionIds)
    );
  });
});
