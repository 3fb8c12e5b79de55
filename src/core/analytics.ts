/**
 * Step analytics: per step and per sequence, how many people reached a step, are due on it now,
 * completed, skipped (by reason), deferred, failed, replied, bounced, opted out, opened and clicked,
 * and how many meetings or conversions followed. Pure counting over the rows the caller read; the
 * companion keeps the figures in fields that reports use, and the sequence page draws the funnel.
 *
 * Opens are counted but never ranked on: mail privacy protection opens messages on the recipient's
 * behalf, so an open rate overstates interest. Replies and clicks are the signals to compare.
 */
import type { ParticipantActionStatus } from './constants';
import { DUE_ACTION_STATUSES } from './lifecycle/states';

/**
 * What the counting needs of one participant action (and of the Conversation it produced), or of
 * `count` alike ones (an aggregate row). A fact without a status carries only signals — replies,
 * bounces, opens, clicks, meetings — counted from Conversations.
 */
export interface ActionFact {
  stepNumber: number;
  status?: ParticipantActionStatus;
  /** How many actions this fact stands for (default 1). */
  count?: number;
  /** `Reason__c`, when the system skipped, held or failed it. */
  reason?: string | null;
  /** The A/B variant it used, if the step is a test. */
  variant?: string | null;
  replied?: boolean;
  bounced?: boolean;
  opened?: boolean;
  clicked?: boolean;
  /** A call logged as Meeting_Booked, or a meeting recorded against the action. */
  meetingBooked?: boolean;
}

/** The figures of one step (or one variant of a step). */
export interface StepFigures {
  /** Participants whose action for this step became current (every status but Upcoming and Canceled). */
  reached: number;
  /** Canceled because the participant exited or the admin removed the step. */
  canceled: number;
  /** Open now: Due, Waiting_Criteria or In_Progress. */
  due: number;
  completed: number;
  skipped: number;
  /** Skips by `Reason__c` (a rep's skip without a code counts as `REP_SKIPPED`). */
  skippedByReason: Record<string, number>;
  deferred: number;
  failed: number;
  replied: number;
  bounced: number;
  optedOut: number;
  opened: number;
  clicked: number;
  meetings: number;
  /** replied / completed, 0 when nothing completed. */
  replyRate: number;
}

/** A step's figures, and its variants' when it is an A/B test. */
export interface StepAnalytics extends StepFigures {
  stepNumber: number;
  variants: Record<string, StepFigures>;
}

const OPT_OUT_REASONS = new Set(['EMAIL_OPT_OUT', 'SMS_OPT_OUT']);

function emptyFigures(): StepFigures {
  return {
    reached: 0,
    canceled: 0,
    due: 0,
    completed: 0,
    skipped: 0,
    skippedByReason: {},
    deferred: 0,
    failed: 0,
    replied: 0,
    bounced: 0,
    optedOut: 0,
    opened: 0,
    clicked: 0,
    meetings: 0,
    replyRate: 0
  };
}

function count(figures: StepFigures, fact: ActionFact): void {
  const n = fact.count ?? 1;
  const status = fact.status;
  // Canceled actions are counted apart: the records do not say whether the step had become current.
  if (status === 'Canceled') figures.canceled += n;
  else if (status !== undefined && status !== 'Upcoming') figures.reached += n;
  if (status !== undefined && DUE_ACTION_STATUSES.includes(status)) figures.due += n;
  if (status === 'Completed') figures.completed += n;
  if (status === 'Deferred') figures.deferred += n;
  if (status === 'Failed') figures.failed += n;
  if (status === 'Skipped') {
    figures.skipped += n;
    const reason = fact.reason || 'REP_SKIPPED';
    figures.skippedByReason[reason] = (figures.skippedByReason[reason] ?? 0) + n;
  }
  if (status !== undefined && fact.reason && OPT_OUT_REASONS.has(fact.reason)) figures.optedOut += n;
  if (fact.replied) figures.replied += n;
  if (fact.bounced) figures.bounced += n;
  if (fact.opened) figures.opened += n;
  if (fact.clicked) figures.clicked += n;
  if (fact.meetingBooked) figures.meetings += n;
}

function withRates(figures: StepFigures): StepFigures {
  return { ...figures, replyRate: figures.completed === 0 ? 0 : figures.replied / figures.completed };
}

/**
 * Counts the figures of every step, in step order, with per-variant figures for A/B steps.
 *
 * @example
 * stepAnalytics([
 *   { stepNumber: 1, status: 'Completed', replied: true },
 *   { stepNumber: 1, status: 'Skipped', reason: 'EMAIL_OPT_OUT' },
 *   { stepNumber: 2, status: 'Due' }
 * ]).map(({ stepNumber, reached, completed, optedOut, replyRate }) => ({ stepNumber, reached, completed, optedOut, replyRate }))
 * //=> [{ stepNumber: 1, reached: 2, completed: 1, optedOut: 1, replyRate: 1 }, { stepNumber: 2, reached: 1, completed: 0, optedOut: 0, replyRate: 0 }]
 */
export function stepAnalytics(facts: Iterable<ActionFact>): StepAnalytics[] {
  const steps = new Map<number, { figures: StepFigures; variants: Map<string, StepFigures> }>();
  for (const fact of facts) {
    let step = steps.get(fact.stepNumber);
    if (!step) {
      step = { figures: emptyFigures(), variants: new Map() };
      steps.set(fact.stepNumber, step);
    }
    count(step.figures, fact);
    if (fact.variant) {
      let variant = step.variants.get(fact.variant);
      if (!variant) {
        variant = emptyFigures();
        step.variants.set(fact.variant, variant);
      }
      count(variant, fact);
    }
  }
  return [...steps.entries()]
    .sort(([a], [b]) => a - b)
    .map(([stepNumber, { figures, variants }]) => ({
      stepNumber,
      ...withRates(figures),
      variants: Object.fromEntries(
        [...variants.entries()].sort().map(([key, value]) => [key, withRates(value)])
      )
    }));
}

/** What the counting needs of one participant. */
export interface ParticipantFact {
  status: 'Queued' | 'Active' | 'Paused' | 'Completed' | 'Exited';
  /** How many participants this fact stands for (default 1). */
  count?: number;
  exitReason?: string | null;
  /** The Lead converted, or the Opportunity was won, while the person was enrolled. */
  converted?: boolean;
}

/** A sequence's headline figures. */
export interface SequenceAnalytics {
  enrolled: number;
  queued: number;
  active: number;
  paused: number;
  completed: number;
  exited: number;
  exitedByReason: Record<string, number>;
  converted: number;
  /** converted / enrolled, 0 for an empty sequence. */
  conversionRate: number;
}

/**
 * Counts a sequence's participants by status and exit reason, and its conversions.
 *
 * @example
 * sequenceAnalytics([{ status: 'Active' }, { status: 'Exited', exitReason: 'REPLIED', converted: true }])
 * //=> { enrolled: 2, queued: 0, active: 1, paused: 0, completed: 0, exited: 1, exitedByReason: { REPLIED: 1 }, converted: 1, conversionRate: 0.5 }
 */
export function sequenceAnalytics(participants: Iterable<ParticipantFact>): SequenceAnalytics {
  const figures: SequenceAnalytics = {
    enrolled: 0,
    queued: 0,
    active: 0,
    paused: 0,
    completed: 0,
    exited: 0,
    exitedByReason: {},
    converted: 0,
    conversionRate: 0
  };
  for (const participant of participants) {
    const n = participant.count ?? 1;
    figures.enrolled += n;
    const key = participant.status.toLowerCase() as 'queued' | 'active' | 'paused' | 'completed' | 'exited';
    figures[key] += n;
    if (participant.status === 'Exited') {
      const reason = participant.exitReason || 'MANUAL';
      figures.exitedByReason[reason] = (figures.exitedByReason[reason] ?? 0) + n;
    }
    if (participant.converted) figures.converted += n;
  }
  figures.conversionRate = figures.enrolled === 0 ? 0 : figures.converted / figures.enrolled;
  return figures;
}
