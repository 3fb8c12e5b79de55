/**
 * sObject rows over HTTP: create, retrieve, update, delete, upsert by external id, derived fields,
 * cascade delete, and the exact error bodies Salesforce returns for bad writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, failure, raw, startTestOrg } from './helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg({ clock: { start: '2026-03-02T09:00:00Z', speed: 0 } });
  conn = connect(org);
});

afterAll(() => org.close());

const sequence = (target = org) =>
  target.data.create('Sequence__c', { Name: 'Seq', Target_Object__c: 'Lead' });

/** A sequence with one Call step, and a participant in it. */
function callStep(target = org): { seq: string; participant: string; step: string } {
  const seq = sequence(target);
  const participant = target.data.create('Sequence_Participant__c', { Sequence__c: seq });
  const step = target.data.create('Sequence_Action__c', {
    Sequence__c: seq,
    Name: 'Step 1',
    Step_Number__c: 1,
    Type__c: 'Call'
  });
  return { seq, participant, step };
}

describe('create, retrieve, update, delete', () => {
  it('creates with 201, a Location header and the save result', async () => {
    const response = await raw(org, 'POST', '/sobjects/Lead', {
      LastName: 'Ito',
      Company: 'Ito Co',
      Email: 'ito@example.com'
    });
    expect(response.status).toBe(201);
    const body = response.body as { id: string };
    expect(body).toEqual({ id: body.id, success: true, errors: [] });
    expect(body.id).toMatch(/^00Q[A-Za-z0-9]{12}[A-Z0-5]{3}$/);
    expect(response.headers.get('location')).toBe(`/services/data/v66.0/sobjects/Lead/${body.id}`);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  });

  it('retrieves all fields or the requested ones, with audit fields from the org clock', async () => {
    const { id } = (await conn
      .sobject('Lead')
      .create({ FirstName: 'Mei', LastName: 'Ito', Company: 'Ito Co' })) as { id: string };
    const record = await conn.sobject('Lead').retrieve(id);
    expect(record).toMatchObject({
      attributes: { type: 'Lead', url: `/services/data/v66.0/sobjects/Lead/${id}` },
      Id: id,
      Name: 'Mei Ito',
      Status: 'Open - Not Contacted',
      IsConverted: false,
      HasOptedOutOfEmail: false,
      OwnerId: org.userId,
      CreatedById: org.userId,
      CreatedDate: '2026-03-02T09:00:00.000+0000',
      SystemModstamp: '2026-03-02T09:00:00.000+0000',
      IsDeleted: false
    });
    const some = await raw(org, 'GET', `/sobjects/Lead/${id}?fields=Name,Company`);
    expect(some.body).toEqual({
      attributes: { type: 'Lead', url: `/services/data/v66.0/sobjects/Lead/${id}` },
      Name: 'Mei Ito',
      Company: 'Ito Co'
    });
  });

  it('updates with 204 and moves LastModifiedDate with the clock', async () => {
    const id = org.data.create('Lead', { LastName: 'Ng', Company: 'Ng' });
    org.controls.clock.advance(60_000);
    const response = await raw(org, 'PATCH', `/sobjects/Lead/${id}`, { FirstName: 'Al', Rating: 'Warm' });
    expect(response.status).toBe(204);
    const record = await conn.sobject('Lead').retrieve(id);
    expect(record).toMatchObject({
      Name: 'Al Ng',
      Rating: 'Warm',
      LastModifiedDate: '2026-03-02T09:01:00.000+0000'
    });
    expect(await conn.sobject('Lead').update({ Id: id, Rating: 'Cold' })).toEqual({
      id,
      success: true,
      errors: []
    });
  });

  it('honours If-Modified-Since on reads and If-Unmodified-Since on updates', async () => {
    const id = org.data.create('Lead', { LastName: 'Cond', Company: 'C' });
    const created = org.controls.clock.now();
    const later = new Date(created.getTime() + 60_000).toUTCString();
    const earlier = new Date(created.getTime() - 60_000).toUTCString();
    expect(
      (await raw(org, 'GET', `/sobjects/Lead/${id}`, undefined, { 'If-Modified-Since': later })).status
    ).toBe(304);
    expect(
      (await raw(org, 'GET', `/sobjects/Lead/${id}`, undefined, { 'If-Modified-Since': earlier })).status
    ).toBe(200);
    const stale = await raw(
      org,
      'PATCH',
      `/sobjects/Lead/${id}`,
      { Rating: 'Hot' },
      { 'If-Unmodified-Since': earlier }
    );
    expect(stale.status).toBe(412);
    expect((stale.body as { errorCode: string }[])[0].errorCode).toBe('PRECONDITION_FAILED');
    expect(
      (await raw(org, 'PATCH', `/sobjects/Lead/${id}`, { Rating: 'Hot' }, { 'If-Unmodified-Since': later }))
        .status
    ).toBe(204);
    expect(
      (
        await raw(org, 'GET', '/sobjects/Lead/describe', undefined, {
          'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString()
        })
      ).status
    ).toBe(304);
  });

  it('deletes with 204; a deleted record answers 404 ENTITY_IS_DELETED', async () => {
    const id = org.data.create('Lead', { LastName: 'Bye', Company: 'Bye' });
    expect((await raw(org, 'DELETE', `/sobjects/Lead/${id}`)).status).toBe(204);
    const response = await raw(org, 'GET', `/sobjects/Lead/${id}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual([
      { message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }
    ]);
    expect((await raw(org, 'PATCH', `/sobjects/Lead/${id}`, { Company: 'x' })).body).toEqual([
      { message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }
    ]);
  });

  it('answers 404 NOT_FOUND for a missing record and an unknown object', async () => {
    expect((await raw(org, 'GET', '/sobjects/Lead/00Q8b00000000zzEAA')).status).toBe(404);
    const unknown = await raw(org, 'POST', '/sobjects/Nope__c', { Name: 'x' });
    expect(unknown).toMatchObject({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }]
    });
  });

  it('derives Task.IsClosed and CompletedDateTime from the TaskStatus values', async () => {
    const statuses = await conn.query(
      'SELECT ApiName, IsClosed, IsDefault FROM TaskStatus ORDER BY SortOrder'
    );
    expect(statuses.records.map((r) => [r.ApiName, r.IsClosed, r.IsDefault])).toEqual([
      ['Not Started', false, true],
      ['In Progress', false, false],
      ['Waiting on someone else', false, false],
      ['Deferred', false, false],
      ['Completed', true, false]
    ]);
    const { id } = (await conn.sobject('Task').create({ Subject: 'Follow up' })) as { id: string };
    expect(await conn.sobject('Task').retrieve(id)).toMatchObject({
      Status: 'Not Started',
      IsClosed: false,
      CompletedDateTime: null
    });
    await conn.sobject('Task').update({ Id: id, Status: 'Completed' });
    expect(await conn.sobject('Task').retrieve(id)).toMatchObject({
      IsClosed: true,
      CompletedDateTime: '2026-03-02T09:01:00.000+0000'
    });
    const error = await raw(org, 'PATCH', `/sobjects/Task/${id}`, { IsClosed: false });
    expect(error.body).toEqual([
      {
        message:
          'Unable to update fields: IsClosed. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['IsClosed']
      }
    ]);
  });

  it('derives Task.AccountId from the contact and Opportunity.IsClosed/IsWon from the stage', async () => {
    const account = org.data.create('Account', { Name: 'Derived' });
    const contact = org.data.create('Contact', { LastName: 'D', AccountId: account });
    const { id: task } = (await conn.sobject('Task').create({ Subject: 'x', WhoId: contact })) as {
      id: string;
    };
    expect((await conn.sobject('Task').retrieve(task)).AccountId).toBe(account);
    const { id: opp } = (await conn.sobject('Opportunity').create({
      Name: 'O',
      StageName: 'Prospecting',
      CloseDate: '2026-06-30'
    })) as { id: string };
    expect(await conn.sobject('Opportunity').retrieve(opp)).toMatchObject({ IsClosed: false, IsWon: false });
    await conn.sobject('Opportunity').update({ Id: opp, StageName: 'Closed Won' });
    expect(await conn.sobject('Opportunity').retrieve(opp)).toMatchObject({ IsClosed: true, IsWon: true });
  });

  it('shows a campaign member its person’s name and email', async () => {
    const campaign = org.data.create('Campaign', { Name: 'Spring' });
    const lead = org.data.create('Lead', {
      FirstName: 'Cam',
      LastName: 'Paign',
      Company: 'C',
      Email: 'cam@example.com'
    });
    const { id } = (await conn.sobject('CampaignMember').create({ CampaignId: campaign, LeadId: lead })) as {
      id: string;
    };
    expect(await conn.sobject('CampaignMember').retrieve(id)).toMatchObject({
      FirstName: 'Cam',
      LastName: 'Paign',
      Email: 'cam@example.com',
      Status: 'Sent'
    });
  });

  it('assigns auto numbers and computes path formulas and COUNT roll-ups', async () => {
    const { seq, participant, step } = callStep();
    const pa = org.data.create('Participant_Action__c', {
      Participant__c: participant,
      Sequence_Action__c: step
    });
    const result = await conn.query(
      `SELECT Name, Sequence_Id__c, Status__c FROM Participant_Action__c WHERE Id = '${pa}'`
    );
    expect(result.records[0]).toMatchObject({ Sequence_Id__c: seq, Status__c: 'Upcoming' });
    expect(result.records[0].Name).toMatch(/^PA-\d{7}$/);
    const count = await conn.query(`SELECT Action_Count__c FROM Sequence__c WHERE Id = '${seq}'`);
    expect(count.records[0].Action_Count__c).toBe(1);
  });

  it('cascades master-detail deletes, restricts required lookups and clears optional ones', async () => {
    const seq = sequence();
    const action = org.data.create('Sequence_Action__c', {
      Name: 'Call',
      Sequence__c: seq,
      Step_Number__c: 1,
      Type__c: 'Call'
    });
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    const pa = org.data.create('Participant_Action__c', { Participant__c: participant });
    const attempt = org.data.create('Action_Attempt__c', { Key__c: `${pa}:1`, Participant_Action__c: pa });
    // Participants hold on to their sequence (Restrict), actions to their participant.
    const refused = await failure(conn.sobject('Sequence__c').destroy(seq));
    expect(refused.errorCode).toBe('DELETE_FAILED');
    expect((await failure(conn.sobject('Sequence_Participant__c').destroy(participant))).errorCode).toBe(
      'DELETE_FAILED'
    );
    await conn.sobject('Participant_Action__c').destroy(pa);
    const orphan = await conn.sobject('Action_Attempt__c').retrieve(attempt);
    expect(orphan.Participant_Action__c).toBeNull();
    await conn.sobject('Sequence_Participant__c').destroy(participant);
    await conn.sobject('Sequence__c').destroy(seq);
    // The sequence's actions (master-detail) went with it.
    const gone = await conn.query(`SELECT Id FROM Sequence_Action__c WHERE Id = '${action}'`, {
      scanAll: true
    });
    expect(gone.records.map((r) => r.IsDeleted ?? 'deleted')).toEqual(['deleted']);
    expect((await conn.query(`SELECT Id FROM Sequence_Action__c WHERE Id = '${action}'`)).totalSize).toBe(0);
  });
});

describe('upsert by external id', () => {
  it('creates with 201 and created:true, then updates with 200 and created:false', async () => {
    const seq = sequence();
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    const pa = org.data.create('Participant_Action__c', { Participant__c: participant });
    const first = await raw(org, 'PATCH', `/sobjects/Action_Attempt__c/Key__c/${pa}:1`, {
      Participant_Action__c: pa,
      Worker__c: 'w1'
    });
    expect(first.status).toBe(201);
    const created = first.body as { id: string };
    expect(created).toEqual({ id: created.id, success: true, errors: [], created: true });
    const second = await raw(org, 'PATCH', `/sobjects/Action_Attempt__c/Key__c/${pa}:1`, {
      Outcome__c: 'Sent'
    });
    expect(second).toMatchObject({
      status: 200,
      body: { id: created.id, success: true, errors: [], created: false }
    });
    const viaJsforce = await conn
      .sobject('Action_Attempt__c')
      .upsert({ Key__c: `${pa}:2`, Participant_Action__c: pa }, 'Key__c');
    expect(viaJsforce).toMatchObject({ success: true, created: true });
  });

  it('sets a lookup through the parent’s external id (Parent__r: { Key__c })', async () => {
    const seq = sequence();
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    const pa = org.data.create('Participant_Action__c', { Participant__c: participant });
    org.data.create('Action_Attempt__c', { Key__c: `${pa}:7`, Participant_Action__c: pa });
    const conversation = await raw(org, 'POST', '/sobjects/Conversation__c', {
      Type__c: 'Email',
      Participant_Action__r: { Id: pa }
    });
    expect(conversation.status).toBe(201);
    const missing = await raw(org, 'POST', '/sobjects/Participant_Action__c', {
      Participant__r: { Person_Key__c: 'nobody' }
    });
    expect(missing.body).toEqual([
      {
        message:
          'Foreign key external ID: nobody not found for field Person_Key__c in entity Sequence_Participant__c',
        errorCode: 'INVALID_FIELD',
        fields: []
      }
    ]);
  });

  it('rejects a field that is not an external id', async () => {
    const response = await raw(org, 'PATCH', '/sobjects/Lead/Company/Acme', { LastName: 'x' });
    expect(response).toMatchObject({
      status: 404,
      body: [
        {
          errorCode: 'NOT_FOUND',
          message: 'Provided external ID field does not exist or is not accessible: Company'
        }
      ]
    });
  });
});

describe('write errors', () => {
  const errorOf = async (method: string, path: string, body: unknown) => {
    const response = await raw(org, method, path, body);
    expect(response.status).toBe(400);
    return (response.body as unknown[])[0];
  };

  it('REQUIRED_FIELD_MISSING lists the missing fields', async () => {
    expect(await errorOf('POST', '/sobjects/Lead', { FirstName: 'x' })).toEqual({
      message: 'Required fields are missing: [LastName, Company]',
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['LastName', 'Company']
    });
  });

  it('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST names the bad value', async () => {
    const seq = sequence();
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    expect(
      await errorOf('POST', '/sobjects/Participant_Action__c', {
        Participant__c: participant,
        Status__c: 'Bogus'
      })
    ).toEqual({
      message: 'Status: bad value for restricted picklist field: Bogus',
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      fields: ['Status__c']
    });
  });

  it('STRING_TOO_LONG gives the maximum length', async () => {
    expect(
      await errorOf('POST', '/sobjects/Lead', { LastName: 'x', Company: 'c', Title: 'T'.repeat(129) })
    ).toEqual({
      message: `Title: data value too large: ${'T'.repeat(80)}... (max length=128)`,
      errorCode: 'STRING_TOO_LONG',
      fields: ['Title']
    });
  });

  it('DUPLICATE_VALUE for a unique external id', async () => {
    const seq = sequence();
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    const pa = org.data.create('Participant_Action__c', { Participant__c: participant });
    const first = org.data.create('Action_Attempt__c', { Key__c: `${pa}:9` });
    expect(await errorOf('POST', '/sobjects/Action_Attempt__c', { Key__c: `${pa}:9` })).toEqual({
      message: `duplicate value found: Key__c duplicates value on record with id: ${first}`,
      errorCode: 'DUPLICATE_VALUE',
      fields: []
    });
  });

  it('INVALID_CROSS_REFERENCE_KEY and MALFORMED_ID for bad lookups', async () => {
    expect(
      await errorOf('POST', '/sobjects/Contact', { LastName: 'x', AccountId: '0018b00000000zzAAA' })
    ).toEqual({
      message: 'invalid cross reference id',
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
      fields: ['AccountId']
    });
    expect(await errorOf('POST', '/sobjects/Contact', { LastName: 'x', AccountId: 'not-an-id' })).toEqual({
      message: 'Account ID: id value of incorrect type: not-an-id',
      errorCode: 'MALFORMED_ID',
      fields: ['AccountId']
    });
  });

  it('INVALID_FIELD for a field that force-app does not define', async () => {
    expect(await errorOf('POST', '/sobjects/Participant_Action__c', { Not_In_Metadata__c: 'x' })).toEqual({
      message: "No such column 'Not_In_Metadata__c' on sobject of type Participant_Action__c",
      errorCode: 'INVALID_FIELD',
      fields: []
    });
    const query = await failure(conn.query('SELECT Id, Not_In_Metadata__c FROM Participant_Action__c'));
    expect(query.errorCode).toBe('INVALID_FIELD');
    expect(query.message).toContain("No such column 'Not_In_Metadata__c' on entity 'Participant_Action__c'");
  });

  it('CANNOT_UPDATE_CONVERTED_LEAD after conversion', async () => {
    const lead = org.data.create('Lead', { LastName: 'Conv', Company: 'C' });
    org.controls.convertLead(lead);
    expect(await errorOf('PATCH', `/sobjects/Lead/${lead}`, { Rating: 'Hot' })).toEqual({
      message: 'cannot reference converted lead',
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
      fields: []
    });
    const converted = await conn.query(`SELECT IsConverted, Status FROM Lead WHERE Id = '${lead}'`);
    expect(converted.records[0]).toMatchObject({ IsConverted: true, Status: 'Closed - Converted' });
  });

  it('FIELD_CUSTOM_VALIDATION_EXCEPTION from a validation rule', async () => {
    const remove = org.controls.addValidationRule('Lead', (record) =>
      record.Company === 'Blocked' ? 'Company is blocked' : null
    );
    expect(await errorOf('POST', '/sobjects/Lead', { LastName: 'x', Company: 'Blocked' })).toEqual({
      message: 'Company is blocked',
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      fields: []
    });
    remove();
    expect((await raw(org, 'POST', '/sobjects/Lead', { LastName: 'x', Company: 'Blocked' })).status).toBe(
      201
    );
  });

  it('jsforce surfaces the errorCode of single-record errors', async () => {
    const error = await failure(conn.sobject('Lead').create({ FirstName: 'x', Company: 'c' }));
    expect(error.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(error.message).toBe('Required fields are missing: [LastName]');
  });
});

describe('ids and auto numbers on the same database after a restart', () => {
  it('continue after the last batch, past the numbers of a batch that rolled back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-sequences-'));
    const db = path.join(dir, 'org.sqlite');
    const options = { db, clock: { start: '2026-03-02T09:00:00Z', speed: 0 } };
    const paNumber = (name: string) => Number(name.slice('PA-'.length));
    try {
      const first = await startTestOrg(options);
      const { participant, step } = callStep(first);
      const action = { attributes: { type: 'Participant_Action__c' }, Participant__c: participant };
      // Each batch is one transaction.
      const batch = async (stepIds: string[]) =>
        (await connect(first).requestPost('/composite/sobjects', {
          allOrNone: true,
          records: stepIds.map((id) => ({ ...action, Sequence_Action__c: id }))
        })) as Array<{ id: string; success: boolean }>;
      /** The auto numbers of these records, in order. */
      const numbers = async (target: LocalOrg, records: Array<{ id: string }>) =>
        (
          await connect(target).query<{ Name: string }>(
            `SELECT Name FROM Participant_Action__c WHERE Id IN ('${records.map((r) => r.id).join("','")}') ORDER BY Name`
          )
        ).records.map((r) => paNumber(r.Name));

      const opening = await batch([step, step, step]);
      const openingNumbers = await numbers(first, opening);
      const a = openingNumbers[0];
      expect(openingNumbers).toEqual([a, a + 1, a + 2]);
      // Its second record is bad, so the first, numbered a + 3, rolls back.
      expect((await batch([step, 'not-an-id'])).map((r) => r.success)).toEqual([false, false]);
      const closing = await batch([step, step]);
      expect(await numbers(first, closing)).toEqual([a + 4, a + 5]);
      await first.close();

      const second = await startTestOrg(options);
      try {
        const created = second.data.create('Participant_Action__c', {
          Participant__c: participant,
          Sequence_Action__c: step
        });
        expect(await numbers(second, [{ id: created }])).toEqual([a + 6]);
        expect(created > closing[1].id && closing[1].id > opening[2].id).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
