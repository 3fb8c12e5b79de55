/**
 * The reliability harness: real `stride run` processes against a local org, killed, slowed, starved
 * and fed bad data. Used by the Jest reliability suite (small sizes) and `npm run soak` (full sizes).
 * Every scenario ends with the same checks: each email sent exactly once, nothing stuck.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { soqlList } from '../../src/companion/api';
import { OPEN_ACTION_STATUSES } from '../../src/core/lifecycle/states';
import type { LocalOrg } from '../../src/local-org';

const ROOT = path.resolve(__dirname, '..', '..');
// The project's Node running the compiled CLI (`npm run build` first), in one process, so a SIGKILL
// reaches the worker itself.
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

export const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded pseudo-random generator (reproducible kill schedules). */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export interface WorkerOptions {
  batchSize?: number;
  leaseSeconds?: number;
  extra?: string[];
  env?: Record<string, string>;
}

/** A `stride --local-org run` process; its log is kept (the last lines go into failure messages). */
export class Worker {
  readonly child: ChildProcess;
  readonly log: string[] = [];
  /** The process has exited and its log pipe is drained. */
  closed = false;

  constructor(org: LocalOrg, options: WorkerOptions = {}) {
    this.child = spawn(
      NODE,
      [
        path.join(ROOT, 'bin', 'stride'),
        // The local org's clock, SMS outbox and SMTP server (src/demo/local-org-adapters.ts).
        '--local-org',
        'run',
        '--instance-url',
        org.instanceUrl,
        '--poll-interval-seconds',
        '1',
        // The scenarios move the org clock and write straight to the org's data, which no change
        // event reports: look for due work every second even while events flow.
        '--safety-net-seconds',
        '1',
        '--lease-seconds',
        String(options.leaseSeconds ?? 3),
        '--batch-size',
        String(options.batchSize ?? 200),
        '--daily-email-cap',
        '1000000',
        '--log-level',
        'warn',
        ...(options.extra ?? [])
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        // Secrets through the environment, not argv (which `ps` shows to every user of the machine).
        env: {
          ...process.env,
          STRIDE_ACCESS_TOKEN: org.accessToken,
          STRIDE_LOCAL_ORG_CONTROL_TOKEN: org.controlToken,
          ...options.env
        }
      }
    );
    this.child.on('close', () => (this.closed = true));
    // Drain the log pipe (a full pipe would block the child).
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.log.push(chunk.toString());
      if (this.log.length > 200) this.log.shift();
    });
  }

  /**
   * CPU seconds the process has used so far (user + system, from /proc; null where /proc is not
   * available or the process has exited). Sampled before a worker is stopped.
   */
  cpuSeconds(): number | null {
    return processCpuSeconds(this.child.pid);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!this.running) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
    return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async kill(
    signal: NodeJS.Signals = 'SIGKILL'
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    return this.exited();
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of a live process, from `/proc/<pid>/stat`; null when unreadable. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export async function waitUntil(check: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await wait(stepMs);
  }
  return check();
}

/** `SELECT COUNT() …` straight from the org's data (no API call). */
export function count(org: LocalOrg, soql: string): number {
  return org.data.query(soql).totalSize;
}

/** Emails in the org's outbox per participant action. */
export function sendsPerAction(org: LocalOrg): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of org.controls.emailOutbox()) {
    const id = String(email.relatedRecordId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Completed participant actions of one sequence step (the scenario's email step). */
export function completedCount(org: LocalOrg, stepId: string): number {
  return count(
    org,
    `SELECT COUNT() FROM Participant_Action__c WHERE Sequence_Action__c = '${stepId}' AND Status__c = 'Completed'`
  );
}

export function openAttempts(org: LocalOrg): number {
  return count(org, 'SELECT COUNT() FROM Action_Attempt__c WHERE Outcome__c = null');
}

/**
 * What a finished run must show: every expected email sent exactly once, no attempt left open, no
 * Active participant without an open action, no email attempt that says Sent while its action is
 * open, nothing Failed.
 */
export interface RunCheck {
  expected: number;
  sentOnce: number;
  duplicates: number;
  missing: number;
  openAttempts: number;
  activeWithoutOpenAction: number;
  sentButOpen: number;
  failed: number;
}

export function checkRun(org: LocalOrg, expectedIds: string[]): RunCheck {
  const sends = sendsPerAction(org);
  let sentOnce = 0;
  let duplicates = 0;
  let missing = 0;
  for (const id of new Set(expectedIds)) {
    const n = sends.get(id) ?? 0;
    if (n === 1) sentOnce++;
    else if (n === 0) missing++;
    else duplicates += n - 1;
  }
  return {
    expected: new Set(expectedIds).size,
    sentOnce,
    duplicates,
    missing,
    openAttempts: openAttempts(org),
    activeWithoutOpenAction: count(
      org,
      `SELECT COUNT() FROM Sequence_Participant__c WHERE Status__c = 'Active' AND Id NOT IN (SELECT Participant__c FROM Participant_Action__c WHERE Status__c IN ${soqlList(OPEN_ACTION_STATUSES)})`
    ),
    sentButOpen: count(
      org,
      "SELECT COUNT() FROM Action_Attempt__c WHERE Outcome__c = 'Sent' AND Participant_Action__r.Type__c = 'Email' AND Participant_Action__r.Status__c != 'Completed'"
    ),
    failed: count(org, "SELECT COUNT() FROM Participant_Action__c WHERE Status__c = 'Failed'")
  };
}

/** The check of a clean run, for `toEqual`. */
export function cleanRun(expected: number): RunCheck {
  return {
    expected,
    sentOnce: expected,
    duplicates: 0,
    missing: 0,
    openAttempts: 0,
    activeWithoutOpenAction: 0,
    sentButOpen: 0,
    failed: 0
  };
}
