/** Which slice of a due-work read a worker takes, pass after pass (claim.ts, SliceChoice). */
import { SliceChoice } from '../pass/claim';

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ Id: `r${from + i}` }));
const ids = (slice: Array<{ Id: string }>) => [slice[0].Id, slice[slice.length - 1].Id];

/** A small seeded generator (mulberry32), so a simulation is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SliceChoice', () => {
  it('starts at a random slice and keeps to it while its claims win', () => {
    const choice = new SliceChoice(() => 0.5);
    expect(ids(choice.pick(rows(0, 600), 200))).toEqual(['r200', 'r399']);
    choice.tried({ lostRows: false });
    expect(ids(choice.pick(rows(200, 600), 200))).toEqual(['r400', 'r599']);
  });

  it('moves to another slice, never the same one, when another worker took rows of it first', () => {
    const moves = [0, 0.49, 0.5, 0.99].map((draw) => {
      const draws = [0.5, draw];
      const choice = new SliceChoice(() => draws.shift()!);
      choice.pick(rows(0, 600), 200);
      choice.tried({ lostRows: true });
      return ids(choice.pick(rows(1000, 600), 200));
    });
    expect(moves).toEqual([
      ['r1400', 'r1599'],
      ['r1400', 'r1599'],
      ['r1000', 'r1199'],
      ['r1000', 'r1199']
    ]);
  });

  it('after losing a slice, takes the next slice of its read that a new read still offers whole, and keeps to it', () => {
    const draws = [0, 0];
    const choice = new SliceChoice(() => draws.shift()!);
    expect(ids(choice.pick(rows(0, 600), 200))).toEqual(['r0', 'r199']);
    choice.tried({ lostRows: true });
    // The new read leaves out what other workers claimed meanwhile: rows 0–399.
    expect(ids(choice.pickAgain(rows(400, 600), 200))).toEqual(['r400', 'r599']);
    choice.tried({ lostRows: false });
    expect(ids(choice.pick(rows(1000, 600), 200))).toEqual(['r1400', 'r1599']);
  });

  it('after losing a slice, passes over a slice of its read that the new read offers only in part', () => {
    const draws = [0.9, 0];
    const choice = new SliceChoice(() => draws.shift()!);
    expect(ids(choice.pick(rows(0, 600), 200))).toEqual(['r400', 'r599']);
    choice.tried({ lostRows: true });
    // Rows 400–599 and 0–9 were claimed meanwhile.
    expect(ids(choice.pickAgain([...rows(10, 390), ...rows(600, 200)], 200))).toEqual(['r200', 'r399']);
  });

  it('when every slice of its read was claimed meanwhile, takes a slice of the new read', () => {
    const draws = [0, 0.5];
    const choice = new SliceChoice(() => draws.shift()!);
    choice.pick(rows(0, 600), 200);
    choice.tried({ lostRows: true });
    expect(ids(choice.pickAgain(rows(600, 600), 200))).toEqual(['r1000', 'r1199']);
  });

  it('takes the first slice when its rows are still there from the previous read', () => {
    const choice = new SliceChoice(() => 0.9);
    expect(ids(choice.pick(rows(0, 600), 200))).toEqual(['r400', 'r599']);
    choice.tried({ lostRows: false });
    // Nobody took rows 0–399: the oldest due work is this worker's next.
    expect(ids(choice.pick([...rows(0, 400), ...rows(600, 200)], 200))).toEqual(['r0', 'r199']);
  });

  it('keeps its slice when only a row or two of the first slice stayed put (a claim that keeps failing)', () => {
    const choice = new SliceChoice(() => 0.9);
    choice.pick(rows(0, 600), 200);
    choice.tried({ lostRows: false });
    // Another worker took the first slice but for r0, which stays due.
    const next = [...rows(0, 1), ...rows(200, 599)];
    expect(ids(choice.pick(next, 200))).toEqual(['r599', 'r798']);
  });

  it('counts on from the start of a read shorter than three slices, and answers nothing for an empty read', () => {
    expect(ids(new SliceChoice(() => 0.5).pick(rows(0, 300), 200))).toEqual(['r200', 'r299']);
    const choice = new SliceChoice(() => 0.9);
    expect(ids(choice.pick(rows(0, 300), 200))).toEqual(['r0', 'r199']);
    expect(choice.pick([], 200)).toEqual([]);
  });

  /**
   * Three workers woken together read the same rows each round; the claim that reaches the org
   * first wins a slice, a later one loses it, reads again (the new read leaves out the claimed rows)
   * and takes the next slice of its first read that nobody claimed (execute.ts).
   */
  function lockstep(seed: number, rounds: number) {
    const random = seeded(seed);
    const workers = [0, 1, 2].map(() => new SliceChoice(random));
    const claimed = new Set<string>();
    const pool = rows(0, 200 * 3 * rounds);
    const unclaimed = () => pool.filter((row) => !claimed.has(row.Id)).slice(0, 600);
    const collisionsPerRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const together = unclaimed();
      let collisions = 0;
      // A different worker reaches the org first each round.
      for (const worker of [0, 1, 2].map((i) => workers[(i + round) % 3])) {
        for (let tries = 0; tries < 3; tries++) {
          const slice = tries === 0 ? worker.pick(together, 200) : worker.pickAgain(unclaimed(), 200);
          const lost = slice.some((row) => claimed.has(row.Id));
          worker.tried({ lostRows: lost });
          if (lost) {
            collisions++;
            continue;
          }
          for (const row of slice) claimed.add(row.Id);
          break;
        }
      }
      collisionsPerRound.push(collisions);
    }
    return { collisionsPerRound, claimed: claimed.size };
  }

  it('lets three workers that read together settle on different slices, then collide no more', () => {
    const settled = Array.from({ length: 20 }, (_, seed) => {
      const run = lockstep(seed + 1, 12);
      // Every round every worker claimed a whole slice, some after trying a lost one first.
      expect(run.claimed).toBe(12 * 600);
      const lastCollision = run.collisionsPerRound.findLastIndex((c) => c > 0);
      return run.collisionsPerRound.slice(lastCollision + 1).length;
    });
    // Whatever the start, the last collision comes early: the rounds after it are collision-free.
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(6);
  });
});
