/**
 * The companion's notion of "now". Due-ness and leases use a single authority: the org's clock.
 * Against a real org that is the system clock (which Salesforce keeps in step with its own); a
 * development org with a movable or faster clock is followed through a RemoteClock that the
 * composition root injects (OrgAdapters.clock, see src/demo/local-org-adapters.ts).
 */

export interface ClockReading {
  /** Org time at the moment of reading, epoch ms. */
  nowMs: number;
  /** Virtual ms per real ms. */
  speed: number;
}

export interface OrgClock {
  /** Current org time. */
  now(): Date;
  /** Virtual milliseconds per real millisecond (1 for a real org). */
  speed(): number;
  /** Re-reads the authority (once per pass). */
  sync(): Promise<void>;
}

/** The system clock (real orgs). */
export class SystemClock implements OrgClock {
  now(): Date {
    return new Date();
  }
  speed(): number {
    return 1;
  }
  async sync(): Promise<void> {}
}

/**
 * A clock that follows a remote reading and extrapolates between readings with the remote speed,
 * so a local org running 3,600× faster is followed smoothly between syncs.
 */
export class RemoteClock implements OrgClock {
  private reading: ClockReading = { nowMs: Date.now(), speed: 1 };
  private readAtRealMs = Date.now();

  constructor(private readonly read: () => Promise<ClockReading>) {}

  now(): Date {
    return new Date(this.reading.nowMs + (Date.now() - this.readAtRealMs) * this.reading.speed);
  }
  speed(): number {
    return this.reading.speed;
  }
  async sync(): Promise<void> {
    const before = Date.now();
    const reading = await this.read();
    // Credit half the round trip to the reading, like NTP.
    this.readAtRealMs = before + (Date.now() - before) / 2;
    this.reading = reading;
  }
}
