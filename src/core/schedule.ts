/**
 * Re-dating a participant's remaining actions (docs/architecture.md §3–4).
 *
 * The current action is due relative to admission or to the actual completion of the previous action;
 * every later action is projected from the one before it, as if each were completed the moment it is
 * due. When an action completes (or is skipped, deferred or fails), the chain is recomputed from the
 * actual instant, so a late completion pushes everything after it, and an early one pulls it in.
 *
 * Instants are `Date` values (UTC). Patches carry `Date`s; the companion serialises them with
 * `toISOString()`.
 */
import type { ParticipantActionFields } from './records';
import { fail, ok, type Result } from './result';
import type { BusinessCalendar } from './timing/businessHours';
import { dueAtForAction, type ActionTiming } from './timing/dueAt';

/** One participant action with the timing of its sequence action and the calendar of its owner. */
export interface ScheduledAction
  extends
    Pick<ParticipantActionFields, 'Id' | 'Status__c'>,
    Partial<Pick<ParticipantActionFields, 'Due_At__c'>> {
  /** The step's order; the schedule only orders actions that have one (the field may be blank on a row read). */
  Step_Number__c: number;
  /** `Delay_Amount__c`, `Delay_Unit__c`, `Timing__c` of the sequence action. */
  timing: ActionTiming;
  /** The owner's business calendar (see `resolveCalendar`); needed by the business-hours modes. */
  calendar?: BusinessCalendar | null;
}

/** A new due time for one participant action. */
export interface DuePatch {
  Id: string;
  Due_At__c: Date;
}

/** Options shared by the re-dating functions. */
export interface RedateOptions {
  /** The participant's zone when the sequence uses the recipient's time zone. */
  recipientTimeZone?: string | null;
}

function byStep(a: ScheduledAction, b: ScheduledAction): number {
  return a.Step_Number__c - b.Step_Number__c;
}

/**
 * Projects due times for the `Upcoming` actions after `afterStep`, in step order: the first from `base`,
 * each next from the previous due time. Returns only the actions whose due time changes.
 *
 * @example
 * // Step 2: 1 Day after step 1; step 3: 2 Hours after step 2 (both Immediate). Step 1 completed Tuesday 10:00Z.
 * redateFollowing(actions, 1, new Date('2026-12-01T10:00:00Z'))
 * //=> { ok: true, value: [{ Id: 'pa2', Due_At__c: 2026-12-02T10:00:00.000Z }, { Id: 'pa3', Due_At__c: 2026-12-02T12:00:00.000Z }] }
 */
export function redateFollowing(
  actions: readonly ScheduledAction[],
  afterStep: number,
  base: Date,
  options: RedateOptions = {}
): Result<DuePatch[]> {
  const patches: DuePatch[] = [];
  let previous = base;
  const upcoming = actions
    .filter((action) => action.Step_Number__c > afterStep && action.Status__c === 'Upcoming')
    .sort(byStep);
  for (const action of upcoming) {
    const due = dueAtForAction(action.timing, previous, action.calendar, options.recipientTimeZone);
    if (!due.ok)
      return fail(
        due.error.code,
        `Step ${action.Step_Number__c} (${action.Id}): ${due.error.message}`,
        due.error.path
      );
    if (action.Due_At__c?.getTime() !== due.value.getTime())
      patches.push({ Id: action.Id, Due_At__c: due.value });
    previous = due.value;
  }
  return ok(patches);
}

/**
 * Moves the current action to a new due time (it stays current, and leaves Engage until then), and
 * re-projects the actions after it from that time. The new time must not be before `now`.
 *
 * @example
 * rescheduleDue(actions, 'pa2', new Date('2026-12-04T15:00:00Z'), new Date('2026-12-01T10:00:00Z'))
 * //=> { ok: true, value: [{ Id: 'pa2', Due_At__c: 2026-12-04T15:00:00.000Z }, { Id: 'pa3', Due_At__c: 2026-12-04T17:00:00.000Z }] }
 */
export function rescheduleDue(
  actions: readonly ScheduledAction[],
  actionId: string,
  until: Date,
  now: Date,
  options: RedateOptions = {}
): Result<DuePatch[]> {
  const action = actions.find((candidate) => candidate.Id === actionId);
  if (!action)
    return fail('NOT_FOUND', `Participant action ${actionId} is not one of this participant's actions`, 'Id');
  if (!(until instanceof Date) || Number.isNaN(until.getTime()))
    return fail(
      'INVALID_INSTANT',
      'Requested_Until__c: expected a valid date and time',
      'Requested_Until__c'
    );
  if (until.getTime() < now.getTime())
    return fail(
      'IN_THE_PAST',
      `Requested_Until__c: ${until.toISOString()} is before now (${now.toISOString()})`,
      'Requested_Until__c'
    );
  const later = redateFollowing(actions, action.Step_Number__c, until, options);
  if (!later.ok) return later;
  return ok([{ Id: action.Id, Due_At__c: until }, ...later.value]);
}
