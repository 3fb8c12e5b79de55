/**
 * Reliability scenarios (issue: exactly once under real failures). Each starts its own local org
 * (real HTTP server, real-time clock), seeds it, runs real `stride run` processes against it, and
 * returns figures plus the end-of-run check. Sizes are parameters: the Jest suite runs them small,
 * `npm run soak` at full size.
 */
import { Connection } from 'jsforce';
import { SalesforceApi } from '../../src/companion/api';
import { silentLogger } from '../../src/companion/logger';
import { NameMapper } from '../../src/companion/names';
import { collectStatus, formatStatus } from '../../src/companion/status';
import { startLocalOrg, type LocalOrg } from '../../src/local-org';
import { seedEmailScenario } from '../../src/companion/__tests__/helpers';
import {
  checkRun,
  completedCount,
  count,
  openAttempts,
  seeded,
  wait,
  waitUntil,
  Worker,
  type RunCheck
} from './harness';

const START = '2026-12-01T15:00:00Z';

async function withOrg<T>(
  fn: (org: LocalOrg) => Promise<T>,
  options: { dailyEmailLimit?: number } = {}
): Promise<T> {
  const org = await startLocalOrg({
    clock: { start: START, speed: 1 },
    dailyEmailLimit: options.dailyEmailLimit ?? 10_000_000
  });
  try {
    return await fn(org);
  } finally {
    await org.close();
  }
}

async function stopAll(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.kill('SIGTERM')));
}

function lastLogs(workers: Worker[]): string {
  return workers
    .flatMap((w) => w.log)
    .join('')
    .slice(-3000);
}

export interface ThroughputReport {
  emails: number;
  workers: number;
  seconds: number;
  /** From the first email sent to the last completion (process start-up left out). */
  sendingSeconds: number;
  check: RunCheck;
  exits: Array<{ code: number | null; signal: NodeJS.Signals | null }>;
  logs: string;
  /** API calls the org counted while sending (every worker). */
  apiCalls: number;
  /** CPU seconds of this process (the local org serves every worker from it) while sending. */
  orgCpuSeconds: number;
  /** CPU seconds of all workers together while sending (null where /proc is not available). */
  workersCpuSeconds: number | null;
}

/** `workers` processes on `emails` due emails, nobody killed; seconds from the first worker's start to the last completion. */
export async function throughput(options: {
  emails: number;
  workers: number;
  batchSize: number;
  timeoutMs: number;
  latencyMs?: number;
  /**
   * The emails fall due this long after the workers start, so that every worker is up and idle when
   * the work arrives and they all start on it together, as long-running workers do (default 0: due
   * at once, and the first worker up starts alone).
   */
  dueAfterMs?: number;
}): Promise<ThroughputReport> {
  return withOrg(async (org) => {
    const dueAt = new Date(org.controls.clock.nowMs() + (options.dueAfterMs ?? 0));
    const scenario = seedEmailScenario(org, { count: options.emails, dueAt });
    org.controls.setLatency(options.latencyMs ?? 0);
    org.controls.resetApiUsage();
    const step = scenario.emailActionId;
    const started = Date.now();
    // Nothing writes to the org behind the workers' backs once they run, so the safety net keeps its
    // default: a probe every second would find the other workers' writes before their change events
    // arrive and run every stage those objects feed (a cost one worker alone never pays).
    const workers = Array.from(
      { length: options.workers },
      () => new Worker(org, { batchSize: options.batchSize, extra: ['--safety-net-seconds', '300'] })
    );
    // Workers that cannot start (a stale build, a bad option) exit at once: say why, not wait it out.
    const working = (check: () => boolean) => () => {
      if (workers.every((worker) => worker.closed))
        throw new Error(`every worker exited before the emails were sent:\n${lastLogs(workers)}`);
      return check();
    };
    await waitUntil(
      working(() => org.controls.emailOutbox().length > 0),
      options.timeoutMs,
      20
    );
    const firstSend = Date.now();
    // CPU and calls while sending (process start-up left out, as in sendingSeconds).
    const cpuAtFirstSend = process.cpuUsage();
    const workerCpuAtFirstSend = workers.map((w) => w.cpuSeconds());
    const callsAtFirstSend = org.controls.apiUsage().used;
    await waitUntil(
      working(() => completedCount(org, step) === options.emails),
      options.timeoutMs,
      100
    );
    const seconds = (Date.now() - started) / 1000;
    const sendingSeconds = (Date.now() - firstSend) / 1000;
    const cpu = process.cpuUsage(cpuAtFirstSend);
    const workerCpu = workers.map((w, i) => {
      const now = w.cpuSeconds();
      const before = workerCpuAtFirstSend[i];
      return now === null || before === null ? null : now - before;
    });
    const apiCalls = org.controls.apiUsage().used - callsAtFirstSend;
    // Let the last pass finish writing before the graceful stop.
    await wait(500);
    const exits = await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    return {
      apiCalls,
      orgCpuSeconds: (cpu.user + cpu.system) / 1e6,
      workersCpuSeconds: workerCpu.every((c) => c !== null)
        ? workerCpu.reduce((sum: number, c) => sum + (c ?? 0), 0)
        : null,
      emails: options.emails,
      workers: options.workers,
      seconds,
      sendingSeconds,
      check: checkRun(org, scenario.emailActionIds),
      exits,
      logs: lastLogs(workers)
    };
  });
}

export interface KillStormReport {
  seconds: number;
  /** From the first email sent to the last completion (process start-up left out). */
  sendingSeconds: number;
  kills: number;
  check: RunCheck;
  logs: string;
}

/**
 * `workers` processes on `emails` due emails while a random worker is SIGKILLed every 2–4 s and
 * replaced at once; then the survivors finish.
 */
export async function killStorm(options: {
  emails: number;
  workers: number;
  batchSize: number;
  minKillMs: number;
  maxKillMs: number;
  /** The first kill, this long after the first email went out (default: minKillMs). */
  firstKillMs?: number;
  seed: number;
  timeoutMs: number;
}): Promise<KillStormReport> {
  return withOrg(async (org) => {
    const scenario = seedEmailScenario(org, { count: options.emails });
    const step = scenario.emailActionId;
    const random = seeded(options.seed);
    const started = Date.now();
    const workers = Array.from(
      { length: options.workers },
      () => new Worker(org, { batchSize: options.batchSize })
    );
    const all = [...workers];
    let kills = 0;
    let firstSend = 0;
    const sending = waitUntil(() => org.controls.emailOutbox().length > 0, options.timeoutMs, 20).then(
      () => (firstSend = Date.now())
    );
    const done = (): boolean => completedCount(org, step) === options.emails;
    // The storm starts with the sending (process start-up is not the work), so a run that sends
    // fast still loses a worker mid-send.
    await sending;
    let pause = options.firstKillMs ?? options.minKillMs;
    while (!done() && Date.now() - started < options.timeoutMs) {
      if (await waitUntil(done, pause, 100)) break;
      const victim = Math.floor(random() * workers.length);
      await workers[victim].kill('SIGKILL');
      kills++;
      workers[victim] = new Worker(org, { batchSize: options.batchSize });
      all.push(workers[victim]);
      pause = options.minKillMs + random() * (options.maxKillMs - options.minKillMs);
    }
    await waitUntil(() => done() && openAttempts(org) === 0, options.timeoutMs - (Date.now() - started), 100);
    const seconds = (Date.now() - started) / 1000;
    const sendingSeconds = (Date.now() - firstSend) / 1000;
    await wait(500);
    await stopAll(workers);
    return {
      seconds,
      sendingSeconds,
      kills,
      check: checkRun(org, scenario.emailActionIds),
      logs: lastLogs(all)
    };
  });
}

export interface CheckedReport {
  seconds: number;
  check: RunCheck;
  logs: string;
}

/** Every `emailSimple` call takes `delayMs` (a provider slower than the lease). */
function slowEmailSends(org: LocalOrg, delayMs: number): void {
  org.controls.addFault({ kind: 'DELAY', method: 'POST', path: '/actions/standard/emailSimple', delayMs });
}

/**
 * Sends slower than the lease: every `emailSimple` call takes `sendDelayMs` (> the lease), two
 * workers compete. Without renewal the other worker would reconcile mid-send and send again.
 */
export async function slowProvider(options: {
  emails: number;
  batchSize: number;
  leaseSeconds: number;
  sendDelayMs: number;
  timeoutMs: number;
}): Promise<CheckedReport> {
  return withOrg(async (org) => {
    const scenario = seedEmailScenario(org, { count: options.emails });
    slowEmailSends(org, options.sendDelayMs);
    const step = scenario.emailActionId;
    const started = Date.now();
    const workers = [0, 1].map(
      () => new Worker(org, { batchSize: options.batchSize, leaseSeconds: options.leaseSeconds })
    );
    await waitUntil(() => completedCount(org, step) === options.emails, options.timeoutMs, 100);
    const seconds = (Date.now() - started) / 1000;
    await wait(500);
    await stopAll(workers);
    return { seconds, check: checkRun(org, scenario.emailActionIds), logs: lastLogs(workers) };
  });
}

/**
 * The org clock jumps while emails are in flight: +3 days during the first sends, then −1 hour
 * during later ones with the sending worker SIGKILLed and replaced.
 */
export async function clockJumps(options: {
  emails: number;
  batchSize: number;
  sendDelayMs: number;
  timeoutMs: number;
}): Promise<CheckedReport & { jumps: string[] }> {
  return withOrg(async (org) => {
    const scenario = seedEmailScenario(org, { count: options.emails });
    slowEmailSends(org, options.sendDelayMs);
    const step = scenario.emailActionId;
    const started = Date.now();
    const jumps: string[] = [];
    const workers = [
      new Worker(org, { batchSize: options.batchSize }),
      new Worker(org, { batchSize: options.batchSize })
    ];
    const all = [...workers];
    const inFlight = (): boolean => openAttempts(org) > 0;
    // +3 days while the first claims are being sent.
    await waitUntil(inFlight, options.timeoutMs, 20);
    org.controls.clock.advance(3 * 86_400_000);
    jumps.push(`+3 days at ${org.controls.clock.now().toISOString()}`);
    // −1 hour while a later batch is in flight, and the first worker dies mid-send.
    await waitUntil(() => completedCount(org, step) > 0 && inFlight(), options.timeoutMs, 20);
    org.controls.clock.set(new Date(org.controls.clock.now().getTime() - 3_600_000));
    jumps.push(`-1 hour at ${org.controls.clock.now().toISOString()}`);
    await workers[0].kill('SIGKILL');
    workers[0] = new Worker(org, { batchSize: options.batchSize });
    all.push(workers[0]);
    await waitUntil(
      () => completedCount(org, step) === options.emails && !inFlight(),
      options.timeoutMs - (Date.now() - started),
      100
    );
    const seconds = (Date.now() - started) / 1000;
    await wait(500);
    await stopAll(workers);
    return { seconds, jumps, check: checkRun(org, scenario.emailActionIds), logs: lastLogs(all) };
  });
}

/** A sequence with an automatic email as step 1 and `count` enrolled leads, queued or waiting on criteria. */
function seedSequence(
  org: LocalOrg,
  options: {
    name: string;
    count: number;
    state: 'Queued' | 'Waiting_Criteria';
    timeZone?: string;
    slowDripPerDay?: number;
    criteria?: string;
  }
): { sequenceId: string; stepId: string; participantIds: string[]; actionIds: string[] } {
  const now = org.controls.clock.now().toISOString();
  const sequenceId = org.data.create('Sequence__c', {
    Name: options.name,
    Target_Object__c: 'Lead',
    Active__c: true,
    Time_Zone__c: options.timeZone ?? null,
    Slow_Drip_Per_Day__c: options.slowDripPerDay ?? null
  });
  const stepId = org.data.create('Sequence_Action__c', {
    Name: `${options.name} email`,
    Sequence__c: sequenceId,
    Step_Number__c: 1,
    Type__c: 'Email',
    Activation__c: 'Automatic',
    Delay_Amount__c: 0,
    Delay_Unit__c: 'Minutes',
    Timing__c: 'Immediate (Any Day)',
    Subject__c: 'Hello {!Recipient.FirstName}',
    Body__c: '<p>Hi {!Recipient.FirstName}</p>',
    Criteria__c: options.criteria ?? null,
    Criteria_Behavior__c: options.criteria ? 'Wait' : null
  });
  const participantIds: string[] = [];
  const actionIds: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const leadId = org.data.create('Lead', {
      FirstName: `${options.name}${i}`,
      LastName: 'Backlog',
      Company: 'Backlog Inc',
      Email: `${options.name.toLowerCase()}${i}@example.com`,
      Status: 'Open - Not Contacted'
    });
    const waiting = options.state === 'Waiting_Criteria';
    const participantId = org.data.create('Sequence_Participant__c', {
      Sequence__c: sequenceId,
      Lead__c: leadId,
      Person_Key__c: leadId,
      Status__c: waiting ? 'Active' : 'Queued',
      Enrolled_At__c: now,
      Admitted_At__c: waiting ? now : null,
      Current_Step__c: 1
    });
    actionIds.push(
      org.data.create('Participant_Action__c', {
        Participant__c: participantId,
        Sequence_Action__c: stepId,
        Step_Number__c: 1,
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Status__c: waiting ? 'Waiting_Criteria' : 'Upcoming',
        Due_At__c: waiting ? now : null,
        Attempts__c: 0
      })
    );
    participantIds.push(participantId);
  }
  return { sequenceId, stepId, participantIds, actionIds };
}

export interface BacklogReport {
  /** Seconds until every email of the healthy sequence was sent. */
  healthySeconds: number;
  healthy: RunCheck;
  brokenSequenceError: string | null;
  brokenStillQueued: number;
  dripAdmitted: number;
  waiting: number;
  logs: string;
}

/**
 * One misconfigured sequence (time zone `Not/AZone` with slow drip), one with `backlog` people held
 * by slow drip, one with `backlog` actions waiting on criteria that never hold — and a healthy one
 * whose `healthy` people must all be admitted and emailed on time.
 */
export async function brokenSequenceAndBacklog(options: {
  backlog: number;
  healthy: number;
  batchSize: number;
  timeoutMs: number;
}): Promise<BacklogReport> {
  return withOrg(async (org) => {
    const broken = seedSequence(org, {
      name: 'Broken',
      count: 50,
      state: 'Queued',
      timeZone: 'Not/AZone',
      slowDripPerDay: 10
    });
    seedSequence(org, {
      name: 'Drip',
      count: options.backlog,
      state: 'Queued',
      timeZone: 'America/New_York',
      slowDripPerDay: 5
    });
    seedSequence(org, {
      name: 'Waiting',
      count: options.backlog,
      state: 'Waiting_Criteria',
      criteria: JSON.stringify({
        logic: 'AND',
        conditions: [{ field: 'Company', operator: 'equals', value: 'Never Inc' }]
      })
    });
    const healthy = seedSequence(org, { name: 'Healthy', count: options.healthy, state: 'Queued' });
    const step = healthy.stepId;
    const started = Date.now();
    const workers = [new Worker(org, { batchSize: options.batchSize })];
    await waitUntil(() => completedCount(org, step) === options.healthy, options.timeoutMs, 100);
    const healthySeconds = (Date.now() - started) / 1000;
    await wait(500);
    await stopAll(workers);
    const rows = (soql: string): Array<Record<string, unknown>> =>
      org.data.query(soql).records as Array<Record<string, unknown>>;
    return {
      healthySeconds,
      healthy: checkRun(org, healthy.actionIds),
      brokenSequenceError:
        (rows(`SELECT Last_Error__c FROM Sequence__c WHERE Id = '${broken.sequenceId}'`)[0]?.Last_Error__c as
          string | null) ?? null,
      brokenStillQueued: count(
        org,
        `SELECT COUNT() FROM Sequence_Participant__c WHERE Sequence__c = '${broken.sequenceId}' AND Status__c = 'Queued'`
      ),
      dripAdmitted: count(
        org,
        "SELECT COUNT() FROM Sequence_Participant__c WHERE Sequence__r.Name = 'Drip' AND Status__c != 'Queued'"
      ),
      waiting: count(org, "SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Waiting_Criteria'"),
      logs: lastLogs(workers)
    };
  });
}

export interface RequestsReport {
  requests: number;
  perSecond: number;
  /** Participants whose status is not the last thing their rep asked for. */
  lost: number;
  pending: number;
  logs: string;
}

/**
 * Reps pause and resume `participants` people at `perSecond` requests a second for `seconds`
 * while a worker applies them; afterwards every participant must be in the state its last
 * request asked for, and no request may be left pending.
 */
export async function repRequests(options: {
  participants: number;
  perSecond: number;
  seconds: number;
  timeoutMs: number;
}): Promise<RequestsReport> {
  return withOrg(async (org) => {
    const scenario = seedEmailScenario(org, { count: options.participants });
    // Their email is weeks away: only the requests move them.
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, {
        Status__c: 'Upcoming',
        Due_At__c: '2027-01-01T15:00:00Z'
      });
    const worker = new Worker(org, { batchSize: 200 });
    // Let the worker start and run its first passes (nothing to do yet).
    await wait(4000);
    const random = seeded(7);
    const last = new Map<string, 'Paused' | 'Active'>();
    const total = options.perSecond * options.seconds;
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const id = scenario.participantIds[Math.floor(random() * scenario.participantIds.length)];
      const request = random() < 0.5 ? 'Paused' : 'Active';
      org.data.update('Sequence_Participant__c', id, { Requested_Status__c: request });
      last.set(id, request);
      const due = started + ((i + 1) * 1000) / options.perSecond;
      if (due > Date.now()) await wait(due - Date.now());
    }
    const pendingNow = (): number =>
      count(org, 'SELECT COUNT() FROM Sequence_Participant__c WHERE Requested_Status__c != null');
    await waitUntil(() => pendingNow() === 0, options.timeoutMs, 100);
    const status = new Map(
      (
        org.data.query('SELECT Id, Status__c FROM Sequence_Participant__c').records as Array<{
          Id: string;
          Status__c: string;
        }>
      ).map((r) => [r.Id, r.Status__c])
    );
    let lost = 0;
    for (const [id, request] of last) if (status.get(id) !== request) lost++;
    await worker.kill('SIGTERM');
    return {
      requests: total,
      perSecond: options.perSecond,
      lost,
      pending: pendingNow(),
      logs: lastLogs([worker])
    };
  });
}

export interface EmailLimitReport {
  /** Emails sent on each org day. */
  sentPerDay: number[];
  /** Deferred (Due, DAILY_LIMIT) after the first day. */
  deferredAfterFirstDay: number;
  statusLine: string;
  check: RunCheck;
  logs: string;
}

/**
 * The org's daily single-email limit is `limit`; `emails` are due. What exceeds the limit waits
 * for the reset (midnight GMT) — counted and shown by `stride status` — and goes out then; none fails.
 */
export async function dailyEmailLimit(options: {
  emails: number;
  limit: number;
  timeoutMs: number;
}): Promise<EmailLimitReport> {
  return withOrg(
    async (org) => {
      const scenario = seedEmailScenario(org, { count: options.emails });
      const step = scenario.emailActionId;
      const worker = new Worker(org, { batchSize: 200 });
      const sentPerDay: number[] = [];
      const deferred = (): number =>
        count(
          org,
          "SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Due' AND Reason__c = 'DAILY_LIMIT'"
        );
      let deferredAfterFirstDay = 0;
      let statusLine = '';
      const started = Date.now();
      while (completedCount(org, step) < options.emails && Date.now() - started < options.timeoutMs) {
        const before = org.controls.emailOutbox().length;
        const target = Math.min(options.emails, before + options.limit);
        await waitUntil(
          () => org.controls.emailOutbox().length >= target && deferred() === options.emails - target,
          options.timeoutMs - (Date.now() - started),
          100
        );
        sentPerDay.push(org.controls.emailOutbox().length - before);
        if (sentPerDay.length === 1) {
          deferredAfterFirstDay = deferred();
          statusLine = await statusText(org);
        }
        if (target === options.emails) break;
        // The next day (just after midnight GMT): the allowance resets.
        const now = org.controls.clock.now();
        org.controls.clock.set(
          new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 0, 30))
        );
      }
      await waitUntil(() => completedCount(org, step) === options.emails, 10_000, 100);
      await worker.kill('SIGTERM');
      return {
        sentPerDay,
        deferredAfterFirstDay,
        statusLine,
        check: checkRun(org, scenario.emailActionIds),
        logs: lastLogs([worker])
      };
    },
    { dailyEmailLimit: options.limit }
  );
}

async function statusText(org: LocalOrg): Promise<string> {
  const api = new SalesforceApi(
    new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '66.0' }),
    new NameMapper(''),
    silentLogger(),
    { version: '66.0' }
  );
  return formatStatus(await collectStatus(api, org.controls.clock.now()));
}

export interface WriteBoundaryReport {
  /** Write requests a clean run makes (lease renewals aside): each is a boundary to die at. */
  boundaries: number[];
  /** Per boundary: the end-of-run check after the crashed worker was replaced. */
  checks: Array<{ boundary: number; died: boolean; check: RunCheck }>;
  logs: string;
}

/**
 * A worker dies (SIGKILL of itself, `STRIDE_FAILPOINT_WRITE=n`) right before its n-th write
 * request — claims, sends, Conversation upserts, outcome writes — and a fresh worker takes over:
 * every email exactly once, nothing stuck, for every boundary in `boundaries`.
 */
export async function writeBoundaryKills(options: {
  emails: number;
  batchSize: number;
  boundaries: number[];
  timeoutMs: number;
}): Promise<WriteBoundaryReport> {
  const checks: WriteBoundaryReport['checks'] = [];
  const logs: string[] = [];
  for (const boundary of options.boundaries) {
    await withOrg(async (org) => {
      const scenario = seedEmailScenario(org, { count: options.emails, withFollowUp: true });
      const step = scenario.emailActionId;
      const doomed = new Worker(org, {
        batchSize: options.batchSize,
        env: { STRIDE_FAILPOINT_WRITE: String(boundary) }
      });
      const exit = await Promise.race([doomed.exited(), wait(options.timeoutMs).then(() => null)]);
      const died = exit?.signal === 'SIGKILL';
      if (!died) await doomed.kill('SIGKILL');
      const survivor = new Worker(org, { batchSize: options.batchSize });
      await waitUntil(
        () => completedCount(org, step) === options.emails && openAttempts(org) === 0,
        options.timeoutMs,
        100
      );
      await wait(300);
      await survivor.kill('SIGTERM');
      checks.push({ boundary, died, check: checkRun(org, scenario.emailActionIds) });
      logs.push(lastLogs([doomed, survivor]));
    });
  }
  return { boundaries: options.boundaries, checks, logs: logs.join('').slice(-3000) };
}
