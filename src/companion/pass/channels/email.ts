/**
 * The email channel: automatic and rep-requested emails through the `emailSimple` invocable action,
 * 200 inputs per call, each logged as an EmailMessage related to its participant action
 * (`relatedRecordId`, `logEmailOnSend`), which is what reconciliation looks up.
 */
import type { ActionOutcome } from '../../api';
import { chunk, soqlIdList } from '../../api';
import type { Lease } from '../claim';
import type { PassContext } from '../context';
import type { Outcome } from '../outcomes';
import type { PreparedEmail } from '../prepare';

type ClaimedEmail = PreparedEmail & { key: string };

/** Whether a per-input error is the org's daily single-email limit (it resets at midnight GMT). */
export function isDailyEmailLimit(error: { code: string; message: string }): boolean {
  return (
    error.code === 'SINGLE_EMAIL_LIMIT_EXCEEDED' ||
    (error.code === 'LIMIT_EXCEEDED' && /SINGLE_EMAIL_LIMIT_EXCEEDED|daily limit/i.test(error.message))
  );
}

/** When the org's daily email allowance comes back: the next midnight GMT after `now`. */
export function nextEmailLimitReset(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export async function sendEmails(
  ctx: PassContext,
  emails: ClaimedEmail[],
  lease: Lease,
  outcomes: Map<string, Outcome>
): Promise<void> {
  if (emails.length === 0) return;
  const inputs = emails.map((c) => {
    const input: Record<string, unknown> = {
      emailAddresses: c.email.to,
      emailSubject: c.email.subject,
      emailBody: c.email.body,
      sendRichBody: true,
      senderType: 'CurrentUser',
      recipientId: c.person.id,
      relatedRecordId: c.pa.Id,
      logEmailOnSend: true
    };
    // Readdressed by the rep: recipientId would send it to the person as well.
    if (c.email.readdressed) delete input.recipientId;
    if (c.email.templateId) {
      // Salesforce renders the template's subject and body for the recipient and the action.
      input.emailTemplateId = c.email.templateId;
      delete input.emailSubject;
      delete input.emailBody;
    }
    if (c.email.cc.length) input.ccRecipientAddressList = c.email.cc.join(',');
    if (c.email.bcc.length) input.bccRecipientAddressList = c.email.bcc.join(',');
    return input;
  });
  // Every call is fenced on the lease: a worker whose lease ran out (paused, cut off) sends nothing more.
  let fenced = false;
  const results = await ctx.api.invokeStandardAction('emailSimple', inputs, {
    stopped: () => {
      if (!lease.holds()) fenced = true;
      return ctx.signal.aborted || fenced;
    }
  });
  const unknown: ClaimedEmail[] = [];
  // A plain loop: unanswered inputs are holes in `results`, which forEach would skip.
  for (let i = 0; i < emails.length; i++) {
    const result: ActionOutcome | 'not-sent' | undefined = results[i];
    const c = emails[i];
    if (result === 'not-sent') {
      outcomes.set(c.key, {
        status: 'released',
        why: fenced ? 'lease ran out before the send (fenced)' : 'worker stopping before the send'
      });
      continue;
    }
    if (result === undefined) {
      unknown.push(c);
      continue;
    }
    if (result.ok) outcomes.set(c.key, { status: 'sent' });
    else if (isDailyEmailLimit(result.error))
      outcomes.set(c.key, { status: 'deferred', until: nextEmailLimitReset(ctx.now), error: result.error });
    else if (result.error.kind === 'retryable') outcomes.set(c.key, { status: 'retry', error: result.error });
    else
      outcomes.set(c.key, {
        status: 'failed',
        error: result.error,
        reason: result.error.code === 'INVALID_EMAIL_ADDRESS' ? 'INVALID_EMAIL_ADDRESS' : 'SEND_FAILED'
      });
  }
  if (unknown.length) await reconcileUnansweredEmails(ctx, unknown, outcomes);
}

/**
 * Asks the EmailMessage log which of these participant actions had an email sent (each is logged
 * against its action). No time bound: the org's clock may have moved back since the send.
 */
export async function emailsLogged(ctx: PassContext, paIds: string[]): Promise<Map<string, LoggedEmail>> {
  const found = new Map<string, LoggedEmail>();
  for (const ids of chunk([...new Set(paIds)], 300)) {
    const rows = await ctx.api.query<LoggedEmail>(
      `SELECT Id, RelatedToId, ToAddress, Subject, HtmlBody, TextBody, MessageDate FROM EmailMessage WHERE RelatedToId IN ${soqlIdList(ids)} AND Incoming = false`
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

/** After a send request failed without per-input results: found in the log = sent; absent = retry later. */
async function reconcileUnansweredEmails(
  ctx: PassContext,
  unknown: ClaimedEmail[],
  outcomes: Map<string, Outcome>
): Promise<void> {
  let logged: Map<string, LoggedEmail>;
  try {
    logged = await emailsLogged(
      ctx,
      unknown.map((c) => c.pa.Id)
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
