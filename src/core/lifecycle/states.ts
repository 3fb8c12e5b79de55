/**
 * The participant and participant-action state machines (docs/architecture.md §3), each as one table.
 *
 * Participant (`Sequence_Participant__c.Status__c`):
 * - `Queued`: enrolled, waiting for slow drip to admit it.
 * - `Active`: admitted; exactly one of its actions is current.
 * - `Paused`: kept enrolled, its actions hidden from Engage; resuming re-dates what remains.
 * - `Completed`: every action reached an end state.
 * - `Exited`: removed (Exit_Type__c Manual or Automatic, with Exit_Reason__c); open actions are canceled.
 *
 * Participant action (`Participant_Action__c.Status__c`):
 * - `Upcoming`: not yet due (a later action, or the current one before its Due_At__c).
 * - `Due`: on the owner's Engage, or ready for automatic execution.
 * - `Waiting_Criteria`: due, but its criteria are not met and its behaviour is Wait.
 * - `In_Progress`: claimed by a worker for an automatic or requested send.
 * - `Completed`, `Skipped`, `Failed`, `Canceled`: end states.
 * - `Deferred`: moved by the rep to Deferred_Until__c; the participant moved on, and the action comes
 *   back on Engage at that date, where it can be completed or skipped.
 *
 * The state values are the picklist values of `src/core/constants.ts`. An illegal transition returns an
 * error value naming the machine, the state and the event; nothing throws.
 */
import {
  PARTICIPANT_ACTION_STATUSES,
  PARTICIPANT_STATUSES,
  type ParticipantActionStatus,
  type ParticipantStatus
} from '../constants';
import type { CoreError, Result } from '../result';

/** Events a participant reacts to. */
export type ParticipantEvent = 'admit' | 'pause' | 'resume' | 'complete' | 'exit';

/** Events a participant action reacts to. */
export type ParticipantActionEvent =
  | 'becomeDue'
  | 'waitForCriteria'
  | 'criteriaMet'
  | 'claim'
  | 'release'
  | 'complete'
  | 'skip'
  | 'defer'
  | 'reschedule'
  | 'fail'
  | 'cancel';

interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
}

/** The participant machine: event → the states it applies in and the state it leads to. */
export const PARTICIPANT_TRANSITIONS: Readonly<Record<ParticipantEvent, Transition<ParticipantStatus>>> = {
  admit: { from: ['Queued'], to: 'Active' },
  pause: { from: ['Active'], to: 'Paused' },
  resume: { from: ['Paused'], to: 'Active' },
  // A paused participant completes when a rep closes its last (deferred) action.
  complete: { from: ['Active', 'Paused'], to: 'Completed' },
  exit: { from: ['Queued', 'Active', 'Paused'], to: 'Exited' }
};

/** The participant-action machine: event → the states it applies in and the state it leads to. */
export const PARTICIPANT_ACTION_TRANSITIONS: Readonly<
  Record<ParticipantActionEvent, Transition<ParticipantActionStatus>>
> = {
  becomeDue: { from: ['Upcoming'], to: 'Due' },
  waitForCriteria: { from: ['Due'], to: 'Waiting_Criteria' },
  criteriaMet: { from: ['Waiting_Criteria'], to: 'Due' },
  claim: { from: ['Due'], to: 'In_Progress' },
  // A retryable failure or an expired lease puts a claimed action back to Due.
  release: { from: ['In_Progress'], to: 'Due' },
  complete: { from: ['Due', 'In_Progress', 'Deferred'], to: 'Completed' },
  skip: { from: ['Due', 'Waiting_Criteria', 'Deferred'], to: 'Skipped' },
  defer: { from: ['Due', 'Waiting_Criteria', 'Deferred'], to: 'Deferred' },
  // Reschedule keeps the action current but takes it off Engage until its new due time.
  reschedule: { from: ['Upcoming', 'Due', 'Waiting_Criteria'], to: 'Upcoming' },
  fail: { from: ['In_Progress'], to: 'Failed' },
  cancel: { from: ['Upcoming', 'Due', 'Waiting_Criteria', 'In_Progress', 'Deferred'], to: 'Canceled' }
};

/*
 * Named status sets. Every list of statuses the companion puts in SOQL and every list the components
 * compare with or put in a GraphQL `where` is one of these (docs/architecture.md §3, "One source of
 * truth"): the companion builds its SOQL with `soqlList(SET)`, the components import the set from
 * `c/strideCore`, and `scripts/check-graphql-picklists.ts` fails when a GraphQL document's list is not
 * one of them.
 */

/** Participant statuses that still hold the person's enrollment (exclusivity). */
export const OPEN_PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['Queued', 'Active', 'Paused'];

/** Admitted participants whose enrollment has not ended: they have a current action (or a paused one). */
export const ADMITTED_PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['Active', 'Paused'];

/** Participant statuses of an enrollment that ended (no longer exclusive; a repeatable sequence may re-enroll). */
export const ENDED_PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ['Completed', 'Exited'];

/** Participant-action statuses with work left; every other status is an end state. */
export const OPEN_ACTION_STATUSES: readonly ParticipantActionStatus[] = [
  'Upcoming',
  'Due',
  'Waiting_Criteria',
  'In_Progress',
  'Deferred'
];

/** Participant-action statuses that hold the participant's place in the sequence (the current action). */
export const CHAIN_ACTION_STATUSES: readonly ParticipantActionStatus[] = [
  'Upcoming',
  'Due',
  'Waiting_Criteria',
  'In_Progress'
];

/** The current action once its time came: on Engage, waiting for its criteria, or claimed for a send. */
export const DUE_ACTION_STATUSES: readonly ParticipantActionStatus[] = [
  'Due',
  'Waiting_Criteria',
  'In_Progress'
];

/** What a rep's Engage list shows whatever its date: the due actions and the deferred ones. */
export const ENGAGE_ACTION_STATUSES: readonly ParticipantActionStatus[] = [
  'Due',
  'Waiting_Criteria',
  'In_Progress',
  'Deferred'
];

/** Open actions no worker has claimed: a live edit may replace them and a rep may ask to send them. */
export const UNCLAIMED_OPEN_ACTION_STATUSES: readonly ParticipantActionStatus[] = [
  'Upcoming',
  'Due',
  'Waiting_Criteria',
  'Deferred'
];

/** Actions that hold the participant's place and no worker has claimed: Away mode may hand them over. */
export const UNCLAIMED_CHAIN_ACTION_STATUSES: readonly ParticipantActionStatus[] = [
  'Upcoming',
  'Due',
  'Waiting_Criteria'
];

/** The error value of an illegal transition. */
export interface TransitionError extends CoreError {
  code: 'ILLEGAL_TRANSITION' | 'UNKNOWN_STATE' | 'UNKNOWN_EVENT';
  machine: 'participant' | 'participant action';
  state: string;
  event: string;
}

function run<S extends string, E extends string>(
  machine: TransitionError['machine'],
  table: Readonly<Record<E, Transition<S>>>,
  states: readonly string[],
  state: S,
  event: E
): Result<S, TransitionError> {
  if (!Object.prototype.hasOwnProperty.call(table, event)) {
    const message = `Unknown ${machine} event '${event}' (state '${state}'); expected one of ${Object.keys(table).join(', ')}`;
    return { ok: false, error: { code: 'UNKNOWN_EVENT', machine, state, event, message } };
  }
  if (!states.includes(state)) {
    const message = `Unknown ${machine} state '${state}' (event '${event}'); expected one of ${states.join(', ')}`;
    return { ok: false, error: { code: 'UNKNOWN_STATE', machine, state, event, message } };
  }
  const transition = table[event];
  if (!transition.from.includes(state)) {
    const message = `A ${machine} in state '${state}' cannot '${event}' (allowed from: ${transition.from.join(', ')})`;
    return { ok: false, error: { code: 'ILLEGAL_TRANSITION', machine, state, event, message } };
  }
  return { ok: true, value: transition.to };
}

/**
 * The participant status after an event, or an error value naming the state and the event.
 *
 * @example
 * participantTransition('Paused', 'resume') //=> { ok: true, value: 'Active' }
 * participantTransition('Exited', 'pause')
 * //=> { ok: false, error: { code: 'ILLEGAL_TRANSITION', machine: 'participant', state: 'Exited', event: 'pause',
 * //     message: "A participant in state 'Exited' cannot 'pause' (allowed from: Active)" } }
 */
export function participantTransition(
  state: ParticipantStatus,
  event: ParticipantEvent
): Result<ParticipantStatus, TransitionError> {
  return run('participant', PARTICIPANT_TRANSITIONS, PARTICIPANT_STATUSES, state, event);
}

/**
 * The participant-action status after an event, or an error value naming the state and the event.
 *
 * @example
 * actionTransition('Due', 'claim') //=> { ok: true, value: 'In_Progress' }
 * actionTransition('Completed', 'skip')
 * //=> { ok: false, error: { code: 'ILLEGAL_TRANSITION', machine: 'participant action', state: 'Completed', event: 'skip',
 * //     message: "A participant action in state 'Completed' cannot 'skip' (allowed from: Due, Waiting_Criteria, Deferred)" } }
 */
export function actionTransition(
  state: ParticipantActionStatus,
  event: ParticipantActionEvent
): Result<ParticipantActionStatus, TransitionError> {
  return run('participant action', PARTICIPANT_ACTION_TRANSITIONS, PARTICIPANT_ACTION_STATUSES, state, event);
}
