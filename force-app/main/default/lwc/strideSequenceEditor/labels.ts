// Custom labels used by strideSequenceEditor (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Editor_Title'; // Sequence editor
import LOADING from '@salesforce/label/c.Stride_Editor_Loading'; // Loading sequence
import LOAD_ERROR from '@salesforce/label/c.Stride_Editor_Load_Error'; // The sequence could not be loaded: {0}
import SETTINGS from '@salesforce/label/c.Stride_Editor_Settings'; // Settings
import TARGET from '@salesforce/label/c.Stride_Editor_Target'; // Target object
import TARGET_LOCKED from '@salesforce/label/c.Stride_Editor_Target_Locked'; // The target cannot change once people are enrolled.
import ACTIVE from '@salesforce/label/c.Stride_Editor_Active'; // Active
import ENROLLMENT from '@salesforce/label/c.Stride_Editor_Enrollment'; // Enrollment
import PRIORITY from '@salesforce/label/c.Stride_Editor_Priority'; // Priority
import DELEGATE from '@salesforce/label/c.Stride_Editor_Delegate'; // Assign actions to (user lookup on the record)
import DELEGATE_OWNER from '@salesforce/label/c.Stride_Editor_Delegate_Owner'; // The record owner
import BUSINESS_HOURS from '@salesforce/label/c.Stride_Editor_Business_Hours'; // Business hours
import BUSINESS_HOURS_ID from '@salesforce/label/c.Stride_Editor_Business_Hours_Id'; // Business hours ID
import BUSINESS_HOURS_NONE from '@salesforce/label/c.Stride_Editor_Business_Hours_None'; // None: each owner's working day
import BUSINESS_HOURS_HELP from '@salesforce/label/c.Stride_Editor_Business_Hours_Help'; // Blank: each owner's Start and End of Day, else the org's default business hours.
import BUSINESS_HOURS_INVALID from '@salesforce/label/c.Stride_Editor_Business_Hours_Invalid'; // A business hours ID starts with 01m and has 15 or 18 characters.
import RECIPIENT_ZONE from '@salesforce/label/c.Stride_Editor_Recipient_Zone'; // Use the recipient's time zone
import TIME_ZONE from '@salesforce/label/c.Stride_Editor_Time_Zone'; // Time zone for daily limits
import TIME_ZONE_NONE from '@salesforce/label/c.Stride_Editor_Time_Zone_None'; // None: the org's default time zone
import TIME_ZONE_INVALID from '@salesforce/label/c.Stride_Editor_Time_Zone_Invalid'; // Use a time zone name such as America/New_York.
import SLOW_DRIP from '@salesforce/label/c.Stride_Editor_Slow_Drip'; // Admit at most this many people per day
import EXIT_ON_REPLY from '@salesforce/label/c.Stride_Editor_Exit_On_Reply'; // Exit when the person replies
import EXIT_ON_BOUNCE from '@salesforce/label/c.Stride_Editor_Exit_On_Bounce'; // Exit when an email bounces
import REPEATABLE from '@salesforce/label/c.Stride_Editor_Repeatable'; // People can go through it again
import ENTRY_CRITERIA from '@salesforce/label/c.Stride_Editor_Entry_Criteria'; // Entry criteria
import EXIT_CRITERIA from '@salesforce/label/c.Stride_Editor_Exit_Criteria'; // Exit criteria
import SAVE_SETTINGS from '@salesforce/label/c.Stride_Editor_Save_Settings'; // Save settings
import SETTINGS_SAVED from '@salesforce/label/c.Stride_Editor_Settings_Saved'; // Sequence settings saved.
import FIX_ERRORS from '@salesforce/label/c.Stride_Editor_Fix_Errors'; // Fix the problems shown before saving.
import ACTIONS from '@salesforce/label/c.Stride_Editor_Actions'; // Actions
import NO_ACTIONS from '@salesforce/label/c.Stride_Editor_No_Actions'; // No actions yet. Add the first one.
import ADD_ACTION from '@salesforce/label/c.Stride_Editor_Add_Action'; // Add action
import EDIT from '@salesforce/label/c.Stride_Editor_Edit'; // Edit {0}
import MOVE_UP from '@salesforce/label/c.Stride_Editor_Move_Up'; // Move {0} up
import MOVE_DOWN from '@salesforce/label/c.Stride_Editor_Move_Down'; // Move {0} down
import REMOVE from '@salesforce/label/c.Stride_Editor_Remove'; // Remove {0}
import MOVED from '@salesforce/label/c.Stride_Editor_Moved'; // {0} is now step {1}.
import REORDER_HELP from '@salesforce/label/c.Stride_Editor_Reorder_Help'; // Drag an action, or use its arrow buttons, to change the order.
import LIVE from '@salesforce/label/c.Stride_Editor_Live'; // {0} people are in this sequence: new actions can only be added at the end, and the order is fixed.
import STEP_SUMMARY from '@salesforce/label/c.Stride_Editor_Step_Summary'; // {0} · {1} after {2} {3} · {4}
import STEP_SUMMARY_IMMEDIATE from '@salesforce/label/c.Stride_Editor_Step_Summary_Immediate'; // {0} · {1} immediately · {2}
import STEP_SUMMARY_RIGHT_AFTER from '@salesforce/label/c.Stride_Editor_Step_Summary_Right_After'; // {0} · {1} right after the previous step · {2}
import REMOVE_TITLE from '@salesforce/label/c.Stride_Editor_Remove_Title'; // Remove {0}?
import REMOVE_LIVE from '@salesforce/label/c.Stride_Editor_Remove_Live'; // Removing this action cancels {0} open actions for people in the sequence.
import REMOVE_NOT_LIVE from '@salesforce/label/c.Stride_Editor_Remove_Not_Live'; // Nobody is in the sequence, so no open action is affected.
import COUNTING from '@salesforce/label/c.Stride_Editor_Counting'; // Counting the open actions…
import CANCEL from '@salesforce/label/c.Stride_Editor_Cancel'; // Cancel
import CONFIRM_REMOVE from '@salesforce/label/c.Stride_Editor_Confirm_Remove'; // Remove action
import REMOVED from '@salesforce/label/c.Stride_Editor_Removed'; // Action "{0}" removed.
import SAVE_FAILED from '@salesforce/label/c.Stride_Editor_Save_Failed'; // Your change was not saved
import SUCCESS_TITLE from '@salesforce/label/c.Stride_Editor_Success_Title'; // Saved

export const LABELS = {
  title: TITLE,
  loading: LOADING,
  loadError: LOAD_ERROR,
  settings: SETTINGS,
  target: TARGET,
  targetLocked: TARGET_LOCKED,
  active: ACTIVE,
  enrollment: ENROLLMENT,
  priority: PRIORITY,
  delegate: DELEGATE,
  delegateOwner: DELEGATE_OWNER,
  businessHours: BUSINESS_HOURS,
  businessHoursId: BUSINESS_HOURS_ID,
  businessHoursNone: BUSINESS_HOURS_NONE,
  businessHoursHelp: BUSINESS_HOURS_HELP,
  businessHoursInvalid: BUSINESS_HOURS_INVALID,
  recipientZone: RECIPIENT_ZONE,
  timeZone: TIME_ZONE,
  timeZoneNone: TIME_ZONE_NONE,
  timeZoneInvalid: TIME_ZONE_INVALID,
  slowDrip: SLOW_DRIP,
  exitOnReply: EXIT_ON_REPLY,
  exitOnBounce: EXIT_ON_BOUNCE,
  repeatable: REPEATABLE,
  entryCriteria: ENTRY_CRITERIA,
  exitCriteria: EXIT_CRITERIA,
  saveSettings: SAVE_SETTINGS,
  settingsSaved: SETTINGS_SAVED,
  fixErrors: FIX_ERRORS,
  actions: ACTIONS,
  noActions: NO_ACTIONS,
  addAction: ADD_ACTION,
  edit: EDIT,
  moveUp: MOVE_UP,
  moveDown: MOVE_DOWN,
  remove: REMOVE,
  moved: MOVED,
  reorderHelp: REORDER_HELP,
  live: LIVE,
  stepSummary: STEP_SUMMARY,
  stepSummaryImmediate: STEP_SUMMARY_IMMEDIATE,
  stepSummaryRightAfter: STEP_SUMMARY_RIGHT_AFTER,
  removeTitle: REMOVE_TITLE,
  removeLive: REMOVE_LIVE,
  removeNotLive: REMOVE_NOT_LIVE,
  counting: COUNTING,
  cancel: CANCEL,
  confirmRemove: CONFIRM_REMOVE,
  removed: REMOVED,
  saveFailed: SAVE_FAILED,
  successTitle: SUCCESS_TITLE
};
