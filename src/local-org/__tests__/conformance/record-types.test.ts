/**
 * Record types (REST API Developer Guide, "sObject Describe" recordTypeInfos; User Interface API,
 * "Object Info" and "Picklist Values by Record Type"; the RecordType object in SOQL). The local org
 * loads them from the package's metadata: `Sequence__c` has Lead, Contact, Opportunity and
 * Campaign record types, each offering only its own Target_Object__c value.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../../index';
import { connect, raw, startTestOrg } from '../helpers';

const MASTER = '012000000000000AAA';
let org: LocalOrg;
let conn: Connection;
let ids: Record<string, string>;

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
  const rows = await conn.query<{ Id: string; DeveloperName: string }>(
    "SELECT Id, DeveloperName FROM RecordType WHERE SobjectType = 'Sequence__c' ORDER BY DeveloperName"
  );
  ids = Object.fromEntries(rows.records.map((r) => [r.DeveloperName, r.Id]));
});

afterAll(() => org.close());

describe('RecordType in SOQL', () => {
  it('has one active row per record type of the metadata', async () => {
    const rows = await conn.query<Record<string, unknown>>(
      "SELECT Name, DeveloperName, SobjectType, IsActive FROM RecordType WHERE SobjectType = 'Sequence__c' ORDER BY DeveloperName"
    );
    expect(rows.records.map(({ attributes: _a, ...rest }) => rest)).toEqual([
      { Name: 'Campaign', DeveloperName: 'Campaign', SobjectType: 'Sequence__c', IsActive: true },
      { Name: 'Contact', DeveloperName: 'Contact', SobjectType: 'Sequence__c', IsActive: true },
      { Name: 'Lead', DeveloperName: 'Lead', SobjectType: 'Sequence__c', IsActive: true },
      { Name: 'Opportunity', DeveloperName: 'Opportunity', SobjectType: 'Sequence__c', IsActive: true }
    ]);
    expect(Object.values(ids).every((id) => /^012[a-zA-Z0-9]{15}$/.test(id))).toBe(true);
  });

  it('refuses writes to RecordType, a setup object', async () => {
    const result = await raw(org, 'POST', '/sobjects/RecordType', { Name: 'X', DeveloperName: 'X' });
    expect(result.status).toBe(400);
  });
});

describe('RecordTypeId on records', () => {
  it('is written, read back and followed to the record type', async () => {
    const created = await conn.sobject('Sequence__c').create({
      Name: 'Deal follow-up',
      Target_Object__c: 'Opportunity',
      RecordTypeId: ids.Opportunity
    });
    const [row] = (
      await conn.query<{ RecordTypeId: string; RecordType: { DeveloperName: string } }>(
        `SELECT RecordTypeId, RecordType.DeveloperName FROM Sequence__c WHERE Id = '${(created as { id: string }).id}'`
      )
    ).records;
    expect([row.RecordTypeId, row.RecordType.DeveloperName]).toEqual([ids.Opportunity, 'Opportunity']);

    const ui = await raw(
      org,
      'GET',
      `/ui-api/records/${(created as { id: string }).id}?fields=Sequence__c.Name`
    );
    expect(ui.body).toMatchObject({
      recordTypeId: ids.Opportunity,
      recordTypeInfo: {
        available: true,
        defaultRecordTypeMapping: false,
        master: false,
        name: 'Opportunity',
        recordTypeId: ids.Opportunity
      }
    });
  });

  it('is the master record type for a record without one', async () => {
    const created = (await conn
      .sobject('Sequence__c')
      .create({ Name: 'No type', Target_Object__c: 'Lead' })) as {
      id: string;
    };
    const ui = await raw(org, 'GET', `/ui-api/records/${created.id}?fields=Sequence__c.Name`);
    expect(ui.body).toMatchObject({ recordTypeId: MASTER, recordTypeInfo: null });
  });
});

describe('describe and object info', () => {
  it('lists the record types with the master last in describe', async () => {
    const describe = await conn.sobject('Sequence__c').describe();
    expect(
      (describe.recordTypeInfos as unknown as Array<Record<string, unknown>>).map((rt) => [
        rt.developerName,
        rt.recordTypeId,
        rt.active,
        rt.available,
        rt.master,
        rt.defaultRecordTypeMapping
      ])
    ).toEqual([
      ['Campaign', ids.Campaign, true, true, false, true],
      ['Contact', ids.Contact, true, true, false, false],
      ['Lead', ids.Lead, true, true, false, false],
      ['Opportunity', ids.Opportunity, true, true, false, false],
      ['Master', MASTER, true, false, true, false]
    ]);
    expect(describe.fields.find((f) => f.name === 'RecordTypeId')).toMatchObject({
      type: 'reference',
      referenceTo: ['RecordType'],
      relationshipName: 'RecordType'
    });
    // An object without record types has the master only.
    const lead = await conn.sobject('Lead').describe();
    expect(lead.recordTypeInfos.map((rt) => [rt.name, rt.recordTypeId, rt.available])).toEqual([
      ['Master', MASTER, true]
    ]);
  });

  it('serves recordTypeInfos and the default record type in object info', async () => {
    const info = (await raw(org, 'GET', '/ui-api/object-info/Sequence__c')).body as {
      defaultRecordTypeId: string;
      recordTypeInfos: Record<string, { name: string; master: boolean }>;
    };
    expect(info.defaultRecordTypeId).toBe(ids.Campaign);
    expect(Object.values(info.recordTypeInfos).map((rt) => rt.name)).toEqual([
      'Campaign',
      'Contact',
      'Lead',
      'Opportunity',
      'Master'
    ]);
  });

  it('narrows picklist values to what the record type offers', async () => {
    const values = async (recordTypeId: string) =>
      (
        await raw(
          org,
          'GET',
          `/ui-api/object-info/Sequence__c/picklist-values/${recordTypeId}/Target_Object__c`
        )
      ).body as { values: Array<{ value: string }>; defaultValue: { value: string } | null };
    const opportunity = await values(ids.Opportunity);
    expect(opportunity.values.map((v) => v.value)).toEqual(['Opportunity']);
    expect(opportunity.defaultValue?.value).toBe('Opportunity');
    const master = await values(MASTER);
    expect(master.values.map((v) => v.value)).toEqual(['Lead', 'Contact', 'Opportunity', 'Campaign']);
    // A field the record type does not name offers all its values.
    const all = (await raw(org, 'GET', `/ui-api/object-info/Sequence__c/picklist-values/${ids.Lead}`))
      .body as {
      picklistFieldValues: Record<string, { values: unknown[] }>;
    };
    const valuesOf = (field: string) =>
      (all.picklistFieldValues[field].values as Array<{ value: string }>).map((v) => v.value);
    expect(valuesOf('Target_Object__c')).toEqual(['Lead']);
    expect(valuesOf('Priority__c')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('refuses a record type of another object', async () => {
    const result = await raw(org, 'GET', `/ui-api/object-info/Lead/picklist-values/${ids.Lead}/Status`);
    expect(result.status).toBe(400);
  });
});
