/**
 * sObject Collections and Composite over HTTP: create, update, upsert, delete and retrieve with
 * allOrNone both ways, the 200-record limit, and composite references and rollback.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, raw, startTestOrg } from './helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
});

afterAll(() => org.close());

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: []
};
const MISSING_LAST_NAME = {
  statusCode: 'REQUIRED_FIELD_MISSING',
  message: 'Required fields are missing: [LastName]',
  fields: ['LastName']
};
const countLeads = async (company: string) =>
  (await conn.query(`SELECT COUNT() FROM Lead WHERE Company = '${company}'`)).totalSize;

describe('composite/sobjects create', () => {
  it('saves the valid records and reports the invalid ones when allOrNone is false', async () => {
    const results = await conn
      .sobject('Lead')
      .create([
        { LastName: 'A', Company: 'Partial' },
        { Company: 'Partial' },
        { LastName: 'C', Company: 'Partial' }
      ]);
    expect(results).toEqual([
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
      { success: false, errors: [MISSING_LAST_NAME] },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] }
    ]);
    expect(await countLeads('Partial')).toBe(2);
  });

  it('rolls everything back when allOrNone is true', async () => {
    const response = await raw(org, 'POST', '/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'A', Company: 'AllOrNone' },
        { attributes: { type: 'Lead' }, Company: 'AllOrNone' }
      ]
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [MISSING_LAST_NAME] }
    ]);
    expect(await countLeads('AllOrNone')).toBe(0);
  });

  it('rejects more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'Lead' },
      LastName: `L${i}`,
      Company: 'Big'
    }));
    const response = await raw(org, 'POST', '/composite/sobjects', { allOrNone: false, records });
    expect(response).toMatchObject({
      status: 400,
      body: [
        {
          errorCode: 'EXCEEDED_ID_LIMIT',
          message: 'record limit reached. cannot submit more than 200 records into this call'
        }
      ]
    });
    const chunked = await conn.sobject('Lead').create(
      records.map(({ attributes: _a, ...r }) => r),
      { allowRecursive: true }
    );
    expect(chunked.filter((r) => r.success)).toHaveLength(201);
  });

  it('reports DUPLICATE_VALUE per record, which is how claims detect another worker', async () => {
    const seq = org.data.create('Sequence__c', { Name: 'S', Target_Object__c: 'Lead' });
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    const pa = org.data.create('Participant_Action__c', { Participant__c: participant });
    const results = await conn
      .sobject('Action_Attempt__c')
      .create([{ Key__c: `${pa}:1` }, { Key__c: `${pa}:1` }]);
    expect(results[0]).toMatchObject({ success: true });
    expect(results[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: Key__c duplicates value on record with id: ${results[0].id}`,
          fields: []
        }
      ]
    });
  });
});

describe('composite/sobjects update, upsert, delete, retrieve', () => {
  it('updates with per-record results and keeps ids on rollback', async () => {
    const a = org.data.create('Lead', { LastName: 'U1', Company: 'Upd' });
    const b = org.data.create('Lead', { LastName: 'U2', Company: 'Upd' });
    const partial = await conn.sobject('Lead').update([
      { Id: a, Rating: 'Hot' },
      { Id: b, LastName: null }
    ]);
    expect(partial).toEqual([
      { id: a, success: true, errors: [] },
      { id: b, success: false, errors: [MISSING_LAST_NAME] }
    ]);
    const all = await conn.sobject('Lead').update(
      [
        { Id: a, Rating: 'Cold' },
        { Id: b, LastName: null }
      ],
      { allOrNone: true }
    );
    expect(all).toEqual([
      { id: a, success: false, errors: [ROLLED_BACK] },
      { id: b, success: false, errors: [MISSING_LAST_NAME] }
    ]);
    expect((await conn.sobject('Lead').retrieve(a)).Rating).toBe('Hot');
  });

  it('upserts by external id with created flags', async () => {
    const seq = org.data.create('Sequence__c', { Name: 'S', Target_Object__c: 'Lead' });
    const participant = org.data.create('Sequence_Participant__c', { Sequence__c: seq });
    const pa = org.data.create('Participant_Action__c', { Participant__c: participant });
    const existing = org.data.create('Action_Attempt__c', { Key__c: `${pa}:1` });
    const results = await conn.sobject('Action_Attempt__c').upsert(
      [
        { Key__c: `${pa}:1`, Outcome__c: 'Sent' },
        { Key__c: `${pa}:2`, Worker__c: 'w' }
      ],
      'Key__c'
    );
    expect(results).toEqual([
      { id: existing, success: true, errors: [], created: false },
      { id: expect.stringMatching(/^a/), success: true, errors: [], created: true }
    ]);
  });

  it('deletes by ids, reporting missing and malformed ids per record', async () => {
    const a = org.data.create('Lead', { LastName: 'D1', Company: 'Del' });
    const response = await raw(org, 'DELETE', `/composite/sobjects?ids=${a},00Q8b00000000zzEAA,bogus`);
    expect(response.body).toEqual([
      { id: a, success: true, errors: [] },
      {
        id: '00Q8b00000000zzEAA',
        success: false,
        errors: [
          { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }
        ]
      },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id bogus', fields: [] }] }
    ]);
    const b = org.data.create('Lead', { LastName: 'D2', Company: 'Del' });
    const all = await conn.sobject('Lead').destroy([b, '00Q8b00000000zzEAA'], { allOrNone: true });
    expect(all[0]).toEqual({ id: b, success: false, errors: [ROLLED_BACK] });
    expect(await countLeads('Del')).toBe(1);
  });

  it('retrieves many by ids, with null for ids that do not exist', async () => {
    const a = org.data.create('Lead', { LastName: 'R1', Company: 'Ret' });
    const records = await conn
      .sobject('Lead')
      .retrieve([a, '00Q8b00000000zzEAA'], { fields: ['LastName', 'Company'] });
    expect(records).toEqual([
      {
        attributes: { type: 'Lead', url: `/services/data/v66.0/sobjects/Lead/${a}` },
        LastName: 'R1',
        Company: 'Ret'
      },
      null
    ]);
  });
});

describe('composite', () => {
  it('resolves @{ref} references between subrequests', async () => {
    const response = await conn.requestPost<{
      compositeResponse: {
        body: unknown;
        httpStatusCode: number;
        referenceId: string;
        httpHeaders: Record<string, string>;
      }[];
    }>('/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Account',
          referenceId: 'acct',
          body: { Name: 'Composite Co' }
        },
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Contact',
          referenceId: 'cont',
          body: { LastName: 'Ref', AccountId: '@{acct.id}' }
        },
        {
          method: 'GET',
          url: '/services/data/v66.0/sobjects/Contact/@{cont.id}?fields=AccountId',
          referenceId: 'read'
        }
      ]
    });
    const [acct, cont, read] = response.compositeResponse;
    const accountId = (acct.body as { id: string }).id;
    expect(acct).toEqual({
      body: { id: accountId, success: true, errors: [] },
      httpHeaders: { Location: `/services/data/v66.0/sobjects/Account/${accountId}` },
      httpStatusCode: 201,
      referenceId: 'acct'
    });
    expect(cont.httpStatusCode).toBe(201);
    expect(read.body).toMatchObject({ AccountId: accountId });
  });

  it('rolls back every subrequest with allOrNone and reports PROCESSING_HALTED', async () => {
    const response = await raw(org, 'POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Lead',
          referenceId: 'ok',
          body: { LastName: 'X', Company: 'Halted' }
        },
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Lead',
          referenceId: 'bad',
          body: { Company: 'Halted' }
        }
      ]
    });
    expect(response.body).toEqual({
      compositeResponse: [
        {
          body: [
            {
              errorCode: 'PROCESSING_HALTED',
              message:
                'The transaction was rolled back since another operation in the same transaction failed.'
            }
          ],
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: 'ok'
        },
        {
          body: [
            {
              message: 'Required fields are missing: [LastName]',
              errorCode: 'REQUIRED_FIELD_MISSING',
              fields: ['LastName']
            }
          ],
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: 'bad'
        }
      ]
    });
    expect(await countLeads('Halted')).toBe(0);
  });

  it('keeps independent successes without allOrNone and halts dependents of a failure', async () => {
    const response = await raw(org, 'POST', '/composite', {
      allOrNone: false,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Lead',
          referenceId: 'ok',
          body: { LastName: 'Y', Company: 'Kept' }
        },
        { method: 'POST', url: '/services/data/v66.0/sobjects/Account', referenceId: 'bad', body: {} },
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Contact',
          referenceId: 'dep',
          body: { LastName: 'Z', AccountId: '@{bad.id}' }
        }
      ]
    });
    const results = (
      response.body as { compositeResponse: { httpStatusCode: number; body: { errorCode?: string }[] }[] }
    ).compositeResponse;
    expect(results.map((r) => r.httpStatusCode)).toEqual([201, 400, 400]);
    expect(results[2].body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(await countLeads('Kept')).toBe(1);
  });

  it('counts a composite request as one API call', async () => {
    const before = org.controls.apiUsage().used;
    await raw(org, 'POST', '/composite', {
      compositeRequest: [
        { method: 'GET', url: '/services/data/v66.0/limits', referenceId: 'a' },
        { method: 'GET', url: '/services/data/v66.0/limits', referenceId: 'b' }
      ]
    });
    expect(org.controls.apiUsage().used).toBe(before + 1);
  });
});
