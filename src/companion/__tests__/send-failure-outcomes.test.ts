/**
 * What a send that goes wrong leaves behind, in process against the local org: an SMS whose
 * outcome is unknown, provider refusals, retries up to `maxAttempts`, and the lease fence (no send
 * starts once this worker's lease ran out).
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { SmsPermanentError, type SmsMessage, type SmsProvider } from '../channels/sms';
import { row, rows, seedSmsScenario, wait } from './fixtures';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

/** An SMS provider whose every send ends the way `outcome` says (and that records the calls). */
function provider(outcome: (message: SmsMessage) => Promise<{ providerMessageId: string }>): SmsProvider & {
  sent: SmsMessage[];
} {
  const sent: SmsMessage[] = [];
  return {
    name: 'test',
    sent,
    send: (message) => {
      sent.push(message);
      return outcome(message);
    }
  };
}

const ACTION_FIELDS =
  'Status__c, Attempts__c, Activation__c, Reason__c, Reason_Detail__c, Last_Error__c FROM Participant_Action__c';

const NOT_LOGGED = 'SEND_REQUEST_FAILED: the send request failed and no email was logged';

describe('send failures', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('an SMS whose outcome is unknown is never re-sent: the attempt stays open, then is held for a person', async () => {
    const scenario = seedSmsScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    const sms = provider(() => Promise.reject(new Error('socket hang up')));
    const companion = companionFor(org, { sms, smsFrom: '+15005550006', settings: { leaseSeconds: 2 } });

    await companion.runOnce();
    expect(sms.sent.map((m) => ({ to: m.to, body: m.body, key: m.idempotencyKey }))).toEqual([
      { to: '+14155552671', body: 'Hi Lee0', key: `${paId}:1` }
    ]);
    expect(rows(org, 'SELECT Key__c, Outcome__c FROM Action_Attempt__c')).toEqual([
      { Key__c: `${paId}:1`, Outcome__c: null }
    ]);
    expect(row(org, `SELECT ${ACTION_FIELDS} WHERE Id = '${paId}'`)).toMatchObject({
      Status__c: 'Due',
      Last_Error__c: 'in doubt: SMS_UNKNOWN: socket hang up'
    });

    // The next passes neither send it again nor decide it before a whole lease has passed.
    await companion.runOnce();
    await wait(2_100);
    const reconciling = await companion.runOnce();
    expect(reconciling.stats.reconciled).toBe(1);
    expect(sms.sent).toHaveLength(1);
    expect(rows(org, 'SELECT Outcome__c, Error__c FROM Action_Attempt__c')).toEqual([
      { Outcome__c: 'In_Doubt', Error__c: 'lease expired; the SMS may have been sent' }
    ]);
    expect(row(org, `SELECT ${ACTION_FIELDS} WHERE Id = '${paId}'`)).toMatchObject({
      Status__c: 'Due',
      Activation__c: 'Manual',
      Reason__c: 'SEND_FAILED',
      Attempts__c: 1
    });
  });

  it('a provider refusal fails the action (INVALID_MOBILE); an opted-out recipient skips it and is marked', async () => {
    const scenario = seedSmsScenario(org, { count: 2 });
    const [invalid, optedOut] = scenario.emailActionIds;
    const sms = provider((message) =>
      Promise.reject(
        message.idempotencyKey.startsWith(invalid)
          ? new SmsPermanentError('The To number is not a valid mobile number', 'INVALID_MOBILE')
          : new SmsPermanentError('Attempt to send to unsubscribed recipient', 'SMS_OPT_OUT')
      )
    );
    await companionFor(org, { sms, smsFrom: '+15005550006' }).runOnce();

    expect(
      rows(org, `SELECT Key__c, Outcome__c, Error__c FROM Action_Attempt__c ORDER BY Key__c`).sort((a, b) =>
        String(a.Key__c).localeCompare(String(b.Key__c))
      )
    ).toEqual(
      [
        {
          Key__c: `${invalid}:1`,
          Outcome__c: 'Failed',
          Error__c: 'INVALID_MOBILE: The To number is not a valid mobile number'
        },
        {
          Key__c: `${optedOut}:1`,
          Outcome__c: 'Failed',
          Error__c: 'SMS_OPT_OUT: Attempt to send to unsubscribed recipient'
        }
      ].sort((a, b) => a.Key__c.localeCompare(b.Key__c))
    );
    expect(row(org, `SELECT ${ACTION_FIELDS} WHERE Id = '${invalid}'`)).toMatchObject({
      Status__c: 'Failed',
      Reason__c: 'INVALID_MOBILE',
      Attempts__c: 1
    });
    expect(row(org, `SELECT ${ACTION_FIELDS} WHERE Id = '${optedOut}'`)).toMatchObject({
      Status__c: 'Skipped',
      Reason__c: 'SMS_OPT_OUT'
    });
    expect(
      rows(org, `SELECT Id, SMS_Opt_Out__c FROM Lead WHERE Id IN ('${scenario.leadIds.join("','")}')`)
        .map((lead) => [lead.Id, lead.SMS_Opt_Out__c])
        .sort()
    ).toEqual(
      [
        [scenario.leadIds[0], false],
        [scenario.leadIds[1], true]
      ].sort()
    );
  });

  it('a retryable send error is retried with backoff, then fails for good at maxAttempts', async () => {
    const scenario = seedEmailScenario(org, { count: 1 });
    const paId = scenario.emailActionIds[0];
    org.controls.addFault({
      kind: 'UNABLE_TO_LOCK_ROW',
      method: 'POST',
      path: '/actions/standard/emailSimple'
    });
    const companion = companionFor(org, { settings: { maxAttempts: 2 }, api: { maxRetries: 0 } });

    await companion.runOnce();
    const first = row(org, `SELECT Due_At__c, ${ACTION_FIELDS} WHERE Id = '${paId}'`);
    // A request that failed as a whole is looked up in the email log: not there, so retried.
    expect(first).toMatchObject({ Status__c: 'Due', Attempts__c: 1, Last_Error__c: NOT_LOGGED });
    // The first retry waits the backoff's first step: 5 s of org time, jittered by ±50 %.
    const delayMs = Date.parse(String(first.Due_At__c)) - Date.parse('2026-12-01T15:00:00Z');
    expect({ atLeast: delayMs >= 2_500, below: delayMs < 7_500 }).toEqual({ atLeast: true, below: true });
    expect(rows(org, 'SELECT Outcome__c FROM Action_Attempt__c')).toEqual([{ Outcome__c: 'Released' }]);

    org.controls.clock.set('2026-12-01T15:20:00Z');
    await companion.runOnce();
    const last = row(org, `SELECT ${ACTION_FIELDS} WHERE Id = '${paId}'`);
    expect(last).toMatchObject({
      Status__c: 'Failed',
      Attempts__c: 2,
      Reason__c: 'SEND_FAILED',
      Reason_Detail__c: NOT_LOGGED,
      Last_Error__c: NOT_LOGGED
    });
    expect(org.controls.emailOutbox()).toHaveLength(0);
  });

  it('the lease fence: once the lease runs out (renewals refused) no further send starts', async () => {
    seedEmailScenario(org, { count: 3 });
    // Each send takes longer than the lease leaves for sending (6 s lease less a 2 s margin: 4 s
    // after the claim), and the first starts well within it even on a loaded machine.
    org.controls.addFault({
      kind: 'DELAY',
      method: 'POST',
      path: '/actions/standard/emailSimple',
      delayMs: 4_500
    });
    const companion = companionFor(org, {
      settings: { leaseSeconds: 6 },
      api: {
        actionBatchSize: 1,
        concurrency: 1,
        beforeWrite: (_request, purpose) => {
          if (purpose === 'lease') throw new Error('renewal refused');
        }
      }
    });

    const result = await companion.runOnce();
    expect(result.stats.emailsSent).toBe(1);
    expect(org.controls.emailOutbox()).toHaveLength(1);
    expect(
      rows(org, 'SELECT Outcome__c, Error__c FROM Action_Attempt__c')
        .map((a) => `${a.Outcome__c}: ${a.Error__c}`)
        .sort()
    ).toEqual([
      'Released: lease ran out before the send (fenced)',
      'Released: lease ran out before the send (fenced)',
      'Sent: null'
    ]);
    expect(
      rows(org, "SELECT Status__c FROM Participant_Action__c WHERE Type__c = 'Email'")
        .map((a) => a.Status__c)
        .sort()
    ).toEqual(['Completed', 'Due', 'Due']);
  });
});
