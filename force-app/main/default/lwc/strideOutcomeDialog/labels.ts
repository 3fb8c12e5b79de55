// Custom labels used by strideOutcomeDialog (the English value follows each import).
import SKIP_TITLE from '@salesforce/label/c.Stride_Outcome_Skip_Title'; // Skip this action
import DEFER_TITLE from '@salesforce/label/c.Stride_Outcome_Defer_Title'; // Defer this action
import RESCHEDULE_TITLE from '@salesforce/label/c.Stride_Outcome_Reschedule_Title'; // Reschedule this action
import SKIP_HELP from '@salesforce/label/c.Stride_Outcome_Skip_Help'; // The sequence moves on to the next action.
import DEFER_HELP from '@salesforce/label/c.Stride_Outcome_Defer_Help'; // The sequence moves on now; this action comes back to your Engage list at the time you choose.
import RESCHEDULE_HELP from '@salesforce/label/c.Stride_Outcome_Reschedule_Help'; // The action stays current and becomes due at the time you choose.
import REASON from '@salesforce/label/c.Stride_Outcome_Reason'; // Reason
import WHEN from '@salesforce/label/c.Stride_Outcome_When'; // Due at
import REASON_REQUIRED from '@salesforce/label/c.Stride_Outcome_Reason_Required'; // Say why you are skipping this action.
import DATE_LABEL from '@salesforce/label/c.Stride_Outcome_Date'; // Date
import TIME_LABEL from '@salesforce/label/c.Stride_Outcome_Time'; // Time
import MUST_BE_FUTURE from '@salesforce/label/c.Stride_Outcome_Must_Be_Future'; // Choose a time in the future.
import CANCEL from '@salesforce/label/c.Stride_Outcome_Cancel'; // Cancel
import SAVE_SKIP from '@salesforce/label/c.Stride_Outcome_Save_Skip'; // Skip
import SAVE_DEFER from '@salesforce/label/c.Stride_Outcome_Save_Defer'; // Defer
import SAVE_RESCHEDULE from '@salesforce/label/c.Stride_Outcome_Save_Reschedule'; // Reschedule
import SKIPPED from '@salesforce/label/c.Stride_Outcome_Skipped'; // Skip requested for {0}.
import DEFERRED from '@salesforce/label/c.Stride_Outcome_Deferred'; // Defer requested for {0}.
import RESCHEDULED from '@salesforce/label/c.Stride_Outcome_Rescheduled'; // Reschedule requested for {0}.
import SAVE_FAILED from '@salesforce/label/c.Stride_Outcome_Save_Failed'; // Not saved: {0}

export const LABELS = {
  reasonRequired: REASON_REQUIRED,
  dateLabel: DATE_LABEL,
  timeLabel: TIME_LABEL,
  skipTitle: SKIP_TITLE,
  deferTitle: DEFER_TITLE,
  rescheduleTitle: RESCHEDULE_TITLE,
  skipHelp: SKIP_HELP,
  deferHelp: DEFER_HELP,
  rescheduleHelp: RESCHEDULE_HELP,
  reason: REASON,
  when: WHEN,
  mustBeFuture: MUST_BE_FUTURE,
  cancel: CANCEL,
  saveSkip: SAVE_SKIP,
  saveDefer: SAVE_DEFER,
  saveReschedule: SAVE_RESCHEDULE,
  skipped: SKIPPED,
  deferred: DEFERRED,
  rescheduled: RESCHEDULED,
  saveFailed: SAVE_FAILED
};
