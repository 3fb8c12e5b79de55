/**
 * The local org enforces the package's security model for each session's user: object permissions
 * and field-level security from the assigned permission sets, record access from the
 * organisation-wide defaults, ownership and the role hierarchy — through SOQL, sObject rows,
 * collections and composite, with Salesforce's error codes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsforce, { Connection } from 'jsforce';
import { DEFAULT_PERMISSION_SETS_DIR, type LocalOrg } from '../index';
import { API_VERSION, failure, startTestOrg } from './helpers';

interface Fixture {
  sequence: string;
  callAction: string;
  users: Record<'ava' | 'ben' | 'chloe' | 'dana' | 'sam', string>;
  participants: Record<'ava' | 'ben', string>;
  actions: Record<'ava' | 'ben' | 'avaOnBensParticipant', string>;
  conversations: Record<'ava' | 'ben', string>;
}

const USERNAMES = {
  ava: 'ava.reed@stride.local',
  ben: 'ben.ortiz@stride.local',
  chloe: 'chloe.martin@stride.local',
  dana: 'dana.kim@stride.local',
  sam: 'sam.admin@stride.local'
} as const;

function connectAs(org: LocalOrg, username: string): Connection {
  return new jsforce.Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.sessionFor(username).accessToken,
    version: API_VERSION
  });
}

/** Ava's and Ben's work (participants, actions, conversations), set up through the trusted path. */
function seedWork(org: LocalOrg): Fixture {
  const users = Object.fromEntries(
    Object.entries(USERNAMES).map(([key, username]) => [key, org.sampleData!.users[username]])
  ) as Fixture['users'];
  const sequence = org.data.create('Sequence__c', {
    Name: 'Security',
    Target_Object__c: 'Lead',
    Active__c: true
  });
  const callAction = org.data.create('Sequence_Action__c', {
    Name: 'Call',
    Sequence__c: sequence,
    Step_Number__c: 1,
    Type__c: 'Call'
  });
  const lead = (last: string) => org.data.create('Lead', { LastName: last, Company: 'Acme' });
  const participant = (owner: string, person: string) =>
    org.data.create('Sequence_Participant__c', {
      Sequence__c: sequence,
      Lead__c: person,
      OwnerId: owner,
      Current_Step__c: 1
    });
  const participants = {
    ava: participant(users.ava, lead('Avas')),
    ben: participant(users.ben, lead('Bens'))
  };
  const action = (participantId: string, owner: string) =>
    org.data.create('Participant_Action__c', {
      Participant__c: participantId,
      Sequence_Action__c: callAction,
      Step_Number__c: 1,
      Type__c: 'Call',
      Status__c: 'Due',
      Assigned_To__c: owner,
      OwnerId: owner
    });
  const actions = {
    ava: action(participants.ava, users.ava),
    ben: action(participants.ben, users.ben),
    // Delegated to Ava on a participant Ben owns.
    avaOnBensParticipant: action(participants.ben, users.ava)
  };
  const conversation = (owner: string, actionId: string) =>
    org.data.create('Conversation__c', {
      Type__c: 'Email',
      Direction__c: 'Outbound',
      Status__c: 'Sent',
      Participant_Action__c: actionId,
      Body__c: 'private email body',
      OwnerId: owner
    });
  const conversations = {
    ava: conversation(users.ava, actions.ava),
    ben: conversation(users.ben, actions.ben)
  };
  return { sequence, callAction, users, participants, actions, conversations };
}

/** jsforce passes collection errors through as the API sends them (`statusCode`). */
const errorCodeOf = (error: unknown): string | undefined =>
  (error as { statusCode?: string }).statusCode ?? (error as { errorCode?: string }).errorCode;

const ids = (records: Array<{ Id?: string }>): string[] => records.map((r) => r.Id!).sort();

describe('record access by ownership and the role hierarchy', () => {
  let org: LocalOrg;
  let fx: Fixture;
  beforeAll(async () => {
    org = await startTestOrg({ sampleData: true, accessControl: true });
    fx = seedWork(org);
  });
  afterAll(async () => {
    await org.close();
  });

  it("an agent reads their own actions and conversations and no other rep's", async () => {
    const ava = connectAs(org, USERNAMES.ava);
    const actions = await ava.query<{ Id: string }>('SELECT Id FROM Participant_Action__c');
    expect(ids(actions.records)).toEqual([fx.actions.ava, fx.actions.avaOnBensParticipant].sort());
    const conversations = await ava.query<{ Id: string }>('SELECT Id, Body__c FROM Conversation__c');
    expect(ids(conversations.records)).toEqual([fx.conversations.ava]);
    expect((await ava.query('SELECT COUNT() FROM Conversation__c')).totalSize).toBe(1);
    for (const [type, id] of [
      ['Participant_Action__c', fx.actions.ben],
      ['Conversation__c', fx.conversations.ben],
      ['Sequence_Participant__c', fx.participants.ben]
    ]) {
      const error = await failure(ava.sobject(type).retrieve(id));
      expect([type, error.errorCode]).toEqual([type, 'NOT_FOUND']);
    }
  });

  it('shows a parent the user cannot read as null, and child subqueries only readable rows', async () => {
    const ava = connectAs(org, USERNAMES.ava);
    const delegated = await ava.query<{ Participant__c: string; Participant__r: unknown }>(
      `SELECT Participant__c, Participant__r.Lead__c, Sequence_Id__c, Is_Current_Step__c FROM Participant_Action__c WHERE Id = '${fx.actions.avaOnBensParticipant}'`
    );
    expect(delegated.records[0]).toMatchObject({
      Participant__c: fx.participants.ben,
      Participant__r: null,
      // Formulas are evaluated in system context: they read the participant the rep cannot see.
      Sequence_Id__c: fx.sequence,
      Is_Current_Step__c: true
    });
    const nested = await ava.query<{ Participant_Actions__r: { records: Array<{ Id: string }> } | null }>(
      `SELECT Id, (SELECT Id FROM Participant_Actions__r) FROM Sequence_Participant__c`
    );
    expect(nested.records.map((r) => r.Participant_Actions__r?.records.map((a) => a.Id))).toEqual([
      [fx.actions.ava]
    ]);
  });

  it("a manager sees their team's records; a peer does not", async () => {
    const dana = connectAs(org, USERNAMES.dana);
    const actions = await dana.query<{ Id: string }>('SELECT Id FROM Participant_Action__c');
    expect(ids(actions.records)).toEqual(Object.values(fx.actions).sort());
    const conversations = await dana.query<{ Id: string }>('SELECT Id FROM Conversation__c');
    expect(ids(conversations.records)).toEqual(Object.values(fx.conversations).sort());
    const chloe = connectAs(org, USERNAMES.chloe);
    expect((await chloe.query('SELECT Id FROM Participant_Action__c')).totalSize).toBe(0);
    expect((await chloe.query('SELECT Id FROM Conversation__c')).totalSize).toBe(0);
  });

  it('an agent cannot edit a sequence or an action, nor create participant actions', async () => {
    const ava = connectAs(org, USERNAMES.ava);
    expect((await ava.query('SELECT Id FROM Sequence__c')).totalSize).toBeGreaterThan(0);
    const codes = [
      (await failure(ava.sobject('Sequence__c').update({ Id: fx.sequence, Name: 'Mine now' }))).errorCode,
      (await failure(ava.sobject('Sequence_Action__c').update({ Id: fx.callAction, Name: 'Mine now' })))
        .errorCode,
      (
        await failure(
          ava.sobject('Participant_Action__c').update({ Id: fx.actions.ben, Requested_Outcome__c: 'Skip' })
        )
      ).errorCode,
      (
        await failure(
          ava
            .sobject('Participant_Action__c')
            .create({ Participant__c: fx.participants.ava, Type__c: 'Call' })
        )
      ).errorCode
    ];
    expect(codes).toEqual([
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'INSUFFICIENT_ACCESS_OR_READONLY'
    ]);
  });

  it('an agent asks for outcomes on their own action but cannot write Status__c, Time_Zone__c or Exit_Reason__c', async () => {
    const ava = connectAs(org, USERNAMES.ava);
    await ava
      .sobject('Participant_Action__c')
      .update({ Id: fx.actions.ava, Requested_Outcome__c: 'Complete' });
    const status = await failure(
      ava.sobject('Participant_Action__c').update({ Id: fx.actions.ava, Status__c: 'Completed' })
    );
    expect([status.errorCode, status.message]).toEqual([
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'Unable to update fields: Status__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.'
    ]);
    const participant = await failure(
      ava.sobject('Sequence_Participant__c').update({
        Id: fx.participants.ava,
        Time_Zone__c: 'Europe/Paris',
        Exit_Reason__c: 'mine'
      })
    );
    expect(participant.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const row = org.data.query(
      `SELECT Requested_Outcome__c, Status__c FROM Participant_Action__c WHERE Id = '${fx.actions.ava}'`
    ).records[0];
    expect(row).toMatchObject({ Requested_Outcome__c: 'Complete', Status__c: 'Due' });
    org.data.update('Participant_Action__c', fx.actions.ava, { Requested_Outcome__c: null });
  });

  it("refuses a lookup to a record the user cannot see (a call logged on another rep's action)", async () => {
    const ava = connectAs(org, USERNAMES.ava);
    const error = await failure(
      ava.sobject('Conversation__c').create({ Type__c: 'Call', Participant_Action__c: fx.actions.ben })
    );
    expect(error.errorCode).toBe('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY');
    const logged = await ava
      .sobject('Conversation__c')
      .create({ Type__c: 'Call', Participant_Action__c: fx.actions.ava });
    expect(logged.success).toBe(true);
    org.data.delete('Conversation__c', logged.id!);
  });

  it('keeps action attempts to the integration user', async () => {
    const attempt = org.data.create('Action_Attempt__c', {
      Key__c: `${fx.actions.ava}:1`,
      Participant_Action__c: fx.actions.ava
    });
    for (const username of [USERNAMES.ava, USERNAMES.dana, USERNAMES.sam]) {
      const error = await failure(connectAs(org, username).query('SELECT Id FROM Action_Attempt__c'));
      expect([username, error.errorCode]).toEqual([username, 'INVALID_TYPE']);
    }
    const child = await failure(
      connectAs(org, USERNAMES.ava).query(
        'SELECT Id, (SELECT Id FROM Attempts__r) FROM Participant_Action__c'
      )
    );
    expect(child.errorCode).toBe('INVALID_FIELD');
    const integration = new jsforce.Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      version: API_VERSION
    });
    expect(
      ids((await integration.query<{ Id: string }>('SELECT Id FROM Action_Attempt__c')).records)
    ).toEqual([attempt]);
    // The integration user works every rep's records.
    expect((await integration.query('SELECT Id FROM Participant_Action__c')).totalSize).toBe(3);
    expect((await integration.query('SELECT Id FROM Conversation__c')).totalSize).toBe(2);
    org.data.delete('Action_Attempt__c', attempt);
  });

  it('an admin edits sequences and reads every rep record without editing them', async () => {
    const sam = connectAs(org, USERNAMES.sam);
    await sam.sobject('Sequence__c').update({ Id: fx.sequence, Description__c: 'Edited by the admin' });
    expect((await sam.query('SELECT Id FROM Participant_Action__c')).totalSize).toBe(3);
    const edit = await failure(
      sam.sobject('Participant_Action__c').update({ Id: fx.actions.ben, Requested_Outcome__c: 'Skip' })
    );
    expect(edit.errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
  });

  it('checks each record of a collection and each subrequest of a composite', async () => {
    const ava = connectAs(org, USERNAMES.ava);
    const results = await ava.sobject('Participant_Action__c').update(
      [
        { Id: fx.actions.ava, Draft_Body__c: 'hello' },
        { Id: fx.actions.ben, Draft_Body__c: 'hello' }
      ],
      { allOrNone: false }
    );
    expect(results.map((r) => (r.success ? 'ok' : errorCodeOf(r.errors[0])))).toEqual([
      'ok',
      'INSUFFICIENT_ACCESS_OR_READONLY'
    ]);
    const composite = (await ava.requestPost(`/services/data/v${API_VERSION}/composite`, {
      allOrNone: false,
      compositeRequest: [
        {
          method: 'GET',
          url: `/services/data/v${API_VERSION}/sobjects/Conversation__c/${fx.conversations.ben}`,
          referenceId: 'bens'
        },
        {
          method: 'GET',
          url: `/services/data/v${API_VERSION}/sobjects/Conversation__c/${fx.conversations.ava}?fields=Id`,
          referenceId: 'avas'
        }
      ]
    })) as { compositeResponse: Array<{ httpStatusCode: number }> };
    expect(composite.compositeResponse.map((r) => r.httpStatusCode)).toEqual([404, 200]);
  });
});

describe('field-level security', () => {
  let org: LocalOrg;
  let dir: string;
  beforeAll(async () => {
    // The package's permission sets, with call notes hidden from agents.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-permsets-'));
    for (const file of fs.readdirSync(DEFAULT_PERMISSION_SETS_DIR)) {
      let xml = fs.readFileSync(path.join(DEFAULT_PERMISSION_SETS_DIR, file), 'utf8');
      if (file.startsWith('Stride_Agent'))
        xml = xml.replace(
          /\s*<fieldPermissions>\s*<editable>\w+<\/editable>\s*<field>Conversation__c\.Notes__c<\/field>\s*<readable>\w+<\/readable>\s*<\/fieldPermissions>/,
          ''
        );
      fs.writeFileSync(path.join(dir, file), xml);
    }
    org = await startTestOrg({ sampleData: true, accessControl: true, permissionSetsDir: dir });
  });
  afterAll(async () => {
    await org.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers INVALID_FIELD for a field the user cannot see, and leaves it out of whole-record reads', async () => {
    const ava = connectAs(org, USERNAMES.ava);
    const query = await failure(ava.query('SELECT Id, Notes__c FROM Conversation__c'));
    expect(query.errorCode).toBe('INVALID_FIELD');
    expect(query.message).toContain("No such column 'Notes__c' on entity 'Conversation__c'");
    const write = await failure(ava.sobject('Conversation__c').create({ Type__c: 'Call', Notes__c: 'x' }));
    expect([write.errorCode, write.message]).toEqual([
      'INVALID_FIELD',
      "No such column 'Notes__c' on sobject of type Conversation__c"
    ]);
    const created = await ava.sobject('Conversation__c').create({ Type__c: 'Call' });
    const record = await ava.sobject('Conversation__c').retrieve(created.id!);
    expect(Object.keys(record)).not.toContain('Notes__c');
    expect(record).toMatchObject({ Type__c: 'Call' });
    const all = await ava.query<Record<string, unknown>>('SELECT FIELDS(ALL) FROM Conversation__c LIMIT 200');
    expect(Object.keys(all.records[0])).not.toContain('Notes__c');
    // Managers hold the same agent permission set: hidden from them too.
    const dana = await failure(connectAs(org, USERNAMES.dana).query('SELECT Notes__c FROM Conversation__c'));
    expect(dana.errorCode).toBe('INVALID_FIELD');
  });
});

describe('sessions for sample users', () => {
  it('mints a session per active user and refuses unknown or inactive ones', async () => {
    const org = await startTestOrg({ sampleData: true });
    try {
      const session = org.sessionFor(USERNAMES.ben);
      expect(session.userId).toBe(org.sampleData!.users[USERNAMES.ben]);
      const ben = new jsforce.Connection({
        instanceUrl: org.instanceUrl,
        accessToken: session.accessToken,
        version: API_VERSION
      });
      expect((await ben.identity()).username).toBe(USERNAMES.ben);
      expect(() => org.sessionFor('eli.former@stride.local')).toThrow(
        'sessionFor: eli.former@stride.local is inactive'
      );
      expect(() => org.sessionFor('nobody@stride.local')).toThrow(
        'sessionFor: no user with username "nobody@stride.local"'
      );
    } finally {
      await org.close();
    }
  });
});
