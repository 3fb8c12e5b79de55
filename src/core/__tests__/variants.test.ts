import {
  assignLiveVariant,
  assignVariant,
  bucketOf,
  compareVariants,
  MAX_VARIANTS,
  standardNormalCdf,
  validateVariants,
  type Variant
} from '../variants';

const AB: Variant[] = [
  { key: 'A', splitPercent: 50 },
  { key: 'B', splitPercent: 50 }
];

describe('validateVariants', () => {
  it('accepts no variants (an ordinary step) and 2 or 3 variants adding up to 100', () => {
    expect(validateVariants([])).toEqual({ ok: true, value: [] });
    expect(validateVariants(AB).ok).toBe(true);
    expect(
      validateVariants([
        { key: 'A', splitPercent: 34 },
        { key: 'B', splitPercent: 33 },
        { key: 'C', splitPercent: 33 }
      ]).ok
    ).toBe(true);
  });

  it('names what is wrong and where', () => {
    expect(validateVariants([{ key: 'A', splitPercent: 100 }])).toEqual({
      ok: false,
      error: {
        code: 'TOO_FEW_VARIANTS',
        message: 'A test needs at least 2 variants; remove the last one instead.',
        path: 'variants'
      }
    });
    const four = ['A', 'B', 'C', 'D'].map((key) => ({ key, splitPercent: 25 }));
    expect(validateVariants(four)).toEqual({
      ok: false,
      error: {
        code: 'TOO_MANY_VARIANTS',
        message: `A step has at most ${MAX_VARIANTS} variants, got 4.`,
        path: 'variants'
      }
    });
    expect(
      validateVariants([
        { key: 'A', splitPercent: 50 },
        { key: 'A', splitPercent: 50 }
      ])
    ).toEqual({
      ok: false,
      error: { code: 'DUPLICATE_VARIANT', message: 'Variant A appears twice.', path: 'variants[1].key' }
    });
    expect(
      validateVariants([
        { key: 'a', splitPercent: 50 },
        { key: 'B', splitPercent: 50 }
      ])
    ).toEqual({
      ok: false,
      error: {
        code: 'BAD_VARIANT_KEY',
        message: 'Variant keys are one capital letter, got "a".',
        path: 'variants[0].key'
      }
    });
    expect(
      validateVariants([
        { key: 'A', splitPercent: 49.5 },
        { key: 'B', splitPercent: 50.5 }
      ])
    ).toEqual({
      ok: false,
      error: {
        code: 'BAD_SPLIT',
        message: "Variant A's split must be a whole percentage from 1 to 99, got 49.5.",
        path: 'variants[0].splitPercent'
      }
    });
    expect(
      validateVariants([
        { key: 'A', splitPercent: 50 },
        { key: 'B', splitPercent: 40 }
      ])
    ).toEqual({
      ok: false,
      error: {
        code: 'BAD_SPLIT',
        message: 'The split percentages add up to 90; they must add up to 100.',
        path: 'variants'
      }
    });
  });
});

describe('assignVariant', () => {
  it('gives no variant for a step without a test', () => {
    expect(assignVariant('p1', 's1', [])).toBeNull();
  });

  it('gives a participant the same variant on every call (every pass, every worker)', () => {
    const first = assignVariant('a01000000000001AAA', 'a02000000000009AAA', AB);
    for (let i = 0; i < 5; i += 1)
      expect(assignVariant('a01000000000001AAA', 'a02000000000009AAA', AB)).toBe(first);
    expect(bucketOf('a01000000000001AAA:a02000000000001AAA')).toBe(42);
  });

  it('follows the split over many participants (within 2 points at 10,000)', () => {
    const split: Variant[] = [
      { key: 'A', splitPercent: 50 },
      { key: 'B', splitPercent: 30 },
      { key: 'C', splitPercent: 20 }
    ];
    const counts: Record<string, number> = { A: 0, B: 0, C: 0 };
    for (let i = 0; i < 10_000; i += 1)
      counts[assignVariant(`participant-${i}`, 'step-1', split) as string] += 1;
    expect(counts).toEqual({ A: 5002, B: 2975, C: 2023 });
  });

  it('does not put a person in the same arm of every test: the step id is part of the seed', () => {
    const arms = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].map((step) =>
      assignVariant('person-7', step, AB)
    );
    expect(new Set(arms)).toEqual(new Set(['A', 'B']));
  });
});

describe('compareVariants', () => {
  it('finds a significant winner with a pooled two-proportion z-test', () => {
    const [comparison] = compareVariants([
      { key: 'A', participants: 400, replies: 48 },
      { key: 'B', participants: 400, replies: 24 }
    ]);
    expect(comparison.leader).toBe('A');
    expect(comparison.challenger).toBe('B');
    expect(comparison.leaderRate).toBe(0.12);
    expect(comparison.challengerRate).toBe(0.06);
    expect(comparison.z).toBeCloseTo(2.965, 3);
    expect(comparison.pValue).toBeCloseTo(0.00303, 5);
    expect(comparison.confidence).toBe('SIGNIFICANT');
  });

  it('picks the leader by rate, whatever the order, and compares each other variant with it', () => {
    const comparisons = compareVariants([
      { key: 'A', participants: 200, replies: 20 },
      { key: 'B', participants: 200, replies: 30 },
      { key: 'C', participants: 200, replies: 22 }
    ]);
    expect(
      comparisons.map(({ leader, challenger, confidence }) => ({ leader, challenger, confidence }))
    ).toEqual([
      { leader: 'B', challenger: 'A', confidence: 'LIKELY' },
      { leader: 'B', challenger: 'C', confidence: 'NO_DIFFERENCE_YET' }
    ]);
  });

  it('says NOT_ENOUGH_DATA for small samples, even with a large gap', () => {
    const [comparison] = compareVariants([
      { key: 'A', participants: 20, replies: 10 },
      { key: 'B', participants: 20, replies: 1 }
    ]);
    expect(comparison.confidence).toBe('NOT_ENOUGH_DATA');
  });

  it('handles a variant nobody got yet and a test with one variant', () => {
    const [comparison] = compareVariants([
      { key: 'A', participants: 50, replies: 5 },
      { key: 'B', participants: 0, replies: 0 }
    ]);
    expect(comparison).toEqual({
      leader: 'A',
      challenger: 'B',
      leaderRate: 0.1,
      challengerRate: 0,
      z: 0,
      pValue: 1,
      confidence: 'NOT_ENOUGH_DATA'
    });
    expect(compareVariants([{ key: 'A', participants: 10, replies: 1 }])).toEqual([]);
  });
});

describe('standardNormalCdf', () => {
  it('matches the standard normal table', () => {
    expect(standardNormalCdf(0)).toBeCloseTo(0.5, 6);
    expect(standardNormalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(standardNormalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(standardNormalCdf(3)).toBeCloseTo(0.99865, 5);
  });
});

describe('assignLiveVariant', () => {
  const ABC = [
    { key: 'A', splitPercent: 30 },
    { key: 'B', splitPercent: 30 },
    { key: 'C', splitPercent: 40 }
  ];

  it('agrees with assignVariant while no variant is ended', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `p${i}`);
    expect(ids.map((id) => assignLiveVariant(id, 'step1', ABC))).toEqual(
      ids.map((id) => assignVariant(id, 'step1', ABC))
    );
  });

  it('gives no new participant an ended variant; the live ones share the range by their splits', () => {
    const ended = [{ ...ABC[0], ended: true }, ABC[1], ABC[2]];
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const key = assignLiveVariant(`p${i}`, 'step1', ended)!;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts).toEqual({ B: 399, C: 601 });
  });

  it('gives everyone the one live variant, and null when all are ended or there are none', () => {
    expect(
      assignLiveVariant('p1', 's1', [
        { key: 'A', splitPercent: 50, ended: true },
        { key: 'B', splitPercent: 50 }
      ])
    ).toBe('B');
    expect(assignLiveVariant('p1', 's1', [{ key: 'A', splitPercent: 100, ended: true }])).toBeNull();
    expect(assignLiveVariant('p1', 's1', [])).toBeNull();
  });
});
