// Custom labels used by strideParticipantPanel (the English value follows each import).
import TITLE from '@salesforce/label/c.Stride_Panel_Title'; // Stride sequence
import LOADING from '@salesforce/label/c.Stride_Panel_Loading'; // Loading sequence
import LOAD_ERROR from '@salesforce/label/c.Stride_Panel_Load_Error'; // The sequence could not be loaded: {0}
import NOT_ENROLLED from '@salesforce/label/c.Stride_Panel_Not_Enrolled'; // Not in a sequence.
import CURRENT from '@salesforce/label/c.Stride_Panel_Current'; // {0}: {1}
import ENROLLED_ON from '@salesforce/label/c.Stride_Panel_Enrolled_On'; // Enrolled
import REQUESTED from '@salesforce/label/c.Stride_Panel_Requested'; // {0} requested
import PAUSE from '@salesforce/label/c.Stride_Panel_Pause'; // Pause
import RESUME from '@salesforce/label/c.Stride_Panel_Resume'; // Resume
import REMOVE from '@salesforce/label/c.Stride_Panel_Remove'; // Remove from sequence
import REMOVE_TITLE from '@salesforce/label/c.Stride_Panel_Remove_Title'; // Remove from {0}?
import REMOVE_HELP from '@salesforce/label/c.Stride_Panel_Remove_Help'; // The person leaves the sequence now and its open actions are canceled.
import CANCEL from '@salesforce/label/c.Stride_Panel_Cancel'; // Cancel
import TIMELINE from '@salesforce/label/c.Stride_Panel_Timeline'; // Actions
import STEP from '@salesforce/label/c.Stride_Panel_Step'; // Step {0}: {1}
import COMPLETE_TASK from '@salesforce/label/c.Stride_Panel_Complete_Task'; // Complete task
import ENROLL_HEADING from '@salesforce/label/c.Stride_Panel_Enroll_Heading'; // Enroll in a sequence
import ENROLL from '@salesforce/label/c.Stride_Panel_Enroll'; // Enroll
import NO_SEQUENCES from '@salesforce/label/c.Stride_Panel_No_Sequences'; // No active sequence targets this record type.
import INELIGIBLE_OPEN from '@salesforce/label/c.Stride_Panel_Ineligible_Open'; // Already in {0}. Remove them from it first.
import INELIGIBLE_DONE from '@salesforce/label/c.Stride_Panel_Ineligible_Done'; // Already went through this sequence, which is not repeatable.
import INELIGIBLE_CRITERIA from '@salesforce/label/c.Stride_Panel_Ineligible_Criteria'; // Does not meet the entry criteria.
import INELIGIBLE_BAD_CRITERIA from '@salesforce/label/c.Stride_Panel_Ineligible_Bad_Criteria'; // The entry criteria cannot be checked: {0}
import INELIGIBLE_CONVERTED from '@salesforce/label/c.Stride_Panel_Ineligible_Converted'; // Converted leads cannot be enrolled.
import ENROLLED from '@salesforce/label/c.Stride_Panel_Enrolled'; // Enrolled in {0}. Stride schedules the first action shortly.
import UPDATED from '@salesforce/label/c.Stride_Panel_Updated'; // Request recorded. Stride applies it shortly.
import SAVE_FAILED from '@salesforce/label/c.Stride_Panel_Save_Failed'; // Your change was not saved
import SUCCESS_TITLE from '@salesforce/label/c.Stride_Panel_Success_Title'; // Saved
import STRIDE_PANEL_GROUP_PARTICIPANTS from '@salesforce/label/c.Stride_Panel_Group_Participants'; // Enrolled through this record
import STRIDE_PANEL_GROUP_NONE from '@salesforce/label/c.Stride_Panel_Group_None'; // No one is enrolled through this record.
import STRIDE_PANEL_ENROLL_ROLES_HEADING from '@salesforce/label/c.Stride_Panel_Enroll_Roles_Heading'; // Enroll contact roles
import STRIDE_PANEL_ENROLL_MEMBERS_HEADING from '@salesforce/label/c.Stride_Panel_Enroll_Members_Heading'; // Enroll campaign members
import STRIDE_PANEL_ROLE from '@salesforce/label/c.Stride_Panel_Role'; // Contact role
import STRIDE_PANEL_ALL_ROLES from '@salesforce/label/c.Stride_Panel_All_Roles'; // All contact roles
import STRIDE_PANEL_NO_CONTACT_ROLES from '@salesforce/label/c.Stride_Panel_No_Contact_Roles'; // This opportunity has no contact roles to enroll.
import STRIDE_PANEL_NO_MEMBERS from '@salesforce/label/c.Stride_Panel_No_Members'; // This campaign has no members to enroll.
import STRIDE_PANEL_GROUP_COUNT from '@salesforce/label/c.Stride_Panel_Group_Count'; // {0} of {1} can be enrolled; the companion checks the entry criteria.
import STRIDE_PANEL_GROUP_NOBODY from '@salesforce/label/c.Stride_Panel_Group_Nobody'; // Nobody to enroll: each is in a sequence already or went through this one.
import STRIDE_PANEL_GROUP_ENROLLED from '@salesforce/label/c.Stride_Panel_Group_Enrolled'; // Enrolled {0} in {1}. Stride schedules the first actions shortly.
import STRIDE_PANEL_GROUP_FAILED from '@salesforce/label/c.Stride_Panel_Group_Failed'; // Not enrolled: {0}
import ENROLL_IN from '@salesforce/label/c.Stride_Panel_Enroll_In'; // Enroll in {0}
import PAUSE_PERSON from '@salesforce/label/c.Stride_Panel_Pause_Person'; // Pause {0}
import RESUME_PERSON from '@salesforce/label/c.Stride_Panel_Resume_Person'; // Resume {0}
import REMOVE_SHORT from '@salesforce/label/c.Stride_Panel_Remove_Short'; // Remove
import REMOVE_PERSON from '@salesforce/label/c.Stride_Panel_Remove_Person'; // Remove {0}
import REMOVE_PERSON_TITLE from '@salesforce/label/c.Stride_Panel_Remove_Person_Title'; // Remove {0} from {1}?

export const LABELS = {
  title: TITLE,
  loading: LOADING,
  loadError: LOAD_ERROR,
  notEnrolled: NOT_ENROLLED,
  current: CURRENT,
  enrolledOn: ENROLLED_ON,
  requested: REQUESTED,
  pause: PAUSE,
  resume: RESUME,
  remove: REMOVE,
  removeTitle: REMOVE_TITLE,
  removeHelp: REMOVE_HELP,
  cancel: CANCEL,
  timeline: TIMELINE,
  step: STEP,
  completeTask: COMPLETE_TASK,
  enrollHeading: ENROLL_HEADING,
  enroll: ENROLL,
  noSequences: NO_SEQUENCES,
  ineligibleOpen: INELIGIBLE_OPEN,
  ineligibleDone: INELIGIBLE_DONE,
  ineligibleCriteria: INELIGIBLE_CRITERIA,
  ineligibleBadCriteria: INELIGIBLE_BAD_CRITERIA,
  ineligibleConverted: INELIGIBLE_CONVERTED,
  enrolled: ENROLLED,
  updated: UPDATED,
  saveFailed: SAVE_FAILED,
  successTitle: SUCCESS_TITLE,
  groupParticipants: STRIDE_PANEL_GROUP_PARTICIPANTS,
  groupNone: STRIDE_PANEL_GROUP_NONE,
  enrollRolesHeading: STRIDE_PANEL_ENROLL_ROLES_HEADING,
  enrollMembersHeading: STRIDE_PANEL_ENROLL_MEMBERS_HEADING,
  role: STRIDE_PANEL_ROLE,
  allRoles: STRIDE_PANEL_ALL_ROLES,
  noContactRoles: STRIDE_PANEL_NO_CONTACT_ROLES,
  noMembers: STRIDE_PANEL_NO_MEMBERS,
  groupCount: STRIDE_PANEL_GROUP_COUNT,
  groupNobody: STRIDE_PANEL_GROUP_NOBODY,
  groupEnrolled: STRIDE_PANEL_GROUP_ENROLLED,
  groupFailed: STRIDE_PANEL_GROUP_FAILED,
  enrollIn: ENROLL_IN,
  pausePerson: PAUSE_PERSON,
  resumePerson: RESUME_PERSON,
  removeShort: REMOVE_SHORT,
  removePerson: REMOVE_PERSON,
  removePersonTitle: REMOVE_PERSON_TITLE
};
