/**
 * What ops see: /healthz and /metrics on the opt-in port, the API budget (share of the org's
 * allocation, slowing non-essential stages first, one log line per level change) and the API lines
 * of `stride status`.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { LocalOrg } from '../../local-org';
import { ApiBudget } from '../budget';
import { CompanionMetrics } from '../observability/metrics';
import { OpsServer } from '../observability/server';
import { formatStatus, type StatusReport } from '../status';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

function capture(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
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

describe('the ops port', () => {
  let org: LocalOrg;
  beforeAll(async () => {
    org = await startTestOrg({ clock: { start: '2026-12-01T15:00:00Z', speed: 1 } });
  });
  afterAll(() => org.close());

  it('answers /healthz (503 before the first pass, 200 after) and /metrics in Prometheus format', async () => {
    seedEmailScenario(org, { count: 3 });
    const metrics = new CompanionMetrics();
    const companion = companionFor(org, {
      metrics,
      events: false,
      settings: { pollIntervalMs: 600_000, fullPassIntervalMs: 3_600_000 }
    });
    const ops = new OpsServer(metrics, () => companion.health());
    const port = await ops.listen(0);
    try {
      const before = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toMatchObject({ ready: false, status: 'not_ready', lastPass: null });

      const running = companion.start();
      const deadline = Date.now() + 10_000;
      while (companion.health().lastPass === null && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(org.controls.emailOutbox()).toHaveLength(3);
      const after = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(after.status).toBe(200);
      expect(await after.json()).toMatchObject({
        ready: true,
        status: 'ok',
        mode: 'running',
        connected: true,
        eventStream: 'disabled',
        lastPass: { kind: 'full', ok: true },
        budget: { level: 'normal', allowance: 25_000 }
      });

      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('stride_passes_total{kind="full",result="ok"} 1');
      expect(text).toContain('stride_actions_total{type="email",outcome="sent"} 3');
      expect(text).toMatch(/stride_api_calls_total [1-9]\d*/);
      expect(text).toContain('stride_api_budget_level 0');
      expect(text).toContain('stride_claims_in_doubt');
      expect(text).toContain('stride_oldest_due_action_age_seconds');
      expect(text).toContain('stride_event_lag_seconds_bucket');
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
      await companion.stop();
      await running;
    } finally {
      await ops.close();
    }
  });
});

describe('the API budget', () => {
  it('slows non-essential stages at 80 % of its share, runs only essential ones at 100 %, one log line each', () => {
    const { log, lines } = capture();
    const budget = new ApiBudget({ share: 0.25, log, slowStageIntervalMs: 60_000 });
    const day = new Date('2026-12-01T15:00:00Z');
    budget.setOrgUsage({ used: 10_000, limit: 100_000 });
    for (let i = 0; i < 19_999; i++) budget.recordCall(day, 0);
    budget.setOrgUsage({ used: 30_000, limit: 100_000 });
    expect(budget.currentLevel()).toBe('normal');
    budget.recordCall(day, 0); // 20,000 of 25,000 = 80 %
    budget.setOrgUsage({ used: 30_001, limit: 100_000 });
    expect(budget.currentLevel()).toBe('slow');
    expect(budget.allowNonEssential(1_000_000)).toBe(true);
    expect(budget.allowNonEssential(1_030_000)).toBe(false);
    expect(budget.allowNonEssential(1_060_000)).toBe(true);
    for (let i = 0; i < 5_000; i++) budget.recordCall(day, 0);
    budget.setOrgUsage({ used: 35_001, limit: 100_000 });
    expect(budget.currentLevel()).toBe('essential');
    expect(budget.allowNonEssential(2_000_000)).toBe(false);
    budget.setOrgUsage({ used: 35_002, limit: 100_000 });
    expect(lines.map((l) => l.msg)).toEqual([
      "API budget: 80 % of the companion's share (25 % of the org's allocation) used; non-essential stages slowed to once every 1 min",
      "API budget: the companion's share (25 % of the org's allocation) is used up; only sends and their outcomes run until the day ends"
    ]);
    // A new org day starts the count again.
    budget.recordCall(new Date('2026-12-02T00:00:01Z'), 0);
    budget.setOrgUsage({ used: 1, limit: 100_000 });
    expect(budget.snapshot(0)).toMatchObject({
      day: '2026-12-02',
      callsToday: 1,
      level: 'normal',
      allowance: 25_000
    });
    expect(lines.at(-1)?.msg).toBe('API budget: back to normal pace');
  });

  it('projects calls per day from the last hour', () => {
    const budget = new ApiBudget({ share: 0.25, log: pino({ level: 'silent' }) });
    const day = new Date('2026-12-01T15:00:00Z');
    for (let i = 0; i < 120; i++) budget.recordCall(day, i * 30_000); // 120 calls over the last hour
    budget.idlePerDay = 408;
    expect(budget.snapshot(3_600_000)).toMatchObject({
      callsToday: 120,
      projectedPerDay: 2880,
      idlePerDay: 408
    });
  });
});

it('stride status shows the calls used today and the projections', () => {
  const report: StatusReport = {
    at: '2026-12-01T15:00:00.000Z',
    participants: { Active: 2 },
    actions: { Due: 1 },
    dueNow: { automatic: 0, manual: 1 },
    inDoubtAttempts: 0,
    deferredByEmailLimit: 0,
    brokenSequences: [],
    participantProblems: 0,
    api: {
      companion: {
        day: '2026-12-01',
        callsToday: 412,
        orgLimit: 100_000,
        orgUsed: 3456,
        share: 0.25,
        allowance: 25_000,
        used: 0.01648,
        level: 'normal',
        projectedPerDay: 1234,
        idlePerDay: 408,
        at: '2026-12-01T14:59:00.000Z'
      },
      org: { used: 3460, limit: 100_000 }
    },
    failing: [],
    stalled: []
  };
  expect(formatStatus(report).split('\n').slice(7, 10)).toEqual([
    "API calls:    412 today by the companion of 25,000 allowed (25 % of the org's 100,000), budget normal (as of 2026-12-01T14:59:00.000Z)",
    '              projected per day: 1,234 at the current load, 408 when idle',
    '              org today (all clients): 3,460 of 100,000'
  ]);
});
