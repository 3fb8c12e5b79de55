/**
 * The rules of automatic enrollment, the same for every way a person turns up (a changed Lead or
 * Contact, a contact role of a changed Opportunity, a new campaign member): which automatic
 * sequences exist and in what order they take people, whether a person meets a sequence's entry
 * criteria, and the write of one Queued `Sequence_Participant__c` per person — the same record
 * `stride enroll` and the participant panel write (core `planEnrollment`), owned by the rep who
 * works the person. The admit stage then creates the participant's actions and admits it (entry
 * criteria again, slow drip), exactly as for any other enrollment.
 * - exclusivity: a person with an open enrollment anywhere is left alone (and the unique
 *   `Person_Key__c` refuses a concurrent second one: `DUPLICATE_VALUE` = already enrolled);
 * - priority: when several automatic sequences match — of any target: a Lead may match a Lead
 *   sequence and, as a new campaign member, a Campaign sequence in the same pass — the person joins
 *   the one with the highest `Priority__c` (P1 first; blank counts as P3, the field's default), then
 *   the older sequence (Name, then Id); a sequence that cannot take the person (full, not
 *   repeatable) passes them on to the next one that matches;
 * - caps: `Sequence_Cap__c` counts every participant of the sequence, as `stride enroll` does;
 * - repeat: a person who completed or left a sequence joins it again only when it is Repeatable__c.
 */
import { resolveDelegate } from '../../core/delegation';
import { evaluateCompiledCriteria } from '../../core/criteria';
import { planEnrollment } from '../../core/lifecycle/enrollment';
import { ENDED_PARTICIPANT_STATUSES } from '../../core/lifecycle/states';
import { contextObjectOf, withContextRecord } from '../../core/participantContext';
import { chunk, soqlIdList } from '../api';
import type { SequenceRecord } from '../model';
import { ownedBy } from '../ownership';
import type { PassContext } from './context';
import { brokenSequences } from './sequence-checks';

/** Ids per participant lookup (SOQL text stays well under its limit). */
const IDS_PER_QUERY = 300;
const ENDED = new Set<string>(ENDED_PARTICIPANT_STATUSES);
const PRIORITY_RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4, P5: 5 };

export type PersonObject = 'Lead' | 'Contact';
export type Row = Record<string, unknown> & { Id: string };

/** A sequence a person may join, and the opportunity or campaign they come through. */
export interface Option {
  sequence: SequenceRecord;
  opportunityId?: string;
  campaignId?: string;
}

/** A changed person and the automatic sequences whose entry criteria they meet. */
export interface Candidate {
  object: PersonObject;
  /** The person's record (Id, OwnerId and the fields rules read). */
  row: Row;
  options: Option[];
}

const rank = (s: SequenceRecord): number => PRIORITY_RANK[s.Priority__c ?? 'P3'] ?? 3;
const bySequencePriority = (a: SequenceRecord, b: SequenceRecord): number =>
  rank(a) - rank(b) || a.Name.localeCompare(b.Name) || a.Id.localeCompare(b.Id);

/** The active automatic sequences of a target object that can admit, highest priority first. */
export function automaticSequences(ctx: PassContext, target: string): SequenceRecord[] {
  const broken = brokenSequences(ctx);
  return [...ctx.catalog.sequences.values()]
    .filter(
      (s) =>
        s.Enrollment__c === 'Automatic' && s.Active__c && s.Target_Object__c === target && !broken.has(s.Id)
    )
    .sort(bySequencePriority);
}

/**
 * The objects whose changes may enroll someone (for the event triggers): Lead and Contact for
 * their sequences, Opportunity and OpportunityContactRole for Opportunity sequences, CampaignMember
 * for Campaign sequences.
 */
export function autoEnrollObjects(sequences: Iterable<SequenceRecord>): Set<string> {
  const objects = new Set<string>();
  for (const s of sequences) {
    if (s.Enrollment__c !== 'Automatic' || !s.Active__c) continue;
    if (s.Target_Object__c === 'Lead' || s.Target_Object__c === 'Contact') objects.add(s.Target_Object__c);
    if (s.Target_Object__c === 'Opportunity') {
      objects.add('Opportunity');
      objects.add('OpportunityContactRole');
    }
    if (s.Target_Object__c === 'Campaign') objects.add('CampaignMember');
  }
  return objects;
}

/**
 * Whether a person meets a sequence's entry criteria; for an Opportunity or Campaign sequence
 * `context` is the record they come through (criteria read it as `Opportunity.StageName`).
 */
export function meetsEntryCriteria(
  ctx: PassContext,
  sequence: SequenceRecord,
  object: PersonObject,
  row: Row,
  context?: Row | null
): boolean {
  const compiled = ctx.catalog.criteria(sequence.Entry_Criteria__c, object, sequence.Target_Object__c);
  if (compiled === null) return true;
  if (!compiled.ok) return false;
  const record = withContextRecord(row, contextObjectOf(sequence.Target_Object__c), context);
  const evaluation = evaluateCompiledCriteria(compiled.value, record, {
    now: ctx.now,
    timeZone: sequence.Time_Zone__c || ctx.settings.defaultTimeZone
  });
  return evaluation.ok && evaluation.value.met;
}

const key = (id: string | null | undefined): string => (id ?? '').slice(0, 15);

/** Enrolls each candidate in the first of its options that takes them; returns how many joined. */
export async function enrollCandidates(ctx: PassContext, candidates: Candidate[]): Promise<number> {
  // One entry per person, their options from every source in priority order.
  const people = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (candidate.options.length === 0) continue;
    const known = people.get(key(candidate.row.Id));
    if (known) known.options.push(...candidate.options);
    else people.set(key(candidate.row.Id), { ...candidate, options: [...candidate.options] });
  }
  if (people.size === 0) return 0;
  for (const person of people.values())
    person.options.sort((a, b) => bySequencePriority(a.sequence, b.sequence));

  const idsOf = (object: PersonObject) =>
    [...people.values()].filter((p) => p.object === object).map((p) => p.row.Id);
  const sequenceIds = [...new Set([...people.values()].flatMap((p) => p.options.map((o) => o.sequence.Id)))];
  type Enrollment = {
    Id: string;
    Sequence__c: string;
    Status__c: string;
    Lead__c: string | null;
    Contact__c: string | null;
  };
  // Sent together: one Composite request per five queries.
  const [enrollments, counts] = await Promise.all([
    Promise.all(
      (['Lead', 'Contact'] as const).flatMap((object) =>
        chunk(idsOf(object), IDS_PER_QUERY).map((part) =>
          ctx.api.query<Enrollment>(
            `SELECT Id, Sequence__c, Status__c, Lead__c, Contact__c FROM Sequence_Participant__c WHERE ${object}__c IN ${soqlIdList(part)}`
          )
        )
      )
    ).then((parts) => parts.flat()),
    ctx.api.query<{ Sequence__c: string; n: number }>(
      `SELECT Sequence__c, COUNT(Id) n FROM Sequence_Participant__c WHERE Sequence__c IN ${soqlIdList(sequenceIds)} GROUP BY Sequence__c`
    )
  ]);
  const open = new Set<string>();
  const ended = new Set<string>();
  for (const e of enrollments) {
    const person = key(e.Lead__c ?? e.Contact__c);
    if (ENDED.has(e.Status__c)) ended.add(`${person}|${e.Sequence__c}`);
    else open.add(person);
  }
  const count = new Map(counts.map((c) => [c.Sequence__c, Number(c.n)]));
  const users = Object.fromEntries([...ctx.catalog.users].map(([id, u]) => [id, { IsActive: u.IsActive }]));
  const records: Array<Record<string, unknown>> = [];
  for (const { object, row, options } of people.values()) {
    // Exclusivity: someone already in a sequence stays there.
    if (open.has(key(row.Id))) continue;
    for (const { sequence, opportunityId, campaignId } of options) {
      const plan = planEnrollment({
        sequence: {
          Id: sequence.Id,
          Active__c: sequence.Active__c,
          Target_Object__c: sequence.Target_Object__c as never,
          Sequence_Cap__c: sequence.Sequence_Cap__c,
          Repeatable__c: sequence.Repeatable__c ?? false
        },
        actions: sequence.actions.map((a) => ({
          Id: a.Id,
          Step_Number__c: a.Step_Number__c,
          Type__c: a.Type__c,
          Activation__c: a.Activation__c
        })),
        person: { object, id: row.Id },
        opportunityId: opportunityId ?? null,
        campaignId: campaignId ?? null,
        enrolledBefore: ended.has(`${key(row.Id)}|${sequence.Id}`),
        participantCount: count.get(sequence.Id) ?? 0,
        now: ctx.now
      });
      if (!plan.ok) continue; // full, not repeatable, no actions: the next sequence that matches may take them
      // Like `stride enroll`: the sequence's delegate field is read on the person.
      const delegate = resolveDelegate({
        actionDelegateField: null,
        sequenceDelegateField: sequence.Delegate_Field__c,
        record: row,
        users
      });
      const participant = plan.value.participant as unknown as Record<string, unknown>;
      records.push({
        ...Object.fromEntries(
          Object.entries(participant).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])
        ),
        ...ownedBy('reason' in delegate ? null : delegate.userId)
      });
      count.set(sequence.Id, (count.get(sequence.Id) ?? 0) + 1);
      break;
    }
  }
  if (records.length === 0) return 0;
  const created = await ctx.api.createMany('Sequence_Participant__c', records);
  let enrolled = 0;
  const joined: Record<string, number> = {};
  created.forEach((outcome, i) => {
    if (outcome.ok) {
      enrolled++;
      ctx.touched.add(outcome.id);
      const object = records[i].Lead__c ? 'Lead' : 'Contact';
      joined[object] = (joined[object] ?? 0) + 1;
    } else if (outcome.error.code !== 'DUPLICATE_VALUE')
      // DUPLICATE_VALUE: enrolled meanwhile (a rep, another worker). Anything else is logged; the
      // person is looked at again when their record next changes.
      ctx.log.warn(
        { person: records[i].Person_Key__c, sequence: records[i].Sequence__c, error: outcome.error },
        'automatic enrollment failed'
      );
  });
  for (const [object, n] of Object.entries(joined))
    ctx.log.info({ object, enrolled: n }, `automatic enrollment: ${n} ${object} records enrolled`);
  return enrolled;
}
