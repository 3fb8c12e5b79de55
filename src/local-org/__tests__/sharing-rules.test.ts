/**
 * Public groups and criteria-based sharing rules: the package's rule that lets the integration user
 * (the only member of Stride_Integration_Users) write `Last_Error__c` on every sequence, and the
 * rules the local org can and cannot enforce.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsforce, { Connection } from 'jsforce';
import { DEFAULT_OBJECTS_DIR, type LocalOrg, startLocalOrg } from '../index';
import { loadSchema } from '../schema/registry';
import { compileSharingRule, parseSharingRules, type SharingRuleDef } from '../security/sharing-rules';
import { API_VERSION, failure, startTestOrg } from './helpers';

const SAM = 'sam.admin@stride.local';
const AVA = 'ava.reed@stride.local';
const NO_EDIT_ACCESS = 'insufficient access rights on object id';
const readOnlyFields = (names: string) =>
  `Unable to update fields: ${names}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`;

function connectAs(org: LocalOrg, accessToken: string): Connection {
  return new jsforce.Connection({ instanceUrl: org.instanceUrl, accessToken, version: API_VERSION });
}

const session = (org: LocalOrg, username: string): Connection =>
  connectAs(org, org.sessionFor(username).accessToken);

/** A Standard User with the given permission sets, through the trusted path. */
function createUser(org: LocalOrg, username: string, permissionSets: string[]): string {
  const profile = org.data.query("SELECT Id FROM Profile WHERE Name = 'Standard User'").records[0] as {
    Id: string;
  };
  const userId = org.data.create('User', {
    Username: username,
    LastName: username.split('@')[0],
    Email: username,
    TimeZoneSidKey: 'America/New_York',
    ProfileId: profile.Id
  });
  for (const name of permissionSets) {
    const set = org.data.query(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`).records[0] as {
      Id: string;
    };
    org.data.create('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: set.Id });
  }
  return userId;
}

function groupId(org: LocalOrg, developerName: string): string {
  return (
    org.data.query(`SELECT Id FROM Group WHERE DeveloperName = '${developerName}'`).records[0] as {
      Id: string;
    }
  ).Id;
}

function lastError(org: LocalOrg, sequenceId: string): unknown {
  return (
    org.data.query(`SELECT Last_Error__c FROM Sequence__c WHERE Id = '${sequenceId}'`).records[0] as {
      Last_Error__c: unknown;
    }
  ).Last_Error__c;
}

describe("the package's rule: the integration user edits every sequence's Last_Error__c", () => {
  let org: LocalOrg;
  let integration: Connection;
  let samId: string;
  /** Owned by the admin: OWD Read gives the integration user no edit access by ownership. */
  let sequence: string;

  beforeAll(async () => {
    org = await startTestOrg({ sampleData: true, accessControl: true });
    integration = connectAs(org, org.accessToken);
    samId = org.sampleData!.users[SAM];
    sequence = org.data.create('Sequence__c', {
      Name: 'Owned by the admin',
      Target_Object__c: 'Lead',
      Active__c: true,
      OwnerId: samId
    });
  });
  afterAll(async () => {
    await org.close();
  });

  it('seeds the public group from force-app with the integration user as its only member', () => {
    expect(org.data.query('SELECT DeveloperName, Name, Type, DoesIncludeBosses FROM Group').records).toEqual([
      {
        attributes: expect.any(Object),
        DeveloperName: 'Stride_Integration_Users',
        Name: 'Stride Integration Users',
        Type: 'Regular',
        DoesIncludeBosses: false
      }
    ]);
    expect(
      org.data
        .query('SELECT Group.DeveloperName, UserOrGroupId FROM GroupMember')
        .records.map((r) => [(r.Group as { DeveloperName: string }).DeveloperName, r.UserOrGroupId])
    ).toEqual([['Stride_Integration_Users', org.userId]]);
  });

  it('updates Last_Error__c through REST on a sequence the admin owns, and clears it', async () => {
    const message = 'Time zone "Not/AZone" is not an IANA time zone (e.g. America/New_York)';
    const result = await integration.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: message });
    expect(result).toEqual({ id: sequence, success: true, errors: [] });
    const row = org.data.query(
      `SELECT Last_Error__c, OwnerId, LastModifiedById FROM Sequence__c WHERE Id = '${sequence}'`
    ).records[0];
    expect([row.Last_Error__c, row.OwnerId, row.LastModifiedById]).toEqual([message, samId, org.userId]);
    await integration.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: null });
    expect(lastError(org, sequence)).toBeNull();
  });

  it('cannot update any other custom field of a sequence (field-level security)', async () => {
    const one = await failure(
      integration.sobject('Sequence__c').update({ Id: sequence, Time_Zone__c: 'Europe/Paris' })
    );
    expect([one.errorCode, one.message]).toEqual([
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      readOnlyFields('Time_Zone__c')
    ]);
    const several = await failure(
      integration.sobject('Sequence__c').update({
        Id: sequence,
        Last_Error__c: 'x',
        Active__c: false,
        Priority__c: 'P1'
      })
    );
    expect([several.errorCode, several.message]).toEqual([
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      readOnlyFields('Active__c, Priority__c')
    ]);
    const row = org.data.query(
      `SELECT Time_Zone__c, Active__c, Priority__c, Last_Error__c FROM Sequence__c WHERE Id = '${sequence}'`
    ).records[0];
    expect([row.Time_Zone__c, row.Active__c, row.Priority__c, row.Last_Error__c]).toEqual([
      null,
      true,
      'P3',
      null
    ]);
  });

  it('can write Name, as in Salesforce, where field-level security does not cover the Name field', async () => {
    // Permission sets cannot make a custom object's Name read-only; the companion never writes it.
    await integration.sobject('Sequence__c').update({ Id: sequence, Name: 'Renamed' });
    expect(org.data.query(`SELECT Name FROM Sequence__c WHERE Id = '${sequence}'`).records[0].Name).toBe(
      'Renamed'
    );
    org.data.update('Sequence__c', sequence, { Name: 'Owned by the admin' });
  });

  it('cannot create or delete a sequence (no create, no delete, no Modify All)', async () => {
    const deleted = await failure(integration.sobject('Sequence__c').destroy(sequence));
    expect([deleted.errorCode, deleted.message]).toEqual([
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'insufficient access rights on object id: you cannot delete Sequences records'
    ]);
    const created = await failure(
      integration.sobject('Sequence__c').create({ Name: 'New', Target_Object__c: 'Lead' })
    );
    expect([created.errorCode, created.message]).toEqual([
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'insufficient access rights on object id: you cannot create Sequences records'
    ]);
    expect(org.data.query(`SELECT COUNT() FROM Sequence__c WHERE Id = '${sequence}'`).totalSize).toBe(1);
  });

  it('leaves agents unable to edit a sequence, even in the group: the object permission still decides', async () => {
    const ava = session(org, AVA);
    const refused = async () =>
      failure(ava.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: 'mine' }));
    const before = await refused();
    expect([before.errorCode, before.message]).toEqual([
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'insufficient access rights on object id: you cannot edit Sequences records'
    ]);
    const membership = org.data.create('GroupMember', {
      GroupId: groupId(org, 'Stride_Integration_Users'),
      UserOrGroupId: org.sampleData!.users[AVA]
    });
    try {
      expect((await refused()).errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    } finally {
      org.data.delete('GroupMember', membership);
    }
    expect(lastError(org, sequence)).toBeNull();
  });

  it('gives edit access only to members: a user with the same permission set outside the group reads but cannot edit', async () => {
    // OWD Read: any Stride user reads every sequence; edit needs ownership, Modify All or the rule.
    const opsId = createUser(org, 'ops@stride.local', ['Stride_Integration']);
    const ops = session(org, 'ops@stride.local');
    const read = await ops.query<{ Id: string }>(`SELECT Id FROM Sequence__c WHERE Id = '${sequence}'`);
    expect(read.records.map((r) => r.Id)).toEqual([sequence]);
    const outside = await failure(ops.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: 'ops' }));
    expect([outside.errorCode, outside.message]).toEqual(['INSUFFICIENT_ACCESS_OR_READONLY', NO_EDIT_ACCESS]);

    // Joining the group (a write to GroupMember clears the cached access) gives edit; leaving takes it.
    const membership = org.data.create('GroupMember', {
      GroupId: groupId(org, 'Stride_Integration_Users'),
      UserOrGroupId: opsId
    });
    await ops.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: 'ops' });
    expect(lastError(org, sequence)).toBe('ops');
    org.data.delete('GroupMember', membership);
    const left = await failure(ops.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: null }));
    expect([left.errorCode, left.message]).toEqual(['INSUFFICIENT_ACCESS_OR_READONLY', NO_EDIT_ACCESS]);

    // The group member edits the same sequence.
    await integration.sobject('Sequence__c').update({ Id: sequence, Last_Error__c: null });
    expect(lastError(org, sequence)).toBeNull();
  });

  it('keeps group membership to admins: a Standard User cannot add themselves', async () => {
    const ava = session(org, AVA);
    const joined = await failure(
      ava.sobject('GroupMember').create({
        GroupId: groupId(org, 'Stride_Integration_Users'),
        UserOrGroupId: org.sampleData!.users[AVA]
      })
    );
    expect([joined.errorCode, joined.message]).toEqual([
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'insufficient access rights on object id: you cannot create Group Members records'
    ]);
  });
});

describe('criteria-based sharing rules the local org enforces', () => {
  let dir: string;
  let org: LocalOrg;
  let ids: Record<'p1' | 'p2' | 'p3', string>;
  let actions: Record<'call' | 'email', string>;

  function write(file: string, xml: string): void {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`);
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-sharing-rules-'));
    for (const name of ['Hot_Sequences', 'Call_Reviewers'])
      write(
        `groups/${name}.group-meta.xml`,
        `<Group xmlns="http://soap.sforce.com/2006/04/metadata"><doesIncludeBosses>false</doesIncludeBosses><name>${name}</name></Group>`
      );
    write(
      'sharingRules/Sequence__c.sharingRules-meta.xml',
      `<SharingRules xmlns="http://soap.sforce.com/2006/04/metadata"><sharingCriteriaRules>
        <fullName>Hot</fullName><accessLevel>Edit</accessLevel><label>Hot</label>
        <sharedTo><group>Hot_Sequences</group></sharedTo>
        <criteriaItems><field>Priority__c</field><operation>equals</operation><value>P1,P2</value></criteriaItems>
        <includeRecordsOwnedByAll>true</includeRecordsOwnedByAll>
      </sharingCriteriaRules></SharingRules>`
    );
    write(
      'sharingRules/Participant_Action__c.sharingRules-meta.xml',
      `<SharingRules xmlns="http://soap.sforce.com/2006/04/metadata"><sharingCriteriaRules>
        <fullName>Calls</fullName><accessLevel>Read</accessLevel><label>Calls</label>
        <sharedTo><group>Call_Reviewers</group></sharedTo>
        <criteriaItems><field>Type__c</field><operation>equals</operation><value>Call</value></criteriaItems>
        <includeRecordsOwnedByAll>true</includeRecordsOwnedByAll>
      </sharingCriteriaRules></SharingRules>`
    );
    org = await startTestOrg({
      sampleData: true,
      accessControl: true,
      groupsDir: path.join(dir, 'groups'),
      sharingRulesDir: path.join(dir, 'sharingRules')
    });
    const sam = org.sampleData!.users[SAM];
    const sequence = (priority: string) =>
      org.data.create('Sequence__c', {
        Name: priority,
        Target_Object__c: 'Lead',
        Priority__c: priority,
        OwnerId: sam
      });
    ids = { p1: sequence('P1'), p2: sequence('P2'), p3: sequence('P3') };
    // Ben's call and email actions (Private, owned by Ben).
    const ben = org.sampleData!.users['ben.ortiz@stride.local'];
    const lead = org.data.create('Lead', { LastName: 'Bens', Company: 'Acme' });
    const participant = org.data.create('Sequence_Participant__c', {
      Sequence__c: ids.p3,
      Lead__c: lead,
      OwnerId: ben
    });
    const action = (type: string) =>
      org.data.create('Participant_Action__c', {
        Participant__c: participant,
        Sequence_Action__c: org.data.create('Sequence_Action__c', {
          Name: type,
          Sequence__c: ids.p3,
          Step_Number__c: 1,
          Type__c: type
        }),
        Step_Number__c: 1,
        Type__c: type,
        Status__c: 'Due',
        OwnerId: ben
      });
    actions = { call: action('Call'), email: action('Email') };
    const member = (username: string, group: string) =>
      org.data.create('GroupMember', {
        GroupId: groupId(org, group),
        UserOrGroupId: org.sessionFor(username).userId
      });
    createUser(org, 'hot@stride.local', ['Stride_Integration']);
    member('hot@stride.local', 'Hot_Sequences');
    member(AVA, 'Call_Reviewers');
  });
  afterAll(async () => {
    await org.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shares for edit only the records whose field has one of the listed values', async () => {
    const hot = session(org, 'hot@stride.local');
    const results = await hot.sobject('Sequence__c').update(
      [ids.p1, ids.p2, ids.p3].map((Id) => ({ Id, Last_Error__c: 'hot' })),
      { allOrNone: false }
    );
    expect(
      results.map((r) => (r.success ? 'ok' : (r.errors[0] as { statusCode?: string }).statusCode))
    ).toEqual(['ok', 'ok', 'INSUFFICIENT_ACCESS_OR_READONLY']);
  });

  it("a Read rule on a Private object shows another rep's matching records, without edit", async () => {
    const both = `SELECT Id FROM Participant_Action__c WHERE Id IN ('${actions.call}', '${actions.email}')`;
    const ava = session(org, AVA);
    const seen = await ava.query<{ Id: string }>(both);
    expect(seen.records.map((r) => r.Id)).toEqual([actions.call]);
    const edit = await failure(
      ava.sobject('Participant_Action__c').update({ Id: actions.call, Requested_Outcome__c: 'Skip' })
    );
    expect([edit.errorCode, edit.message]).toEqual(['INSUFFICIENT_ACCESS_OR_READONLY', NO_EDIT_ACCESS]);
    // Chloe, a peer outside the group, sees neither.
    expect((await session(org, 'chloe.martin@stride.local').query(both)).totalSize).toBe(0);
  });
});

describe('sharing rule criteria as SQL, and the rules the local org refuses', () => {
  const schema = loadSchema({ objectsDir: DEFAULT_OBJECTS_DIR });
  const rule = (criteria: SharingRuleDef['criteria'], object = 'Sequence__c'): SharingRuleDef => ({
    object,
    name: 'R',
    label: 'R',
    accessLevel: 'Edit',
    groups: ['G'],
    criteria,
    file: 'Sequence__c.sharingRules-meta.xml'
  });
  const sql = (criteria: SharingRuleDef['criteria'], object?: string) =>
    compileSharingRule(rule(criteria, object), schema, () => 'Read').condition('t');

  it('compiles equals / notEqual with listed values, blank values, checkboxes and numbers', () => {
    expect(sql([{ field: 'Name', operation: 'notEqual', values: [] }])).toBe(
      `(NOT (t."Name" IS NULL OR t."Name" = ''))`
    );
    expect(sql([{ field: 'Time_Zone__c', operation: 'equals', values: [] }])).toBe(
      `((t."Time_Zone__c" IS NULL OR t."Time_Zone__c" = ''))`
    );
    expect(sql([{ field: 'Priority__c', operation: 'equals', values: ['P1', "O'Brien"] }])).toBe(
      `(t."Priority__c" IN ('P1', 'O''Brien'))`
    );
    expect(
      sql([
        { field: 'Priority__c', operation: 'notEqual', values: ['P1', 'P2'] },
        { field: 'Active__c', operation: 'equals', values: ['True'] },
        { field: 'Sequence_Cap__c', operation: 'equals', values: ['100'] }
      ])
    ).toBe(
      `((t."Priority__c" IS NULL OR t."Priority__c" NOT IN ('P1', 'P2')) AND t."Active__c" IN (1) AND t."Sequence_Cap__c" IN (100))`
    );
  });

  it('refuses unknown fields, formulas and roll-ups, detail objects and bad values', () => {
    const where = 'Sequence__c.sharingRules-meta.xml: sharing rule R';
    expect(() => sql([{ field: 'Nope__c', operation: 'equals', values: ['x'] }])).toThrow(
      `${where}: no field Nope__c on Sequence__c`
    );
    expect(() => sql([{ field: 'Action_Count__c', operation: 'equals', values: ['1'] }])).toThrow(
      `${where}: Action_Count__c is a formula or roll-up; sharing criteria cannot use it`
    );
    expect(() => sql([{ field: 'Active__c', operation: 'equals', values: ['yes'] }])).toThrow(
      `${where}: Active__c is a checkbox; its value must be true or false, not "yes"`
    );
    expect(() =>
      compileSharingRule(
        rule([{ field: 'Name', operation: 'equals', values: ['x'] }], 'Sequence_Action__c'),
        schema,
        () => 'ControlledByParent'
      )
    ).toThrow(`${where}: Sequence_Action__c is controlled by its parent; share the master object instead`);
  });

  describe('parsing', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-sharing-parse-'));
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const parse = (inner: string, body?: string) => {
      const file = path.join(dir, 'Sequence__c.sharingRules-meta.xml');
      fs.writeFileSync(
        file,
        `<?xml version="1.0" encoding="UTF-8"?>\n<SharingRules xmlns="http://soap.sforce.com/2006/04/metadata">${
          body ??
          `<sharingCriteriaRules><fullName>R</fullName><accessLevel>Edit</accessLevel><label>R</label><sharedTo><group>G</group></sharedTo>${inner}<includeRecordsOwnedByAll>true</includeRecordsOwnedByAll></sharingCriteriaRules>`
        }</SharingRules>`
      );
      return () => parseSharingRules(file);
    };
    const item = (operation: string, value = '') =>
      `<criteriaItems><field>Name</field><operation>${operation}</operation>${value}</criteriaItems>`;

    it("reads the package's rule: Name notEqual blank, shared to Stride_Integration_Users at Edit", () => {
      const rules = parseSharingRules(
        path.resolve(DEFAULT_OBJECTS_DIR, '..', 'sharingRules', 'Sequence__c.sharingRules-meta.xml')
      );
      expect(rules.map(({ file: _file, ...rest }) => rest)).toEqual([
        {
          object: 'Sequence__c',
          name: 'Stride_Integration_Edit_Sequences',
          label: 'Stride Integration: Edit Sequences',
          accessLevel: 'Edit',
          groups: ['Stride_Integration_Users'],
          criteria: [{ field: 'Name', operation: 'notEqual', values: [] }]
        }
      ]);
    });

    it('splits listed values and reads an empty value as blank', () => {
      expect(parse(item('equals', '<value>A, B,C</value>'))()[0].criteria).toEqual([
        { field: 'Name', operation: 'equals', values: ['A', 'B', 'C'] }
      ]);
      expect(parse(item('notEqual', '<value></value>'))()[0].criteria).toEqual([
        { field: 'Name', operation: 'notEqual', values: [] }
      ]);
    });

    it('refuses a booleanFilter, other operations, other targets and owner rules, naming the rule', () => {
      const file = path.join(dir, 'Sequence__c.sharingRules-meta.xml');
      expect(parse(`<booleanFilter>1 OR 2</booleanFilter>${item('equals', '<value>A</value>')}`)).toThrow(
        `${file}: sharing rule R: booleanFilter "1 OR 2" is not supported by the local org; write criteria that must all hold (AND)`
      );
      expect(parse(item('contains', '<value>A</value>'))).toThrow(
        `${file}: sharing rule R: operation "contains" on Name is not supported by the local org (equals, notEqual)`
      );
      expect(
        parse(
          '',
          `<sharingCriteriaRules><fullName>R</fullName><accessLevel>Edit</accessLevel><label>R</label><sharedTo><role>CEO</role></sharedTo>${item('equals')}<includeRecordsOwnedByAll>true</includeRecordsOwnedByAll></sharingCriteriaRules>`
        )
      ).toThrow(
        `${file}: sharing rule R: sharing to role is not supported by the local org (public groups only)`
      );
      expect(
        parse(
          '',
          '<sharingOwnerRules><fullName>O</fullName><accessLevel>Edit</accessLevel><label>O</label><sharedTo><group>G</group></sharedTo><sharedFrom><group>H</group></sharedFrom></sharingOwnerRules>'
        )
      ).toThrow(`${file}: sharingOwnerRules are not supported by the local org (only sharingCriteriaRules)`);
    });

    it('refuses to start an org whose sharing rules it cannot enforce', async () => {
      parse(`<booleanFilter>1 OR 2</booleanFilter>${item('equals', '<value>A</value>')}`);
      await expect(startLocalOrg({ sharingRulesDir: dir })).rejects.toThrow(
        'booleanFilter "1 OR 2" is not supported by the local org'
      );
    });
  });
});
