// Custom labels used by strideFieldUpdates (the English value follows each import).
import LEGEND from '@salesforce/label/c.Stride_Updates_Legend'; // Field updates when the action is performed
import FIELD from '@salesforce/label/c.Stride_Updates_Field'; // Field
import VALUE from '@salesforce/label/c.Stride_Updates_Value'; // New value
import VALUE_HELP from '@salesforce/label/c.Stride_Updates_Value_Help'; // Leave blank to clear the field. Dates accept {!Today}; date/times accept {!Now}.
import ADD from '@salesforce/label/c.Stride_Updates_Add'; // Add field update
import REMOVE from '@salesforce/label/c.Stride_Updates_Remove'; // Remove update {0}
import UPDATE from '@salesforce/label/c.Stride_Updates_Update'; // Update {0}
import NONE from '@salesforce/label/c.Stride_Updates_None'; // No field updates.
import TRUE_LABEL from '@salesforce/label/c.Stride_Updates_True'; // True
import FALSE_LABEL from '@salesforce/label/c.Stride_Updates_False'; // False
import CLEAR from '@salesforce/label/c.Stride_Updates_Clear'; // (Clear the field)
import RECORD from '@salesforce/label/c.Stride_Updates_Record'; // Record
import PERSON from '@salesforce/label/c.Stride_Updates_Person'; // Person (Lead or Contact)

export const LABELS = {
  legend: LEGEND,
  field: FIELD,
  value: VALUE,
  valueHelp: VALUE_HELP,
  add: ADD,
  remove: REMOVE,
  update: UPDATE,
  none: NONE,
  trueLabel: TRUE_LABEL,
  falseLabel: FALSE_LABEL,
  clear: CLEAR,
  record: RECORD,
  person: PERSON
};
