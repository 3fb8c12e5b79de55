/**
 * Reconciles in-doubt attempts: an attempt whose lease expired without an outcome belongs to a
 * worker that died or stalled. Expiry is judged by watching (`LeaseWatch`): the attempt's lease
 * marker did not move for a whole lease of this process's monotonic time — never by comparing the
 * org's clock, which may jump. Before anything is re-sent the companion asks the org what happened:
 *
 * - Email: an EmailMessage related to the participant action means it was sent → Sent, the action
 *   completes and its Conversation is upserted (same key as a normal send). None, and the owner sends
 *   through Salesforce → the attempt is In_Doubt and the email is sent once more (documented policy).
 *   None, and the owner sends from their own mailbox over SMTP → the mailbox is asked by the
 *   deterministic Message-ID first (mailbox-check.ts; the worker may have died between the SMTP
 *   accept and the log): found → Sent, logged now and completed; absent → sent once more; the mailbox
 *   cannot be asked → held In_Doubt for a person, never sent blindly again.
 * - Task: a Task carrying the attempt key means it was created → linked. None → created again.
 * - SMS: providers such as Twilio cannot be asked reliably → In_Doubt and held for a person.
 */
import { completeAction } from '../../core/lifecycle/operations';
import { OPEN_ACTION_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlDateTime, soqlIdList } from '../api';
import { truncate255 } from '../errors';
import { parseSfDate, type ParticipantRecord } from '../model';
import { applyPlan, loadOpenActions, snapshotOf, type OpenAction } from './advance';
import { isStale, iso, type PassContext } from './context';
import { leaseMs } from './claim';
import { emailsLogged, type LoggedEmail } from './channels/email';
import { checkMailboxes, type MailboxAnswer } from './mailbox-check';
import { conversationKey } from './outcomes';
import { ownedBy } from '../ownership';
import { WriteBatch } from './writes';

interface ExpiredAttempt {
  Id: string;
  Key__c: string;
  Participant_Action__c: string;
  CreatedDate: string;
  Lease_Expires_At__c: string | null;
  Participant_Action__r: {
    Status__c: string;
    Type__c: string;
    Attempts__c: number | null;
    Participant__c: string;
    Assigned_To__c?: string | null;
    Participant__r: ParticipantRecord;
  } | null;
}

const OPEN = new Set<string>(OPEN_ACTION_STATUSES);

/** Open attempts (no outcome yet), oldest first; the lease watch tells which of them expired. */
export function readExpiredAttempts(ctx: PassContext): Promise<ExpiredAttempt[]> {
  return ctx.api.query<ExpiredAttempt>(
    `SELECT Id, Key__c, Participant_Action__c, CreatedDate, Lease_Expires_At__c, Participant_Action__r.Status__c, Participant_Action__r.Type__c, Participant_Action__r.Attempts__c, Participant_Action__r.Participant__c, Participant_Action__r.Assigned_To__c, ` +
      `Participant_Action__r.Participant__r.Id, Participant_Action__r.Participant__r.Sequence__c, Participant_Action__r.Participant__r.Status__c, Participant_Action__r.Participant__r.Current_Step__c, ` +
      `Participant_Action__r.Participant__r.Time_Zone__c, Participant_Action__r.Participant__r.Lead__c, Participant_Action__r.Participant__r.Contact__c ` +
      `FROM Action_Attempt__c WHERE Outcome__c = null ORDER BY CreatedDate LIMIT 2000`
  );
}

export async function reconcileExpiredAttempts(
  ctx: PassContext,
  read: Promise<ExpiredAttempt[]> = readExpiredAttempts(ctx)
): Promise<void> {
  const unanswered = await read;
  const expired = ctx.leaseWatch.expired(unanswered, leaseMs(ctx));
  const attempts = unanswered.filter(
    (a) =>
      expired.has(a.Id) &&
      !isStale(ctx, a.Id, a.Participant_Action__c, a.Participant_Action__r?.Participant__c)
  );
  if (attempts.length === 0) return;
  const batch = new WriteBatch(ctx.touched);
  const live = attempts.filter((a) => {
    const pa = a.Participant_Action__r;
    if (pa && OPEN.has(pa.Status__c)) return true;
    // The action was decided by the same atomic write that should have closed this attempt (or by a rep).
    batch.update('Action_Attempt__c', a.Id, {
      Outcome__c: pa?.Status__c === 'Completed' ? 'Sent' : 'Released',
      Error__c: 'lease expired; the action was already closed'
    });
    return false;
  });
  // Tasks are looked up from a day before the oldest claim: the org clock may have moved back since.
  const since = new Date(
    Math.min(...live.map((a) => parseSfDate(a.CreatedDate)?.getTime() ?? ctx.now.getTime())) - 86_400_000
  );
  const emails = live.filter((a) => a.Participant_Action__r!.Type__c === 'Email');
  const tasks = live.filter((a) => a.Participant_Action__r!.Type__c === 'Task');
  const logged = emails.length
    ? await emailsLogged(
        ctx,
        emails.map((a) => a.Participant_Action__c)
      )
    : new Map<string, LoggedEmail>();
  const [taskIds, open, mailboxes] = await Promise.all([
    tasks.length ? tasksByKey(ctx, tasks, since) : Promise.resolve(new Map<string, string>()),
    loadOpenActions(
      ctx,
      live.map((a) => a.Participant_Action__r!.Participant__c)
    ),
    checkMailboxes(
      ctx,
      emails
        .filter((a) => !logged.has(a.Participant_Action__c))
        .map((a) => ({ Id: a.Id, Key__c: a.Key__c, ownerId: a.Participant_Action__r!.Assigned_To__c }))
    )
  ]);
  await logFoundInMailbox(ctx, emails, mailboxes, logged);

  // An email found in the log gets its Conversation too (same deterministic key as a normal send).
  const found = emails.filter((a) => logged.has(a.Participant_Action__c));
  const conversations = found.length
    ? await ctx.api
        .upsertMany(
          'Conversation__c',
          'Provider_Message_Id__c',
          found.map((a) => {
            const email = logged.get(a.Participant_Action__c)!;
            const participant = a.Participant_Action__r!.Participant__r;
            return {
              Provider_Message_Id__c: conversationKey(a.Key__c),
              Email_Message_Id__c: email.Id,
              Type__c: 'Email',
              Direction__c: 'Outbound',
              Status__c: 'Sent',
              Participant_Action__c: a.Participant_Action__c,
              Participant__c: a.Participant_Action__r!.Participant__c,
              ...ownedBy(a.Participant_Action__r!.Assigned_To__c),
              Lead__c: participant?.Lead__c ?? null,
              Contact__c: participant?.Contact__c ?? null,
              Sent_At__c: email.MessageDate ?? a.CreatedDate,
              To__c: truncate255(email.ToAddress ?? ''),
              Subject__c: email.Subject ? truncate255(email.Subject) : null,
              Body__c: email.HtmlBody ?? email.TextBody ?? null
            };
          })
        )
        .then(
          (results) =>
            new Map(
              results.flatMap((r, i) => (r.ok ? [[found[i].Participant_Action__c, r.id] as const] : []))
            )
        )
        .catch((error: unknown) => {
          ctx.log.warn({ err: error }, 'could not record the conversations of reconciled emails');
          return new Map<string, string>();
        })
    : new Map<string, string>();

  for (const attempt of live)
    batch.unit(() => reconcileOne(ctx, batch, attempt, logged, taskIds, open, conversations, mailboxes));
  await batch.flush(ctx.api);
}

/**
 * Logs the emails found in the mailbox but not in Salesforce (the worker died between the SMTP
 * accept and its log) as the EmailMessage it did not write, in one request; `logged` gains them.
 */
async function logFoundInMailbox(
  ctx: PassContext,
  emails: ExpiredAttempt[],
  mailboxes: Map<string, MailboxAnswer>,
  logged: Map<string, LoggedEmail>
): Promise<void> {
  const found = emails.flatMap((a) => {
    const answer = mailboxes.get(a.Id);
    return answer?.state === 'found' ? [{ a, answer }] : [];
  });
  if (found.length === 0) return;
  const rows = found.map(({ a, answer }) => ({
    Subject: answer.message?.subject ?? null,
    ToAddress: answer.message?.to.join('; ') || null,
    FromAddress: answer.from,
    Status: '3',
    MessageDate: a.CreatedDate,
    Incoming: false,
    RelatedToId: a.Participant_Action__c,
    MessageIdentifier: answer.messageId
  }));
  try {
    const created = await ctx.api.createMany('EmailMessage', rows);
    created.forEach((result, i) => {
      const { a } = found[i];
      if (!result.ok) {
        ctx.log.warn(
          { pa: a.Participant_Action__c, error: result.error },
          'smtp: could not log a found email'
        );
        return;
      }
      logged.set(a.Participant_Action__c, {
        Id: result.id,
        RelatedToId: a.Participant_Action__c,
        ToAddress: rows[i].ToAddress,
        Subject: rows[i].Subject,
        HtmlBody: null,
        TextBody: null,
        MessageDate: a.CreatedDate
      });
    });
  } catch (error) {
    // Not logged: the attempts stay undecided for the next pass (nothing is sent again meanwhile).
    ctx.log.warn({ err: error }, 'smtp: could not log emails found in the mailbox');
  }
}

/** Decides one expired attempt from what the org says; its writes are one atomic unit. */
function reconcileOne(
  ctx: PassContext,
  batch: WriteBatch,
  attempt: ExpiredAttempt,
  logged: Map<string, LoggedEmail>,
  taskIds: Map<string, string>,
  open: Map<string, OpenAction[]>,
  conversations: Map<string, string>,
  mailboxes: Map<string, MailboxAnswer>
): void {
  {
    const pa = attempt.Participant_Action__r!;
    const attemptNumber = Number(attempt.Key__c.split(':').pop()) || (pa.Attempts__c ?? 0) + 1;
    const retry = { Status__c: 'Due', Attempts__c: Math.max(attemptNumber, pa.Attempts__c ?? 0) };
    // Found in the mailbox but its log failed: decided next pass, and never sent again meanwhile.
    const answer = mailboxes.get(attempt.Id);
    if (pa.Type__c === 'Email' && answer?.state === 'found' && !logged.has(attempt.Participant_Action__c))
      return;
    ctx.stats.reconciled++;
    if (pa.Type__c === 'Email') {
      if (logged.has(attempt.Participant_Action__c)) {
        batch.update('Action_Attempt__c', attempt.Id, {
          Outcome__c: 'Sent',
          Error__c:
            answer?.state === 'found'
              ? `reconciled: not in the log but found in the mailbox (${answer.messageId}) after the lease expired`
              : 'reconciled: email found in the log after the lease expired'
        });
        const participant = { ...pa.Participant__r, Id: pa.Participant__c };
        const list = open.get(participant.Id) ?? [];
        const snapshot = snapshotOf(ctx, participant, list);
        const claimed = {
          ...snapshot,
          actions: snapshot.actions.map((a) =>
            a.Id === attempt.Participant_Action__c ? { ...a, Status__c: 'In_Progress' as const } : a
          )
        };
        applyPlan(
          ctx,
          batch,
          completeAction(claimed, attempt.Participant_Action__c, ctx.now),
          list,
          participant,
          {
            actionId: attempt.Participant_Action__c,
            fields: {
              Attempts__c: retry.Attempts__c,
              ...(conversations.has(attempt.Participant_Action__c)
                ? { Conversation__c: conversations.get(attempt.Participant_Action__c) }
                : {})
            }
          }
        );
      } else if (answer?.state === 'unknown') {
        batch.update('Action_Attempt__c', attempt.Id, {
          Outcome__c: 'In_Doubt',
          Error__c: truncate255(
            `lease expired, no email logged and the mailbox cannot be asked about ${answer.messageId}; held`
          )
        });
        batch.update('Participant_Action__c', attempt.Participant_Action__c, {
          ...retry,
          Activation__c: 'Manual',
          Reason__c: 'SEND_FAILED',
          Reason_Detail__c: truncate255(
            `The email may have been sent from ${answer.from} (Message-ID ${answer.messageId}); check the sent folder before sending again.`
          )
        });
      } else {
        batch.update('Action_Attempt__c', attempt.Id, {
          Outcome__c: 'In_Doubt',
          Error__c: answer
            ? truncate255(
                `lease expired; ${answer.messageId} is neither logged nor in the mailbox; sending once more`
              )
            : 'lease expired and no email was logged; sending once more'
        });
        batch.update('Participant_Action__c', attempt.Participant_Action__c, {
          ...retry,
          Due_At__c: iso(ctx.now)
        });
      }
    } else if (pa.Type__c === 'Task') {
      const taskId = taskIds.get(attempt.Key__c);
      if (taskId) {
        batch.update('Action_Attempt__c', attempt.Id, {
          Outcome__c: 'Sent',
          Provider_Message_Id__c: taskId,
          Error__c: 'reconciled: Task found after the lease expired'
        });
        batch.update('Participant_Action__c', attempt.Participant_Action__c, {
          ...retry,
          Task_Id__c: taskId
        });
      } else {
        batch.update('Action_Attempt__c', attempt.Id, {
          Outcome__c: 'In_Doubt',
          Error__c: 'lease expired and no Task was found; creating it again'
        });
        batch.update('Participant_Action__c', attempt.Participant_Action__c, retry);
      }
    } else {
      batch.update('Action_Attempt__c', attempt.Id, {
        Outcome__c: 'In_Doubt',
        Error__c: 'lease expired; the SMS may have been sent'
      });
      batch.update('Participant_Action__c', attempt.Participant_Action__c, {
        ...retry,
        Activation__c: 'Manual',
        Reason__c: 'SEND_FAILED',
        Reason_Detail__c: truncate255(
          'The SMS may have been sent (the worker stopped mid-send). Check the conversation before sending again.'
        )
      });
    }
  }
}

/** Tasks whose description carries an attempt key, by key. */
async function tasksByKey(
  ctx: PassContext,
  attempts: ExpiredAttempt[],
  since: Date
): Promise<Map<string, string>> {
  const people = [
    ...new Set(
      attempts
        .map(
          (a) =>
            a.Participant_Action__r!.Participant__r?.Lead__c ??
            a.Participant_Action__r!.Participant__r?.Contact__c
        )
        .filter((id): id is string => !!id)
    )
  ];
  const byKey = new Map<string, string>();
  for (const ids of chunk(people, 300)) {
    const rows = await ctx.api.query<{ Id: string; Description: string | null }>(
      `SELECT Id, Description FROM Task WHERE WhoId IN ${soqlIdList(ids)} AND CreatedDate >= ${soqlDateTime(since)}`
    );
    for (const row of rows) {
      const match = /\[stride:([^\]]+)\]/.exec(row.Description ?? '');
      if (match) byKey.set(match[1], row.Id);
    }
  }
  return byKey;
}
