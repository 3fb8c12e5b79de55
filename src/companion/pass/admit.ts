/**
 * Admits queued participants (docs/architecture.md §4): entry criteria checked against the person, slow drip
 * (at most N admissions per day per sequence, by the core's `planSlowDrip`), then the core's
 * `admitParticipant` dates the actions from the admission instant. The sequence cap and
 * exclusivity are enforced at enrollment (`planEnrollment`, unique `Person_Key__c`).
 */
import { evaluateCompiledCriteria } from '../../core/criteria';
import { admitParticipant, exitParticipant } from '../../core/lifecycle/operations';
import { planSlowDrip } from '../../core/throughput';
import { localDayBounds } from '../../core/timing';
import { soqlDateTime, soqlString } from '../api';
import { PARTICIPANT_FIELDS, parseSfDate, personOf, type ParticipantRecord } from '../model';
import { applyPlan, loadOpenActions, snapshotOf } from './advance';
import { isStale, type PassContext } from './context';
import { WriteBatch } from './writes';

/** Queued participants of active sequences, oldest enrollment first. */
export function readQueued(ctx: PassContext): Promise<ParticipantRecord[]> {
  return ctx.api.query<ParticipantRecord>(
    `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Enrolled_At__c, ${ctx.catalog.personSelect()} FROM Sequence_Participant__c ` +
      `WHERE Status__c = 'Queued' AND Sequence__r.Active__c = true ORDER BY Enrolled_At__c LIMIT ${ctx.settings.batchSize}`
  );
}

export async function admitQueued(
  ctx: PassContext,
  read: Promise<ParticipantRecord[]> = readQueued(ctx)
): Promise<void> {
  const rows = (await read).filter((p) => !isStale(ctx, p.Id));
  if (rows.length === 0) return;
  const bySequence = new Map<string, ParticipantRecord[]>();
  for (const row of rows) bySequence.set(row.Sequence__c, [...(bySequence.get(row.Sequence__c) ?? []), row]);

  const toAdmit: ParticipantRecord[] = [];
  const toExit: Array<{ participant: ParticipantRecord; reason: string }> = [];
  for (const [sequenceId, queued] of bySequence) {
    const sequence = ctx.catalog.sequences.get(sequenceId);
    if (!sequence) continue;
    const eligible: ParticipantRecord[] = [];
    for (const participant of queued) {
      const person = personOf(participant);
      if (!person || !person.record) {
        toExit.push({ participant, reason: 'RECORD_DELETED' });
        continue;
      }
      const compiled = ctx.catalog.criteria(sequence.Entry_Criteria__c, person.object);
      if (compiled && !compiled.ok) {
        // A sequence whose entry criteria are broken admits nobody until an admin fixes them.
        ctx.log.warn(
          { sequence: sequenceId, errors: compiled.error },
          'entry criteria invalid; not admitting'
        );
        continue;
      }
      if (compiled) {
        const evaluation = evaluateCompiledCriteria(compiled.value, person.record, {
          now: ctx.now,
          timeZone: sequence.Time_Zone__c || ctx.settings.defaultTimeZone
        });
        if (!evaluation.ok || !evaluation.value.met) {
          toExit.push({ participant, reason: 'Entry criteria not met' });
          continue;
        }
      }
      eligible.push(participant);
    }
    if (eligible.length === 0) continue;
    let admitIds = eligible.map((p) => p.Id);
    if (sequence.Slow_Drip_Per_Day__c != null) {
      const zone = sequence.Time_Zone__c || ctx.settings.defaultTimeZone;
      const today = localDayBounds(zone, ctx.now);
      const admitted = await ctx.api.query<{ Admitted_At__c: string }>(
        `SELECT Admitted_At__c FROM Sequence_Participant__c WHERE Sequence__c = ${soqlString(sequenceId)} AND Admitted_At__c >= ${soqlDateTime(today.start)}`
      );
      const plan = planSlowDrip({
        queued: eligible.map((p) => ({ Id: p.Id, Enrolled_At__c: parseSfDate(p.Enrolled_At__c) ?? ctx.now })),
        perDay: sequence.Slow_Drip_Per_Day__c,
        admittedAt: admitted.map((a) => parseSfDate(a.Admitted_At__c)).filter((d): d is Date => d !== null),
        timeZone: zone,
        now: ctx.now
      });
      if (!plan.ok) {
        ctx.log.warn({ sequence: sequenceId, error: plan.error }, 'slow drip not applicable');
        continue;
      }
      admitIds = plan.value.admit;
    }
    const admitSet = new Set(admitIds);
    toAdmit.push(...eligible.filter((p) => admitSet.has(p.Id)));
  }
  if (toAdmit.length === 0 && toExit.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    [...toAdmit, ...toExit.map((e) => e.participant)].map((p) => p.Id)
  );
  const batch = new WriteBatch(ctx.touched);
  for (const participant of toAdmit) {
    const list = open.get(participant.Id) ?? [];
    const error = applyPlan(
      ctx,
      batch,
      admitParticipant(snapshotOf(ctx, participant, list), ctx.now),
      list,
      participant
    );
    if (!error) ctx.stats.admitted++;
  }
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
