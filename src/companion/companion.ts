/**
 * The companion service: a poll loop of passes (pg-boss style) with an abortable wait, watching the
 * API budget, and a graceful stop.
 *
 * Modes:
 * - `running`  — passes run back to back while there is more due work, else every poll interval;
 * - `stopping` — the first SIGINT/SIGTERM: the current pass finishes its sends and records their
 *                outcomes; work claimed but not yet sent is released; no new pass starts;
 * - `stopped`  — the loop has returned.
 *
 * API budget (`Sforce-Limit-Info`): at 80 % the poll interval doubles; at 95 % only essential
 * stages run (due work and its outcomes); `REQUEST_LIMIT_EXCEEDED` pauses until the budget recovers.
 */
import { PACKAGE_FIELD_ALLOW_LIST, withExtraFields } from '../core/fieldAllowList';
import os from 'node:os';
import crypto from 'node:crypto';
import type { Connection } from 'jsforce';
import { ApiLimitError, SalesforceApi, type ApiOptions } from './api';
import { sleep } from './backoff';
import { LocalOutboxSmsProvider, TwilioSmsProvider, type SmsProvider } from './channels/sms';
import { RemoteClock, SystemClock, type OrgClock } from './clock';
import { DEFAULT_SETTINGS, type WorkerSettings } from './config';
import { FatalError } from './errors';
import type { Logger } from './logger';
import { detectNamespace, NameMapper } from './names';
import { Catalog } from './pass/catalog';
import { LeaseWatch, monotonicMs } from './pass/claim';
import { emptyStats, type PassContext } from './pass/context';
import { runPass, summarizePass, type PassResult } from './pass/index';
import { ConversationSync } from './pass/conversations';
import { SendCounters } from './pass/limits';

export type CompanionMode = 'created' | 'running' | 'stopping' | 'stopped';

export interface CompanionOptions {
  conn: Connection;
  log: Logger;
  settings?: Partial<WorkerSettings>;
  apiVersion: string;
  refreshSession?: (conn: Connection) => Promise<void>;
  /** Force a namespace instead of detecting it. */
  namespace?: string;
  /** `local` uses the local org's clock and SMS outbox when the org has them (default: detect). */
  localOrg?: boolean;
  /**
   * The local org's control token (`Authorization: Bearer …` on `/_local/*`, which holds its clock
   * and SMS outbox): from `.stride/local-org.json`, `STRIDE_LOCAL_ORG_CONTROL_TOKEN` or `org.controlToken`.
   */
  localOrgControlToken?: string;
  /** SMS provider override; default: local outbox on a local org, Twilio when TWILIO_ACCOUNT_SID is set. */
  sms?: SmsProvider | null;
  smsFrom?: string;
  /** Called after every pass (live summaries, tests). */
  onPass?: (result: PassResult, summary: string) => void;
  /** API client tuning (benchmarks). */
  api?: Pick<ApiOptions, 'concurrency' | 'actionBatchSize' | 'useComposite' | 'maxRetries' | 'beforeWrite'>;
}

/** A worker id that is unique per process: host:pid:random. */
export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`.slice(0, 100);
}

export class Companion {
  mode: CompanionMode = 'created';
  readonly settings: WorkerSettings;
  readonly api: SalesforceApi;
  private readonly stopController = new AbortController();
  private readonly waitController = new AbortController();
  private clock: OrgClock = new SystemClock();
  private catalog!: Catalog;
  private counters: SendCounters;
  private readonly conversationSync = new ConversationSync();
  private readonly leaseWatch = new LeaseWatch();
  private sms: SmsProvider | null = null;
  private initialized = false;
  private runPromise: Promise<void> | undefined;
  private waitAbort: AbortController = new AbortController();

  constructor(private readonly options: CompanionOptions) {
    this.settings = { ...DEFAULT_SETTINGS, workerId: newWorkerId(), ...options.settings };
    this.api = new SalesforceApi(options.conn, new NameMapper(options.namespace ?? ''), options.log, {
      version: options.apiVersion,
      refreshSession: options.refreshSession,
      signal: this.waitController.signal,
      ...options.api
    });
    this.counters = new SendCounters();
  }

  /** Detects the namespace, the clock and the channels; loads the catalog. */
  async init(): Promise<void> {
    if (this.initialized) return;
    const log = this.options.log;
    if (this.options.namespace === undefined) {
      const namespace = detectNamespace(await this.api.describeGlobalNames());
      (this.api as unknown as { names: NameMapper }).names = new NameMapper(namespace);
      log.info({ namespace: namespace || '(none)' }, 'namespace detected');
    }
    const instanceUrl = String(this.options.conn.instanceUrl ?? '').replace(/\/+$/, '');
    const controlToken = this.options.localOrgControlToken;
    let isLocal = this.options.localOrg;
    if (isLocal === undefined) {
      const probe = await probeLocalOrg(instanceUrl, controlToken);
      if (probe === 'locked') {
        log.warn(
          { instanceUrl },
          'a local org without its control token: following the system clock, no SMS outbox (set STRIDE_LOCAL_ORG_CONTROL_TOKEN from .stride/local-org.json)'
        );
      }
      isLocal = probe === 'local';
    }
    if (isLocal) {
      this.clock = new RemoteClock(async () => {
        const response = await fetch(`${instanceUrl}/_local/clock`, {
          headers: controlHeaders(controlToken)
        });
        if (!response.ok) throw new Error(`local org clock: HTTP ${response.status}`);
        const body = (await response.json()) as { epochMs: number; speed: number };
        return { nowMs: body.epochMs, speed: body.speed };
      });
      log.info('local org: following its clock');
    }
    if (this.options.sms !== undefined) this.sms = this.options.sms;
    else if (isLocal) this.sms = new LocalOutboxSmsProvider(`${instanceUrl}/_local/sms`, controlToken);
    else if (process.env.TWILIO_ACCOUNT_SID) this.sms = TwilioSmsProvider.fromEnv();
    this.catalog = new Catalog(this.api);
    this.catalog.fieldAllowList = withExtraFields(PACKAGE_FIELD_ALLOW_LIST, this.settings.allowFields ?? []);
    this.initialized = true;
  }

  /** Runs one pass now. */
  async runOnce(): Promise<PassResult> {
    await this.init();
    await this.clock.sync();
    const ctx = this.context();
    const result = await runPass(ctx);
    const summary = summarizePass(result);
    this.options.log.info(
      {
        stats: result.stats,
        apiCalls: result.apiCalls,
        durationMs: result.durationMs,
        apiUsage: this.api.apiUsage
      },
      summary
    );
    this.options.onPass?.(result, summary);
    return result;
  }

  private context(): PassContext {
    return {
      api: this.api,
      now: this.clock.now(),
      startedMono: monotonicMs(),
      speed: this.clock.speed(),
      settings: this.settings,
      log: this.options.log,
      catalog: this.catalog,
      counters: this.counters,
      conversationSync: this.conversationSync,
      channels: {
        sms: this.sms,
        smsFrom: this.options.smsFrom ?? process.env.STRIDE_SMS_FROM ?? '+15005550006'
      },
      stats: emptyStats(),
      touched: new Set<string>(),
      signal: this.stopController.signal,
      essentialOnly: this.api.budgetLevel() === 'essential',
      leaseWatch: this.leaseWatch
    };
  }

  /** Runs passes until `stop()`. Resolves when stopped; rejects on a fatal error (auth). */
  start(): Promise<void> {
    if (this.runPromise) return this.runPromise;
    this.mode = 'running';
    this.runPromise = this.loop().finally(() => {
      this.mode = 'stopped';
    });
    return this.runPromise;
  }

  private async loop(): Promise<void> {
    const log = this.options.log;
    let contiguousErrors = 0;
    while (this.mode === 'running') {
      let waitMs = this.settings.pollIntervalMs;
      try {
        const result = await this.runOnce();
        contiguousErrors = 0;
        if (result.moreWork) waitMs = 0;
        if (this.api.budgetLevel() !== 'normal') {
          // Above 80 % of the daily API budget: slow down.
          waitMs = Math.max(waitMs, this.settings.pollIntervalMs) * 2;
          log.warn(
            // Not `level`: that key is the log line's own severity.
            { apiUsage: this.api.apiUsage, budgetLevel: this.api.budgetLevel() },
            'API budget above 80 %: slowing down'
          );
        }
      } catch (error) {
        if (error instanceof FatalError) {
          log.error({ code: error.code }, error.message);
          throw error;
        }
        if (error instanceof ApiLimitError) {
          waitMs = Math.max(60_000, this.settings.pollIntervalMs * 6);
          log.error({ err: error.message, waitMs }, 'API limit reached: pausing all work');
        } else {
          // A failed pass counts as "nothing done": back off to the poll interval, never hot-loop.
          contiguousErrors++;
          waitMs = Math.min(this.settings.pollIntervalMs * 2 ** Math.min(contiguousErrors, 5), 300_000);
          log.error({ err: error, contiguousErrors, waitMs }, 'pass failed');
        }
      }
      if (this.mode !== 'running') break;
      this.waitAbort = new AbortController();
      await sleep(waitMs, this.waitAbort.signal);
    }
  }

  /** Wakes an idle loop (e.g. after an enrollment). */
  nudge(): void {
    this.waitAbort.abort();
  }

  /**
   * Graceful stop: no new pass; the current one finishes its sends and writes their outcomes,
   * releasing claims it has not started. Idempotent.
   */
  async stop(): Promise<void> {
    if (this.mode === 'running') this.mode = 'stopping';
    this.stopController.abort();
    this.waitAbort.abort();
    // Requests sitting in retry backoff give up at once (AbortedError) instead of waiting it out.
    this.waitController.abort();
    await this.runPromise?.catch(() => undefined);
    this.mode = 'stopped';
  }
}

/** The header that opens the local org's `/_local/*` controls. */
export function controlHeaders(controlToken: string | undefined): Record<string, string> {
  return controlToken ? { Authorization: `Bearer ${controlToken}` } : {};
}

/**
 * Whether the org is a local org whose controls answer this token (`local`), a local org that
 * refuses it (`locked`: no or wrong control token), or another org (`remote`).
 */
export async function probeLocalOrg(
  instanceUrl: string,
  controlToken?: string
): Promise<'local' | 'locked' | 'remote'> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(instanceUrl)) return 'remote';
  try {
    const response = await fetch(`${instanceUrl}/_local/clock`, {
      headers: controlHeaders(controlToken),
      signal: AbortSignal.timeout(2000)
    });
    const body = (await response.json()) as { epochMs?: unknown; error?: unknown };
    if (response.status === 401 && body.error === 'control token required') return 'locked';
    return response.ok && typeof body.epochMs === 'number' ? 'local' : 'remote';
  } catch {
    return 'remote';
  }
}
