/**
 * Behaviour that the package's own objects do not exercise, on a small metadata fixture:
 * multi-select picklists (INCLUDES/EXCLUDES), currency precision, restricted deletes, and custom
 * fields added to a standard object.
 */
import path from 'node:path';
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, failure, raw, startTestOrg } from './helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg({ objectsDir: path.join(__dirname, 'fixtures', 'objects') });
  conn = connect(org);
  org.data.create('Widget__c', { Name: 'rg', Tags__c: 'Red;Green' });
  org.data.create('Widget__c', { Name: 'b', Tags__c: 'Blue' });
  org.data.create('Widget__c', { Name: 'none' });
});

afterAll(() => org.close());

const names = async (soql: string) => (await conn.query<{ Name: string }>(soql)).records.map((r) => r.Name);

describe('multi-select picklists', () => {
  it('matches INCLUDES (any listed value; "a;b" means both) and EXCLUDES (also blank)', async () => {
    expect(await names("SELECT Name FROM Widget__c WHERE Tags__c INCLUDES ('Red') ORDER BY Name")).toEqual([
      'rg'
    ]);
    expect(
      await names("SELECT Name FROM Widget__c WHERE Tags__c INCLUDES ('Blue', 'Green') ORDER BY Name")
    ).toEqual(['b', 'rg']);
    expect(
      await names("SELECT Name FROM Widget__c WHERE Tags__c INCLUDES ('Red;Blue') ORDER BY Name")
    ).toEqual([]);
    expect(await names("SELECT Name FROM Widget__c WHERE Tags__c EXCLUDES ('Red') ORDER BY Name")).toEqual([
      'b',
      'none'
    ]);
  });

  it('rejects values outside a restricted multi-select picklist', async () => {
    const response = await raw(org, 'POST', '/sobjects/Widget__c', { Name: 'x', Tags__c: 'Red;Purple' });
    expect(response.body).toEqual([
      {
        message: 'Tags: bad value for restricted picklist field: Purple',
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['Tags__c']
      }
    ]);
  });
});

describe('formula defaults', () => {
  it('fills NOW() from the org clock', async () => {
    org.controls.clock.setSpeed(0);
    org.controls.clock.set('2026-09-09T09:09:09Z');
    const { id } = (await conn.sobject('Widget__c').create({ Name: 'clocked' })) as { id: string };
    expect((await conn.sobject('Widget__c').retrieve(id)).Seen_At__c).toBe('2026-09-09T09:09:09.000+0000');
  });
});

describe('numbers, restricted deletes and custom fields on standard objects', () => {
  it('rejects a currency value beyond its precision', async () => {
    const response = await raw(org, 'POST', '/sobjects/Widget__c', { Name: 'x', Price__c: 123456.5 });
    expect(response.body).toEqual([
      {
        message: 'Price: value outside of valid range on numeric field: 123456.5',
        errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
        fields: ['Price__c']
      }
    ]);
  });

  it('serves custom fields on Lead with their default, and blocks deleting a restricted parent', async () => {
    const { id: lead } = (await conn.sobject('Lead').create({ LastName: 'L', Company: 'C' })) as {
      id: string;
    };
    expect((await conn.sobject('Lead').retrieve(lead)).Widget_Count__c).toBe(0);
    await conn.sobject('Widget__c').create({ Name: 'child', Lead__c: lead });
    const error = await failure(conn.sobject('Lead').destroy(lead));
    expect(error.errorCode).toBe('DELETE_FAILED');
    const children = await conn.query(
      `SELECT Name, (SELECT Name FROM Widgets__r) FROM Lead WHERE Id = '${lead}'`
    );
    expect(
      (children.records[0].Widgets__r as { records: { Name: string }[] }).records.map((w) => w.Name)
    ).toEqual(['child']);
  });
});
