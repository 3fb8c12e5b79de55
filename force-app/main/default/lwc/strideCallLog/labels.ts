// Custom labels used by strideCallLog (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Call_Title'; // Log call with {0}
import OUTCOME from '@salesforce/label/c.Stride_Call_Outcome'; // Outcome
import NOTES from '@salesforce/label/c.Stride_Call_Notes'; // Notes
import MINUTES from '@salesforce/label/c.Stride_Call_Minutes'; // Duration (minutes)
import SECONDS from '@salesforce/label/c.Stride_Call_Seconds'; // Duration (seconds)
import CANCEL from '@salesforce/label/c.Stride_Call_Cancel'; // Cancel
import SAVE from '@salesforce/label/c.Stride_Call_Save'; // Log call and complete
import SAVED from '@salesforce/label/c.Stride_Call_Saved'; // Call with {0} logged; the action is complete.
import SAVE_FAILED from '@salesforce/label/c.Stride_Call_Save_Failed'; // The call was not logged: {0}
import OUTCOME_REQUIRED from '@salesforce/label/c.Stride_Call_Outcome_Required'; // Choose the call outcome.
import PICKLIST_ERROR from '@salesforce/label/c.Stride_Call_Picklist_Error'; // Call outcomes could not be loaded: {0}

export const LABELS = {
  title: TITLE,
  outcome: OUTCOME,
  notes: NOTES,
  minutes: MINUTES,
  seconds: SECONDS,
  cancel: CANCEL,
  save: SAVE,
  saved: SAVED,
  saveFailed: SAVE_FAILED,
  outcomeRequired: OUTCOME_REQUIRED,
  picklistError: PICKLIST_ERROR
};
