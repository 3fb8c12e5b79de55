// Custom labels used by strideCriteriaBuilder (the English value follows each import).
import LOGIC from '@salesforce/label/c.Stride_Criteria_Logic'; // Conditions are met when
import LOGIC_AND from '@salesforce/label/c.Stride_Criteria_Logic_And'; // All conditions are met (AND)
import LOGIC_OR from '@salesforce/label/c.Stride_Criteria_Logic_Or'; // Any condition is met (OR)
import LOGIC_CUSTOM from '@salesforce/label/c.Stride_Criteria_Logic_Custom'; // Custom logic
import EXPRESSION from '@salesforce/label/c.Stride_Criteria_Expression'; // Custom logic, for example 1 AND (2 OR 3)
import FIELD from '@salesforce/label/c.Stride_Criteria_Field'; // Field
import OPERATOR from '@salesforce/label/c.Stride_Criteria_Operator'; // Operator
import VALUE from '@salesforce/label/c.Stride_Criteria_Value'; // Value
import VALUE_FROM from '@salesforce/label/c.Stride_Criteria_Value_From'; // From
import VALUE_TO from '@salesforce/label/c.Stride_Criteria_Value_To'; // To
import VALUES_HELP from '@salesforce/label/c.Stride_Criteria_Values_Help'; // Separate values with commas
import DATE_HELP from '@salesforce/label/c.Stride_Criteria_Date_Help'; // A date (2026-12-31) or a relative date such as TODAY or LAST_N_DAYS:30
import CONDITION from '@salesforce/label/c.Stride_Criteria_Condition'; // Condition {0}
import ADD from '@salesforce/label/c.Stride_Criteria_Add'; // Add condition
import REMOVE from '@salesforce/label/c.Stride_Criteria_Remove'; // Remove condition {0}
import TRUE_LABEL from '@salesforce/label/c.Stride_Criteria_True'; // True
import FALSE_LABEL from '@salesforce/label/c.Stride_Criteria_False'; // False
import NONE from '@salesforce/label/c.Stride_Criteria_None'; // No conditions: always met.
import ERROR_AT from '@salesforce/label/c.Stride_Criteria_Error_At'; // Error at position {0}
import RELATED from '@salesforce/label/c.Stride_Criteria_Related'; // Related: {0} ({1})
import RELATED_FIELD from '@salesforce/label/c.Stride_Criteria_Related_Field'; // {0} field

export const LABELS = {
  logic: LOGIC,
  logicAnd: LOGIC_AND,
  logicOr: LOGIC_OR,
  logicCustom: LOGIC_CUSTOM,
  expression: EXPRESSION,
  field: FIELD,
  operator: OPERATOR,
  value: VALUE,
  valueFrom: VALUE_FROM,
  valueTo: VALUE_TO,
  valuesHelp: VALUES_HELP,
  dateHelp: DATE_HELP,
  condition: CONDITION,
  add: ADD,
  remove: REMOVE,
  trueLabel: TRUE_LABEL,
  falseLabel: FALSE_LABEL,
  none: NONE,
  errorAt: ERROR_AT,
  related: RELATED,
  relatedField: RELATED_FIELD
};
