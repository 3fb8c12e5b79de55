/**
 * Claims and executes due automatic work — emails through `emailSimple`, SMS through the provider,
 * Tasks — plus the sends reps requested from the composers.
 *
 * The protocol (docs/architecture.md §6, reliability.md §8):
 * 1. one query reads up to `batchSize` due actions with the participant's person fields;
 * 2. send-time checks divert what must not be sent (exit, fail, hold, fall back to manual);
 * 3. a claim is an `Action_Attempt__c` insert with the unique key `<action id>:<attempt>`, 200 per
 *    collection, five collections per Composite call; `DUPLICATE_VALUE` means another worker owns it;
 * 4. the attempt is recorded *before* the provider call, and the lease is re-checked right before it
 *    (a worker that was paused past its lease does not send: fencing);
 * 5. the outcome is recorded after; a send whose outcome is unknown is reconciled against the
 *    EmailMessage log before anything is re-sent.
 */
import {
  completeAction,
  failAction,
  exitParticipant as coreExit,
  skipAction
} from '../../core/lifecycle/operations';
import { assignSendSlots, planDailyEmailCap } from '../../core/throughput';
import {
  ApiRequestError,
  chunk,
  mapLimit,
  soqlDateTime,
  soqlIdList,
  soqlString,
  type ActionOutcome,
  type SaveOutcome
} from '../api';
import { backoffDelayMs } from '../backoff';
import { SmsPermanentError } from '../channels/sms';
import { truncate255, type ClassifiedError } from '../errors';
import { paSelectWith, parseSfDate, type ParticipantActionRecord, type ParticipantRecord } from '../model';
import { applyPlan, loadOpenActions, snapshotOf, type OpenAction } from './advance';
import { iso, type PassContext } from './context';
import { applyFieldUpdates } from './field-updates';
import { prepare, type Diversion, type Prepared } from './prepare';
import { ownedBy } from '../ownership';
import { refuseUnauthorizedRequests } from './requesters';
import { WriteBatch } from './writes';

interface Claimed extends Prepared {
  attemptNumber: number;
  key: string;
  attemptId: string;
  claimedAtRealMs: number;
}

type Outcome =
  | { status: 'sent'; providerMessageId?: string; taskId?: string }
  | {
      status: 'failed';
      error: ClassifiedError;
      reason: 'SEND_FAILED' | 'INVALID_EMAIL_ADDRESS' | 'INVALID_MOBILE';
    }
  | { status: 'retry'; error: ClassifiedError }
  | { status: 'unknown'; error: ClassifiedError }
  | { status: 'released'; why: string };

/** The due-work query: automatic work that is due, Tasks not yet created, and reps' send requests. */
export function dueWorkSoql(ctx: PassContext, now: Date): string {
  const at = soqlDateTime(now, 'up');
  return (
    `SELECT ${paSelectWith(ctx.catalog.personSelect('Participant__r.'))} FROM Participant_Action__c ` +
    `WHERE Participant__r.Status__c = 'Active' AND ((Status__c = 'Due' AND Due_At__c <= ${at} AND Task_Id__c = null AND (Activation__c = 'Automatic' OR Type__c = 'Task')) ` +
    `OR (Requested_Outcome__c = 'Send' AND Status__c IN ('Due','Waiting_Criteria','Deferred','Upcoming'))) ` +
    `ORDER BY Due_At__c LIMIT ${ctx.settings.batchSize}`
  );
}

/** Runs the claim-and-execute stage; returns how many actions it read (a full batch means "come back at once"). */
export async function executeDueWork(ctx: PassContext): Promise<number> {
  const t0 = Date.now();
  const mark = (step: string): void => ctx.log.debug({ step, ms: Date.now() - t0 }, 'execute');
  const fetched = await ctx.api.query<ParticipantActionRecord>(dueWorkSoql(ctx, ctx.now));
  mark('query');
  // A rep's Send is carried out only when its writer may act on the action (requesters.ts).
  const rows = await refuseUnauthorizedRequests(ctx, fetched);
  if (rows.length === 0) return 0;

  const prepared: Prepared[] = [];
  const diverted: Array<{ pa: ParticipantActionRecord; diversion: Diversion }> = [];
  for (const pa of rows) {
    const result = prepare(ctx, pa);
    if (result.ok) prepared.push(result.value);
    else diverted.push({ pa, diversion: result.diversion });
  }
  const ready = await applySendLimits(ctx, prepared, diverted);

  // Diversions that end or advance the participant need its open actions; load them with the outcomes' below.
  const claimed = await claim(ctx, ready);
  mark('claim');
  const openByParticipant = loadOpenActions(
    ctx,
    [...claimed, ...diverted.map((d) => ({ pa: d.pa }))].map((c) => c.pa.Participant__c)
  );

  // The open Action_Attempt__c row is the claim (visible as "sending" on Engage); the action itself
  // is not rewritten to In_Progress for the few seconds of a send: one write per action saved.
  const [outcomes, open] = await Promise.all([send(ctx, claimed), openByParticipant]);
  mark('send');

  const batch = new WriteBatch(ctx.touched);
  await recordOutcomes(ctx, batch, claimed, outcomes, open);
  recordDiversions(ctx, batch, diverted, open);
  mark('outcomes-built');
  const failures = await batch.flush(ctx.api);
  mark('outcomes-written');
  for (const failure of failures) {
    ctx.log.warn(
      {
        type: failure.type,
        id: failure.record.Id,
        error: (failure.outcome as { error: ClassifiedError }).error
      },
      'write failed'
    );
  }
  return rows.length;
}

/**
 * The per-owner daily cap and the per-minute throttle, by the core's rules: the overflow is held
 * (DAILY_LIMIT: next day; throttle: its send slot), never dropped. Rep-requested sends are exempt.
 */
async function applySendLimits(
  ctx: PassContext,
  prepared: Prepared[],
  diverted: Array<{ pa: ParticipantActionRecord; diversion: Diversion }>
): Promise<Prepared[]> {
  const automaticEmails = prepared.filter((p) => p.kind === 'email' && !p.requested);
  if (automaticEmails.length === 0) return prepared;
  const timeZoneFor = (ownerId: string): string =>
    ctx.catalog.users.get(ownerId)?.TimeZoneSidKey || ctx.settings.defaultTimeZone;
  // Re-read every pass with automatic emails, so workers share one count per owner and day.
  await ctx.counters.reload(
    ctx.api,
    automaticEmails.map((p) => p.ownerId).filter((id): id is string => !!id),
    ctx.now,
    timeZoneFor
  );
  const plan = planDailyEmailCap({
    emails: automaticEmails.map((p) => ({ Id: p.pa.Id, ownerId: p.ownerId ?? 'unassigned' })),
    capFor: () => ctx.settings.dailyEmailCapPerOwner,
    sentToday: ctx.counters.sentToday(),
    timeZoneFor,
    now: ctx.now
  });
  const held = new Set<string>();
  if (plan.ok) {
    for (const postponed of plan.value.postponed) {
      const pa = automaticEmails.find((p) => p.pa.Id === postponed.Id)!.pa;
      diverted.push({
        pa,
        diversion: {
          do: 'hold',
          reason: 'DAILY_LIMIT',
          until: postponed.Due_At__c,
          detail: `Daily email limit of ${ctx.settings.dailyEmailCapPerOwner} reached for the owner; moved to the next day`
        }
      });
      held.add(postponed.Id);
    }
  }
  if (ctx.settings.emailsPerMinute > 0) {
    const candidates = automaticEmails.filter((p) => !held.has(p.pa.Id)).map((p) => p.pa.Id);
    const slots = assignSendSlots(candidates, {
      perMinute: ctx.settings.emailsPerMinute,
      now: ctx.now,
      usedThisMinute: ctx.counters.usedThisMinute(ctx.now)
    });
    for (const slot of slots) {
      // Only this minute's share goes now; the rest waits for its slot (next passes).
      if (
        slot.sendAt.getTime() - (slot.sendAt.getTime() % 60_000) >
        ctx.now.getTime() - (ctx.now.getTime() % 60_000)
      ) {
        const pa = automaticEmails.find((p) => p.pa.Id === slot.Id)!.pa;
        diverted.push({ pa, diversion: { do: 'later' } });
        held.add(slot.Id);
      }
    }
  }
  return prepared.filter((p) => !held.has(p.pa.Id));
}

/** Inserts one attempt per prepared action; keeps the ones this worker won. */
async function claim(ctx: PassContext, ready: Prepared[]): Promise<Claimed[]> {
  if (ready.length === 0) return [];
  const claimedAtRealMs = Date.now();
  // The lease is stored in org time; with a faster org clock it spans the same real time.
  const leaseMs = ctx.settings.leaseSeconds * 1000 * Math.max(1, ctx.speed);
  const leaseExpiresAt = new Date(ctx.now.getTime() + leaseMs);
  const leaseExpires = iso(leaseExpiresAt);
  const attempts = ready.map((p) => {
    const attemptNumber = (p.pa.Attempts__c ?? 0) + 1;
    return { attemptNumber, key: `${p.pa.Id}:${attemptNumber}` };
  });
  const results = await ctx.api.createMany(
    'Action_Attempt__c',
    ready.map((p, i) => ({
      Key__c: attempts[i].key,
      Participant_Action__c: p.pa.Id,
      Worker__c: ctx.settings.workerId,
      Lease_Expires_At__c: leaseExpires
    }))
  );
  const won: Claimed[] = [];
  const duplicates: number[] = [];
  results.forEach((result, i) => {
    const p = ready[i];
    if (result.ok) {
      won.push({ ...p, ...attempts[i], attemptId: result.id, claimedAtRealMs });
      return;
    }
    if (result.error.code === 'DUPLICATE_VALUE') duplicates.push(i);
    else ctx.log.warn({ pa: p.pa.Id, error: result.error }, 'claim failed');
  });
  if (duplicates.length) {
    // A claim request retried after a lost response finds its own rows as duplicates: keep those.
    const mine = new Map<string, string>();
    for (const keys of chunk(
      duplicates.map((i) => attempts[i].key),
      200
    )) {
      const rows = await ctx.api.query<{ Id: string; Key__c: string; Lease_Expires_At__c: string }>(
        `SELECT Id, Key__c, Lease_Expires_At__c FROM Action_Attempt__c WHERE Key__c IN (${keys.map(soqlString).join(',')}) AND Worker__c = ${soqlString(ctx.settings.workerId)} AND Outcome__c = null`
      );
      // Only rows written by this very claim (same lease instant) count: an older open attempt of this
      // worker is in doubt and belongs to reconciliation, never to a second send.
      for (const row of rows)
        if (parseSfDate(row.Lease_Expires_At__c)?.getTime() === leaseExpiresAt.getTime())
          mine.set(row.Key__c, row.Id);
    }
    for (const i of duplicates) {
      const id = mine.get(attempts[i].key);
      if (id) won.push({ ...ready[i], ...attempts[i], attemptId: id, claimedAtRealMs });
    }
  }
  ctx.stats.claimed += won.length;
  return won;
}

/** Sends what was claimed, checking each lease just before the provider call. */
async function send(ctx: PassContext, claimed: Claimed[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const live = claimed.filter((c) => {
    if (ctx.signal.aborted) {
      outcomes.set(c.key, { status: 'released', why: 'worker stopping before the send' });
      return false;
    }
    if (Date.now() > ctx.leaseDeadline(c.claimedAtRealMs)) {
      outcomes.set(c.key, { status: 'released', why: 'lease expired before the send (fenced)' });
      return false;
    }
    return true;
  });
  await Promise.all([
    sendEmails(
      ctx,
      live.filter((c) => c.kind === 'email'),
      outcomes
    ),
    sendSms(
      ctx,
      live.filter((c) => c.kind === 'sms'),
      outcomes
    ),
    createTasks(
      ctx,
      live.filter((c) => c.kind === 'task'),
      outcomes
    )
  ]);
  return outcomes;
}

async function sendEmails(
  ctx: PassContext,
  emails: Claimed[],
  outcomes: Map<string, Outcome>
): Promise<void> {
  if (emails.length === 0) return;
  const inputs = emails.map((c) => {
    const email = c.email!;
    const input: Record<string, unknown> = {
      emailAddresses: email.to,
      emailSubject: email.subject,
      emailBody: email.body,
      sendRichBody: true,
      senderType: 'CurrentUser',
      recipientId: c.person.id,
      relatedRecordId: c.pa.Id,
      logEmailOnSend: true
    };
    if (email.cc.length) input.ccRecipientAddressList = email.cc.join(',');
    if (email.bcc.length) input.bccRecipientAddressList = email.bcc.join(',');
    return input;
  });
  const results = await ctx.api.invokeStandardAction('emailSimple', inputs, {
    stopped: () => ctx.signal.aborted
  });
  const unknown: Claimed[] = [];
  // A plain loop: unanswered inputs are holes in `results`, which forEach would skip.
  for (let i = 0; i < emails.length; i++) {
    const result: ActionOutcome | 'not-sent' | undefined = results[i];
    const c = emails[i];
    if (result === 'not-sent') {
      outcomes.set(c.key, { status: 'released', why: 'worker stopping before the send' });
      continue;
    }
    if (result === undefined) {
      unknown.push(c);
      continue;
    }
    if (result.ok) outcomes.set(c.key, { status: 'sent' });
    else if (result.error.kind === 'retryable') outcomes.set(c.key, { status: 'retry', error: result.error });
    else
      outcomes.set(c.key, {
        status: 'failed',
        error: result.error,
        reason: result.error.code === 'INVALID_EMAIL_ADDRESS' ? 'INVALID_EMAIL_ADDRESS' : 'SEND_FAILED'
      });
  }
  if (unknown.length) await reconcileEmails(ctx, unknown, outcomes);
}

/**
 * After a send request failed without per-input results, asks the EmailMessage log which of the
 * emails went out (each is logged against its participant action). Found = sent; not found = the
 * request did not run, safe to retry.
 */
export async function emailsLogged(
  ctx: PassContext,
  paIds: string[],
  since: Date
): Promise<Map<string, LoggedEmail>> {
  const found = new Map<string, LoggedEmail>();
  for (const ids of chunk(paIds, 300)) {
    const rows = await ctx.api.query<LoggedEmail>(
      `SELECT Id, RelatedToId, ToAddress, Subject, HtmlBody, TextBody, MessageDate FROM EmailMessage WHERE RelatedToId IN ${soqlIdList(ids)} AND CreatedDate >= ${soqlDateTime(since)}`
    );
    for (const row of rows) found.set(row.RelatedToId, row);
  }
  return found;
}

/** The log row of a sent email (EmailMessage related to its participant action). */
export interface LoggedEmail {
  Id: string;
  RelatedToId: string;
  ToAddress: string | null;
  Subject: string | null;
  HtmlBody: string | null;
  TextBody: string | null;
  MessageDate: string | null;
}

async function reconcileEmails(
  ctx: PassContext,
  unknown: Claimed[],
  outcomes: Map<string, Outcome>
): Promise<void> {
  let logged: Map<string, LoggedEmail>;
  try {
    // Claims are a few seconds old; look back a generous window of org time for the log row.
    logged = await emailsLogged(
      ctx,
      unknown.map((c) => c.pa.Id),
      new Date(ctx.now.getTime() - 3_600_000 * Math.max(1, ctx.speed))
    );
  } catch (error) {
    // Cannot tell now: leave the attempts open; the lease expiry reconciliation will decide.
    for (const c of unknown)
      outcomes.set(c.key, {
        status: 'unknown',
        error: { kind: 'retryable', code: 'RECONCILE_FAILED', message: String((error as Error).message) }
      });
    return;
  }
  for (const c of unknown) {
    if (logged.has(c.pa.Id)) {
      outcomes.set(c.key, { status: 'sent' });
      ctx.stats.reconciled++;
    } else
      outcomes.set(c.key, {
        status: 'retry',
        error: {
          kind: 'retryable',
          code: 'SEND_REQUEST_FAILED',
          message: 'the send request failed and no email was logged'
        }
      });
  }
}

async function sendSms(ctx: PassContext, messages: Claimed[], outcomes: Map<string, Outcome>): Promise<void> {
  const provider = ctx.channels.sms;
  if (!provider || messages.length === 0) return;
  await mapLimit(messages, 4, async (c) => {
    if (ctx.signal.aborted) {
      outcomes.set(c.key, { status: 'released', why: 'worker stopping before the send' });
      return;
    }
    try {
      const result = await provider.send({
        to: c.sms!.to,
        from: ctx.channels.smsFrom,
        body: c.sms!.body,
        idempotencyKey: c.key
      });
      outcomes.set(c.key, { status: 'sent', providerMessageId: result.providerMessageId });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof SmsPermanentError) {
        outcomes.set(c.key, {
          status: 'failed',
          error: { kind: 'permanent', code: error.code, message },
          reason: error.code === 'INVALID_MOBILE' ? 'INVALID_MOBILE' : 'SEND_FAILED'
        });
      } else {
        // Twilio has no idempotency key: an SMS whose outcome is unknown is held for a person to check.
        outcomes.set(c.key, {
          status: 'unknown',
          error: { kind: 'retryable', code: 'SMS_UNKNOWN', message }
        });
      }
    }
  });
}

async function createTasks(
  ctx: PassContext,
  tasks: Claimed[],
  outcomes: Map<string, Outcome>
): Promise<void> {
  if (tasks.length === 0) return;
  let results;
  try {
    results = await ctx.api.createMany(
      'Task',
      tasks.map((c) => ({
        Subject: c.task!.subject,
        WhoId: c.person.id,
        OwnerId: c.task!.ownerId ?? undefined,
        Priority: c.task!.priority,
        Status: 'Not Started',
        ActivityDate: c.task!.activityDate,
        // The attempt key lets reconciliation find a Task whose creation outcome was lost.
        Description: `Stride ${c.action?.Name ?? 'action'} [stride:${c.key}]`
      })),
      { ambiguousRetry: false }
    );
  } catch (error) {
    const classified =
      error instanceof ApiRequestError
        ? error.classified
        : { kind: 'retryable' as const, code: 'UNKNOWN', message: String(error) };
    for (const c of tasks) outcomes.set(c.key, { status: 'unknown', error: classified });
    return;
  }
  results.forEach((result, i) => {
    const c = tasks[i];
    if (result.ok) outcomes.set(c.key, { status: 'sent', taskId: result.id });
    else if (result.error.kind === 'retryable') outcomes.set(c.key, { status: 'retry', error: result.error });
    else outcomes.set(c.key, { status: 'failed', error: result.error, reason: 'SEND_FAILED' });
  });
}

/**
 * The participant as the core must see it while this worker holds the claim: the claimed action is
 * In_Progress (docs/architecture.md §3), even though that state is not written to the org for a short send.
 */
function claimedSnapshot(
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

async function recordOutcomes(
  ctx: PassContext,
  batch: WriteBatch,
  claimed: Claimed[],
  outcomes: Map<string, Outcome>,
  open: Map<string, OpenAction[]>
): Promise<void> {
  // Field updates run when an action is performed (docs/architecture.md §5): first, so a required update that fails keeps the action from completing.
  const performed = claimed.filter((c) => outcomes.get(c.key)?.status === 'sent');
  // The Conversations of sent emails and SMS are upserted alongside, so each action links to its own.
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
    const participant = c.pa.Participant__r!;
    const list = open.get(participant.Id) ?? [];
    const snapshot = claimedSnapshot(ctx, participant, list, c.pa.Id);
    const clearRequest = c.requested ? { Requested_Outcome__c: null, Requested_At__c: null } : {};
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
          break;
        }
        const conversationId = conversations.get(c.key);
        if (conversationId)
          batch.update('Participant_Action__c', c.pa.Id, { Conversation__c: conversationId });
        const fieldError = fieldUpdateFailures.get(c.pa.Id);
        if (fieldError && c.action?.Field_Updates_Required__c) {
          applyPlan(
            ctx,
            batch,
            failAction(snapshot, c.pa.Id, ctx.now, { reason: 'FIELD_UPDATE_FAILED', detail: fieldError }),
            list,
            participant,
            { actionId: c.pa.Id, fields: { ...clearRequest } }
          );
          break;
        }
        applyPlan(ctx, batch, completeAction(snapshot, c.pa.Id, ctx.now), list, participant, {
          actionId: c.pa.Id,
          fields: {
            ...clearRequest,
            Last_Error__c: fieldError ? truncate255(`Field update failed: ${fieldError}`) : null
          }
        });
        break;
      }
      case 'failed': {
        batch.update('Action_Attempt__c', c.attemptId, {
          Outcome__c: 'Failed',
          Error__c: truncate255(`${outcome.error.code}: ${outcome.error.message}`)
        });
        applyPlan(
          ctx,
          batch,
          failAction(snapshot, c.pa.Id, ctx.now, {
            reason: outcome.reason,
            detail: `${outcome.error.code}: ${outcome.error.message}`
          }),
          list,
          participant,
          {
            actionId: c.pa.Id,
            fields: {
              ...clearRequest,
              Last_Error__c: truncate255(`${outcome.error.code}: ${outcome.error.message}`)
            }
          }
        );
        break;
      }
      case 'retry': {
        batch.update('Action_Attempt__c', c.attemptId, {
          Outcome__c: 'Released',
          Error__c: truncate255(`${outcome.error.code}: ${outcome.error.message}`)
        });
        retryOrFail(ctx, batch, c, outcome.error, open);
        break;
      }
      case 'unknown': {
        // Leave the attempt open: after its lease the reconciliation stage decides (log lookup / hold).
        batch.update('Participant_Action__c', c.pa.Id, {
          Last_Error__c: truncate255(`in doubt: ${outcome.error.code}: ${outcome.error.message}`)
        });
        break;
      }
      case 'released': {
        batch.update('Action_Attempt__c', c.attemptId, {
          Outcome__c: 'Released',
          Error__c: truncate255(outcome.why)
        });
        batch.update('Participant_Action__c', c.pa.Id, { Status__c: 'Due', Attempts__c: c.attemptNumber });
        break;
      }
    }
  }
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
      To__c: truncate255(c.email?.to ?? c.sms?.to ?? ''),
      Subject__c: c.email ? truncate255(c.email.subject) : null,
      Body__c: c.email?.body ?? c.sms?.body ?? null
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

function recordDiversions(
  ctx: PassContext,
  batch: WriteBatch,
  diverted: Array<{ pa: ParticipantActionRecord; diversion: Diversion }>,
  open: Map<string, OpenAction[]>
): void {
  for (const { pa, diversion } of diverted) {
    const participant = pa.Participant__r!;
    const list = open.get(participant.Id) ?? [];
    const clearRequest =
      pa.Requested_Outcome__c === 'Send' ? { Requested_Outcome__c: null, Requested_At__c: null } : {};
    switch (diversion.do) {
      case 'exit': {
        applyPlan(
          ctx,
          batch,
          coreExit(snapshotOf(ctx, participant, list), ctx.now, {
            type: 'Automatic',
            reason: diversion.reason
          }),
          list,
          participant,
          {
            actionId: pa.Id,
            fields: { ...clearRequest }
          }
        );
        // The action that met the condition carries the specific reason, not just PARTICIPANT_EXITED.
        batch.update('Participant_Action__c', pa.Id, {
          Reason__c: diversion.reason,
          Reason_Detail__c: truncate255(diversion.detail)
        });
        break;
      }
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
          {
            actionId: pa.Id,
            fields: { ...clearRequest }
          }
        );
        break;
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
          {
            actionId: pa.Id,
            fields: { ...clearRequest }
          }
        );
        break;
      case 'manual':
        // An automatic action that cannot run becomes manual: it shows on Engage with its reason.
        batch.update('Participant_Action__c', pa.Id, {
          Activation__c: 'Manual',
          Reason__c: diversion.reason,
          Reason_Detail__c: truncate255(diversion.detail),
          ...clearRequest
        });
        ctx.stats.held++;
        break;
      case 'hold':
        batch.update('Participant_Action__c', pa.Id, {
          Due_At__c: iso(diversion.until),
          Reason__c: diversion.reason,
          Reason_Detail__c: truncate255(diversion.detail)
        });
        ctx.stats.held++;
        break;
      case 'later':
        break;
    }
  }
}
