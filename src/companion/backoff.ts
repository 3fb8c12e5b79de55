/**
 * Retry timing: capped exponential backoff with jitter (graphile-worker's `calculateDelay`), and an
 * abortable sleep so a stopping worker never waits out a delay.
 */

export interface BackoffOptions {
  /** First delay in milliseconds. */
  minDelayMs: number;
  /** Largest delay in milliseconds, before jitter. */
  maxDelayMs: number;
  /** Growth per attempt. */
  multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minDelayMs: 200, maxDelayMs: 30_000, multiplier: 2 };

/**
 * The delay before retry number `previousAttempts + 1`. The random factor in [0.5, 1.5) spreads
 * retries of many workers apart (no thundering herd).
 *
 * @example
 * backoffDelayMs(0, DEFAULT_BACKOFF, () => 0.5) //=> 200
 * backoffDelayMs(3, DEFAULT_BACKOFF, () => 0.5) //=> 1600
 * backoffDelayMs(20, DEFAULT_BACKOFF, () => 0.5) //=> 30000
 */
export function backoffDelayMs(
  previousAttempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random
): number {
  const base = Math.min(
    options.minDelayMs * Math.pow(options.multiplier, previousAttempts),
    options.maxDelayMs
  );
  return Math.round(base * (0.5 + random()));
}

/**
 * Waits `ms` milliseconds, or until `signal` aborts (then resolves early, without throwing, so loops
 * simply re-check their stop flag).
 *
 * @example
 * await sleep(1000, controller.signal); // returns at once when controller.abort() is called
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
