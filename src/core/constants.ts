/**
 * Picklist values shared by the metadata in `force-app`, the components and the companion.
 *
 * Every restricted picklist in the package takes its values from one of these tuples, and a test
 * (`scripts/__tests__/picklists.test.ts`) fails when the metadata and these constants disagree.
 * Change a value here and in the field's `.field-meta.xml` together.
 */

export const TARGET_OBJECTS = ['Lead', 'Contact', 'Opportunity', 'Campaign'] as const;
export type TargetObject = (typeof TARGET_OBJECTS)[number];

export const ENROLLMENT_MODES = ['Manual', 'Automatic'] as const;
export type EnrollmentMode = (typeof ENROLLMENT_MODES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ACTION_TYPES = ['Call', 'SMS', 'Email', 'Task'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const ACTIVATIONS = ['Manual', 'Automatic'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const DELAY_UNITS = ['Minutes', 'Hours', 'Days'] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];

export const TIMING_MODES = [
  'Immediate (Any Day)',
  'Business Hours (Weekday)',
  'Business Hours (Any Day)'
] as const;
export type TimingMode = (typeof TIMING_MODES)[number];

export const CRITERIA_BEHAVIORS = ['Wait', 'Skip'] as const;
export type CriteriaBehavior = (typeof CRITERIA_BEHAVIORS)[number];

export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const PARTICIPANT_STATUSES = ['Queued', 'Active', 'Paused', 'Completed', 'Exited'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** What a sequence does with an absent rep's work (Away mode): hand it to the cover user, or hold it. */
export const AWAY_POLICIES = ['Cover', 'Hold'] as const;
export type AwayPolicyValue = (typeof AWAY_POLICIES)[number];

export const EXIT_TYPES = ['Manual', 'Automatic'] as const;
export type ExitType = (typeof EXIT_TYPES)[number];

export const PARTICIPANT_ACTION_STATUSES = [
  'Upcoming',
  'Due',
  'Waiting_Criteria',
  'In_Progress',
  'Completed',
  'Skipped',
  'Deferred',
  'Failed',
  'Canceled'
] as const;
export type ParticipantActionStatus = (typeof PARTICIPANT_ACTION_STATUSES)[number];

/**
 * What a rep asked for on a participant action, written by the components and consumed by the
 * companion (the single writer of schedule state). Blank means nothing pending.
 */
export const REQUESTED_OUTCOMES = ['Complete', 'Skip', 'Defer', 'Reschedule', 'Send'] as const;
export type RequestedOutcome = (typeof REQUESTED_OUTCOMES)[number];

/** The requests the companion applies to the lifecycle (a `Send` request goes through a claim instead). */
export const LIFECYCLE_REQUESTED_OUTCOMES: readonly RequestedOutcome[] = [
  'Complete',
  'Skip',
  'Defer',
  'Reschedule'
];

/** Why the system skipped, held, deferred or failed an action (docs/architecture.md §3). */
export const REASON_CODES = [
  'WAIT_CRITERIA',
  'SKIP_CRITERIA',
  'EMAIL_OPT_OUT',
  'SMS_OPT_OUT',
  'DO_NOT_CALL',
  'BLANK_EMAIL_ADDRESS',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_MOBILE',
  'EMPTY_EMAIL_BODY',
  'BAD_MERGE_SYNTAX',
  'DAILY_LIMIT',
  'QUIET_HOURS',
  'NOT_ACTIONABLE',
  'LEAD_CONVERTED',
  'RECORD_DELETED',
  'REP_SKIPPED',
  'REP_DEFERRED',
  'SEQUENCE_EDITED',
  'PARTICIPANT_EXITED',
  'FIELD_UPDATE_FAILED',
  'SEND_FAILED',
  'VALIDATION_RULE'
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const ATTEMPT_OUTCOMES = ['Sent', 'Failed', 'In_Doubt', 'Released'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const CONVERSATION_TYPES = ['Call', 'SMS', 'Email'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

export const CONVERSATION_DIRECTIONS = ['Outbound', 'Inbound'] as const;
export type ConversationDirection = (typeof CONVERSATION_DIRECTIONS)[number];

export const CONVERSATION_STATUSES = [
  'Queued',
  'Sent',
  'Delivered',
  'Opened',
  'Replied',
  'Bounced',
  'Failed',
  'Undelivered',
  'In_Progress',
  'Completed',
  'No_Answer'
] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** An outbound email that went out and may still bounce (a bounce replaces these, never Replied or Failed). */
export const BOUNCEABLE_CONVERSATION_STATUSES: readonly ConversationStatus[] = [
  'Sent',
  'Delivered',
  'Opened'
];

/** Conversation statuses a provider's delivery report may replace (never Replied, never a final one). */
export const PROVISIONAL_CONVERSATION_STATUSES: readonly ConversationStatus[] = ['Queued', 'Sent'];

export const CALL_DISPOSITIONS = [
  'Connected',
  'Left_Voicemail',
  'No_Answer',
  'Busy',
  'Wrong_Number',
  'Not_Interested',
  'Meeting_Booked'
] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

/** Default sequence cap (docs/architecture.md: at most this many participants per sequence). */
export const DEFAULT_SEQUENCE_CAP = 20_000;

/** Salesforce collection calls accept at most this many records. */
export const COLLECTION_LIMIT = 200;
