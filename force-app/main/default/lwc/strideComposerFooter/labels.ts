// Custom labels used by strideComposerFooter (the English value follows each import).
import CANCEL from '@salesforce/label/c.Stride_Composer_Cancel'; // Cancel
import SAVE_DRAFT from '@salesforce/label/c.Stride_Composer_Save_Draft'; // Save draft
import SEND from '@salesforce/label/c.Stride_Composer_Send'; // Send

export const LABELS = { cancel: CANCEL, saveDraft: SAVE_DRAFT, send: SEND };
