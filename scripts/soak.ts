/**
 * npm run soak — the reliability scenarios at full size (the Jest suite runs them small): 20,000
 * due emails with three workers, first undisturbed, then with a random worker SIGKILLed every
 * 2–4 s; kills at write boundaries; sends slower than the lease; org clock jumps; a broken
 * sequence beside 2,100-strong backlogs; rep requests at 50 a second; the daily email limit.
 * Prints each scenario's figures and its end-of-run check; exits 1 when any check fails.
 * Options: --emails N (default 20000), --only <scenario name>.
 */
import os from 'node:os';
import { cleanRun, type RunCheck } from './reliability/harness';
import {
  brokenSequenceAndBacklog,
  clockJumps,
  dailyEmailLimit,
  killStorm,
  repRequests,
  slowProvider,
  throughput,
  writeBoundaryKills
} from './reliability/scenarios';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const emails = Number(option('emails') ?? 20_000);
if (!Number.isInteger(emails) || emails < 1)
  throw new Error(`--emails: expected a whole number ≥ 1, got ${option('emails')}`);
const only = option('only');
let failures = 0;

function verdict(name: string, ok: boolean, figures: Record<string, unknown>): void {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${JSON.stringify(figures)}`);
}

/** The machine's load while a scenario ran: timings are only comparable on a quiet machine. */
function machineLoad(): { loadAverage1m: number; cpus: number } {
  return { loadAverage1m: Number(os.loadavg()[0].toFixed(1)), cpus: os.cpus().length };
}

const clean = (check: RunCheck): boolean =>
  JSON.stringify(check) === JSON.stringify(cleanRun(check.expected));

async function main(): Promise<void> {
  const run = (name: string): boolean => !only || only === name;
  let noKillSeconds = 0;
  if (run('throughput') || run('kill-storm')) {
    const report = await throughput({ emails, workers: 3, batchSize: 500, timeoutMs: 1_800_000 });
    noKillSeconds = report.sendingSeconds;
    verdict('throughput (3 workers, no kills)', clean(report.check), {
      emails,
      seconds: report.seconds,
      sendingSeconds: report.sendingSeconds,
      emailsPerSecond: Math.round(emails / report.seconds),
      // Where the time went while sending: the local org (this process) and the workers.
      apiCalls: report.apiCalls,
      orgCpuSeconds: Number(report.orgCpuSeconds.toFixed(1)),
      workersCpuSeconds:
        report.workersCpuSeconds === null ? null : Number(report.workersCpuSeconds.toFixed(1)),
      ...machineLoad(),
      check: report.check
    });
  }
  if (run('kill-storm')) {
    const report = await killStorm({
      emails,
      workers: 3,
      batchSize: 500,
      minKillMs: 2000,
      maxKillMs: 4000,
      seed: 11,
      timeoutMs: 3_600_000
    });
    verdict(
      'kill storm (SIGKILL every 2–4 s)',
      clean(report.check) && report.sendingSeconds <= 2 * noKillSeconds,
      {
        emails,
        kills: report.kills,
        sendingSeconds: report.sendingSeconds,
        noKillSeconds,
        ratio: Number((report.sendingSeconds / noKillSeconds).toFixed(2)),
        ...machineLoad(),
        check: report.check
      }
    );
  }
  if (run('write-boundaries')) {
    const boundaries = Array.from({ length: 12 }, (_, i) => i + 1);
    const report = await writeBoundaryKills({ emails: 30, batchSize: 10, boundaries, timeoutMs: 120_000 });
    verdict(
      'SIGKILL at every write boundary',
      report.checks.every((c) => c.died && clean(c.check)),
      {
        boundaries: boundaries.length,
        notDied: report.checks.filter((c) => !c.died).map((c) => c.boundary),
        unclean: report.checks.filter((c) => !clean(c.check))
      }
    );
  }
  if (run('slow-provider')) {
    const report = await slowProvider({
      emails: 1000,
      batchSize: 200,
      leaseSeconds: 3,
      sendDelayMs: 5000,
      timeoutMs: 600_000
    });
    verdict('slow provider (sends 5 s, lease 3 s)', clean(report.check), {
      seconds: report.seconds,
      check: report.check
    });
  }
  if (run('clock-jumps')) {
    const report = await clockJumps({ emails: 2000, batchSize: 200, sendDelayMs: 1500, timeoutMs: 600_000 });
    verdict('org clock +3 days and −1 hour mid-send, with a kill', clean(report.check), {
      jumps: report.jumps,
      seconds: report.seconds,
      check: report.check
    });
  }
  if (run('backlog')) {
    const report = await brokenSequenceAndBacklog({
      backlog: 5000,
      healthy: 500,
      batchSize: 2000,
      timeoutMs: 600_000
    });
    verdict(
      'broken sequence + 5,000 backlogs',
      clean(report.healthy) && report.brokenSequenceError !== null,
      {
        healthySeconds: report.healthySeconds,
        brokenSequenceError: report.brokenSequenceError,
        brokenStillQueued: report.brokenStillQueued,
        dripAdmitted: report.dripAdmitted,
        waiting: report.waiting
      }
    );
  }
  if (run('rep-requests')) {
    const report = await repRequests({ participants: 545, perSecond: 50, seconds: 60, timeoutMs: 300_000 });
    verdict('rep requests at 50/s', report.lost === 0 && report.pending === 0, {
      requests: report.requests,
      lost: report.lost,
      pending: report.pending
    });
  }
  if (run('email-limit')) {
    const report = await dailyEmailLimit({ emails: 3000, limit: 1000, timeoutMs: 600_000 });
    verdict('daily email limit', clean(report.check) && report.sentPerDay.join() === '1000,1000,1000', {
      sentPerDay: report.sentPerDay,
      deferredAfterFirstDay: report.deferredAfterFirstDay,
      check: report.check
    });
  }
  console.log(failures ? `soak: ${failures} scenario(s) failed` : 'soak: every scenario held');
  process.exitCode = failures ? 1 : 0;
}

void main();
