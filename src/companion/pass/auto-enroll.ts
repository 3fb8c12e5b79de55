/**
 * Automatic enrollment (issue 14 §1): a sequence whose `Enrollment__c` is `Automatic` enrolls every
 * new or changed Lead / Contact of its target object that meets its entry criteria — within a pass
 * of the change, not in a nightly batch.
 *
 * What runs it: a Lead or Contact change event (a create, or a change of a field some rule reads),
 * the probe's `sobjects/X/updated` check (the safety net for missed events) and every full pass.
 * What it reads: the records of each target object changed since the last read (a keyset watermark
 * on `SystemModstamp, Id`, kept in memory; after a start it looks back `LOOK_BACK_MS` of org time),
 * 2,000 a pass; entry criteria are compiled by the core once per catalog load and evaluated on each
 * row (`evaluateCompiledCriteria`), so any criteria the core accepts work.
 *
 * What it writes: one Queued `Sequence_Participant__c` per person — the same record `stride enroll`
 * and the participant panel write (core `planEnrollment`), owned by the rep who works the person.
 * The admit stage then creates the participant's actions and admits it (entry criteria again,
 * slow drip), exactly as for any other enrollment. The rules:
 * - exclusivity: a person with an open enrollment anywhere is left alone (and the unique
 *   `Person_Key__c` refuses a concurrent second one: `DUPLICATE_VALUE` = already enrolled);
 * - priority: when several automatic sequences match, the person joins the one with the highest
 *   `Priority__c` (P1 first; blank counts as P3, the field's default), then the older sequence
 *   (Name, then Id); a sequence that cannot take the person (full, not repeatable) passes them on
 *   to the next one that matches;
 * - caps: `Sequence_Cap__c` counts every participant of the sequence, as `stride enroll` does;
 * - repeat: a person who completed or left a sequence joins it again only when it is Repeatable__c.
 */
import { resolveDelegate } from '../../core/delegation';
import { evaluateCompiledCriteria } from '../../core/criteria';
import { planEnrollment } from '../../core/lifecycle/enrollment';
import { ENDED_PARTICIPANT_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlDateTime, soqlIdList, soqlString } from '../api';
import type { SequenceRecord } from '../model';
import { ownedBy } from '../ownership';
import type { PassContext } from './context';
import { brokenSequences } from './sequence-checks';

/** After a start, records changed this long ago (org time) are looked at again. */
export const LOOK_BACK_MS = 10 * 60_000;
/** A new sweep starts this long (real time, × clock speed) before the last one began. */
const OVERLAP_MS = 5_000;
/** Ids per participant lookup (SOQL text stays well under its limit). */
const IDS_PER_QUERY = 300;
const ENDED = new Set<string>(ENDED_PARTICIPANT_STATUSES);
const PRIORITY_RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4, P5: 5 };

type PersonObject = 'Lead' | 'Contact';
type PersonRow = Record<string, unknown> & { Id: string };

/**
 * Where each object's read of changed records continues, across passes. A sweep reads the records
 * changed since its start instant in Id order, 2,000 a pass; when it has read them all, the next
 * sweep starts from when this one began (less a few seconds for commits in flight), so a record
 * changed during a sweep is read by the next one. Re-reading is harmless: a person already
 * enrolled is left alone.
 */
export class AutoEnrollSync {
  private readonly sweeps = new Map<PersonObject, { since: Date; afterId: string; startedAt: Date }>();

  sweep(object: PersonObject, now: Date): { since: Date; afterId: string } {
    let sweep = this.sweeps.get(object);
    if (!sweep) {
      sweep = { since: new Date(now.getTime() - LOOK_BACK_MS), afterId: '', startedAt: now };
      this.sweeps.set(object, sweep);
    }
    if (sweep.afterId === '') sweep.startedAt = now;
    return sweep;
  }

  /** After a read: a full batch goes on after its last row; a partial one ends the sweep. */
  advance(object: PersonObject, lastId: string | null, full: boolean, overlapMs: number): void {
    const sweep = this.sweeps.get(object);
    if (!sweep) return;
    if (full && lastId) sweep.afterId = lastId;
    else {
      // Never earlier than this sweep's own start: the clock may stand still or go back.
      const next = Math.max(sweep.since.getTime(), sweep.startedAt.getTime() - overlapMs);
      this.sweeps.set(object, { since: new Date(next), afterId: '', startedAt: sweep.startedAt });
    }
  }
}

/** The active automatic sequences of an object that can admit, highest priority first. */
export function automaticSequences(ctx: PassContext, object: PersonObject): SequenceRecord[] {
  const broken = brokenSequences(ctx);
  return [...ctx.catalog.sequences.values()]
    .filter(
      (s) =>
        s.Enrollment__c === 'Automatic' && s.Active__c && s.Target_Object__c === object && !broken.has(s.Id)
    )
    .sort(
      (a, b) =>
        (PRIORITY_RANK[a.Priority__c ?? 'P3'] ?? 3) - (PRIORITY_RANK[b.Priority__c ?? 'P3'] ?? 3) ||
        a.Name.localeCompare(b.Name) ||
        a.Id.localeCompare(b.Id)
    );
}

/** The objects some active automatic sequence enrolls from (for the event triggers). */
export function autoEnrollObjects(sequences: Iterable<SequenceRecord>): Set<string> {
  const objects = new Set<string>();
  for (const s of sequences)
    if (
      s.Enrollment__c === 'Automatic' &&
      s.Active__c &&
      (s.Target_Object__c === 'Lead' || s.Target_Object__c === 'Contact')
    )
      objects.add(s.Target_Object__c);
  return objects;
}

export interface ChangedPeople {
  object: PersonObject;
  rows: PersonRow[];
}

/** The records of each automatically enrolled object changed since the last read (one query each). */
export async function readChangedPeople(ctx: PassContext): Promise<ChangedPeople[]> {
  const objects = (['Lead', 'Contact'] as const).filter((o) => automaticSequences(ctx, o).length > 0);
  return Promise.all(
    objects.map(async (object) => {
      const sweep = ctx.autoEnroll.sweep(object, ctx.now);
      const since =
        `SystemModstamp >= ${soqlDateTime(sweep.since)}` +
        (sweep.afterId ? ` AND Id > ${soqlString(sweep.afterId)}` : '');
      const fields = [...new Set(['Id', 'OwnerId', ...ctx.catalog.personFields[object]])];
      const rows = await ctx.api.query<PersonRow>(
        `SELECT ${fields.join(', ')} FROM ${object} WHERE ${since}${object === 'Lead' ? ' AND IsConverted = false' : ''} ORDER BY Id LIMIT ${ctx.settings.batchSize}`
      );
      return { object, rows };
    })
  );
}

/** Enrolls the changed people who meet an automatic sequence's entry criteria; returns how many. */
export async function autoEnroll(
  ctx: PassContext,
  read: Promise<ChangedPeople[]> = readChangedPeople(ctx)
): Promise<number> {
  let enrolled = 0;
  for (const { object, rows } of await read) {
    if (rows.length > 0) enrolled += await enrollChanged(ctx, object, rows);
    // Only once their enrollments are written: a pass that fails reads these rows again.
    const full = rows.length >= ctx.settings.batchSize;
    ctx.autoEnroll.advance(
      object,
      rows[rows.length - 1]?.Id ?? null,
      full,
      OVERLAP_MS * Math.max(ctx.speed, 1)
    );
    if (full) (ctx.followUp ??= new Set()).add('auto-enroll');
  }
  ctx.stats.autoEnrolled += enrolled;
  return enrolled;
}

async function enrollChanged(ctx: PassContext, object: PersonObject, rows: PersonRow[]): Promise<number> {
  const sequences = automaticSequences(ctx, object);
  const zone = (s: SequenceRecord) => s.Time_Zone__c || ctx.settings.defaultTimeZone;
  // Who matches what, before any read of enrollments: most changed records match nothing.
  const matching = new Map<string, SequenceRecord[]>();
  for (const row of rows) {
    const matches = sequences.filter((sequence) => {
      const compiled = ctx.catalog.criteria(sequence.Entry_Criteria__c, object);
      if (compiled === null) return true;
      if (!compiled.ok) return false;
      const evaluation = evaluateCompiledCriteria(compiled.value, row, {
        now: ctx.now,
        timeZone: zone(sequence)
      });
      return evaluation.ok && evaluation.value.met;
    });
    if (matches.length > 0) matching.set(row.Id, matches);
  }
  if (matching.size === 0) return 0;
  const field = object === 'Lead' ? 'Lead__c' : 'Contact__c';
  const ids = [...matching.keys()];
  const sequenceIds = [...new Set([...matching.values()].flat().map((s) => s.Id))];
  // Sent together: one Composite request per five queries.
  const [enrollments, counts] = await Promise.all([
    Promise.all(
      chunk(ids, IDS_PER_QUERY).map((part) =>
        ctx.api.query<{
          Id: string;
          Sequence__c: string;
          Status__c: string;
          Lead__c: string | null;
          Contact__c: string | null;
        }>(
          `SELECT Id, Sequence__c, Status__c, Lead__c, Contact__c FROM Sequence_Participant__c WHERE ${field} IN ${soqlIdList(part)}`
        )
      )
    ).then((parts) => parts.flat()),
    ctx.api.query<{ Sequence__c: string; n: number }>(
      `SELECT Sequence__c, COUNT(Id) n FROM Sequence_Participant__c WHERE Sequence__c IN ${soqlIdList(sequenceIds)} GROUP BY Sequence__c`
    )
  ]);
  const key = (id: string | null) => (id ?? '').slice(0, 15);
  const open = new Map<string, { Id: string; Sequence__c: string; Status__c: string }>();
  const ended = new Set<string>();
  for (const e of enrollments) {
    const person = key(e[field]);
    if (ENDED.has(e.Status__c)) ended.add(`${person}|${e.Sequence__c}`);
    else open.set(person, e);
  }
  const count = new Map(counts.map((c) => [c.Sequence__c, Number(c.n)]));
  const users = Object.fromEntries([...ctx.catalog.users].map(([id, u]) => [id, { IsActive: u.IsActive }]));
  const records: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const matches = matching.get(row.Id);
    if (!matches) continue;
    const openEnrollment = open.get(key(row.Id));
    // Exclusivity: someone already in a sequence stays there.
    if (openEnrollment) continue;
    for (const sequence of matches) {
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
        enrolledBefore: ended.has(`${key(row.Id)}|${sequence.Id}`),
        participantCount: count.get(sequence.Id) ?? 0,
        now: ctx.now
      });
      if (!plan.ok) continue; // full, not repeatable, no actions: the next sequence that matches may take them
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
  created.forEach((outcome, i) => {
    if (outcome.ok) {
      enrolled++;
      ctx.touched.add(outcome.id);
    } else if (outcome.error.code !== 'DUPLICATE_VALUE')
      // DUPLICATE_VALUE: enrolled meanwhile (a rep, another worker). Anything else is logged; the
      // person is looked at again when their record next changes.
      ctx.log.warn(
        { person: records[i].Person_Key__c, sequence: records[i].Sequence__c, error: outcome.error },
        'automatic enrollment failed'
      );
  });
  if (enrolled > 0)
    ctx.log.info({ object, enrolled }, `automatic enrollment: ${enrolled} ${object} records enrolled`);
  return enrolled;
}
