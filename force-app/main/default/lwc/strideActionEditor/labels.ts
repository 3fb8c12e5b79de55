// Custom labels used by strideActionEditor (the English value follows each import).
import NEW_TITLE from '@salesforce/label/c.Stride_Action_New_Title'; // New action (step {0})
import EDIT_TITLE from '@salesforce/label/c.Stride_Action_Edit_Title'; // Edit step {0}: {1}
import TYPE from '@salesforce/label/c.Stride_Action_Type'; // Type
import NAME from '@salesforce/label/c.Stride_Action_Name'; // Action name
import ACTIVATION from '@salesforce/label/c.Stride_Action_Activation'; // Activation
import ACTIVATION_HELP from '@salesforce/label/c.Stride_Action_Activation_Help'; // Only Email and Task actions can run automatically; calls and SMS are always worked by a rep.
import DELAY from '@salesforce/label/c.Stride_Action_Delay'; // Delay
import DELAY_UNIT from '@salesforce/label/c.Stride_Action_Delay_Unit'; // Delay unit
import DELAY_HELP from '@salesforce/label/c.Stride_Action_Delay_Help'; // After enrollment for the first action; after the previous action is completed for the others.
import TIMING from '@salesforce/label/c.Stride_Action_Timing'; // Timing
import SUBJECT from '@salesforce/label/c.Stride_Action_Subject'; // Email subject
import BODY from '@salesforce/label/c.Stride_Action_Body'; // Email body
import EMAIL_TEMPLATE from '@salesforce/label/c.Stride_Action_Email_Template'; // Email template ID (optional)
import CC from '@salesforce/label/c.Stride_Action_Cc'; // Cc (comma-separated)
import BCC from '@salesforce/label/c.Stride_Action_Bcc'; // Bcc (comma-separated)
import EMAIL_TEMPLATE_NAME from '@salesforce/label/c.Stride_Action_Email_Template_Name'; // Email template (optional)
import NO_EMAIL_TEMPLATE from '@salesforce/label/c.Stride_Action_No_Email_Template'; // None: the subject and body above
import SMS_TEMPLATE from '@salesforce/label/c.Stride_Action_Sms_Template'; // SMS template
import SMS_BODY from '@salesforce/label/c.Stride_Action_Sms_Body'; // SMS text
import NO_TEMPLATE from '@salesforce/label/c.Stride_Action_No_Template'; // None
import TASK_SUBJECT from '@salesforce/label/c.Stride_Action_Task_Subject'; // Task subject
import TASK_SUBJECT_HELP from '@salesforce/label/c.Stride_Action_Task_Subject_Help'; // Blank: the action name and the time it becomes due.
import TASK_PRIORITY from '@salesforce/label/c.Stride_Action_Task_Priority'; // Task priority
import SHOW_ADVANCED from '@salesforce/label/c.Stride_Action_Show_Advanced'; // Show advanced settings
import HIDE_ADVANCED from '@salesforce/label/c.Stride_Action_Hide_Advanced'; // Hide advanced settings
import DELEGATE from '@salesforce/label/c.Stride_Action_Delegate'; // Assign to (user lookup on the record)
import DELEGATE_DEFAULT from '@salesforce/label/c.Stride_Action_Delegate_Default'; // The sequence's setting
import CRITERIA from '@salesforce/label/c.Stride_Action_Criteria'; // Run this action only when
import CRITERIA_BEHAVIOR from '@salesforce/label/c.Stride_Action_Criteria_Behavior'; // When the criteria are not met
import BEHAVIOR_WAIT from '@salesforce/label/c.Stride_Action_Behavior_Wait'; // Wait until they are met
import BEHAVIOR_SKIP from '@salesforce/label/c.Stride_Action_Behavior_Skip'; // Skip this action
import UPDATES_REQUIRED from '@salesforce/label/c.Stride_Action_Updates_Required'; // The field updates must succeed for the action to complete
import NAME_REQUIRED from '@salesforce/label/c.Stride_Action_Name_Required'; // Give the action a name.
import DELAY_INVALID from '@salesforce/label/c.Stride_Action_Delay_Invalid'; // The delay must be a whole number, 0 or more.
import FIX_ERRORS from '@salesforce/label/c.Stride_Action_Fix_Errors'; // Fix the problems shown before saving.
import CANCEL from '@salesforce/label/c.Stride_Action_Cancel'; // Cancel
import SAVE from '@salesforce/label/c.Stride_Action_Save'; // Save action
import SAVED from '@salesforce/label/c.Stride_Action_Saved'; // Action "{0}" saved.
import SAVE_FAILED from '@salesforce/label/c.Stride_Action_Save_Failed'; // The action was not saved: {0}
import VARIANTS from '@salesforce/label/c.Stride_Action_Variants'; // Variants (A/B test)
import VARIANTS_HELP from '@salesforce/label/c.Stride_Action_Variants_Help'; // Each participant gets one variant, always the same one, by the split percentages, which add up to 100. A blank subject or text keeps the step's.
import VARIANTS_NONE from '@salesforce/label/c.Stride_Action_Variants_None'; // No variants: every participant gets the content above.
import VARIANT_HEADING from '@salesforce/label/c.Stride_Action_Variant_Heading'; // Variant {0}
import VARIANT_ENDED from '@salesforce/label/c.Stride_Action_Variant_Ended'; // ended: gets no new participants
import VARIANT_SPLIT from '@salesforce/label/c.Stride_Action_Variant_Split'; // Variant {0} split (%)
import VARIANT_SUBJECT from '@salesforce/label/c.Stride_Action_Variant_Subject'; // Variant {0} email subject
import VARIANT_BODY from '@salesforce/label/c.Stride_Action_Variant_Body'; // Variant {0} email body
import VARIANT_SMS_BODY from '@salesforce/label/c.Stride_Action_Variant_Sms_Body'; // Variant {0} SMS text
import VARIANT_ADD from '@salesforce/label/c.Stride_Action_Variant_Add'; // Add variant
import VARIANT_REMOVE from '@salesforce/label/c.Stride_Action_Variant_Remove'; // Remove variant {0}
import VARIANT_MAX from '@salesforce/label/c.Stride_Action_Variant_Max'; // A step has at most {0} variants.
import VARIANT_SPLIT_INVALID from '@salesforce/label/c.Stride_Action_Variant_Split_Invalid'; // Variant {0}'s split must be a whole percentage from 1 to 99.
import VARIANT_SPLIT_TOTAL from '@salesforce/label/c.Stride_Action_Variant_Split_Total'; // The split percentages add up to {0}; they must add up to 100.
import VARIANT_TOO_FEW from '@salesforce/label/c.Stride_Action_Variant_Too_Few'; // A test needs at least 2 variants; remove the last one instead.
import VARIANT_SAVE_FAILED from '@salesforce/label/c.Stride_Action_Variant_Save_Failed'; // Variant {0} was not saved: {1}

export const LABELS = {
  newTitle: NEW_TITLE,
  editTitle: EDIT_TITLE,
  type: TYPE,
  name: NAME,
  activation: ACTIVATION,
  activationHelp: ACTIVATION_HELP,
  delay: DELAY,
  delayUnit: DELAY_UNIT,
  delayHelp: DELAY_HELP,
  timing: TIMING,
  subject: SUBJECT,
  body: BODY,
  emailTemplate: EMAIL_TEMPLATE,
  emailTemplateName: EMAIL_TEMPLATE_NAME,
  noEmailTemplate: NO_EMAIL_TEMPLATE,
  cc: CC,
  bcc: BCC,
  smsTemplate: SMS_TEMPLATE,
  smsBody: SMS_BODY,
  noTemplate: NO_TEMPLATE,
  taskSubject: TASK_SUBJECT,
  taskSubjectHelp: TASK_SUBJECT_HELP,
  taskPriority: TASK_PRIORITY,
  showAdvanced: SHOW_ADVANCED,
  hideAdvanced: HIDE_ADVANCED,
  delegate: DELEGATE,
  delegateDefault: DELEGATE_DEFAULT,
  criteria: CRITERIA,
  criteriaBehavior: CRITERIA_BEHAVIOR,
  behaviorWait: BEHAVIOR_WAIT,
  behaviorSkip: BEHAVIOR_SKIP,
  updatesRequired: UPDATES_REQUIRED,
  nameRequired: NAME_REQUIRED,
  delayInvalid: DELAY_INVALID,
  fixErrors: FIX_ERRORS,
  cancel: CANCEL,
  save: SAVE,
  saved: SAVED,
  saveFailed: SAVE_FAILED,
  variants: VARIANTS,
  variantsHelp: VARIANTS_HELP,
  variantsNone: VARIANTS_NONE,
  variantHeading: VARIANT_HEADING,
  variantEnded: VARIANT_ENDED,
  variantSplit: VARIANT_SPLIT,
  variantSubject: VARIANT_SUBJECT,
  variantBody: VARIANT_BODY,
  variantSmsBody: VARIANT_SMS_BODY,
  variantAdd: VARIANT_ADD,
  variantRemove: VARIANT_REMOVE,
  variantMax: VARIANT_MAX,
  variantSplitInvalid: VARIANT_SPLIT_INVALID,
  variantSplitTotal: VARIANT_SPLIT_TOTAL,
  variantTooFew: VARIANT_TOO_FEW,
  variantSaveFailed: VARIANT_SAVE_FAILED
};
