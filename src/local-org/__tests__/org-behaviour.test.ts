/**
 * Org behaviours beyond plain CRUD: the updated/deleted polling resources, composite batch, owner
 * checks, the daily API window on the org clock and date literals in the user's time zone.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, raw, startTestOrg } from './helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg({ clock: { start: '2026-05-13T15:00:00Z', speed: 0 }, sampleData: true });
  conn = connect(org);
});

afterAll(() => org.close());

describe('updated and deleted resources', () => {
  it('lists ids changed and deleted within a window', async () => {
    org.controls.clock.set('2026-05-13T16:00:00Z');
    const kept = org.data.create('Lead', { LastName: 'Kept', Company: 'Poll' });
    const removed = org.data.create('Lead', { LastName: 'Removed', Company: 'Poll' });
    org.controls.clock.set('2026-05-13T16:05:00Z');
    await conn.sobject('Lead').destroy(removed);
    const window = 'start=2026-05-13T15:59:00Z&end=2026-05-13T17:00:00Z';
    expect((await raw(org, 'GET', `/sobjects/Lead/updated?${window}`)).body).toEqual({
      ids: [kept],
      latestDateCovered: '2026-05-13T16:05:00.000+0000'
    });
    expect((await raw(org, 'GET', `/sobjects/Lead/deleted?${window}`)).body).toEqual({
      deletedRecords: [{ id: removed, deletedDate: '2026-05-13T16:05:00.000+0000' }],
      earliestDateAvailable: '2026-05-13T15:59:00.000+0000',
      latestDateCovered: '2026-05-13T16:05:00.000+0000'
    });
  });
});

describe('composite batch', () => {
  it('runs independent subrequests, counts each, and halts on error when asked', async () => {
    const before = org.controls.apiUsage().used;
    const response = await raw(org, 'POST', '/composite/batch', {
      haltOnError: true,
      batchRequests: [
        { method: 'POST', url: 'v66.0/sobjects/Lead', richInput: { LastName: 'B', Company: 'Batch' } },
        { method: 'POST', url: 'v66.0/sobjects/Lead', richInput: { Company: 'Batch' } },
        { method: 'GET', url: 'v66.0/limits' }
      ]
    });
    const body = response.body as { hasErrors: boolean; results: { statusCode: number; result: unknown }[] };
    expect(body.hasErrors).toBe(true);
    expect(body.results.map((r) => r.statusCode)).toEqual([201, 400, 412]);
    expect(body.results[2].result).toEqual([
      { errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }
    ]);
    expect(org.controls.apiUsage().used).toBe(before + 2);
  });
});

describe('owners', () => {
  it('refuses an inactive owner with INACTIVE_OWNER_OR_USER', async () => {
    const inactive = org.sampleData!.users['eli.former@stride.local'];
    const response = await raw(org, 'POST', '/sobjects/Task', { Subject: 'x', OwnerId: inactive });
    expect(response.body).toEqual([
      {
        message: `operation performed with inactive user [${inactive}] as owner of task`,
        errorCode: 'INACTIVE_OWNER_OR_USER',
        fields: []
      }
    ]);
    const active = org.sampleData!.users['ava.reed@stride.local'];
    expect((await raw(org, 'POST', '/sobjects/Task', { Subject: 'x', OwnerId: active })).status).toBe(201);
  });
});

describe('daily API window', () => {
  it('starts a new day of API usage when the org clock passes midnight UTC', async () => {
    org.controls.clock.set('2026-05-13T23:59:00Z');
    org.controls.resetApiUsage(50);
    await raw(org, 'GET', '/limits');
    expect(org.controls.apiUsage().used).toBe(51);
    org.controls.clock.advance(2 * 60_000);
    const response = await raw(org, 'GET', '/limits');
    expect(response.headers.get('sforce-limit-info')).toBe(`api-usage=1/${org.controls.apiUsage().limit}`);
  });
});

describe('date literals in the user time zone', () => {
  it('reads TODAY on datetime fields as the running user’s local day (America/Los_Angeles)', async () => {
    // 2026-05-14T05:00Z is still 13 May in Los Angeles (UTC-7).
    org.controls.clock.set('2026-05-14T05:00:00Z');
    const late = org.data.create('Lead', {
      LastName: 'Late',
      Company: 'TZ',
      CreatedDate: '2026-05-13T20:00:00Z'
    });
    org.data.create('Lead', { LastName: 'Early', Company: 'TZ', CreatedDate: '2026-05-13T05:00:00Z' });
    const today = await conn.query("SELECT Id FROM Lead WHERE Company = 'TZ' AND CreatedDate = TODAY");
    expect(today.records.map((r) => r.Id)).toEqual([late]);
  });
});
