// Custom labels used by strideSchedulePreview (the English value follows each import).
import HEADING from '@salesforce/label/c.Stride_Preview_Heading'; // Schedule preview
import INTRO from '@salesforce/label/c.Stride_Preview_Intro'; // Enrolled now, this action is due
import ZONE from '@salesforce/label/c.Stride_Preview_Zone'; // in the owner's time zone ({0})
import ASSUMPTION from '@salesforce/label/c.Stride_Preview_Assumption'; // Assumes each earlier action is completed when it is due, and that you own the record.
import CHAIN from '@salesforce/label/c.Stride_Preview_Chain'; // Step {0}: {1}
import ERROR from '@salesforce/label/c.Stride_Preview_Error'; // No preview: {0}

export const LABELS = {
  heading: HEADING,
  intro: INTRO,
  zone: ZONE,
  assumption: ASSUMPTION,
  chain: CHAIN,
  error: ERROR
};
