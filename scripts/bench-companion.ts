/**
 * npm run bench:companion — the companion's API economy and reaction time, measured in one run on
 * the local org with 50 ms added latency per API call:
 *
 * - idle: API calls of an idle probe and of an idle full pass, and the calls per day they add up to
 *   at the default settings (change events up: a probe every safety-net interval; polling only: a
 *   probe every poll interval; a full pass every full-pass interval);
 * - busy: N due automatic emails end to end from a cold start (claim, send via emailSimple, upsert
 *   the Conversation, record the outcome, complete the action, date the next step), API calls per
 *   1,000 actions and actions per second, against a straightforward per-record implementation;
 * - reaction: from a rep's request record (Requested_Outcome__c = Complete) being written to the
 *   companion having applied it, p50 and p95, with change events and with polling only;
 * - workers: real `stride run` processes, one and then three, on the same emails, which fall due
 *   10 s after the workers start (so every worker is up and idle when the work arrives, as
 *   long-running workers are); emails per second from the first send to the last completion;
 * - automatic enrollment: N new Leads that meet an automatic sequence's entry criteria, written
 *   while a companion runs with change events; time until all are enrolled (a Queued participant
 *   each) and admitted, and the API calls used.
 *
 * Options: --actions N (default 2000), --baseline-actions N (default 60), --latency-ms N (default
 * 50), --samples N (reaction samples per mode, default 30), --worker-emails N (default 3000),
 * --leads N (automatic enrollment, default 10000), --only idle,busy,workers,reaction,enrollment
 * (some sections; default all).
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../src/local-org';
import { Companion } from '../src/companion/companion';
import { DEFAULT_SETTINGS } from '../src/companion/config';
import { silentLogger } from '../src/companion/logger';
import { localOrgAdapters } from '../src/demo/local-org-adapters';
import { seedEmailScenario, stampSequenceVersions } from '../src/companion/__tests__/helpers';
import { throughput } from './reliability/scenarios';

const SECTIONS = ['idle', 'busy', 'workers', 'reaction', 'enrollment'] as const;

/** `--only busy,reaction`: the sections to run (default all, in this order). */
function sections(): Set<string> {
  const index = process.argv.indexOf('--only');
  if (index < 0) return new Set(SECTIONS);
  const chosen = (process.argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = chosen.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (chosen.length === 0 || unknown.length)
    throw new Error(`--only: expected some of ${SECTIONS.join(',')}, got ${process.argv[index + 1]}`);
  return new Set(chosen);
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name}: expected a whole number ≥ 1, got ${process.argv[index + 1]}`);
  return value;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const out = (line: string) => process.stdout.write(`${line}\n`);

function freshOrg(speed = 1, options: { withUsers?: boolean } = {}): Promise<LocalOrg> {
  return startLocalOrg({
    clock: { start: '2026-12-01T15:00:00Z', speed },
    dailyEmailLimit: 1_000_000,
    // The sample users and their permission sets, without the sample plan's records.
    ...(options.withUsers ? { sampleData: USERS_ONLY_PLAN } : {})
  });
}

/** The sample users and their permission sets, without any sample records (the acceptance suite's fixture). */
const USERS_ONLY_PLAN = path.join(
  __dirname,
  '..',
  'src',
  'companion',
  '__tests__',
  'acceptance',
  'fixtures',
  'users-only-plan.json'
);
/** The rep whose requests the reaction benchmark writes (a Stride_Agent, in her own session). */
const REP_USERNAME = 'ava.reed@stride.local';

function connect(org: LocalOrg): Connection {
  return new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '66.0' });
}

function companionOn(
  org: LocalOrg,
  options: { events: boolean; stateDir?: string; orgClock?: boolean; conn?: Connection }
): Companion {
  return new Companion({
    ...(options.orgClock
      ? { adapters: localOrgAdapters({ instanceUrl: org.instanceUrl, controlToken: org.controlToken }) }
      : {}),
    conn: options.conn ?? connect(org),
    log: silentLogger(),
    apiVersion: '66.0',
    events: options.events,
    stateDir: options.stateDir,
    settings: { dailyEmailCapPerOwner: 1_000_000, batchSize: 2000 }
  });
}

function completed(org: LocalOrg, ids: string[]): number {
  const set = new Set(ids);
  return (
    org.data.query("SELECT Id FROM Participant_Action__c WHERE Status__c = 'Completed'").records as Array<{
      Id: string;
    }>
  ).filter((r) => set.has(r.Id)).length;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// ------------------------------------------------------------------------------------------ idle

async function benchIdle(latencyMs: number): Promise<void> {
  const org = await freshOrg();
  try {
    // A live org at rest: a sequence with reps' manual work due and a follow-up step days away.
    const scenario = seedEmailScenario(org, { count: 50, withFollowUp: true });
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, { Activation__c: 'Manual' });
    org.controls.setLatency(latencyMs);
    const companion = companionOn(org, { events: false });
    await companion.runOnce(); // cold start: namespace, describes, catalog
    const calls = () => org.controls.apiUsage().used;
    let before = calls();
    await companion.runOnce();
    const fullPass = calls() - before;
    const probes = 20;
    before = calls();
    let found = 0;
    for (let i = 0; i < probes; i++) if (await companion.probeOnce()) found++;
    const perProbe = (calls() - before) / probes;
    if (found > 0) throw new Error(`an idle probe found work ${found} times`);
    const day = 86_400_000;
    const fullPerDay = (day / DEFAULT_SETTINGS.fullPassIntervalMs) * fullPass;
    const withEvents = (day / DEFAULT_SETTINGS.safetyNetIntervalMs) * perProbe + fullPerDay;
    const pollingOnly = (day / DEFAULT_SETTINGS.pollIntervalMs) * perProbe + fullPerDay;
    out('Idle (nothing to do; 50 manual actions due for reps, follow-ups days away)');
    out(`  probe (idle pass):             ${perProbe.toFixed(2)} API calls per pass`);
    out(`  full pass (every stage):       ${fullPass} API calls`);
    out(
      `  per day, default settings:     ${Math.round(withEvents)} with change events (probe every ${DEFAULT_SETTINGS.safetyNetIntervalMs / 1000} s, full pass every ${DEFAULT_SETTINGS.fullPassIntervalMs / 60_000} min)`
    );
    out(
      `                                 ${Math.round(pollingOnly)} polling only (probe every ${DEFAULT_SETTINGS.pollIntervalMs / 1000} s, full pass every ${DEFAULT_SETTINGS.fullPassIntervalMs / 60_000} min)`
    );
    out(
      `  target ≤ 1 per pass and ≤ 3,000 per day: ${perProbe <= 1 && withEvents <= 3000 && pollingOnly <= 3000 ? 'yes' : 'NO'}`
    );
  } finally {
    await org.close();
  }
}

// ------------------------------------------------------------------------------------------ busy

/** What an API call of the busy run was for; null for a request the org does not count (identity). */
type CallKind =
  | 'cold start'
  | 'reads'
  | 'claims'
  | 'emailSimple'
  | 'Conversation upserts'
  | 'outcome writes'
  | 'other writes';
const CALL_KINDS: CallKind[] = [
  'cold start',
  'reads',
  'claims',
  'emailSimple',
  'Conversation upserts',
  'outcome writes',
  'other writes'
];

type SubrequestBody = { allOrNone?: boolean; records?: Array<{ attributes?: { type?: string } }> };

function callKind(request: { method?: string; url?: string; body?: string }): CallKind | null {
  const url = request.url ?? '';
  if (!url.includes('/services/data/')) return null;
  const body = request.body
    ? (JSON.parse(request.body) as SubrequestBody & { compositeRequest?: unknown })
    : {};
  // A request on its own (a single collection, when a batch needs only one) reads as a one-part composite.
  const subs = (
    url.endsWith('/composite')
      ? (body.compositeRequest ?? [])
      : [{ method: request.method ?? 'GET', url, body }]
  ) as Array<{ method: string; url: string; body?: SubrequestBody }>;
  const reads =
    request.method === 'GET' ? [{ method: 'GET', url }] : subs.every((s) => s.method === 'GET') ? subs : [];
  if (
    request.method === 'GET' ||
    (url.endsWith('/composite') && reads.length === subs.length && subs.length)
  ) {
    const text = decodeURIComponent(reads.map((r) => r.url).join(' '));
    const coldStart = /\/sobjects$|\/describe$|FROM Sequence__c|ObjectPermissions|PermissionSetAssignments/;
    return reads.some((r) => coldStart.test(decodeURIComponent(r.url))) || coldStart.test(text)
      ? 'cold start'
      : 'reads';
  }
  if (url.includes('/actions/standard/emailSimple')) return 'emailSimple';
  if (subs.some((s) => s.url.includes('/composite/sobjects/Conversation__c/'))) return 'Conversation upserts';
  if (subs.some((s) => s.method === 'POST' && s.body?.records?.[0]?.attributes?.type === 'Action_Attempt__c'))
    return 'claims';
  if (subs.some((s) => s.body?.allOrNone === true)) return 'outcome writes';
  return 'other writes';
}

async function benchStride(
  actions: number,
  latencyMs: number
): Promise<{ calls: number; seconds: number; sent: number; byKind: Map<CallKind, number> }> {
  const org = await freshOrg(0);
  try {
    const scenario = seedEmailScenario(org, { count: actions, withFollowUp: true });
    stampSequenceVersions(org);
    org.controls.setLatency(latencyMs);
    org.controls.resetApiUsage();
    const started = Date.now();
    const conn = connect(org);
    // Names each call the org counts, to show where the calls go.
    const byKind = new Map<CallKind, number>();
    const request = conn.request.bind(conn);
    conn.request = ((req: Parameters<Connection['request']>[0], options?: object) => {
      const kind = typeof req === 'string' ? callKind({ method: 'GET', url: req }) : callKind(req as never);
      if (kind) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      return request(req, options as never);
    }) as Connection['request'];
    const companion = companionOn(org, { events: false, conn });
    for (let pass = 0; pass < 20 && completed(org, scenario.emailActionIds) < actions; pass++)
      await companion.runOnce();
    const seconds = (Date.now() - started) / 1000;
    return { calls: org.controls.apiUsage().used, seconds, sent: org.controls.emailOutbox().length, byKind };
  } finally {
    await org.close();
  }
}

/** One request per read and per write, one at a time: what a straightforward implementation does. */
async function benchBaseline(
  actions: number,
  latencyMs: number
): Promise<{ calls: number; seconds: number; sent: number }> {
  const org = await freshOrg(0);
  try {
    seedEmailScenario(org, { count: actions, withFollowUp: true });
    org.controls.setLatency(latencyMs);
    org.controls.resetApiUsage();
    const conn = connect(org);
    const started = Date.now();
    const due = await conn.query<{ Id: string }>(
      "SELECT Id FROM Participant_Action__c WHERE Status__c = 'Due' AND Activation__c = 'Automatic'"
    );
    for (const { Id } of due.records) {
      const pa = (
        await conn.query<{
          Id: string;
          Participant__c: string;
          Step_Number__c: number;
          Sequence_Action__r: { Subject__c: string; Body__c: string };
          Participant__r: { Lead__c: string; Lead__r: { Email: string; FirstName: string } };
        }>(
          `SELECT Id, Participant__c, Step_Number__c, Sequence_Action__r.Subject__c, Sequence_Action__r.Body__c, Participant__r.Lead__c, Participant__r.Lead__r.Email, Participant__r.Lead__r.FirstName FROM Participant_Action__c WHERE Id = '${Id}'`
        )
      ).records[0];
      const attempt = (await conn
        .sobject('Action_Attempt__c')
        .create({ Key__c: `${Id}:1`, Participant_Action__c: Id, Worker__c: 'baseline' })) as { id: string };
      await conn.requestPost('/actions/standard/emailSimple', {
        inputs: [
          {
            emailAddresses: pa.Participant__r.Lead__r.Email,
            emailSubject: pa.Sequence_Action__r.Subject__c.replace(
              '{!Recipient.FirstName}',
              pa.Participant__r.Lead__r.FirstName
            ),
            emailBody: pa.Sequence_Action__r.Body__c.replace(
              '{!Recipient.FirstName}',
              pa.Participant__r.Lead__r.FirstName
            ),
            relatedRecordId: Id,
            logEmailOnSend: true
          }
        ]
      });
      await conn.sobject('Action_Attempt__c').update({ Id: attempt.id, Outcome__c: 'Sent' });
      const now = new Date().toISOString();
      await conn
        .sobject('Participant_Action__c')
        .update({ Id, Status__c: 'Completed', Completed_At__c: now });
      const next = (
        await conn.query<{ Id: string }>(
          `SELECT Id FROM Participant_Action__c WHERE Participant__c = '${pa.Participant__c}' AND Step_Number__c = ${pa.Step_Number__c + 1}`
        )
      ).records[0];
      if (next)
        await conn
          .sobject('Participant_Action__c')
          .update({ Id: next.Id, Due_At__c: new Date(Date.now() + 86_400_000).toISOString() });
      await conn
        .sobject('Sequence_Participant__c')
        .update({ Id: pa.Participant__c, Current_Step__c: pa.Step_Number__c + 1 });
    }
    const seconds = (Date.now() - started) / 1000;
    return { calls: org.controls.apiUsage().used, seconds, sent: org.controls.emailOutbox().length };
  } finally {
    await org.close();
  }
}

async function benchBusy(actions: number, baselineActions: number, latencyMs: number): Promise<void> {
  const stride = await benchStride(actions, latencyMs);
  const baseline = await benchBaseline(baselineActions, latencyMs);
  if (stride.sent !== actions) throw new Error(`Stride sent ${stride.sent} emails for ${actions} actions`);
  if (baseline.sent !== baselineActions)
    throw new Error(`Baseline sent ${baseline.sent} emails for ${baselineActions} actions`);
  out('Busy (due automatic emails end to end, from a cold start)');
  const row = (name: string, n: number, r: { calls: number; seconds: number }) => {
    const perThousand = (r.calls / n) * 1000;
    const perSecond = n / r.seconds;
    out(
      `  ${name.padEnd(30)} ${String(n).padStart(5)} actions  ${String(r.calls).padStart(6)} API calls  ${perThousand.toFixed(1).padStart(8)} calls/1,000 actions  ${perSecond.toFixed(1).padStart(8)} actions/s  (${r.seconds.toFixed(2)} s)`
    );
    return { perThousand, perSecond };
  };
  const s = row('Stride companion (batched)', actions, stride);
  const named = [...stride.byKind.values()].reduce((a, b) => a + b, 0);
  out(
    `    calls by kind: ${CALL_KINDS.filter((k) => stride.byKind.get(k))
      .map((k) => `${k} ${stride.byKind.get(k)}`)
      .join(', ')}` + (named === stride.calls ? '' : ` (the org counted ${stride.calls})`)
  );
  const b = row('Per-record (one call each)', baselineActions, baseline);
  out(
    `  ratios: ${(b.perThousand / s.perThousand).toFixed(1)}× fewer API calls, ${(s.perSecond / b.perSecond).toFixed(1)}× more actions per second`
  );
  out(
    `  target ≤ 10 calls per 1,000 actions: ${s.perThousand <= 10 ? 'yes' : 'NO'}; ≥ 500 actions/s per worker: ${s.perSecond >= 500 ? 'yes' : 'NO'}`
  );
}

/** One worker process against three on the same due emails: does the claim protocol let them share the work? */
async function benchWorkers(emails: number, latencyMs: number): Promise<void> {
  const rates: number[] = [];
  for (const workers of [1, 3]) {
    const report = await throughput({
      emails,
      workers,
      batchSize: 200,
      latencyMs,
      dueAfterMs: 10_000,
      timeoutMs: 900_000
    });
    if (report.check.sentOnce !== emails || report.check.duplicates !== 0)
      throw new Error(`${workers} worker(s): ${JSON.stringify(report.check)}`);
    const perSecond = emails / report.sendingSeconds;
    rates.push(perSecond);
    process.stdout.write(
      `${`Workers: ${workers} process${workers > 1 ? 'es' : ''}`.padEnd(30)} ${String(emails).padStart(5)} emails  ${perSecond.toFixed(1).padStart(8)} emails/s  (${report.sendingSeconds.toFixed(2)} s sending, ${report.seconds.toFixed(2)} s with start-up)\n`
    );
    // Where the time goes: a CPU-bound run (org or workers near the machine's cores) cannot scale
    // with more workers; a latency-bound one should.
    const share = (cpu: number) => `${((cpu / report.sendingSeconds) * 100).toFixed(0)} % of a core`;
    out(
      `  while sending: ${report.apiCalls} API calls (${((report.apiCalls / emails) * 1000).toFixed(1)} per 1,000 emails); local org CPU ${report.orgCpuSeconds.toFixed(1)} s (${share(report.orgCpuSeconds)}); workers CPU ${report.workersCpuSeconds === null ? 'n/a' : `${report.workersCpuSeconds.toFixed(1)} s (${share(report.workersCpuSeconds)})`}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPU(s)`
    );
  }
  const scaling = rates[1] / rates[0];
  process.stdout.write(
    `Scaling: 3 workers ${scaling.toFixed(2)}× one worker (target ≥ 2.5×: ${scaling >= 2.5 ? 'yes' : 'NO'})\n`
  );
}

// -------------------------------------------------------------------------------------- reaction

/** Reaction samples of one mode: latencies of the requests applied, and those never applied in time. */
interface Reaction {
  latencies: number[];
  /** Requests not applied within the wait, with what their record said. */
  missed: string[];
}

/**
 * Writes `samples` rep requests at random moments over `spreadMs` while a companion runs, and
 * measures each one from the write to the action being Completed. A request not applied within
 * `waitMs` is reported (not waited for: the safety net would answer it minutes later).
 */
async function reactionLatency(
  events: boolean,
  samples: number,
  spreadMs: number,
  waitMs: number,
  latencyMs: number
): Promise<Reaction> {
  const org = await freshOrg(1, { withUsers: true });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-bench-'));
  let companion: Companion | undefined;
  let running: Promise<void> | undefined;
  try {
    // The rep owns the people and works their actions; she writes her requests in her own session,
    // as Engage does (the companion's own writes call for no pass, a rep's do).
    const session = org.sessionFor(REP_USERNAME);
    const scenario = seedEmailScenario(org, { count: samples, withFollowUp: true, ownerId: session.userId });
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, { Activation__c: 'Manual', OwnerId: session.userId });
    for (const id of scenario.participantIds)
      org.data.update('Sequence_Participant__c', id, { OwnerId: session.userId });
    stampSequenceVersions(org);
    org.controls.setLatency(latencyMs);
    // The companion follows the org's clock (the local org's starts in the past), as it would a real org's.
    companion = companionOn(org, { events, stateDir, orgClock: true });
    running = companion.start();
    // Let the start-up full pass and the stream settle.
    const settleDeadline = Date.now() + 10_000;
    while (Date.now() < settleDeadline && (events ? companion.eventStreamState !== 'up' : false))
      await sleep(20);
    await sleep(1500);
    const rep = new Connection({
      instanceUrl: org.instanceUrl,
      accessToken: session.accessToken,
      version: '66.0'
    });
    const result: Reaction = { latencies: [], missed: [] };
    const offsets = scenario.emailActionIds.map(() => Math.random() * spreadMs).sort((a, b) => a - b);
    await Promise.all(
      scenario.emailActionIds.map(async (id, i) => {
        await sleep(offsets[i]);
        const written = Date.now();
        await rep.sobject('Participant_Action__c').update({ Id: id, Requested_Outcome__c: 'Complete' });
        for (;;) {
          const row = org.data.query(
            `SELECT Status__c, Requested_Outcome__c, Last_Error__c, LastModifiedById FROM Participant_Action__c WHERE Id = '${id}'`
          ).records[0] as { Status__c: string };
          if (row.Status__c === 'Completed') break;
          if (Date.now() - written > waitMs) {
            const { attributes: _attributes, ...fields } = row as Record<string, unknown>;
            result.missed.push(`${id} ${JSON.stringify(fields)}`);
            return;
          }
          await sleep(10);
        }
        result.latencies.push(Date.now() - written);
      })
    );
    return result;
  } finally {
    await companion?.stop();
    await running?.catch(() => undefined);
    await org.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function benchReaction(samples: number, latencyMs: number): Promise<void> {
  out("Reaction (a rep's request, written in the rep's own session → applied by the companion)");
  const withEvents = await reactionLatency(true, samples, 6000, 30_000, latencyMs);
  const polling = await reactionLatency(
    false,
    samples,
    DEFAULT_SETTINGS.pollIntervalMs * 2,
    DEFAULT_SETTINGS.pollIntervalMs * 2 + 30_000,
    latencyMs
  );
  const line = (name: string, { latencies, missed }: Reaction) => {
    const figures = latencies.length
      ? `p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s   p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s`
      : 'no request applied';
    out(
      `  ${name.padEnd(40)} ${figures}   (${latencies.length} requests${missed.length ? `; ${missed.length} NOT applied in time` : ''})`
    );
    for (const request of missed.slice(0, 3)) out(`    not applied: ${request}`);
  };
  line('with change events', withEvents);
  line(`polling only (every ${DEFAULT_SETTINGS.pollIntervalMs / 1000} s)`, polling);
  const p95 = withEvents.latencies.length ? percentile(withEvents.latencies, 95) : Infinity;
  out(`  target p95 ≤ 2 s with events: ${p95 <= 2000 && withEvents.missed.length === 0 ? 'yes' : 'NO'}`);
}

// ------------------------------------------------------------------------- automatic enrollment

async function benchAutoEnrollment(leads: number, latencyMs: number): Promise<void> {
  const org = await freshOrg();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-bench-'));
  try {
    const owner = (
      org.data.query('SELECT Id FROM User WHERE IsActive = true LIMIT 1').records[0] as { Id: string }
    ).Id;
    const sequenceId = org.data.create('Sequence__c', {
      Name: 'Inbound web leads',
      Target_Object__c: 'Lead',
      Active__c: true,
      Enrollment__c: 'Automatic',
      Entry_Criteria__c: JSON.stringify({
        logic: 'AND',
        conditions: [{ field: 'LeadSource', operator: 'equals', value: 'Web' }]
      })
    });
    org.data.create('Sequence_Action__c', {
      Sequence__c: sequenceId,
      Name: 'Call',
      Step_Number__c: 1,
      Type__c: 'Call',
      Activation__c: 'Manual',
      Delay_Amount__c: 0,
      Delay_Unit__c: 'Minutes',
      Timing__c: 'Immediate (Any Day)'
    });
    org.controls.setLatency(latencyMs);
    const companion = companionOn(org, { events: true, stateDir, orgClock: true });
    const running = companion.start();
    const settleDeadline = Date.now() + 10_000;
    while (Date.now() < settleDeadline && companion.eventStreamState !== 'up') await sleep(20);
    await sleep(1500);
    org.controls.resetApiUsage();
    const started = Date.now();
    for (let i = 0; i < leads; i++)
      org.data.create('Lead', {
        LastName: `Web ${i}`,
        Company: 'Bench',
        Email: `web${i}@example.com`,
        LeadSource: 'Web',
        Status: 'Open - Not Contacted',
        OwnerId: owner
      });
    const written = Date.now();
    const count = (status?: string) =>
      (
        org.data.query(
          `SELECT COUNT() FROM Sequence_Participant__c WHERE Sequence__c = '${sequenceId}'${status ? ` AND Status__c = '${status}'` : ''}`
        ) as { totalSize: number }
      ).totalSize;
    let enrolledAt = 0;
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      if (!enrolledAt && count() >= leads) enrolledAt = Date.now();
      if (enrolledAt && count('Active') >= leads) break;
      if (Date.now() > deadline)
        throw new Error(`automatic enrollment: ${count()} enrolled, ${count('Active')} admitted`);
      await sleep(100);
    }
    const admittedAt = Date.now();
    const calls = org.controls.apiUsage().used;
    await companion.stop();
    await running.catch(() => undefined);
    out(
      `Automatic enrollment (${leads} new Leads meeting an automatic sequence's entry criteria, change events on)`
    );
    out(`  writing the Leads:             ${((written - started) / 1000).toFixed(2)} s`);
    out(
      `  all enrolled (Queued):         ${((enrolledAt - started) / 1000).toFixed(2)} s after the first Lead`
    );
    out(
      `  all admitted (Active):         ${((admittedAt - started) / 1000).toFixed(2)} s after the first Lead`
    );
    out(`  API calls used:                ${calls} (${((calls / leads) * 1000).toFixed(1)} per 1,000 Leads)`);
  } finally {
    await org.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const actions = option('actions', 2000);
  const baselineActions = option('baseline-actions', 60);
  const latencyMs = option('latency-ms', 50);
  const samples = option('samples', 30);
  out(
    `Companion benchmark: local org, ${latencyMs} ms added latency per API call, ${os.cpus().length} CPU(s)`
  );
  const only = sections();
  if (only.has('idle')) await benchIdle(latencyMs);
  if (only.has('busy')) await benchBusy(actions, baselineActions, latencyMs);
  if (only.has('workers')) await benchWorkers(option('worker-emails', 3000), latencyMs);
  if (only.has('reaction')) await benchReaction(samples, latencyMs);
  if (only.has('enrollment')) await benchAutoEnrollment(option('leads', 10_000), latencyMs);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:companion failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
