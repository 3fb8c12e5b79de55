/**
 * The requester directory knows who the companion is from the session's identity. When that read
 * fails, the companion's own requests must not be refused (nor held back for the directory's
 * minute): they wait, and the next pass, which asks again, carries them out.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { companionFor, connectTo, startTestOrg } from './helpers';

describe("the companion's own requests when its identity cannot be read", () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg({ sampleData: true });
  });
  afterEach(async () => {
    await org.close();
  });

  it('waits for the next pass instead of refusing them, then carries them out', async () => {
    const ava = org.sampleData!.users['ava.reed@stride.local'];
    const lead = org.data.create('Lead', {
      LastName: 'Owned',
      Company: 'Acme',
      Email: 'owned@example.com',
      OwnerId: ava
    });
    const sequence = org.data.create('Sequence__c', {
      Name: 'Requests',
      Target_Object__c: 'Lead',
      Active__c: true
    });
    const step = org.data.create('Sequence_Action__c', {
      Name: 'Call',
      Sequence__c: sequence,
      Step_Number__c: 1,
      Type__c: 'Call',
      Activation__c: 'Manual'
    });
    const participant = org.data.create('Sequence_Participant__c', {
      Sequence__c: sequence,
      Lead__c: lead,
      Status__c: 'Active',
      Current_Step__c: 1,
      OwnerId: ava
    });
    const action = org.data.create('Participant_Action__c', {
      Participant__c: participant,
      Sequence_Action__c: step,
      Step_Number__c: 1,
      Type__c: 'Call',
      Activation__c: 'Manual',
      Status__c: 'Due',
      Due_At__c: org.controls.clock.now().toISOString(),
      Assigned_To__c: ava,
      OwnerId: ava
    });
    // Written by the integration user the companion runs as (a stride CLI command, a script).
    org.data.update('Participant_Action__c', action, {
      Requested_Outcome__c: 'Skip',
      LastModifiedById: org.userId
    });
    const conn = connectTo(org);
    // The identity endpoint (UserInfo) is down for the whole first pass, then answers again.
    const request = conn.request.bind(conn);
    let identityDown = true;
    const identityRequests = jest
      .spyOn(conn, 'request')
      .mockImplementation(((req: unknown, options: unknown) =>
        identityDown && String(req).endsWith('/oauth2/userinfo')
          ? Promise.reject(new Error('socket hang up'))
          : request(req as never, options as never)) as never);
    const companion = companionFor(org, { conn });
    const row = () =>
      org.data.query(
        `SELECT Status__c, Requested_Outcome__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${action}'`
      ).records[0];

    await companion.runOnce();
    expect(row()).toMatchObject({ Status__c: 'Due', Requested_Outcome__c: 'Skip', Last_Error__c: null });

    // The catalog and then the requester directory asked: a failed read is not kept.
    expect(
      identityRequests.mock.calls.filter(([req]) => String(req).endsWith('/oauth2/userinfo'))
    ).toHaveLength(2);
    identityDown = false;
    await companion.runOnce();
    expect(row()).toMatchObject({ Status__c: 'Skipped', Requested_Outcome__c: null, Last_Error__c: null });
  });
});
