/**
 * REST API Developer Guide, "Search" (`/search?q=`) and "Parameterized Search"
 * (`/parameterizedSearch`): SOSL over the text fields of searchable objects, through jsforce and raw
 * HTTP.
 */
import fc from 'fast-check';
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../../index';
import { connect, raw, startTestOrg } from '../helpers';

let org: LocalOrg;
let conn: Connection;
const ids: Record<string, string> = {};

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
  ids.acme = org.data.create('Account', { Name: 'Acme Corporation', Phone: '(415) 555-1212' });
  ids.acmeWest = org.data.create('Account', { Name: 'Acme West', BillingCity: 'Oakland' });
  ids.globex = org.data.create('Account', { Name: 'Globex', Description: 'Competitor of acme' });
  ids.wile = org.data.create('Contact', {
    FirstName: 'Wile',
    LastName: 'Coyote',
    Email: 'wile.coyote@acme.example',
    AccountId: ids.acme
  });
  ids.lead = org.data.create('Lead', { FirstName: 'Road', LastName: 'Runner', Company: 'Acmeson Labs' });
  ids.deleted = org.data.create('Lead', { LastName: 'Acme Gone', Company: 'Gone Inc' });
  org.data.delete('Lead', ids.deleted);
});

afterAll(() => org.close());

type Found = { attributes: { type: string; url: string }; Id: string; Name?: string };
const search = async (sosl: string) => (await conn.search(sosl)).searchRecords as unknown as Found[];

describe('GET /search (SOSL)', () => {
  it('finds whole words in all text fields, skipping deleted records, and returns Id with attributes', async () => {
    const records = await search('FIND {acme}');
    // The contact matches by its e-mail address (wile.coyote@acme.example holds the word acme).
    expect(records.map((r) => r.Id).sort()).toEqual([ids.acme, ids.acmeWest, ids.globex, ids.wile].sort());
    expect(records.find((r) => r.Id === ids.acme)).toEqual({
      attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${ids.acme}` },
      Id: ids.acme
    });
  });

  it('matches a trailing wildcard, and a term with punctuation as consecutive words (emails)', async () => {
    expect((await search('FIND {acme*} RETURNING Lead(Id, Company)')).map((r) => r.Id)).toEqual([ids.lead]);
    expect(await search('FIND {acmes} RETURNING Lead')).toEqual([]);
    const byEmail = await search(
      'FIND {wile.coyote@acme.example} IN EMAIL FIELDS RETURNING Contact(Id, Name)'
    );
    expect(byEmail.map((r) => [r.Id, r.Name])).toEqual([[ids.wile, 'Wile Coyote']]);
  });

  it('honours the scope: NAME FIELDS leaves out descriptions, PHONE FIELDS matches the digits', async () => {
    const names = await search('FIND {acme} IN NAME FIELDS RETURNING Account(Name ORDER BY Name)');
    expect(names.map((r) => r.Name)).toEqual(['Acme Corporation', 'Acme West']);
    const phones = await search('FIND {4155551212} IN PHONE FIELDS RETURNING Account(Name)');
    expect(phones.map((r) => r.Name)).toEqual(['Acme Corporation']);
  });

  it('combines terms with OR, AND NOT and parentheses, and runs the RETURNING clauses as SOQL', async () => {
    const records = await search(
      "FIND {(acme OR globex) AND NOT west} RETURNING Account(Name, BillingCity WHERE Name != 'Globex' ORDER BY Name LIMIT 5), Contact(Account.Name)"
    );
    expect(records.map((r) => [r.attributes.type, r.Name ?? null])).toEqual([
      ['Account', 'Acme Corporation'],
      ['Contact', null]
    ]);
    expect((records[1] as unknown as { Account: { Name: string } }).Account.Name).toBe('Acme Corporation');
  });

  it('applies the overall LIMIT across objects', async () => {
    const records = await search('FIND {acme} RETURNING Account(Name ORDER BY Name), Contact LIMIT 2');
    expect(records.map((r) => r.Name)).toEqual(['Acme Corporation', 'Acme West']);
  });

  it('answers malformed and unsupported searches with Salesforce-shaped errors', async () => {
    const short = await raw(org, 'GET', `/search?q=${encodeURIComponent('FIND {a}')}`);
    expect(short.status).toBe(400);
    expect(short.body).toEqual([
      { errorCode: 'MALFORMED_SEARCH', message: 'search term must be longer than one character', fields: [] }
    ]);
    const snippet = await raw(org, 'GET', `/search?q=${encodeURIComponent('FIND {acme} WITH SNIPPET')}`);
    expect(snippet.body).toEqual([
      {
        errorCode: 'FUNCTIONALITY_NOT_ENABLED',
        message: 'The local org does not support SOSL WITH SNIPPET',
        fields: []
      }
    ]);
    const notSearchable = await raw(
      org,
      'GET',
      `/search?q=${encodeURIComponent('FIND {acme} RETURNING TaskStatus')}`
    );
    expect(notSearchable.body).toEqual([
      { errorCode: 'INVALID_TYPE', message: 'entity type TaskStatus does not support search', fields: [] }
    ]);
  });
});

describe('/parameterizedSearch', () => {
  it('GET: q, in, sobject, per-object fields, orderBy and limit', async () => {
    const response = await raw(
      org,
      'GET',
      '/parameterizedSearch?q=acme&in=NAME&sobject=Account&Account.fields=Id,Name&Account.limit=1&Account.orderBy=Name%20DESC'
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      searchRecords: [
        {
          attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${ids.acmeWest}` },
          Id: ids.acmeWest,
          Name: 'Acme West'
        }
      ]
    });
  });

  it('POST: sobjects with where, in, and overallLimit', async () => {
    const response = await conn.requestPost<{ searchRecords: Found[] }>(
      '/services/data/v66.0/parameterizedSearch',
      {
        q: 'coyote OR runner',
        in: 'NAME',
        fields: ['Name'],
        sobjects: [{ name: 'Contact' }, { name: 'Lead', where: "Company LIKE 'Acme%'" }],
        overallLimit: 10
      }
    );
    expect(response.searchRecords.map((r) => [r.attributes.type, r.Name])).toEqual([
      ['Contact', 'Wile Coyote'],
      ['Lead', 'Road Runner']
    ]);
  });
});

describe('robustness', () => {
  it('never answers 5xx to arbitrary SOSL text: malformed searches are 400 with a search error code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }).map((term) => `FIND {${term}}`),
          fc.string({ maxLength: 60 }),
          fc.constantFrom(
            'FIND',
            'FIND {',
            'FIND {acme} RETURNING',
            'FIND {acme} RETURNING Account(',
            'FIND {"acme}',
            'FIND {(a OR}'
          )
        ),
        async (sosl) => {
          const response = await raw(org, 'GET', `/search?q=${encodeURIComponent(sosl)}`);
          expect(response.status).toBeLessThan(500);
          if (response.status !== 200) {
            expect([
              'MALFORMED_SEARCH',
              'FUNCTIONALITY_NOT_ENABLED',
              'INVALID_TYPE',
              'MALFORMED_QUERY',
              'INVALID_FIELD'
            ]).toContain((response.body as { errorCode: string }[])[0].errorCode);
          }
        }
      ),
      { numRuns: 100, seed: 20261206 }
    );
  }, 30_000);
});
