/**
 * Structured logging for the companion (pino). Nothing secret reaches a log line: every object is
 * scrubbed at any depth (secret keys, secret-shaped text, the exact tokens the process holds) and
 * so is every message (`redact.ts`), in the spirit of sfdx-core's log filters.
 */
import pino from 'pino';
import { scrubText, scrubValue } from './redact';

export { registerSecret } from './redact';

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
    base: { pid: process.pid },
    formatters: {
      log: (object: Record<string, unknown>) => scrubValue(object) as Record<string, unknown>
    },
    hooks: {
      // Messages and format arguments: a token inside a sentence or a URL is scrubbed too.
      logMethod(this: pino.Logger, args: unknown[], method: pino.LogFn) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
        return (method as (...a: unknown[]) => void).apply(this, scrubbed);
      }
    }
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
