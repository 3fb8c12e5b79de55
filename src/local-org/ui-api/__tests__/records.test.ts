/**
 * UI API records conformance: `GET/PATCH/DELETE /ui-api/records/{id}`, `POST /ui-api/records` and
 * `GET /ui-api/records/batch/{ids}`, with RecordRepresentation bodies and UI API error bodies.
 */
import type { LocalOrg } from '../../index';
import { raw, startTestOrg } from '../../__tests__/helpers';

let org: LocalOrg;
let leadId: string;
let sequenceId: string;

const NOW = '2026-03-02T17:00:00.000Z';
const MASTER = '012000000000000AAA';

beforeAll(async () => {
  org = await startTestOrg({ clock: { start: NOW, speed: 0 } });
  leadId = org.data.create('Lead', {
    FirstName: 'Mei',
    LastName: 'Ito',
    Company: 'Ito Co',
    Rating: 'Hot',
    AnnualRevenue: 1234.5
  });
  sequenceId = org.data.create('Sequence__c', { Name: 'Inbound', Target_Object__c: 'Lead' });
});

afterAll(() => org.close());

/** A record representation without its content hash, which the tests compare separately. */
function withoutETag(body: unknown): Record<string, unknown> {
  const { eTag, ...rest } = body as Record<string, unknown>;
  expect(eTag).toMatch(/^[0-9a-f]{32}$/);
  return rest;
}

const audit = (id: string, apiName: string) => ({
  apiName,
  childRelationships: {},
  id,
  lastModifiedById: org.userId,
  lastModifiedDate: NOW,
  recordTypeId: MASTER,
  recordTypeInfo: null,
  systemModstamp: NOW,
  weakEtag: Date.parse(NOW)
});

describe('GET /ui-api/records/{id}', () => {
  it('returns the requested fields, parents as nested records, optional fields when they exist', async () => {
    const response = await raw(
      org,
      'GET',
      `/ui-api/records/${leadId}?fields=Lead.Name,Lead.Rating,Lead.AnnualRevenue,Lead.Owner.Name&optionalFields=Lead.No_Such__c,Lead.CreatedDate`
    );
    expect(response.status).toBe(200);
    const body = withoutETag(response.body);
    const owner = (body.fields as Record<string, { value: unknown }>).Owner;
    expect(body).toEqual({
      ...audit(leadId, 'Lead'),
      fields: {
        // AnnualRevenue is currency(18, 0): the store rounds as an org does.
        AnnualRevenue: { displayValue: '$1,235', value: 1235 },
        CreatedDate: { displayValue: '3/2/2026, 9:00 AM', value: NOW },
        Name: { displayValue: null, value: 'Mei Ito' },
        Owner: { displayValue: 'Stride Integration', value: owner.value },
        Rating: { displayValue: 'Hot', value: 'Hot' }
      }
    });
    expect(withoutETag(owner.value)).toEqual({
      ...audit(org.userId, 'User'),
      fields: { Name: { displayValue: null, value: 'Stride Integration' } }
    });
  });

  it('gives the same eTag for an unchanged record and a new one after a change', async () => {
    const path = `/ui-api/records/${sequenceId}?fields=Sequence__c.Name`;
    const first = (await raw(org, 'GET', path)).body as { eTag: string };
    expect(((await raw(org, 'GET', path)).body as { eTag: string }).eTag).toBe(first.eTag);
    org.data.update('Sequence__c', sequenceId, { Name: 'Inbound v2' });
    expect(((await raw(org, 'GET', path)).body as { eTag: string }).eTag).not.toBe(first.eTag);
  });

  it('refuses an unknown required field with INVALID_FIELD', async () => {
    const response = await raw(org, 'GET', `/ui-api/records/${leadId}?fields=Lead.Nme`);
    expect(response).toMatchObject({
      status: 400,
      body: [
        {
          errorCode: 'INVALID_FIELD',
          message:
            "No such column 'Nme' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
        }
      ]
    });
  });

  it('refuses a field of another object', async () => {
    const response = await raw(org, 'GET', `/ui-api/records/${leadId}?fields=Contact.Name`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual([
      {
        errorCode: 'INVALID_FIELD',
        message: 'Contact.Name is not a field of Lead (fields are written Object.Field)'
      }
    ]);
  });

  it('answers 404 NOT_FOUND for an unknown id', async () => {
    const response = await raw(org, 'GET', `/ui-api/records/00Q8b0000009999AAA?fields=Lead.Name`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }
    ]);
  });
});

describe('GET /ui-api/records/batch/{ids}', () => {
  it('reads each record with the fields of its object and reports failures in place', async () => {
    const response = await raw(
      org,
      'GET',
      `/ui-api/records/batch/${leadId},${sequenceId},00Q8b0000009999AAA?fields=Lead.LastName&optionalFields=Sequence__c.Target_Object__c`
    );
    expect(response.status).toBe(200);
    const { results } = response.body as { results: { result: unknown; statusCode: number }[] };
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 404]);
    expect((results[0].result as { fields: unknown }).fields).toEqual({
      LastName: { displayValue: null, value: 'Ito' }
    });
    expect((results[1].result as { fields: unknown }).fields).toEqual({
      Target_Object__c: { displayValue: 'Lead', value: 'Lead' }
    });
    expect(results[2].result).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }
    ]);
  });
});

describe('POST, PATCH and DELETE /ui-api/records', () => {
  it('creates a record and returns it with every field, 201', async () => {
    const response = await raw(org, 'POST', '/ui-api/records', {
      apiName: 'Sequence_Action__c',
      fields: { Sequence__c: sequenceId, Name: 'Call', Step_Number__c: 1, Type__c: 'Call' }
    });
    expect(response.status).toBe(201);
    const body = response.body as {
      id: string;
      apiName: string;
      fields: Record<string, { value: unknown; displayValue: unknown }>;
    };
    expect(body.apiName).toBe('Sequence_Action__c');
    expect(body.id).toMatch(/^a[0-9A-Za-z]{2}8b/);
    expect(body.fields.Name).toEqual({ displayValue: null, value: 'Call' });
    expect(body.fields.Sequence__c).toEqual({ displayValue: null, value: sequenceId });
    expect(body.fields.Activation__c).toEqual({ displayValue: 'Manual', value: 'Manual' });
    expect(
      org.data.query(`SELECT Name, Type__c FROM Sequence_Action__c WHERE Id = '${body.id}'`).records[0]
    ).toMatchObject({
      Name: 'Call',
      Type__c: 'Call'
    });
  });

  it('refuses a create that the store refuses, with its error code', async () => {
    const missing = await raw(org, 'POST', '/ui-api/records', {
      apiName: 'Sequence_Action__c',
      fields: { Name: 'No parent' }
    });
    expect(missing.status).toBe(400);
    expect((missing.body as { errorCode: string }[])[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    const unknownObject = await raw(org, 'POST', '/ui-api/records', { apiName: 'Nope__c', fields: {} });
    expect(unknownObject).toMatchObject({
      status: 404,
      body: [
        {
          errorCode: 'NOT_FOUND',
          message: 'The requested resource does not exist: object Nope__c is not supported'
        }
      ]
    });
    const noApiName = await raw(org, 'POST', '/ui-api/records', { fields: { Name: 'x' } });
    expect(noApiName).toMatchObject({
      status: 400,
      body: [
        { errorCode: 'INVALID_INPUT', message: 'apiName is required: the API name of the object to create' }
      ]
    });
  });

  it('updates a record (the Id may be in fields, as updateRecord sends it) and returns it', async () => {
    const response = await raw(org, 'PATCH', `/ui-api/records/${leadId}`, {
      fields: { Id: leadId, Rating: 'Warm' }
    });
    expect(response.status).toBe(200);
    expect((response.body as { fields: Record<string, unknown> }).fields.Rating).toEqual({
      displayValue: 'Warm',
      value: 'Warm'
    });
    expect(org.data.query(`SELECT Rating FROM Lead WHERE Id = '${leadId}'`).records[0].Rating).toBe('Warm');
  });

  it('refuses an update with a different Id, a bad value or a stale If-Unmodified-Since', async () => {
    const otherId = await raw(org, 'PATCH', `/ui-api/records/${leadId}`, {
      fields: { Id: sequenceId, Rating: 'Hot' }
    });
    expect(otherId.status).toBe(400);
    const badValue = await raw(org, 'PATCH', `/ui-api/records/${leadId}`, {
      fields: { AnnualRevenue: 'lots' }
    });
    expect(badValue).toMatchObject({
      status: 400,
      body: [
        {
          errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
          message: 'Annual Revenue: value not of required type: lots'
        }
      ]
    });
    const stale = await raw(
      org,
      'PATCH',
      `/ui-api/records/${leadId}`,
      { fields: { Rating: 'Cold' } },
      {
        'If-Unmodified-Since': new Date(Date.parse(NOW) - 60_000).toUTCString()
      }
    );
    expect(stale.status).toBe(412);
    expect((stale.body as { errorCode: string }[])[0].errorCode).toBe('PRECONDITION_FAILED');
  });

  it('deletes a record; reading it then gives ENTITY_IS_DELETED', async () => {
    const id = org.data.create('Lead', { LastName: 'Gone', Company: 'Gone Co' });
    expect((await raw(org, 'DELETE', `/ui-api/records/${id}`)).status).toBe(204);
    const after = await raw(org, 'GET', `/ui-api/records/${id}?fields=Lead.Name`);
    expect(after).toMatchObject({
      status: 404,
      body: [{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }]
    });
  });
});
