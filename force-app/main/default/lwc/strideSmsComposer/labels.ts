// Custom labels used by strideSmsComposer (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Sms_Title'; // Message {0}
import TO from '@salesforce/label/c.Stride_Sms_To'; // To
import TEMPLATE from '@salesforce/label/c.Stride_Sms_Template'; // SMS template
import NO_TEMPLATE from '@salesforce/label/c.Stride_Sms_No_Template'; // None (write a message)
import MESSAGE from '@salesforce/label/c.Stride_Sms_Message'; // Message
import PREVIEW from '@salesforce/label/c.Stride_Sms_Preview'; // Preview
import SEGMENTS from '@salesforce/label/c.Stride_Sms_Segments'; // {0} characters, {1} segment(s), {2}
import MISSING from '@salesforce/label/c.Stride_Sms_Missing'; // These merge fields are blank for this person: {0}
import INVALID_MOBILE from '@salesforce/label/c.Stride_Sms_Invalid_Mobile'; // {0} has no valid mobile number, so no SMS can be sent.
import EMPTY from '@salesforce/label/c.Stride_Sms_Empty'; // Write a message before sending.
import LAST_ERROR from '@salesforce/label/c.Stride_Sms_Last_Error'; // The last attempt failed: {0}
import SENT from '@salesforce/label/c.Stride_Sms_Sent'; // SMS to {0} queued for sending.
import SAVE_FAILED from '@salesforce/label/c.Stride_Sms_Save_Failed'; // The message was not queued: {0}
import DRAFT_SAVED from '@salesforce/label/c.Stride_Sms_Draft_Saved'; // Draft for {0} saved.
import TEMPLATES_ERROR from '@salesforce/label/c.Stride_Sms_Templates_Error'; // SMS templates could not be loaded: {0}

export const LABELS = {
  title: TITLE,
  to: TO,
  template: TEMPLATE,
  noTemplate: NO_TEMPLATE,
  message: MESSAGE,
  preview: PREVIEW,
  segments: SEGMENTS,
  missing: MISSING,
  invalidMobile: INVALID_MOBILE,
  empty: EMPTY,
  lastError: LAST_ERROR,
  sent: SENT,
  saveFailed: SAVE_FAILED,
  draftSaved: DRAFT_SAVED,
  templatesError: TEMPLATES_ERROR
};
