/**
 * The local org's clock. Audit fields, NOW(), date literals and every control that reads "now" use
 * one instance, so a test can set, advance or speed up time and see every part of the org agree.
 *
 * Time runs as: now = anchor + (real elapsed since anchoring) × speed.
 */
export class Clock {
  private anchorVirtualMs: number;
  private anchorRealMs: number;
  private speedFactor: number;

  constructor(start?: Date | number | string, speed = 1) {
    this.anchorRealMs = Date.now();
    this.anchorVirtualMs = start === undefined ? this.anchorRealMs : new Date(start).getTime();
    this.speedFactor = speed;
  }

  /** Current virtual time in epoch milliseconds. */
  nowMs(): number {
    return this.anchorVirtualMs + (Date.now() - this.anchorRealMs) * this.speedFactor;
  }

  /** Current virtual time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** Jumps to an absolute instant; time keeps running from there at the current speed. */
  set(instant: Date | number | string): void {
    const ms = new Date(instant).getTime();
    if (Number.isNaN(ms)) throw new Error(`Clock.set: not a valid instant: ${String(instant)}`);
    this.anchorRealMs = Date.now();
    this.anchorVirtualMs = ms;
  }

  /** Moves time forward (or back, with a negative amount) by the given milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`Clock.advance: not a number of milliseconds: ${ms}`);
    this.set(this.nowMs() + ms);
  }

  /** Sets how many virtual milliseconds pass per real millisecond (0 freezes the clock). */
  setSpeed(factor: number): void {
    if (!Number.isFinite(factor) || factor < 0)
      throw new Error(`Clock.setSpeed: speed must be >= 0, got ${factor}`);
    const now = this.nowMs();
    this.anchorRealMs = Date.now();
    this.anchorVirtualMs = now;
    this.speedFactor = factor;
  }

  /** Current speed factor. */
  speed(): number {
    return this.speedFactor;
  }
}
