/**
 * The email channel: automatic and rep-requested emails through the `emailSimple` invocable action,
 * 200 inputs per call, each logged as an EmailMessage related to its participant action
 * (`relatedRecordId`, `logEmailOnSend`), which is what reconciliation looks up.
 *
 * Each email goes out as the action's owner when send-as is configured (`SenderSessions`: the
 * owner's own session, so the EmailMessage and the activity are the rep's), else from the Org-Wide
 * Email Address fallback, else it is held. Reps on the SMTP channel send from their own mailbox
 * (`smtp-email.ts`).
 */
import type { ActionOutcome } from '../../api';
import { chunk, soqlIdList } from '../../api';
import type { Lease } from '../claim';
import type { PassContext } from '../context';
import type { Outcome } from '../outcomes';
import type { Diversion, Prepared, PreparedEmail } from '../prepare';
import type { ParticipantActionRecord } from '../../model';
import type { SalesforceApi } from '../../api';
import type { Sender, SenderSessions } from '../../channels/send-as';
import type { EmailChannel, MailboxProbe, SmtpMailer } from '../../channels/smtp';
import { sendThroughSmtp } from './smtp-email';

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

/** The email channel's collaborators: who sends (send-as sessions) and how (emailSimple or SMTP). */
export interface EmailChannels {
  /** Per-user sessions through the JWT bearer flow; null = every email goes out as the integration user. */
  sessions: SenderSessions | null;
  /** The SMTP channel's mailboxes; null = emailSimple for everyone. */
  mailer: SmtpMailer | null;
  /** Where an SMTP send whose outcome is unknown is looked up by Message-ID; null = held for a person. */
  probe: MailboxProbe | null;
}

/** Who sends a claimed email, and through which channel (set before the claim by `assignSenders`). */
export interface Routing {
  sender?: Sender;
  channel?: EmailChannel;
  username?: string;
}

export type ClaimedEmail = PreparedEmail & { key: string; attemptNumber?: number } & Routing;

/** How long an action whose owner cannot send is held before the companion asks again. */
export const SENDER_HOLD_MS = 60 * 60_000;

/**
 * Decides, before the claim, who each email goes out as and through which channel: the owner's own
 * session, the Org-Wide Email Address fallback, or the integration user (send-as not configured, or
 * no owner). An owner who cannot send and has no fallback is held (`SENDER_HOLD_MS`) with the reason
 * in Reason_Detail__c, never sent as someone else.
 */
export async function assignSenders<P extends Prepared>(
  ctx: PassContext,
  prepared: P[],
  diverted: Array<{ pa: ParticipantActionRecord; diversion: Diversion }>
): Promise<P[]> {
  const email = ctx.channels.email;
  if (!email || (!email.sessions && !email.mailer)) return prepared;
  const ready: P[] = [];
  await Promise.all(
    prepared.map(async (p) => {
      if (p.kind !== 'email') return;
      const routed = p as unknown as PreparedEmail & Routing;
      const owner = p.ownerId ? ctx.catalog.users.get(p.ownerId) : undefined;
      routed.username = owner?.Username ?? undefined;
      routed.channel = email.mailer?.channelOf(owner?.Username) ?? 'salesforce';
      if (!email.sessions || !owner?.Username) {
        routed.sender = { kind: 'integration' };
        return;
      }
      try {
        routed.sender = await email.sessions.senderFor({
          id: owner.Id,
          username: owner.Username,
          name: owner.Name
        });
      } catch (error) {
        routed.sender = { kind: 'refused', transient: true, detail: `send-as: ${(error as Error).message}` };
      }
    })
  );
  for (const p of prepared) {
    const sender = (p as unknown as Routing).sender;
    if (p.kind === 'email' && sender?.kind === 'refused') {
      diverted.push({
        pa: p.pa,
        diversion: sender.transient
          ? { do: 'later' }
          : {
              do: 'hold',
              reason: 'NOT_ACTIONABLE',
              until: new Date(ctx.now.getTime() + SENDER_HOLD_MS),
              detail: sender.detail
            }
      });
      continue;
    }
    ready.push(p);
  }
  return ready;
}

export async function sendEmails(
  ctx: PassContext,
  emails: ClaimedEmail[],
  lease: Lease,
  outcomes: Map<string, Outcome>
): Promise<void> {
  if (emails.length === 0) return;
  const smtp = emails.filter((c) => c.channel === 'smtp');
  // emailSimple: one group per session (each rep's own, else the integration user's).
  const groups = new Map<SalesforceApi, ClaimedEmail[]>();
  for (const c of emails) {
    if (c.channel === 'smtp') continue;
    const api = c.sender?.kind === 'user' ? c.sender.api : ctx.api;
    groups.set(api, [...(groups.get(api) ?? []), c]);
  }
  await Promise.all([
    ...[...groups].map(([api, group]) => sendThroughSalesforce(ctx, api, group, lease, outcomes)),
    smtp.length ? sendThroughSmtp(ctx, smtp, lease, outcomes) : Promise.resolve()
  ]);
}

async function sendThroughSalesforce(
  ctx: PassContext,
  api: SalesforceApi,
  emails: ClaimedEmail[],
  lease: Lease,
  outcomes: Map<string, Outcome>
): Promise<void> {
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
    if (c.sender?.kind === 'org-wide') {
      // The owner cannot be sent as: the configured Org-Wide Email Address sends it.
      input.senderType = 'OrgWideEmailAddress';
      input.senderAddress = c.sender.address;
    }
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
  const results = await api.invokeStandardAction('emailSimple', inputs, {
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
