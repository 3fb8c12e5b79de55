/**
 * The writes components make, in one place. Components never schedule (docs/architecture.md §1): they record
 * what the rep decided on the request fields, and the companion applies it. Every write goes
 * through Lightning Data Service so the org's object, field and sharing rules apply.
 *
 * Also the small helpers several components share: reading wire results into the core's shapes,
 * running a composer's write, editing a list of rows, and error and label text.
 */
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { fromObjectInfo } from 'c/strideCore';
import type { ObjectDescribe } from 'c/strideCore';
import USER_NAME from '@salesforce/schema/User.Name';
import USER_FIRST_NAME from '@salesforce/schema/User.FirstName';
import USER_LAST_NAME from '@salesforce/schema/User.LastName';
import USER_EMAIL from '@salesforce/schema/User.Email';
import USER_PHONE from '@salesforce/schema/User.Phone';
import USER_TITLE from '@salesforce/schema/User.Title';
import PA_ID from '@salesforce/schema/Participant_Action__c.Id';
import PA_REQUESTED_OUTCOME from '@salesforce/schema/Participant_Action__c.Requested_Outcome__c';
import PA_REQUESTED_AT from '@salesforce/schema/Participant_Action__c.Requested_At__c';
import PA_REQUESTED_UNTIL from '@salesforce/schema/Participant_Action__c.Requested_Until__c';
import PA_REQUESTED_NOTE from '@salesforce/schema/Participant_Action__c.Requested_Note__c';
import PA_CONVERSATION from '@salesforce/schema/Participant_Action__c.Conversation__c';
import PA_DRAFT_TO from '@salesforce/schema/Participant_Action__c.Draft_To__c';
import PA_DRAFT_SUBJECT from '@salesforce/schema/Participant_Action__c.Draft_Subject__c';
import PA_DRAFT_BODY from '@salesforce/schema/Participant_Action__c.Draft_Body__c';
import PA_DRAFT_CC from '@salesforce/schema/Participant_Action__c.Draft_Cc__c';
import PA_DRAFT_BCC from '@salesforce/schema/Participant_Action__c.Draft_Bcc__c';
import SP_ID from '@salesforce/schema/Sequence_Participant__c.Id';
import SP_REQUESTED_STATUS from '@salesforce/schema/Sequence_Participant__c.Requested_Status__c';
import SP_OBJECT from '@salesforce/schema/Sequence_Participant__c';
import SP_SEQUENCE from '@salesforce/schema/Sequence_Participant__c.Sequence__c';
import SP_LEAD from '@salesforce/schema/Sequence_Participant__c.Lead__c';
import SP_CONTACT from '@salesforce/schema/Sequence_Participant__c.Contact__c';
import SP_OPPORTUNITY from '@salesforce/schema/Sequence_Participant__c.Opportunity__c';
import SP_CAMPAIGN from '@salesforce/schema/Sequence_Participant__c.Campaign__c';
import SP_PERSON_KEY from '@salesforce/schema/Sequence_Participant__c.Person_Key__c';
import SP_ENROLLED_AT from '@salesforce/schema/Sequence_Participant__c.Enrolled_At__c';
import CONVERSATION_OBJECT from '@salesforce/schema/Conversation__c';
import CV_ID from '@salesforce/schema/Conversation__c.Id';
import CV_TYPE from '@salesforce/schema/Conversation__c.Type__c';
import CV_DIRECTION from '@salesforce/schema/Conversation__c.Direction__c';
import CV_STATUS from '@salesforce/schema/Conversation__c.Status__c';
import CV_ACTION from '@salesforce/schema/Conversation__c.Participant_Action__c';
import CV_PARTICIPANT from '@salesforce/schema/Conversation__c.Participant__c';
import CV_LEAD from '@salesforce/schema/Conversation__c.Lead__c';
import CV_CONTACT from '@salesforce/schema/Conversation__c.Contact__c';
import CV_STARTED_AT from '@salesforce/schema/Conversation__c.Started_At__c';
import CV_DURATION from '@salesforce/schema/Conversation__c.Duration_Seconds__c';
import CV_DISPOSITION from '@salesforce/schema/Conversation__c.Disposition__c';
import CV_NOTES from '@salesforce/schema/Conversation__c.Notes__c';
import CV_TO from '@salesforce/schema/Conversation__c.To__c';

export type RequestedOutcome = 'Complete' | 'Skip' | 'Defer' | 'Reschedule' | 'Send';
export type RequestedParticipantStatus = 'Paused' | 'Active' | 'Exited';

/** The current instant as an ISO string (components read the clock; the core never does). */
export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}

export interface OutcomeDetails {
  /** Target instant for Defer and Reschedule (ISO). */
  until?: string;
  /** Skip reason or a note. */
  note?: string;
  /** The Conversation__c that records a logged call. */
  conversationId?: string;
  draft?: { to?: string; subject?: string; body?: string; cc?: string; bcc?: string };
}

/**
 * Records a rep's decision on a participant action; the companion applies it and clears it.
 *
 * @example
 * await requestOutcome('a03xx0000000001', 'Defer', { until: '2026-12-01T14:00:00.000Z' });
 */
export function requestOutcome(actionId: string, outcome: RequestedOutcome, details: OutcomeDetails = {}) {
  const fields: Record<string, unknown> = {
    [PA_ID.fieldApiName]: actionId,
    [PA_REQUESTED_OUTCOME.fieldApiName]: outcome,
    [PA_REQUESTED_AT.fieldApiName]: nowIso()
  };
  if (details.until !== undefined) fields[PA_REQUESTED_UNTIL.fieldApiName] = details.until;
  if (details.note !== undefined) fields[PA_REQUESTED_NOTE.fieldApiName] = details.note;
  if (details.conversationId !== undefined) fields[PA_CONVERSATION.fieldApiName] = details.conversationId;
  if (details.draft) {
    const { to, subject, body, cc, bcc } = details.draft;
    if (to !== undefined) fields[PA_DRAFT_TO.fieldApiName] = to;
    if (subject !== undefined) fields[PA_DRAFT_SUBJECT.fieldApiName] = subject;
    if (body !== undefined) fields[PA_DRAFT_BODY.fieldApiName] = body;
    if (cc !== undefined) fields[PA_DRAFT_CC.fieldApiName] = cc;
    if (bcc !== undefined) fields[PA_DRAFT_BCC.fieldApiName] = bcc;
  }
  return updateRecord({ fields });
}

/**
 * Saves a composer's draft on the participant action without asking for anything, so a rep who
 * closes the composer finds the text again.
 */
export function saveDraft(actionId: string, draft: NonNullable<OutcomeDetails['draft']>) {
  const fields: Record<string, unknown> = { [PA_ID.fieldApiName]: actionId };
  if (draft.to !== undefined) fields[PA_DRAFT_TO.fieldApiName] = draft.to;
  if (draft.subject !== undefined) fields[PA_DRAFT_SUBJECT.fieldApiName] = draft.subject;
  if (draft.body !== undefined) fields[PA_DRAFT_BODY.fieldApiName] = draft.body;
  if (draft.cc !== undefined) fields[PA_DRAFT_CC.fieldApiName] = draft.cc;
  if (draft.bcc !== undefined) fields[PA_DRAFT_BCC.fieldApiName] = draft.bcc;
  return updateRecord({ fields });
}

/** Asks the companion to pause, resume or remove (manual exit) an enrollment. */
export function requestParticipantStatus(participantId: string, status: RequestedParticipantStatus) {
  return updateRecord({
    fields: { [SP_ID.fieldApiName]: participantId, [SP_REQUESTED_STATUS.fieldApiName]: status }
  });
}

/** The Opportunity or Campaign a participant of such a sequence is enrolled through. */
export interface EnrollmentContext {
  object: 'Opportunity' | 'Campaign';
  id: string;
}

/**
 * Enrolls a Lead or Contact: a Queued participant (the Status__c default) that the companion admits
 * (slow drip, criteria). Status__c itself is the companion's to write, so agents never set it.
 * Person_Key__c is unique while an enrollment is open, so a second open enrollment of the same
 * person fails with DUPLICATE_VALUE instead of enrolling twice. An Opportunity or Campaign sequence
 * enrolls the person (a contact role, a campaign member) through that record (`context`), as
 * `stride enroll` does.
 */
export function enroll(
  sequenceId: string,
  personId: string,
  personObject: 'Lead' | 'Contact',
  context?: EnrollmentContext
) {
  const fields: Record<string, unknown> = {
    [SP_SEQUENCE.fieldApiName]: sequenceId,
    [(personObject === 'Lead' ? SP_LEAD : SP_CONTACT).fieldApiName]: personId,
    [SP_PERSON_KEY.fieldApiName]: personId,
    [SP_ENROLLED_AT.fieldApiName]: nowIso()
  };
  if (context)
    fields[(context.object === 'Opportunity' ? SP_OPPORTUNITY : SP_CAMPAIGN).fieldApiName] = context.id;
  return createRecord({ apiName: SP_OBJECT.objectApiName, fields });
}

export interface CallStart {
  actionId: string;
  participantId: string | null;
  personId: string | null;
  personObject: 'Lead' | 'Contact' | null;
  phone: string;
}

/**
 * Call now: the call is a Conversation__c from the moment the rep dials (In progress, Started_At__c);
 * the call log completes it. Resolves to the Conversation id and the start instant.
 */
export async function startCall(call: CallStart): Promise<{ conversationId: string; startedAt: string }> {
  const startedAt = nowIso();
  const fields: Record<string, unknown> = {
    [CV_TYPE.fieldApiName]: 'Call',
    [CV_DIRECTION.fieldApiName]: 'Outbound',
    [CV_STATUS.fieldApiName]: 'In_Progress',
    [CV_ACTION.fieldApiName]: call.actionId,
    [CV_STARTED_AT.fieldApiName]: startedAt,
    [CV_TO.fieldApiName]: call.phone
  };
  if (call.participantId) fields[CV_PARTICIPANT.fieldApiName] = call.participantId;
  if (call.personId && call.personObject === 'Lead') fields[CV_LEAD.fieldApiName] = call.personId;
  if (call.personId && call.personObject === 'Contact') fields[CV_CONTACT.fieldApiName] = call.personId;
  const conversation = await createRecord({ apiName: CONVERSATION_OBJECT.objectApiName, fields });
  return { conversationId: conversation.id, startedAt };
}

export interface CallLog {
  /** The Conversation Call now started; without one the log creates the Conversation. */
  conversationId?: string | null;
  actionId: string;
  participantId: string | null;
  personId: string | null;
  personObject: 'Lead' | 'Contact' | null;
  phone: string;
  disposition: string;
  notes: string;
  durationSeconds: number;
  startedAt: string;
}

/**
 * Records a call as a Conversation__c (completing the one Call now started, else a new one), then
 * asks the companion to complete the action.
 */
export async function logCallAndComplete(log: CallLog) {
  const fields: Record<string, unknown> = {
    [CV_TYPE.fieldApiName]: 'Call',
    [CV_DIRECTION.fieldApiName]: 'Outbound',
    [CV_STATUS.fieldApiName]: log.disposition === 'No_Answer' ? 'No_Answer' : 'Completed',
    [CV_ACTION.fieldApiName]: log.actionId,
    [CV_STARTED_AT.fieldApiName]: log.startedAt,
    [CV_DURATION.fieldApiName]: log.durationSeconds,
    [CV_DISPOSITION.fieldApiName]: log.disposition,
    [CV_NOTES.fieldApiName]: log.notes,
    [CV_TO.fieldApiName]: log.phone
  };
  if (log.participantId) fields[CV_PARTICIPANT.fieldApiName] = log.participantId;
  if (log.personId && log.personObject === 'Lead') fields[CV_LEAD.fieldApiName] = log.personId;
  if (log.personId && log.personObject === 'Contact') fields[CV_CONTACT.fieldApiName] = log.personId;
  const conversation = log.conversationId
    ? await updateRecord({ fields: { [CV_ID.fieldApiName]: log.conversationId, ...fields } })
    : await createRecord({ apiName: CONVERSATION_OBJECT.objectApiName, fields });
  await requestOutcome(log.actionId, 'Complete', { conversationId: conversation.id });
  return conversation;
}

interface ErrorLike {
  body?:
    | {
        message?: string;
        output?: {
          errors?: Array<{ message: string }>;
          fieldErrors?: Record<string, Array<{ message: string }>>;
        };
      }
    | Array<{ message: string }>;
  message?: string;
  statusText?: string;
}

/**
 * The readable messages of an LDS, GraphQL or JavaScript error (after lwc-recipes' ldsUtils).
 *
 * @example
 * reduceErrors({ body: { message: 'Insufficient access' } }) // => ['Insufficient access']
 */
export function reduceErrors(errors: unknown): string[] {
  const list = (Array.isArray(errors) ? errors : [errors]) as ErrorLike[];
  return list
    .filter((error) => !!error)
    .flatMap((error): string[] => {
      if (Array.isArray(error.body)) return error.body.map((e) => e.message);
      const output = error.body?.output;
      if (output?.errors?.length || (output?.fieldErrors && Object.keys(output.fieldErrors).length)) {
        return [
          ...(output.errors ?? []).map((e) => e.message),
          ...Object.values(output.fieldErrors ?? {}).flatMap((errs) => errs.map((e) => e.message))
        ];
      }
      if (error.body?.message) return [error.body.message];
      if (typeof error.message === 'string') return [error.message];
      return [error.statusText ?? String(error)];
    });
}

/**
 * Fills `{0}`, `{1}` … in a custom label, the way labels carry their parameters.
 *
 * @example
 * formatLabel('Step {0} of {1}', 2, 5) // => 'Step 2 of 5'
 */
export function formatLabel(label: string, ...args: Array<string | number>): string {
  return label.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

/** The running user's fields a template may merge as `{!Sender.…}` (for getRecord). */
export const SENDER_FIELDS = [USER_NAME, USER_FIRST_NAME, USER_LAST_NAME, USER_EMAIL, USER_PHONE, USER_TITLE];

/** An object info as the getObjectInfos wire adapter returns it. */
export type ObjectInfo = Parameters<typeof fromObjectInfo>[0];

/** The data of a getObjectInfos wire: one result per object asked for, failed ones included. */
export interface ObjectInfosData {
  results: Array<{ statusCode: number; result: ObjectInfo }>;
}

/**
 * The describe catalog (object name → describe) of a getObjectInfos result; objects the user may
 * not see (a non-200 entry) are left out.
 *
 * @example
 * catalogFromObjectInfos({ results: [{ statusCode: 200, result: { apiName: 'Lead', fields: {} } }] })
 * // => { Lead: { name: 'Lead', fields: [] } }
 */
export function catalogFromObjectInfos(data: ObjectInfosData): Record<string, ObjectDescribe> {
  const catalog: Record<string, ObjectDescribe> = {};
  for (const entry of data.results) {
    if (entry.statusCode === 200) catalog[entry.result.apiName] = fromObjectInfo(entry.result);
  }
  return catalog;
}

/** The data of a getRecord wire. */
export interface RecordData {
  fields: Record<string, { value: unknown }>;
}

/**
 * A getRecord result as plain field values, the shape templates merge.
 *
 * @example
 * recordValues({ fields: { Name: { value: 'Ada' } } }) // => { Name: 'Ada' }
 */
export function recordValues(data: RecordData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data.fields).map(([name, field]) => [name, field.value]));
}

/** What a composer shows while it writes: its busy flag and the last failure. */
export interface ComposerState extends EventTarget {
  saving: boolean;
  errorMessage: string;
}

/**
 * Runs a composer's write (send or save draft): busy while it runs, then `saved` with `saved` as
 * the toast message, or the failure shown through the `failed` label (its `{0}` gets the reasons).
 * Resolves to whether the write worked.
 *
 * @example
 * await runComposerWrite(this, () => saveDraft(id, { body }), { saved: 'Draft saved.', failed: 'Not saved: {0}' });
 */
export async function runComposerWrite(
  composer: ComposerState,
  write: () => Promise<unknown>,
  messages: { saved: string; failed: string }
): Promise<boolean> {
  composer.saving = true;
  composer.errorMessage = '';
  try {
    await write();
    composer.dispatchEvent(new CustomEvent('saved', { detail: { message: messages.saved } }));
    return true;
  } catch (error) {
    composer.errorMessage = formatLabel(messages.failed, reduceErrors(error).join(' '));
    return false;
  } finally {
    composer.saving = false;
  }
}

/**
 * Which row a control of a row editor belongs to (its `data-index`), which part of the row it
 * edits (`data-part`) and, for a change event, the new value.
 *
 * @example
 * // <lightning-input data-index="2" data-part="value" onchange={handleRowChange}>
 * rowEdit(event) // => { index: 2, part: 'value', value: 'Hot' }
 */
export function rowEdit<Part extends string = string>(
  event: Event
): { index: number; part: Part; value: string } {
  const target = event.currentTarget as HTMLElement;
  const detail = (event as CustomEvent<{ value?: string } | null>).detail;
  return {
    index: Number(target.dataset.index),
    part: target.dataset.part as Part,
    value: detail?.value ?? ''
  };
}

/**
 * The rows with the one at `index` replaced by `update(row)` (the others kept as they are).
 *
 * @example
 * replaceRow(['a', 'b'], 1, (row) => row.toUpperCase()) // => ['a', 'B']
 */
export function replaceRow<T>(rows: T[], index: number, update: (row: T) => T): T[] {
  return rows.map((row, i) => (i === index ? update(row) : row));
}

/**
 * The rows without the one at `index`.
 *
 * @example
 * removeRow(['a', 'b', 'c'], 1) // => ['a', 'c']
 */
export function removeRow<T>(rows: T[], index: number): T[] {
  return rows.filter((_, i) => i !== index);
}
