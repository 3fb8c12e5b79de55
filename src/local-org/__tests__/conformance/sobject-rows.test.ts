/**
 * REST API Developer Guide, "sObject Rows by External ID" (upsert answers 300 with the matching
 * records' URLs) and "sObject Collections: Upsert" (`created` on every result, failed and rolled
 * back ones too).
 */
import type { LocalOrg } from '../../index';
import { raw, startTestOrg } from '../helpers';

let org: LocalOrg;

beforeAll(async () => {
  org = await startTestOrg();
});

afterAll(() => org.close());

describe('PATCH /sobjects/X/<externalIdField>/<value>', () => {
  it('answers 300 with the URLs of every matching record when the external id is not unique', async () => {
    const first = org.data.create('Conversation__c', { Provider_Message_Id__c: 'SM-dup' });
    const second = org.data.create('Conversation__c', { Provider_Message_Id__c: 'SM-dup' });
    const upsert = await raw(org, 'PATCH', '/sobjects/Conversation__c/Provider_Message_Id__c/SM-dup', {
      Status__c: 'Sent'
    });
    const expected = [first, second]
      .sort()
      .map((id) => `/services/data/v66.0/sobjects/Conversation__c/${id}`);
    expect(upsert.status).toBe(300);
    expect(upsert.body).toEqual(expected);
    const read = await raw(org, 'GET', '/sobjects/Conversation__c/Provider_Message_Id__c/SM-dup');
    expect([read.status, read.body]).toEqual([300, expected]);
  });
});

describe('PATCH /composite/sobjects/X/<externalIdField>', () => {
  const url = '/composite/sobjects/Sequence_Participant__c/Person_Key__c';

  it('reports created: false on failed records and on records rolled back by allOrNone', async () => {
    const sequence = org.data.create('Sequence__c', { Name: 'Upsert results', Target_Object__c: 'Lead' });
    const lead = org.data.create('Lead', { LastName: 'Upsert', Company: 'Results Inc' });
    const good = {
      attributes: { type: 'Sequence_Participant__c' },
      Person_Key__c: 'pk-good',
      Sequence__c: sequence,
      Lead__c: lead
    };
    const bad = { attributes: { type: 'Sequence_Participant__c' }, Person_Key__c: 'pk-bad', No_Such__c: 1 };

    const partial = await raw(org, 'PATCH', url, { allOrNone: false, records: [good, bad] });
    expect(partial.status).toBe(200);
    const [created, failed] = partial.body as Record<string, unknown>[];
    expect(created).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
    expect(failed).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'INVALID_FIELD',
          message: "No such column 'No_Such__c' on sobject of type Sequence_Participant__c",
          fields: []
        }
      ],
      created: false
    });

    const rolledBack = await raw(org, 'PATCH', url, {
      allOrNone: true,
      records: [{ ...good, Person_Key__c: 'pk-rolled-back' }, bad]
    });
    expect((rolledBack.body as Record<string, unknown>[])[0]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
          message:
            'Record rolled back because not all records were valid and the request was using AllOrNone header',
          fields: []
        }
      ],
      created: false
    });
    expect((rolledBack.body as Record<string, unknown>[])[1]).toMatchObject({
      success: false,
      created: false
    });
  });
});
