// Custom labels used by strideSequenceFunnel (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Funnel_Title'; // Step analytics
import EMPTY from '@salesforce/label/c.Stride_Funnel_Empty'; // No figures yet: Stride counts them shortly after people are enrolled.
import HEADLINE from '@salesforce/label/c.Stride_Funnel_Headline'; // {0} enrolled · {1} converted ({2})
import STEP from '@salesforce/label/c.Stride_Funnel_Step'; // Step {0}: {1}
import REACHED from '@salesforce/label/c.Stride_Funnel_Reached'; // {0} reached
import DETAIL from '@salesforce/label/c.Stride_Funnel_Detail'; // {0} completed · {1} skipped · {2} replied ({3})
import OPENS_NOTE from '@salesforce/label/c.Stride_Funnel_Opens_Note'; // Opens are not shown: mail privacy protection opens messages automatically. Compare replies and clicks.
import VARIANTS from '@salesforce/label/c.Stride_Funnel_Variants'; // A/B test
import VARIANT_ROW from '@salesforce/label/c.Stride_Funnel_Variant_Row'; // Variant {0}: {1} people, {2} replied ({3})
import CONFIDENCE_SIGNIFICANT from '@salesforce/label/c.Stride_Funnel_Significant'; // {0} wins: the difference is significant (p = {1}).
import CONFIDENCE_LIKELY from '@salesforce/label/c.Stride_Funnel_Likely'; // {0} is likely better (p = {1}); keep testing to be sure.
import CONFIDENCE_NONE from '@salesforce/label/c.Stride_Funnel_No_Difference'; // No difference yet between {0} and {1}.
import CONFIDENCE_DATA from '@salesforce/label/c.Stride_Funnel_Not_Enough'; // Not enough people yet to compare {0} and {1}.
import KEEP_WINNER from '@salesforce/label/c.Stride_Funnel_Keep_Winner'; // End the test and keep {0}
import ENDED from '@salesforce/label/c.Stride_Funnel_Ended'; // Test ended: everyone new gets variant {0}.
import UPDATED_AT from '@salesforce/label/c.Stride_Funnel_Updated_At'; // Counted

export const LABELS = {
  title: TITLE,
  empty: EMPTY,
  headline: HEADLINE,
  step: STEP,
  reached: REACHED,
  detail: DETAIL,
  opensNote: OPENS_NOTE,
  variants: VARIANTS,
  variantRow: VARIANT_ROW,
  significant: CONFIDENCE_SIGNIFICANT,
  likely: CONFIDENCE_LIKELY,
  noDifference: CONFIDENCE_NONE,
  notEnough: CONFIDENCE_DATA,
  keepWinner: KEEP_WINNER,
  ended: ENDED,
  updatedAt: UPDATED_AT
};
