/**
 * What happens to a participant and its actions when something happens: admission, an action becoming
 * due, complete, skip, defer, reschedule, fail, pause, resume, exit (docs/architecture.md §3).
 *
 * Each function takes a snapshot of one participant with its actions and the current instant, and
 * returns the field values to write (a {@link LifecyclePlan}) or an error value. Nothing is mutated;
 * the companion writes the plan. Instants are `Date` values.
 */
import type { ExitType, ParticipantActionStatus, ParticipantStatus, ReasonCode } from '../constants';
import type { ParticipantActionFields, SequenceParticipantFields } from '../records';
import { fail, ok, type CoreError, type Result } from '../result';
import { redateFollowing, type DuePatch, type RedateOptions, type ScheduledAction } from '../schedule';
import { dueAtForAction } from '../timing/dueAt';
import {
  actionTransition,
  CHAIN_ACTION_STATUSES,
  OPEN_ACTION_STATUSES,
  participantTransition,
  type ParticipantActionEvent,
  type ParticipantEvent,
  type TransitionError
} from './states';

/** The `Sequence_Participant__c` fields the lifecycle reads (src/core/records.ts types them). */
export type ParticipantRecord = Pick<SequenceParticipantFields, 'Id' | 'Status__c'> &
  Partial<
    Pick<SequenceParticipantFields, 'Current_Step__c' | 'Paused_At__c' | 'Admitted_At__c' | 'Time_Zone__c'>
  >;

/** The `Participant_Action__c` fields the lifecycle reads, with the action's timing and owner calendar. */
export type ParticipantActionRecord = ScheduledAction &
  Partial<Pick<ParticipantActionFields, 'Sequence_Action__c' | 'Assigned_To__c' | 'Deferred_Until__c'>>;

/** One participant and all its actions. */
export interface ParticipantSnapshot {
  participant: ParticipantRecord;
  actions: readonly ParticipantActionRecord[];
  /** The sequence's `Use_Recipient_Time_Zone__c`: business windows are read in `Time_Zone__c`. */
  useRecipientTimeZone?: boolean;
}

/** Field values to write on `Sequence_Participant__c`. `null` clears a field. */
export interface ParticipantPatch {
  Id: string;
  Status__c?: ParticipantStatus;
  Current_Step__c?: number | null;
  Admitted_At__c?: Date;
  Paused_At__c?: Date | null;
  Completed_At__c?: Date;
  Exit_Type__c?: ExitType;
  Exit_Reason__c?: string;
  /** Cleared when the enrollment ends, which releases the person for another enrollment. */
  Person_Key__c?: null;
}

/** Field values to write on `Participant_Action__c`. `null` clears a field. */
export interface ActionPatch {
  Id: string;
  Status__c?: ParticipantActionStatus;
  Due_At__c?: Date | null;
  Completed_At__c?: Date;
  Deferred_Until__c?: Date | null;
  Reason__c?: ReasonCode | null;
  Reason_Detail__c?: string | null;
  Assigned_To__c?: string | null;
}

/** The writes an operation implies: at most one participant patch and any number of action patches. */
export interface LifecyclePlan {
  participant: ParticipantPatch | null;
  actions: ActionPatch[];
}

/** Reason_Detail__c is Text(255). */
const DETAIL_LENGTH = 255;

function clip(text: string | null | undefined): string | null {
  if (text == null || text.trim() === '') return null;
  return text.length > DETAIL_LENGTH ? `${text.slice(0, DETAIL_LENGTH - 1)}…` : text;
}

function redateOptions(snapshot: ParticipantSnapshot): RedateOptions {
  return { recipientTimeZone: snapshot.useRecipientTimeZone ? snapshot.participant.Time_Zone__c : null };
}

/** Collects patches by record id, later fields winning. */
class PlanBuilder {
  private participantPatch: ParticipantPatch | null = null;
  private readonly actionPatches = new Map<string, ActionPatch>();

  constructor(private readonly participantId: string) {}

  participant(fields: Omit<ParticipantPatch, 'Id'>): void {
    this.participantPatch = { ...(this.participantPatch ?? { Id: this.participantId }), ...fields };
  }

  action(patch: ActionPatch): void {
    this.actionPatches.set(patch.Id, { ...this.actionPatches.get(patch.Id), ...patch });
  }

  dues(patches: readonly DuePatch[]): void {
    for (const patch of patches) this.action(patch);
  }

  /** The actions as they will be once the plan is written. */
  apply(actions: readonly ParticipantActionRecord[]): ParticipantActionRecord[] {
    return actions.map((action) => ({ ...action, ...this.actionPatches.get(action.Id) }));
  }

  build(): LifecyclePlan {
    return { participant: this.participantPatch, actions: [...this.actionPatches.values()] };
  }
}

function participantStep(
  snapshot: ParticipantSnapshot,
  event: ParticipantEvent
): Result<ParticipantStatus, TransitionError> {
  return participantTransition(snapshot.participant.Status__c, event);
}

function findAction(snapshot: ParticipantSnapshot, actionId: string): Result<ParticipantActionRecord> {
  const action = snapshot.actions.find((candidate) => candidate.Id === actionId);
  if (!action)
    return fail(
      'NOT_FOUND',
      `Participant action ${actionId} does not belong to participant ${snapshot.participant.Id}`,
      'Id'
    );
  return ok(action);
}

/** The current action: the lowest step still holding the participant's place. */
function currentAction(actions: readonly ParticipantActionRecord[]): ParticipantActionRecord | undefined {
  return actions
    .filter((action) => CHAIN_ACTION_STATUSES.includes(action.Status__c))
    .sort((a, b) => a.Step_Number__c - b.Step_Number__c)[0];
}

/**
 * After the current action ended at `at`: make the next action current and re-date it and all later
 * ones from `at`; complete the participant when nothing is open.
 */
function advance(snapshot: ParticipantSnapshot, plan: PlanBuilder, at: Date): Result<void, CoreError> {
  const actions = plan.apply(snapshot.actions);
  const next = currentAction(actions);
  if (next) {
    const dues = redateFollowing(actions, next.Step_Number__c - 1, at, redateOptions(snapshot));
    if (!dues.ok) return dues;
    plan.dues(dues.value);
    plan.participant({ Current_Step__c: next.Step_Number__c });
    return ok(undefined);
  }
  plan.participant({ Current_Step__c: null });
  return completeWhenDone(snapshot, plan, at);
}

/** Completes the participant when none of its actions is open any more (a deferred one keeps it open). */
function completeWhenDone(
  snapshot: ParticipantSnapshot,
  plan: PlanBuilder,
  at: Date
): Result<void, CoreError> {
  if (plan.apply(snapshot.actions).some((action) => OPEN_ACTION_STATUSES.includes(action.Status__c)))
    return ok(undefined);
  const completed = participantStep(snapshot, 'complete');
  if (!completed.ok) return completed;
  plan.participant({
    Status__c: completed.value,
    Completed_At__c: at,
    Current_Step__c: null,
    Person_Key__c: null
  });
  return ok(undefined);
}

function requireOngoing(snapshot: ParticipantSnapshot, what: string): Result<void> {
  const status = snapshot.participant.Status__c;
  if (status === 'Active' || status === 'Paused') return ok(undefined);
  return fail(
    'PARTICIPANT_NOT_ACTIVE',
    `Cannot ${what}: participant ${snapshot.participant.Id} is '${status}'`,
    'Status__c'
  );
}

/**
 * Admits a queued participant: it becomes Active, its first action becomes current and every action is
 * dated from the admission instant (the first relative to admission, each later one to the one before).
 *
 * @example
 * admitParticipant(snapshot, new Date('2026-12-01T09:00:00Z')) // step 1: 0 Days, step 2: 2 Days, Immediate
 * //=> { ok: true, value: { participant: { Id: 'p1', Status__c: 'Active', Admitted_At__c: 2026-12-01T09:00:00.000Z, Current_Step__c: 1 },
 * //     actions: [{ Id: 'pa1', Due_At__c: 2026-12-01T09:00:00.000Z }, { Id: 'pa2', Due_At__c: 2026-12-03T09:00:00.000Z }] } }
 */
export function admitParticipant(snapshot: ParticipantSnapshot, at: Date): Result<LifecyclePlan, CoreError> {
  const admitted = participantStep(snapshot, 'admit');
  if (!admitted.ok) return admitted;
  const plan = new PlanBuilder(snapshot.participant.Id);
  plan.participant({ Status__c: admitted.value, Admitted_At__c: at });
  const advanced = advance(
    { ...snapshot, participant: { ...snapshot.participant, Status__c: admitted.value } },
    plan,
    at
  );
  if (!advanced.ok) return advanced;
  return ok(plan.build());
}

/**
 * Makes the current action Due when its time has come (the companion then checks its criteria).
 * Returns an empty plan when nothing is due yet, or the participant is not Active.
 *
 * @example
 * makeCurrentActionDue(snapshot, new Date('2026-12-01T09:00:00Z')) // pa1 due at 09:00
 * //=> { participant: null, actions: [{ Id: 'pa1', Status__c: 'Due' }] }
 */
export function makeCurrentActionDue(snapshot: ParticipantSnapshot, at: Date): LifecyclePlan {
  const plan = new PlanBuilder(snapshot.participant.Id);
  const current = currentAction(snapshot.actions);
  if (
    snapshot.participant.Status__c === 'Active' &&
    current?.Status__c === 'Upcoming' &&
    current.Due_At__c != null &&
    current.Due_At__c.getTime() <= at.getTime()
  ) {
    plan.action({ Id: current.Id, Status__c: 'Due' });
  }
  return plan.build();
}

/**
 * Applies an event that changes only the action's status (no advance): `becomeDue`, `waitForCriteria`
 * (reason WAIT_CRITERIA), `criteriaMet`, `claim`, `release`.
 *
 * @example
 * actionStatusPatch({ Id: 'pa1', Status__c: 'Due', … }, 'waitForCriteria')
 * //=> { ok: true, value: { Id: 'pa1', Status__c: 'Waiting_Criteria', Reason__c: 'WAIT_CRITERIA' } }
 */
export function actionStatusPatch(
  action: Pick<ParticipantActionRecord, 'Id' | 'Status__c'>,
  event: Extract<
    ParticipantActionEvent,
    'becomeDue' | 'waitForCriteria' | 'criteriaMet' | 'claim' | 'release'
  >
): Result<ActionPatch, CoreError> {
  const next = actionTransition(action.Status__c, event);
  if (!next.ok) return next;
  const patch: ActionPatch = { Id: action.Id, Status__c: next.value };
  if (event === 'waitForCriteria') patch.Reason__c = 'WAIT_CRITERIA';
  if (event === 'criteriaMet') patch.Reason__c = null;
  return ok(patch);
}

/** Ends one action with `event`; advances the participant when it was the current action. */
function endAction(
  snapshot: ParticipantSnapshot,
  actionId: string,
  event: 'complete' | 'skip' | 'fail' | 'defer',
  at: Date,
  fields: Omit<ActionPatch, 'Id' | 'Status__c'>
): Result<LifecyclePlan, CoreError> {
  const ongoing = requireOngoing(snapshot, event);
  if (!ongoing.ok) return ongoing;
  const found = findAction(snapshot, actionId);
  if (!found.ok) return found;
  const action = found.value;
  const upcoming = action.Status__c === 'Upcoming';
  if (upcoming && currentAction(snapshot.actions)?.Id !== action.Id)
    return fail(
      'NOT_CURRENT',
      `Cannot ${event} step ${action.Step_Number__c} (${action.Id}): it is not the current step yet`,
      'Id'
    );
  // The current action may be acted on before its time (a rep works ahead, criteria are checked when
  // it comes due): it becomes due first, then ends, in the same plan.
  const from = upcoming ? actionTransition(action.Status__c, 'becomeDue') : ok(action.Status__c);
  if (!from.ok) return from;
  const next = actionTransition(from.value, event);
  if (!next.ok) return next;
  const wasCurrent = CHAIN_ACTION_STATUSES.includes(action.Status__c);
  const plan = new PlanBuilder(snapshot.participant.Id);
  plan.action({ Id: action.Id, Status__c: next.value, ...fields });
  // A current action hands over to the next one; a deferred one may have been the last open action.
  const settled = wasCurrent ? advance(snapshot, plan, at) : completeWhenDone(snapshot, plan, at);
  if (!settled.ok) return settled;
  return ok(plan.build());
}

/**
 * Completes an action at `at` (the actual completion instant). When it was the current action, the next
 * one becomes current and all later actions are re-dated from `at`; after the last, the participant completes.
 *
 * @example
 * completeAction(snapshot, 'pa1', new Date('2026-12-01T15:00:00Z')) // step 2: 1 Day after step 1
 * //=> { ok: true, value: { participant: { Id: 'p1', Current_Step__c: 2 },
 * //     actions: [{ Id: 'pa1', Status__c: 'Completed', Completed_At__c: 2026-12-01T15:00:00.000Z, Reason__c: null },
 * //               { Id: 'pa2', Due_At__c: 2026-12-02T15:00:00.000Z }] } }
 */
export function completeAction(
  snapshot: ParticipantSnapshot,
  actionId: string,
  at: Date
): Result<LifecyclePlan, CoreError> {
  return endAction(snapshot, actionId, 'complete', at, { Completed_At__c: at, Reason__c: null });
}

/**
 * Skips an action with a reason code (default `REP_SKIPPED`) and optional note, then advances like
 * {@link completeAction}.
 *
 * @example
 * skipAction(snapshot, 'pa1', new Date('2026-12-01T15:00:00Z'), { reason: 'SKIP_CRITERIA' })
 * //=> { ok: true, value: { participant: { Id: 'p1', Current_Step__c: 2 }, actions: [{ Id: 'pa1', Status__c: 'Skipped',
 * //     Completed_At__c: 2026-12-01T15:00:00.000Z, Reason__c: 'SKIP_CRITERIA', Reason_Detail__c: null }, { Id: 'pa2', … }] } }
 */
export function skipAction(
  snapshot: ParticipantSnapshot,
  actionId: string,
  at: Date,
  options: { reason?: ReasonCode; note?: string | null } = {}
): Result<LifecyclePlan, CoreError> {
  return endAction(snapshot, actionId, 'skip', at, {
    Completed_At__c: at,
    Reason__c: options.reason ?? 'REP_SKIPPED',
    Reason_Detail__c: clip(options.note)
  });
}

/**
 * Marks a claimed action as permanently failed with a reason and detail, then advances like
 * {@link completeAction} (a failed step does not hold the sequence).
 *
 * @example
 * failAction(snapshot, 'pa1', at, { reason: 'SEND_FAILED', detail: 'INVALID_EMAIL_ADDRESS: bad@' })
 * //=> { ok: true, value: { actions: [{ Id: 'pa1', Status__c: 'Failed', Reason__c: 'SEND_FAILED', … }, …], … } }
 */
export function failAction(
  snapshot: ParticipantSnapshot,
  actionId: string,
  at: Date,
  options: { reason: ReasonCode; detail?: string | null }
): Result<LifecyclePlan, CoreError> {
  return endAction(snapshot, actionId, 'fail', at, {
    Completed_At__c: at,
    Reason__c: options.reason,
    Reason_Detail__c: clip(options.detail)
  });
}

/**
 * Defers an action to `until`: it leaves the chain (the participant advances now and later actions are
 * re-dated from `at`) and comes back on the owner's Engage at `until` (its `Due_At__c`), where it can be
 * completed or skipped. `until` must be after `at`.
 *
 * @example
 * deferAction(snapshot, 'pa1', new Date('2026-12-08T14:00:00Z'), new Date('2026-12-01T15:00:00Z'))
 * //=> { ok: true, value: { participant: { Id: 'p1', Current_Step__c: 2 }, actions: [{ Id: 'pa1', Status__c: 'Deferred',
 * //     Deferred_Until__c: 2026-12-08T14:00:00.000Z, Due_At__c: 2026-12-08T14:00:00.000Z, Reason__c: 'REP_DEFERRED', … }, …] } }
 */
export function deferAction(
  snapshot: ParticipantSnapshot,
  actionId: string,
  until: Date,
  at: Date,
  options: { reason?: ReasonCode; note?: string | null } = {}
): Result<LifecyclePlan, CoreError> {
  if (!(until instanceof Date) || Number.isNaN(until.getTime()))
    return fail(
      'INVALID_INSTANT',
      'Requested_Until__c: expected a valid date and time to defer to',
      'Requested_Until__c'
    );
  if (until.getTime() <= at.getTime())
    return fail(
      'IN_THE_PAST',
      `Requested_Until__c: ${until.toISOString()} is not after now (${at.toISOString()})`,
      'Requested_Until__c'
    );
  return endAction(snapshot, actionId, 'defer', at, {
    Deferred_Until__c: until,
    Due_At__c: until,
    Reason__c: options.reason ?? 'REP_DEFERRED',
    Reason_Detail__c: clip(options.note)
  });
}

/**
 * Moves the current action to `until` and keeps it current (it leaves Engage until then); later actions
 * are re-projected from `until`. `until` must not be before `at`.
 *
 * @example
 * rescheduleAction(snapshot, 'pa1', new Date('2026-12-03T14:00:00Z'), new Date('2026-12-01T15:00:00Z'))
 * //=> { ok: true, value: { participant: null, actions: [{ Id: 'pa1', Status__c: 'Upcoming', Due_At__c: 2026-12-03T14:00:00.000Z }, { Id: 'pa2', … }] } }
 */
export function rescheduleAction(
  snapshot: ParticipantSnapshot,
  actionId: string,
  until: Date,
  at: Date
): Result<LifecyclePlan, CoreError> {
  const ongoing = requireOngoing(snapshot, 'reschedule');
  if (!ongoing.ok) return ongoing;
  const found = findAction(snapshot, actionId);
  if (!found.ok) return found;
  const next = actionTransition(found.value.Status__c, 'reschedule');
  if (!next.ok) return next;
  const current = currentAction(snapshot.actions);
  if (current?.Id !== actionId)
    return fail(
      'NOT_CURRENT',
      `Only the current action can be rescheduled; ${actionId} is step ${found.value.Step_Number__c}, the current step is ${current?.Step_Number__c}`,
      'Id'
    );
  const dues = rescheduleDueTimes(snapshot, found.value, until, at);
  if (!dues.ok) return dues;
  const plan = new PlanBuilder(snapshot.participant.Id);
  plan.dues(dues.value);
  plan.action({ Id: actionId, Status__c: next.value });
  return ok(plan.build());
}

function rescheduleDueTimes(
  snapshot: ParticipantSnapshot,
  action: ParticipantActionRecord,
  until: Date,
  at: Date
): Result<DuePatch[]> {
  if (!(until instanceof Date) || Number.isNaN(until.getTime()))
    return fail(
      'INVALID_INSTANT',
      'Requested_Until__c: expected a valid date and time to reschedule to',
      'Requested_Until__c'
    );
  if (until.getTime() < at.getTime())
    return fail(
      'IN_THE_PAST',
      `Requested_Until__c: ${until.toISOString()} is before now (${at.toISOString()})`,
      'Requested_Until__c'
    );
  const later = redateFollowing(snapshot.actions, action.Step_Number__c, until, redateOptions(snapshot));
  if (!later.ok) return later;
  return ok([{ Id: action.Id, Due_At__c: until }, ...later.value]);
}

/**
 * Pauses a participant: its actions leave Engage and nothing is sent until it resumes.
 *
 * @example
 * pauseParticipant(snapshot, new Date('2026-12-01T15:00:00Z'))
 * //=> { ok: true, value: { participant: { Id: 'p1', Status__c: 'Paused', Paused_At__c: 2026-12-01T15:00:00.000Z }, actions: [] } }
 */
export function pauseParticipant(snapshot: ParticipantSnapshot, at: Date): Result<LifecyclePlan, CoreError> {
  const paused = participantStep(snapshot, 'pause');
  if (!paused.ok) return paused;
  const plan = new PlanBuilder(snapshot.participant.Id);
  plan.participant({ Status__c: paused.value, Paused_At__c: at });
  return ok(plan.build());
}

/**
 * Resumes a paused participant and re-dates what remains: an upcoming current action keeps the wait it
 * had left when paused (then snaps to its business hours), and later actions follow from it. A current
 * action that was already due stays due; later ones are projected from `at`.
 *
 * @example
 * // Paused Monday 10:00Z with step 2 due Wednesday 10:00Z (2 days left); resumed Friday 10:00Z (Immediate timing):
 * resumeParticipant(snapshot, new Date('2026-12-04T10:00:00Z'))
 * //=> { ok: true, value: { participant: { Id: 'p1', Status__c: 'Active', Paused_At__c: null },
 * //     actions: [{ Id: 'pa2', Due_At__c: 2026-12-06T10:00:00.000Z }, …] } }
 */
export function resumeParticipant(snapshot: ParticipantSnapshot, at: Date): Result<LifecyclePlan, CoreError> {
  const resumed = participantStep(snapshot, 'resume');
  if (!resumed.ok) return resumed;
  const plan = new PlanBuilder(snapshot.participant.Id);
  plan.participant({ Status__c: resumed.value, Paused_At__c: null });
  const current = currentAction(snapshot.actions);
  if (current) {
    const options = redateOptions(snapshot);
    let chainBase = at;
    if (current.Status__c === 'Upcoming') {
      let due = dueAtForAction(current.timing, at, current.calendar, options.recipientTimeZone);
      if (current.Due_At__c != null) {
        const pausedAt = snapshot.participant.Paused_At__c ?? at;
        const remaining = Math.max(0, current.Due_At__c.getTime() - pausedAt.getTime());
        const noDelay = { ...current.timing, Delay_Amount__c: 0 };
        due = dueAtForAction(
          noDelay,
          new Date(at.getTime() + remaining),
          current.calendar,
          options.recipientTimeZone
        );
      }
      if (!due.ok) return due;
      if (current.Due_At__c?.getTime() !== due.value.getTime())
        plan.action({ Id: current.Id, Due_At__c: due.value });
      chainBase = due.value;
    }
    const later = redateFollowing(snapshot.actions, current.Step_Number__c, chainBase, options);
    if (!later.ok) return later;
    plan.dues(later.value);
  }
  return ok(plan.build());
}

/**
 * Exits a participant (Manual or Automatic, with a reason such as a reason code or the rep's text):
 * its open actions become Canceled (reason PARTICIPANT_EXITED) and the person is free to enroll again.
 *
 * @example
 * exitParticipant(snapshot, new Date('2026-12-01T15:00:00Z'), { type: 'Automatic', reason: 'LEAD_CONVERTED' })
 * //=> { ok: true, value: { participant: { Id: 'p1', Status__c: 'Exited', Exit_Type__c: 'Automatic', Exit_Reason__c: 'LEAD_CONVERTED',
 * //     Completed_At__c: 2026-12-01T15:00:00.000Z, Current_Step__c: null, Person_Key__c: null },
 * //     actions: [{ Id: 'pa2', Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' }] } }
 */
export function exitParticipant(
  snapshot: ParticipantSnapshot,
  at: Date,
  exit: { type: ExitType; reason: string }
): Result<LifecyclePlan, CoreError> {
  if (exit.type !== 'Manual' && exit.type !== 'Automatic')
    return fail(
      'INVALID_EXIT_TYPE',
      `Exit_Type__c: expected Manual or Automatic, got ${JSON.stringify(exit.type)}`,
      'Exit_Type__c'
    );
  if (typeof exit.reason !== 'string' || exit.reason.trim() === '')
    return fail('MISSING_EXIT_REASON', 'Exit_Reason__c: an exit needs a reason', 'Exit_Reason__c');
  const exited = participantStep(snapshot, 'exit');
  if (!exited.ok) return exited;
  const plan = new PlanBuilder(snapshot.participant.Id);
  plan.participant({
    Status__c: exited.value,
    Exit_Type__c: exit.type,
    Exit_Reason__c: clip(exit.reason) as string,
    Completed_At__c: at,
    Current_Step__c: null,
    Person_Key__c: null
  });
  for (const action of snapshot.actions) {
    if (OPEN_ACTION_STATUSES.includes(action.Status__c))
      plan.action({ Id: action.Id, Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' });
  }
  return ok(plan.build());
}

/** A rep's request on a participant action (`Requested_Outcome__c` and its companions). */
export interface RequestedOutcomeInput {
  actionId: string;
  outcome: 'Complete' | 'Skip' | 'Defer' | 'Reschedule';
  /** `Requested_Until__c`, for Defer and Reschedule. */
  until?: Date | null;
  /** `Requested_Note__c`: the skip reason or a note. */
  note?: string | null;
}

/**
 * Applies what a rep asked for (`Requested_Outcome__c`) at `at`. `Send` is not handled here: it goes
 * through the claim-and-send path.
 *
 * @example
 * applyRequestedOutcome(snapshot, { actionId: 'pa1', outcome: 'Skip', note: 'Wrong person' }, at)
 * //=> same as skipAction(snapshot, 'pa1', at, { reason: 'REP_SKIPPED', note: 'Wrong person' })
 */
export function applyRequestedOutcome(
  snapshot: ParticipantSnapshot,
  request: RequestedOutcomeInput,
  at: Date
): Result<LifecyclePlan, CoreError> {
  switch (request.outcome) {
    case 'Complete':
      return completeAction(snapshot, request.actionId, at);
    case 'Skip':
      return skipAction(snapshot, request.actionId, at, { note: request.note });
    case 'Defer':
      return deferAction(snapshot, request.actionId, request.until as Date, at, { note: request.note });
    case 'Reschedule':
      return rescheduleAction(snapshot, request.actionId, request.until as Date, at);
    default:
      return fail(
        'UNSUPPORTED_OUTCOME',
        `Requested_Outcome__c: ${JSON.stringify(request.outcome)} is not one of Complete, Skip, Defer, Reschedule`,
        'Requested_Outcome__c'
      );
  }
}

export { currentAction };
