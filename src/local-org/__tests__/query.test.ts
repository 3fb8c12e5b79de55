/**
 * SOQL over HTTP through jsforce: relationships, subqueries, operators, date literals on the org
 * clock, ordering, paging with query locators, aggregates and Salesforce-style errors.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, failure, raw, startTestOrg } from './helpers';

let org: LocalOrg;
let conn: Connection;
const ids: Record<string, string> = {};

beforeAll(async () => {
  org = await startTestOrg({ clock: { start: '2026-05-13T15:00:00Z', speed: 0 } });
  conn = connect(org);
  const d = org.data;
  ids.acme = d.create('Account', { Name: 'Acme', Industry: 'Technology' });
  ids.globex = d.create('Account', { Name: 'Globex', Industry: 'Energy' });
  ids.ann = d.create('Contact', {
    FirstName: 'Ann',
    LastName: 'Archer',
    AccountId: ids.acme,
    Email: 'ann@acme.test'
  });
  ids.bob = d.create('Contact', { FirstName: 'Bob', LastName: 'Baker', AccountId: ids.acme });
  ids.cy = d.create('Contact', { FirstName: 'Cy', LastName: 'Cole' });
  ids.lead1 = d.create('Lead', {
    LastName: 'Lane',
    Company: 'L1',
    Status: 'Working - Contacted',
    Rating: 'Hot',
    LeadSource: 'Web'
  });
  ids.lead2 = d.create('Lead', { LastName: 'Moss', Company: 'L2', Rating: 'Cold', LeadSource: 'Web' });
  ids.lead3 = d.create('Lead', { LastName: 'Nash', Company: 'L3', HasOptedOutOfEmail: true });
  ids.task = d.create('Task', {
    Subject: 'Call Ann',
    WhoId: ids.ann,
    WhatId: ids.acme,
    ActivityDate: '2026-05-13'
  });
  ids.oldTask = d.create('Task', {
    Subject: 'Old',
    WhoId: ids.lead1,
    ActivityDate: '2026-04-01',
    CreatedDate: '2026-04-01T10:00:00Z'
  });
});

afterAll(() => org.close());

describe('SOQL field lists', () => {
  it('returns records with attributes, parent relationships and null parents', async () => {
    const result = await conn.query(
      "SELECT Id, Name, Account.Name, Account.Owner.Name, Owner.Name FROM Contact WHERE LastName IN ('Archer', 'Cole') ORDER BY LastName"
    );
    expect(result).toEqual({
      totalSize: 2,
      done: true,
      records: [
        {
          attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.ann}` },
          Id: ids.ann,
          Name: 'Ann Archer',
          Account: {
            attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${ids.acme}` },
            Name: 'Acme',
            Owner: {
              attributes: { type: 'User', url: `/services/data/v66.0/sobjects/User/${org.userId}` },
              Name: 'Stride Integration'
            }
          },
          Owner: {
            attributes: { type: 'User', url: `/services/data/v66.0/sobjects/User/${org.userId}` },
            Name: 'Stride Integration'
          }
        },
        {
          attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.cy}` },
          Id: ids.cy,
          Name: 'Cy Cole',
          Account: null,
          Owner: {
            attributes: { type: 'User', url: `/services/data/v66.0/sobjects/User/${org.userId}` },
            Name: 'Stride Integration'
          }
        }
      ]
    });
  });

  it('resolves polymorphic Who and What to the actual object type', async () => {
    const result = await conn.query(`SELECT Who.Name, What.Name FROM Task WHERE Id = '${ids.task}'`);
    expect(result.records[0]).toEqual({
      attributes: { type: 'Task', url: `/services/data/v66.0/sobjects/Task/${ids.task}` },
      Who: {
        attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.ann}` },
        Name: 'Ann Archer'
      },
      What: {
        attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${ids.acme}` },
        Name: 'Acme'
      }
    });
  });

  it('exposes the target object of a polymorphic lookup as Type, in SELECT and WHERE', async () => {
    const result = await conn.query(
      "SELECT Subject, What.Type, Who.Type FROM Task WHERE Who.Type = 'Contact'"
    );
    expect(result.records).toEqual([
      {
        attributes: { type: 'Task', url: `/services/data/v66.0/sobjects/Task/${ids.task}` },
        Subject: 'Call Ann',
        What: {
          attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${ids.acme}` },
          Type: 'Account'
        },
        Who: {
          attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.ann}` },
          Type: 'Contact'
        }
      }
    ]);
  });

  it('selects per-type fields with TYPEOF', async () => {
    const result = await conn.query(
      `SELECT TYPEOF What WHEN Account THEN Name, Industry WHEN Opportunity THEN StageName END, TYPEOF Who WHEN Lead THEN Company ELSE Name, Email END FROM Task WHERE Id = '${ids.task}'`
    );
    expect(result.records[0]).toEqual({
      attributes: { type: 'Task', url: `/services/data/v66.0/sobjects/Task/${ids.task}` },
      What: {
        attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${ids.acme}` },
        Name: 'Acme',
        Industry: 'Technology'
      },
      Who: {
        attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.ann}` },
        Name: 'Ann Archer',
        Email: 'ann@acme.test'
      }
    });
  });

  it('returns child subqueries as QueryResults, and null when there are no children', async () => {
    const result = await conn.query(
      "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC) FROM Account WHERE Name IN ('Acme', 'Globex') ORDER BY Name"
    );
    expect(result.records.map((r) => [r.Name, r.Contacts])).toEqual([
      [
        'Acme',
        {
          totalSize: 2,
          done: true,
          records: [
            {
              attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.bob}` },
              LastName: 'Baker'
            },
            {
              attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ids.ann}` },
              LastName: 'Archer'
            }
          ]
        }
      ],
      ['Globex', null]
    ]);
  });

  it('expands FIELDS(STANDARD) and requires a LIMIT for FIELDS(ALL)', async () => {
    const result = await conn.query(`SELECT FIELDS(STANDARD) FROM Account WHERE Id = '${ids.globex}'`);
    expect(Object.keys(result.records[0])).toEqual([
      'attributes',
      ...org.schema.find('Account')!.fields.map((f) => f.name)
    ]);
    const error = await failure(conn.query('SELECT FIELDS(ALL) FROM Account'));
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain('The SOQL FIELDS function must have a LIMIT of at most 200');
    expect((await conn.query('SELECT FIELDS(ALL) FROM Account LIMIT 1')).records).toHaveLength(1);
  });

  it('accepts the object name or alias as a field prefix', async () => {
    const byAlias = await conn.query("SELECT a.Name FROM Account a WHERE a.Name = 'Globex'");
    const byName = await conn.query("SELECT Account.Name FROM Account WHERE Account.Name = 'Globex'");
    expect(byAlias.records[0].Name).toBe('Globex');
    expect(byName.records[0].Name).toBe('Globex');
  });
});

describe('SOQL WHERE', () => {
  const names = async (soql: string) =>
    (await conn.query<{ LastName: string }>(soql)).records.map((r) => r.LastName);

  it('combines AND, OR, NOT and parentheses', async () => {
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE (Rating = 'Hot' OR Rating = 'Cold') AND NOT (LastName = 'Moss') ORDER BY LastName"
      )
    ).toEqual(['Lane']);
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE LeadSource = 'Web' AND (Rating = 'Cold' OR HasOptedOutOfEmail = true) ORDER BY LastName"
      )
    ).toEqual(['Moss']);
    // A parenthesised NOT group, as the GraphQL API's `not` becomes.
    expect(
      await names(
        "SELECT LastName FROM Lead WHERE (NOT (Rating = 'Hot' OR Rating = 'Cold')) AND LastName != null ORDER BY LastName"
      )
    ).toEqual(['Nash']);
  });

  it('matches nulls with != and NOT IN, as SOQL does', async () => {
    expect(await names("SELECT LastName FROM Lead WHERE Rating != 'Hot' ORDER BY LastName")).toEqual([
      'Moss',
      'Nash'
    ]);
    expect(await names("SELECT LastName FROM Lead WHERE Rating NOT IN ('Cold') ORDER BY LastName")).toEqual([
      'Lane',
      'Nash'
    ]);
    expect(await names('SELECT LastName FROM Lead WHERE Rating = null')).toEqual(['Nash']);
    expect(await names("SELECT LastName FROM Lead WHERE NOT Rating = 'Hot' ORDER BY LastName")).toEqual([
      'Moss',
      'Nash'
    ]);
  });

  it('supports LIKE (case-insensitive) and comparison operators', async () => {
    expect(
      await names("SELECT LastName FROM Lead WHERE Company LIKE 'l%' AND LastName > 'Lb' ORDER BY LastName")
    ).toEqual(['Moss', 'Nash']);
  });

  it('supports parent fields and semi-joins in WHERE', async () => {
    expect(
      await names("SELECT LastName FROM Contact WHERE Account.Industry = 'Technology' ORDER BY LastName")
    ).toEqual(['Archer', 'Baker']);
    const accounts = await conn.query(
      "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE FirstName = 'Bob')"
    );
    expect(accounts.records.map((r) => r.Name)).toEqual(['Acme']);
    const without = await conn.query(
      'SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact) ORDER BY Name'
    );
    expect(without.records.map((r) => r.Name)).toEqual(['Globex']);
  });

  it('evaluates date literals and date/datetime literals against the org clock', async () => {
    const subjects = async (soql: string) =>
      (await conn.query<{ Subject: string }>(soql)).records.map((r) => r.Subject);
    expect(await subjects('SELECT Subject FROM Task WHERE ActivityDate = TODAY')).toEqual(['Call Ann']);
    expect(await subjects('SELECT Subject FROM Task WHERE ActivityDate < TODAY')).toEqual(['Old']);
    expect(await subjects('SELECT Subject FROM Task WHERE CreatedDate = LAST_N_DAYS:7')).toEqual([
      'Call Ann'
    ]);
    expect(await subjects('SELECT Subject FROM Task WHERE CreatedDate < 2026-05-01T00:00:00Z')).toEqual([
      'Old'
    ]);
    expect(await subjects('SELECT Subject FROM Task WHERE ActivityDate >= 2026-05-01')).toEqual(['Call Ann']);
    org.controls.clock.advance(2 * 86_400_000);
    expect(await subjects('SELECT Subject FROM Task WHERE ActivityDate = TODAY')).toEqual([]);
    expect(await subjects('SELECT Subject FROM Task WHERE ActivityDate = N_DAYS_AGO:2')).toEqual([
      'Call Ann'
    ]);
    org.controls.clock.set('2026-05-13T15:00:00Z');
  });

  it('supports INCLUDES and EXCLUDES on multi-select picklists', async () => {
    // Multi-select picklists: the standard catalogue has none, so use a schema-independent check of
    // the error Salesforce gives for INCLUDES on a single-select picklist.
    const error = await failure(conn.query("SELECT Id FROM Lead WHERE Rating INCLUDES ('Hot')"));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain('invalid operator on non-multipicklist field: Rating');
  });
});

describe('SOQL ordering, limits and aggregates', () => {
  it('orders with NULLS FIRST / NULLS LAST and applies LIMIT and OFFSET', async () => {
    const first = await conn.query('SELECT LastName FROM Lead ORDER BY Rating ASC NULLS FIRST, LastName');
    expect(first.records.map((r) => r.LastName)).toEqual(['Nash', 'Moss', 'Lane']);
    const last = await conn.query(
      'SELECT LastName FROM Lead ORDER BY Rating ASC NULLS LAST LIMIT 2 OFFSET 1'
    );
    expect(last.records.map((r) => r.LastName)).toEqual(['Lane', 'Nash']);
    expect(last.totalSize).toBe(2);
  });

  it('counts with COUNT() and groups with aggregates', async () => {
    expect(await conn.query("SELECT COUNT() FROM Lead WHERE LeadSource = 'Web'")).toEqual({
      totalSize: 2,
      done: true,
      records: []
    });
    const grouped = await conn.query(
      'SELECT LeadSource, COUNT(Id) total, MAX(LastName) FROM Lead GROUP BY LeadSource ORDER BY LeadSource NULLS FIRST'
    );
    expect(grouped).toEqual({
      totalSize: 2,
      done: true,
      records: [
        { attributes: { type: 'AggregateResult' }, LeadSource: null, total: 1, expr0: 'Nash' },
        { attributes: { type: 'AggregateResult' }, LeadSource: 'Web', total: 2, expr0: 'Moss' }
      ]
    });
  });
});

describe('SOQL functions in filters', () => {
  it('filters with HAVING on aggregates', async () => {
    const result = await conn.query(
      'SELECT LeadSource, COUNT(Id) n FROM Lead GROUP BY LeadSource HAVING COUNT(Id) > 1 AND LeadSource != null'
    );
    expect(result.records).toEqual([{ attributes: { type: 'AggregateResult' }, LeadSource: 'Web', n: 2 }]);
  });

  it('groups by a date function', async () => {
    const result = await conn.query(
      'SELECT CALENDAR_MONTH(ActivityDate) month, COUNT(Id) n FROM Task GROUP BY CALENDAR_MONTH(ActivityDate) ORDER BY CALENDAR_MONTH(ActivityDate)'
    );
    expect(result.records).toEqual([
      { attributes: { type: 'AggregateResult' }, month: 4, n: 1 },
      { attributes: { type: 'AggregateResult' }, month: 5, n: 1 }
    ]);
  });

  it('filters with date functions, datetimes read in the user time zone', async () => {
    const subjects = async (soql: string) =>
      (await conn.query<{ Subject: string }>(soql)).records.map((r) => r.Subject);
    expect(await subjects('SELECT Subject FROM Task WHERE CALENDAR_MONTH(ActivityDate) = 4')).toEqual([
      'Old'
    ]);
    expect(await subjects('SELECT Subject FROM Task WHERE DAY_ONLY(CreatedDate) = 2026-04-01')).toEqual([
      'Old'
    ]);
    expect(await subjects('SELECT Subject FROM Task WHERE DAY_ONLY(CreatedDate) = TODAY')).toEqual([
      'Call Ann'
    ]);
    // 10:00 UTC on 1 April is 03:00 in Los Angeles, the integration user's zone.
    expect(
      await subjects(
        'SELECT Subject FROM Task WHERE HOUR_IN_DAY(CreatedDate) = 3 AND CALENDAR_YEAR(CreatedDate) = 2026'
      )
    ).toEqual(['Old']);
  });
});

describe('query locators', () => {
  beforeAll(() => {
    for (let i = 0; i < 450; i++)
      org.data.create('Account', { Name: `Bulk ${String(i).padStart(3, '0')}`, Type: 'Other' });
  });

  it('pages with nextRecordsUrl and the Sforce-Query-Options batch size', async () => {
    const first = await raw(
      org,
      'GET',
      `/query?q=${encodeURIComponent("SELECT Name FROM Account WHERE Type = 'Other' ORDER BY Name")}`,
      undefined,
      {
        'Sforce-Query-Options': 'batchSize=200'
      }
    );
    const body = first.body as {
      totalSize: number;
      done: boolean;
      nextRecordsUrl: string;
      records: { Name: string }[];
    };
    expect(first.status).toBe(200);
    expect(body.totalSize).toBe(450);
    expect(body.done).toBe(false);
    expect(body.records).toHaveLength(200);
    expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v66\.0\/query\/01g[A-Za-z0-9]+-200$/);
    expect(Object.keys(body)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    const second = (await raw(org, 'GET', body.nextRecordsUrl)).body as typeof body;
    expect(second.records[0].Name).toBe('Bulk 200');
    const third = (await raw(org, 'GET', second.nextRecordsUrl)).body as typeof body;
    expect(third).toMatchObject({ totalSize: 450, done: true });
    expect(third.records).toHaveLength(50);
    expect(third.nextRecordsUrl).toBeUndefined();
  });

  it('returns 2,000 records per batch by default', async () => {
    for (let i = 0; i < 1600; i++) org.data.create('Account', { Name: `More ${i}`, Type: 'Partner' });
    const result = await conn.query("SELECT Id FROM Account WHERE Type IN ('Other', 'Partner')");
    expect(result.records).toHaveLength(2000);
    expect(result.totalSize).toBe(2050);
    expect(result.done).toBe(false);
  });

  it('lets jsforce autoFetch every batch', async () => {
    const records: unknown[] = [];
    await new Promise((resolve, reject) => {
      conn
        .query("SELECT Id FROM Account WHERE Type IN ('Other', 'Partner')")
        .on('record', (record) => records.push(record))
        .on('end', resolve)
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10_000 });
    });
    expect(records).toHaveLength(2050);
  });

  it('rejects an unknown locator with INVALID_QUERY_LOCATOR', async () => {
    const response = await raw(org, 'GET', '/query/01gXXXXXXXXXXXXXXX-2000');
    expect(response.status).toBe(400);
    expect(response.body).toEqual([
      { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR', fields: [] }
    ]);
  });
});

describe('queryAll', () => {
  it('includes deleted records with IsDeleted = true', async () => {
    const id = org.data.create('Lead', { LastName: 'Gone', Company: 'X' });
    await conn.sobject('Lead').destroy(id);
    expect((await conn.query("SELECT Id FROM Lead WHERE LastName = 'Gone'")).totalSize).toBe(0);
    const all = await conn.query("SELECT Id, IsDeleted FROM Lead WHERE LastName = 'Gone'", { scanAll: true });
    expect(all.records.map((r) => [r.Id, r.IsDeleted])).toEqual([[id, true]]);
  });
});

describe('SOQL errors', () => {
  it('fails an unknown field with INVALID_FIELD and the caret message', async () => {
    const response = await raw(org, 'GET', `/query?q=${encodeURIComponent('SELECT Id, Foo__c FROM Lead')}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual([
      {
        message:
          "\nSELECT Id, Foo__c FROM Lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo__c' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
        errorCode: 'INVALID_FIELD',
        fields: []
      }
    ]);
  });

  it('fails an unknown object with INVALID_TYPE', async () => {
    const error = await failure(conn.query('SELECT Id FROM Nope__c'));
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toContain("sObject type 'Nope__c' is not supported.");
  });

  it('fails an unknown relationship with INVALID_FIELD', async () => {
    const error = await failure(conn.query('SELECT Accnt.Name FROM Contact'));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain("Didn't understand relationship 'Accnt' in field path.");
  });

  it('fails bad syntax and AND/OR mixed without parentheses with MALFORMED_QUERY', async () => {
    expect((await failure(conn.query('SELECT FROM Lead'))).errorCode).toBe('MALFORMED_QUERY');
    expect(
      (
        await failure(
          conn.query("SELECT Id FROM Lead WHERE Rating = 'Hot' AND Rating = 'Cold' OR LastName = 'x'")
        )
      ).errorCode
    ).toBe('MALFORMED_QUERY');
  });

  it('enforces literal types: quoted dates and unquoted strings fail', async () => {
    const error = await failure(conn.query("SELECT Id FROM Task WHERE ActivityDate = '2026-05-13'"));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain(
      "value of filter criterion for field 'ActivityDate' must be of type date and should not be enclosed in quotes"
    );
  });

  it('rejects OFFSET above 2,000 with NUMBER_OUTSIDE_VALID_RANGE', async () => {
    const error = await failure(conn.query('SELECT Id FROM Lead LIMIT 10 OFFSET 2001'));
    expect(error.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });
});
