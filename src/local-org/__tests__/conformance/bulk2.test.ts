/**
 * Bulk API 2.0 Developer Guide: ingest jobs (create, upload CSV, close, status, successful, failed
 * and unprocessed results, delete) and query jobs (create, status, results with Sforce-Locator and
 * maxRecords), through jsforce's bulk2 client and raw HTTP.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../../index';
import { connect, raw, startTestOrg } from '../helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
  conn.bulk2.pollInterval = 50;
  conn.bulk2.pollTimeout = 20_000;
});

afterAll(() => org.close());

/** A raw CSV request (raw() sends JSON). */
async function csvRequest(method: string, path: string, body?: string) {
  const response = await fetch(`${org.instanceUrl}/services/data/v66.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'text/csv', Accept: 'text/csv' },
    body
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function waitFor(path: string, states: string[]): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const info = (await raw(org, 'GET', path)).body as Record<string, unknown>;
    if (states.includes(info.state as string)) return info;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} never reached ${states.join('/')}`);
}

describe('ingest jobs', () => {
  it('loads a CSV through jsforce bulk2: successful and failed results with sf__ columns', async () => {
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'insert',
      input:
        'FirstName,LastName,Company,HasOptedOutOfEmail\nAda,Bulk,Bulk Co,true\nNo,,Missing Last Name,false\n'
    });
    expect(results.successfulResults).toEqual([
      {
        sf__Id: expect.stringMatching(/^00Q/),
        sf__Created: 'true',
        FirstName: 'Ada',
        LastName: 'Bulk',
        Company: 'Bulk Co',
        HasOptedOutOfEmail: 'true'
      }
    ]);
    expect(results.failedResults).toEqual([
      {
        sf__Id: '',
        sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
        FirstName: 'No',
        LastName: '',
        Company: 'Missing Last Name',
        HasOptedOutOfEmail: 'false'
      }
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    const stored = org.data.query("SELECT Name, HasOptedOutOfEmail FROM Lead WHERE Company = 'Bulk Co'");
    expect(stored.records.map((r) => [r.Name, r.HasOptedOutOfEmail])).toEqual([['Ada Bulk', true]]);
  });

  it('walks the job states over HTTP and reports the counts; upsert by external id says created', async () => {
    const created = await raw(org, 'POST', '/jobs/ingest', {
      object: 'Action_Attempt__c',
      operation: 'upsert',
      externalIdFieldName: 'Key__c',
      lineEnding: 'LF',
      columnDelimiter: 'PIPE'
    });
    expect(created.status).toBe(200);
    const job = created.body as Record<string, unknown>;
    expect(job).toMatchObject({
      operation: 'upsert',
      object: 'Action_Attempt__c',
      externalIdFieldName: 'Key__c',
      state: 'Open',
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 66,
      contentUrl: `services/data/v66.0/jobs/ingest/${job.id as string}/batches`,
      lineEnding: 'LF',
      columnDelimiter: 'PIPE'
    });
    expect(job.id).toMatch(/^750/);
    const upload = await csvRequest(
      'PUT',
      `/jobs/ingest/${job.id as string}/batches`,
      'Key__c|Outcome__c\nk-1|Sent\nk-2|Sent\n'
    );
    expect(upload.status).toBe(201);
    const closed = await raw(org, 'PATCH', `/jobs/ingest/${job.id as string}`, { state: 'UploadComplete' });
    expect((closed.body as Record<string, unknown>).state).toBe('UploadComplete');
    const done = await waitFor(`/jobs/ingest/${job.id as string}`, ['JobComplete', 'Failed']);
    expect(done).toMatchObject({
      state: 'JobComplete',
      jobType: 'V2Ingest',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 0
    });

    const again = (
      await raw(org, 'POST', '/jobs/ingest', {
        object: 'Action_Attempt__c',
        operation: 'upsert',
        externalIdFieldName: 'Key__c'
      })
    ).body as { id: string };
    await csvRequest('PUT', `/jobs/ingest/${again.id}/batches`, 'Key__c,Outcome__c\nk-2,Failed\nk-3,Sent\n');
    await raw(org, 'PATCH', `/jobs/ingest/${again.id}`, { state: 'UploadComplete' });
    await waitFor(`/jobs/ingest/${again.id}`, ['JobComplete']);
    const successful = await csvRequest('GET', `/jobs/ingest/${again.id}/successfulResults`);
    expect(successful.headers.get('content-type')).toBe('text/csv;charset=UTF-8');
    expect(successful.text.replace(/"00[^"]+"|"a[^"]{17}"/g, '"<id>"')).toBe(
      '"sf__Id","sf__Created","Key__c","Outcome__c"\n"<id>","false","k-2","Failed"\n"<id>","true","k-3","Sent"\n'
    );
    const deleted = await raw(org, 'DELETE', `/jobs/ingest/${again.id}`);
    expect(deleted.status).toBe(204);
    expect((await raw(org, 'GET', `/jobs/ingest/${again.id}`)).status).toBe(404);
  });

  it('fails a job whose header names an unknown field, leaving every record unprocessed', async () => {
    const job = (await raw(org, 'POST', '/jobs/ingest', { object: 'Lead', operation: 'insert' })).body as {
      id: string;
    };
    await csvRequest('PUT', `/jobs/ingest/${job.id}/batches`, 'LastName,Colour__c\nA,red\n');
    await raw(org, 'PATCH', `/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
    const info = await waitFor(`/jobs/ingest/${job.id}`, ['JobComplete', 'Failed']);
    expect(info).toMatchObject({
      state: 'Failed',
      errorMessage: 'InvalidBatch : Field name not found : Colour__c'
    });
    expect((await csvRequest('GET', `/jobs/ingest/${job.id}/unprocessedrecords`)).text).toBe(
      '"LastName","Colour__c"\n"A","red"\n'
    );
  });

  it('refuses uploads to a closed job and unknown operations with Bulk errors', async () => {
    const job = (await raw(org, 'POST', '/jobs/ingest', { object: 'Lead', operation: 'insert' })).body as {
      id: string;
    };
    await raw(org, 'PATCH', `/jobs/ingest/${job.id}`, { state: 'Aborted' });
    const upload = await csvRequest('PUT', `/jobs/ingest/${job.id}/batches`, 'LastName\nX\n');
    expect([upload.status, JSON.parse(upload.text)]).toEqual([
      409,
      [
        {
          errorCode: 'INVALIDJOBSTATE',
          message: `Job ${job.id} is Aborted: data can only be uploaded while Open`,
          fields: []
        }
      ]
    ]);
    const bad = await raw(org, 'POST', '/jobs/ingest', { object: 'Lead', operation: 'merge' });
    expect(bad.body).toEqual([
      {
        errorCode: 'INVALIDJOB',
        message: 'operation must be one of insert, update, upsert, delete, hardDelete, not merge',
        fields: []
      }
    ]);
  });
});

describe('query jobs', () => {
  beforeAll(() => {
    const account = org.data.create('Account', { Name: 'Export "Quoted", Inc' });
    for (let i = 1; i <= 5; i++) org.data.create('Contact', { LastName: `Export ${i}`, AccountId: account });
  });

  it('exports through jsforce bulk2.query with parent fields', async () => {
    const stream = await conn.bulk2.query(
      "SELECT LastName, Account.Name FROM Contact WHERE LastName LIKE 'Export%' ORDER BY LastName"
    );
    const records: Record<string, string>[] = [];
    for await (const record of stream) records.push(record as Record<string, string>);
    expect(records.map((r) => [r.LastName, r['Account.Name']])).toEqual(
      [1, 2, 3, 4, 5].map((i) => [`Export ${i}`, 'Export "Quoted", Inc'])
    );
  });

  it('pages results with maxRecords and Sforce-Locator until the locator is null', async () => {
    const job = (
      await raw(org, 'POST', '/jobs/query', {
        operation: 'query',
        query: "SELECT LastName FROM Contact WHERE LastName LIKE 'Export%' ORDER BY LastName"
      })
    ).body as Record<string, unknown>;
    expect(job).toMatchObject({
      operation: 'query',
      object: 'Contact',
      state: 'UploadComplete',
      contentType: 'CSV'
    });
    await waitFor(`/jobs/query/${job.id as string}`, ['JobComplete']);
    const pages: string[][] = [];
    let locator: string | null = null;
    do {
      const page = await csvRequest(
        'GET',
        `/jobs/query/${job.id as string}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`
      );
      pages.push([page.headers.get('sforce-numberofrecords') as string, page.text]);
      locator = page.headers.get('sforce-locator');
    } while (locator !== 'null');
    expect(pages).toEqual([
      ['2', '"LastName"\n"Export 1"\n"Export 2"\n'],
      ['2', '"LastName"\n"Export 3"\n"Export 4"\n'],
      ['1', '"LastName"\n"Export 5"\n']
    ]);
  });

  it('refuses a malformed query at create and a subquery as unsupported', async () => {
    const malformed = await raw(org, 'POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Nope__c FROM Contact'
    });
    expect(malformed.status).toBe(400);
    expect((malformed.body as { errorCode: string }[])[0].errorCode).toBe('INVALID_FIELD');
    const sub = await raw(org, 'POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Name, (SELECT LastName FROM Contacts) FROM Account'
    });
    expect(sub.body).toEqual([
      {
        errorCode: 'FUNCTIONALITY_NOT_ENABLED',
        message: 'The local org does not support subqueries in Bulk API 2.0 query jobs',
        fields: []
      }
    ]);
  });
});
