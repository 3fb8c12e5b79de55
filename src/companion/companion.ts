/**
 * The companion service: a poll loop of passes (pg-boss style) with an abortable wait, watching the
 * API budget, and a graceful stop.
 *
 * What wakes it (src/companion/README.md, "API economy"):
 * - change events (CDC over the Streaming API): the stages the change calls for run at once;
 * - the work probe (one API call): every safety-net interval while the event stream is up, every
 *   poll interval while it is down or off, and when the probe's next due instant comes;
 * - a full pass (every stage) at start and every `fullPassIntervalMs`.
 *
 * Modes:
 * - `running`  — passes run back to back while there is more due work, else as above;
 * - `stopping` — the first SIGINT/SIGTERM: the current pass finishes its sends and records their
 *                outcomes; work claimed but not yet sent is released; no new pass starts;
 * - `stopped`  — the loop has returned.
 *
 * API budget (budget.ts): the companion keeps within its share of the org's daily allocation,
 * slowing non-essential stages first; `REQUEST_LIMIT_EXCEEDED` pauses until the budget recovers.
 */
import { PACKAGE_FIELD_ALLOW_LIST, withExtraFields } from '../core/fieldAllowList';
import os from 'node:os';
import crypto from 'node:crypto';
import type { Connection } from 'jsforce';
import { ApiLimitError, chunk, SalesforceApi, soqlIdList, type ApiOptions } from './api';
import { sleep } from './backoff';
import { ApiBudget, type BudgetSnapshot } from './budget';
import { SenderSessions, type SendAsOptions } from './channels/send-as';
import { SmtpMailer, type MailboxesConfig, type MailboxProbe } from './channels/smtp';
import type { EmailChannels } from './pass/channels/email';
import { TwilioSmsProvider, type SmsProvider } from './channels/sms';
import { SystemClock, type OrgClock } from './clock';
import { DEFAULT_SETTINGS, type WorkerSettings } from './config';
import { FatalError } from './errors';
import type { Logger } from './logger';
import type { OrgAdapters } from './org-adapters';
import { detectNamespace, NameMapper } from './names';
import { AutoEnrollSync, autoEnrollObjects } from './pass/auto-enroll';
import { Catalog } from './pass/catalog';
import { LeaseWatch, monotonicMs, SliceChoice } from './pass/claim';
import { emptyStats, type PassContext } from './pass/context';
import { runPass, STAGES, summarizePass, type PassResult } from './pass/index';
import { ConversationSync } from './pass/conversations';
import { SendCounters } from './pass/limits';
import { CompanionMetrics, type PassKind } from './observability/metrics';
import type { Health } from './observability/server';
import { ChangeWindow, probe, type ProbeResult } from './watch/probe';
import { CompanionStateFile, orgKey } from './watch/state-file';
import { ChangeStream, strideChangesChannel, type ReceivedEvent, type StreamState } from './watch/stream';
import {
  CATALOG_OBJECTS,
  SELF_PACED_STAGES,
  stagesForChanges,
  TIME_STAGES,
  WATCHED,
  type Change,
  type StageName
} from './watch/triggers';

export type CompanionMode = 'created' | 'running' | 'stopping' | 'stopped';

export interface CompanionOptions {
  conn: Connection;
  log: Logger;
  settings?: Partial<WorkerSettings>;
  apiVersion: string;
  refreshSession?: (conn: Connection) => Promise<void>;
  /** Force a namespace instead of detecting it. */
  namespace?: string;
  /**
   * What depends on where the companion runs (org-adapters.ts): the authority for "now" (due-ness,
   * leases, quiet hours; default the system clock, which a real org keeps in step with its own), the
   * SMS provider and the SMTP outcome probe. A development org with a movable clock passes its own.
   */
  adapters?: OrgAdapters;
  /** SMS provider over the adapters'; default Twilio when TWILIO_ACCOUNT_SID is set (null: none). */
  sms?: SmsProvider | null;
  smsFrom?: string;
  /**
   * Who emails go out as and through which channel (README "Sending as the rep"): `sendAs` mints a
   * session per sending user (JWT bearer), `mailboxes` puts reps on the SMTP channel, `probe` finds
   * SMTP sends whose outcome is unknown (default: the adapters' `mailboxProbe`, else none).
   */
  email?: { sendAs?: SendAsOptions | null; mailboxes?: MailboxesConfig | null; probe?: MailboxProbe | null };
  /** Twilio's StatusCallback for each SMS (the webhook's `/twilio/sms/status`), when the webhook runs. */
  smsStatusCallbackUrl?: string;
  /** Called after every pass (live summaries, tests). */
  onPass?: (result: PassResult, summary: string) => void;
  /** API client tuning (benchmarks). */
  api?: Pick<
    ApiOptions,
    'concurrency' | 'actionBatchSize' | 'useComposite' | 'coalesceReads' | 'maxRetries' | 'beforeWrite'
  >;
  /** Subscribe to change events (default true); false = polling only. */
  events?: boolean;
  /** Folder of the state file (replay ids, API calls today); none = nothing kept between runs. */
  stateDir?: string;
  /** Metrics sink (the ops port's); default: a private registry. */
  metrics?: CompanionMetrics;
  /** The faye client factory for the change stream (tests). */
  streamClient?: ConstructorParameters<typeof ChangeStream>[0]['createClient'];
}

/** How long to wait after an event for more (a burst of events becomes one pass). */
const EVENT_DEBOUNCE_MS = 50;
/** Record ids of one event pass checked for readability (the rest are taken as readable). */
const READABILITY_CHECK_IDS = 2000;
/** The first change check after a start looks back this far (org time). */
const FIRST_LOOK_BACK_MS = 10 * 60_000;

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
  private readonly clock: OrgClock;
  private catalog!: Catalog;
  private counters: SendCounters;
  private readonly conversationSync = new ConversationSync();
  private readonly autoEnrollSync = new AutoEnrollSync();
  private readonly leaseWatch = new LeaseWatch();
  private readonly sliceChoice = new SliceChoice();
  private sms: SmsProvider | null = null;
  private email: EmailChannels | undefined;
  private initialized = false;
  private runPromise: Promise<void> | undefined;
  private waitAbort: AbortController = new AbortController();
  readonly budget: ApiBudget;
  readonly metrics: CompanionMetrics;
  private stateFile: CompanionStateFile | null = null;
  private stream: ChangeStream | null = null;
  /** Changes (from events) waiting for their pass, with the replay id each event carried. */
  private pendingChanges: Array<{ change: Change; channel?: string; replayId?: number }> = [];
  /** Non-essential stages held back by the budget, run when it allows. */
  private deferredStages = new Set<StageName>();
  private readonly changeWindow = new ChangeWindow();
  /** Ids the events (or this companion's own passes) already covered, so the probe does not re-report them. */
  private readonly recentlyHandled = new Map<string, number>();
  private nextDueRealMs = Infinity;
  private lastPass: { atMs: number; kind: PassKind; ok: boolean } | null = null;
  private lastApiSuccessMs = 0;
  private catalogStale = false;
  private eventTimer: NodeJS.Timeout | null = null;
  /** Stages asked for outside events (requestStages), run in the next pass. */
  private readonly requestedStages = new Set<StageName>();

  constructor(private readonly options: CompanionOptions) {
    this.settings = { ...DEFAULT_SETTINGS, workerId: newWorkerId(), ...options.settings };
    this.clock = options.adapters?.clock ?? new SystemClock();
    this.api = new SalesforceApi(options.conn, new NameMapper(options.namespace ?? ''), options.log, {
      version: options.apiVersion,
      refreshSession: options.refreshSession,
      signal: this.waitController.signal,
      ...options.api
    });
    this.counters = new SendCounters();
    this.metrics = options.metrics ?? new CompanionMetrics();
    this.budget = new ApiBudget({ share: this.settings.apiBudgetShare, log: options.log });
    this.api.onCall(() => {
      this.budget.recordCall(this.clock.now());
      this.metrics.apiCall();
    });
  }

  /** The state of the change event subscription. */
  get eventStreamState(): StreamState {
    return this.stream?.state ?? 'disabled';
  }

  /** Detects the namespace and sets up the channels and the state file. */
  async init(): Promise<void> {
    if (this.initialized) return;
    const log = this.options.log;
    if (this.options.namespace === undefined) {
      const namespace = detectNamespace(await this.api.describeGlobalNames());
      (this.api as unknown as { names: NameMapper }).names = new NameMapper(namespace);
      log.info({ namespace: namespace || '(none)' }, 'namespace detected');
    }
    if (this.options.sms !== undefined) this.sms = this.options.sms;
    else if (this.options.adapters?.sms) this.sms = this.options.adapters.sms;
    else if (process.env.TWILIO_ACCOUNT_SID)
      this.sms = TwilioSmsProvider.fromEnv(process.env, this.options.smsStatusCallbackUrl);
    this.email = this.emailChannels();
    this.catalog = new Catalog(this.api);
    this.catalog.fieldAllowList = withExtraFields(PACKAGE_FIELD_ALLOW_LIST, this.settings.allowFields ?? []);
    if (this.options.stateDir) {
      this.stateFile = CompanionStateFile.in(this.options.stateDir, orgKey(this.options.conn));
      const restored = this.stateFile.apiCalls();
      if (restored.day) this.budget.restore(restored);
    }
    this.initialized = true;
  }

  /** Runs one pass now: every stage, or the ones named (in pass order). */
  async runOnce(options: { kind?: PassKind; stages?: Set<StageName> } = {}): Promise<PassResult> {
    await this.init();
    await this.clock.sync();
    const kind = options.kind ?? 'full';
    if (this.catalogStale) {
      this.catalogStale = false;
      await this.catalog.refresh(true);
    }
    const ctx = this.context();
    const wanted = options.stages ? STAGES.filter((s) => options.stages?.has(s.name as StageName)) : STAGES;
    // Non-essential stages run when the budget allows; held back, they run once it does.
    const nonEssential = wanted.filter((s) => !s.essential);
    let stages = wanted;
    if (nonEssential.length > 0 && !this.budget.allowNonEssential()) {
      for (const s of nonEssential) this.deferredStages.add(s.name as StageName);
      stages = wanted.filter((s) => s.essential);
      ctx.essentialOnly = true;
    } else for (const s of nonEssential) this.deferredStages.delete(s.name as StageName);
    const started = Date.now();
    let result: PassResult;
    try {
      result = await runPass(ctx, stages);
    } catch (error) {
      this.metrics.pass(kind, false, (Date.now() - started) / 1000);
      this.lastPass = { atMs: Date.now(), kind, ok: false };
      throw error;
    }
    this.lastApiSuccessMs = Date.now();
    this.lastPass = { atMs: Date.now(), kind, ok: true };
    this.metrics.pass(kind, true, result.durationMs / 1000, result.stats);
    result.kind = kind;
    // A stage that read a full batch runs again in the next pass, whatever wakes it.
    for (const stage of ctx.followUp ?? []) this.deferredStages.add(stage as StageName);
    for (const id of ctx.touched) this.recentlyHandled.set(id, Date.now());
    this.afterCalls();
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

  /** After calls: the budget level from the last reading, the metrics, the state file. */
  private afterCalls(): void {
    this.budget.setOrgUsage(this.api.apiUsage);
    this.budget.idlePerDay = this.idleCallsPerDay();
    const snapshot = this.budget.snapshot();
    this.metrics.budget(snapshot);
    this.stateFile?.setBudget(snapshot);
  }

  /** API calls per day with nothing to do: one probe per interval plus the periodic full pass. */
  private idleCallsPerDay(): number {
    const probeEvery = this.probeIntervalMs();
    const fullEvery = this.settings.fullPassIntervalMs;
    const fullPassCalls = 5; // the stages' reads in composites of five queries, plus make-due and execute
    return 86_400_000 / probeEvery + (86_400_000 / fullEvery) * fullPassCalls;
  }

  /** Budget: calls today, allowance, projections. */
  budgetSnapshot(): BudgetSnapshot {
    return this.budget.snapshot();
  }

  /** The wait between probes: the safety net while events flow, the poll interval otherwise. */
  private probeIntervalMs(): number {
    const base =
      this.eventStreamState === 'up' ? this.settings.safetyNetIntervalMs : this.settings.pollIntervalMs;
    return this.budget.currentLevel() === 'normal' ? base : base * 2;
  }

  /**
   * One probe (one API call) and, when it finds work, a pass of the stages that work needs.
   * Returns the pass, or null when there was nothing to do.
   */
  async probeOnce(): Promise<PassResult | null> {
    await this.init();
    // While events flow they report every change that may call for work (the package's channel
    // filters out the rest): the records' change check is the safety net, run once per interval,
    // not after every batch — there it would only find other workers' writes, which call for nothing.
    const checkChanges =
      this.changeCheckDue ||
      this.eventStreamState !== 'up' ||
      Date.now() - this.lastChangeCheckMs >= this.settings.safetyNetIntervalMs;
    await this.clock.sync();
    if (this.catalog.sequences.size === 0 && this.lastPass === null) await this.catalog.refresh();
    const now = this.clock.now();
    const started = Date.now();
    let result: ProbeResult;
    try {
      result = await probe(this.api, this.catalog, now, {
        checkChanges,
        window: this.changeWindow,
        objects: Object.keys(WATCHED),
        lookBackMs: FIRST_LOOK_BACK_MS
      });
    } catch (error) {
      this.metrics.pass('probe', false, (Date.now() - started) / 1000);
      throw error;
    }
    this.lastApiSuccessMs = Date.now();
    if (checkChanges) {
      this.lastChangeCheckMs = Date.now();
      this.changeCheckDue = false;
    }
    this.metrics.pass('probe', true, (Date.now() - started) / 1000);
    this.metrics.probe({
      oldestDueAgeSeconds: result.oldestDueAt
        ? Math.max(0, (now.getTime() - result.oldestDueAt.getTime()) / 1000)
        : 0,
      claimsInDoubt: result.claimsInDoubt
    });
    this.nextDueRealMs = result.nextDueAt
      ? Date.now() + (result.nextDueAt.getTime() - now.getTime()) / Math.max(this.clock.speed(), 1e-9)
      : Infinity;
    if (result.uncheckable.length > 0)
      this.options.log.debug(
        { objects: result.uncheckable },
        'probe: these objects could not be checked for changes'
      );
    // While events flow, what they (or this companion's own writes) covered is not news.
    const trustEvents = this.eventStreamState === 'up';
    this.pruneRecentlyHandled();
    const changes: Change[] = [];
    for (const [object, ids] of result.changed) {
      const news = trustEvents ? ids.filter((id) => !this.recentlyHandled.has(id)) : ids;
      if (news.length > 0) changes.push({ object });
      if (CATALOG_OBJECTS.has(object) && news.length > 0) this.catalogStale = true;
    }
    const stages = this.stagesFor(changes);
    if (result.dueNow) for (const stage of [...TIME_STAGES, ...SELF_PACED_STAGES]) stages.add(stage);
    if (result.queued > 0) stages.add('admit');
    for (const stage of this.deferredStages) stages.add(stage);
    this.afterCalls();
    if (stages.size === 0) {
      this.options.log.debug({ apiCalls: 1 }, 'probe: nothing to do');
      return null;
    }
    return this.runOnce({ kind: changes.length > 0 ? 'changes' : 'due', stages });
  }

  private pruneRecentlyHandled(): void {
    const horizon = Date.now() - 2 * this.settings.safetyNetIntervalMs;
    for (const [id, at] of this.recentlyHandled) if (at < horizon) this.recentlyHandled.delete(id);
  }

  /** Starts the change event subscription (when enabled); the loop polls while it is not up. */
  private async startStream(): Promise<void> {
    if (this.options.events === false || this.stream) return;
    // One channel for everything the stages watch, filtered in the org by the package's channel
    // members: the companion's own writes (a status, an attempt, a logged email) are never
    // delivered, which spares the org's event delivery allocation and every worker a message each.
    const channels = new Map<string, string | null>([[strideChangesChannel(this.api.names), null]]);
    const replayFrom = this.stateFile?.replay() ?? {};
    this.stream = new ChangeStream({
      conn: this.options.conn,
      log: this.options.log,
      channels,
      objectOf: (entityName) => this.api.names.local(entityName),
      replayFrom,
      createClient: this.options.streamClient,
      onEvent: (event) => this.onEvent(event),
      onStateChange: (state) => {
        this.metrics.stream(state);
        this.options.log.info(
          { state },
          state === 'up'
            ? 'change events: connected'
            : `change events: ${state}; polling every ${this.settings.pollIntervalMs / 1000} s meanwhile`
        );
        if (state === 'up') {
          // A channel with no replay id resumes with new events only: what was written since the
          // last change check, before the subscription, is found by checking once more now.
          this.changeCheckDue = true;
          this.nudge();
        }
      },
      onResync: () => {
        this.fullPassDue = true;
        this.nudge();
      }
    });
    try {
      await this.stream.start();
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, 'change events unavailable; polling instead');
    }
  }

  private fullPassDue = true;
  /** When the probe last checked records for changes (`sobjects/X/updated`). */
  private lastChangeCheckMs = 0;
  /** The event stream has just come up: the next probe checks for changes, and comes at once. */
  private changeCheckDue = false;

  private onEvent(event: ReceivedEvent): void {
    const change: Change = { object: event.object, header: event.header, payload: event.payload };
    const stages = this.stagesFor([change]);
    const orgNowMs = this.clock.now().getTime();
    const lag =
      typeof event.header.commitTimestamp === 'number'
        ? (orgNowMs - event.header.commitTimestamp) / 1000 / Math.max(this.clock.speed(), 1e-9)
        : null;
    this.metrics.event(event.object, stages.size > 0, lag);
    this.options.log.debug(
      { object: event.object, ids: event.header.recordIds, replayId: event.replayId, stages: [...stages] },
      'change event'
    );
    if (CATALOG_OBJECTS.has(event.object)) this.catalogStale = true;
    if (stages.size === 0 && !CATALOG_OBJECTS.has(event.object) && this.pendingChanges.length === 0) {
      // Nothing to run (the companion's own writes, fields no rule reads) and nothing before it
      // waiting: processed as it arrives.
      for (const id of event.header.recordIds ?? []) this.recentlyHandled.set(id, Date.now());
      this.stateFile?.setReplay(event.channel, event.replayId);
      return;
    }
    this.pendingChanges.push({ change, channel: event.channel, replayId: event.replayId });
    if (this.eventTimer) return;
    this.eventTimer = setTimeout(() => {
      this.eventTimer = null;
      this.nudge();
    }, EVENT_DEBOUNCE_MS);
  }

  /** The stages these changes call for, given what the catalog says rules read and enroll. */
  private stagesFor(changes: Change[]): Set<StageName> {
    const autoEnrolled = this.catalog
      ? autoEnrollObjects(this.catalog.sequences.values())
      : new Set<string>();
    return stagesForChanges(
      changes,
      (object) => this.watchedPersonFields(object),
      (object) => autoEnrolled.has(object)
    );
  }

  /** Person fields some rule reads (criteria, templates, exits), for filtering Lead/Contact events. */
  private watchedPersonFields(object: string): Set<string> | undefined {
    const paths = (this.catalog?.personFields as Record<string, string[]> | undefined)?.[object];
    if (!paths) return undefined;
    const fields = new Set<string>(['IsConverted', 'IsDeleted', 'HasOptedOutOfEmail', 'IsEmailBounced']);
    for (const path of paths) {
      const [first] = path.split('.');
      fields.add(
        path.includes('.') ? (first.endsWith('__r') ? `${first.slice(0, -3)}__c` : `${first}Id`) : first
      );
    }
    return fields;
  }

  /** Records the replay ids of the pending events that need no pass (or whose pass completed). */
  private commitReplay(upTo = this.pendingChanges.length): void {
    const done = this.pendingChanges.splice(0, upTo);
    for (const item of done) {
      // Only now is the change no news to the probe: one whose pass never ran stays visible to it.
      for (const id of item.change.header?.recordIds ?? []) this.recentlyHandled.set(id, Date.now());
      if (item.channel && item.replayId !== undefined) this.stateFile?.setReplay(item.channel, item.replayId);
    }
  }

  /**
   * The pass for the changes events reported. Records the companion cannot read (deleted since, or
   * not visible to the integration user) are skipped with a log line; the replay ids are recorded
   * once the pass has completed.
   */
  private async runEventPass(): Promise<PassResult | null> {
    const batch = this.pendingChanges.length;
    const items = this.pendingChanges.slice(0, batch);
    const readable = await this.readableChanges(items.map((i) => i.change));
    const stages = this.stagesFor(readable);
    for (const stage of this.deferredStages) stages.add(stage);
    let result: PassResult | null = null;
    if (stages.size > 0) result = await this.runOnce({ kind: 'events', stages });
    else if (this.catalogStale) {
      this.catalogStale = false;
      await this.catalog.refresh(true);
    }
    this.commitReplay(batch);
    return result;
  }

  /**
   * The changes whose records the companion can read (queries of 200 ids, sent together). Only
   * changes that call for a stage are checked; ids beyond `READABILITY_CHECK_IDS` are taken as
   * readable (the stages read the records themselves anyway).
   */
  private async readableChanges(changes: Change[]): Promise<Change[]> {
    const idsByObject = new Map<string, Set<string>>();
    const checked = new Set<Change>();
    let budget = READABILITY_CHECK_IDS;
    for (const change of changes) {
      const type = change.header?.changeType ?? '';
      if (type.endsWith('DELETE') || this.stagesFor([change]).size === 0) continue;
      const ids = (change.header?.recordIds ?? []).filter((id) => /^[a-zA-Z0-9]{15,18}$/.test(id));
      if (ids.length === 0 || ids.length > budget) continue;
      budget -= ids.length;
      checked.add(change);
      const set = idsByObject.get(change.object) ?? new Set<string>();
      for (const id of ids) set.add(id);
      idsByObject.set(change.object, set);
    }
    const visible = new Set<string>();
    const failed = new Set<string>();
    await Promise.all(
      [...idsByObject].flatMap(([object, ids]) =>
        chunk([...ids], 200).map(async (part) => {
          try {
            const rows = await this.api.query<{ Id: string }>(
              `SELECT Id FROM ${object} WHERE Id IN ${soqlIdList(part)}`
            );
            for (const row of rows) visible.add(row.Id.slice(0, 15));
          } catch (error) {
            // Not proof that the records are unreadable: the stages run and read for themselves.
            failed.add(object);
            this.options.log.warn(
              { object, err: (error as Error).message },
              `change events: could not check whether ${object} records can be read; running their stages anyway`
            );
          }
        })
      )
    );
    return changes.filter((change) => {
      if (!checked.has(change) || failed.has(change.object)) return true;
      const type = change.header?.changeType ?? '';
      const ids = change.header?.recordIds ?? [];
      const unreadable = ids.filter((id) => !visible.has(id.slice(0, 15)));
      for (const id of unreadable) {
        this.options.log.warn(
          { object: change.object, id, changeType: type },
          `change event skipped: ${change.object} ${id} cannot be read by the integration user (deleted since, or not shared with it)`
        );
      }
      return unreadable.length < ids.length;
    });
  }

  /** Liveness and readiness for /healthz. */
  health(): Health {
    const now = Date.now();
    const reasons: string[] = [];
    const staleAfter = Math.max(3 * this.probeIntervalMs(), 60_000);
    const connected = this.lastApiSuccessMs > 0 && now - this.lastApiSuccessMs < staleAfter;
    if (!this.initialized) reasons.push('not connected yet');
    else if (!connected)
      reasons.push(`no successful API call for ${Math.round((now - this.lastApiSuccessMs) / 1000)} s`);
    if (this.mode !== 'running') reasons.push(`companion is ${this.mode}`);
    if (this.lastPass && !this.lastPass.ok) reasons.push('the last pass failed');
    const stream = this.eventStreamState;
    if (this.options.events !== false && stream !== 'up') reasons.push(`change events ${stream}: polling`);
    const ready = this.initialized && connected && this.mode === 'running';
    const budget = this.budget.snapshot();
    return {
      ready,
      status: !ready ? 'not_ready' : reasons.length > 0 ? 'degraded' : 'ok',
      mode: this.mode,
      connected,
      lastPass: this.lastPass
        ? {
            at: new Date(this.lastPass.atMs).toISOString(),
            kind: this.lastPass.kind,
            ok: this.lastPass.ok,
            ageSeconds: Math.round((now - this.lastPass.atMs) / 1000)
          }
        : null,
      eventStream: stream,
      budget: { level: budget.level, callsToday: budget.callsToday, allowance: budget.allowance },
      reasons
    };
  }

  /** Send-as sessions and the SMTP channel from the options; undefined when neither is configured. */
  private emailChannels(): EmailChannels | undefined {
    const { sendAs, mailboxes, probe } = this.options.email ?? {};
    if (!sendAs && !mailboxes) return undefined;
    const sessions = sendAs
      ? new SenderSessions(sendAs, {
          apiVersion: this.options.apiVersion,
          names: this.api.names,
          log: this.options.log,
          api: { ...this.options.api, signal: this.waitController.signal },
          onCall: () => {
            this.budget.recordCall(this.clock.now());
            this.metrics.apiCall();
          }
        })
      : null;
    this.options.log.info(
      {
        sendAs: sendAs ? 'owner (JWT bearer)' : 'integration user',
        orgWideFallback: sendAs?.orgWideAddress ?? null,
        defaultChannel: mailboxes?.channel ?? 'salesforce',
        smtpMailboxes: mailboxes ? Object.keys(mailboxes.users).length : 0
      },
      'email channels'
    );
    return {
      sessions,
      mailer: mailboxes ? new SmtpMailer(mailboxes) : null,
      probe: probe !== undefined ? probe : (this.options.adapters?.mailboxProbe ?? null)
    };
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
        smsFrom: this.options.smsFrom ?? process.env.STRIDE_SMS_FROM ?? '+15005550006',
        email: this.email
      },
      stats: emptyStats(),
      touched: new Set<string>(),
      signal: this.stopController.signal,
      essentialOnly: this.api.budgetLevel() === 'essential',
      leaseWatch: this.leaseWatch,
      sliceChoice: this.sliceChoice,
      autoEnroll: this.autoEnrollSync
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
    let nextProbeMs = 0;
    let nextFullMs = 0;
    await this.init();
    await this.startStream();
    while (this.mode === 'running') {
      let waitMs = 0;
      try {
        const nowMs = Date.now();
        let result: PassResult | null = null;
        let probed = false;
        if (this.fullPassDue || nowMs >= nextFullMs) {
          this.fullPassDue = false;
          // Events cover what comes after a full pass that starts with the stream up.
          if (this.eventStreamState === 'up') this.changeCheckDue = false;
          await this.clock.sync();
          const orgStart = this.clock.now();
          result = await this.runOnce({ kind: 'full' });
          // What changed before the full pass began, the full pass has seen.
          this.changeWindow.advance(orgStart);
          nextFullMs = Date.now() + this.settings.fullPassIntervalMs;
          nextProbeMs = Date.now() + this.probeIntervalMs();
        } else if (this.pendingChanges.length > 0) {
          result = await this.runEventPass();
        } else if (this.requestedStages.size > 0) {
          const stages = new Set(this.requestedStages);
          this.requestedStages.clear();
          result = await this.runOnce({ kind: 'events', stages });
        } else if (this.changeCheckDue || nowMs >= nextProbeMs || nowMs >= this.nextDueRealMs) {
          probed = true;
          result = await this.probeOnce();
          nextProbeMs = Date.now() + this.probeIntervalMs();
        }
        contiguousErrors = 0;
        if (result?.moreWork) {
          // A full batch: more due work waits; look again at once (one probe call).
          nextProbeMs = 0;
          continue;
        }
        if (this.pendingChanges.length > 0) continue;
        // After work, look again soon (the next step may be due); after an idle probe, wait.
        if (result && !probed)
          nextProbeMs = Math.min(nextProbeMs, Date.now() + Math.min(this.settings.pollIntervalMs, 1000));
        const wake = Math.min(nextProbeMs, nextFullMs, this.nextDueRealMs);
        waitMs = Math.max(0, wake - Date.now());
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
        nextProbeMs = Date.now() + waitMs;
      }
      if (this.mode !== 'running') break;
      if (waitMs <= 0) continue;
      this.waitAbort = new AbortController();
      await sleep(waitMs, this.waitAbort.signal);
    }
  }

  /** Org time (the injected clock's). */
  now(): Date {
    return this.clock.now();
  }

  /** Re-reads the org clock (a development org's may have been moved since the last pass). */
  async syncClock(): Promise<void> {
    await this.clock.sync();
  }

  /** Asks for a pass of these stages soon (the SMS webhook after a reply: exit on reply). */
  requestStages(stages: StageName[]): void {
    for (const stage of stages) this.requestedStages.add(stage);
    this.nudge();
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
    this.email?.mailer?.close();
    await this.stream?.stop();
    this.stream = null;
    if (this.eventTimer) clearTimeout(this.eventTimer);
    this.stateFile?.save();
    this.mode = 'stopped';
  }
}
