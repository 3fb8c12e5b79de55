/**
 * How often automatic enrollment writes its read positions: only when they moved, at most once per
 * interval, all objects in one upsert; a failed write is tried again at the next interval.
 */
import type { SalesforceApi } from '../api';
import { silentLogger } from '../logger';
import { ReadPositions } from '../pass/read-positions';

const NOW = new Date('2026-12-01T15:00:00.000Z');

function fakeApi(stored: object[] = [], fail = false) {
  const upserts: Array<{ type: string; key: string; records: object[] }> = [];
  const api = {
    query: jest.fn(async () => stored),
    upsertMany: jest.fn(async (type: string, key: string, records: object[]) => {
      upserts.push({ type, key, records });
      return records.map(() =>
        fail ? { ok: false, error: { code: 'UNABLE_TO_LOCK_ROW', message: 'locked' } } : { ok: true, id: 'x' }
      );
    })
  };
  return { api: api as unknown as SalesforceApi, upserts, queries: api.query };
}

describe('ReadPositions', () => {
  it('starts from the stored position, else 10 minutes back; reads the store once', async () => {
    const { api, queries } = fakeApi([
      {
        Key__c: 'auto-enroll:Lead',
        Since__c: '2026-12-01T13:00:00.000+0000',
        After_Id__c: '00Q000000000042AAA',
        Sweep_Started_At__c: '2026-12-01T13:00:05.000+0000'
      }
    ]);
    const positions = new ReadPositions();
    await positions.load(api, silentLogger());
    await positions.load(api, silentLogger());
    expect(queries).toHaveBeenCalledTimes(1);
    expect(positions.sweep('Lead', NOW)).toEqual({
      since: new Date('2026-12-01T13:00:00.000Z'),
      afterId: '00Q000000000042AAA',
      startedAt: new Date('2026-12-01T13:00:05.000Z')
    });
    expect(positions.sweep('CampaignMember', NOW)).toEqual({
      since: new Date('2026-12-01T14:50:00.000Z'),
      afterId: '',
      startedAt: NOW
    });
  });

  it('writes every object in one upsert when moved, at most once a minute, and again after a failure', async () => {
    const { api, upserts } = fakeApi();
    const log = silentLogger();
    const positions = new ReadPositions(60_000);
    positions.sweep('Lead', NOW);
    positions.sweep('OpportunityContactRole', NOW);
    positions.advance('Lead', null, false, 5_000);
    expect(await positions.save(api, log, 1_000_000)).toBe(true);
    expect(upserts).toEqual([
      {
        type: 'Companion_State__c',
        key: 'Key__c',
        records: [
          {
            Name: 'auto-enroll:Lead',
            Key__c: 'auto-enroll:Lead',
            Since__c: '2026-12-01T14:59:55.000Z',
            After_Id__c: null,
            Sweep_Started_At__c: '2026-12-01T15:00:00.000Z'
          },
          {
            Name: 'auto-enroll:OpportunityContactRole',
            Key__c: 'auto-enroll:OpportunityContactRole',
            Since__c: '2026-12-01T14:50:00.000Z',
            After_Id__c: null,
            Sweep_Started_At__c: '2026-12-01T15:00:00.000Z'
          }
        ]
      }
    ]);
    // Moved again 30 s later: not written before the minute is up.
    positions.advance('Lead', '00Q000000000001AAA', true, 5_000);
    expect(await positions.save(api, log, 1_030_000)).toBe(false);
    expect(upserts).toHaveLength(1);
    expect(await positions.save(api, log, 1_060_000)).toBe(true);
    expect(upserts[1].records[0]).toMatchObject({ After_Id__c: '00Q000000000001AAA' });
    // Not moved: nothing to write, however long it has been.
    expect(await positions.save(api, log, 9_000_000)).toBe(false);
    expect(upserts).toHaveLength(2);
  });

  it('keeps a position whose write failed to write it at the next interval', async () => {
    const failing = fakeApi([], true);
    const log = silentLogger();
    const positions = new ReadPositions(60_000);
    positions.sweep('Contact', NOW);
    expect(await positions.save(failing.api, log, 1_000_000)).toBe(false);
    const working = fakeApi();
    expect(await positions.save(working.api, log, 1_030_000)).toBe(false);
    expect(await positions.save(working.api, log, 1_060_000)).toBe(true);
    expect(working.upserts).toHaveLength(1);
  });
});
