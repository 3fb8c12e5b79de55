/**
 * A/B variants of an Email or SMS step: up to three versions with split percentages, one version per
 * participant chosen deterministically (re-running a pass never changes it), and a comparison of
 * reply rates with a two-proportion test so an admin knows when a winner is real.
 */
import { fail, ok, type Result } from './result';

/** The most variants a step may have (Salesforce Sales Engagement allows 3 too). */
export const MAX_VARIANTS = 3;

/** One version of a step. `key` is stable (`A`, `B`, `C`); `splitPercent` is its share of participants. */
export interface Variant {
  key: string;
  splitPercent: number;
}

/**
 * Checks a step's variants: 2 to {@link MAX_VARIANTS} of them, distinct keys, whole percentages from
 * 1 to 99 that add up to 100. No variants at all (an ordinary step) is valid.
 *
 * @example
 * validateVariants([{ key: 'A', splitPercent: 50 }, { key: 'B', splitPercent: 40 }])
 * //=> { ok: false, error: { code: 'BAD_SPLIT', message: 'The split percentages add up to 90; they must add up to 100.', path: 'variants' } }
 */
export function validateVariants(variants: readonly Variant[]): Result<readonly Variant[]> {
  if (variants.length === 0) return ok(variants);
  if (variants.length === 1) {
    return fail(
      'TOO_FEW_VARIANTS',
      'A test needs at least 2 variants; remove the last one instead.',
      'variants'
    );
  }
  if (variants.length > MAX_VARIANTS) {
    return fail(
      'TOO_MANY_VARIANTS',
      `A step has at most ${MAX_VARIANTS} variants, got ${variants.length}.`,
      'variants'
    );
  }
  const seen = new Set<string>();
  for (const [index, variant] of variants.entries()) {
    const path = `variants[${index}]`;
    if (!/^[A-Z]$/.test(variant.key)) {
      return fail(
        'BAD_VARIANT_KEY',
        `Variant keys are one capital letter, got "${variant.key}".`,
        `${path}.key`
      );
    }
    if (seen.has(variant.key))
      return fail('DUPLICATE_VARIANT', `Variant ${variant.key} appears twice.`, `${path}.key`);
    seen.add(variant.key);
    if (!Number.isInteger(variant.splitPercent) || variant.splitPercent < 1 || variant.splitPercent > 99) {
      return fail(
        'BAD_SPLIT',
        `Variant ${variant.key}'s split must be a whole percentage from 1 to 99, got ${variant.splitPercent}.`,
        `${path}.splitPercent`
      );
    }
  }
  const total = variants.reduce((sum, variant) => sum + variant.splitPercent, 0);
  if (total !== 100) {
    return fail(
      'BAD_SPLIT',
      `The split percentages add up to ${total}; they must add up to 100.`,
      'variants'
    );
  }
  return ok(variants);
}

/**
 * A number from 0 to 99 derived from `seed` alone (FNV-1a, 32 bits): the same seed always lands in
 * the same bucket, on every worker and every pass, and seeds spread evenly over the buckets.
 *
 * @example
 * bucketOf('a01000000000001AAA:a02000000000001AAA') //=> 42
 */
export function bucketOf(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

/**
 * The variant a participant gets for a step: the participant's bucket for that step (seeded by both
 * ids, so a person is not always in the first variant of every test) placed on the cumulative split.
 * Returns `null` for a step without variants.
 *
 * @example
 * assignVariant('a01…participant', 'a02…step', [{ key: 'A', splitPercent: 50 }, { key: 'B', splitPercent: 50 }])
 * //=> 'A' or 'B', always the same for these ids
 */
export function assignVariant(
  participantId: string,
  stepId: string,
  variants: readonly Variant[]
): string | null {
  if (variants.length === 0) return null;
  const bucket = bucketOf(`${participantId}:${stepId}`);
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.splitPercent;
    if (bucket < upTo) return variant.key;
  }
  return variants[variants.length - 1].key;
}

/** Results of one variant: how many participants got it and how many of them replied. */
export interface VariantOutcome {
  key: string;
  participants: number;
  replies: number;
}

/** How sure the comparison is, in words an admin can act on. */
export type Confidence = 'NOT_ENOUGH_DATA' | 'NO_DIFFERENCE_YET' | 'LIKELY' | 'SIGNIFICANT';

/** The comparison of a challenger with the leader. */
export interface VariantComparison {
  leader: string;
  challenger: string;
  leaderRate: number;
  challengerRate: number;
  /** Two-proportion z statistic (pooled), leader minus challenger. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  confidence: Confidence;
}

/** Below this many participants per variant, or 5 expected successes or failures, the test says nothing. */
export const MIN_PARTICIPANTS_PER_VARIANT = 30;

/**
 * Compares every variant with the one that has the best reply rate, with a pooled two-proportion
 * z-test: `SIGNIFICANT` at p < 0.05, `LIKELY` at p < 0.20, else `NO_DIFFERENCE_YET`;
 * `NOT_ENOUGH_DATA` while either side has fewer than {@link MIN_PARTICIPANTS_PER_VARIANT}
 * participants or fewer than 5 expected replies or non-replies (the normal approximation would lie).
 *
 * @example
 * compareVariants([{ key: 'A', participants: 400, replies: 48 }, { key: 'B', participants: 400, replies: 24 }])
 * //=> [{ leader: 'A', challenger: 'B', leaderRate: 0.12, challengerRate: 0.06, z: 2.96…, pValue: 0.0030…, confidence: 'SIGNIFICANT' }]
 */
export function compareVariants(outcomes: readonly VariantOutcome[]): VariantComparison[] {
  if (outcomes.length < 2) return [];
  const rate = (outcome: VariantOutcome): number =>
    outcome.participants === 0 ? 0 : outcome.replies / outcome.participants;
  const leader = outcomes.reduce((best, outcome) => (rate(outcome) > rate(best) ? outcome : best));
  return outcomes
    .filter((outcome) => outcome !== leader)
    .map((challenger) => {
      const { z, pValue } = twoProportionTest(leader, challenger);
      return {
        leader: leader.key,
        challenger: challenger.key,
        leaderRate: rate(leader),
        challengerRate: rate(challenger),
        z,
        pValue,
        confidence: confidenceOf(leader, challenger, pValue)
      };
    });
}

function twoProportionTest(a: VariantOutcome, b: VariantOutcome): { z: number; pValue: number } {
  if (a.participants === 0 || b.participants === 0) return { z: 0, pValue: 1 };
  const pooled = (a.replies + b.replies) / (a.participants + b.participants);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / a.participants + 1 / b.participants));
  if (standardError === 0) return { z: 0, pValue: 1 };
  const z = (a.replies / a.participants - b.replies / b.participants) / standardError;
  return { z, pValue: 2 * (1 - standardNormalCdf(Math.abs(z))) };
}

function confidenceOf(a: VariantOutcome, b: VariantOutcome, pValue: number): Confidence {
  const pooled = (a.replies + b.replies) / Math.max(1, a.participants + b.participants);
  const enough = [a, b].every(
    (side) =>
      side.participants >= MIN_PARTICIPANTS_PER_VARIANT &&
      side.participants * pooled >= 5 &&
      side.participants * (1 - pooled) >= 5
  );
  if (!enough) return 'NOT_ENOUGH_DATA';
  if (pValue < 0.05) return 'SIGNIFICANT';
  if (pValue < 0.2) return 'LIKELY';
  return 'NO_DIFFERENCE_YET';
}

/**
 * The standard normal cumulative distribution, Φ(x), through the error function (Abramowitz and
 * Stegun 7.1.26, absolute error below 1.5e-7, plenty for a confidence label).
 *
 * @example
 * standardNormalCdf(1.959964) //=> 0.975 (to 6 places)
 */
export function standardNormalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const polynomial =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A variant as stored, with whether the admin ended it. */
export interface StoredVariant extends Variant {
  ended?: boolean;
}

/**
 * The variant a participant gets when some variants may have been ended: ended variants take no new
 * participants, the live ones share the whole range in proportion to their splits (one live variant
 * takes everyone). Deterministic like {@link assignVariant}. Null when the step has no live variant.
 *
 * @example
 * assignLiveVariant('p1', 's1', [{ key: 'A', splitPercent: 50, ended: true }, { key: 'B', splitPercent: 50 }])
 * //=> 'B'
 */
export function assignLiveVariant(
  participantId: string,
  stepId: string,
  variants: readonly StoredVariant[]
): string | null {
  const live = variants.filter((variant) => !variant.ended);
  if (live.length === 0) return null;
  if (live.length === 1) return live[0].key;
  const total = live.reduce((sum, variant) => sum + Math.max(0, variant.splitPercent), 0);
  if (total <= 0) return live[0].key;
  const bucket = bucketOf(`${participantId}:${stepId}`);
  let upTo = 0;
  for (const variant of live) {
    upTo += (Math.max(0, variant.splitPercent) * 100) / total;
    if (bucket < upTo) return variant.key;
  }
  return live[live.length - 1].key;
}
