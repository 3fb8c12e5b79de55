/**
 * Field updates, criteria and merge fields run only within the access of the admin who last saved
 * the step (LastModifiedById), read from ObjectPermissions / FieldPermissions of the local org over
 * HTTP; a refused step carries the field and the user, and every other participant and sequence
 * goes on in the same pass.
 */
import type { LocalOrg } from '../../local-org';
import { SalesforceApi } from '../api';
import { silentLogger } from '../logger';
import { NameMapper } from '../names';
import { loadSaverAccess, SaverAccess } from '../pass/saver-access';
import { companionFor, connectTo, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(60_000);

function createUser(org: LocalOrg, name: string, profile: string, permissionSets: string[]): string {
  const profileId = (
    org.data.query(`SELECT Id FROM Profile WHERE Name = '${profile}'`).records[0] as { Id: string }
  ).Id;
  const id = org.data.create('User', {
    Username: `${name.toLowerCase()}@stride.test`,
    FirstName: name,
    LastName: 'Saver',
    Email: `${name.toLowerCase()}@stride.test`,
    TimeZoneSidKey: 'Europe/London',
    IsActive: true,
    ProfileId: profileId
  });
  for (const set of permissionSets) {
    const setId = (
      org.data.query(`SELECT Id FROM PermissionSet WHERE Name = '${set}'`).records[0] as { Id: string }
    ).Id;
    org.data.create('PermissionSetAssignment', { AssigneeId: id, PermissionSetId: setId });
  }
  return id;
}

/** The step as last saved by `userId` (the trusted path keeps the LastModifiedById it is given). */
function savedBy(org: LocalOrg, actionId: string, userId: string): void {
  org.data.update('Sequence_Action__c', actionId, { LastModifiedById: userId });
}

const row = (org: LocalOrg, soql: string): Record<string, unknown> =>
  org.data.query(soql).records[0] as Record<string, unknown>;

const industryCriteria = JSON.stringify({
  logic: 'AND',
  conditions: [{ field: 'Industry', operator: 'equals', value: 'Technology' }]
});

describe("the saving admin's access", () => {
  let org: LocalOrg;
  let admin: string;
  let limited: string;

  beforeEach(async () => {
    org = await startTestOrg();
    admin = createUser(org, 'Ada', 'Standard User', ['Stride_Admin']);
    // An admin of sequences whose own access has no Lead fields at all.
    limited = createUser(org, 'Lim', 'Minimum Access - Salesforce', ['Stride_Admin']);
  });
  afterEach(() => org.close());

  it('applies a field update, criteria and merge fields saved by an admin who may edit and read them', async () => {
    const scenario = seedEmailScenario(org, {
      count: 1,
      body: '<p>{!Recipient.Industry}</p>',
      fieldUpdates: '[{"field":"Rating","value":"Hot"}]',
      lead: () => ({ Industry: 'Technology' })
    });
    org.data.update('Sequence_Action__c', scenario.emailActionId, { Criteria__c: industryCriteria });
    org.data.update('Participant_Action__c', scenario.emailActionIds[0], { Status__c: 'Upcoming' });
    savedBy(org, scenario.emailActionId, admin);
    await companionFor(org).runOnce();
    expect(row(org, `SELECT Rating FROM Lead WHERE Id = '${scenario.leadIds[0]}'`).Rating).toBe('Hot');
    expect(org.controls.emailOutbox().map((e) => e.body)).toEqual(['<p>Technology</p>']);
    expect(
      row(
        org,
        `SELECT Status__c, Reason__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
      )
    ).toMatchObject({ Status__c: 'Completed', Reason__c: null, Last_Error__c: null });
  });

  it('refuses what the saver may not edit or read, with the field and the user, while the rest goes on', async () => {
    const good = seedEmailScenario(org, {
      count: 1,
      subject: 'Hello',
      fieldUpdates: '[{"field":"Rating","value":"Warm"}]'
    });
    savedBy(org, good.emailActionId, admin);
    const update = seedEmailScenario(org, {
      count: 1,
      subject: 'Hello',
      body: '<p>Hi</p>',
      fieldUpdates: '[{"field":"Rating","value":"Hot"}]'
    });
    savedBy(org, update.emailActionId, limited);
    const criteria = seedEmailScenario(org, { count: 1, subject: 'Hello', body: '<p>Hi</p>' });
    org.data.update('Sequence_Action__c', criteria.emailActionId, { Criteria__c: industryCriteria });
    org.data.update('Participant_Action__c', criteria.emailActionIds[0], { Status__c: 'Upcoming' });
    savedBy(org, criteria.emailActionId, limited);
    const merge = seedEmailScenario(org, {
      count: 1,
      subject: 'Hello',
      body: '<p>{!Recipient.Industry}</p>'
    });
    savedBy(org, merge.emailActionId, limited);

    await companionFor(org).runOnce();

    const stepOf = (id: string) =>
      `Sequence action "Welcome email" (${id}) was last saved by Lim Saver (${limited})`;
    const pa = (id: string) =>
      row(
        org,
        `SELECT Status__c, Activation__c, Reason__c, Reason_Detail__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${id}'`
      );
    // The admin's step: sent and its field update applied.
    expect(row(org, `SELECT Rating FROM Lead WHERE Id = '${good.leadIds[0]}'`).Rating).toBe('Warm');
    expect(pa(good.emailActionIds[0])).toMatchObject({ Status__c: 'Completed', Last_Error__c: null });
    // Field update: the lead keeps its rating, the action says why.
    expect(row(org, `SELECT Rating FROM Lead WHERE Id = '${update.leadIds[0]}'`).Rating).toBe(null);
    expect(pa(update.emailActionIds[0]).Last_Error__c).toBe(
      `Field update failed: ${stepOf(update.emailActionId)}, who may not edit Lead.Rating`
    );
    // Criteria: not evaluated; the action is held for a person with the reason.
    expect(pa(criteria.emailActionIds[0])).toMatchObject({
      Status__c: 'Due',
      Activation__c: 'Manual',
      Reason__c: 'WAIT_CRITERIA',
      Reason_Detail__c: `Criteria refused: ${stepOf(criteria.emailActionId)}, who may not read Lead.Industry`
    });
    // Merge field: not rendered; the email falls back to the rep with the reason.
    expect(pa(merge.emailActionIds[0])).toMatchObject({
      Activation__c: 'Manual',
      Reason__c: 'BAD_MERGE_SYNTAX',
      Reason_Detail__c: `Body: ${stepOf(merge.emailActionId)}, who may not read Lead.Industry`
    });
    // Only the admin's email and the refused field update's email went out.
    expect(
      org.controls
        .emailOutbox()
        .map((e) => e.recipientId)
        .sort()
    ).toEqual([good.leadIds[0], update.leadIds[0]].sort());
  });

  it('refuses a Campaign field update saved by a rep with Stride_Agent, who may only read Campaigns', async () => {
    const rep = createUser(org, 'Rita', 'Standard User', ['Stride_Agent']);
    const campaign = org.data.create('Campaign', {
      Name: 'Spring Summit',
      Status: 'In Progress',
      IsActive: true
    });
    const scenario = seedEmailScenario(org, {
      count: 1,
      subject: 'Hello',
      body: '<p>Hi</p>',
      fieldUpdates: '[{"field":"Status","value":"Completed","target":"Campaign"}]'
    });
    org.data.update('Sequence__c', scenario.sequenceId, { Target_Object__c: 'Campaign' });
    org.data.update('Sequence_Participant__c', scenario.participantIds[0], { Campaign__c: campaign });
    savedBy(org, scenario.emailActionId, rep);
    await companionFor(org).runOnce();
    expect(row(org, `SELECT Status FROM Campaign WHERE Id = '${campaign}'`).Status).toBe('In Progress');
    expect(
      row(
        org,
        `SELECT Status__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
      )
    ).toMatchObject({
      Status__c: 'Completed',
      Last_Error__c: `Field update failed: Sequence action "Welcome email" (${scenario.emailActionId}) was last saved by Rita Saver (${rep}), who may not edit Campaign.Status`
    });
  });

  it('reads the access of every saver in one Composite request (five queries)', async () => {
    const rep = createUser(org, 'Rita', 'Standard User', ['Stride_Agent']);
    const api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });
    org.controls.resetRequestCounts();
    const access = await loadSaverAccess(api, [admin, limited, rep], ['Lead', 'Campaign']);
    expect(org.controls.requestCounts()).toEqual({ 'POST /composite': 1 });
    // As the local org describes them: standard fields follow the object permission.
    const describes = {
      Lead: { name: 'Lead', fields: [{ name: 'Rating', type: 'picklist' as const, permissionable: false }] },
      Campaign: {
        name: 'Campaign',
        fields: [{ name: 'Status', type: 'picklist' as const, permissionable: false }]
      }
    };
    expect(
      [admin, limited, rep].map((user) => [
        access.refusal(describes, user, 'Lead', 'Rating', 'edit'),
        access.refusal(describes, user, 'Campaign', 'Status', 'edit')
      ])
    ).toEqual([
      [null, `Ada Saver (${admin}), who may not edit Campaign.Status`],
      [
        `Lim Saver (${limited}), who may not edit Lead.Rating`,
        `Lim Saver (${limited}), who may not edit Campaign.Status`
      ],
      [null, `Rita Saver (${rep}), who may not edit Campaign.Status`]
    ]);
  });

  it("keeps exit criteria the saver may not read from running, across the companion's own write and a restart", async () => {
    const scenario = seedEmailScenario(org, {
      count: 1,
      subject: 'Hello',
      body: '<p>Hi</p>',
      withFollowUp: true,
      lead: () => ({ Industry: 'Technology' })
    });
    org.data.update('Sequence__c', scenario.sequenceId, { Exit_Criteria__c: industryCriteria });
    org.data.update('Sequence__c', scenario.sequenceId, { LastModifiedById: limited });
    const sequence = () =>
      row(
        org,
        `SELECT Name, Last_Error__c, Criteria_Saved_By__c, LastModifiedById FROM Sequence__c WHERE Id = '${scenario.sequenceId}'`
      );
    const participant = () =>
      row(org, `SELECT Status__c FROM Sequence_Participant__c WHERE Id = '${scenario.participantIds[0]}'`)
        .Status__c;
    const name = sequence().Name as string;
    const refusal = `Exit criteria refused: Sequence "${name}" (${scenario.sequenceId}) was last saved by Lim Saver (${limited}), who may not read Lead.Industry`;

    await companionFor(org).runOnce();
    // The companion wrote the reason, so it is Last Modified By now; the saver is kept beside it.
    expect(sequence()).toMatchObject({
      Last_Error__c: refusal,
      Criteria_Saved_By__c: limited,
      LastModifiedById: org.userId
    });
    expect(participant()).toBe('Active');

    // A restart reads the saver back from the record: still refused, still not exited.
    await companionFor(org).runOnce();
    expect(sequence()).toMatchObject({ Last_Error__c: refusal, Criteria_Saved_By__c: limited });
    expect(participant()).toBe('Active');

    // An admin who may read Industry saves the sequence: the criteria run and the person exits.
    org.data.update('Sequence__c', scenario.sequenceId, { LastModifiedById: admin });
    await companionFor(org).runOnce();
    expect(sequence()).toMatchObject({ Last_Error__c: null, Criteria_Saved_By__c: admin });
    expect(participant()).toBe('Exited');
  });
});

describe('SaverAccess, from the rows Salesforce returns', () => {
  const describes = {
    Lead: {
      name: 'Lead',
      fields: [
        { name: 'Rating', type: 'picklist' as const, permissionable: true },
        { name: 'LastName', type: 'string' as const, permissionable: false }
      ]
    }
  };
  const rows = (edit: boolean) =>
    SaverAccess.from(
      [
        {
          Id: '005000000000001AAA',
          Name: 'Ann Admin',
          ProfileId: '00e000000000001AAA',
          PermissionSetAssignments: { records: [{ PermissionSetId: '0PS000000000001AAA' }] }
        }
      ],
      // The object comes from the profile's own permission set, reached through Parent.ProfileId.
      [
        {
          ParentId: '0PS000000000009AAA',
          Parent: { ProfileId: '00e000000000001AAA' },
          SobjectType: 'Lead',
          PermissionsRead: true,
          PermissionsEdit: true
        }
      ],
      // The field from an assigned permission set.
      [{ ParentId: '0PS000000000001AAA', Field: 'Lead.Rating', PermissionsRead: true, PermissionsEdit: edit }]
    );

  it('needs the object and, for a permissionable field, the field; other fields follow the object', () => {
    expect(rows(true).refusal(describes, '005000000000001AAA', 'Lead', 'Rating', 'edit')).toBe(null);
    expect(rows(false).refusal(describes, '005000000000001AAA', 'Lead', 'Rating', 'edit')).toBe(
      'Ann Admin (005000000000001AAA), who may not edit Lead.Rating'
    );
    expect(rows(false).refusal(describes, '005000000000001AAA', 'Lead', 'rating', 'read')).toBe(null);
    expect(rows(false).refusal(describes, '005000000000001AAA', 'Lead', 'LastName', 'edit')).toBe(null);
  });

  it('refuses, naming why, when the saver is unknown or their access could not be read', () => {
    expect(rows(true).refusal(describes, null, 'Lead', 'Rating', 'read')).toBe(
      'an unknown user, so access to Lead.Rating cannot be checked'
    );
    expect(
      SaverAccess.unread("INVALID_TYPE: sObject type 'FieldPermissions' is not supported.").refusal(
        describes,
        '005000000000001AAA',
        'Lead',
        'Rating',
        'read'
      )
    ).toBe(
      "005000000000001AAA, whose access could not be read (INVALID_TYPE: sObject type 'FieldPermissions' is not supported.), so Lead.Rating is not used"
    );
  });
});
