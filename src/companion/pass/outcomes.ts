/**
 * Records what happened to claimed work and to work diverted before a claim. Each action's writes
 * — its attempt's outcome, the action, the next action, the participant — are one atomic unit
 * (`WriteBatch.unit`): a worker killed while writing leaves each participant before or after its
 * change, and an attempt stays open (to be reconciled from the EmailMessage log) until its outcome
 * landed together with the action it decided.
 */
import {
  completeAction,
  failAction,
  exitParticipant as coreExit,
  skipAction
} from '../../core/lifecycle/operations';
import type { SaveOutcome } from '../api';
import { ownedBy } from '../ownership';
import { backoffDelayMs } from '../backoff';
import { truncate255, type ClassifiedError } from '../errors';
import type { ParticipantActionRecord, ParticipantRecord } from '../model';
import { applyPlan, snapshotOf, type OpenAction } from './advance';
import type { Claimed, StaleAttempt } from './claim';
import { iso, type PassContext } from './context';
import { applyFieldUpdates } from './field-updates';
import type { Diversion, Prepared } from './prepare';
import type { WriteBatch } from './writes';

export type Outcome =
  | { status: 'sent'; providerMessageId?: string; taskId?: string }
  | {
      status: 'failed';
      error: ClassifiedError;
      reason: 'SEND_FAILED' | 'INVALID_EMAIL_ADDRESS' | 'INVALID_MOBILE';
    }
  | { status: 'retry'; error: ClassifiedError }
  /** Not sent because of an org-wide limit (the daily single-email allowance): due again at `until`. */
  | { status: 'deferred'; until: Date; error: ClassifiedError }
  | { status: 'unknown'; error: ClassifiedError }
  /** The provider may have sent it and cannot be asked: In_Doubt, held for a person with `detail`. */
  | { status: 'in-doubt'; detail: string; error: ClassifiedError }
  /** The provider refused the SMS because the person opted out (Twilio 21610): skipped, opt-out recorded. */
  | { status: 'opted-out'; error: ClassifiedError }
  | { status: 'released'; why: string };

/** Detail text of actions deferred by the org's daily email limit (`stride status` counts them by it). */
export const ORG_EMAIL_LIMIT_DETAIL = "The org's daily email limit was reached";

/**
 * The participant as the core must see it while this worker holds the claim: the claimed action is
 * In_Progress, even though that state is not written to the org for a short send.
 */
export function claimedSnapshot(
  ctx: PassContext,
  participant: ParticipantRecord,
  list: OpenAction[],
  actionId: string
): ReturnType<typeof snapshotOf> {
  const snapshot = snapshotOf(ctx, participant, list);
  return {
    ...snapshot,
    actions: snapshot.actions.map((a) =>
      a.Id === actionId ? { ...a, Status__c: 'In_Progress' as const } : a
    )
  };
}

/** Whether a send failed because the person's record is gone (deleted while the action was due). */
function recipientGone(error: ClassifiedError): boolean {
  return (
    error.code === 'ENTITY_IS_DELETED' ||
    (error.code === 'INVALID_CROSS_REFERENCE_KEY' &&
      (error.fields ?? []).some((f) => f === 'recipientId' || f === 'WhoId'))
  );
}

/** Retry later with backoff, or fail for good after `maxAttempts`. */
function retryOrFail(
  ctx: PassContext,
  batch: WriteBatch,
  c: { pa: ParticipantActionRecord; attemptNumber: number },
  error: ClassifiedError,
  open: Map<string, OpenAction[]>
): void {
  const participant = c.pa.Participant__r!;
  if (c.attemptNumber >= ctx.settings.maxAttempts) {
    const list = open.get(participant.Id) ?? [];
    applyPlan(
      ctx,
      batch,
      failAction(claimedSnapshot(ctx, participant, list, c.pa.Id), c.pa.Id, ctx.now, {
        reason: 'SEND_FAILED',
        detail: `${error.code}: ${error.message}`
      }),
      list,
      participant,
      {
        actionId: c.pa.Id,
        fields: {
          Last_Error__c: truncate255(`${error.code}: ${error.message}`),
          Attempts__c: c.attemptNumber
        }
      }
    );
    return;
  }
  const delayMs =
    backoffDelayMs(c.attemptNumber - 1, { minDelayMs: 5_000, maxDelayMs: 600_000, multiplier: 3 }) *
    Math.max(1, ctx.speed);
  batch.update('Participant_Action__c', c.pa.Id, {
    Status__c: 'Due',
    Due_At__c: iso(new Date(ctx.now.getTime() + delayMs)),
    Attempts__c: c.attemptNumber,
    Last_Error__c: truncate255(`${error.code}: ${error.message}`)
  });
  ctx.stats.retried++;
}

/**
 * Queues the writes of every claimed action's outcome. Field updates and Conversations are written
 * first (both idempotent), so a required field update that fails keeps the action from completing
 * and each action links to its Conversation.
 */
export async function recordOutcomes(
  ctx: PassContext,
  batch: WriteBatch,
  claimed: Claimed[],
  outcomes: Map<string, Outcome>,
  open: Map<string, OpenAction[]>
): Promise<void> {
  const performed = claimed.filter((c) => outcomes.get(c.key)?.status === 'sent');
  const [fieldUpdateFailures, conversations] = await Promise.all([
    applyFieldUpdates(ctx, performed),
    upsertConversations(
      ctx,
      performed
        .filter((c) => c.kind !== 'task')
        .map((c) => ({
          c,
          providerMessageId: (outcomes.get(c.key) as { providerMessageId?: string }).providerMessageId
        }))
    )
  ]);
  for (const c of claimed) {
    // No recorded outcome means we cannot tell: leave the attempt to reconciliation, never re-send blindly.
    const outcome: Outcome = outcomes.get(c.key) ?? {
      status: 'unknown',
      error: { kind: 'retryable', code: 'NO_OUTCOME', message: 'no outcome was recorded for this send' }
    };
    batch.unit(() =>
      recordOne(ctx, batch, c, outcome, open, conversations.get(c.key), fieldUpdateFailures.get(c.pa.Id))
    );
  }
  // The provider says the person opted out of SMS: recorded on them, outside the action's unit (a
  // person who cannot be written, a converted lead, must not hold back the skip).
  for (const c of claimed)
    if (outcomes.get(c.key)?.status === 'opted-out')
      batch.update(c.person.object, c.person.id, { SMS_Opt_Out__c: true }, (result) => {
        if (!result.ok)
          ctx.log.warn({ person: c.person.id, error: result.error }, 'could not record the SMS opt-out');
      });
}

function recordOne(
  ctx: PassContext,
  batch: WriteBatch,
  c: Claimed,
  outcome: Outcome,
  open: Map<string, OpenAction[]>,
  conversationId: string | undefined,
  fieldError: string | undefined
): void {
  const participant = c.pa.Participant__r!;
  const list = open.get(participant.Id) ?? [];
  const snapshot = claimedSnapshot(ctx, participant, list, c.pa.Id);
  const clearRequest = c.requested ? clearSendRequest() : {};
  switch (outcome.status) {
    case 'sent': {
      batch.update('Action_Attempt__c', c.attemptId, {
        Outcome__c: 'Sent',
        Provider_Message_Id__c: outcome.providerMessageId ?? outcome.taskId ?? null
      });
      if (c.kind === 'email') {
        ctx.stats.emailsSent++;
        ctx.counters.recordEmail(c.ownerId, ctx.now);
      }
      if (c.kind === 'sms') ctx.stats.smsSent++;
      if (c.kind === 'task') {
        // A Task action completes when its Task is closed; until then it stays Due with the Task linked.
        ctx.stats.tasksCreated++;
        batch.update('Participant_Action__c', c.pa.Id, {
          Status__c: 'Due',
          Task_Id__c: outcome.taskId,
          Attempts__c: c.attemptNumber,
          ...clearRequest
        });
        return;
      }
      if (conversationId) batch.update('Participant_Action__c', c.pa.Id, { Conversation__c: conversationId });
      // The A/B variant whose content went out.
      if (c.variant && c.pa.Variant__c !== c.variant)
        batch.update('Participant_Action__c', c.pa.Id, { Variant__c: c.variant });
      if (fieldError && c.action?.Field_Updates_Required__c) {
        applyPlan(
          ctx,
          batch,
          failAction(snapshot, c.pa.Id, ctx.now, { reason: 'FIELD_UPDATE_FAILED', detail: fieldError }),
          list,
          participant,
          { actionId: c.pa.Id, fields: { ...clearRequest, Attempts__c: c.attemptNumber } }
        );
        return;
      }
      applyPlan(ctx, batch, completeAction(snapshot, c.pa.Id, ctx.now), list, participant, {
        actionId: c.pa.Id,
        fields: {
          ...clearRequest,
          Attempts__c: c.attemptNumber,
          Last_Error__c: fieldError ? truncate255(`Field update failed: ${fieldError}`) : null
        }
      });
      return;
    }
    case 'failed': {
      const text = truncate255(`${outcome.error.code}: ${outcome.error.message}`);
      batch.update('Action_Attempt__c', c.attemptId, { Outcome__c: 'Failed', Error__c: text });
      if (recipientGone(outcome.error)) {
        // The Lead or Contact was deleted while the action was due: the participant exits, not fails.
        applyPlan(
          ctx,
          batch,
          coreExit(snapshot, ctx.now, { type: 'Automatic', reason: 'RECORD_DELETED' }),
          list,
          participant,
          { actionId: c.pa.Id, fields: { ...clearRequest, Attempts__c: c.attemptNumber } }
        );
        batch.update('Participant_Action__c', c.pa.Id, {
          Reason__c: 'RECORD_DELETED',
          Reason_Detail__c: truncate255(`The lead or contact was deleted before the send (${text})`)
        });
        return;
      }
      applyPlan(
        ctx,
        batch,
        failAction(snapshot, c.pa.Id, ctx.now, { reason: outcome.reason, detail: text }),
        list,
        participant,
        { actionId: c.pa.Id, fields: { ...clearRequest, Attempts__c: c.attemptNumber, Last_Error__c: text } }
      );
      return;
    }
    case 'in-doubt':
      batch.update('Action_Attempt__c', c.attemptId, {
        Outcome__c: 'In_Doubt',
        Error__c: truncate255(`${outcome.error.code}: ${outcome.error.message}`)
      });
      batch.update('Participant_Action__c', c.pa.Id, {
        Attempts__c: c.attemptNumber,
        Activation__c: 'Manual',
        Reason__c: 'SEND_FAILED',
        Reason_Detail__c: truncate255(outcome.detail),
        ...clearRequest
      });
      ctx.stats.held++;
      return;
    case 'opted-out': {
      const text = truncate255(`${outcome.error.code}: ${outcome.error.message}`);
      batch.update('Action_Attempt__c', c.attemptId, { Outcome__c: 'Failed', Error__c: text });
      applyPlan(
        ctx,
        batch,
        skipAction(snapshotOf(ctx, participant, list), c.pa.Id, ctx.now, {
          reason: 'SMS_OPT_OUT',
          note: `The SMS provider refused: the recipient opted out (${text})`
        }),
        list,
        participant,
        { actionId: c.pa.Id, fields: { ...clearRequest, Attempts__c: c.attemptNumber } }
      );
      return;
    }
    case 'retry':
      batch.update('Action_Attempt__c', c.attemptId, {
        Outcome__c: 'Released',
        Error__c: truncate255(`${outcome.error.code}: ${outcome.error.message}`)
      });
      retryOrFail(ctx, batch, c, outcome.error, open);
      return;
    case 'deferred':
      // Not the action's fault: due again when the allowance resets, without counting as a failure.
      batch.update('Action_Attempt__c', c.attemptId, {
        Outcome__c: 'Released',
        Error__c: truncate255(`${outcome.error.code}: ${outcome.error.message}`)
      });
      batch.update('Participant_Action__c', c.pa.Id, {
        Status__c: 'Due',
        Due_At__c: iso(outcome.until),
        Attempts__c: c.attemptNumber,
        Reason__c: 'DAILY_LIMIT',
        Reason_Detail__c: truncate255(`${ORG_EMAIL_LIMIT_DETAIL}; deferred to ${outcome.until.toISOString()}`)
      });
      ctx.stats.deferredByLimit++;
      return;
    case 'unknown':
      // Leave the attempt open: after its lease the reconciliation stage decides (log lookup / hold).
      batch.update('Participant_Action__c', c.pa.Id, {
        Last_Error__c: truncate255(`in doubt: ${outcome.error.code}: ${outcome.error.message}`)
      });
      return;
    case 'released':
      batch.update('Action_Attempt__c', c.attemptId, {
        Outcome__c: 'Released',
        Error__c: truncate255(outcome.why)
      });
      batch.update('Participant_Action__c', c.pa.Id, { Status__c: 'Due', Attempts__c: c.attemptNumber });
      return;
  }
}

/**
 * Repairs actions whose attempt counter lags behind a closed attempt (a write that failed for good
 * after the attempt was decided): the counter catches up, and an attempt that says Sent completes
 * its email or SMS action (or links its Task) instead of sending again.
 */
export function repairStaleAttempts(
  ctx: PassContext,
  batch: WriteBatch,
  stale: StaleAttempt[],
  open: Map<string, OpenAction[]>
): void {
  for (const s of stale) {
    batch.unit(() => {
      const participant = s.pa.Participant__r!;
      if (s.outcome !== 'Sent') {
        batch.update('Participant_Action__c', s.pa.Id, { Attempts__c: s.attemptNumber });
        return;
      }
      ctx.stats.reconciled++;
      if (s.pa.Type__c === 'Task') {
        batch.update('Participant_Action__c', s.pa.Id, {
          Attempts__c: s.attemptNumber,
          Task_Id__c: s.providerMessageId
        });
        return;
      }
      const list = open.get(participant.Id) ?? [];
      applyPlan(
        ctx,
        batch,
        completeAction(claimedSnapshot(ctx, participant, list, s.pa.Id), s.pa.Id, ctx.now),
        list,
        participant,
        { actionId: s.pa.Id, fields: { Attempts__c: s.attemptNumber } }
      );
    });
  }
}

/** Fields that clear a rep's Send request once it is done. */
function clearSendRequest(): Record<string, unknown> {
  return { Requested_Outcome__c: null, Requested_At__c: null };
}

/**
 * Upserts one outbound Conversation__c per sent email or SMS, keyed by `Provider_Message_Id__c`:
 * the provider's id when it gave one, else `stride:<attempt key>` (deterministic), so a request
 * retried after a lost response, or a pass that re-records an outcome, never makes a second one.
 * Returns the Conversation id per attempt key; a Conversation that cannot be written is logged and
 * never holds back the action's completion (the send itself is already logged).
 */
export async function upsertConversations(
  ctx: PassContext,
  sent: Array<{ c: Prepared & { key: string }; providerMessageId?: string }>
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (sent.length === 0) return ids;
  const records = sent.map(({ c, providerMessageId }) => {
    const participant = c.pa.Participant__r!;
    return {
      Provider_Message_Id__c: conversationKey(c.key, providerMessageId),
      Type__c: c.kind === 'email' ? 'Email' : 'SMS',
      Direction__c: 'Outbound',
      Status__c: 'Sent',
      Participant_Action__c: c.pa.Id,
      Participant__c: participant.Id,
      ...ownedBy(c.pa.Assigned_To__c),
      Lead__c: participant.Lead__c ?? null,
      Contact__c: participant.Contact__c ?? null,
      Sent_At__c: iso(ctx.now),
      To__c: truncate255(c.kind === 'email' ? c.email.to : c.kind === 'sms' ? c.sms.to : ''),
      Subject__c: c.kind === 'email' ? truncate255(c.email.subject) : null,
      Body__c: c.kind === 'email' ? c.email.body : c.kind === 'sms' ? c.sms.body : null
    };
  });
  let results: SaveOutcome[];
  try {
    results = await ctx.api.upsertMany('Conversation__c', 'Provider_Message_Id__c', records);
  } catch (error) {
    ctx.log.warn(
      { err: error, count: records.length },
      'could not record the conversations of sent messages'
    );
    return ids;
  }
  results.forEach((result, i) => {
    if (result.ok) ids.set(sent[i].c.key, result.id);
    else
      ctx.log.warn(
        { pa: sent[i].c.pa.Id, error: result.error },
        'could not record the conversation of a sent message'
      );
  });
  return ids;
}

/** The external id of a sent message's Conversation: the provider's id, else one derived from the attempt key. */
export function conversationKey(attemptKey: string, providerMessageId?: string | null): string {
  return providerMessageId || `stride:${attemptKey}`;
}

/** Writes what happens instead of a send (exit, skip, fail, manual, hold); each diversion is one unit. */
export function recordDiversions(
  ctx: PassContext,
  batch: WriteBatch,
  diverted: Array<{ pa: ParticipantActionRecord; diversion: Diversion }>,
  open: Map<string, OpenAction[]>
): void {
  for (const { pa, diversion } of diverted)
    batch.unit(() => recordDiversion(ctx, batch, pa, diversion, open));
}

function recordDiversion(
  ctx: PassContext,
  batch: WriteBatch,
  pa: ParticipantActionRecord,
  diversion: Diversion,
  open: Map<string, OpenAction[]>
): void {
  const participant = pa.Participant__r!;
  const list = open.get(participant.Id) ?? [];
  const clearRequest = pa.Requested_Outcome__c === 'Send' ? clearSendRequest() : {};
  switch (diversion.do) {
    case 'exit':
      applyPlan(
        ctx,
        batch,
        coreExit(snapshotOf(ctx, participant, list), ctx.now, {
          type: 'Automatic',
          reason: diversion.reason
        }),
        list,
        participant,
        { actionId: pa.Id, fields: { ...clearRequest } }
      );
      // The action that met the condition carries the specific reason, not just PARTICIPANT_EXITED.
      batch.update('Participant_Action__c', pa.Id, {
        Reason__c: diversion.reason,
        Reason_Detail__c: truncate255(diversion.detail)
      });
      return;
    case 'skip':
      applyPlan(
        ctx,
        batch,
        skipAction(snapshotOf(ctx, participant, list), pa.Id, ctx.now, {
          reason: diversion.reason,
          note: diversion.detail
        }),
        list,
        participant,
        { actionId: pa.Id, fields: { ...clearRequest } }
      );
      return;
    case 'fail':
      applyPlan(
        ctx,
        batch,
        failAction(claimedSnapshot(ctx, participant, list, pa.Id), pa.Id, ctx.now, {
          reason: diversion.reason,
          detail: diversion.detail
        }),
        list,
        participant,
        { actionId: pa.Id, fields: { ...clearRequest } }
      );
      return;
    case 'manual':
      // An automatic action that cannot run becomes manual: it shows on Engage with its reason.
      batch.update('Participant_Action__c', pa.Id, {
        Activation__c: 'Manual',
        Reason__c: diversion.reason,
        Reason_Detail__c: truncate255(diversion.detail),
        ...clearRequest
      });
      ctx.stats.held++;
      return;
    case 'hold':
      batch.update('Participant_Action__c', pa.Id, {
        Due_At__c: iso(diversion.until),
        Reason__c: diversion.reason,
        Reason_Detail__c: truncate255(diversion.detail)
      });
      ctx.stats.held++;
      return;
    case 'later':
      return;
  }
}
