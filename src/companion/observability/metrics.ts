/**
 * The companion's Prometheus metrics (prom-client, one registry per companion so that tests and
 * several companions in one process do not share counters). What each one is for, and what to
 * alert on, is in src/companion/README.md ("Operating it").
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BudgetSnapshot } from '../budget';
import type { PassStats } from '../pass/context';
import type { StreamState } from '../watch/stream';

export type PassKind = 'full' | 'probe' | 'events' | 'changes' | 'due';

/** PassStats counters → (type, outcome) of `stride_actions_total`. */
const ACTION_COUNTERS: Array<[keyof PassStats, string, string]> = [
  ['emailsSent', 'email', 'sent'],
  ['smsSent', 'sms', 'sent'],
  ['tasksCreated', 'task', 'created'],
  ['madeDue', 'any', 'due'],
  ['completed', 'any', 'completed'],
  ['skipped', 'any', 'skipped'],
  ['deferred', 'any', 'deferred'],
  ['rescheduled', 'any', 'rescheduled'],
  ['failed', 'any', 'failed'],
  ['held', 'any', 'held'],
  ['waiting', 'any', 'waiting_criteria'],
  ['retried', 'any', 'retry'],
  ['reconciled', 'any', 'reconciled'],
  ['requestsApplied', 'rep_request', 'applied'],
  ['admitted', 'participant', 'admitted'],
  ['exited', 'participant', 'exited'],
  ['participantsCompleted', 'participant', 'completed'],
  ['replies', 'email', 'replied'],
  ['bounces', 'email', 'bounced']
];

const STREAM_STATES: StreamState[] = ['disabled', 'connecting', 'up', 'down'];

export class CompanionMetrics {
  readonly registry = new Registry();
  private readonly passes = new Counter({
    name: 'stride_passes_total',
    help: 'Passes run, by kind (probe: the one-call check of an idle companion; events: started by change events; changes: started by changes the probe found; due: started by due work; full: every stage) and result',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry]
  });
  private readonly passSeconds = new Histogram({
    name: 'stride_pass_duration_seconds',
    help: 'Wall time of a pass',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry]
  });
  private readonly actions = new Counter({
    name: 'stride_actions_total',
    help: 'Automatic actions and state changes applied, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry]
  });
  private readonly stageErrors = new Counter({
    name: 'stride_stage_errors_total',
    help: 'Stages that failed after their retries (the pass went on)',
    registers: [this.registry]
  });
  private readonly apiCalls = new Counter({
    name: 'stride_api_calls_total',
    help: 'Salesforce API requests sent by this companion (each retry counts; a Composite request counts once)',
    registers: [this.registry]
  });
  private readonly callsToday = new Gauge({
    name: 'stride_api_calls_today',
    help: 'API calls made by the companion in the current org day (UTC)',
    registers: [this.registry]
  });
  private readonly budgetUsed = new Gauge({
    name: 'stride_api_budget_used_ratio',
    help: "Share of the companion's daily API allowance used (1 = its share of the org's allocation is spent)",
    registers: [this.registry]
  });
  private readonly budgetLevel = new Gauge({
    name: 'stride_api_budget_level',
    help: 'Budget level: 0 normal, 1 slow (non-essential stages slowed), 2 essential only',
    registers: [this.registry]
  });
  private readonly orgUsage = new Gauge({
    name: 'stride_org_api_usage_ratio',
    help: "The org's API usage today over its allocation (all clients, from Sforce-Limit-Info)",
    registers: [this.registry]
  });
  private readonly projected = new Gauge({
    name: 'stride_api_calls_projected_per_day',
    help: 'API calls per day at the last hour’s load (load="current") and when idle (load="idle")',
    labelNames: ['load'] as const,
    registers: [this.registry]
  });
  private readonly eventLag = new Histogram({
    name: 'stride_event_lag_seconds',
    help: 'From a change being committed in the org (commitTimestamp) to the companion receiving its event',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 120],
    registers: [this.registry]
  });
  private readonly events = new Counter({
    name: 'stride_change_events_total',
    help: 'Change events received, by object and whether they called for a stage',
    labelNames: ['object', 'handled'] as const,
    registers: [this.registry]
  });
  private readonly streamState = new Gauge({
    name: 'stride_event_stream_state',
    help: 'State of the change event subscription (1 for the current state)',
    labelNames: ['state'] as const,
    registers: [this.registry]
  });
  private readonly oldestDue = new Gauge({
    name: 'stride_oldest_due_action_age_seconds',
    help: 'Age of the oldest automatic action that is due and not done (0 when none), from the last probe',
    registers: [this.registry]
  });
  private readonly inDoubt = new Gauge({
    name: 'stride_claims_in_doubt',
    help: 'Send attempts whose lease expired without an outcome (awaiting reconciliation), from the last probe',
    registers: [this.registry]
  });
  private readonly lastPass = new Gauge({
    name: 'stride_last_pass_timestamp_seconds',
    help: 'Unix time of the last pass that completed',
    registers: [this.registry]
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'stride_process_' });
    for (const state of STREAM_STATES) this.streamState.labels(state).set(state === 'disabled' ? 1 : 0);
  }

  pass(kind: PassKind, ok: boolean, seconds: number, stats?: PassStats): void {
    this.passes.labels(kind, ok ? 'ok' : 'error').inc();
    this.passSeconds.labels(kind).observe(seconds);
    if (ok) this.lastPass.set(Date.now() / 1000);
    if (!stats) return;
    for (const [key, type, outcome] of ACTION_COUNTERS) {
      const n = stats[key];
      if (n) this.actions.labels(type, outcome).inc(n);
    }
    if (stats.stageErrors) this.stageErrors.inc(stats.stageErrors);
  }

  apiCall(): void {
    this.apiCalls.inc();
  }

  budget(snapshot: BudgetSnapshot): void {
    this.callsToday.set(snapshot.callsToday);
    this.budgetUsed.set(snapshot.used);
    this.budgetLevel.set(snapshot.level === 'normal' ? 0 : snapshot.level === 'slow' ? 1 : 2);
    if (snapshot.orgLimit) this.orgUsage.set((snapshot.orgUsed ?? 0) / snapshot.orgLimit);
    this.projected.labels('current').set(snapshot.projectedPerDay);
    this.projected.labels('idle').set(snapshot.idlePerDay);
  }

  event(object: string, handled: boolean, lagSeconds: number | null): void {
    this.events.labels(object, handled ? 'yes' : 'no').inc();
    if (lagSeconds !== null && lagSeconds >= 0) this.eventLag.observe(lagSeconds);
  }

  stream(state: StreamState): void {
    for (const s of STREAM_STATES) this.streamState.labels(s).set(s === state ? 1 : 0);
  }

  probe(result: { oldestDueAgeSeconds: number; claimsInDoubt: number }): void {
    this.oldestDue.set(result.oldestDueAgeSeconds);
    this.inDoubt.set(result.claimsInDoubt);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
