/**
 * The A/B variants of an Email or SMS action as the editor holds them while the admin edits: read
 * from Action_Variant__c, checked with the core's rule (validateVariants: 2 to 3 variants whose whole
 * splits from 1 to 99 add up to 100, or none), and turned into the record fields LDS writes.
 */
import AV_NAME from '@salesforce/schema/Action_Variant__c.Name';
import AV_KEY from '@salesforce/schema/Action_Variant__c.Variant_Key__c';
import AV_SPLIT from '@salesforce/schema/Action_Variant__c.Split_Percent__c';
import AV_SUBJECT from '@salesforce/schema/Action_Variant__c.Subject__c';
import AV_BODY from '@salesforce/schema/Action_Variant__c.Body__c';
import { MAX_VARIANTS, validateVariants } from 'c/strideCore';

/** One variant in the form. `split` is what the admin typed; `id` is absent until it is saved. */
export interface VariantDraft {
  id?: string;
  key: string;
  split: string;
  subject: string;
  body: string;
  ended: boolean;
}

/** An Action_Variant__c node of the GraphQL UI API. */
export interface VariantNode {
  Id: string;
  Variant_Key__c: { value: string | null };
  Split_Percent__c: { value: number | null };
  Subject__c: { value: string | null };
  Body__c: { value: string | null };
  Ended__c: { value: boolean | null };
}

/** Where a variant problem is shown: at one variant's split, at every split (the total), or for the section. */
export interface VariantProblem {
  code: string;
  /** The variant whose split is wrong; null when the problem is the total or the count. */
  key: string | null;
  /** Whether the problem belongs at the split boxes (the count problem does not). */
  atSplits: boolean;
  /** The core's words, used when no label fits. */
  message: string;
  total?: number;
}

export { MAX_VARIANTS };

const KEYS = ['A', 'B', 'C'];

export function fromNodes(nodes: readonly VariantNode[]): VariantDraft[] {
  return nodes
    .map((node) => ({
      id: node.Id,
      key: node.Variant_Key__c.value ?? '',
      split: node.Split_Percent__c.value === null ? '' : String(node.Split_Percent__c.value),
      subject: node.Subject__c.value ?? '',
      body: node.Body__c.value ?? '',
      ended: !!node.Ended__c.value
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Adds the next variant (the first free letter) and shares the splits evenly again, the remainder to
 * the first ones (34/33/33), so a fresh test is valid as soon as it has two variants.
 */
export function withAddedVariant(variants: readonly VariantDraft[]): VariantDraft[] {
  if (variants.length >= MAX_VARIANTS) return [...variants];
  const used = new Set(variants.map((variant) => variant.key));
  const key = KEYS.find((candidate) => !used.has(candidate)) ?? '';
  return evenSplits(
    [...variants, { key, split: '', subject: '', body: '', ended: false }].sort((x, y) =>
      x.key.localeCompare(y.key)
    )
  );
}

/** Removes a variant and shares the splits of the ones left evenly again. */
export function withoutVariant(variants: readonly VariantDraft[], key: string): VariantDraft[] {
  return evenSplits(variants.filter((variant) => variant.key !== key));
}

function evenSplits(variants: VariantDraft[]): VariantDraft[] {
  const share = Math.floor(100 / Math.max(1, variants.length));
  const remainder = 100 - share * variants.length;
  return variants.map((variant, index) => ({
    ...variant,
    split: String(share + (index < remainder ? 1 : 0))
  }));
}

/** The split as the core reads it: a number, NaN when the box is blank. */
function splitOf(variant: VariantDraft): number {
  return variant.split.trim() === '' ? NaN : Number(variant.split);
}

/** The first problem the core finds with these variants, placed for the form; null when they are fine. */
export function variantProblem(variants: readonly VariantDraft[]): VariantProblem | null {
  const result = validateVariants(
    variants.map((variant) => ({ key: variant.key, splitPercent: splitOf(variant) }))
  );
  if (result.ok) return null;
  const { error } = result;
  const { code, message } = error;
  const index = /^variants\[(\d+)\]\.splitPercent$/.exec(error.path ?? '');
  if (index) return { code, key: variants[Number(index[1])]?.key ?? null, atSplits: true, message };
  if (code === 'BAD_SPLIT')
    return {
      code,
      key: null,
      atSplits: true,
      message,
      total: variants.reduce((sum, variant) => sum + splitOf(variant), 0)
    };
  return { code, key: null, atSplits: false, message };
}

/**
 * The Action_Variant__c fields written for a variant of an Email (subject and body) or SMS (text
 * only: the send path reads a variant's Body__c before the SMS template) step.
 */
export function variantFields(variant: VariantDraft, type: string): Record<string, unknown> {
  return {
    [AV_NAME.fieldApiName]: `Variant ${variant.key}`,
    [AV_KEY.fieldApiName]: variant.key,
    [AV_SPLIT.fieldApiName]: splitOf(variant),
    [AV_SUBJECT.fieldApiName]: type === 'Email' ? variant.subject.trim() || null : null,
    [AV_BODY.fieldApiName]: variant.body.trim() ? variant.body : null
  };
}
