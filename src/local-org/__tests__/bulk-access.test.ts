/**
 * Bulk API 2.0 jobs run as the user who created them, with the REST API's checks: object
 * permissions, field-level security and record access (security/access.ts). A row the user may
 * not write fails in failedResults with the error REST would answer; a column naming a field the
 * user cannot see fails the job as an unknown field does; an object they cannot read does not
 * exist for their jobs; a query job reads only what its creator may read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PERMISSION_SETS_DIR, type LocalOrg } from '../index';
import { API_VERSION, startTestOrg } from './helpers';

const AVA = 'ava.reed@stride.local';
const BEN = 'ben.ortiz@stride.local';
const CHLOE = 'chloe.martin@stride.local';

let org: LocalOrg;
let permissionSetsDir: string;
let sequence: string;
let participants: { ava: string; ben: string };
let actions: { ava: string; ben: string; avaOnBensParticipant: string };

interface Answer {
  status: number;
  text: string;
}

/** An API call as `username` (the integration user when null), with a JSON or CSV body. */
async function call(
  username: string | null,
  method: string,
  resource: string,
  body?: unknown
): Promise<Answer> {
  const token = username === null ? org.accessToken : org.sessionFor(username).accessToken;
  const csv = typeof body === 'string';
  const response = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}${resource}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': csv ? 'text/csv' : 'application/json' })
    },
    body: body === undefined ? undefined : csv ? body : JSON.stringify(body)
  });
  return { status: response.status, text: await response.text() };
}

interface IngestOutcome {
  info: Record<string, unknown>;
  successful: string;
  failed: string;
  unprocessed: string;
}

/** Creates an ingest job as `username`, uploads `csv`, closes it and waits for it to finish. */
async function ingestAs(
  username: string | null,
  job: { object: string; operation: string; externalIdFieldName?: string },
  csv: string
): Promise<IngestOutcome> {
  const created = await call(username, 'POST', '/jobs/ingest', job);
  expect(created.status).toBe(200);
  const id = (JSON.parse(created.text) as { id: string }).id;
  expect((await call(username, 'PUT', `/jobs/ingest/${id}/batches`, csv)).status).toBe(201);
  await call(username, 'PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
  let info: Record<string, unknown> = {};
  for (let i = 0; i < 400; i++) {
    info = JSON.parse((await call(username, 'GET', `/jobs/ingest/${id}`)).text) as Record<string, unknown>;
    if (info.state === 'JobComplete' || info.state === 'Failed') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const results = async (kind: string) => (await call(username, 'GET', `/jobs/ingest/${id}/${kind}`)).text;
  return {
    info,
    successful: await results('successfulResults'),
    failed: await results('failedResults'),
    unprocessed: await results('unprocessedrecords')
  };
}

/** Runs a query job as `username` and returns its whole result CSV. */
async function queryJobAs(username: string, soql: string): Promise<string> {
  const created = await call(username, 'POST', '/jobs/query', { operation: 'query', query: soql });
  expect(created.status).toBe(200);
  const id = (JSON.parse(created.text) as { id: string }).id;
  for (let i = 0; i < 400; i++) {
    const info = JSON.parse((await call(username, 'GET', `/jobs/query/${id}`)).text) as { state: string };
    if (info.state === 'JobComplete') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await call(username, 'GET', `/jobs/query/${id}/results`)).text;
}

/** The counts a finished job reports. */
const counts = (info: Record<string, unknown>) => ({
  state: info.state,
  numberRecordsProcessed: info.numberRecordsProcessed,
  numberRecordsFailed: info.numberRecordsFailed
});

beforeAll(async () => {
  // The package's permission sets, with call notes hidden from agents (a field they cannot see).
  permissionSetsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-bulk-permsets-'));
  for (const file of fs.readdirSync(DEFAULT_PERMISSION_SETS_DIR)) {
    let xml = fs.readFileSync(path.join(DEFAULT_PERMISSION_SETS_DIR, file), 'utf8');
    if (file.startsWith('Stride_Agent'))
      xml = xml.replace(
        /\s*<fieldPermissions>\s*<editable>\w+<\/editable>\s*<field>Conversation__c\.Notes__c<\/field>\s*<readable>\w+<\/readable>\s*<\/fieldPermissions>/,
        ''
      );
    fs.writeFileSync(path.join(permissionSetsDir, file), xml);
  }
  org = await startTestOrg({ sampleData: true, accessControl: true, permissionSetsDir });
  const users = org.sampleData!.users;
  sequence = org.data.create('Sequence__c', { Name: 'Bulk', Target_Object__c: 'Lead', Active__c: true });
  const callAction = org.data.create('Sequence_Action__c', {
    Name: 'Call',
    Sequence__c: sequence,
    Step_Number__c: 1,
    Type__c: 'Call'
  });
  const participant = (owner: string) =>
    org.data.create('Sequence_Participant__c', {
      Sequence__c: sequence,
      Lead__c: org.data.create('Lead', { LastName: 'Bulk', Company: 'Acme' }),
      OwnerId: owner,
      Current_Step__c: 1
    });
  participants = { ava: participant(users[AVA]), ben: participant(users[BEN]) };
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
  actions = {
    ava: action(participants.ava, users[AVA]),
    ben: action(participants.ben, users[BEN]),
    avaOnBensParticipant: action(participants.ben, users[AVA])
  };
});

afterAll(async () => {
  await org.close();
  fs.rmSync(permissionSetsDir, { recursive: true, force: true });
});

describe('object permissions', () => {
  it('fails every row of an insert the user may not create, as REST refuses the record', async () => {
    const outcome = await ingestAs(
      AVA,
      { object: 'Participant_Action__c', operation: 'insert' },
      `Participant__c,Requested_Note__c\n${participants.ava},first\n${participants.ava},second\n`
    );
    expect(counts(outcome.info)).toEqual({
      state: 'JobComplete',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 2
    });
    // Result files quote every value but empty ones (an insert's failed row has no sf__Id).
    const error =
      'INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id: you cannot create Participant Actions records: --';
    expect(outcome.failed).toBe(
      '"sf__Id","sf__Error","Participant__c","Requested_Note__c"\n' +
        `,"${error}","${participants.ava}","first"\n` +
        `,"${error}","${participants.ava}","second"\n`
    );
    expect(outcome.successful).toBe('"sf__Id","sf__Created","Participant__c","Requested_Note__c"\n');
    expect(org.data.query('SELECT COUNT() FROM Participant_Action__c').totalSize).toBe(3);
  });

  it('fails every row of a delete the user may not do, and of an upsert that would create', async () => {
    const deleted = await ingestAs(AVA, { object: 'Sequence__c', operation: 'delete' }, `Id\n${sequence}\n`);
    expect(deleted.failed).toBe(
      '"sf__Id","sf__Error","Id"\n' +
        `"${sequence}","INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id: you cannot delete Sequences records: --","${sequence}"\n`
    );
    expect(org.data.query(`SELECT IsDeleted FROM Sequence__c WHERE Id = '${sequence}'`).records).toEqual([
      { attributes: expect.anything(), IsDeleted: false }
    ]);
    const upserted = await ingestAs(
      AVA,
      { object: 'Participant_Action__c', operation: 'upsert', externalIdFieldName: 'Id' },
      `Id,Participant__c\n,${participants.ava}\n`
    );
    expect(upserted.failed).toBe(
      '"sf__Id","sf__Error","Id","Participant__c"\n' +
        `,"INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id: you cannot create Participant Actions records: --",,"${participants.ava}"\n`
    );
  });

  it('does not let a user create jobs on an object they cannot read: it does not exist for them', async () => {
    const ingest = await call(AVA, 'POST', '/jobs/ingest', {
      object: 'Action_Attempt__c',
      operation: 'insert'
    });
    expect([ingest.status, JSON.parse(ingest.text)]).toEqual([
      400,
      [{ errorCode: 'INVALIDJOB', message: 'Unable to find object: Action_Attempt__c', fields: [] }]
    ]);
    // The integration user has the object: the same request opens a job.
    const allowed = await call(null, 'POST', '/jobs/ingest', {
      object: 'Action_Attempt__c',
      operation: 'insert'
    });
    expect(JSON.parse(allowed.text)).toMatchObject({ object: 'Action_Attempt__c', state: 'Open' });
    // A query job is refused at once with the error the REST query answers this user.
    const soql = 'SELECT Id FROM Action_Attempt__c';
    const queryJob = await call(AVA, 'POST', '/jobs/query', { operation: 'query', query: soql });
    const rest = await call(AVA, 'GET', `/query?q=${encodeURIComponent(soql)}`);
    expect([queryJob.status, JSON.parse(queryJob.text)]).toEqual([400, JSON.parse(rest.text)]);
    expect(JSON.parse(queryJob.text)).toEqual([
      {
        errorCode: 'INVALID_TYPE',
        message:
          "\nSELECT Id FROM Action_Attempt__c\n               ^\nERROR at Row:1:Column:16\nsObject type 'Action_Attempt__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
        fields: []
      }
    ]);
  });
});

describe('field-level security', () => {
  it('fails a row that writes a field the user cannot edit with REST’s INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    const rest = await call(AVA, 'PATCH', `/sobjects/Participant_Action__c/${actions.ava}`, {
      Status__c: 'Completed'
    });
    expect(JSON.parse(rest.text)).toEqual([
      {
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message:
          'Unable to update fields: Status__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        fields: ['Status__c']
      }
    ]);
    // The second row leaves Status__c empty (unchanged), so only the first writes it.
    const outcome = await ingestAs(
      AVA,
      { object: 'Participant_Action__c', operation: 'update' },
      `Id,Status__c,Requested_Outcome__c\n${actions.ava},Completed,\n${actions.ava},,Complete\n`
    );
    expect(outcome.failed).toBe(
      '"sf__Id","sf__Error","Id","Status__c","Requested_Outcome__c"\n' +
        `"${actions.ava}","INVALID_FIELD_FOR_INSERT_UPDATE:Unable to update fields: Status__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.:Status__c --","${actions.ava}","Completed",\n`
    );
    expect(outcome.successful).toBe(
      '"sf__Id","sf__Created","Id","Status__c","Requested_Outcome__c"\n' +
        `"${actions.ava}","false","${actions.ava}",,"Complete"\n`
    );
    expect(
      org.data.query(
        `SELECT Status__c, Requested_Outcome__c FROM Participant_Action__c WHERE Id = '${actions.ava}'`
      ).records[0]
    ).toMatchObject({ Status__c: 'Due', Requested_Outcome__c: 'Complete' });
    org.data.update('Participant_Action__c', actions.ava, { Requested_Outcome__c: null });
  });

  it('words an insert of a read-only field as REST does ("Unable to create fields")', async () => {
    const outcome = await ingestAs(
      AVA,
      { object: 'Conversation__c', operation: 'insert' },
      'Type__c,Sent_At__c\nEmail,2026-03-02T09:00:00.000Z\n'
    );
    expect(outcome.failed).toBe(
      '"sf__Id","sf__Error","Type__c","Sent_At__c"\n' +
        ',"INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create fields: Sent_At__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.:Sent_At__c --","Email","2026-03-02T09:00:00.000Z"\n'
    );
  });

  it('fails the job when a column names a field the user cannot see, as for an unknown field', async () => {
    const outcome = await ingestAs(
      AVA,
      { object: 'Conversation__c', operation: 'insert' },
      'Type__c,Notes__c\nCall,private notes\n'
    );
    expect(outcome.info).toMatchObject({
      state: 'Failed',
      errorMessage: 'InvalidBatch : Field name not found : Notes__c',
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0
    });
    expect(outcome.unprocessed).toBe('"Type__c","Notes__c"\n"Call","private notes"\n');
    expect(
      org.data.query("SELECT COUNT() FROM Conversation__c WHERE Notes__c = 'private notes'").totalSize
    ).toBe(0);
    // The integration user sees the field but may not edit it: the header passes, the row fails.
    const integration = await ingestAs(
      null,
      { object: 'Conversation__c', operation: 'insert' },
      'Type__c,Notes__c\nCall,private notes\n'
    );
    expect(counts(integration.info)).toEqual({
      state: 'JobComplete',
      numberRecordsProcessed: 1,
      numberRecordsFailed: 1
    });
    expect(integration.failed).toBe(
      '"sf__Id","sf__Error","Type__c","Notes__c"\n' +
        ',"INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create fields: Notes__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.:Notes__c --","Call","private notes"\n'
    );
  });

  it('refuses a query job naming a hidden field with the error the REST query answers', async () => {
    const soql = 'SELECT Id, Notes__c FROM Conversation__c';
    const queryJob = await call(AVA, 'POST', '/jobs/query', { operation: 'query', query: soql });
    const rest = await call(AVA, 'GET', `/query?q=${encodeURIComponent(soql)}`);
    expect([queryJob.status, JSON.parse(queryJob.text)]).toEqual([400, JSON.parse(rest.text)]);
    expect((JSON.parse(queryJob.text) as { errorCode: string }[])[0].errorCode).toBe('INVALID_FIELD');
  });
});

describe('record access', () => {
  it("fails the row of a record the user may not edit (another rep's action) and writes their own", async () => {
    const outcome = await ingestAs(
      AVA,
      { object: 'Participant_Action__c', operation: 'update' },
      `Id,Draft_Body__c\n${actions.ava},mine\n${actions.ben},theirs\n`
    );
    expect(counts(outcome.info)).toEqual({
      state: 'JobComplete',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 1
    });
    expect(outcome.successful).toBe(
      `"sf__Id","sf__Created","Id","Draft_Body__c"\n"${actions.ava}","false","${actions.ava}","mine"\n`
    );
    expect(outcome.failed).toBe(
      '"sf__Id","sf__Error","Id","Draft_Body__c"\n' +
        `"${actions.ben}","INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id: --","${actions.ben}","theirs"\n`
    );
    const stored = org.data.query(
      `SELECT Id, Draft_Body__c FROM Participant_Action__c WHERE Id IN ('${actions.ava}', '${actions.ben}') ORDER BY Draft_Body__c`
    );
    expect(stored.records.map((r) => [r.Id, r.Draft_Body__c])).toEqual([
      [actions.ben, null],
      [actions.ava, 'mine']
    ]);
  });

  it('an upsert matching a record the user may not edit fails that row', async () => {
    const outcome = await ingestAs(
      AVA,
      { object: 'Participant_Action__c', operation: 'upsert', externalIdFieldName: 'Id' },
      `Id,Draft_Body__c\n${actions.ben},theirs\n`
    );
    expect(outcome.failed).toBe(
      '"sf__Id","sf__Error","Id","Draft_Body__c"\n' +
        `"${actions.ben}","INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id: --","${actions.ben}","theirs"\n`
    );
  });

  it('writes as the job’s creator: created records are theirs', async () => {
    const outcome = await ingestAs(
      AVA,
      { object: 'Conversation__c', operation: 'insert' },
      'Type__c\nCall\n'
    );
    const id = /^"sf__Id","sf__Created","Type__c"\n"(\w+)","true","Call"\n$/.exec(outcome.successful)?.[1];
    expect(id).toMatch(/^a/);
    expect(
      org.data.query(`SELECT OwnerId, CreatedById FROM Conversation__c WHERE Id = '${id}'`).records[0]
    ).toMatchObject({ OwnerId: org.sampleData!.users[AVA], CreatedById: org.sampleData!.users[AVA] });
  });

  it('a query job returns only the rows its creator may read', async () => {
    const soql = 'SELECT Id FROM Participant_Action__c ORDER BY Id';
    const mine = [actions.ava, actions.avaOnBensParticipant].sort();
    expect(await queryJobAs(AVA, soql)).toBe(`"Id"\n${mine.map((id) => `"${id}"`).join('\n')}\n`);
    expect(await queryJobAs(CHLOE, soql)).toBe('"Id"\n');
  });
});
