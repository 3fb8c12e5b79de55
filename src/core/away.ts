/**
 * Away mode: a rep marks an absence (from–to). Their open actions either go to a cover user for the
 * time being (and come back on the return), or — per sequence — wait and are re-spaced after the
 * return at a daily pace, so that nobody comes back to hundreds of overdue actions. Automatic emails
 * do not go out on the absent rep's behalf unless the sequence allows it.
 */
import type { AwayPolicyValue } from './constants';
import { fail, ok, type Result } from './result';

/** `User.Away_From__c` / `Away_Until__c` of a rep. */
export interface Absence {
  userId: string;
  from: Date;
  until: Date;
}

/** What each sequence does with an absent rep's work (`Sequence__c.Away_Policy__c`). */
export type AwayPolicy = AwayPolicyValue;

/** The re-spacing pace when a sequence holds work: at most this many actions per day after the return. */
export const DEFAULT_RETURN_PACE_PER_DAY = 20;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks an absence: both ends set, the end after the start.
 *
 * @example
 * validateAbsence({ userId: '005A', from: new Date('2026-12-24'), until: new Date('2026-12-20') }).ok //=> false
 */
export function validateAbsence(absence: Absence): Result<Absence> {
  if (Number.isNaN(absence.from.getTime()) || Number.isNaN(absence.until.getTime())) {
    return fail('BAD_ABSENCE', 'An absence needs a valid start and end.', 'absence');
  }
  if (absence.until.getTime() <= absence.from.getTime()) {
    return fail('BAD_ABSENCE', 'An absence must end after it starts.', 'absence.until');
  }
  return ok(absence);
}

/**
 * Whether the rep is away at `now` (the end is exclusive: back at `until`).
 *
 * @example
 * isAway({ userId: '005A', from: new Date('2026-12-21T00:00Z'), until: new Date('2026-12-28T00:00Z') }, new Date('2026-12-24T10:00Z')) //=> true
 */
export function isAway(absence: Absence | null | undefined, now: Date): boolean {
  if (!absence) return false;
  const t = now.getTime();
  return t >= absence.from.getTime() && t < absence.until.getTime();
}

/** What the planning needs of an open participant action. */
export interface OpenAction {
  id: string;
  ownerId: string;
  dueAt: Date | null;
  /** The rep it was moved from, when a cover user holds it (`Covering_For__c`). */
  coveringFor?: string | null;
  policy: AwayPolicy;
}

/** A change of owner: to the cover user while away, back to the rep on the return. */
export interface Reassignment {
  actionId: string;
  ownerId: string;
  coveringFor: string | null;
}

/**
 * Who should own the open actions now. While the rep is away, their actions of Cover sequences go
 * to the cover user (marked as covering for the rep); once the rep is back, or when the absence was
 * removed, every action a cover user holds for them goes back. Without a cover user nothing moves
 * (the companion falls back to holding, see {@link planHold}).
 *
 * @example
 * planCover({ absence, coverUserId: '005C', now, actions: [{ id: 'a1', ownerId: '005A', dueAt, policy: 'Cover' }] })
 * //=> [{ actionId: 'a1', ownerId: '005C', coveringFor: '005A' }]
 */
export function planCover(input: {
  absence: Absence | null;
  /** The rep these actions belong to (the absence's user when there is one). */
  repId: string;
  coverUserId: string | null;
  actions: readonly OpenAction[];
  now: Date;
}): Reassignment[] {
  const away = isAway(input.absence, input.now);
  const changes: Reassignment[] = [];
  for (const action of input.actions) {
    if (action.coveringFor === input.repId && !away) {
      changes.push({ actionId: action.id, ownerId: input.repId, coveringFor: null });
    } else if (
      away &&
      input.coverUserId &&
      input.coverUserId !== input.repId &&
      action.ownerId === input.repId &&
      action.policy === 'Cover'
    ) {
      changes.push({ actionId: action.id, ownerId: input.coverUserId, coveringFor: input.repId });
    }
  }
  return changes;
}

/** A held action's new due time. */
export interface Redating {
  actionId: string;
  dueAt: Date;
}

/**
 * Re-spaces the rep's held actions that fall due during the absence (or are overdue when it starts):
 * in their original order, `perDay` per day from the return, keeping each one's time of day offset
 * from the return. Actions already due after the return keep their dates.
 *
 * @example
 * planHold({ absence, perDay: 2, actions: [a, b, c] }) // a, b due at the return; c one day later
 */
export function planHold(input: {
  absence: Absence;
  actions: readonly OpenAction[];
  perDay?: number;
}): Redating[] {
  const perDay = Math.max(1, Math.floor(input.perDay ?? DEFAULT_RETURN_PACE_PER_DAY));
  const returnAt = input.absence.until.getTime();
  const held = input.actions
    .filter(
      (action) =>
        action.policy === 'Hold' &&
        action.ownerId === input.absence.userId &&
        action.dueAt !== null &&
        action.dueAt.getTime() < returnAt
    )
    .sort((a, b) => (a.dueAt as Date).getTime() - (b.dueAt as Date).getTime() || a.id.localeCompare(b.id));
  return held.map((action, index) => ({
    actionId: action.id,
    dueAt: new Date(returnAt + Math.floor(index / perDay) * DAY_MS)
  }));
}

/**
 * Whether an automatic email or SMS may go out on the rep's behalf now: always when the rep is
 * here, during an absence only when the sequence allows it.
 *
 * @example
 * mayActOnBehalf(absence, false, duringTheAbsence) //=> false
 */
export function mayActOnBehalf(
  absence: Absence | null | undefined,
  sequenceAllows: boolean,
  now: Date
): boolean {
  return sequenceAllows || !isAway(absence, now);
}
