#!/usr/bin/env node
/**
 * The `stride` command line:
 *
 *   stride run [--once]        poll loop (or one pass) against an org
 *   stride status              participants and actions by status, due now, failing actions
 *   stride enroll              enroll people (SOQL filter or ids) in a sequence, in bulk
 *
 * Connections: the running local org by default (`npm run local-org` or `npm start` leave its
 * connection in `.stride/local-org.json`); `--instance-url` + `--access-token` (or
 * STRIDE_INSTANCE_URL / STRIDE_ACCESS_TOKEN); `--target-org <sf alias>`; or the JWT bearer flow
 * (`--jwt-key-file`, `--client-id`, `--username`, `--login-url`).
 *
 * What depends on where it runs (the org's clock, the SMS provider, …) comes from the `OrgAdaptersFor`
 * that `main` is given: every default in production (bin/stride), a development org's own with
 * `bin/stride --local-org` (src/demo/stride-local.ts).
 */
import { emailOptionsFromEnv } from './channels/email-config';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { SalesforceApi, type ApiOptions } from './api';
import { SystemClock } from './clock';
import { Companion } from './companion';
import { productionAdapters, type OrgAdapters, type OrgAdaptersFor } from './org-adapters';
import { CompanionMetrics } from './observability/metrics';
import { OpsServer } from './observability/server';
import { startSmsWebhook } from './webhooks/start';
import { openConnection } from './connect';
import {
  OptionError,
  parseIntegerOption,
  parseTimeZoneOption,
  resolveConnection,
  settingsFromConfiguration,
  type LocalOrgConnectionFile,
  type RawConnectionFlags,
  type WorkerSettings
} from './config';
import { enroll, enrollProgress, formatEnrollResult } from './enroll';
import { FatalError } from './errors';
import { createLogger, registerSecret, type Logger } from './logger';
import { scrubText } from './redact';
import { detectNamespace, NameMapper } from './names';
import { collectStatus, formatStatus } from './status';

function addConnectionOptions(command: Command): Command {
  return command
    .option('--instance-url <url>', 'org URL (default: STRIDE_INSTANCE_URL)')
    .option(
      '--access-token <token>',
      'session id / access token; prefer STRIDE_ACCESS_TOKEN (a flag is visible to every user in ps)'
    )
    .option(
      '--refresh-token <token>',
      'refresh token to re-mint an expired session; prefer STRIDE_REFRESH_TOKEN (flags show in ps)'
    )
    .option('--target-org <alias>', 'an org authorized with the sf CLI (alias or username)')
    .option('--jwt-key-file <path>', 'private key for the OAuth 2.0 JWT bearer flow')
    .option('--client-id <id>', 'consumer key of the External Client App (JWT)')
    .option('--username <username>', 'integration user (JWT)')
    .option('--login-url <url>', 'login URL for JWT or refresh (default https://login.salesforce.com)')
    .option('--api-version <version>', 'Salesforce API version', '66.0')
    .option('--log-level <level>', 'fatal, error, warn, info, debug (default: info for run, warn otherwise)')
    .option('--pretty', 'human-readable logs instead of JSON lines');
}

/** The running local org's connection (`.stride/local-org.json`), when there is one. */
function readLocalOrgConnection(): LocalOrgConnectionFile | undefined {
  try {
    return JSON.parse(
      fs.readFileSync(path.resolve('.stride', 'local-org.json'), 'utf8')
    ) as LocalOrgConnectionFile;
  } catch {
    return undefined;
  }
}

async function connect(
  flags: RawConnectionFlags & { logLevel?: string; pretty?: boolean },
  adaptersFor: OrgAdaptersFor
): Promise<{
  api: SalesforceApi;
  log: Logger;
  companionParts: Awaited<ReturnType<typeof openConnection>>;
  apiVersion: string;
  adapters: OrgAdapters;
}> {
  const log = createLogger({ level: flags.logLevel, pretty: flags.pretty });
  const localOrg = readLocalOrgConnection();
  const options = resolveConnection(flags, process.env, localOrg);
  // The exact secrets this process holds are scrubbed from every log line and error it prints.
  if (options.kind === 'token') {
    registerSecret(options.accessToken);
    registerSecret(options.refreshToken);
  }
  registerSecret(process.env.TWILIO_AUTH_TOKEN);
  const opened = await openConnection(options);
  log.info({ org: opened.description }, 'connecting');
  const api = new SalesforceApi(opened.conn, new NameMapper(''), log, {
    version: options.apiVersion,
    refreshSession: opened.refreshSession
  });
  const instanceUrl = String(opened.conn.instanceUrl ?? '').replace(/\/+$/, '');
  const adapters = await adaptersFor({ instanceUrl }, log);
  return { api, log, companionParts: opened, apiVersion: options.apiVersion, adapters };
}

async function withNamespace(api: SalesforceApi): Promise<SalesforceApi> {
  const namespace = detectNamespace(await api.describeGlobalNames());
  (api as unknown as { names: NameMapper }).names = new NameMapper(namespace);
  return api;
}

/** The org's "now" from the adapters' clock (a development org's may be moved or fast), else system time. */
async function orgNow(adapters: OrgAdapters): Promise<Date> {
  const clock = adapters.clock ?? new SystemClock();
  await clock.sync();
  return clock.now();
}

interface RunFlags extends RawConnectionFlags {
  once?: boolean;
  events?: boolean;
  metricsPort?: string;
  webhookPort?: string;
  webhookHost?: string;
  webhookUrl?: string;
  stateDir?: string;
  safetyNetSeconds?: string;
  fullPassMinutes?: string;
  apiBudgetPercent?: string;
  config?: string;
  pollIntervalSeconds?: string;
  leaseSeconds?: string;
  batchSize?: string;
  dailyEmailCap?: string;
  emailsPerMinute?: string;
  defaultTimeZone?: string;
  workerId?: string;
  logLevel?: string;
  pretty?: boolean;
}

/** Worker settings from flags, each checked with a message naming the flag. */
export function settingsFromFlags(flags: RunFlags): Partial<WorkerSettings> {
  const settings: Partial<WorkerSettings> = {};
  const poll = parseIntegerOption('--poll-interval-seconds', flags.pollIntervalSeconds, 1, 3600);
  if (poll !== undefined) settings.pollIntervalMs = poll * 1000;
  const lease = parseIntegerOption('--lease-seconds', flags.leaseSeconds, 2, 3600);
  if (lease !== undefined) settings.leaseSeconds = lease;
  const batch = parseIntegerOption('--batch-size', flags.batchSize, 1, 2000);
  if (batch !== undefined) settings.batchSize = batch;
  const cap = parseIntegerOption('--daily-email-cap', flags.dailyEmailCap, 0, 1_000_000);
  if (cap !== undefined) settings.dailyEmailCapPerOwner = cap;
  const perMinute = parseIntegerOption('--emails-per-minute', flags.emailsPerMinute, 0, 1_000_000);
  if (perMinute !== undefined) settings.emailsPerMinute = perMinute;
  if (flags.defaultTimeZone)
    settings.defaultTimeZone = parseTimeZoneOption('--default-time-zone', flags.defaultTimeZone);
  if (flags.workerId) settings.workerId = flags.workerId.slice(0, 100);
  const safetyNet = parseIntegerOption('--safety-net-seconds', flags.safetyNetSeconds, 1, 86_400);
  if (safetyNet !== undefined) settings.safetyNetIntervalMs = safetyNet * 1000;
  const fullPass = parseIntegerOption('--full-pass-minutes', flags.fullPassMinutes, 1, 1440);
  if (fullPass !== undefined) settings.fullPassIntervalMs = fullPass * 60_000;
  const budget = parseIntegerOption('--api-budget-percent', flags.apiBudgetPercent, 1, 100);
  if (budget !== undefined) settings.apiBudgetShare = budget / 100;
  return settings;
}

/** Settings from `--config FILE` (over config/companion.json), then flags over both. */
export function runSettings(flags: RunFlags): Partial<WorkerSettings> {
  let fromFile: Partial<WorkerSettings> = {};
  if (flags.config) {
    let text: string;
    try {
      text = fs.readFileSync(flags.config, 'utf8');
    } catch (error) {
      throw new OptionError('--config', `cannot read ${flags.config}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new OptionError('--config', `${flags.config} is not valid JSON: ${(error as Error).message}`);
    }
    fromFile = settingsFromConfiguration(parsed, flags.config);
  }
  return { ...fromFile, ...settingsFromFlags(flags) };
}

/** Runs the companion; first SIGINT/SIGTERM stops gracefully, the second forces the exit. */
async function run(flags: RunFlags, adaptersFor: OrgAdaptersFor): Promise<void> {
  const settings = runSettings(flags);
  // Signals are handled from the first moment: a stop during start-up (nothing claimed yet) exits cleanly.
  const running: { companion?: Companion } = {};
  let stopRequested = false;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      stopRequested = true;
      process.stderr.write(`stride: ${signal}: stopping after the current sends (send it again to force)\n`);
      if (running.companion) void running.companion.stop();
      else process.exit(0);
    } else {
      process.stderr.write(`stride: ${signal}: forced stop\n`);
      process.exit(130);
    }
  };
  if (!flags.once) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const metricsPort = parseIntegerOption('--metrics-port', flags.metricsPort, 0, 65_535);
  const webhookPort = parseIntegerOption('--webhook-port', flags.webhookPort, 0, 65_535);
  const webhookUrl = flags.webhookUrl ? parseWebhookUrl(flags.webhookUrl) : undefined;
  const { log, companionParts, apiVersion, adapters } = await connect(
    { ...flags, logLevel: flags.logLevel ?? 'info' },
    adaptersFor
  );
  const metrics = metricsPort === undefined ? undefined : new CompanionMetrics({ processMetrics: true });
  const companion = new Companion({
    conn: companionParts.conn,
    log,
    settings,
    apiVersion,
    adapters,
    refreshSession: companionParts.refreshSession,
    events: flags.events !== false,
    stateDir: flags.stateDir ?? '.stride',
    metrics,
    api: { beforeWrite: writeFailpoint(process.env.STRIDE_FAILPOINT_WRITE) },
    email: emailOptionsFromEnv(process.env, flags),
    ...(webhookUrl ? { smsStatusCallbackUrl: `${webhookUrl}/twilio/sms/status` } : {})
  });
  running.companion = companion;
  if (flags.once) {
    await companion.runOnce();
    await companion.stop();
    return;
  }
  if (stopRequested) return;
  let ops: OpsServer | undefined;
  if (metrics && metricsPort !== undefined) {
    ops = new OpsServer(metrics, () => companion.health());
    const port = await ops.listen(metricsPort);
    log.info({ port }, `ops port: http://127.0.0.1:${port}/healthz and /metrics`);
  }
  let webhook: Awaited<ReturnType<typeof startSmsWebhook>> | undefined;
  if (webhookPort !== undefined) {
    await companion.init();
    webhook = await startSmsWebhook({
      companion,
      log,
      port: webhookPort,
      host: flags.webhookHost,
      publicUrl: webhookUrl,
      register: adapters.registerSmsWebhook
    });
  }
  log.info(
    {
      workerId: companion.settings.workerId,
      events: flags.events !== false,
      pollIntervalMs: companion.settings.pollIntervalMs,
      safetyNetIntervalMs: companion.settings.safetyNetIntervalMs
    },
    'companion running'
  );
  try {
    await companion.start();
  } finally {
    await ops?.close();
    await webhook?.server.close();
  }
  log.info('companion stopped');
}

/** `--webhook-url`: an absolute http(s) URL without a trailing slash. */
export function parseWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OptionError(
      '--webhook-url',
      `expected an absolute URL such as https://stride.example.com, got "${value}"`
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OptionError('--webhook-url', `expected http:// or https://, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/**
 * The crash-consistency failpoint (tests only): with `STRIDE_FAILPOINT_WRITE=n` the process kills
 * itself (SIGKILL, no clean-up) right before its n-th write request — claims, sends, upserts,
 * outcome writes; lease renewals are not counted. Unset (always, in production): no hook.
 */
export function writeFailpoint(value: string | undefined): ApiOptions['beforeWrite'] {
  if (value === undefined || value === '') return undefined;
  const boundary = Number(value);
  if (!Number.isInteger(boundary) || boundary < 1)
    throw new OptionError('STRIDE_FAILPOINT_WRITE', `expected a whole number ≥ 1, got "${value}"`);
  let writes = 0;
  return (_request, purpose) => {
    if (purpose === 'lease') return;
    writes++;
    if (writes >= boundary) process.kill(process.pid, 'SIGKILL');
  };
}

export function buildProgram(adaptersFor: OrgAdaptersFor = productionAdapters): Command {
  const program = new Command('stride')
    .description('Stride companion: runs sequences on time, sends automatic work, applies what reps did.')
    .showHelpAfterError();

  addConnectionOptions(
    program
      .command('run')
      .description('run passes until stopped (Ctrl-C once: graceful; twice: forced)')
      .option('--once', 'run one pass and exit')
      .option('--config <file>', 'JSON settings over config/companion.json (same keys); flags win')
      .option(
        '--poll-interval-seconds <n>',
        'wait between work probes while change events are down or off (default 30)'
      )
      .option('--no-events', 'poll only: do not subscribe to change events')
      .option('--safety-net-seconds <n>', 'wait between work probes while change events flow (default 300)')
      .option('--full-pass-minutes <n>', 'wait between full passes of every stage (default 60)')
      .option(
        '--api-budget-percent <n>',
        "share of the org's daily API allocation to stay within (default 25)"
      )
      .option(
        '--metrics-port <port>',
        'serve /healthz and /metrics (Prometheus) on this port (0 = any free port)'
      )
      .option(
        '--webhook-port <port>',
        "serve the SMS provider's status and inbound webhooks (/twilio/sms/status, /twilio/sms/inbound) on this port"
      )
      .option('--webhook-host <host>', 'address the webhook port listens on (default 127.0.0.1)')
      .option(
        '--webhook-url <url>',
        'public base URL the provider calls (signatures are checked against it; also sent as StatusCallback)'
      )
      .option('--state-dir <dir>', 'where replay ids and API calls are kept between runs (default .stride)')
      .option(
        '--lease-seconds <n>',
        'how long a claim is held without renewal before other workers reconcile it (default 120)'
      )
      .option('--batch-size <n>', 'due actions read per pass (max 2000, default 2000)')
      .option('--daily-email-cap <n>', 'automatic emails per owner per day (default 1000)')
      .option('--emails-per-minute <n>', 'automatic emails per minute (0 = no throttle, the default)')
      .option('--default-time-zone <zone>', 'IANA zone when a record has none (default America/New_York)')
      .option('--worker-id <id>', 'name of this worker in Action_Attempt__c (default host:pid:random)')
  ).action(async (flags: RunFlags) => run(flags, adaptersFor));

  addConnectionOptions(
    program
      .command('status')
      .description('counts by status, due now, failing actions with reasons, API calls and projections')
      .option('--json', 'print JSON')
      .option('--state-dir <dir>', "the companion's state folder (default .stride)")
  ).action(async (flags: RawConnectionFlags & { json?: boolean; logLevel?: string; pretty?: boolean }) => {
    const { api, adapters } = await connect({ ...flags, logLevel: flags.logLevel ?? 'warn' }, adaptersFor);
    await withNamespace(api);
    const report = await collectStatus(api, await orgNow(adapters), {
      stateDir: (flags as { stateDir?: string }).stateDir ?? '.stride'
    });
    process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : formatStatus(report)}\n`);
  });

  addConnectionOptions(
    program
      .command('enroll')
      .description('enroll people in a sequence, in bulk')
      .requiredOption('--sequence <id-or-name>', 'the sequence (id or exact name)')
      .option(
        '--where <soql-filter>',
        "SOQL WHERE clause on the sequence's target object, e.g. \"Status = 'Open'\""
      )
      .option(
        '--ids <ids>',
        'comma-separated ids of the target object (Leads, Contacts, Opportunities, Campaigns)'
      )
      .option('--ids-file <path>', 'file with one id per line (or separated by commas or spaces)')
      .option(
        '--role <role>',
        "Opportunity sequences: only contact roles with this Role, e.g. 'Decision Maker'"
      )
      .addOption(
        new Option(
          '--dry-run',
          'preview: who would be enrolled, and why the others would not; creates nothing'
        )
      )
  ).action(
    async (
      flags: RawConnectionFlags & {
        sequence: string;
        where?: string;
        ids?: string;
        idsFile?: string;
        role?: string;
        dryRun?: boolean;
        logLevel?: string;
        pretty?: boolean;
      }
    ) => {
      let ids = flags.ids
        ? flags.ids
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
      if (flags.idsFile) {
        if (!fs.existsSync(flags.idsFile))
          throw new OptionError('--ids-file', `no such file: ${flags.idsFile}`);
        ids = [
          ...(ids ?? []),
          ...fs
            .readFileSync(flags.idsFile, 'utf8')
            .split(/[\s,]+/)
            .filter(Boolean)
        ];
        if (ids.length === 0) throw new OptionError('--ids-file', `${flags.idsFile} holds no ids`);
      }
      const { api, adapters } = await connect({ ...flags, logLevel: flags.logLevel ?? 'warn' }, adaptersFor);
      await withNamespace(api);
      const progress = enrollProgress(process.stderr);
      const result = await enroll(api, {
        sequence: flags.sequence,
        where: flags.where,
        ids,
        role: flags.role,
        now: await orgNow(adapters),
        dryRun: flags.dryRun,
        onProgress: progress
      });
      process.stdout.write(`${formatEnrollResult(result, { dryRun: flags.dryRun, name: flags.sequence })}\n`);
    }
  );
  return program;
}

/** Runs the command line; resolves with the exit code (2 bad option, 3 fatal, 1 other failure). */
export async function main(
  argv: string[] = process.argv,
  adaptersFor: OrgAdaptersFor = productionAdapters
): Promise<number> {
  try {
    await buildProgram(adaptersFor).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof OptionError) {
      process.stderr.write(`stride: ${scrubText(error.message)}\n`);
      return 2;
    }
    if (error instanceof FatalError) {
      process.stderr.write(`stride: ${scrubText(error.message)}\n`);
      return 3;
    }
    process.stderr.write(`stride: ${scrubText((error as Error).message)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
