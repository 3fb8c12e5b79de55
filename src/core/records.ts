/**
 * The fields of Stride's work records, typed once (docs/data-model.md is the field contract).
 *
 * The core and the companion read the same records in two forms: the companion as the REST API
 * returns them (a datetime is ISO text), the core's lifecycle with `Date` instants. So each shape
 * takes the datetime type `D`; the core's `ParticipantRecord` and `ParticipantActionRecord` pick the
 * fields the lifecycle reads (lifecycle/operations.ts), the companion's add the relationships it
 * selects (src/companion/model.ts). Neither redefines a field. Each shape has exactly its object's
 * custom fields (scripts/__tests__/records.test.ts).
 */
import type {
  ActionType,
  Activation,
  ExitType,
  ParticipantActionStatus,
  ParticipantStatus,
  RequestedOutcome
} from './constants';

/** `Sequence_Participant__c`: one person enrolled in one sequence. */
export interface SequenceParticipantFields<D = Date> {
  Id: string;
  Sequence__c: string;
  Lead__c: string | null;
  Contact__c: string | null;
  /** The Opportunity or Campaign the person was enrolled through (Opportunity and Campaign sequences). */
  Opportunity__c?: string | null;
  Campaign__c?: string | null;
  Status__c: ParticipantStatus;
  Current_Step__c: number | null;
  /** The recipient's IANA zone. */
  Time_Zone__c: string | null;
  /** Set while the enrollment is open (unique: one open enrollment per person). */
  Person_Key__c?: string | null;
  Enrolled_At__c?: D | null;
  Admitted_At__c?: D | null;
  Paused_At__c?: D | null;
  Completed_At__c?: D | null;
  Exit_Type__c?: ExitType | null;
  Exit_Reason__c?: string | null;
  /** Fingerprint of the sequence's actions and delegation the participant's actions last matched (live edits). */
  Sequence_Version__c?: string | null;
  Last_Error__c?: string | null;
  /** A rep's pending pause, resume or exit (applied by the companion). */
  Requested_Status__c?: ParticipantStatus | null;
  OwnerId?: string | null;
  /** Who last wrote the record: the writer of a pending request. */
  LastModifiedById?: string | null;
}

/** `Participant_Action__c`: one step of one participant. */
export interface ParticipantActionFields<D = Date> {
  Id: string;
  Name?: string;
  Participant__c: string;
  Sequence_Action__c: string | null;
  /** The participant's sequence (a formula, so lists filter without a join). */
  Sequence_Id__c?: string | null;
  Step_Number__c: number | null;
  /** True while this is the participant's current step (a formula). */
  Is_Current_Step__c?: boolean | null;
  Type__c: ActionType;
  Activation__c: Activation | null;
  Status__c: ParticipantActionStatus;
  Due_At__c: D | null;
  Deferred_Until__c?: D | null;
  Completed_At__c?: D | null;
  Attempts__c: number | null;
  Assigned_To__c: string | null;
  /** While set, the owner works the action as cover for this rep, who is away (Away mode). */
  Covering_For__c?: string | null;
  /** The call, SMS or email that performed the action. */
  Conversation__c?: string | null;
  Task_Id__c?: string | null;
  Reason__c?: string | null;
  Reason_Detail__c?: string | null;
  Last_Error__c?: string | null;
  Draft_To__c?: string | null;
  Draft_Subject__c?: string | null;
  Draft_Body__c?: string | null;
  Draft_Cc__c?: string | null;
  Draft_Bcc__c?: string | null;
  /** The action's email template rendered for this participant by the companion (the composer's preview). */
  Template_Preview_Subject__c?: string | null;
  Template_Preview_Body__c?: string | null;
  /** The A/B variant this participant got (assigned once, at the first send). */
  Variant__c?: string | null;
  Requested_Outcome__c?: RequestedOutcome | null;
  Requested_At__c?: D | null;
  Requested_Until__c?: D | null;
  Requested_Note__c?: string | null;
  OwnerId?: string | null;
  /** Who last wrote the record: the writer of a pending request. */
  LastModifiedById?: string | null;
}
