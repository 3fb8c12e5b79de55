/**
 * Keeps Step_Analytics__c current: per sequence, step and A/B variant, the counts of core
 * `stepAnalytics`, and one total row per sequence from `sequenceAnalytics`. Counted from aggregate
 * queries (a handful of calls whatever the number of participants), at most every
 * {@link ANALYTICS_INTERVAL_MS} of org time after the companion changed something (else every
 * {@link ANALYTICS_QUIET_INTERVAL_MS}), and only the rows
 * whose figures changed are written.
 */
import {
  sequenceAnalytics,
  stepAnalytics,
  type ActionFact,
  type ParticipantFact,
  type StepFigures
} from '../../core/analytics';
import type { ParticipantActionStatus } from '../../core/constants';
import type { PassContext } from './context';

/** How often the figures are recounted (org time) after the companion changed something. */
export const ANALYTICS_INTERVAL_MS = 30 * 60 * 1000;
/** How often they are recounted anyway, for changes made by others (reps, tracking, admins). */
export const ANALYTICS_QUIET_INTERVAL_MS = 6 * ANALYTICS_INTERVAL_MS;

/**
 * Per companion (by its API client): when it last counted, and whether it changed anything since.
 * The first count comes one interval after start and a quiet org is recounted only every few
 * hours, so analytics cost almost nothing while idle and never crowd a burst of sends.
 */
const cadence = new WeakMap<object, { countedAt: number; activity: boolean }>();

type Row = Record<string, unknown>;

/** The fields of a Step_Analytics__c row the companion writes, from a step's (or sequence's) figures. */
const COUNT_FIELDS: Array<[field: string, figure: keyof StepFigures]> = [
  ['Reached__c', 'reached'],
  ['Due__c', 'due'],
  ['Completed__c', 'completed'],
  ['Skipped__c', 'skipped'],
  ['Deferred__c', 'deferred'],
  ['Failed__c', 'failed'],
  ['Canceled__c', 'canceled'],
  ['Replied__c', 'replied'],
  ['Bounced__c', 'bounced'],
  ['Opted_Out__c', 'optedOut'],
  ['Opened__c', 'opened'],
  ['Clicked__c', 'clicked'],
  ['Meetings__c', 'meetings']
];

/** Reasons grouped as "could not be reached on this channel". */
const INELIGIBLE_REASONS = [
  'EMAIL_OPT_OUT',
  'DO_NOT_CALL',
  'BLANK_EMAIL_ADDRESS',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_MOBILE'
];

/** Whether this pass changed anything the figures count. */
function passHadActivity(ctx: PassContext): boolean {
  return Object.entries(ctx.stats).some(([name, value]) => name !== 'stageErrors' && value > 0);
}

/** Whether the figures are due for a recount now (and notes this pass's activity). */
export function analyticsDue(ctx: PassContext): boolean {
  const now = ctx.now.getTime();
  const state = cadence.get(ctx.api);
  if (!state) {
    cadence.set(ctx.api, { countedAt: now, activity: true });
    return false;
  }
  state.activity ||= passHadActivity(ctx);
  const elapsed = now - state.countedAt;
  if (elapsed < 0) return true; // the org clock went back: count afresh
  return elapsed >= (state.activity ? ANALYTICS_INTERVAL_MS : ANALYTICS_QUIET_INTERVAL_MS);
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Counts and writes the figures of every sequence; returns how many rows it wrote. */
export async function refreshStepAnalytics(ctx: PassContext): Promise<number> {
  if (!analyticsDue(ctx)) return 0;
  cadence.set(ctx.api, { countedAt: ctx.now.getTime(), activity: false });
  const signal = (where: string): Promise<Row[]> =>
    ctx.api.query<Row>(
      'SELECT Participant_Action__r.Participant__r.Sequence__c seq, Participant_Action__r.Step_Number__c step, ' +
        'Participant_Action__r.Variant__c variant, COUNT(Id) n FROM Conversation__c ' +
        `WHERE Participant_Action__c != null AND ${where} ` +
        'GROUP BY Participant_Action__r.Participant__r.Sequence__c, Participant_Action__r.Step_Number__c, Participant_Action__r.Variant__c'
    );
  const [actions, replied, bounced, opened, meetings, participants, converted, existing] = await Promise.all([
    ctx.api.query<Row>(
      'SELECT Participant__r.Sequence__c seq, Sequence_Action__c action, Step_Number__c step, Variant__c variant, ' +
        'Status__c status, Reason__c reason, COUNT(Id) n FROM Participant_Action__c ' +
        'GROUP BY Participant__r.Sequence__c, Sequence_Action__c, Step_Number__c, Variant__c, Status__c, Reason__c'
    ),
    signal("Direction__c = 'Outbound' AND Replied_At__c != null"),
    signal("Direction__c = 'Outbound' AND Undeliverable__c = true"),
    signal("Direction__c = 'Outbound' AND Opened_At__c != null"),
    signal("Disposition__c = 'Meeting_Booked'"),
    ctx.api.query<Row>(
      'SELECT Sequence__c seq, Status__c status, Exit_Reason__c reason, COUNT(Id) n FROM Sequence_Participant__c ' +
        'GROUP BY Sequence__c, Status__c, Exit_Reason__c'
    ),
    ctx.api.query<Row>(
      'SELECT Sequence__c seq, COUNT(Id) n FROM Sequence_Participant__c WHERE Lead__r.IsConverted = true GROUP BY Sequence__c'
    ),
    ctx.api.query<Row>(
      `SELECT Key__c, ${COUNT_FIELDS.map(([field]) => field).join(', ')}, Skipped_Criteria__c, Skipped_By_Rep__c, ` +
        'Skipped_Ineligible__c, Enrolled__c, Converted__c FROM Step_Analytics__c'
    )
  ]);

  // Facts per sequence: the action counts, then the Conversation signals of the same steps.
  const facts = new Map<string, ActionFact[]>();
  const stepActions = new Map<string, string | null>();
  const factsOf = (seq: string): ActionFact[] => {
    let list = facts.get(seq);
    if (!list) facts.set(seq, (list = []));
    return list;
  };
  for (const row of actions) {
    const seq = str(row.seq);
    const step = num(row.step);
    if (!seq || !step) continue;
    factsOf(seq).push({
      stepNumber: step,
      status: row.status as ParticipantActionStatus,
      reason: str(row.reason),
      variant: str(row.variant),
      count: num(row.n)
    });
    if (str(row.action)) stepActions.set(`${seq}:${step}`, str(row.action));
  }
  const signals: Array<[Row[], keyof ActionFact]> = [
    [replied, 'replied'],
    [bounced, 'bounced'],
    [opened, 'opened'],
    [meetings, 'meetingBooked']
  ];
  for (const [rows, flag] of signals) {
    for (const row of rows) {
      const seq = str(row.seq);
      const step = num(row.step);
      if (!seq || !step) continue;
      factsOf(seq).push({ stepNumber: step, variant: str(row.variant), count: num(row.n), [flag]: true });
    }
  }
  const people = new Map<string, ParticipantFact[]>();
  for (const row of participants) {
    const seq = str(row.seq);
    if (!seq) continue;
    const list = people.get(seq) ?? [];
    list.push({
      status: row.status as ParticipantFact['status'],
      exitReason: str(row.reason),
      count: num(row.n)
    });
    people.set(seq, list);
  }
  const conversions = new Map(converted.map((row) => [str(row.seq), num(row.n)]));

  const computedAt = ctx.now.toISOString();
  const rows: Row[] = [];
  const rowFor = (seq: string, step: number | null, variant: string | null, figures: StepFigures): Row => ({
    Key__c: `${seq}:${step ?? 'TOTAL'}:${variant ?? 'ALL'}`,
    Name: step === null ? 'Sequence total' : `Step ${step}${variant ? ` variant ${variant}` : ''}`,
    Sequence__c: seq,
    Sequence_Action__c: step === null ? null : (stepActions.get(`${seq}:${step}`) ?? null),
    Step_Number__c: step,
    Variant__c: variant,
    ...Object.fromEntries(COUNT_FIELDS.map(([field, figure]) => [field, figures[figure] as number])),
    Skipped_Criteria__c: figures.skippedByReason.SKIP_CRITERIA ?? 0,
    Skipped_By_Rep__c: figures.skippedByReason.REP_SKIPPED ?? 0,
    Skipped_Ineligible__c: INELIGIBLE_REASONS.reduce(
      (sum, reason) => sum + (figures.skippedByReason[reason] ?? 0),
      0
    ),
    Reply_Rate__c: Math.round(figures.replyRate * 10000) / 100,
    Computed_At__c: computedAt
  });
  for (const seq of new Set([...facts.keys(), ...people.keys()])) {
    const steps = stepAnalytics(facts.get(seq) ?? []);
    for (const step of steps) {
      rows.push(rowFor(seq, step.stepNumber, null, step));
      for (const [variant, figures] of Object.entries(step.variants))
        rows.push(rowFor(seq, step.stepNumber, variant, figures));
    }
    const total = stepAnalytics(
      (facts.get(seq) ?? []).map((fact) => ({ ...fact, stepNumber: 0, variant: null }))
    )[0];
    const headline = sequenceAnalytics(people.get(seq) ?? []);
    const totalRow = rowFor(seq, null, null, total ?? stepAnalytics([{ stepNumber: 0, count: 0 }])[0]);
    totalRow.Enrolled__c = headline.enrolled;
    totalRow.Converted__c = conversions.get(seq) ?? 0;
    rows.push(totalRow);
  }

  // Write only what changed since the last count (the figures of a quiet sequence stay put).
  const before = new Map(existing.map((row) => [String(row.Key__c), row]));
  const changed = rows.filter((row) => {
    const old = before.get(String(row.Key__c));
    if (!old) return true;
    return Object.entries(row).some(
      ([field, value]) => typeof value === 'number' && num(old[field]) !== value
    );
  });
  const outcomes = await ctx.api.upsertMany('Step_Analytics__c', 'Key__c', changed);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length > 0) {
    ctx.log.warn(
      { failed: failed.length, first: failed[0] },
      `step analytics: ${failed.length} row(s) not written`
    );
  }
  return changed.length - failed.length;
}
