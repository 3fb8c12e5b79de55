/**
 * Automatic exits (DESIGN.md §3): the person was deleted or (Lead) converted, or the sequence's exit
 * criteria are met. Exiting cancels the open actions and frees the person for another enrollment.
 * Opt-outs are checked at send time (prepare.ts); "all actions done" completes on advance.
 */
import { REASON_CODES } from '../../core/constants';
import { evaluateCompiledCriteria } from '../../core/criteria';
import { exitParticipant } from '../../core/lifecycle/operations';
import { soqlString } from '../api';
import { PARTICIPANT_FIELDS, personOf, type ParticipantRecord } from '../model';
import { applyPlan, loadOpenActions, snapshotOf } from './advance';
import { isStale, type PassContext } from './context';
import { WriteBatch } from './writes';

interface ExitReads {
  gone: ParticipantRecord[];
  bySequence: Array<{ sequenceId: string; rows: ParticipantRecord[] }>;
}

/** Participants whose person is gone or converted, and the open participants of sequences with exit criteria. */
export async function readExits(ctx: PassContext): Promise<ExitReads> {
  const select = `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c, ${ctx.catalog.personSelect()} FROM Sequence_Participant__c`;
  const withCriteria = [...ctx.catalog.sequences.values()].filter((s) => s.Active__c && s.Exit_Criteria__c && s.Exit_Criteria__c.trim());
  const [gone, bySequence] = await Promise.all([
    ctx.api.query<ParticipantRecord>(
      `${select} WHERE Status__c IN ('Active','Paused') AND ((Lead__c = null AND Contact__c = null) OR Lead__r.IsConverted = true) LIMIT ${ctx.settings.batchSize}`
    ),
    Promise.all(
      withCriteria.map(async (sequence) => ({
        sequenceId: sequence.Id,
        rows: await ctx.api.query<ParticipantRecord>(`${select} WHERE Sequence__c = ${soqlString(sequence.Id)} AND Status__c IN ('Active','Paused') LIMIT ${ctx.settings.batchSize}`)
      }))
    )
  ]);
  return { gone, bySequence };
}

export async function applyExits(ctx: PassContext, read: Promise<ExitReads> = readExits(ctx)): Promise<void> {
  const reads = await read;
  const gone = reads.gone.filter((p) => !isStale(ctx, p.Id));
  const exits: Array<{ participant: ParticipantRecord; reason: string }> = gone.map((participant) => ({
    participant,
    reason: personOf(participant) ? 'LEAD_CONVERTED' : 'RECORD_DELETED'
  }));
  for (const { sequenceId, rows } of reads.bySequence) {
    const sequence = ctx.catalog.sequences.get(sequenceId);
    if (!sequence) continue;
    for (const participant of rows.filter((p) => !isStale(ctx, p.Id))) {
      if (exits.some((e) => e.participant.Id === participant.Id)) continue;
      const person = personOf(participant);
      if (!person?.record) continue;
      const compiled = ctx.catalog.criteria(sequence.Exit_Criteria__c, person.object);
      if (!compiled || !compiled.ok) continue;
      const evaluation = evaluateCompiledCriteria(compiled.value, person.record, { now: ctx.now, timeZone: sequence.Time_Zone__c || ctx.settings.defaultTimeZone });
      if (evaluation.ok && evaluation.value.met) exits.push({ participant, reason: 'Exit criteria met' });
    }
  }
  if (exits.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    exits.map((e) => e.participant.Id)
  );
  const batch = new WriteBatch(ctx.touched);
  for (const { participant, reason } of exits) {
    const list = open.get(participant.Id) ?? [];
    const current = list.find((a) => a.Step_Number__c === participant.Current_Step__c);
    const error = applyPlan(ctx, batch, exitParticipant(snapshotOf(ctx, participant, list), ctx.now, { type: 'Automatic', reason }), list, participant);
    // The current action says why the sequence stopped, not just that it did.
    if (!error && current && (REASON_CODES as readonly string[]).includes(reason)) batch.update('Participant_Action__c', current.Id, { Reason__c: reason });
  }
  await batch.flush(ctx.api);
}
