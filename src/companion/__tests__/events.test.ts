/**
 * Events instead of polling: a change event runs the stage it calls for; when the event stream
 * drops the companion polls, and after the reconnect it replays from the last processed replay id
 * without missing anything (also across a restart); an event for a record the companion cannot
 * read is skipped with a log line. An idle probe is one API call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Client } from 'faye';
import pino from 'pino';
import type { LocalOrg } from '../../local-org';
import type { Companion } from '../companion';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

let org: LocalOrg;
let stateDir: string;
const running: Companion[] = [];

beforeEach(async () => {
  // A moving clock: the probe's change windows need time to pass.
  org = await startTestOrg({ clock: { start: '2026-12-01T15:00:00Z', speed: 1 } });
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-events-'));
});

afterEach(async () => {
  for (const companion of running.splice(0)) await companion.stop();
  await org.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function waitFor<T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function logLines(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    }
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

/** A scenario whose step 1 is manual (worked by reps): nothing to do until a rep asks for something. */
function manualScenario(count: number) {
  const scenario = seedEmailScenario(org, { count, withFollowUp: true });
  for (const id of scenario.emailActionIds)
    org.data.update('Participant_Action__c', id, { Activation__c: 'Manual' });
  return scenario;
}

const statusOf = (id: string): string =>
  (
    org.data.query(`SELECT Status__c FROM Participant_Action__c WHERE Id = '${id}'`).records[0] as {
      Status__c: string;
    }
  ).Status__c;

const passes = async (companion: Companion, kind: string): Promise<number> => {
  const text = await companion.metrics.text();
  return Number(
    new RegExp(`stride_passes_total\\{kind="${kind}",result="ok"\\} (\\d+)`).exec(text)?.[1] ?? 0
  );
};

/**
 * Starts a companion with change events on. Unless told otherwise it neither polls nor runs its
 * safety net for ten minutes: after its first full pass and probe, only events (or a reconnect) make it act.
 */
function startCompanion(options: Parameters<typeof companionFor>[1] = {}): Companion {
  const companion = companionFor(org, {
    stateDir,
    events: true,
    ...options,
    settings: {
      pollIntervalMs: 600_000,
      safetyNetIntervalMs: 600_000,
      fullPassIntervalMs: 3_600_000,
      ...options.settings
    }
  });
  running.push(companion);
  void companion.start();
  return companion;
}

it('runs the stage an event calls for within 2 s, with no polling in between', async () => {
  const scenario = manualScenario(2);
  const companion = startCompanion();
  await waitFor(() => companion.eventStreamState === 'up', 'the event stream');
  await waitFor(async () => (await passes(companion, 'probe')) >= 1, 'the first probe');
  const probesBefore = await passes(companion, 'probe');

  const written = Date.now();
  org.data.update('Participant_Action__c', scenario.emailActionIds[0], {
    Requested_Outcome__c: 'Complete',
    Requested_At__c: '2026-12-01T15:00:00Z'
  });
  await waitFor(() => statusOf(scenario.emailActionIds[0]) === 'Completed', 'the request applied', 2000);
  expect(Date.now() - written).toBeLessThan(2000);
  expect(statusOf(scenario.emailActionIds[1])).toBe('Due');
  await waitFor(async () => (await passes(companion, 'events')) === 1, 'the event pass to finish');
  expect(await passes(companion, 'probe')).toBe(probesBefore);
});

it('polls while the stream is down, then reconnects and replays from the last replay id without missing anything', async () => {
  const scenario = manualScenario(4);
  const [a, b, c, d] = scenario.emailActionIds;
  const companion = startCompanion({ settings: { pollIntervalMs: 200 } });
  await waitFor(() => companion.eventStreamState === 'up', 'the event stream');
  org.data.update('Participant_Action__c', a, { Requested_Outcome__c: 'Skip' });
  await waitFor(() => statusOf(a) === 'Skipped', 'a request applied through its event');

  org.controls.streaming.setAvailable(false);
  await waitFor(() => companion.eventStreamState === 'down', 'the stream to drop');
  org.data.update('Participant_Action__c', b, { Requested_Outcome__c: 'Skip' });
  // Applied by polling (the probe's change check) while the stream is down.
  await waitFor(() => statusOf(b) === 'Skipped', 'the request applied by polling', 5000);
  expect(companion.eventStreamState).toBe('down');
  org.data.update('Participant_Action__c', c, { Requested_Outcome__c: 'Skip' });
  org.controls.streaming.setAvailable(true);
  await waitFor(() => companion.eventStreamState === 'up', 'the reconnect', 15_000);
  await waitFor(() => statusOf(c) === 'Skipped', 'the last request of the outage', 5000);
  // The outage's events (b's, c's: written while no client was connected) reach the companion only
  // by replay from the last id it received before the outage.
  const handled = async () =>
    Number(
      /stride_change_events_total\{object="Participant_Action__c",handled="yes"\} (\d+)/.exec(
        await companion.metrics.text()
      )?.[1] ?? 0
    );
  await waitFor(async () => (await handled()) >= 2, 'the replayed events', 15_000);

  const channel = '/data/Stride_Changes__chn';
  await companion.stop();
  const stateFile = path.join(stateDir, fs.readdirSync(stateDir)[0]);
  const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { replay: Record<string, number> };
  expect(saved.replay[channel]).toBeGreaterThan(0);

  // A restart resumes from the stored id: the change made while it was stopped arrives as an event.
  org.data.update('Participant_Action__c', d, { Requested_Outcome__c: 'Skip' });
  const restarted = startCompanion();
  await waitFor(() => statusOf(d) === 'Skipped', 'the change made while stopped');
  await waitFor(async () => {
    const metrics = await restarted.metrics.text();
    return /stride_change_events_total\{object="Participant_Action__c",handled="yes"\} [1-9]/.test(metrics);
  }, 'the replayed event');
}, 40_000);

it('on a reconnect with no replay id to resume from, checks for the changes of the outage at once', async () => {
  const scenario = manualScenario(1);
  const [a] = scenario.emailActionIds;
  // No polling for ten minutes: what the outage wrote can only be found by the reconnect's check.
  const companion = startCompanion();
  await waitFor(() => companion.eventStreamState === 'up', 'the event stream');
  // The probe that follows the first full pass: the next one is ten minutes away.
  await waitFor(async () => (await passes(companion, 'probe')) === 1, 'the first probe');

  // No event has arrived yet, so the channel resumes from -1 (new events only) after the outage.
  org.controls.streaming.setAvailable(false);
  await waitFor(() => companion.eventStreamState === 'down', 'the stream to drop');
  org.data.update('Participant_Action__c', a, { Requested_Outcome__c: 'Skip' });
  org.controls.streaming.setAvailable(true);
  await waitFor(() => companion.eventStreamState === 'up', 'the reconnect', 15_000);
  const reconnected = Date.now();
  await waitFor(() => statusOf(a) === 'Skipped', 'the request written during the outage', 5000);
  expect(Date.now() - reconnected).toBeLessThan(2000);
}, 30_000);

it('skips an event for a record it cannot read, with a log line', async () => {
  const scenario = manualScenario(1);
  const pushes: Array<(message: unknown) => void> = [];
  const fakeClient = {
    on: () => undefined,
    disconnect: () => undefined,
    subscribe: (channel: string, callback: (message: unknown) => void) => {
      if (channel === '/data/Stride_Changes__chn') pushes.push(callback);
      return Promise.resolve();
    }
  } as unknown as Client;
  const { log, lines } = logLines();
  const companion = startCompanion({ log, streamClient: () => fakeClient });
  await waitFor(() => pushes.length === 1 && companion.eventStreamState === 'up', 'the subscription');
  // The record is deleted before the companion reads it (or was never shared with its user).
  const gone = scenario.emailActionIds[0];
  org.data.delete('Participant_Action__c', gone);
  pushes[0]({
    event: { replayId: 7 },
    payload: {
      ChangeEventHeader: {
        entityName: 'Participant_Action__c',
        changeType: 'UPDATE',
        recordIds: [gone],
        changedFields: ['Requested_Outcome__c'],
        commitTimestamp: Date.now(),
        commitUser: org.userId
      },
      Requested_Outcome__c: 'Complete'
    }
  });
  const skipped = await waitFor(
    () => lines.find((l) => String(l.msg).startsWith('change event skipped')),
    'the skip log line'
  );
  expect(skipped).toMatchObject({
    object: 'Participant_Action__c',
    id: gone,
    msg: `change event skipped: Participant_Action__c ${gone} cannot be read by the integration user (deleted since, or not shared with it)`
  });
  expect(await passes(companion, 'events')).toBe(0);
});
