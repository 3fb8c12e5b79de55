/**
 * Reliability of the real `stride run` process against the local org over HTTP (reliability.md §7):
 * SIGKILL at random points while 500 due emails are processed, then a restart; three companions at
 * once on 2,000 due emails; a graceful stop. The outbox must hold each email at most once, and every
 * action must end completed.
 */
import './jest-realm';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../local-org';
import { countBy, seedEmailScenario } from './helpers';

jest.setTimeout(150_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
// Node 22 with tsx as a loader, in one process (the tsx launcher would leave its child orphaned on SIGKILL).
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
const logs: string[] = [];

function startCompanion(org: LocalOrg, extra: string[] = []): ChildProcess {
  const child = spawn(
    NODE,
    [
      '--import',
      'tsx',
      'src/companion/cli.ts',
      'run',
      '--instance-url',
      org.instanceUrl,
      '--poll-interval-seconds',
      '1',
      '--lease-seconds',
      '3',
      '--daily-email-cap',
      '100000',
      '--log-level',
      'warn',
      ...extra
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      // Secrets through the environment, not argv (which `ps` shows to every user of the machine).
      env: {
        ...process.env,
        STRIDE_ACCESS_TOKEN: org.accessToken,
        STRIDE_LOCAL_ORG_CONTROL_TOKEN: org.controlToken
      }
    }
  );
  // Drain the log pipe (a full pipe would block the child); keep it for failure messages.
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function statuses(org: LocalOrg): Record<string, number> {
  return countBy(
    org.data.query('SELECT Status__c FROM Participant_Action__c').records as Array<Record<string, unknown>>,
    'Status__c'
  );
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await wait(25);
  }
  return check();
}

function assertEachEmailAtMostOnce(org: LocalOrg, expectedIds: string[]): void {
  const outbox = org.controls.emailOutbox();
  const perAction = countBy(outbox as unknown as Array<Record<string, unknown>>, 'relatedRecordId');
  expect(Object.values(perAction).filter((n) => n > 1)).toEqual([]);
  expect(new Set(Object.keys(perAction))).toEqual(new Set(expectedIds));
  // One Conversation per sent email (upserted by a deterministic key, so kills and retries never
  // duplicate one), each linked from its action.
  const conversations = org.data.query('SELECT Id, Participant_Action__c FROM Conversation__c')
    .records as Array<Record<string, unknown>>;
  expect(Object.values(countBy(conversations, 'Participant_Action__c')).filter((n) => n > 1)).toEqual([]);
  expect(new Set(conversations.map((c) => c.Participant_Action__c))).toEqual(new Set(expectedIds));
  expect(org.data.query('SELECT Id FROM Participant_Action__c WHERE Conversation__c = null').records).toEqual(
    []
  );
}

describe('companion processes against the local org', () => {
  let org: LocalOrg;

  beforeEach(async () => {
    // Real-time clock: leases expire as they would in production.
    org = await startLocalOrg({ clock: { start: '2026-12-01T15:00:00Z', speed: 1 } });
  });
  afterEach(async () => {
    await org.close();
  });

  it('survives SIGKILL at random points while sending 500 emails: each sent at most once, all completed, in-doubt attempts reconciled', async () => {
    const scenario = seedEmailScenario(org, { count: 500 });
    org.controls.setLatency(15);
    // Sends take a while, so kills often land between a send and the record of its outcome (in doubt).
    org.controls.addFault({
      kind: 'DELAY',
      method: 'POST',
      path: '/actions/standard/emailSimple',
      delayMs: 250
    });
    // …and so does the Conversation upsert between a send and the write of its outcome (a delay is
    // served before the org processes the request, so a kill during it leaves the send in doubt).
    org.controls.addFault({ kind: 'DELAY', method: 'PATCH', path: 'Conversation__c', delayMs: 400 });
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let killedWhileWorking = 0;
    for (let round = 0; round < 6 && org.controls.emailOutbox().length < 500; round++) {
      const child = startCompanion(org, ['--batch-size', '60']);
      const before = org.controls.emailOutbox().length;
      // Kill at a random point once it is sending (start-up time varies with the machine's load).
      await waitUntil(() => org.controls.emailOutbox().length > before, 30_000);
      await wait(Math.floor(random() * 400));
      child.kill('SIGKILL');
      await exited(child);
      if (org.controls.emailOutbox().length < 500) killedWhileWorking++;
    }
    // A last companion, left to finish (it reconciles what the killed ones left in doubt).
    const survivor = startCompanion(org, ['--batch-size', '200']);
    const openAttempts = (): number =>
      org.data.query('SELECT Id FROM Action_Attempt__c WHERE Outcome__c = null').records.length;
    const done = await waitUntil(() => statuses(org).Completed === 500 && openAttempts() === 0, 90_000);
    // Let the survivor finish starting (module loading) so it handles SIGTERM itself.
    await wait(2500);
    survivor.kill('SIGTERM');
    expect(await exited(survivor)).toEqual({ code: 0, signal: null });

    expect({ done, logs: done ? '' : logs.join('').slice(-2000) }).toEqual({ done: true, logs: '' });
    expect(statuses(org)).toEqual({ Completed: 500 });
    assertEachEmailAtMostOnce(org, scenario.emailActionIds);
    expect(killedWhileWorking).toBeGreaterThan(0);
    const attempts = org.data.query('SELECT Outcome__c, Error__c FROM Action_Attempt__c').records as Array<
      Record<string, unknown>
    >;
    // No attempt is left open; every Sent attempt is one email; kills mid-send left attempts in
    // doubt that the survivor reconciled from the EmailMessage log instead of sending again.
    expect(attempts.filter((a) => a.Outcome__c === null)).toEqual([]);
    expect(countBy(attempts, 'Outcome__c').Sent).toBe(500);
    expect(
      attempts.filter((a) => String(a.Error__c).startsWith('reconciled: email found in the log')).length
    ).toBeGreaterThan(0);
  });

  it('three companions at once on 2,000 due emails send exactly 2,000, and stop gracefully on SIGTERM', async () => {
    const scenario = seedEmailScenario(org, { count: 2000 });
    const children = [
      startCompanion(org, ['--batch-size', '400']),
      startCompanion(org, ['--batch-size', '400']),
      startCompanion(org, ['--batch-size', '400'])
    ];
    const done = await waitUntil(() => statuses(org).Completed === 2000, 90_000);
    await wait(1000);
    for (const child of children) child.kill('SIGTERM');
    const exits = await Promise.all(children.map(exited));

    expect(done).toBe(true);
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
      { code: 0, signal: null }
    ]);
    expect(org.controls.emailOutbox()).toHaveLength(2000);
    assertEachEmailAtMostOnce(org, scenario.emailActionIds);
    const attempts = org.data.query(
      "SELECT Worker__c, Outcome__c FROM Action_Attempt__c WHERE Outcome__c = 'Sent'"
    ).records as Array<Record<string, unknown>>;
    expect(attempts).toHaveLength(2000);
  });
});
