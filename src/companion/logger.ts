/**
 * Structured logging for the companion (pino). Secrets are redacted by key before anything is
 * written, in the spirit of sfdx-core's log filters: access tokens, auth headers, private keys,
 * client secrets and provider credentials never reach a log line.
 */
import pino from 'pino';

/** Paths pino replaces with `[redacted]`, at the top level and one or two levels down. */
const SECRET_KEYS = [
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'authorization',
  'Authorization',
  'password',
  'privateKey',
  'clientSecret',
  'authToken',
  'token',
  'assertion',
  'jwt'
];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
  'headers.authorization',
  'req.headers.authorization'
];

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Human-readable output (pino-pretty) instead of JSON lines. */
  pretty?: boolean;
  /** Where to write; defaults to stderr so stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
}

/**
 * Creates the companion's root logger.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info({ accessToken: 'abc' }, 'connected'); // accessToken is written as "[redacted]"
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? process.env.STRIDE_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid }
  };
  if (options.pretty) {
    // pino-pretty as a synchronous stream keeps the order of lines with the live summary.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (opts: object) => NodeJS.WritableStream;
    return pino(
      base,
      pretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', destination: 2 })
    );
  }
  return pino(
    base,
    (options.destination ?? pino.destination({ fd: 2, sync: true })) as pino.DestinationStream
  );
}

/** A logger that writes nothing (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
