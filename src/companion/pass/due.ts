/**
 * Makes current actions due when their time comes, skips those the person opted out of (email opt-out
 * for emails, Do Not Call for calls, SMS opt-out for SMS), and checks action criteria (docs/architecture.md §5):
 * met → Due; not met → Waiting_Criteria (behaviour Wait, re-checked every pass) or Skipped
 * (behaviour Skip, the participant advances). Criteria that cannot be evaluated do not crash the
 * pass: the action is held for a person with the reason.
 */
import { criteriaOutcome, evaluateCompiledCriteria, unmetConditions } from '../../core/criteria';
import { skipAction } from '../../core/lifecycle/operations';
import { soqlDateTime, soqlString } from '../api';
import { truncate255 } from '../errors';
import type { ReasonCode } from '../../core/constants';
import {
  criteriaRecordOf,
  paSelectWith,
  personOf,
  type ParticipantActionRecord,
  type PersonRecord
} from '../model';
import { applyPlan, loadOpenActions, snapshotOf } from './advance';
import { isStale, type PassContext } from './context';
import { criteriaSaverRefusal } from './saver-access';
import { WriteBatch } from './writes';

/** What make-due reads: the candidates, and where the next page of waiting actions starts. */
export interface DueCandidates {
  rows: ParticipantActionRecord[];
  /** The waiting cursor after this read; kept only when the read is used (a discarded prefetch moves nothing). */
  nextWaitingCursor: string;
}

/**
 * Current actions whose time came, and one page of the actions waiting on criteria. The waiting
 * ones are re-checked a page per pass, round and round (by Id from a cursor), so a backlog that
 * waits for weeks never crowds out actions whose time just came.
 */
export async function readDueCandidates(ctx: PassContext): Promise<DueCandidates> {
  // Later steps carry projected due times that may be past while an earlier step waits for a rep.
  // SOQL cannot compare two fields; the formula Is_Current_Step__c does, so the query stays the
  // same size whatever the step numbers (spelling the steps out once grew past the URL limit).
  const select = `SELECT ${paSelectWith(ctx.catalog.personSelect('Participant__r.'))} FROM Participant_Action__c WHERE Participant__r.Status__c = 'Active'`;
  const cursor = ctx.catalog.waitingCursor;
  const [upcoming, waiting] = await Promise.all([
    ctx.api.query<ParticipantActionRecord>(
      `${select} AND Status__c = 'Upcoming' AND Due_At__c <= ${soqlDateTime(ctx.now, 'up')} AND Is_Current_Step__c = true ORDER BY Due_At__c LIMIT ${ctx.settings.batchSize}`
    ),
    ctx.api.query<ParticipantActionRecord>(
      `${select} AND Status__c = 'Waiting_Criteria'${cursor ? ` AND Id > ${soqlString(cursor)}` : ''} ORDER BY Id LIMIT ${ctx.settings.batchSize}`
    )
  ]);
  return {
    rows: [...upcoming, ...waiting],
    nextWaitingCursor: waiting.length < ctx.settings.batchSize ? '' : waiting[waiting.length - 1].Id
  };
}

/**
 * With `read` given (prefetched at the start of the pass and used only when no write went out
 * since: index.ts), rows changed since by earlier stages are skipped all the same.
 */
export async function makeActionsDue(ctx: PassContext, read?: Promise<DueCandidates>): Promise<void> {
  const candidates = await (read ?? readDueCandidates(ctx));
  ctx.catalog.waitingCursor = candidates.nextWaitingCursor;
  const rows = read
    ? candidates.rows.filter((pa) => !isStale(ctx, pa.Id, pa.Participant__c))
    : candidates.rows;
  // Only the current action becomes due; later ones carry projected times but wait their turn.
  const current = rows.filter(
    (pa) => pa.Status__c === 'Waiting_Criteria' || pa.Step_Number__c === pa.Participant__r?.Current_Step__c
  );
  if (current.length === 0) return;
  const batch = new WriteBatch(ctx.touched);
  const skips: Array<{ pa: ParticipantActionRecord; reason: ReasonCode; detail: string }> = [];
  for (const pa of current) {
    const person = personOf(pa.Participant__r);
    const action = pa.Sequence_Action__c ? ctx.catalog.actions.get(pa.Sequence_Action__c) : undefined;
    const optedOut = optOutOf(ctx, pa, person?.record ?? null);
    if (optedOut) {
      skips.push({ pa, ...optedOut });
      continue;
    }
    const target = ctx.catalog.sequences.get(pa.Participant__r?.Sequence__c ?? '')?.Target_Object__c;
    const compiled = person ? ctx.catalog.criteria(action?.Criteria__c, person.object, target) : null;
    if (!compiled || !person?.record) {
      makeDue(ctx, batch, pa);
      continue;
    }
    // Criteria read only what the admin who saved the step may read (saver-access.ts).
    const refused =
      compiled.ok && action ? criteriaSaverRefusal(ctx.catalog, action, person.object, target) : null;
    if (!compiled.ok || refused) {
      const detail = refused
        ? `Criteria refused: ${refused}`
        : `Criteria cannot be evaluated: ${compiled.ok ? '' : compiled.error.map((e) => e.message).join('; ')}`;
      batch.update('Participant_Action__c', pa.Id, {
        Status__c: 'Due',
        Activation__c: 'Manual',
        Reason__c: 'WAIT_CRITERIA',
        Reason_Detail__c: truncate255(detail)
      });
      ctx.stats.held++;
      continue;
    }
    const record = criteriaRecordOf(pa.Participant__r, person.record, target);
    const evaluation = evaluateCompiledCriteria(compiled.value, record, {
      now: ctx.now,
      timeZone: ctx.settings.defaultTimeZone
    });
    const met = evaluation.ok && evaluation.value.met;
    const outcome = criteriaOutcome(met, action?.Criteria_Behavior__c ?? 'Wait');
    // Which conditions the person does not meet, in words, so a rep sees what the action waits for.
    const detail = evaluation.ok
      ? truncate255(`Not met: ${unmetConditions(compiled.value, evaluation.value).join('; ')}`)
      : truncate255(`Criteria cannot be evaluated: ${evaluation.error.message}`);
    if (outcome === 'proceed') makeDue(ctx, batch, pa);
    else if (outcome.status === 'Waiting_Criteria') {
      // Counted when an action starts waiting; the detail is rewritten only when it changes.
      if (pa.Status__c !== 'Waiting_Criteria' || pa.Reason_Detail__c !== detail) {
        batch.update('Participant_Action__c', pa.Id, {
          Status__c: 'Waiting_Criteria',
          Reason__c: 'WAIT_CRITERIA',
          Reason_Detail__c: detail
        });
        if (pa.Status__c !== 'Waiting_Criteria') ctx.stats.waiting++;
      }
    } else skips.push({ pa, reason: 'SKIP_CRITERIA', detail });
  }
  if (skips.length) {
    const open = await loadOpenActions(
      ctx,
      skips.map((s) => s.pa.Participant__c)
    );
    for (const { pa, reason, detail } of skips) {
      const participant = pa.Participant__r!;
      const list = open.get(participant.Id) ?? [];
      // The action reaches its time and is found wanting: it becomes due and is skipped in one
      // write (an Upcoming action cannot be skipped by the lifecycle; a Due one can).
      const snapshot = snapshotOf(ctx, participant, list);
      const madeDue = {
        ...snapshot,
        actions: snapshot.actions.map((a) =>
          a.Id === pa.Id && a.Status__c === 'Upcoming' ? { ...a, Status__c: 'Due' as const } : a
        )
      };
      const error = applyPlan(
        ctx,
        batch,
        skipAction(madeDue, pa.Id, ctx.now, { reason, note: detail }),
        list,
        participant
      );
      if (error)
        batch.update('Participant_Action__c', pa.Id, {
          Last_Error__c: truncate255(`Skip (${reason}) refused: ${error.message}`)
        });
    }
  }
  await batch.flush(ctx.api);
}

/**
 * The person said no to this channel: an email to someone who opted out of email, a call to someone
 * on Do Not Call. Only that action is skipped; the other channels go on. A sequence set to exit on
 * email opt-out is left to the exits stage (it ends the whole enrollment). Checked again at send time.
 */
function optOutOf(
  ctx: PassContext,
  pa: ParticipantActionRecord,
  person: PersonRecord | null
): { reason: ReasonCode; detail: string } | null {
  if (!person) return null;
  if (pa.Type__c === 'Call' && person.DoNotCall === true)
    return { reason: 'DO_NOT_CALL', detail: 'The person is on Do Not Call' };
  if (pa.Type__c === 'SMS' && person.SMS_Opt_Out__c === true)
    return { reason: 'SMS_OPT_OUT', detail: 'The person opted out of SMS (STOP)' };
  if (pa.Type__c !== 'Email' || person.HasOptedOutOfEmail !== true) return null;
  const sequence = pa.Participant__r ? ctx.catalog.sequences.get(pa.Participant__r.Sequence__c) : undefined;
  if (sequence?.Exit_On_Email_Opt_Out__c === true) return null;
  return { reason: 'EMAIL_OPT_OUT', detail: 'The person opted out of email' };
}

function makeDue(ctx: PassContext, batch: WriteBatch, pa: ParticipantActionRecord): void {
  batch.update(
    'Participant_Action__c',
    pa.Id,
    pa.Status__c === 'Waiting_Criteria'
      ? { Status__c: 'Due', Reason__c: null, Reason_Detail__c: null }
      : { Status__c: 'Due' }
  );
  ctx.stats.madeDue++;
}
