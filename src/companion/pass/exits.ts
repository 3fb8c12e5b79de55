/**
 * Automatic exits (docs/architecture.md §3): the person was deleted or (Lead) converted, the address bounced
 * (when the sequence exits on bounce), or the sequence's exit criteria are met. Exiting cancels the open actions and frees the person for another enrollment.
 * On a sequence set to "Exit on email opt-out", a person who opted out of email (HasOptedOutOfEmail)
 * exits (EMAIL_OPT_OUT) when an Email action is still open ahead; with only calls or tasks left the
 * participant stays. Elsewhere only the email actions are skipped (make-due and send time). "All actions done" completes on advance.
 */
import { REASON_CODES } from '../../core/constants';
import { evaluateCompiledCriteria } from '../../core/criteria';
import { exitParticipant } from '../../core/lifecycle/operations';
import { ADMITTED_PARTICIPANT_STATUSES, OPEN_ACTION_STATUSES } from '../../core/lifecycle/states';
import { soqlList, soqlString } from '../api';
import { criteriaRecordOf, PARTICIPANT_FIELDS, personOf, type ParticipantRecord } from '../model';
import { applyPlan, loadOpenActions, snapshotOf } from './advance';
import { sequenceCriteriaSaverRefusal } from './saver-access';
import { isStale, type PassContext } from './context';
import { WriteBatch } from './writes';

/** Exit_Reason__c (Text) of a participant whose email bounced / who replied, on sequences that exit on them. */
export const EXIT_BOUNCED = 'BOUNCED';
export const EXIT_REPLIED = 'REPLIED';

/** `AND Id > '…'` to continue after the last participant checked, or nothing to start over. */
function after(cursor: string | undefined): string {
  return cursor ? ` AND Id > ${soqlString(cursor)}` : '';
}

interface ExitReads {
  gone: ParticipantRecord[];
  bounced: ParticipantRecord[];
  optedOut: ParticipantRecord[];
  bySequence: Array<{ sequenceId: string; rows: ParticipantRecord[] }>;
}

/** Participants whose person is gone or converted, and the open participants of sequences with exit criteria. */
export async function readExits(ctx: PassContext): Promise<ExitReads> {
  const select = `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c, ${ctx.catalog.personSelect()} FROM Sequence_Participant__c`;
  const withCriteria = [...ctx.catalog.sequences.values()].filter(
    (s) => s.Active__c && s.Exit_Criteria__c && s.Exit_Criteria__c.trim()
  );
  const [gone, bounced, optedOut, bySequence] = await Promise.all([
    ctx.api.query<ParticipantRecord>(
      `${select} WHERE Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)} AND ((Lead__c = null AND Contact__c = null) OR Lead__r.IsConverted = true) LIMIT ${ctx.settings.batchSize}`
    ),
    // Exit_On_Bounce__c: a hard bounce flags the address (IsEmailBounced); the sequence stops.
    ctx.api.query<ParticipantRecord>(
      `${select} WHERE Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)} AND Sequence__r.Exit_On_Bounce__c = true AND (Lead__r.IsEmailBounced = true OR Contact__r.IsEmailBounced = true) LIMIT ${ctx.settings.batchSize}`
    ),
    // Opted out with an Email action still open (current or ahead): one semi-join, no per-participant read.
    ctx.api.query<ParticipantRecord>(
      `${select} WHERE Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)} AND Sequence__r.Exit_On_Email_Opt_Out__c = true AND (Lead__r.HasOptedOutOfEmail = true OR Contact__r.HasOptedOutOfEmail = true) AND Id IN (SELECT Participant__c FROM Participant_Action__c WHERE Type__c = 'Email' AND Status__c IN ${soqlList(OPEN_ACTION_STATUSES)}) LIMIT ${ctx.settings.batchSize}`
    ),
    Promise.all(
      withCriteria.map(async (sequence) => ({
        sequenceId: sequence.Id,
        rows: await ctx.api
          .query<ParticipantRecord>(
            `${select} WHERE Sequence__c = ${soqlString(sequence.Id)} AND Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)}${after(ctx.catalog.exitCursor.get(sequence.Id))} ORDER BY Id LIMIT ${ctx.settings.batchSize}`
          )
          .then((rows) => {
            // Large sequences are checked a batch per pass, round and round.
            ctx.catalog.exitCursor.set(
              sequence.Id,
              rows.length < ctx.settings.batchSize ? '' : rows[rows.length - 1].Id
            );
            return rows;
          })
      }))
    )
  ]);
  return { gone, bounced, optedOut, bySequence };
}

export async function applyExits(ctx: PassContext, read: Promise<ExitReads> = readExits(ctx)): Promise<void> {
  const reads = await read;
  const gone = reads.gone.filter((p) => !isStale(ctx, p.Id));
  const exits: Array<{ participant: ParticipantRecord; reason: string }> = gone.map((participant) => ({
    participant,
    reason: personOf(participant) ? 'LEAD_CONVERTED' : 'RECORD_DELETED'
  }));
  for (const participant of reads.optedOut) {
    if (!isStale(ctx, participant.Id) && !exits.some((e) => e.participant.Id === participant.Id))
      exits.push({ participant, reason: 'EMAIL_OPT_OUT' });
  }
  for (const participant of reads.bounced) {
    if (!isStale(ctx, participant.Id) && !exits.some((e) => e.participant.Id === participant.Id))
      exits.push({ participant, reason: EXIT_BOUNCED });
  }
  for (const { sequenceId, rows } of reads.bySequence) {
    const sequence = ctx.catalog.sequences.get(sequenceId);
    if (!sequence) continue;
    const saverMayRead = new Map<string, boolean>();
    for (const participant of rows.filter((p) => !isStale(ctx, p.Id))) {
      if (exits.some((e) => e.participant.Id === participant.Id)) continue;
      const person = personOf(participant);
      if (!person?.record) continue;
      const target = sequence.Target_Object__c;
      const compiled = ctx.catalog.criteria(sequence.Exit_Criteria__c, person.object, target);
      if (!compiled || !compiled.ok) continue;
      // Exit criteria the saver may not read are not evaluated (the sequence carries the reason).
      if (!saverMayRead.has(person.object))
        saverMayRead.set(
          person.object,
          !sequenceCriteriaSaverRefusal(ctx.catalog, sequence, 'Exit_Criteria__c', person.object)
        );
      if (!saverMayRead.get(person.object)) continue;
      const record = criteriaRecordOf(participant, person.record, target);
      const evaluation = evaluateCompiledCriteria(compiled.value, record, {
        now: ctx.now,
        timeZone: sequence.Time_Zone__c || ctx.settings.defaultTimeZone
      });
      if (evaluation.ok && evaluation.value.met) exits.push({ participant, reason: 'Exit criteria met' });
    }
  }
  await exitAutomatically(ctx, exits);
}

/**
 * Exits participants automatically through the core (`exitParticipant`: open actions Canceled,
 * `Person_Key__c` cleared), with the reason as Exit_Reason__c; the current action carries the reason
 * too when it is a reason code. One read of open actions and one batched write for all of them.
 */
export async function exitAutomatically(
  ctx: PassContext,
  exits: Array<{ participant: ParticipantRecord; reason: string }>
): Promise<void> {
  if (exits.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    exits.map((e) => e.participant.Id)
  );
  const batch = new WriteBatch(ctx.touched);
  for (const { participant, reason } of exits) {
    const list = open.get(participant.Id) ?? [];
    const current = list.find((a) => a.Step_Number__c === participant.Current_Step__c);
    const error = applyPlan(
      ctx,
      batch,
      exitParticipant(snapshotOf(ctx, participant, list), ctx.now, { type: 'Automatic', reason }),
      list,
      participant
    );
    // The current action says why the sequence stopped, not just that it did.
    if (!error && current && (REASON_CODES as readonly string[]).includes(reason))
      batch.update('Participant_Action__c', current.Id, { Reason__c: reason });
  }
  await batch.flush(ctx.api);
}
