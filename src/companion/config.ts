/**
 * Companion settings: what the CLI flags, configuration files and environment variables mean, their
 * defaults (`config/companion.json`) and units, and validation that says exactly which option is
 * wrong and why.
 */
import { PACKAGE_FIELD_ALLOW_LIST, withExtraFields } from '../core/fieldAllowList';
import defaultConfiguration from '../../config/companion.json';
import { CompanionError } from './errors';

export type ConnectionOptions =
  | {
      kind: 'token';
      instanceUrl: string;
      accessToken: string;
      apiVersion: string;
      refreshToken?: string;
      clientId?: string;
      loginUrl?: string;
    }
  | { kind: 'alias'; targetOrg: string; apiVersion: string }
  | {
      kind: 'jwt';
      jwtKeyFile: string;
      clientId: string;
      username: string;
      loginUrl: string;
      apiVersion: string;
    };

/** Tunables of a pass. Units are in the names. */
export interface WorkerSettings {
  /** Identifies this process in Action_Attempt__c.Worker__c. */
  workerId: string;
  /** Wait between passes when there was nothing to do. */
  pollIntervalMs: number;
  /** How long a claim is held before another worker may treat the attempt as in doubt. */
  leaseSeconds: number;
  /** Most due actions read per pass (one query page is 2,000). */
  batchSize: number;
  /** Emails per owner per day (overflow moves to the next day with reason DAILY_LIMIT). */
  dailyEmailCapPerOwner: number;
  /** Automatic emails per minute across this worker; 0 = unlimited. */
  emailsPerMinute: number;
  /** SMS window in the recipient's zone (`HH:mm`): no SMS outside it (quiet hours). */
  smsWindow: { start: string; end: string };
  /** Region for national phone numbers (ISO 3166 alpha-2). */
  defaultRegion: string;
  /** Zone used when a participant has no Time_Zone__c. */
  defaultTimeZone: string;
  /** Send-time attempts before an action fails for good. */
  maxAttempts: number;
  /**
   * The org's own fields Stride may use beyond the package's allow-list (core fieldAllowList.ts):
   * `Lead.Score__c` (criteria, merge fields) or `Lead.Score__c:write` (field updates too).
   */
  allowFields: string[];
  /** Wait between work probes while change events flow (the safety net). */
  safetyNetIntervalMs: number;
  /** Wait between full passes (every stage), whatever the events say. */
  fullPassIntervalMs: number;
  /** Share of the org's daily API allocation the companion allows itself (0–1). */
  apiBudgetShare: number;
}

/** A validation problem in the options, naming the option. */
export class OptionError extends CompanionError {
  constructor(
    readonly option: string,
    message: string
  ) {
    super(`${option}: ${message}`, 'INVALID_OPTION');
  }
}

/**
 * The settings a configuration file may hold (`config/companion.json` is the default one; `stride
 * run --config FILE` layers another on top, and flags win over both). Units are in the names.
 */
const CONFIGURATION_KEYS = [
  'pollIntervalSeconds',
  'leaseSeconds',
  'batchSize',
  'dailyEmailCapPerOwner',
  'emailsPerMinute',
  'smsWindow',
  'defaultRegion',
  'defaultTimeZone',
  'maxAttempts',
  'allowFields',
  'safetyNetSeconds',
  'fullPassMinutes',
  'apiBudgetPercent'
] as const;

/**
 * Reads worker settings from a parsed configuration file, naming the file and key of any problem.
 *
 * @example
 * settingsFromConfiguration({ leaseSeconds: 90 }, 'ops.json') //=> { leaseSeconds: 90 }
 * settingsFromConfiguration({ leaseSecs: 90 }, 'ops.json') // throws "ops.json: leaseSecs: unknown setting; known: pollIntervalSeconds, …"
 */
export function settingsFromConfiguration(raw: unknown, source: string): Partial<WorkerSettings> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new OptionError(source, 'expected a JSON object of settings');
  }
  const entries = raw as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    if (!(CONFIGURATION_KEYS as readonly string[]).includes(key)) {
      throw new OptionError(`${source}: ${key}`, `unknown setting; known: ${CONFIGURATION_KEYS.join(', ')}`);
    }
  }
  const integer = (key: string, min: number, max: number): number | undefined => {
    const value = entries[key];
    if (value !== undefined && typeof value !== 'number')
      throw new OptionError(`${source}: ${key}`, `expected a number, got ${JSON.stringify(value)}`);
    return parseIntegerOption(`${source}: ${key}`, value as number | undefined, min, max);
  };
  const text = (key: string): string | undefined => {
    const value = entries[key];
    if (value !== undefined && typeof value !== 'string')
      throw new OptionError(`${source}: ${key}`, `expected a string, got ${JSON.stringify(value)}`);
    return value as string | undefined;
  };
  const settings: Partial<WorkerSettings> = {};
  const poll = integer('pollIntervalSeconds', 1, 3600);
  if (poll !== undefined) settings.pollIntervalMs = poll * 1000;
  const lease = integer('leaseSeconds', 2, 3600);
  if (lease !== undefined) settings.leaseSeconds = lease;
  const batch = integer('batchSize', 1, 2000);
  if (batch !== undefined) settings.batchSize = batch;
  const cap = integer('dailyEmailCapPerOwner', 0, 1_000_000);
  if (cap !== undefined) settings.dailyEmailCapPerOwner = cap;
  const perMinute = integer('emailsPerMinute', 0, 1_000_000);
  if (perMinute !== undefined) settings.emailsPerMinute = perMinute;
  const attempts = integer('maxAttempts', 1, 100);
  if (attempts !== undefined) settings.maxAttempts = attempts;
  const safetyNet = integer('safetyNetSeconds', 1, 86_400);
  if (safetyNet !== undefined) settings.safetyNetIntervalMs = safetyNet * 1000;
  const fullPass = integer('fullPassMinutes', 1, 1440);
  if (fullPass !== undefined) settings.fullPassIntervalMs = fullPass * 60_000;
  const budgetPercent = integer('apiBudgetPercent', 1, 100);
  if (budgetPercent !== undefined) settings.apiBudgetShare = budgetPercent / 100;
  const zone = text('defaultTimeZone');
  if (zone !== undefined) settings.defaultTimeZone = parseTimeZoneOption(`${source}: defaultTimeZone`, zone);
  const region = text('defaultRegion');
  if (region !== undefined) {
    if (!/^[A-Z]{2}$/.test(region))
      throw new OptionError(
        `${source}: defaultRegion`,
        `expected an ISO 3166 country code such as US, got ${JSON.stringify(region)}`
      );
    settings.defaultRegion = region;
  }
  if (entries.allowFields !== undefined) {
    const fields = entries.allowFields;
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string'))
      throw new OptionError(
        `${source}: allowFields`,
        `expected a list of "Object.Field" or "Object.Field:write", got ${JSON.stringify(fields)}`
      );
    try {
      withExtraFields(PACKAGE_FIELD_ALLOW_LIST, fields as string[]);
    } catch (error) {
      throw new OptionError(`${source}: allowFields`, (error as Error).message);
    }
    settings.allowFields = fields as string[];
  }
  if (entries.smsWindow !== undefined) {
    const window = entries.smsWindow as { start?: unknown; end?: unknown };
    const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
    if (
      typeof window !== 'object' ||
      window === null ||
      typeof window.start !== 'string' ||
      typeof window.end !== 'string' ||
      !clock.test(window.start) ||
      !clock.test(window.end)
    ) {
      throw new OptionError(
        `${source}: smsWindow`,
        `expected { "start": "HH:mm", "end": "HH:mm" }, got ${JSON.stringify(entries.smsWindow)}`
      );
    }
    settings.smsWindow = { start: window.start, end: window.end };
  }
  return settings;
}

/** The defaults, from `config/companion.json`. */
export const DEFAULT_SETTINGS = settingsFromConfiguration(
  defaultConfiguration,
  'config/companion.json'
) as Omit<WorkerSettings, 'workerId'>;

/**
 * Parses a whole number option within bounds.
 *
 * @example
 * parseIntegerOption('--lease-seconds', '90', 10, 3600) //=> 90
 * parseIntegerOption('--lease-seconds', 'abc', 10, 3600) // throws "--lease-seconds: expected a whole number from 10 to 3600, got "abc""
 */
export function parseIntegerOption(
  option: string,
  raw: string | number | undefined,
  min: number,
  max: number
): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new OptionError(
      option,
      `expected a whole number from ${min} to ${max}, got ${JSON.stringify(String(raw))}`
    );
  }
  return value;
}

/** Parses a positive decimal option (e.g. a clock speed). */
export function parseNumberOption(
  option: string,
  raw: string | undefined,
  min: number,
  max: number
): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new OptionError(option, `expected a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Checks that an option is an http(s) URL. */
/** https, or http to this machine only (a local org): credentials never cross a network in clear text. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}

export function parseUrlOption(option: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionError(
      option,
      `expected a URL such as https://example.my.salesforce.com, got ${JSON.stringify(raw)}`
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OptionError(option, `expected an http or https URL, got ${JSON.stringify(raw)}`);
  if (!isSecureOrLoopback(url)) {
    throw new OptionError(
      option,
      `http:// sends the session in clear text; use ${raw.replace(/^http:/i, 'https:').replace(/\/+$/, '')} (http is only for a local org on this machine)`
    );
  }
  return raw.replace(/\/+$/, '');
}

/** Checks an IANA zone name. */
export function parseTimeZoneOption(option: string, raw: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw });
  } catch {
    throw new OptionError(option, `unknown IANA time zone ${JSON.stringify(raw)} (e.g. America/New_York)`);
  }
  return raw;
}

export interface RawConnectionFlags {
  instanceUrl?: string;
  accessToken?: string;
  refreshToken?: string;
  targetOrg?: string;
  jwtKeyFile?: string;
  clientId?: string;
  username?: string;
  loginUrl?: string;
  apiVersion?: string;
}

/**
 * The default connection, `.stride/local-org.json`: the org a development tool running on this
 * machine (the local org) leaves for the CLI. Only the fields the companion reads.
 */
export interface LocalOrgConnectionFile {
  instanceUrl: string;
  accessToken: string;
  refreshToken?: string;
}

/**
 * Chooses the connection from flags, then environment (`STRIDE_INSTANCE_URL`, `STRIDE_ACCESS_TOKEN`,
 * `STRIDE_REFRESH_TOKEN`, `STRIDE_TARGET_ORG`), then the running local org's connection file, and
 * rejects mixtures that cannot both be meant.
 *
 * @example
 * resolveConnection({ targetOrg: 'my-sandbox' }, {}) //=> { kind: 'alias', targetOrg: 'my-sandbox', apiVersion: '66.0' }
 */
export function resolveConnection(
  flags: RawConnectionFlags,
  env: NodeJS.ProcessEnv,
  localOrg?: LocalOrgConnectionFile
): ConnectionOptions {
  const apiVersion = flags.apiVersion ?? env.STRIDE_API_VERSION ?? '66.0';
  if (!/^\d{2}\.0$/.test(apiVersion))
    throw new OptionError(
      '--api-version',
      `expected a version such as 66.0, got ${JSON.stringify(apiVersion)}`
    );
  const jwt = flags.jwtKeyFile !== undefined;
  const alias = flags.targetOrg !== undefined;
  const token = flags.instanceUrl !== undefined || flags.accessToken !== undefined;
  if ([jwt, alias, token].filter(Boolean).length > 1) {
    throw new OptionError(
      'connection',
      'choose one way to connect: --target-org, or --instance-url with --access-token, or --jwt-key-file with --client-id and --username'
    );
  }
  if (jwt) {
    for (const [flag, value] of [
      ['--client-id', flags.clientId],
      ['--username', flags.username]
    ] as const) {
      if (!value) throw new OptionError(flag, 'is required with --jwt-key-file (JWT bearer flow)');
    }
    return {
      kind: 'jwt',
      jwtKeyFile: flags.jwtKeyFile!,
      clientId: flags.clientId!,
      username: flags.username!,
      loginUrl: parseUrlOption('--login-url', flags.loginUrl ?? 'https://login.salesforce.com'),
      apiVersion
    };
  }
  if (alias) return { kind: 'alias', targetOrg: flags.targetOrg!, apiVersion };
  const instanceUrl = flags.instanceUrl ?? env.STRIDE_INSTANCE_URL;
  const accessToken = flags.accessToken ?? env.STRIDE_ACCESS_TOKEN;
  if (!instanceUrl && !accessToken && env.STRIDE_TARGET_ORG)
    return { kind: 'alias', targetOrg: env.STRIDE_TARGET_ORG, apiVersion };
  if (!instanceUrl && !accessToken && localOrg) {
    // The local org by default: the one `npm run local-org` or `npm start` is running.
    const url = parseUrlOption('.stride/local-org.json instanceUrl', localOrg.instanceUrl);
    return {
      kind: 'token',
      instanceUrl: url,
      accessToken: localOrg.accessToken,
      apiVersion,
      ...(localOrg.refreshToken ? { refreshToken: localOrg.refreshToken, loginUrl: url } : {})
    };
  }
  if (!instanceUrl) {
    throw new OptionError(
      '--instance-url',
      'no org to connect to: start the local org (`npm run local-org` or `npm start`), pass --instance-url and --access-token (or set STRIDE_INSTANCE_URL and STRIDE_ACCESS_TOKEN), or --target-org <alias>'
    );
  }
  if (!accessToken)
    throw new OptionError('--access-token', 'is required with --instance-url (or set STRIDE_ACCESS_TOKEN)');
  const refreshToken = flags.refreshToken ?? env.STRIDE_REFRESH_TOKEN;
  const result: ConnectionOptions = {
    kind: 'token',
    instanceUrl: parseUrlOption('--instance-url', instanceUrl),
    accessToken,
    apiVersion
  };
  if (refreshToken) {
    result.refreshToken = refreshToken;
    result.loginUrl = flags.loginUrl ? parseUrlOption('--login-url', flags.loginUrl) : result.instanceUrl;
    if (flags.clientId) result.clientId = flags.clientId;
  }
  return result;
}
