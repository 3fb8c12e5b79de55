// Custom labels used by strideEmailComposer (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Email_Title'; // Email {0}
import TO from '@salesforce/label/c.Stride_Email_To'; // To
import CC from '@salesforce/label/c.Stride_Email_Cc'; // Cc
import BCC from '@salesforce/label/c.Stride_Email_Bcc'; // Bcc
import SHOW_CC from '@salesforce/label/c.Stride_Email_Show_Cc'; // Add Cc and Bcc
import SUBJECT from '@salesforce/label/c.Stride_Email_Subject'; // Subject
import BODY from '@salesforce/label/c.Stride_Email_Body'; // Body
import USE_TEMPLATE from '@salesforce/label/c.Stride_Email_Use_Template'; // Reset to the sequence template
import PREVIEW from '@salesforce/label/c.Stride_Email_Preview'; // Preview for {0}
import MISSING from '@salesforce/label/c.Stride_Email_Missing'; // These merge fields are blank for this person: {0}
import OPTED_OUT from '@salesforce/label/c.Stride_Email_Opted_Out'; // {0} has opted out of email. Skip this action instead.
import NO_EMAIL from '@salesforce/label/c.Stride_Email_No_Email'; // {0} has no email address. Add one to the record, or skip this action.
import BAD_EMAIL from '@salesforce/label/c.Stride_Email_Bad_Email'; // {0}'s email address is not valid. Correct it on the record, or skip this action.
import BAD_ADDRESS from '@salesforce/label/c.Stride_Email_Bad_Address'; // Not a valid email address: {0}
import EMPTY from '@salesforce/label/c.Stride_Email_Empty'; // Add a subject and a body before sending.
import LAST_ERROR from '@salesforce/label/c.Stride_Email_Last_Error'; // The last attempt failed: {0}
import SENT from '@salesforce/label/c.Stride_Email_Sent'; // Email to {0} queued for sending.
import DRAFT_SAVED from '@salesforce/label/c.Stride_Email_Draft_Saved'; // Draft for {0} saved.
import SAVE_FAILED from '@salesforce/label/c.Stride_Email_Save_Failed'; // The email was not queued: {0}
import STRIDE_EMAIL_TEMPLATE_NOTE from '@salesforce/label/c.Stride_Email_Template_Note'; // From the email template: Salesforce fills it in when it is sent. Write a subject and body to send your own instead.
import STRIDE_EMAIL_TEMPLATE_PENDING from '@salesforce/label/c.Stride_Email_Template_Pending'; // From the email template: its preview for this person appears shortly.

export const LABELS = {
  title: TITLE,
  to: TO,
  cc: CC,
  bcc: BCC,
  showCc: SHOW_CC,
  subject: SUBJECT,
  body: BODY,
  useTemplate: USE_TEMPLATE,
  preview: PREVIEW,
  missing: MISSING,
  optedOut: OPTED_OUT,
  noEmail: NO_EMAIL,
  badEmail: BAD_EMAIL,
  badAddress: BAD_ADDRESS,
  empty: EMPTY,
  lastError: LAST_ERROR,
  sent: SENT,
  draftSaved: DRAFT_SAVED,
  saveFailed: SAVE_FAILED,
  templateNote: STRIDE_EMAIL_TEMPLATE_NOTE,
  templatePending: STRIDE_EMAIL_TEMPLATE_PENDING
};
