/**
 * The reliability suite: real `stride run` processes against a local org over HTTP, killed,
 * slowed, starved and fed bad data (scripts/reliability/scenarios.ts). Sizes fit this machine;
 * `npm run soak` runs the same scenarios at full size.
 */
import './jest-realm';
import { cleanRun } from '../../../scripts/reliability/harness';
import {
  brokenSequenceAndBacklog,
  clockJumps,
  dailyEmailLimit,
  killStorm,
  repRequests,
  slowProvider,
  throughput,
  writeBoundaryKills
} from '../../../scripts/reliability/scenarios';

jest.setTimeout(240_000);

describe('companion processes against the local org', () => {
  let noKillSeconds = 0;

  it('three workers on 600 due emails: each sent once, then a graceful stop on SIGTERM', async () => {
    const report = await throughput({ emails: 600, workers: 3, batchSize: 150, timeoutMs: 90_000 });
    expect({ check: report.check, logs: report.check.missing ? report.logs : '' }).toEqual({
      check: cleanRun(600),
      logs: ''
    });
    expect(report.exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
      { code: 0, signal: null }
    ]);
    noKillSeconds = report.sendingSeconds;
  });

  it('a random worker SIGKILLed every 2–4 s and restarted: each email once, nothing stuck, within twice the no-kill time plus one lease per kill', async () => {
    const report = await killStorm({
      emails: 600,
      workers: 3,
      batchSize: 150,
      minKillMs: 2000,
      maxKillMs: 4000,
      // At this size the sending takes about a second: the first worker dies a quarter second in.
      firstKillMs: 250,
      seed: 11,
      timeoutMs: 120_000
    });
    expect({ check: report.check, logs: report.check.missing ? report.logs : '' }).toEqual({
      check: cleanRun(600),
      logs: ''
    });
    expect(report.kills).toBeGreaterThan(0);
    // From the first send to the last completion in both runs: process start-up is not the work. A
    // dead worker's claims wait out one lease (3 s) before another worker reconciles them; at this
    // size that wait dominates, so it is allowed per kill (npm run soak checks plain 2× at 20,000).
    expect(report.sendingSeconds).toBeLessThanOrEqual(2 * Math.max(noKillSeconds, 1) + 3 * report.kills);
  });

  it('dies at write boundaries (SIGKILL at a failpoint) and a fresh worker takes over: nothing stuck', async () => {
    const report = await writeBoundaryKills({
      emails: 9,
      batchSize: 3,
      boundaries: [2, 4],
      timeoutMs: 60_000
    });
    expect(report.checks).toEqual([2, 4].map((boundary) => ({ boundary, died: true, check: cleanRun(9) })));
  });

  it('sends slower than the lease are not sent twice (the lease is renewed while sending)', async () => {
    const report = await slowProvider({
      emails: 60,
      batchSize: 40,
      leaseSeconds: 3,
      sendDelayMs: 5000,
      timeoutMs: 90_000
    });
    expect({ check: report.check, logs: report.check.missing ? report.logs : '' }).toEqual({
      check: cleanRun(60),
      logs: ''
    });
  });

  it('the org clock jumps +3 days and −1 hour mid-send, with a worker killed: no duplicate', async () => {
    const report = await clockJumps({ emails: 80, batchSize: 40, sendDelayMs: 1500, timeoutMs: 90_000 });
    expect(report.jumps).toHaveLength(2);
    expect({ check: report.check, logs: report.check.missing ? report.logs : '' }).toEqual({
      check: cleanRun(80),
      logs: ''
    });
  });

  it('a broken sequence and 2,100-strong backlogs do not hold back a healthy sequence', async () => {
    const report = await brokenSequenceAndBacklog({
      backlog: 2100,
      healthy: 30,
      batchSize: 200,
      timeoutMs: 60_000
    });
    expect(report.healthy).toEqual(cleanRun(30));
    expect(report.brokenSequenceError).toBe(
      'Time zone "Not/AZone" is not an IANA time zone (e.g. America/New_York)'
    );
    expect(report.brokenStillQueued).toBe(50);
    expect(report.dripAdmitted).toBe(5);
    expect(report.waiting).toBe(2100);
    expect(report.healthySeconds).toBeLessThan(45);
  });

  it('rep pause/resume requests at 50 a second: none lost', async () => {
    const report = await repRequests({ participants: 100, perSecond: 50, seconds: 4, timeoutMs: 60_000 });
    expect({ lost: report.lost, pending: report.pending }).toEqual({ lost: 0, pending: 0 });
    expect(report.requests).toBe(200);
  });

  it('the org daily email limit defers the rest to the reset, counted in stride status; none fails', async () => {
    const report = await dailyEmailLimit({ emails: 150, limit: 60, timeoutMs: 90_000 });
    expect(report.sentPerDay).toEqual([60, 60, 30]);
    expect(report.deferredAfterFirstDay).toBe(90);
    expect(report.statusLine).toContain("Deferred by the org's daily email limit: 90");
    expect(report.check).toEqual(cleanRun(150));
  });
});
