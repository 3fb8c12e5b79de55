// Custom labels used by strideBulkEnroll (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Bulk_Title'; // Enroll in a sequence
import SELECTED from '@salesforce/label/c.Stride_Bulk_Selected'; // {0} records selected
import NOTHING_SELECTED from '@salesforce/label/c.Stride_Bulk_Nothing_Selected'; // Select Leads or Contacts in the list view first.
import MIXED_SELECTION from '@salesforce/label/c.Stride_Bulk_Mixed_Selection'; // Select only Leads or only Contacts.
import SEQUENCE from '@salesforce/label/c.Stride_Bulk_Sequence'; // Sequence
import CHOOSE_SEQUENCE from '@salesforce/label/c.Stride_Bulk_Choose_Sequence'; // Choose a sequence
import NO_SEQUENCES from '@salesforce/label/c.Stride_Bulk_No_Sequences'; // No active sequence targets these records.
import ELIGIBLE from '@salesforce/label/c.Stride_Bulk_Eligible'; // {0} of {1} can be enrolled
import NOT_ELIGIBLE from '@salesforce/label/c.Stride_Bulk_Not_Eligible'; // Not enrolled, and why
import ENROLL from '@salesforce/label/c.Stride_Bulk_Enroll'; // Enroll {0}
import PROGRESS from '@salesforce/label/c.Stride_Bulk_Progress'; // Enrolled {0} of {1}
import DONE from '@salesforce/label/c.Stride_Bulk_Done'; // {0} enrolled. Stride schedules their first actions shortly.
import FAILED from '@salesforce/label/c.Stride_Bulk_Failed'; // {0} could not be enrolled
import LOAD_ERROR from '@salesforce/label/c.Stride_Bulk_Load_Error'; // The selection could not be loaded: {0}

export const LABELS = {
  title: TITLE,
  selected: SELECTED,
  nothingSelected: NOTHING_SELECTED,
  mixedSelection: MIXED_SELECTION,
  sequence: SEQUENCE,
  chooseSequence: CHOOSE_SEQUENCE,
  noSequences: NO_SEQUENCES,
  eligible: ELIGIBLE,
  notEligible: NOT_ELIGIBLE,
  enroll: ENROLL,
  progress: PROGRESS,
  done: DONE,
  failed: FAILED,
  loadError: LOAD_ERROR
};
