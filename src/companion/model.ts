/**
 * The records the companion reads, typed by the fields it selects (API names per
 * docs/data-model.md, without namespace: the NameMapper adds it on the wire). The participant and
 * participant-action fields are the core's (src/core/records.ts); this file adds only relationships.
 */
import type {
  ActionType,
  Activation,
  CriteriaBehavior,
  DelayUnit,
  TaskPriority,
  TimingMode
} from '../core/constants';
import type { ParticipantActionFields, SequenceParticipantFields } from '../core/records';
import { contextObjectOf, withContextRecord } from '../core/participantContext';

export interface SequenceActionRecord {
  Id: string;
  Name: string;
  Sequence__c: string;
  Step_Number__c: number;
  Type__c: ActionType;
  Activation__c: Activation | null;
  Delay_Amount__c: number | null;
  Delay_Unit__c: DelayUnit | null;
  Timing__c: TimingMode | null;
  Subject__c: string | null;
  Body__c: string | null;
  Email_Template_Id__c: string | null;
  SMS_Template__c: string | null;
  SMS_Template__r?: { Body__c: string | null; LastModifiedById?: string | null } | null;
  /** The step's A/B variants (Action_Variant__c), when it is a test. */
  Variants__r?: { records: ActionVariantRecord[] } | null;
  Cc__c: string | null;
  Bcc__c: string | null;
  Task_Subject__c: string | null;
  Task_Priority__c: TaskPriority | null;
  Delegate_Field__c: string | null;
  Criteria__c: string | null;
  Criteria_Behavior__c: CriteriaBehavior | null;
  Field_Updates_Required__c: boolean | null;
  Field_Updates__c: string | null;
  /** Who last saved the step: its field updates, criteria and merge fields run only within their access. */
  LastModifiedById?: string | null;
}

export interface SequenceRecord {
  Id: string;
  Name: string;
  Target_Object__c: string;
  Active__c: boolean;
  Entry_Criteria__c: string | null;
  Exit_Criteria__c: string | null;
  Delegate_Field__c: string | null;
  Business_Hours_Id__c: string | null;
  Use_Recipient_Time_Zone__c: boolean | null;
  Time_Zone__c: string | null;
  Slow_Drip_Per_Day__c: number | null;
  Sequence_Cap__c: number | null;
  /** Manual (reps enroll) or Automatic (the companion enrolls matching records: pass/auto-enroll.ts). */
  Enrollment__c?: 'Manual' | 'Automatic' | null;
  /** P1 (first) … P5; blank = P3. */
  Priority__c?: string | null;
  Repeatable__c?: boolean | null;
  /** A configuration problem the companion found (it stops admissions). */
  Last_Error__c?: string | null;
  Exit_On_Reply__c?: boolean | null;
  Exit_On_Bounce__c?: boolean | null;
  /** Opted out of email → exit (else only the email actions are skipped). */
  Exit_On_Email_Opt_Out__c?: boolean | null;
  /** Who last saved the sequence (the companion itself after it wrote Last_Error__c). */
  LastModifiedById?: string | null;
  /** The admin whose access the criteria run within after the companion's own write (saver-access.ts). */
  Criteria_Saved_By__c?: string | null;
  /** Automatic Opportunity sequences: only contact roles with this Role join; blank = every contact role. */
  Contact_Role__c?: string | null;
  /** Filled from a second query, ordered by step. */
  actions: SequenceActionRecord[];
}

/** A Lead or Contact as selected through the participant's lookups. */
export interface PersonRecord {
  Id: string;
  FirstName?: string | null;
  LastName?: string | null;
  Name?: string | null;
  Email?: string | null;
  MobilePhone?: string | null;
  Phone?: string | null;
  HasOptedOutOfEmail?: boolean | null;
  SMS_Opt_Out__c?: boolean | null;
  DoNotCall?: boolean | null;
  OwnerId?: string | null;
  IsConverted?: boolean | null;
  ConvertedContactId?: string | null;
  [field: string]: unknown;
}

/**
 * A participant as the companion reads it: the core's fields (datetimes as the API's ISO text) with
 * the relationships the passes select.
 */
export type ParticipantRecord = SequenceParticipantFields<string> & {
  Lead__r?: PersonRecord | null;
  Contact__r?: PersonRecord | null;
  /** The Opportunity / Campaign the person was enrolled through (Opportunity and Campaign sequences). */
  Opportunity__r?: Record<string, unknown> | null;
  Campaign__r?: Record<string, unknown> | null;
};

export interface ActionVariantRecord {
  Id: string;
  Variant_Key__c: string;
  Split_Percent__c: number | null;
  Subject__c: string | null;
  Body__c: string | null;
  Ended__c: boolean | null;
  /** Who last saved the variant: its merge fields run only within their access. */
  LastModifiedById?: string | null;
}

/** A participant action as the companion reads it: the core's fields with its participant. */
export type ParticipantActionRecord = ParticipantActionFields<string> & {
  Participant__r?: ParticipantRecord | null;
};

export interface AttemptRecord {
  Id?: string;
  Key__c: string;
  Participant_Action__c: string;
  Worker__c: string;
  Lease_Expires_At__c: string;
  Outcome__c?: string | null;
  Error__c?: string | null;
  Provider_Message_Id__c?: string | null;
}

/** The person a participant is about (Lead or Contact) and which object it is. */
export function personOf(
  participant: ParticipantRecord | null | undefined
): { object: 'Lead' | 'Contact'; id: string; record: PersonRecord | null } | null {
  if (!participant) return null;
  if (participant.Lead__c)
    return { object: 'Lead', id: participant.Lead__c, record: participant.Lead__r ?? null };
  if (participant.Contact__c)
    return { object: 'Contact', id: participant.Contact__c, record: participant.Contact__r ?? null };
  return null;
}

/**
 * The record criteria of the participant's sequence read: the person, plus the Opportunity or
 * Campaign (`Opportunity.StageName`) when the sequence targets one.
 */
export function criteriaRecordOf(
  participant: ParticipantRecord | null | undefined,
  person: PersonRecord,
  target: string | null | undefined
): Record<string, unknown> {
  const context = contextObjectOf(target);
  return withContextRecord(
    person,
    context,
    context === 'Opportunity' ? participant?.Opportunity__r : participant?.Campaign__r
  );
}

/** Person fields every pass selects through `Lead__r` / `Contact__r`. */
export const LEAD_FIELDS = [
  'Id',
  'FirstName',
  'LastName',
  'Name',
  'Email',
  'MobilePhone',
  'Phone',
  'HasOptedOutOfEmail',
  'DoNotCall',
  'SMS_Opt_Out__c',
  'OwnerId',
  'IsConverted',
  'ConvertedContactId',
  'Company',
  'Status'
];
export const CONTACT_FIELDS = [
  'Id',
  'FirstName',
  'LastName',
  'Name',
  'Email',
  'MobilePhone',
  'Phone',
  'HasOptedOutOfEmail',
  'DoNotCall',
  'SMS_Opt_Out__c',
  'OwnerId',
  'AccountId',
  'Account.Name'
];

/** `Lead__r.Email, Lead__r.FirstName, …, Contact__r.…` with an optional path prefix. */
export function personSelect(prefix = ''): string {
  return [
    ...LEAD_FIELDS.map((f) => `${prefix}Lead__r.${f}`),
    ...CONTACT_FIELDS.map((f) => `${prefix}Contact__r.${f}`)
  ].join(', ');
}

export const PARTICIPANT_FIELDS = [
  'Id',
  'Sequence__c',
  'Lead__c',
  'Contact__c',
  'Status__c',
  'Current_Step__c',
  'Time_Zone__c'
];

export const PA_FIELDS = [
  'Id',
  'Participant__c',
  'Sequence_Action__c',
  'Step_Number__c',
  'Type__c',
  'Activation__c',
  'Status__c',
  'Due_At__c',
  'Attempts__c',
  'Assigned_To__c',
  'Task_Id__c',
  'Reason_Detail__c',
  'Draft_To__c',
  'Draft_Subject__c',
  'Draft_Body__c',
  'Draft_Cc__c',
  'Draft_Bcc__c',
  'Variant__c',
  'Requested_Outcome__c',
  'Requested_At__c',
  'Requested_Until__c',
  'Requested_Note__c',
  'OwnerId',
  'LastModifiedById'
];

/** Select list for a participant action with its participant and person (`personFields` from the catalog). */
export function paSelectWith(personFields: string = personSelect('Participant__r.')): string {
  return [...PA_FIELDS, ...PARTICIPANT_FIELDS.map((f) => `Participant__r.${f}`), personFields].join(', ');
}

/** Salesforce datetime text → Date (accepts `+0000` and `Z`). */
export function parseSfDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? null : date;
}
