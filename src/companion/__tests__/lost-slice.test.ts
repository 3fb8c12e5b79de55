/**
 * A worker that loses its slice to another worker (execute.ts, claim.ts), in process against the
 * local org: it reads the due work again and takes the next slice of its read that the new read
 * still offers whole, passing over slices other workers claimed, or even sent, in the meantime.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker whose slice another worker claimed first', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await org.close();
  });

  it('reads again and sends the slice nobody holds, even when the next slice of its old read was sent meanwhile', async () => {
    const scenario = seedEmailScenario(org, { count: 600 });
    // Distinct due times, so the read's three slices of 200 are the actions in this order.
    const dueFrom = org.controls.clock.nowMs() - 600_000;
    const ids = [...scenario.emailActionIds];
    ids.forEach((id, i) =>
      org.data.update('Participant_Action__c', id, { Due_At__c: new Date(dueFrom + i * 1000).toISOString() })
    );
    // The worker starts at the first slice of its reads (SliceChoice draws it from Math.random).
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const companion = companionFor(org, { settings: { batchSize: 200 } });
    // Its claim reaches the org late. Meanwhile one worker claims the first slice and holds it
    // while it sends; another has claimed, sent and recorded the second.
    org.controls.addFault({
      kind: 'DELAY',
      method: 'POST',
      path: /\/composite\/sobjects$/,
      times: 1,
      delayMs: 500
    });
    const pass = companion.runOnce();
    while (!org.controls.requestCounts()['POST /composite/sobjects']) await sleep(5);
    const lease = new Date(org.controls.clock.nowMs() + 60_000).toISOString();
    ids.slice(0, 200).forEach((id) =>
      org.data.create('Action_Attempt__c', {
        Key__c: `${id}:1`,
        Participant_Action__c: id,
        Worker__c: 'other-host:1:aaaaaa',
        Lease_Expires_At__c: lease
      })
    );
    ids.slice(200, 400).forEach((id) => {
      org.data.create('Action_Attempt__c', {
        Key__c: `${id}:1`,
        Participant_Action__c: id,
        Worker__c: 'other-host:2:bbbbbb',
        Lease_Expires_At__c: lease,
        Outcome__c: 'Sent'
      });
      org.data.update('Participant_Action__c', id, { Status__c: 'Completed', Attempts__c: 1 });
    });

    const result = await pass;

    expect({
      claimed: result.stats.claimed,
      sent: result.stats.emailsSent,
      reconciled: result.stats.reconciled
    }).toEqual({
      claimed: 200,
      sent: 200,
      reconciled: 0
    });
    expect(org.controls.emailOutbox().map((email) => email.relatedRecordId)).toEqual(ids.slice(400));
    // Two claims: the lost one, and the one that won.
    expect(org.controls.requestCounts()['POST /composite/sobjects']).toBe(2);
  });
});
