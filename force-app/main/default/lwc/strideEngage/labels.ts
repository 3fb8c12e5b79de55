// Custom labels used by strideEngage (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Engage_Title'; // Engage
import REFRESH from '@salesforce/label/c.Stride_Engage_Refresh'; // Refresh
import TAB_DUE from '@salesforce/label/c.Stride_Engage_Tab_Due'; // Due ({0})
import TAB_UPCOMING from '@salesforce/label/c.Stride_Engage_Tab_Upcoming'; // Upcoming 7 days ({0})
import TAB_DEFERRED from '@salesforce/label/c.Stride_Engage_Tab_Deferred'; // Deferred ({0})
import COUNTS_BY_TYPE from '@salesforce/label/c.Stride_Engage_Counts_By_Type'; // Due actions by type
import COUNT_ITEM from '@salesforce/label/c.Stride_Engage_Count_Item'; // {0}: {1}
import FILTER_TYPE from '@salesforce/label/c.Stride_Engage_Filter_Type'; // Action type
import FILTER_SEQUENCE from '@salesforce/label/c.Stride_Engage_Filter_Sequence'; // Sequence
import FILTER_ALL from '@salesforce/label/c.Stride_Engage_Filter_All'; // All
import EMPTY_DUE from '@salesforce/label/c.Stride_Engage_Empty_Due'; // Nothing is due. Nice work.
import EMPTY_UPCOMING from '@salesforce/label/c.Stride_Engage_Empty_Upcoming'; // Nothing is coming up in the next 7 days.
import EMPTY_DEFERRED from '@salesforce/label/c.Stride_Engage_Empty_Deferred'; // You have no deferred actions.
import LOAD_ERROR from '@salesforce/label/c.Stride_Engage_Load_Error'; // Your actions could not be loaded.
import TRUNCATED from '@salesforce/label/c.Stride_Engage_Truncated'; // Showing the first {0} actions. Complete some to see the rest.
import COMPLETE_REQUESTED from '@salesforce/label/c.Stride_Engage_Complete_Requested'; // Marked complete. Stride moves the sequence on in a moment.
import TASK_START_REQUESTED from '@salesforce/label/c.Stride_Engage_Task_Start_Requested'; // Task requested. Stride creates it in a moment.
import SAVE_FAILED from '@salesforce/label/c.Stride_Engage_Save_Failed'; // Your change was not saved
import SUCCESS_TITLE from '@salesforce/label/c.Stride_Engage_Success_Title'; // Saved

export const LABELS = {
  title: TITLE,
  refresh: REFRESH,
  tabDue: TAB_DUE,
  tabUpcoming: TAB_UPCOMING,
  tabDeferred: TAB_DEFERRED,
  countsByType: COUNTS_BY_TYPE,
  countItem: COUNT_ITEM,
  filterType: FILTER_TYPE,
  filterSequence: FILTER_SEQUENCE,
  filterAll: FILTER_ALL,
  emptyDue: EMPTY_DUE,
  emptyUpcoming: EMPTY_UPCOMING,
  emptyDeferred: EMPTY_DEFERRED,
  loadError: LOAD_ERROR,
  truncated: TRUNCATED,
  completeRequested: COMPLETE_REQUESTED,
  taskStartRequested: TASK_START_REQUESTED,
  saveFailed: SAVE_FAILED,
  successTitle: SUCCESS_TITLE
};
