/**
 * Enrollment: the checks that decide whether a person may join a sequence, and the records that
 * joining creates (one `Sequence_Participant__c`, one `Participant_Action__c` per action).
 *
 * The participant starts `Queued`; the companion admits it (at once, or under slow drip) with
 * `admitParticipant`, which dates its actions. Components create enrollments the same way, so the
 * companion stays the single writer of schedule state.
 */
import {
  DEFAULT_SEQUENCE_CAP,
  type Activation,
  type ActionType,
  type ParticipantActionStatus,
  type ParticipantStatus,
  type TargetObject
} from '../constants';
import { fail, ok, type Result } from '../result';

/** The `Sequence__c` fields enrollment reads. */
export interface EnrollmentSequence {
  Id: string;
  Active__c: boolean;
  Target_Object__c?: TargetObject;
  Sequence_Cap__c?: number | null;
  Repeatable__c?: boolean;
}

/** The `Sequence_Action__c` fields enrollment copies. */
export interface EnrollmentAction {
  Id: string;
  Step_Number__c: number;
  Type__c: ActionType;
  Activation__c?: Activation | null;
}

/** Everything enrollment needs to decide, read by the caller beforehand. */
export interface EnrollmentRequest {
  sequence: EnrollmentSequence;
  actions: readonly EnrollmentAction[];
  /** The person: a Lead or a Contact id. */
  person: { object: 'Lead' | 'Contact'; id: string };
  /** The enrolling Opportunity (contact role) or Campaign (member), if any. */
  opportunityId?: string | null;
  campaignId?: string | null;
  /** The person's open enrollment in any sequence (a participant whose Person_Key__c is the person), if any. */
  openEnrollment?: { Id: string; Sequence__c: string; Status__c: ParticipantStatus } | null;
  /** Whether the person already has an ended (Completed or Exited) enrollment in this sequence. */
  enrolledBefore?: boolean;
  /** How many participants the sequence holds now (any status). */
  participantCount: number;
  /** The recipient's IANA zone (Lead/Contact time zone), if known. */
  timeZone?: string | null;
  /** The delegated owner of each action (by `Sequence_Action__c` id); see delegation. */
  owners?: Readonly<Record<string, string | null | undefined>>;
  now: Date;
}

/** The participant to insert. */
export interface NewParticipant {
  Sequence__c: string;
  Lead__c: string | null;
  Contact__c: string | null;
  Opportunity__c: string | null;
  Campaign__c: string | null;
  Person_Key__c: string;
  Status__c: ParticipantStatus;
  Enrolled_At__c: Date;
  Current_Step__c: null;
  Time_Zone__c: string | null;
}

/** A participant action to insert (its `Participant__c` is the new participant's id). */
export interface NewParticipantAction {
  Sequence_Action__c: string;
  Step_Number__c: number;
  Type__c: ActionType;
  Activation__c: Activation;
  Status__c: ParticipantActionStatus;
  Due_At__c: null;
  Assigned_To__c: string | null;
  Attempts__c: 0;
}

/** What enrollment creates. */
export interface EnrollmentPlan {
  participant: NewParticipant;
  actions: NewParticipantAction[];
}

/**
 * Checks an enrollment and builds the records it creates. Refusals are error values:
 * `SEQUENCE_INACTIVE`, `SEQUENCE_EMPTY`, `ALREADY_ENROLLED` (one active enrollment per person),
 * `NOT_REPEATABLE`, `SEQUENCE_FULL` (cap, default 20,000), `WRONG_TARGET`.
 *
 * @example
 * planEnrollment({ sequence: { Id: 'a01', Active__c: true }, actions: [{ Id: 'a02', Step_Number__c: 1, Type__c: 'Call' }],
 *   person: { object: 'Lead', id: '00Q1' }, participantCount: 0, now: new Date('2026-12-01T09:00:00Z') })
 * //=> { ok: true, value: { participant: { Sequence__c: 'a01', Lead__c: '00Q1', Contact__c: null, Person_Key__c: '00Q1',
 * //     Status__c: 'Queued', Enrolled_At__c: 2026-12-01T09:00:00.000Z, … },
 * //     actions: [{ Sequence_Action__c: 'a02', Step_Number__c: 1, Type__c: 'Call', Activation__c: 'Manual', Status__c: 'Upcoming', … }] } }
 */
export function planEnrollment(request: EnrollmentRequest): Result<EnrollmentPlan> {
  const { sequence, person } = request;
  if (!sequence.Active__c)
    return fail(
      'SEQUENCE_INACTIVE',
      `Sequence ${sequence.Id} is inactive: it accepts no new participants`,
      'Active__c'
    );
  if (request.actions.length === 0)
    return fail('SEQUENCE_EMPTY', `Sequence ${sequence.Id} has no actions`, 'actions');
  if (person.object !== 'Lead' && person.object !== 'Contact')
    return fail(
      'INVALID_PERSON',
      `person.object: expected Lead or Contact, got ${JSON.stringify(person.object)}`,
      'person.object'
    );
  if (typeof person.id !== 'string' || person.id.trim() === '')
    return fail('INVALID_PERSON', 'person.id: a Lead or Contact id is required', 'person.id');
  // A Lead sequence takes Leads; Contact, Opportunity and Campaign sequences enroll Contacts (Campaigns may hold Leads too).
  const target = sequence.Target_Object__c;
  if (target && target !== 'Campaign' && (target === 'Lead') !== (person.object === 'Lead'))
    return fail(
      'WRONG_TARGET',
      `Sequence ${sequence.Id} targets ${target} records; ${person.id} is a ${person.object}`,
      'Target_Object__c'
    );
  const open = request.openEnrollment;
  if (open) {
    const where = open.Sequence__c === sequence.Id ? 'this sequence' : `sequence ${open.Sequence__c}`;
    return fail(
      'ALREADY_ENROLLED',
      `${person.object} ${person.id} already has an open enrollment (${open.Id}, ${open.Status__c}) in ${where}`,
      'person.id'
    );
  }
  if (request.enrolledBefore && !sequence.Repeatable__c)
    return fail(
      'NOT_REPEATABLE',
      `${person.object} ${person.id} was already enrolled in sequence ${sequence.Id}, which is not repeatable`,
      'Repeatable__c'
    );
  const cap = sequence.Sequence_Cap__c ?? DEFAULT_SEQUENCE_CAP;
  if (request.participantCount >= cap)
    return fail(
      'SEQUENCE_FULL',
      `Sequence ${sequence.Id} holds ${request.participantCount} participants, its cap is ${cap}`,
      'Sequence_Cap__c'
    );
  const steps = new Set<number>();
  for (const [index, action] of request.actions.entries()) {
    if (
      !Number.isInteger(action.Step_Number__c) ||
      action.Step_Number__c < 1 ||
      steps.has(action.Step_Number__c)
    )
      return fail(
        'INVALID_STEP',
        `actions[${index}].Step_Number__c: expected a unique whole number ≥ 1, got ${action.Step_Number__c}`,
        `actions[${index}].Step_Number__c`
      );
    steps.add(action.Step_Number__c);
  }
  const participant: NewParticipant = {
    Sequence__c: sequence.Id,
    Lead__c: person.object === 'Lead' ? person.id : null,
    Contact__c: person.object === 'Contact' ? person.id : null,
    Opportunity__c: request.opportunityId ?? null,
    Campaign__c: request.campaignId ?? null,
    Person_Key__c: person.id,
    Status__c: 'Queued',
    Enrolled_At__c: request.now,
    Current_Step__c: null,
    Time_Zone__c: request.timeZone ?? null
  };
  const actions = [...request.actions]
    .sort((a, b) => a.Step_Number__c - b.Step_Number__c)
    .map((action): NewParticipantAction => ({
      Sequence_Action__c: action.Id,
      Step_Number__c: action.Step_Number__c,
      Type__c: action.Type__c,
      Activation__c: action.Activation__c ?? 'Manual',
      Status__c: 'Upcoming',
      Due_At__c: null,
      Assigned_To__c: request.owners?.[action.Id] ?? null,
      Attempts__c: 0
    }));
  return ok({ participant, actions });
}
