/**
 * Bad input gets a Salesforce-style 4xx that says what is wrong; it never crashes the server or
 * turns into a 500.
 */
import fc from 'fast-check';
import type { LocalOrg } from '../index';
import { raw, startTestOrg } from './helpers';

let org: LocalOrg;

beforeAll(async () => {
  org = await startTestOrg();
});

afterAll(() => org.close());

const send = async (method: string, path: string, body: string) => {
  const response = await fetch(`${org.instanceUrl}/services/data/v66.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('malformed requests', () => {
  it('answers JSON_PARSER_ERROR for a body that is not JSON', async () => {
    const response = await send('POST', '/sobjects/Lead', '{"LastName": ');
    expect(response.status).toBe(400);
    expect((response.body as { errorCode: string }[])[0].errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('answers 404 NOT_FOUND for an unknown resource', async () => {
    expect((await raw(org, 'GET', '/nothing/here')).body).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND', fields: [] }
    ]);
  });

  it('answers 401 without a session', async () => {
    const response = await fetch(`${org.instanceUrl}/services/data/v66.0/limits`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });

  it('never answers 5xx to arbitrary JSON bodies on the write resources', async () => {
    const paths: [string, string][] = [
      ['POST', '/sobjects/Lead'],
      ['POST', '/composite/sobjects'],
      ['PATCH', '/composite/sobjects'],
      ['POST', '/composite'],
      ['POST', '/actions/standard/emailSimple'],
      ['PATCH', '/sobjects/Action_Attempt__c/Key__c/k1']
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.jsonValue({ maxDepth: 3 }),
        async ([method, path], body) => {
          const response = await send(method, path, JSON.stringify(body));
          expect(response.status).toBeLessThan(500);
        }
      ),
      { numRuns: 120, seed: 20261129 }
    );
  });

  it('answers each malformed collection record on its own, with a 200 for the call', async () => {
    const fieldValue = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.double()
    );
    const record = fc.record(
      {
        LastName: fieldValue,
        Company: fieldValue,
        Email: fieldValue,
        Rating: fieldValue,
        NumberOfEmployees: fieldValue,
        HasOptedOutOfEmail: fieldValue,
        OwnerId: fieldValue,
        Bogus__c: fieldValue
      },
      { requiredKeys: [] }
    );
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 5 }), async (records) => {
        const response = await send(
          'POST',
          '/composite/sobjects',
          JSON.stringify({
            allOrNone: false,
            records: records.map((r) => ({ attributes: { type: 'Lead' }, ...r }))
          })
        );
        expect(response.status).toBe(200);
        const results = response.body as { success: boolean; errors: { statusCode: string }[] }[];
        expect(results).toHaveLength(records.length);
        for (const result of results) {
          if (!result.success) expect(result.errors[0].statusCode).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 80, seed: 20261129 }
    );
  });

  it('never answers 5xx to arbitrary SOQL text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom(
            'SELECT',
            'SELECT Id FROM',
            'SELECT Id FROM Lead WHERE',
            "SELECT Id FROM Lead WHERE Name = 'x' AND",
            'SELECT COUNT(Id FROM Lead'
          )
        ),
        async (soql) => {
          const response = await raw(org, 'GET', `/query?q=${encodeURIComponent(soql)}`);
          expect(response.status).toBe(400);
          expect(['MALFORMED_QUERY', 'INVALID_TYPE', 'INVALID_FIELD']).toContain(
            (response.body as { errorCode: string }[])[0].errorCode
          );
        }
      ),
      { numRuns: 120, seed: 20261129 }
    );
  });
});

describe('date literals out of the calendar', () => {
  it('answers MALFORMED_QUERY, not a 500, for LAST_N_DAYS:99999999999 and friends', async () => {
    for (const literal of [
      'LAST_N_DAYS:99999999999',
      'NEXT_N_YEARS:5000',
      'N_QUARTERS_AGO:9007199254740993'
    ]) {
      const response = await raw(
        org,
        'GET',
        `/query?q=${encodeURIComponent(`SELECT Id FROM Lead WHERE CreatedDate = ${literal}`)}`
      );
      expect(response.status).toBe(400);
      const [error] = response.body as Array<{ errorCode: string; message: string }>;
      expect(error.errorCode).toBe('MALFORMED_QUERY');
      expect(error.message).toContain(
        `Invalid date literal ${literal}: n must be a whole number whose range stays within the years 1700 to 4000`
      );
    }
    const fine = await raw(
      org,
      'GET',
      `/query?q=${encodeURIComponent('SELECT Id FROM Lead WHERE CreatedDate = LAST_N_DAYS:36500')}`
    );
    expect(fine.status).toBe(200);
  });
});
