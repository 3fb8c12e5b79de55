/**
 * The standard schema common client code expects (Object Reference and the REST API Developer
 * Guide's "Compound Fields"): address compounds with geolocation components, LastActivityDate, and
 * the activity relationships ActivityHistories and OpenActivities in SOQL subqueries.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../../index';
import { connect, failure, raw, startTestOrg } from '../helpers';

let org: LocalOrg;
let conn: Connection;
let contact: string;

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
  contact = org.data.create('Contact', {
    LastName: 'Compound',
    MailingStreet: '1 Market St',
    MailingCity: 'San Francisco',
    MailingPostalCode: '94105',
    MailingLatitude: 37.7936,
    MailingLongitude: -122.3958
  });
  org.data.create('Task', {
    Subject: 'Intro call',
    WhoId: contact,
    Status: 'Completed',
    ActivityDate: '2026-03-02'
  });
  org.data.create('Task', {
    Subject: 'Older call',
    WhoId: contact,
    Status: 'Completed',
    ActivityDate: '2026-02-01'
  });
  org.data.create('Task', {
    Subject: 'Follow-up',
    WhoId: contact,
    Status: 'Not Started',
    ActivityDate: '2026-04-02'
  });
});

afterAll(() => org.close());

describe('compound address fields', () => {
  it('reads MailingAddress as one object through SOQL and retrieve; an empty address is null', async () => {
    const expected = {
      city: 'San Francisco',
      country: null,
      geocodeAccuracy: null,
      latitude: 37.7936,
      longitude: -122.3958,
      postalCode: '94105',
      state: null,
      street: '1 Market St'
    };
    const queried = await conn.query<{ MailingAddress: unknown }>(
      `SELECT MailingAddress FROM Contact WHERE Id = '${contact}'`
    );
    expect(queried.records[0].MailingAddress).toEqual(expected);
    const retrieved = (await conn.sobject('Contact').retrieve(contact)) as unknown as Record<string, unknown>;
    expect(retrieved.MailingAddress).toEqual(expected);
    const account = org.data.create('Account', { Name: 'No Address' });
    const bare = await conn.query<{ BillingAddress: unknown; ShippingAddress: unknown }>(
      `SELECT BillingAddress, ShippingAddress FROM Account WHERE Id = '${account}'`
    );
    expect([bare.records[0].BillingAddress, bare.records[0].ShippingAddress]).toEqual([null, null]);
  });

  it('describes the compound and names it on each component; the compound cannot be written', async () => {
    const describe = await conn.sobject('Lead').describe();
    const field = (name: string) =>
      describe.fields.find((f) => f.name === name) as unknown as Record<string, unknown>;
    expect(field('Address')).toMatchObject({
      type: 'address',
      soapType: 'urn:address',
      createable: false,
      filterable: false
    });
    expect([
      field('City').compoundFieldName,
      field('Latitude').compoundFieldName,
      field('Company').compoundFieldName
    ]).toEqual(['Address', 'Address', null]);
    const error = await failure(
      conn.sobject('Contact').update({ Id: contact, MailingAddress: { city: 'Oakland' } } as never)
    );
    expect(error.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });
});

describe('LastActivityDate and activity relationships', () => {
  it('computes LastActivityDate from the latest closed task', async () => {
    const result = await conn.query<{ LastActivityDate: string }>(
      `SELECT LastActivityDate FROM Contact WHERE Id = '${contact}'`
    );
    expect(result.records[0].LastActivityDate).toBe('2026-03-02');
  });

  it('answers ActivityHistories (closed) and OpenActivities (open) subqueries with their record types', async () => {
    const answer = await raw(
      org,
      'GET',
      `/query?q=${encodeURIComponent(
        `SELECT Name, (SELECT Subject, ActivityDate FROM ActivityHistories ORDER BY ActivityDate DESC), (SELECT Subject FROM OpenActivities) FROM Contact WHERE Id = '${contact}'`
      )}`
    );
    const record = (answer.body as { records: Record<string, { records: Record<string, unknown>[] }>[] })
      .records[0];
    expect(
      record.ActivityHistories.records.map((r) => [
        (r.attributes as { type: string }).type,
        r.Subject,
        r.ActivityDate
      ])
    ).toEqual([
      ['ActivityHistory', 'Intro call', '2026-03-02'],
      ['ActivityHistory', 'Older call', '2026-02-01']
    ]);
    expect(
      record.OpenActivities.records.map((r) => [(r.attributes as { type: string }).type, r.Subject])
    ).toEqual([['OpenActivity', 'Follow-up']]);
  });

  it('lists them among the child relationships of describe', async () => {
    const describe = await conn.sobject('Account').describe();
    const names = describe.childRelationships.filter(
      (c) => c.childSObject === 'ActivityHistory' || c.childSObject === 'OpenActivity'
    );
    expect(names.map((c) => [c.relationshipName, c.field])).toEqual([
      ['ActivityHistories', 'AccountId'],
      ['OpenActivities', 'AccountId']
    ]);
  });
});
