/**
 * `ObjectPermissions` and `FieldPermissions` as Salesforce serves them: one row per object and per
 * permissionable field a permission set grants, a profile's grants on the permission set Salesforce
 * keeps for it (`IsOwnedByProfile`, `ProfileId`), reachable through `PermissionSetAssignment`. The
 * rows agree with what the org enforces on a session of that user.
 */
import jsforce, { Connection } from 'jsforce';
import type { LocalOrg } from '../../index';
import { API_VERSION, failure, startTestOrg } from '../helpers';

type Row = Record<string, unknown>;

function createUser(org: LocalOrg, username: string, profile: string, permissionSets: string[]): string {
  const profileId = (
    org.data.query(`SELECT Id FROM Profile WHERE Name = '${profile}'`).records[0] as { Id: string }
  ).Id;
  const userId = org.data.create('User', {
    Username: username,
    LastName: username.split('@')[0],
    Email: username,
    TimeZoneSidKey: 'America/New_York',
    ProfileId: profileId
  });
  for (const name of permissionSets) {
    const set = org.data.query(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`).records[0] as {
      Id: string;
    };
    org.data.create('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: set.Id });
  }
  return userId;
}

const strip = (rows: Row[]): Row[] =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([key]) => key !== 'attributes')
        .map(([key, value]) => [
          key,
          value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'attributes'))
            : value
        ])
    )
  );

describe('ObjectPermissions and FieldPermissions', () => {
  let org: LocalOrg;
  let rep: string;
  let minimal: string;
  let conn: Connection;

  beforeAll(async () => {
    org = await startTestOrg({ accessControl: true });
    rep = createUser(org, 'rita.rep@stride.test', 'Standard User', ['Stride_Agent']);
    minimal = createUser(org, 'mia.min@stride.test', 'Minimum Access - Salesforce', ['Stride_Admin']);
    conn = new jsforce.Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      version: API_VERSION
    });
  });
  afterAll(() => org.close());

  it("answers a package permission set's field grants as its metadata sets them", async () => {
    const result = await conn.query<Row>(
      "SELECT Parent.Name, SobjectType, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE Parent.Name = 'Stride_Agent' AND Field IN ('Lead.SMS_Opt_Out__c', 'Participant_Action__c.Activation__c', 'Participant_Action__c.Status__c') ORDER BY Field"
    );
    expect(strip(result.records)).toEqual([
      {
        Parent: { Name: 'Stride_Agent' },
        SobjectType: 'Lead',
        Field: 'Lead.SMS_Opt_Out__c',
        PermissionsRead: true,
        PermissionsEdit: true
      },
      {
        Parent: { Name: 'Stride_Agent' },
        SobjectType: 'Participant_Action__c',
        Field: 'Participant_Action__c.Activation__c',
        PermissionsRead: true,
        PermissionsEdit: false
      },
      {
        Parent: { Name: 'Stride_Agent' },
        SobjectType: 'Participant_Action__c',
        Field: 'Participant_Action__c.Status__c',
        PermissionsRead: true,
        PermissionsEdit: false
      }
    ]);
  });

  it("answers a user's object grants through their assignments and their profile's own permission set", async () => {
    const assigned = await conn.query<Row>(
      `SELECT Parent.Name, SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete FROM ObjectPermissions WHERE ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${rep}') AND SobjectType IN ('Sequence_Action__c', 'Participant_Action__c') ORDER BY SobjectType`
    );
    expect(strip(assigned.records)).toEqual([
      {
        Parent: { Name: 'Stride_Agent' },
        SobjectType: 'Participant_Action__c',
        PermissionsRead: true,
        PermissionsCreate: false,
        PermissionsEdit: true,
        PermissionsDelete: false
      },
      {
        Parent: { Name: 'Stride_Agent' },
        SobjectType: 'Sequence_Action__c',
        PermissionsRead: true,
        PermissionsCreate: false,
        PermissionsEdit: false,
        PermissionsDelete: false
      }
    ]);
    const byProfile = await conn.query<Row>(
      `SELECT Parent.Label, Parent.IsOwnedByProfile, SobjectType, PermissionsRead, PermissionsEdit FROM ObjectPermissions WHERE Parent.ProfileId IN (SELECT ProfileId FROM User WHERE Id IN ('${rep}', '${minimal}')) AND SobjectType IN ('Lead', 'Campaign', 'User') ORDER BY Parent.Label, SobjectType`
    );
    expect(strip(byProfile.records)).toEqual([
      {
        Parent: { Label: 'Minimum Access - Salesforce', IsOwnedByProfile: true },
        SobjectType: 'Campaign',
        PermissionsRead: true,
        PermissionsEdit: false
      },
      {
        Parent: { Label: 'Minimum Access - Salesforce', IsOwnedByProfile: true },
        SobjectType: 'User',
        PermissionsRead: true,
        PermissionsEdit: false
      },
      {
        Parent: { Label: 'Standard User', IsOwnedByProfile: true },
        SobjectType: 'Campaign',
        PermissionsRead: true,
        PermissionsEdit: false
      },
      {
        Parent: { Label: 'Standard User', IsOwnedByProfile: true },
        SobjectType: 'Lead',
        PermissionsRead: true,
        PermissionsEdit: true
      },
      {
        Parent: { Label: 'Standard User', IsOwnedByProfile: true },
        SobjectType: 'User',
        PermissionsRead: true,
        PermissionsEdit: false
      }
    ]);
  });

  it('has field rows only for permissionable fields, as describe reports them', async () => {
    const rows = await conn.query<Row>(
      "SELECT Field FROM FieldPermissions WHERE Parent.Label = 'Standard User' AND SobjectType = 'Lead' ORDER BY Field"
    );
    expect(rows.records.map((r: Row) => r.Field)).toEqual(['Lead.SMS_Opt_Out__c']);
    const describe = await conn.sobject('Lead').describe();
    expect(
      describe.fields
        .filter((f: { permissionable: boolean }) => f.permissionable)
        .map((f: { name: string }) => f.name)
    ).toEqual(['SMS_Opt_Out__c']);
  });

  it('agrees with what the org enforces, and only users with View Setup and Configuration read the rows', async () => {
    const asMinimal = new jsforce.Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.sessionFor('mia.min@stride.test').accessToken,
      version: API_VERSION
    });
    expect(await failure(asMinimal.query('SELECT Id FROM Lead'))).toMatchObject({
      errorCode: 'INVALID_TYPE'
    });
    const asRep = new jsforce.Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.sessionFor('rita.rep@stride.test').accessToken,
      version: API_VERSION
    });
    expect((await asRep.query('SELECT Id FROM Lead')).done).toBe(true);
    // The rows need View Setup and Configuration: Stride_Integration grants it (the integration
    // user read them above), Stride_Agent does not.
    expect(await failure(asRep.query('SELECT Id FROM FieldPermissions'))).toMatchObject({
      errorCode: 'INVALID_TYPE'
    });
    expect(await failure(asRep.query('SELECT Id FROM ObjectPermissions'))).toMatchObject({
      errorCode: 'INVALID_TYPE'
    });
    // Nobody may write the rows: they follow the permission sets.
    expect(
      await failure(conn.sobject('FieldPermissions').create({ Field: 'Lead.Rating', SobjectType: 'Lead' }))
    ).toMatchObject({ errorCode: 'INVALID_TYPE' });
  });
});
