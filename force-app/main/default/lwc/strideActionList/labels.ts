// Custom labels used by strideActionList (the English value follows each import).
import LIST_LABEL from '@salesforce/label/c.Stride_List_Label'; // Actions
import LOADING from '@salesforce/label/c.Stride_List_Loading'; // Loading actions
import STEP_OF from '@salesforce/label/c.Stride_List_Step_Of'; // Step {0} of {1}
import STEP from '@salesforce/label/c.Stride_List_Step'; // Step {0}
import OVERDUE from '@salesforce/label/c.Stride_List_Overdue'; // Overdue
import DUE from '@salesforce/label/c.Stride_List_Due'; // Due
import DEFERRED_UNTIL from '@salesforce/label/c.Stride_List_Deferred_Until'; // Deferred until
import WAITING_CRITERIA from '@salesforce/label/c.Stride_List_Waiting_Criteria'; // Waiting for criteria
import SENDING from '@salesforce/label/c.Stride_List_Sending'; // Sending
import REQUESTED from '@salesforce/label/c.Stride_List_Requested'; // {0} requested
import CALL_NOW from '@salesforce/label/c.Stride_List_Call_Now'; // Call now
import PAGE_RANGE from '@salesforce/label/c.Stride_List_Page_Range'; // {0}–{1} of {2}
import PREVIOUS_PAGE from '@salesforce/label/c.Stride_List_Previous_Page'; // Previous page
import NEXT_PAGE from '@salesforce/label/c.Stride_List_Next_Page'; // Next page
import LOG_CALL from '@salesforce/label/c.Stride_List_Log_Call'; // Log call
import MESSAGE from '@salesforce/label/c.Stride_List_Message'; // Message
import COMPOSE_EMAIL from '@salesforce/label/c.Stride_List_Compose_Email'; // Compose email
import OPEN_TASK from '@salesforce/label/c.Stride_List_Open_Task'; // Open task
import START_TASK from '@salesforce/label/c.Stride_List_Start_Task'; // Start task
import COMPLETE from '@salesforce/label/c.Stride_List_Complete'; // Complete
import MORE_ACTIONS from '@salesforce/label/c.Stride_List_More_Actions'; // More actions for {0}
import SKIP from '@salesforce/label/c.Stride_List_Skip'; // Skip
import DEFER from '@salesforce/label/c.Stride_List_Defer'; // Defer
import RESCHEDULE from '@salesforce/label/c.Stride_List_Reschedule'; // Reschedule
import NO_PHONE from '@salesforce/label/c.Stride_List_No_Phone'; // No phone number
import DO_NOT_CALL from '@salesforce/label/c.Stride_List_Do_Not_Call'; // Do not call
import EMAIL_OPTED_OUT from '@salesforce/label/c.Stride_List_Email_Opted_Out'; // Email opt-out
import COVERING_FOR from '@salesforce/label/c.Stride_List_Covering_For'; // Covering for {0}
import COVERING_FOR_HELP from '@salesforce/label/c.Stride_List_Covering_For_Help'; // You work this action while its rep is away; it returns to them when they are back.
import LAST_FAILED from '@salesforce/label/c.Stride_List_Last_Failed'; // Last attempt failed

export const LABELS = {
  listLabel: LIST_LABEL,
  loading: LOADING,
  stepOf: STEP_OF,
  step: STEP,
  overdue: OVERDUE,
  due: DUE,
  deferredUntil: DEFERRED_UNTIL,
  waitingCriteria: WAITING_CRITERIA,
  sending: SENDING,
  requested: REQUESTED,
  callNow: CALL_NOW,
  pageRange: PAGE_RANGE,
  previousPage: PREVIOUS_PAGE,
  nextPage: NEXT_PAGE,
  logCall: LOG_CALL,
  message: MESSAGE,
  composeEmail: COMPOSE_EMAIL,
  openTask: OPEN_TASK,
  startTask: START_TASK,
  complete: COMPLETE,
  moreActions: MORE_ACTIONS,
  skip: SKIP,
  defer: DEFER,
  reschedule: RESCHEDULE,
  noPhone: NO_PHONE,
  doNotCall: DO_NOT_CALL,
  emailOptedOut: EMAIL_OPTED_OUT,
  coveringFor: COVERING_FOR,
  coveringForHelp: COVERING_FOR_HELP,
  lastFailed: LAST_FAILED
};
