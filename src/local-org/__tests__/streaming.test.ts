/**
 * The Streaming API through jsforce's streaming client: Change Data Capture events for every write
 * path, the CDC payload, replay (-1, -2, a stored id, the retention window), session
 * authentication and outages.
 */
import net from 'node:net';
import type { Client } from 'faye';
import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/lib/api/streaming';
import type { LocalOrg } from '../index';
import { connect, raw, startTestOrg } from './helpers';

interface CdcMessage {
  schema: string;
  payload: { ChangeEventHeader: Record<string, unknown> } & Record<string, unknown>;
  event: { replayId: number };
}

let org: LocalOrg;
let conn: Connection;
const clients: Client[] = [];

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  // Let the /meta/disconnect round trips finish (faye keeps a timer per request in flight).
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterAll(() => org.close());

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Subscribes with jsforce's client and the Replay extension; resolves once subscribed. */
async function subscribe(channel: string, replayId: number, connection = conn) {
  const received: CdcMessage[] = [];
  const client = connection.streaming.createClient([new StreamingExtension.Replay(channel, replayId)]);
  clients.push(client);
  await client.subscribe(channel, (message: unknown) => received.push(message as CdcMessage));
  return { received, client };
}

const header = (message: CdcMessage) => message.payload.ChangeEventHeader;

describe('change events', () => {
  it('publishes a REST create on the object channel with the CDC header and the new values', async () => {
    const { received } = await subscribe('/data/LeadChangeEvent', -1);
    const created = await conn.sobject('Lead').create({ LastName: 'Stream', Company: 'Acme' });
    const id = (created as { id: string }).id;
    const event = await waitFor(() => received.find((m) => header(m).recordIds?.toString() === id), 'create');
    expect(header(event)).toMatchObject({
      entityName: 'Lead',
      changeType: 'CREATE',
      recordIds: [id],
      changedFields: [],
      commitUser: org.userId,
      changeOrigin: 'com/salesforce/api/rest/66.0',
      sequenceNumber: 1
    });
    expect(typeof header(event).commitTimestamp).toBe('number');
    expect(typeof header(event).transactionKey).toBe('string');
    expect(event.payload).toMatchObject({
      LastName: 'Stream',
      Company: 'Acme',
      Status: 'Open - Not Contacted'
    });
    expect(event.event.replayId).toBeGreaterThan(0);
    expect(event.schema).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('lists only the changed fields of an update through sObject Collections, and publishes deletes', async () => {
    const { received } = await subscribe('/data/LeadChangeEvent', -1);
    const id = org.data.create('Lead', { LastName: 'Upd', Company: 'Acme' });
    await conn.sobject('Lead').update([{ Id: id, Status: 'Working - Contacted', Email: null }]);
    await conn.sobject('Lead').destroy(id);
    const update = await waitFor(
      () => received.find((m) => header(m).changeType === 'UPDATE' && header(m).recordIds?.toString() === id),
      'update'
    );
    expect([...(header(update).changedFields as string[])].sort()).toEqual(['LastModifiedDate', 'Status']);
    expect(update.payload.Status).toBe('Working - Contacted');
    expect(update.payload.LastName).toBeUndefined();
    const deleted = await waitFor(
      () => received.find((m) => header(m).changeType === 'DELETE' && header(m).recordIds?.toString() === id),
      'delete'
    );
    expect(deleted.payload).toEqual({ ChangeEventHeader: header(deleted) });
  });

  it('names custom object channels without __c and carries every object on /data/ChangeEvents', async () => {
    const perObject = await subscribe('/data/Sequence__ChangeEvent', -1);
    const all = await subscribe('/data/ChangeEvents', -1);
    const response = await raw(org, 'POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Sequence__c',
          referenceId: 's',
          body: { Name: 'CDC', Target_Object__c: 'Lead' }
        },
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Lead',
          referenceId: 'l',
          body: { LastName: 'C', Company: 'X' }
        }
      ]
    });
    expect(response.status).toBe(200);
    const event = await waitFor(() => perObject.received[0], 'sequence event');
    expect(header(event)).toMatchObject({ entityName: 'Sequence__c', changeType: 'CREATE' });
    const both = await waitFor(() => (all.received.length >= 2 ? all.received : undefined), 'both events');
    expect(both.map((m) => header(m).entityName)).toEqual(['Sequence__c', 'Lead']);
    // One transaction: one key, numbered in order.
    expect(both.map((m) => header(m).sequenceNumber)).toEqual([1, 2]);
    expect(header(both[0]).transactionKey).toBe(header(both[1]).transactionKey);
  });

  it('reports the same change to several records of one transaction as one event listing their ids', async () => {
    const { received } = await subscribe('/data/LeadChangeEvent', -1);
    const ids = ['A', 'B', 'C', 'D'].map((name) => org.data.create('Lead', { LastName: name, Company: 'X' }));
    await conn.sobject('Lead').update([
      { Id: ids[0], Status: 'Working - Contacted' },
      { Id: ids[1], Status: 'Working - Contacted' },
      { Id: ids[2], Status: 'Closed - Not Converted' },
      { Id: ids[3], Status: 'Working - Contacted' }
    ]);
    await conn.sobject('Lead').destroy(ids.slice(0, 2));
    const deleted = await waitFor(
      () =>
        received.find(
          (m) => header(m).changeType === 'DELETE' && (header(m).recordIds as string[]).includes(ids[0])
        ),
      'deletes'
    );
    const updates = received.filter((m) => header(m).changeType === 'UPDATE');
    expect(updates.map((m) => [header(m).recordIds, m.payload.Status])).toEqual([
      [[ids[0], ids[1], ids[3]], 'Working - Contacted'],
      [[ids[2]], 'Closed - Not Converted']
    ]);
    expect(header(deleted).recordIds).toEqual([ids[0], ids[1]]);
    // Creates carry their own values: one event each.
    const creates = received.filter((m) => header(m).changeType === 'CREATE');
    expect(creates.map((m) => header(m).recordIds)).toEqual(ids.map((id) => [id]));
  });

  it('publishes nothing for writes a request rolled back, whole or per record', async () => {
    const { received } = await subscribe('/data/LeadChangeEvent', -1);
    await raw(org, 'POST', '/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'RolledBack', Company: 'X' },
        { attributes: { type: 'Lead' }, Company: 'missing last name' }
      ]
    });
    // allOrNone false: the failed record's savepoint rolls back, the good one commits.
    await raw(org, 'POST', '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'Kept', Company: 'X' },
        { attributes: { type: 'Lead' }, Company: 'missing last name' }
      ]
    });
    const markerId = org.data.create('Lead', { LastName: 'Marker', Company: 'X' });
    await waitFor(() => received.find((m) => header(m).recordIds?.toString() === markerId), 'marker');
    expect(received.map((m) => m.payload.LastName)).toEqual(['Kept', 'Marker']);
  });
});

describe('replay', () => {
  it('replays every retained event with -2 and the events after a stored id', async () => {
    const first = org.data.create('Campaign', { Name: 'Replay 1' });
    const second = org.data.create('Campaign', { Name: 'Replay 2' });
    const all = await subscribe('/data/CampaignChangeEvent', -2);
    const replayed = await waitFor(
      () => (all.received.some((m) => header(m).recordIds?.toString() === second) ? all.received : undefined),
      'replayed events'
    );
    const firstEvent = replayed.find((m) => header(m).recordIds?.toString() === first) as CdcMessage;
    const after = await subscribe('/data/CampaignChangeEvent', firstEvent.event.replayId);
    const resumed = await waitFor(() => after.received[0], 'resumed event');
    expect(after.received.map((m) => header(m).recordIds)).toEqual([[second]]);
    expect(resumed.event.replayId).toBeGreaterThan(firstEvent.event.replayId);
  });

  it('refuses a replay id outside the retention window with Salesforce’s message', async () => {
    const id = org.data.create('Campaign', { Name: 'Old' });
    const { received } = await subscribe('/data/CampaignChangeEvent', -2);
    const old = await waitFor(
      () => received.find((m) => header(m).recordIds?.toString() === id),
      'old event'
    );
    org.controls.clock.advance(73 * 60 * 60 * 1000);
    org.data.create('Campaign', { Name: 'New' });
    org.controls.streaming.trimEvents();
    const client = conn.streaming.createClient([
      new StreamingExtension.Replay('/data/CampaignChangeEvent', old.event.replayId - 1)
    ]);
    clients.push(client);
    const error = await client
      .subscribe('/data/CampaignChangeEvent', () => undefined)
      .then(
        () => 'subscribed',
        (e: { message: string }) => e.message
      );
    expect(error).toBe(
      `400::The replayId {${old.event.replayId - 1}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`
    );
  });
});

describe('sessions and outages', () => {
  it('survives a client that resets the connection during a WebSocket upgrade (a worker killed mid-handshake)', async () => {
    const { port } = new URL(org.instanceUrl);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'GET /cometd/66.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
        );
        // An RST instead of a FIN, as when the process on the other end is SIGKILLed.
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await raw(org, 'GET', '/services/data/v66.0/limits')).status).toBe(200);
  });

  it('denies a handshake without a valid session and tells jsforce not to retry', async () => {
    const stranger = connect(org, { accessToken: '00D000000000001!invalid' });
    const failure = new Promise<Record<string, unknown>>((resolve) => {
      const client = stranger.streaming.createClient([new StreamingExtension.AuthFailure(resolve)]);
      clients.push(client);
      void client.subscribe('/data/LeadChangeEvent', () => undefined);
    });
    expect(await failure).toMatchObject({
      channel: '/meta/handshake',
      successful: false,
      error: '403::Handshake denied',
      advice: { reconnect: 'none' },
      ext: { sfdc: { failureReason: '401::Authentication invalid' } }
    });
  });

  it('answers 503 during an outage; the client handshakes again and replays what it missed', async () => {
    const { received } = await subscribe('/data/ContactChangeEvent', -1);
    const before = org.data.create('Contact', { LastName: 'Before outage' });
    await waitFor(() => received.find((m) => header(m).recordIds?.toString() === before), 'event before');
    org.controls.streaming.setAvailable(false);
    const during = await fetch(`${org.instanceUrl}/cometd/66.0`, { method: 'POST', body: '[]' });
    expect(during.status).toBe(503);
    expect(org.controls.streaming.state()).toMatchObject({ available: false, clients: 0 });
    const missed = org.data.create('Contact', { LastName: 'During outage' });
    org.controls.streaming.setAvailable(true);
    // jsforce's client (faye) retries, handshakes again and resubscribes from the last replay id.
    await waitFor(
      () => received.find((m) => header(m).recordIds?.toString() === missed),
      'replayed event',
      15_000
    );
    expect(received.map((m) => m.payload.LastName)).toEqual(['Before outage', 'During outage']);
  }, 20_000);

  it('refuses unknown channels and paths that are not /cometd/<version>', async () => {
    const client = conn.streaming.createClient([]);
    clients.push(client);
    const error = await client
      .subscribe('/data/NoSuchChangeEvent', () => undefined)
      .then(
        () => 'subscribed',
        (e: { message: string }) => e.message
      );
    expect(error).toBe(
      '400::The channel you requested to subscribe to does not exist {/data/NoSuchChangeEvent}'
    );
    expect((await fetch(`${org.instanceUrl}/cometd/nope`)).status).toBe(404);
  });
});
