/**
 * UI API object-info conformance: `/ui-api/object-info/{object}`, `/object-info/batch/{objects}` and
 * picklist values by record type, as `getObjectInfo(s)` and `getPicklistValues(ByRecordType)` read them.
 */
import type { LocalOrg } from '../../index';
import { raw, startTestOrg } from '../../__tests__/helpers';

let org: LocalOrg;
const MASTER = '012000000000000AAA';

beforeAll(async () => {
  org = await startTestOrg();
});

afterAll(() => org.close());

describe('GET /ui-api/object-info/{object}', () => {
  it('describes the object, its record types and fields', async () => {
    const response = await raw(org, 'GET', '/ui-api/object-info/Participant_Action__c');
    expect(response.status).toBe(200);
    const info = response.body as Record<string, unknown> & {
      fields: Record<string, Record<string, unknown>>;
    };
    expect(info).toMatchObject({
      apiName: 'Participant_Action__c',
      label: 'Participant Action',
      labelPlural: 'Participant Actions',
      custom: true,
      createable: true,
      updateable: true,
      deletable: true,
      defaultRecordTypeId: MASTER,
      nameFields: ['Name'],
      recordTypeInfos: {
        [MASTER]: {
          available: true,
          defaultRecordTypeMapping: true,
          master: true,
          name: 'Master',
          recordTypeId: MASTER
        }
      }
    });
    expect(info.keyPrefix).toMatch(/^a[0-9A-Za-z]{2}$/);
    const contact = (await raw(org, 'GET', '/ui-api/object-info/Contact')).body as {
      fields: Record<string, unknown>;
    };
    expect(contact.fields.AccountId).toEqual({
      apiName: 'AccountId',
      calculated: false,
      compound: false,
      compoundComponentName: null,
      compoundFieldName: null,
      controllerName: null,
      controllingFields: [],
      createable: true,
      custom: false,
      dataType: 'Reference',
      extraTypeInfo: null,
      filterable: true,
      filteredLookupInfo: null,
      highScaleNumber: false,
      htmlFormatted: false,
      inlineHelpText: null,
      label: 'Account ID',
      length: 18,
      nameField: false,
      polymorphicForeignKey: false,
      precision: 0,
      reference: true,
      referenceTargetField: null,
      referenceToInfos: [{ apiName: 'Account', nameFields: ['Name'] }],
      relationshipName: 'Account',
      required: false,
      scale: 0,
      searchPrefilterable: false,
      sortable: true,
      unique: false,
      updateable: true
    });
    expect(info.fields.Participant__c).toMatchObject({
      dataType: 'Reference',
      relationshipName: 'Participant__r',
      referenceToInfos: [{ apiName: 'Sequence_Participant__c', nameFields: ['Name'] }]
    });
    expect(info.fields.Status__c).toMatchObject({ dataType: 'Picklist', label: 'Status' });
    expect(info.fields.Id).toMatchObject({ dataType: 'Id', createable: false, updateable: false });
  });

  it('lists child relationships', async () => {
    const info = (await raw(org, 'GET', '/ui-api/object-info/Sequence__c')).body as {
      childRelationships: unknown[];
    };
    expect(info.childRelationships).toContainEqual({
      childObjectApiName: 'Sequence_Action__c',
      fieldName: 'Sequence__c',
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: 'Sequence_Actions__r'
    });
  });

  it('answers 404 for an unknown object', async () => {
    const response = await raw(org, 'GET', '/ui-api/object-info/Nope__c');
    expect(response).toMatchObject({
      status: 404,
      body: [
        {
          errorCode: 'NOT_FOUND',
          message: 'The requested resource does not exist: object Nope__c is not supported'
        }
      ]
    });
  });

  it('answers a batch with one result per object, failures in place', async () => {
    const response = await raw(org, 'GET', '/ui-api/object-info/batch/Lead,Nope__c,User');
    const { results } = response.body as { results: { result: { apiName?: string }; statusCode: number }[] };
    expect(results.map((r) => [r.statusCode, r.result.apiName])).toEqual([
      [200, 'Lead'],
      [404, undefined],
      [200, 'User']
    ]);
  });
});

describe('picklist values', () => {
  it('returns every picklist of the object for a record type', async () => {
    const response = await raw(org, 'GET', `/ui-api/object-info/Lead/picklist-values/${MASTER}`);
    expect(response.status).toBe(200);
    const body = response.body as {
      eTag: string;
      picklistFieldValues: Record<string, { values: { value: string }[]; defaultValue: unknown }>;
    };
    // GeocodeAccuracy: the picklist component of the Lead's compound Address, as in an org.
    expect(Object.keys(body.picklistFieldValues).sort()).toEqual([
      'GeocodeAccuracy',
      'Industry',
      'LeadSource',
      'Rating',
      'Status'
    ]);
    expect(body.picklistFieldValues.Status.defaultValue).toEqual({
      attributes: null,
      label: 'Open - Not Contacted',
      validFor: [],
      value: 'Open - Not Contacted'
    });
  });

  it('returns one field with labels in metadata order', async () => {
    const response = await raw(
      org,
      'GET',
      `/ui-api/object-info/Participant_Action__c/picklist-values/${MASTER}/Status__c`
    );
    const body = response.body as {
      values: { label: string; value: string }[];
      url: string;
      controllerValues: unknown;
      defaultValue: unknown;
    };
    expect(body.values.slice(0, 3)).toEqual([
      { attributes: null, label: 'Upcoming', validFor: [], value: 'Upcoming' },
      { attributes: null, label: 'Due', validFor: [], value: 'Due' },
      { attributes: null, label: 'Waiting for Criteria', validFor: [], value: 'Waiting_Criteria' }
    ]);
    expect(body.url).toBe(
      `/services/data/v66.0/ui-api/object-info/Participant_Action__c/picklist-values/${MASTER}/Status__c`
    );
    expect(body.controllerValues).toEqual({});
  });

  it('refuses an unknown record type and a field that is not a picklist', async () => {
    const badType = await raw(org, 'GET', '/ui-api/object-info/Lead/picklist-values/0128b0000000001AAA');
    expect(badType).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_TYPE', message: 'Invalid record type ID: 0128b0000000001AAA' }]
    });
    const notPicklist = await raw(org, 'GET', `/ui-api/object-info/Lead/picklist-values/${MASTER}/LastName`);
    expect(notPicklist).toMatchObject({
      status: 404,
      body: [
        {
          errorCode: 'NOT_FOUND',
          message: 'The requested resource does not exist: Lead.LastName is not a picklist field'
        }
      ]
    });
  });
});
