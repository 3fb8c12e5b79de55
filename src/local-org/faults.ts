/**
 * Fault injection: rules that make matching requests fail the way an org fails under load or
 * trouble (row locks, 5xx, limits, expired sessions, dropped connections, slow answers).
 *
 * A rule matches by HTTP method and path (substring or regular expression) and fires with a rate,
 * after skipping some matches, for a number of times; or it follows a script of steps, one per
 * matching request (null = let that request through).
 */

export type FaultKind =
  | 'UNABLE_TO_LOCK_ROW'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'INVALID_SESSION_ID'
  | 'SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'RESET'
  | 'RESET_AFTER_COMMIT'
  | 'DELAY';

export const FAULT_KINDS: readonly FaultKind[] = [
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_LIMIT_EXCEEDED',
  'INVALID_SESSION_ID',
  'SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'RESET',
  'RESET_AFTER_COMMIT',
  'DELAY'
];

export interface FaultRule {
  /** What to do; ignored when `steps` is given. */
  kind?: FaultKind;
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Path to match: a substring of the request path, or a RegExp. Any path when absent. */
  path?: string | RegExp;
  /** Probability (0–1) that a matching request is hit; default 1. */
  rate?: number;
  /** Matching requests to let through before the rule starts firing; default 0. */
  skip?: number;
  /** How many times the rule fires before it retires; default unlimited. */
  times?: number;
  /** A script: the n-th matching request gets steps[n] (null = no fault); the rule retires after. */
  steps?: (FaultKind | null)[];
  /** HTTP status for SERVER_ERROR (default 500). */
  status?: number;
  /** Milliseconds for TIMEOUT (before the socket is dropped) and DELAY. */
  delayMs?: number;
}

export interface ActiveFault extends FaultRule {
  id: number;
  matched: number;
  fired: number;
}

/** The decision for one request. */
export interface FaultDecision {
  kind: FaultKind;
  rule: ActiveFault;
}

/** Small seeded PRNG (mulberry32) so rate-based faults can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed = 42) {
    this.random = mulberry32(seed);
  }

  /** Re-seeds the random source used by `rate`. */
  seed(seed: number): void {
    this.random = mulberry32(seed);
  }

  /** Adds a rule; returns its id. Throws on a rule that cannot work. */
  add(rule: FaultRule): number {
    if (!rule.steps && !rule.kind) throw new Error('A fault rule needs a kind or steps');
    for (const k of [rule.kind, ...(rule.steps ?? [])]) {
      if (k !== undefined && k !== null && !FAULT_KINDS.includes(k)) {
        throw new Error(`Unknown fault kind ${String(k)}; expected one of ${FAULT_KINDS.join(', ')}`);
      }
    }
    if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1))
      throw new Error('rate must be between 0 and 1');
    const active: ActiveFault = { ...rule, id: this.nextId++, matched: 0, fired: 0 };
    this.rules.push(active);
    return active.id;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Decides whether the request gets a fault; the first matching live rule decides. */
  decide(method: string, path: string): FaultDecision | null {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path !== undefined) {
        const hit = typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path);
        if (!hit) continue;
      }
      if (rule.steps) {
        if (rule.matched >= rule.steps.length) continue;
        const step = rule.steps[rule.matched++];
        if (step === null || step === undefined) return null;
        rule.fired++;
        return { kind: step, rule };
      }
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      rule.matched++;
      if (rule.matched <= (rule.skip ?? 0)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired++;
      return { kind: rule.kind as FaultKind, rule };
    }
    return null;
  }
}
