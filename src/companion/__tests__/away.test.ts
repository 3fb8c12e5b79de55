/**
 * Away mode end to end: a rep's absence moves their manual work of Cover sequences to the cover
 * user and back on the return, holds Hold-sequence work and automatic emails (re-spaced after the
 * return), and never sends an automatic email on the absent rep's behalf.
 */
import type { LocalOrg } from '../../local-org';
import { AWAY_INTERVAL_MS } from '../pass/away';
import { companionFor, startTestOrg } from './helpers';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;

describe('Away mode', () => {
  let org: LocalOrg;
  let rep: string;
  let cover: string;
  let start: Date;
  let returnAt: Date;
  const ids: Record<string, string> = {};

  function user(name: string): string {
    return org.data.create('User', {
      Username: `${name}@stride.test`,
      LastName: name,
      Email: `${name}@stride.test`,
      TimeZoneSidKey: 'Europe/London',
      IsActive: true
    });
  }

  function enroll(sequenceId: string, actionId: string, step: Record<string, unknown>, name: string): string {
    const lead = org.data.create('Lead', {
      LastName: name,
      Company: 'Acme',
      Email: `${name}@example.com`,
      OwnerId: rep
    });
    const participant = org.data.create('Sequence_Participant__c', {
      Sequence__c: sequenceId,
      Lead__c: lead,
      Person_Key__c: lead,
      Status__c: 'Active',
      Enrolled_At__c: start.toISOString(),
      Admitted_At__c: start.toISOString(),
      Current_Step__c: 1,
      OwnerId: rep
    });
    return org.data.create('Participant_Action__c', {
      Participant__c: participant,
      Sequence_Action__c: actionId,
      Step_Number__c: 1,
      Attempts__c: 0,
      Assigned_To__c: rep,
      OwnerId: rep,
      ...step
    });
  }

  function sequence(name: string, settings: Record<string, unknown>, action: Record<string, unknown>) {
    const sequenceId = org.data.create('Sequence__c', {
      Name: name,
      Target_Object__c: 'Lead',
      Active__c: true,
      ...settings
    });
    const actionId = org.data.create('Sequence_Action__c', {
      Name: `${name} step`,
      Sequence__c: sequenceId,
      Step_Number__c: 1,
      Delay_Amount__c: 0,
      Delay_Unit__c: 'Minutes',
      Timing__c: 'Immediate (Any Day)',
      ...action
    });
    return { sequenceId, actionId };
  }

  beforeAll(async () => {
    org = await startTestOrg();
    start = org.controls.clock.now();
    returnAt = new Date(start.getTime() + 5 * DAY);
    rep = user('rep');
    cover = user('cover');
    const covered = sequence(
      'Covered',
      { Away_Policy__c: 'Cover' },
      { Type__c: 'Call', Activation__c: 'Manual' }
    );
    const held = sequence('Held', { Away_Policy__c: 'Hold' }, { Type__c: 'Call', Activation__c: 'Manual' });
    const emails = sequence(
      'Emails',
      { Away_Policy__c: 'Cover' },
      { Type__c: 'Email', Activation__c: 'Automatic', Subject__c: 'Hi', Body__c: '<p>Hello</p>' }
    );
    const due = {
      Type__c: 'Call',
      Activation__c: 'Manual',
      Status__c: 'Due',
      Due_At__c: start.toISOString()
    };
    ids.covered = enroll(covered.sequenceId, covered.actionId, due, 'covered');
    ids.held = enroll(
      held.sequenceId,
      held.actionId,
      { ...due, Due_At__c: new Date(start.getTime() + 2 * DAY).toISOString(), Status__c: 'Upcoming' },
      'held'
    );
    ids.email = enroll(
      emails.sequenceId,
      emails.actionId,
      { Type__c: 'Email', Activation__c: 'Automatic', Status__c: 'Due', Due_At__c: start.toISOString() },
      'emailed'
    );
    org.data.create('Away_Period__c', {
      OwnerId: rep,
      Starts_At__c: new Date(start.getTime() - 60 * 60 * 1000).toISOString(),
      Ends_At__c: returnAt.toISOString(),
      Cover_User__c: cover
    });
  });
  afterAll(() => org.close());

  const action = (id: string) =>
    (
      org.data.query(
        `SELECT Id, OwnerId, Assigned_To__c, Covering_For__c, Status__c, Due_At__c FROM Participant_Action__c WHERE Id = '${id}'`
      ).records as Array<Record<string, unknown>>
    )[0];
  const dueAt = (id: string): number => Date.parse(String(action(id).Due_At__c));

  it('during the absence: Cover work goes to the cover user, Hold work and automatic emails wait for the return', async () => {
    const companion = companionFor(org);
    await companion.runOnce();
    await companion.stop();

    expect(action(ids.covered)).toMatchObject({
      Assigned_To__c: cover,
      OwnerId: cover,
      Covering_For__c: rep,
      Status__c: 'Due'
    });
    expect(action(ids.held)).toMatchObject({
      Assigned_To__c: rep,
      Status__c: 'Upcoming'
    });
    expect(dueAt(ids.held)).toBe(returnAt.getTime());
    expect(action(ids.email)).toMatchObject({
      Assigned_To__c: rep,
      Status__c: 'Upcoming'
    });
    expect(dueAt(ids.email)).toBe(returnAt.getTime());
    expect(org.controls.emailOutbox()).toEqual([]);
  });

  it('on the return: covered work goes back to the rep, held work comes due, and the email goes out', async () => {
    org.controls.clock.set(new Date(returnAt.getTime() + AWAY_INTERVAL_MS));
    const companion = companionFor(org);
    await companion.runOnce();
    await companion.stop();

    expect(action(ids.covered)).toMatchObject({ Assigned_To__c: rep, OwnerId: rep, Covering_For__c: null });
    expect(action(ids.held)).toMatchObject({ Status__c: 'Due' });
    expect(org.controls.emailOutbox()).toHaveLength(1);
    expect(action(ids.email)).toMatchObject({ Status__c: 'Completed' });
  });
});
