/**
 * The package's custom change event channel (`/data/Stride_Changes__chn`) through jsforce's
 * streaming client: each member's filter expression holds back the changes that cannot call for
 * work, is evaluated on the record as the transaction left it, and the fields it names are added
 * to the delivered event (auto-enrichment); replay gives the same filtered stream. Loading refuses
 * a member that names a field its object lacks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'faye';
import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/lib/api/streaming';
import { DEFAULT_OBJECTS_DIR, startLocalOrg, type LocalOrg } from '../index';
import { loadSchema } from '../schema/registry';
import { compileFilter, loadChannelMembers } from '../streaming/custom-channels';
import { connect, startTestOrg } from './helpers';

interface CdcMessage {
  payload: {
    ChangeEventHeader: {
      entityName: string;
      changeType: string;
      recordIds: string[];
      changedFields: string[];
    };
  } & Record<string, unknown>;
  event: { replayId: number };
}

const clients: Client[] = [];

async function subscribe(conn: Connection, channel: string, replayId: number) {
  const received: CdcMessage[] = [];
  const client = conn.streaming.createClient([new StreamingExtension.Replay(channel, replayId)]);
  clients.push(client);
  await client.subscribe(channel, (message: unknown) => received.push(message as CdcMessage));
  return received;
}

async function settle(received: CdcMessage[], count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // Anything the filter let through by mistake would arrive with the expected ones.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** What a received event says, in a form a test can compare whole. */
const summary = (message: CdcMessage, fields: string[] = []) => ({
  entity: message.payload.ChangeEventHeader.entityName,
  type: message.payload.ChangeEventHeader.changeType,
  ids: message.payload.ChangeEventHeader.recordIds,
  ...Object.fromEntries(fields.map((f) => [f, message.payload[f]]))
});

/** A sequence with one Call step, a Lead, and the Lead's Active participant. */
function seedParticipant(org: LocalOrg, name: string) {
  const sequence = org.data.create('Sequence__c', { Name: name, Target_Object__c: 'Lead' });
  const step = org.data.create('Sequence_Action__c', {
    Name: 'Call',
    Sequence__c: sequence,
    Step_Number__c: 1,
    Type__c: 'Call',
    Activation__c: 'Manual'
  });
  const lead = org.data.create('Lead', { LastName: name, Company: 'Acme' });
  const participant = org.data.create('Sequence_Participant__c', {
    Sequence__c: sequence,
    Lead__c: lead,
    Status__c: 'Active'
  });
  const dueAction = () =>
    org.data.create('Participant_Action__c', {
      Participant__c: participant,
      Sequence_Action__c: step,
      Status__c: 'Due'
    });
  return { sequence, step, lead, participant, dueAction };
}

describe('the Stride_Changes__chn channel', () => {
  let org: LocalOrg;
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    // Let the /meta/disconnect round trips finish before the org goes away.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await org.close();
  });

  it('delivers only the changes its members let through, with the filtered fields, live and on replay', async () => {
    org = await startTestOrg();
    const conn = connect(org);
    const received = await subscribe(conn, '/data/Stride_Changes__chn', -1);
    // Active participant and due action: nothing for a companion to do.
    const { sequence, step, lead, participant, dueAction } = seedParticipant(org, 'Filter');
    const action = dueAction();
    org.data.update('Participant_Action__c', action, { Due_At__c: '2026-12-02T15:00:00.000Z' });
    // A rep's request passes; so does a later change while the request is still set (enriched).
    org.data.update('Participant_Action__c', action, { Requested_Outcome__c: 'Complete' });
    org.data.update('Participant_Action__c', action, { Requested_Note__c: 'Left a voicemail' });
    // The companion's own writes: the request cleared, a logged email's Task, an outbound email.
    org.data.update('Participant_Action__c', action, { Requested_Outcome__c: null, Status__c: 'Completed' });
    org.data.create('Task', {
      Subject: 'Email: Hello',
      Status: 'Completed',
      TaskSubtype: 'Email',
      WhoId: lead
    });
    const call = org.data.create('Task', { Subject: 'Call Filter', Status: 'Not Started', WhoId: lead });
    org.data.update('Sequence_Participant__c', participant, { Requested_Status__c: 'Paused' });
    await settle(received, 7);

    const expected = [
      { entity: 'Sequence__c', type: 'CREATE', ids: [sequence] },
      { entity: 'Sequence_Action__c', type: 'CREATE', ids: [step] },
      { entity: 'Lead', type: 'CREATE', ids: [lead] },
      { entity: 'Participant_Action__c', type: 'UPDATE', ids: [action], Requested_Outcome__c: 'Complete' },
      { entity: 'Participant_Action__c', type: 'UPDATE', ids: [action], Requested_Outcome__c: 'Complete' },
      { entity: 'Task', type: 'CREATE', ids: [call] },
      { entity: 'Sequence_Participant__c', type: 'UPDATE', ids: [participant] }
    ];
    const fieldsOf = (m: CdcMessage) =>
      m.payload.ChangeEventHeader.entityName === 'Participant_Action__c' ? ['Requested_Outcome__c'] : [];
    expect(received.map((m) => summary(m, fieldsOf(m)))).toEqual(expected);
    // The note's event did not change the request, yet carries it: the filter's field is enriched.
    expect(received[4].payload.ChangeEventHeader.changedFields).not.toContain('Requested_Outcome__c');

    const replayed = await subscribe(conn, '/data/Stride_Changes__chn', -2);
    await settle(replayed, 7);
    expect(replayed.map((m) => summary(m, fieldsOf(m)))).toEqual(expected);
  });

  it('filters each change on the record as its whole transaction left it, not as that one write left it', async () => {
    org = await startTestOrg();
    const conn = connect(org);
    const { dueAction } = seedParticipant(org, 'Twice');
    const [first, second] = [dueAction(), dueAction()];
    const received = await subscribe(conn, '/data/Stride_Changes__chn', -1);
    const patch = (id: string, body: Record<string, unknown>, referenceId: string) => ({
      method: 'PATCH',
      url: `/services/data/v66.0/sobjects/Participant_Action__c/${id}`,
      referenceId,
      body
    });
    // One transaction each: a request set and cleared again (nothing left to do), and a note
    // written before a request (both changes call for work, as the transaction left the record).
    await conn.requestPost('/composite', {
      allOrNone: true,
      compositeRequest: [
        patch(first, { Requested_Outcome__c: 'Complete' }, 'set'),
        patch(first, { Requested_Outcome__c: null, Status__c: 'Completed' }, 'cleared')
      ]
    });
    await conn.requestPost('/composite', {
      allOrNone: true,
      compositeRequest: [
        patch(second, { Requested_Note__c: 'Voicemail' }, 'note'),
        patch(second, { Requested_Outcome__c: 'Complete' }, 'request')
      ]
    });
    await settle(received, 2);
    expect(received.map((m) => summary(m, ['Requested_Outcome__c']))).toEqual([
      { entity: 'Participant_Action__c', type: 'UPDATE', ids: [second], Requested_Outcome__c: 'Complete' },
      { entity: 'Participant_Action__c', type: 'UPDATE', ids: [second], Requested_Outcome__c: 'Complete' }
    ]);
  });

  it('serves a namespaced package as /data/stride__Stride_Changes__chn with qualified filters', async () => {
    org = await startLocalOrg({ namespace: 'stride', clock: { start: '2026-12-01T15:00:00Z', speed: 0 } });
    const conn = connect(org);
    const received = await subscribe(conn, '/data/stride__Stride_Changes__chn', -1);
    const sequence = org.data.create('stride__Sequence__c', {
      Name: 'Namespaced',
      stride__Target_Object__c: 'Lead'
    });
    const lead = org.data.create('Lead', { LastName: 'Spaced', Company: 'Acme' });
    const participant = org.data.create('stride__Sequence_Participant__c', {
      stride__Sequence__c: sequence,
      stride__Lead__c: lead,
      stride__Status__c: 'Queued'
    });
    org.data.update('stride__Sequence_Participant__c', participant, { stride__Status__c: 'Active' });
    await settle(received, 3);
    expect(received.map((m) => summary(m, ['stride__Status__c']))).toEqual([
      { entity: 'stride__Sequence__c', type: 'CREATE', ids: [sequence], stride__Status__c: undefined },
      { entity: 'Lead', type: 'CREATE', ids: [lead], stride__Status__c: undefined },
      {
        entity: 'stride__Sequence_Participant__c',
        type: 'CREATE',
        ids: [participant],
        stride__Status__c: 'Queued'
      }
    ]);
  });

  it('refuses a member whose filter names a field its object does not have, naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-'));
    fs.mkdirSync(path.join(dir, 'platformEventChannels'));
    fs.mkdirSync(path.join(dir, 'platformEventChannelMembers'));
    fs.writeFileSync(
      path.join(dir, 'platformEventChannels', 'Stride_Changes__chn.platformEventChannel-meta.xml'),
      '<PlatformEventChannel><channelType>data</channelType><label>x</label></PlatformEventChannel>'
    );
    const member = path.join(dir, 'platformEventChannelMembers', 'Bad.platformEventChannelMember-meta.xml');
    fs.writeFileSync(
      member,
      '<PlatformEventChannelMember><eventChannel>Stride_Changes__chn</eventChannel><filterExpression>Nope__c = true</filterExpression><selectedEntity>TaskChangeEvent</selectedEntity></PlatformEventChannelMember>'
    );
    const schema = loadSchema({ objectsDir: DEFAULT_OBJECTS_DIR });
    expect(() => loadChannelMembers(dir, schema)).toThrow(
      `${member}: the filter names Nope__c, which Task does not have`
    );
  });
});

describe('filter expressions', () => {
  const schema = loadSchema({ objectsDir: DEFAULT_OBJECTS_DIR });
  const lead = schema.find('Lead')!;
  // Rows as the store keeps them: checkboxes 0/1, date/times as ISO text.
  const row = {
    Company: 'Acme Widgets',
    Status: 'Working - Contacted',
    NumberOfEmployees: 250,
    HasOptedOutOfEmail: 1,
    Industry: null,
    CreatedDate: '2026-12-01T15:00:00.000Z'
  };
  const cases: Array<[string, boolean]> = [
    ["Company = 'acme widgets'", true],
    ["Company LIKE 'Acme%'", true],
    ["Company LIKE 'Widg_ts'", false],
    ["Status IN ('Open - Not Contacted', 'Working - Contacted')", true],
    ["Status NOT IN ('Working - Contacted')", false],
    ['NumberOfEmployees > 200 AND NumberOfEmployees <= 250', true],
    ['NumberOfEmployees < 250', false],
    ['HasOptedOutOfEmail = true', true],
    ['Industry = null', true],
    ['Industry != null OR (HasOptedOutOfEmail = false)', false],
    ['NOT (Industry = null)', false],
    ['CreatedDate >= 2026-12-01T14:00:00Z', true],
    ['CreatedDate > 2026-12-01T15:00:00Z', false]
  ];
  it.each(cases)('%s → %s', (filter, expected) => {
    expect(compileFilter(filter, lead, 'test').test(row)).toBe(expected);
  });
});
