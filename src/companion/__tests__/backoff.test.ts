/** Retry backoff and its abortable sleep (backoff.ts). */
import { backoffDelayMs, sleep } from '../backoff';

describe('backoff', () => {
  it('grows exponentially, is capped, and is jittered between 0.5× and 1.5×', () => {
    const options = { minDelayMs: 200, maxDelayMs: 30_000, multiplier: 2 };
    expect(backoffDelayMs(0, options, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, options, () => 0.5)).toBe(1600);
    expect(backoffDelayMs(20, options, () => 0.5)).toBe(30_000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(800);
    expect(backoffDelayMs(3, options, () => 0.999)).toBe(2398);
  });

  it('sleep returns early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
