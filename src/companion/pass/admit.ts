/**
 * Admits queued participants (docs/architecture.md §4): their participant actions are created first when they
 * lack them (an enrollment is one record; materialise.ts), entry criteria checked against the person, slow drip
 * (at most N admissions per day per sequence, by the core's `planSlowDrip`), then the core's
 * `admitParticipant` dates the actions from the admission instant. The sequence cap and
 * exclusivity are enforced at enrollment (`planEnrollment`, unique `Person_Key__c`).
 *
 * No sequence holds back another: sequences whose configuration cannot run (`sequence-checks.ts`)
 * and sequences whose slow drip is spent for the day are left out of the read, so their queues
 * never fill the batch; a sequence whose admission fails for any other reason fails alone.
 */
import { evaluateCompiledCriteria } from '../../core/criteria';
import { admitParticipant, exitParticipant } from '../../core/lifecycle/operations';
import { planSlowDrip } from '../../core/throughput';
import { isValidTimeZone, localDayBounds } from '../../core/timing';
import { soqlDateTime, soqlIdList, soqlString } from '../api';
import { truncate255 } from '../errors';
import {
  PARTICIPANT_FIELDS,
  parseSfDate,
  personOf,
  type ParticipantRecord,
  type SequenceRecord,
  criteriaRecordOf
} from '../model';
import { applyPlan, loadOpenActions, snapshotOf } from './advance';
import { isStale, type PassContext } from './context';
import { brokenSequences } from './sequence-checks';
import { materialiseActions } from './materialise';
import { WriteBatch } from './writes';

type QueuedRow = ParticipantRecord & { Last_Error__c?: string | null };

/** Sequences admission leaves out this pass: broken ones, and those whose slow drip is spent until their next local day. */
function excludedSequences(ctx: PassContext): string[] {
  const excluded = new Set(brokenSequences(ctx).keys());
  for (const [sequenceId, untilMs] of ctx.catalog.dripSpentUntil) {
    if (untilMs > ctx.now.getTime()) excluded.add(sequenceId);
    else ctx.catalog.dripSpentUntil.delete(sequenceId);
  }
  return [...excluded];
}

/** Queued participants of active sequences that can admit now, oldest enrollment first. */
export function readQueued(ctx: PassContext): Promise<QueuedRow[]> {
  const excluded = excludedSequences(ctx);
  return ctx.api.query<QueuedRow>(
    `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Enrolled_At__c, Last_Error__c, ${ctx.catalog.personSelect()} FROM Sequence_Participant__c ` +
      `WHERE Status__c = 'Queued' AND Sequence__r.Active__c = true${excluded.length ? ` AND Sequence__c NOT IN ${soqlIdList(excluded)}` : ''} ` +
      `ORDER BY Enrolled_At__c LIMIT ${ctx.settings.batchSize}`
  );
}

interface SequencePlan {
  admit: QueuedRow[];
  exit: Array<{ participant: QueuedRow; reason: string }>;
}

export async function admitQueued(
  ctx: PassContext,
  read: Promise<QueuedRow[]> = readQueued(ctx)
): Promise<void> {
  const queued = (await read).filter((p) => !isStale(ctx, p.Id));
  if (queued.length === 0) return;
  // Every queued participant gets its actions now, also one that slow drip holds back, so its steps show.
  const open = await loadOpenActions(
    ctx,
    queued.map((p) => p.Id)
  );
  const { refused, incomplete } = await materialiseActions(ctx, queued, open);
  const settled = new Set([...refused.map((r) => r.participant.Id), ...incomplete]);
  const rows = queued.filter((p) => !settled.has(p.Id));
  const bySequence = new Map<string, QueuedRow[]>();
  for (const row of rows) bySequence.set(row.Sequence__c, [...(bySequence.get(row.Sequence__c) ?? []), row]);

  const toAdmit: QueuedRow[] = [];
  const toExit: Array<{ participant: QueuedRow; reason: string }> = [...refused];
  for (const [sequenceId, queued] of bySequence) {
    const sequence = ctx.catalog.sequences.get(sequenceId);
    if (!sequence) {
      // A sequence created since the catalog was read: read it again for the next pass.
      ctx.catalog.invalidate();
      continue;
    }
    if (brokenSequences(ctx).has(sequenceId)) continue;
    try {
      const plan = await planSequence(ctx, sequence, queued);
      toAdmit.push(...plan.admit);
      toExit.push(...plan.exit);
    } catch (error) {
      // Whatever went wrong is this sequence's alone: the others are admitted.
      ctx.stats.stageErrors++;
      ctx.log.error(
        { sequence: sequenceId, err: error },
        'admission failed for one sequence; the others go on'
      );
    }
  }
  if (toAdmit.length === 0 && toExit.length === 0) return;
  const batch = new WriteBatch(ctx.touched);
  for (const participant of toAdmit)
    batch.unit(() => {
      const list = open.get(participant.Id) ?? [];
      // A time zone that is not an IANA zone is bad data on this enrollment: say so, and schedule in the sequence's zone.
      const zone = participant.Time_Zone__c;
      const zoneProblem =
        zone && !isValidTimeZone(zone)
          ? `Time zone "${zone}" is not an IANA time zone; times use the sequence's time zone`
          : null;
      const error = applyPlan(
        ctx,
        batch,
        admitParticipant(snapshotOf(ctx, participant, list), ctx.now),
        list,
        participant
      );
      const lastError = error ? truncate255(`Not admitted: ${error.message}`) : zoneProblem;
      if ((participant.Last_Error__c ?? null) !== lastError)
        batch.update('Sequence_Participant__c', participant.Id, { Last_Error__c: lastError });
      if (!error) ctx.stats.admitted++;
    });
  for (const { participant, reason } of toExit) {
    const list = open.get(participant.Id) ?? [];
    applyPlan(
      ctx,
      batch,
      exitParticipant(snapshotOf(ctx, participant, list), ctx.now, { type: 'Automatic', reason }),
      list,
      participant
    );
  }
  await batch.flush(ctx.api);
}

/** Who of one sequence's queue is admitted now, and who leaves (person gone, entry criteria not met). */
async function planSequence(
  ctx: PassContext,
  sequence: SequenceRecord,
  queued: QueuedRow[]
): Promise<SequencePlan> {
  const exit: SequencePlan['exit'] = [];
  const eligible: QueuedRow[] = [];
  for (const participant of queued) {
    const person = personOf(participant);
    if (!person || !person.record) {
      exit.push({ participant, reason: 'RECORD_DELETED' });
      continue;
    }
    const target = sequence.Target_Object__c;
    const compiled = ctx.catalog.criteria(sequence.Entry_Criteria__c, person.object, target);
    if (compiled && compiled.ok) {
      const record = criteriaRecordOf(participant, person.record, target);
      const evaluation = evaluateCompiledCriteria(compiled.value, record, {
        now: ctx.now,
        timeZone: sequence.Time_Zone__c || ctx.settings.defaultTimeZone
      });
      if (!evaluation.ok || !evaluation.value.met) {
        exit.push({ participant, reason: 'Entry criteria not met' });
        continue;
      }
    }
    eligible.push(participant);
  }
  if (eligible.length === 0 || sequence.Slow_Drip_Per_Day__c == null) return { admit: eligible, exit };
  const zone = sequence.Time_Zone__c || ctx.settings.defaultTimeZone;
  const today = localDayBounds(zone, ctx.now);
  const admitted = await ctx.api.query<{ Admitted_At__c: string }>(
    `SELECT Admitted_At__c FROM Sequence_Participant__c WHERE Sequence__c = ${soqlString(sequence.Id)} AND Admitted_At__c >= ${soqlDateTime(today.start)}`
  );
  const plan = planSlowDrip({
    queued: eligible.map((p) => ({ Id: p.Id, Enrolled_At__c: parseSfDate(p.Enrolled_At__c) ?? ctx.now })),
    perDay: sequence.Slow_Drip_Per_Day__c,
    admittedAt: admitted.map((a) => parseSfDate(a.Admitted_At__c)).filter((d): d is Date => d !== null),
    timeZone: zone,
    now: ctx.now
  });
  if (!plan.ok) throw new Error(`slow drip not applicable: ${plan.error.message}`);
  const admitSet = new Set(plan.value.admit);
  // Today's allowance is spent: leave this sequence out of the reads until its next local day.
  if (admitSet.size < eligible.length) ctx.catalog.dripSpentUntil.set(sequence.Id, today.end.getTime());
  return { admit: eligible.filter((p) => admitSet.has(p.Id)), exit };
}
