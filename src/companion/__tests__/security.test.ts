/**
 * A rep's request is checked before it is carried out: the companion acts on a requested outcome
 * or status only when its writer (LastModifiedById) owns the record, manages its owner through the
 * role hierarchy, or is the companion itself; otherwise it clears the request and says why.
 */
import './jest-realm';
import jsforce from 'jsforce';
import type { LocalOrg } from '../../local-org';
import { requestRefusal, type RequesterDirectory } from '../pass/requesters';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

type Row = Record<string, unknown>;

describe('requestRefusal', () => {
  const directory: RequesterDirectory = {
    roleOf: new Map([
      ['005000000000ava', 'rep'],
      ['005000000000ben', 'rep'],
      ['005000000000dan', 'manager'],
      ['005000000000adm', null],
      ['005000000000int', null]
    ]),
    parentOf: new Map([
      ['rep', 'manager'],
      ['manager', 'vp']
    ]),
    modifyAllData: new Set(['005000000000adm']),
    names: new Map([
      ['005000000000ava', 'Ava Reed'],
      ['005000000000ben', 'Ben Ortiz']
    ]),
    selfId: '005000000000int'
  };
  const refusal = (requesterId: string, ownerId = '005000000000avaAAA') =>
    requestRefusal(directory, { requesterId, ownerId });

  it('lets the owner, their managers, Modify All Data users and the companion act', () => {
    expect(
      ['005000000000avaAAA', '005000000000danAAA', '005000000000admAAA', '005000000000intAAA'].map((id) =>
        refusal(id)
      )
    ).toEqual([null, null, null, null]);
  });

  it('refuses a peer, and a manager acting above their place', () => {
    expect(refusal('005000000000benAAA')).toBe(
      'Ben Ortiz may not act on work owned by Ava Reed (not its owner or their manager)'
    );
    expect(refusal('005000000000avaAAA', '005000000000danAAA')).toBe(
      'Ava Reed may not act on work owned by 005000000000dan (not its owner or their manager)'
    );
  });
});

describe('requests against the local org', () => {
  let org: LocalOrg;
  let users: Record<string, string>;
  let sequence: string;
  let lead: string;

  beforeEach(async () => {
    org = await startTestOrg({ sampleData: true });
    users = org.sampleData!.users;
    lead = org.data.create('Lead', {
      LastName: 'Owned',
      Company: 'Acme',
      Email: 'owned@example.com',
      OwnerId: users['ava.reed@stride.local']
    });
    sequence = org.data.create('Sequence__c', {
      Name: 'Requests',
      Target_Object__c: 'Lead',
      Active__c: true
    });
  });
  afterEach(async () => {
    await org.close();
  });

  /** An active participant owned by Ava with one Due manual action of `type` she works. */
  function avasAction(type: 'Call' | 'Email'): { participant: string; action: string } {
    const ava = users['ava.reed@stride.local'];
    const step = org.data.create('Sequence_Action__c', {
      Name: type,
      Sequence__c: sequence,
      Step_Number__c: 1,
      Type__c: type,
      Activation__c: 'Manual',
      Subject__c: 'Hello',
      Body__c: 'Hi there'
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
      Type__c: type,
      Activation__c: 'Manual',
      Status__c: 'Due',
      Due_At__c: org.controls.clock.now().toISOString(),
      Assigned_To__c: ava,
      OwnerId: ava
    });
    return { participant, action };
  }

  const action = (id: string): Row =>
    org.data.query(
      `SELECT Status__c, Requested_Outcome__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${id}'`
    ).records[0] as Row;

  it("refuses a peer's request on someone else's action and says why on the record", async () => {
    const { action: id } = avasAction('Call');
    org.data.update('Participant_Action__c', id, {
      Requested_Outcome__c: 'Skip',
      LastModifiedById: users['ben.ortiz@stride.local']
    });
    await companionFor(org).runOnce();
    expect(action(id)).toMatchObject({
      Status__c: 'Due',
      Requested_Outcome__c: null,
      Last_Error__c:
        'Request Skip refused: Ben Ortiz may not act on work owned by Ava Reed (not its owner or their manager)'
    });
  });

  it("carries out the owner's and the manager's requests", async () => {
    const first = avasAction('Call');
    org.data.update('Participant_Action__c', first.action, {
      Requested_Outcome__c: 'Skip',
      LastModifiedById: users['dana.kim@stride.local']
    });
    // Ava writes her own request through the API, as Engage does, under her permissions.
    const second = avasAction('Call');
    const ava = new jsforce.Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.sessionFor('ava.reed@stride.local').accessToken,
      version: '66.0'
    });
    await ava.sobject('Participant_Action__c').update({ Id: second.action, Requested_Outcome__c: 'Skip' });
    await companionFor(org).runOnce();
    expect([action(first.action), action(second.action)]).toEqual([
      {
        attributes: expect.anything(),
        Status__c: 'Skipped',
        Requested_Outcome__c: null,
        Last_Error__c: null
      },
      { attributes: expect.anything(), Status__c: 'Skipped', Requested_Outcome__c: null, Last_Error__c: null }
    ]);
  });

  it('refuses a Send the writer may not ask for: nothing is sent', async () => {
    const { action: id } = avasAction('Email');
    org.data.update('Participant_Action__c', id, {
      Requested_Outcome__c: 'Send',
      LastModifiedById: users['chloe.martin@stride.local']
    });
    await companionFor(org).runOnce();
    expect(org.controls.emailOutbox()).toEqual([]);
    expect(action(id)).toMatchObject({
      Status__c: 'Due',
      Requested_Outcome__c: null,
      Last_Error__c:
        'Request Send refused: Chloe Martin may not act on work owned by Ava Reed (not its owner or their manager)'
    });
  });

  it("refuses a peer's pause of someone else's enrollment", async () => {
    const { participant } = avasAction('Call');
    org.data.update('Sequence_Participant__c', participant, {
      Requested_Status__c: 'Paused',
      LastModifiedById: users['ben.ortiz@stride.local']
    });
    await companionFor(org).runOnce();
    expect(
      org.data.query(
        `SELECT Status__c, Requested_Status__c, Last_Error__c FROM Sequence_Participant__c WHERE Id = '${participant}'`
      ).records[0]
    ).toMatchObject({
      Status__c: 'Active',
      Requested_Status__c: null,
      Last_Error__c:
        'Request Paused refused: Ben Ortiz may not act on work owned by Ava Reed (not its owner or their manager)'
    });
  });
});

describe('the field allow-list in the companion', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('does not write a field update outside the field set and allow-list (an opt-out), and says why', async () => {
    const scenario = seedEmailScenario(org, {
      count: 1,
      fieldUpdates: '[{"field":"HasOptedOutOfEmail","value":true}]'
    });
    await companionFor(org).runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(1);
    expect(
      org.data.query(`SELECT HasOptedOutOfEmail FROM Lead WHERE Id = '${scenario.leadIds[0]}'`).records[0]
    ).toMatchObject({ HasOptedOutOfEmail: false });
    expect(
      org.data.query(
        `SELECT Status__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
      ).records[0]
    ).toMatchObject({
      Status__c: 'Completed',
      Last_Error__c:
        'Field update failed: entry 1 (HasOptedOutOfEmail): Lead.HasOptedOutOfEmail is not in the Stride_Field_Updates field set of Lead (fields record updates may change: Status, Rating, LeadSource, Industry, Title, Description)'
    });
  });

  it('does not merge a field outside the allow-list: the email waits for a rep with the reason', async () => {
    const scenario = seedEmailScenario(org, {
      count: 1,
      body: 'Hi {!Recipient.FirstName}, converted {!Recipient.ConvertedDate}'
    });
    await companionFor(org).runOnce();
    expect(org.controls.emailOutbox()).toEqual([]);
    expect(
      org.data.query(
        `SELECT Activation__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
      ).records[0]
    ).toMatchObject({
      Activation__c: 'Manual',
      Reason__c: 'BAD_MERGE_SYNTAX',
      Reason_Detail__c:
        'Body: Lead.ConvertedDate is not a field Stride may read (not on its field allow-list)'
    });
  });

  it("uses an org's own field once its settings allow it", async () => {
    const scenario = seedEmailScenario(org, { count: 1, body: 'Converted {!Recipient.ConvertedDate}.' });
    await companionFor(org, { settings: { allowFields: ['Lead.ConvertedDate'] } }).runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(1);
    expect(scenario.emailActionIds).toHaveLength(1);
  });
});
