import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import AV_ID from '@salesforce/schema/Action_Variant__c.Id';
import AV_ENDED from '@salesforce/schema/Action_Variant__c.Ended__c';
import { compareVariants } from 'c/strideCore';
import type { VariantComparison } from 'c/strideCore';
import { formatLabel, reduceErrors } from 'c/strideLds';
import { LABELS } from './labels';

interface Value<T> {
  value: T;
}

interface StatNode {
  Id: string;
  Step_Number__c: Value<number | null>;
  Variant__c: Value<string | null>;
  Enrolled__c: Value<number | null>;
  Converted__c: Value<number | null>;
  Reached__c: Value<number | null>;
  Completed__c: Value<number | null>;
  Skipped__c: Value<number | null>;
  Replied__c: Value<number | null>;
  Reply_Rate__c: Value<number | null>;
  Computed_At__c: Value<string | null>;
  Sequence_Action__r: { Id: string; Name: Value<string> } | null;
}

interface VariantNode {
  Id: string;
  Variant_Key__c: Value<string>;
  Ended__c: Value<boolean>;
  Sequence_Action__c: Value<string>;
}

interface FunnelData {
  uiapi: {
    query: {
      Step_Analytics__c: { edges: Array<{ node: StatNode }> };
      Action_Variant__c: { edges: Array<{ node: VariantNode }> };
    };
  };
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}
const count = (field: Value<number | null> | undefined): number => field?.value ?? 0;

/**
 * Step analytics on the Sequence page, from the Step_Analytics__c rows the companion keeps: a funnel
 * of the steps (bar width = share of the enrolled who reached the step) with completed, skipped and
 * replies, and for each A/B-tested step the variants' reply rates, the two-proportion test's verdict
 * (core `compareVariants`) and a button that ends the test and keeps the winner. Opens are left out
 * on purpose and the card says why.
 */
export default class StrideSequenceFunnel extends LightningElement {
  labels = LABELS;
  @api recordId?: string;

  stats: StatNode[] = [];
  variants: VariantNode[] = [];
  errorMessage = '';
  saving = false;
  private refresh?: () => Promise<void>;

  get variables() {
    return this.recordId ? { sequenceId: this.recordId } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideSequenceFunnel($sequenceId: ID) {
        uiapi {
          query {
            Step_Analytics__c(
              where: { Sequence__c: { eq: $sequenceId } }
              orderBy: { Step_Number__c: { order: ASC, nulls: FIRST } }
              first: 200
            ) {
              edges {
                node {
                  Id
                  Step_Number__c {
                    value
                  }
                  Variant__c {
                    value
                  }
                  Enrolled__c {
                    value
                  }
                  Converted__c {
                    value
                  }
                  Reached__c {
                    value
                  }
                  Completed__c {
                    value
                  }
                  Skipped__c {
                    value
                  }
                  Replied__c {
                    value
                  }
                  Reply_Rate__c {
                    value
                  }
                  Computed_At__c {
                    value
                  }
                  Sequence_Action__r {
                    Id
                    Name {
                      value
                    }
                  }
                }
              }
            }
            Action_Variant__c(
              where: { Sequence_Action__r: { Sequence__c: { eq: $sequenceId } } }
              first: 200
            ) {
              edges {
                node {
                  Id
                  Variant_Key__c {
                    value
                  }
                  Ended__c {
                    value
                  }
                  Sequence_Action__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$variables'
  })
  wiredFunnel(result: { data?: FunnelData; errors?: unknown; refresh?: () => Promise<void> }) {
    this.refresh = result.refresh;
    if (result.errors) this.errorMessage = reduceErrors(result.errors).join(', ');
    const query = result.data?.uiapi?.query;
    if (!query?.Step_Analytics__c) return;
    this.stats = query.Step_Analytics__c.edges.map((edge) => edge.node);
    this.variants = query.Action_Variant__c.edges.map((edge) => edge.node);
  }

  get total(): StatNode | undefined {
    return this.stats.find((row) => row.Step_Number__c.value === null);
  }

  get hasFigures() {
    return this.stats.length > 0;
  }

  get headline() {
    const enrolled = count(this.total?.Enrolled__c);
    const converted = count(this.total?.Converted__c);
    return formatLabel(this.labels.headline, enrolled, converted, percent(converted, enrolled));
  }

  get computedAt() {
    return this.total?.Computed_At__c.value ?? null;
  }

  /** One bar per step (its all-variants row), as wide as the share of the enrolled who reached it. */
  get steps() {
    const enrolled = Math.max(count(this.total?.Enrolled__c), 1);
    return this.stats
      .filter((row) => row.Step_Number__c.value !== null && row.Variant__c.value === null)
      .map((row) => {
        const reached = count(row.Reached__c);
        const completed = count(row.Completed__c);
        const replied = count(row.Replied__c);
        const share = Math.min(100, Math.round((reached / enrolled) * 100));
        return {
          key: row.Id,
          title: formatLabel(
            this.labels.step,
            row.Step_Number__c.value ?? 0,
            row.Sequence_Action__r?.Name.value ?? ''
          ),
          reached: formatLabel(this.labels.reached, reached),
          detail: formatLabel(
            this.labels.detail,
            completed,
            count(row.Skipped__c),
            replied,
            percent(replied, completed)
          ),
          barStyle: `width: ${share}%`,
          share: `${share}`,
          tests: this.testsOf(row)
        };
      });
  }

  /** The A/B test of a step, if it has variant rows: each variant's figures and the verdict. */
  private testsOf(stepRow: StatNode) {
    const rows = this.stats.filter(
      (row) => row.Step_Number__c.value === stepRow.Step_Number__c.value && row.Variant__c.value !== null
    );
    if (rows.length < 2) return null;
    const outcomes = rows.map((row) => ({
      key: row.Variant__c.value as string,
      participants: count(row.Reached__c),
      replies: count(row.Replied__c)
    }));
    const comparisons = compareVariants(outcomes);
    const actionId = stepRow.Sequence_Action__r?.Id;
    const stepVariants = this.variants.filter((variant) => variant.Sequence_Action__c.value === actionId);
    const open = stepVariants.filter((variant) => !variant.Ended__c.value);
    const winner = comparisons[0]?.leader ?? null;
    const ended = stepVariants.length > 0 && open.length === 1 ? open[0].Variant_Key__c.value : null;
    return {
      key: `${stepRow.Id}-test`,
      rows: outcomes.map((outcome) => ({
        key: outcome.key,
        text: formatLabel(
          this.labels.variantRow,
          outcome.key,
          outcome.participants,
          outcome.replies,
          percent(outcome.replies, outcome.participants)
        )
      })),
      verdicts: comparisons.map((comparison) => ({
        key: comparison.challenger,
        text: this.verdict(comparison)
      })),
      winner,
      actionId,
      keepLabel: winner ? formatLabel(this.labels.keepWinner, winner) : '',
      canKeep: !ended && !!winner && open.length > 1,
      endedText: ended ? formatLabel(this.labels.ended, ended) : ''
    };
  }

  private verdict(comparison: VariantComparison): string {
    const p = comparison.pValue.toFixed(3);
    switch (comparison.confidence) {
      case 'SIGNIFICANT':
        return formatLabel(this.labels.significant, comparison.leader, p);
      case 'LIKELY':
        return formatLabel(this.labels.likely, comparison.leader, p);
      case 'NO_DIFFERENCE_YET':
        return formatLabel(this.labels.noDifference, comparison.leader, comparison.challenger);
      default:
        return formatLabel(this.labels.notEnough, comparison.leader, comparison.challenger);
    }
  }

  /** Ends a step's test: every other variant of the step is marked Ended, so new people get the winner. */
  async handleKeepWinner(event: Event) {
    const { actionId, winner } = (event.currentTarget as HTMLElement).dataset;
    const losers = this.variants.filter(
      (variant) =>
        variant.Sequence_Action__c.value === actionId &&
        variant.Variant_Key__c.value !== winner &&
        !variant.Ended__c.value
    );
    this.saving = true;
    try {
      await Promise.all(
        losers.map((variant) =>
          updateRecord({ fields: { [AV_ID.fieldApiName]: variant.Id, [AV_ENDED.fieldApiName]: true } })
        )
      );
      this.dispatchEvent(
        new ShowToastEvent({
          title: this.labels.title,
          message: formatLabel(this.labels.ended, winner ?? ''),
          variant: 'success'
        })
      );
      await this.refresh?.();
    } catch (error) {
      this.errorMessage = reduceErrors(error).join(', ');
    } finally {
      this.saving = false;
    }
  }
}
