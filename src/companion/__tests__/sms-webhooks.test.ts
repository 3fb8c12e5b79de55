/**
 * SMS delivery receipts, replies and STOP through the provider's webhooks, end to end and offline:
 * the local org's simulated provider posts signed Twilio-shaped requests to the companion's webhook
 * port; the provider's 21610 refusal at send time; the signature check.
 */
import './jest-realm';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { LocalOrg } from '../../local-org';
import { twilioSignature } from '../webhooks/server';
import { startSmsWebhook } from '../webhooks/start';
import { registerLocalSmsWebhook } from '../../demo/local-org-adapters';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

type Row = Record<string, unknown>;

function rows(org: LocalOrg, soql: string): Row[] {
  return org.data.query(soql).records as Row[];
}

/** A logger whose lines the test can read. */
function capturingLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    }
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

let org: LocalOrg;
let closers: Array<() => Promise<void>> = [];
beforeEach(async () => {
  org = await startTestOrg();
  closers = [];
});
afterEach(async () => {
  for (const close of closers) await close();
  await org.close();
});

const NUMBERS = ['+14155552670', '+14155552671', '+14155552672'];

/** Three leads whose step 1 is an automatic SMS (a call follows), sent; the webhook running. */
async function sentSms(options: { exitOnReply?: boolean } = {}) {
  const scenario = seedEmailScenario(org, {
    count: 3,
    withFollowUp: true,
    lead: (i) => ({ MobilePhone: NUMBERS[i] })
  });
  org.data.update('Sequence_Action__c', scenario.emailActionId, {
    Type__c: 'SMS',
    Body__c: 'Hi {!Recipient.FirstName}'
  });
  for (const id of scenario.emailActionIds) org.data.update('Participant_Action__c', id, { Type__c: 'SMS' });
  if (options.exitOnReply) org.data.update('Sequence__c', scenario.sequenceId, { Exit_On_Reply__c: true });
  org.controls.clock.set('2026-12-01T17:00:00Z'); // 12:00 in New York: inside SMS hours
  const { log, lines } = capturingLogger();
  const companion = companionFor(org, { log });
  await companion.runOnce();
  const webhook = await startSmsWebhook({
    companion,
    log,
    port: 0,
    register: registerLocalSmsWebhook({ instanceUrl: org.instanceUrl, controlToken: org.controlToken })
  });
  closers.push(() => webhook.server.close());
  const outbox = org.controls.smsOutbox();
  const sid = (i: number): string => outbox.find((m) => m.to === NUMBERS[i])!.providerMessageId;
  return { scenario, companion, webhook, lines, sid };
}

function smsConversations(direction: 'Outbound' | 'Inbound'): Row[] {
  return rows(
    org,
    `SELECT Id, Status__c, Undeliverable__c, Delivery_Error__c, Replied_At__c, To__c, From__c, Body__c, Lead__c, Participant__c, Participant_Action__c, Provider_Message_Id__c FROM Conversation__c WHERE Type__c = 'SMS' AND Direction__c = '${direction}' ORDER BY To__c`
  );
}

describe('the signature', () => {
  it("matches Twilio's documented example", () => {
    expect(
      twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
        CallSid: 'CA1234567890ABCDE',
        Caller: '+12349013030',
        Digits: '1234',
        From: '+12349013030',
        To: '+18005551212'
      })
    ).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses unsigned, wrongly signed and malformed requests without writing or logging the token', async () => {
    const { webhook, lines, sid } = await sentSms();
    const url = `${webhook.url}/twilio/sms/status`;
    const params = { MessageSid: sid(0), MessageStatus: 'delivered' };
    const post = (headers: Record<string, string>, body: string, to = url): Promise<Response> =>
      fetch(to, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body
      });
    const form = new URLSearchParams(params).toString();
    expect((await post({}, form)).status).toBe(403);
    expect(
      (await post({ 'x-twilio-signature': twilioSignature('wrong-token-xxxxxxxx', url, params) }, form))
        .status
    ).toBe(403);
    // Signed for other parameters than those sent (a tampered body).
    expect(
      (await post({ 'x-twilio-signature': twilioSignature('x', url, params) }, `${form}&ErrorCode=1`)).status
    ).toBe(403);
    // Signed but without a message id: a clear 400.
    const token = org.controls.smsWebhook()!.authToken;
    const bad = await post(
      { 'x-twilio-signature': twilioSignature(token, url, { MessageStatus: 'delivered' }) },
      'MessageStatus=delivered'
    );
    expect([bad.status, await bad.text()]).toEqual([
      400,
      'MessageSid: expected the provider’s message id (letters and digits)'
    ]);
    expect((await fetch(url)).status).toBe(405);
    expect((await post({}, form, `${webhook.url}/elsewhere`)).status).toBe(404);
    expect(smsConversations('Outbound').map((c) => c.Status__c)).toEqual(['Sent', 'Sent', 'Sent']);
    const refusals = lines.filter((l) => l.includes('SMS webhook refused'));
    expect(refusals.map((l) => (JSON.parse(l) as { reason: string }).reason)).toEqual([
      'no X-Twilio-Signature header',
      'signature does not match',
      'signature does not match'
    ]);
    expect(lines.filter((l) => l.includes('bad parameters'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(org.controls.smsWebhook()!.authToken);
  });
});

describe('delivery receipts', () => {
  it('records Delivered, Failed and Undelivered with the reason, once, whatever the retries', async () => {
    const { sid } = await sentSms();
    expect((await org.controls.smsStatus(sid(0), 'delivered')).status).toBe(204);
    expect((await org.controls.smsStatus(sid(1), 'failed', '30003')).status).toBe(204);
    expect((await org.controls.smsStatus(sid(2), 'undelivered', '30007')).status).toBe(204);
    // The provider retries; a late "sent" changes nothing.
    expect((await org.controls.smsStatus(sid(0), 'delivered')).status).toBe(204);
    expect((await org.controls.smsStatus(sid(0), 'sent')).status).toBe(204);
    expect(
      smsConversations('Outbound').map((c) => [c.To__c, c.Status__c, c.Undeliverable__c, c.Delivery_Error__c])
    ).toEqual([
      ['+14155552670', 'Delivered', false, null],
      ['+14155552671', 'Failed', true, '30003: Unreachable destination handset'],
      ['+14155552672', 'Undelivered', true, '30007: Message filtered by the carrier']
    ]);
    expect(org.controls.smsOutbox().map((m) => m.status)).toEqual(['sent', 'failed', 'undelivered']);
  });

  it('keeps a status that arrives before its Conversation and records it when the Conversation exists', async () => {
    const { webhook, sid } = await sentSms();
    const conversation = smsConversations('Outbound')[0];
    org.data.update('Conversation__c', conversation.Id as string, { Provider_Message_Id__c: 'not-yet' });
    await org.controls.smsStatus(sid(0), 'delivered');
    expect(webhook.events.pendingCount).toBe(1);
    org.data.update('Conversation__c', conversation.Id as string, { Provider_Message_Id__c: sid(0) });
    await webhook.events.retryPending();
    expect(webhook.events.pendingCount).toBe(0);
    expect(smsConversations('Outbound')[0].Status__c).toBe('Delivered');
  });
});

describe('replies', () => {
  it('records the reply as an Inbound Conversation, marks the SMS Replied and exits on reply, once', async () => {
    const { scenario, companion } = await sentSms({ exitOnReply: true });
    org.controls.clock.set('2026-12-01T17:05:00Z');
    const first = await org.controls.smsReply({ from: NUMBERS[1], body: 'Sounds good, call me' });
    expect(first.status).toBe(200);
    expect(first.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const inbound = smsConversations('Inbound');
    expect(inbound).toEqual([
      expect.objectContaining({
        Status__c: 'Completed',
        From__c: NUMBERS[1],
        To__c: '+15005550006',
        Body__c: 'Sounds good, call me',
        Lead__c: scenario.leadIds[1],
        Participant__c: scenario.participantIds[1],
        Participant_Action__c: scenario.emailActionIds[1],
        Provider_Message_Id__c: `sms:${first.params.MessageSid}`
      })
    ]);
    expect(smsConversations('Outbound').map((c) => [c.Status__c, c.Replied_At__c])).toEqual([
      ['Sent', null],
      ['Replied', '2026-12-01T17:05:00.000+0000'],
      ['Sent', null]
    ]);
    await companion.runOnce();
    const participants = rows(
      org,
      'SELECT Id, Status__c, Exit_Reason__c FROM Sequence_Participant__c ORDER BY Id'
    );
    expect(participants.map((p) => [p.Id, p.Status__c, p.Exit_Reason__c])).toEqual(
      scenario.participantIds.map((id, i) => [id, i === 1 ? 'Exited' : 'Active', i === 1 ? 'REPLIED' : null])
    );
  });

  it('applies a retried inbound webhook once', async () => {
    const { webhook } = await sentSms();
    const params = {
      MessageSid: 'SMreply000000000000000000000000001',
      From: NUMBERS[0],
      To: '+15005550006',
      Body: 'Thanks'
    };
    const url = `${webhook.url}/twilio/sms/inbound`;
    const auth = org.controls.smsWebhook()!.authToken;
    for (let i = 0; i < 2; i++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(auth, url, params)
        },
        body: new URLSearchParams(params).toString()
      });
      expect(response.status).toBe(200);
    }
    expect(smsConversations('Inbound').map((c) => c.Provider_Message_Id__c)).toEqual([
      'sms:SMreply000000000000000000000000001'
    ]);
  });
});

describe('STOP', () => {
  it('records the SMS opt-out, skips later SMS with SMS_OPT_OUT, and START clears it', async () => {
    const { scenario, companion } = await sentSms();
    expect((await org.controls.smsReply({ from: NUMBERS[0], body: 'stop' })).status).toBe(200);
    const leads = (): Row[] => rows(org, 'SELECT Id, SMS_Opt_Out__c FROM Lead ORDER BY Id');
    expect(leads().map((l) => [l.Id, l.SMS_Opt_Out__c])).toEqual(
      scenario.leadIds.map((id, i) => [id, i === 0])
    );
    // STOP is an instruction, not a reply.
    expect(smsConversations('Outbound').map((c) => c.Status__c)).toEqual(['Sent', 'Sent', 'Sent']);
    expect(smsConversations('Inbound').map((c) => [c.Body__c, c.Lead__c])).toEqual([
      ['stop', scenario.leadIds[0]]
    ]);

    // A second SMS step for everyone: the opted-out lead's is skipped when it comes due.
    const second = org.data.create('Sequence_Action__c', {
      Name: 'Second SMS',
      Sequence__c: scenario.sequenceId,
      Step_Number__c: 3,
      Type__c: 'SMS',
      Activation__c: 'Automatic',
      Delay_Amount__c: 0,
      Delay_Unit__c: 'Minutes',
      Timing__c: 'Immediate (Any Day)',
      Body__c: 'Again {!Recipient.FirstName}'
    });
    const step3 = scenario.participantIds.map((participantId) =>
      org.data.create('Participant_Action__c', {
        Participant__c: participantId,
        Sequence_Action__c: second,
        Step_Number__c: 3,
        Type__c: 'SMS',
        Activation__c: 'Automatic',
        Status__c: 'Upcoming',
        Due_At__c: '2026-12-01T17:00:00Z',
        Attempts__c: 0
      })
    );
    for (const id of scenario.participantIds)
      org.data.update('Sequence_Participant__c', id, { Current_Step__c: 3 });
    await companion.runOnce();
    await companion.runOnce(); // the new step is sent once the catalog has read it
    const actions = rows(
      org,
      `SELECT Id, Status__c, Reason__c FROM Participant_Action__c WHERE Sequence_Action__c = '${second}' ORDER BY Id`
    );
    expect(actions.map((a) => [a.Id, a.Status__c, a.Reason__c])).toEqual(
      step3.map((id, i) => [id, i === 0 ? 'Skipped' : 'Completed', i === 0 ? 'SMS_OPT_OUT' : null])
    );
    expect(org.controls.smsOutbox().filter((m) => m.to === NUMBERS[0])).toHaveLength(1);

    expect((await org.controls.smsReply({ from: NUMBERS[0], body: 'START' })).status).toBe(200);
    expect(leads().map((l) => l.SMS_Opt_Out__c)).toEqual([false, false, false]);
    expect(org.controls.smsOptedOut()).toEqual([]);
  });

  it("records the provider's 21610 refusal at send time as an opt-out and skips the action", async () => {
    const scenario = seedEmailScenario(org, {
      count: 2,
      withFollowUp: true,
      lead: (i) => ({ MobilePhone: NUMBERS[i] })
    });
    org.data.update('Sequence_Action__c', scenario.emailActionId, { Type__c: 'SMS', Body__c: 'Hi' });
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, { Type__c: 'SMS' });
    org.controls.clock.set('2026-12-01T17:00:00Z');
    // The number texted STOP to the provider before; the org does not know yet.
    org.controls.setSmsOptedOut(NUMBERS[0]);
    await companionFor(org).runOnce();
    const actions = rows(
      org,
      "SELECT Id, Status__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Type__c = 'SMS' ORDER BY Id"
    );
    expect(actions.map((a) => [a.Id, a.Status__c, a.Reason__c])).toEqual([
      [scenario.emailActionIds[0], 'Skipped', 'SMS_OPT_OUT'],
      [scenario.emailActionIds[1], 'Completed', null]
    ]);
    expect(actions[0].Reason_Detail__c).toBe(
      'The SMS provider refused: the recipient opted out (SMS_OPT_OUT: local outbox 400 error 21610: Attempt to send to unsubscribed recipient)'
    );
    expect(rows(org, 'SELECT SMS_Opt_Out__c FROM Lead ORDER BY Id').map((l) => l.SMS_Opt_Out__c)).toEqual([
      true,
      false
    ]);
    expect(
      rows(org, 'SELECT Outcome__c FROM Action_Attempt__c ORDER BY Key__c')
        .map((a) => a.Outcome__c)
        .sort()
    ).toEqual(['Failed', 'Sent']);
    // The participant goes on to its call.
    expect(
      rows(
        org,
        `SELECT Status__c, Current_Step__c FROM Sequence_Participant__c WHERE Id = '${scenario.participantIds[0]}'`
      )
    ).toEqual([expect.objectContaining({ Status__c: 'Active', Current_Step__c: 2 })]);
  });
});
