/**
 * Reconciliation of attempts whose worker died (src/companion/pass/reconcile.ts), in process
 * against the local org: open attempts of a dead worker whose lease marker never moves are judged
 * expired after one lease of watching, and the org is asked what happened before anything is re-sent.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { conversationKey } from '../pass/outcomes';
import { row, rows, seedSmsScenario, seedTaskScenario, wait, type Row } from './fixtures';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

/** The shortest lease the companion accepts (the CLI and ops config allow 2 s and more). */
const LEASE = { leaseSeconds: 2 };

/** An open attempt of a worker that is gone: attempt 1 of the action, its lease marker frozen. */
function deadClaim(org: LocalOrg, paId: string, status = 'In_Progress'): { attemptId: string; key: string } {
  org.data.update('Participant_Action__c', paId, { Status__c: status });
  const key = `${paId}:1`;
  const attemptId = org.data.create('Action_Attempt__c', {
    Key__c: key,
    Participant_Action__c: paId,
    Worker__c: 'dead-host:1:abcdef',
    Lease_Expires_At__c: '2026-12-01T15:00:30.000Z'
  });
  return { attemptId, key };
}

function attempt(org: LocalOrg, id: string): Row {
  return rows(
    org,
    `SELECT Outcome__c, Error__c, Provider_Message_Id__c FROM Action_Attempt__c WHERE Id = '${id}'`
  )[0];
}

function action(org: LocalOrg, id: string): Row {
  return row(
    org,
    `SELECT Status__c, Attempts__c, Activation__c, Reason__c, Reason_Detail__c, Task_Id__c, Conversation__c FROM Participant_Action__c WHERE Id = '${id}'`
  );
}

/** A fresh worker watches one lease (first pass), then judges (second pass). */
async function watchThenReconcile(org: LocalOrg): Promise<number> {
  const companion = companionFor(org, { settings: LEASE });
  const first = await companion.runOnce();
  expect(first.stats.reconciled).toBe(0);
  await wait(2_100);
  const second = await companion.runOnce();
  return second.stats.reconciled;
}

describe('reconciling the attempts of a dead worker', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('an email found in the log is Sent: the action completes and its Conversation is recorded', async () => {
    const scenario = seedEmailScenario(org, { count: 1, withFollowUp: true });
    const paId = scenario.emailActionIds[0];
    const claim = deadClaim(org, paId);
    const emailId = org.data.create('EmailMessage', {
      RelatedToId: paId,
      Incoming: false,
      ToAddress: 'lee0@example.com',
      Subject: 'Hello Lee0',
      HtmlBody: '<p>Hi Lee0</p>',
      MessageDate: '2026-12-01T15:00:05.000Z',
      Status: '3'
    });

    expect(await watchThenReconcile(org)).toBe(1);

    expect(attempt(org, claim.attemptId)).toEqual({
      Outcome__c: 'Sent',
      Error__c: 'reconciled: email found in the log after the lease expired',
      Provider_Message_Id__c: null
    });
    const conversations = rows(
      org,
      'SELECT Id, Provider_Message_Id__c, Email_Message_Id__c, Type__c, Direction__c, Status__c, Participant_Action__c, To__c, Subject__c, Body__c, Sent_At__c FROM Conversation__c'
    );
    expect(conversations).toEqual([
      {
        Id: expect.any(String),
        Provider_Message_Id__c: conversationKey(claim.key),
        Email_Message_Id__c: emailId,
        Type__c: 'Email',
        Direction__c: 'Outbound',
        Status__c: 'Sent',
        Participant_Action__c: paId,
        To__c: 'lee0@example.com',
        Subject__c: 'Hello Lee0',
        Body__c: '<p>Hi Lee0</p>',
        Sent_At__c: '2026-12-01T15:00:05.000+0000'
      }
    ]);
    expect(action(org, paId)).toMatchObject({
      Status__c: 'Completed',
      Attempts__c: 1,
      Conversation__c: conversations[0].Id
    });
    // Nothing was sent again, and the follow-up call (one day later) is dated from the completion.
    expect(org.controls.emailOutbox()).toHaveLength(0);
    expect(
      rows(org, `SELECT Status__c, Due_At__c FROM Participant_Action__c WHERE Type__c = 'Call'`)
    ).toEqual([{ Status__c: 'Upcoming', Due_At__c: '2026-12-02T15:00:00.000+0000' }]);
  });

  it('an email not in the log is In_Doubt and sent once more', async () => {
    const scenario = seedEmailScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    const claim = deadClaim(org, paId);

    expect(await watchThenReconcile(org)).toBe(1);

    expect(attempt(org, claim.attemptId)).toEqual({
      Outcome__c: 'In_Doubt',
      Error__c: 'lease expired and no email was logged; sending once more',
      Provider_Message_Id__c: null
    });
    // The same pass sends it as attempt 2.
    expect(
      rows(org, `SELECT Key__c, Outcome__c FROM Action_Attempt__c WHERE Id != '${claim.attemptId}'`)
    ).toEqual([{ Key__c: `${paId}:2`, Outcome__c: 'Sent' }]);
    expect(action(org, paId)).toMatchObject({ Status__c: 'Completed', Attempts__c: 2 });
    expect(org.controls.emailOutbox()).toHaveLength(1);
  });

  it('a Task carrying the attempt key is linked; a missing one is created again', async () => {
    const scenario = seedTaskScenario(org, { count: 2 });
    const [found, missing] = scenario.emailActionIds.map((id) => deadClaim(org, id));
    const taskId = org.data.create('Task', {
      Subject: 'Research account',
      WhoId: scenario.leadIds[0],
      Status: 'Not Started',
      Description: `Work the account.\n[stride:${found.key}]`
    });

    expect(await watchThenReconcile(org)).toBe(2);

    expect(attempt(org, found.attemptId)).toEqual({
      Outcome__c: 'Sent',
      Error__c: 'reconciled: Task found after the lease expired',
      Provider_Message_Id__c: taskId
    });
    expect(action(org, scenario.emailActionIds[0])).toMatchObject({ Task_Id__c: taskId, Attempts__c: 1 });
    expect(attempt(org, missing.attemptId)).toEqual({
      Outcome__c: 'In_Doubt',
      Error__c: 'lease expired and no Task was found; creating it again',
      Provider_Message_Id__c: null
    });
    // Created again in the same pass: one Task per lead, never two.
    expect(
      rows(org, 'SELECT WhoId FROM Task ORDER BY WhoId')
        .map((t) => t.WhoId)
        .sort()
    ).toEqual([...scenario.leadIds].sort());
  });

  it('an SMS is In_Doubt and held for a person (a provider cannot be asked)', async () => {
    const scenario = seedSmsScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    const claim = deadClaim(org, paId);

    expect(await watchThenReconcile(org)).toBe(1);

    expect(attempt(org, claim.attemptId)).toEqual({
      Outcome__c: 'In_Doubt',
      Error__c: 'lease expired; the SMS may have been sent',
      Provider_Message_Id__c: null
    });
    expect(action(org, paId)).toMatchObject({
      Status__c: 'Due',
      Attempts__c: 1,
      Activation__c: 'Manual',
      Reason__c: 'SEND_FAILED',
      Reason_Detail__c:
        'The SMS may have been sent (the worker stopped mid-send). Check the conversation before sending again.'
    });
    expect(org.controls.smsOutbox()).toHaveLength(0);
  });

  it('an attempt whose action was closed meanwhile is closed too: Sent when Completed, Released otherwise', async () => {
    const scenario = seedEmailScenario(org, { count: 2 });
    const completed = deadClaim(org, scenario.emailActionIds[0], 'Completed');
    const skipped = deadClaim(org, scenario.emailActionIds[1], 'Skipped');

    await watchThenReconcile(org);

    expect([attempt(org, completed.attemptId), attempt(org, skipped.attemptId)]).toEqual([
      {
        Outcome__c: 'Sent',
        Error__c: 'lease expired; the action was already closed',
        Provider_Message_Id__c: null
      },
      {
        Outcome__c: 'Released',
        Error__c: 'lease expired; the action was already closed',
        Provider_Message_Id__c: null
      }
    ]);
    expect(org.controls.emailOutbox()).toHaveLength(0);
  });

  it('a lease marker that keeps moving is a live worker: never reconciled', async () => {
    const scenario = seedEmailScenario(org, { count: 1 });
    const claim = deadClaim(org, scenario.emailActionIds[0]);
    const companion = companionFor(org, { settings: LEASE });
    await companion.runOnce();
    await wait(2_100);
    // The live worker renewed its lease in the meantime.
    org.data.update('Action_Attempt__c', claim.attemptId, {
      Lease_Expires_At__c: '2026-12-01T15:01:00.000Z'
    });
    const second = await companion.runOnce();
    expect(second.stats.reconciled).toBe(0);
    expect(attempt(org, claim.attemptId)).toEqual({
      Outcome__c: null,
      Error__c: null,
      Provider_Message_Id__c: null
    });
  });
});
