/**
 * The SMTP channel of the email stage: each claimed email goes out from its owner's mailbox with a
 * Message-ID derived from the attempt key (`messageIdFor`), then is logged in Salesforce — an
 * EmailMessage (Status 3 = sent, MessageIdentifier, RelatedToId = the participant action) with its
 * completed email Task on the Lead/Contact — through the rep's session when send-as is configured.
 *
 * Exactly once: a send the server refused is retried or failed; a send whose outcome is unknown (the
 * connection dropped after the message went out) is looked up by its Message-ID (`MailboxProbe`):
 * found = sent (and logged now), absent = retried. Without a probe it is held In_Doubt for a person,
 * never sent blindly again.
 */
import type { SfRecord } from '../../api';
import { truncate255 } from '../../errors';
import { messageIdFor, type SmtpResult } from '../../channels/smtp';
import type { Lease } from '../claim';
import { iso, type PassContext } from '../context';
import type { Outcome } from '../outcomes';
import type { ClaimedEmail } from './email';

export async function sendThroughSmtp(
  ctx: PassContext,
  emails: ClaimedEmail[],
  lease: Lease,
  outcomes: Map<string, Outcome>
): Promise<void> {
  const mailer = ctx.channels.email?.mailer;
  if (!mailer) return;
  const sent: Array<{ c: ClaimedEmail; messageId: string; from: string }> = [];
  const unknown: Array<{ c: ClaimedEmail; messageId: string; from: string; result: SmtpResult }> = [];
  for (const c of emails) {
    // Fenced on the lease before every message: a worker whose lease ran out sends nothing more.
    if (ctx.signal.aborted || !lease.holds()) {
      outcomes.set(c.key, {
        status: 'released',
        why: ctx.signal.aborted ? 'worker stopping before the send' : 'lease ran out before the send (fenced)'
      });
      continue;
    }
    const username = c.username!;
    const from = mailer.mailbox(username)!.address!;
    const messageId = messageIdFor(c.key, from);
    const owner = c.ownerId ? ctx.catalog.users.get(c.ownerId) : undefined;
    const result = await mailer.send(username, {
      fromName: owner?.Name ?? null,
      to: c.email.to,
      cc: c.email.cc,
      bcc: c.email.bcc,
      subject: c.email.subject,
      html: c.email.body,
      messageId
    });
    if (result.status === 'accepted') sent.push({ c, messageId, from });
    else if (result.status === 'unknown') unknown.push({ c, messageId, from, result });
    else if (result.permanent)
      outcomes.set(c.key, {
        status: 'failed',
        error: { kind: 'permanent', code: result.code, message: result.message },
        reason: result.badRecipient ? 'INVALID_EMAIL_ADDRESS' : 'SEND_FAILED'
      });
    else
      outcomes.set(c.key, {
        status: 'retry',
        error: { kind: 'retryable', code: result.code, message: result.message }
      });
  }
  if (unknown.length) {
    const probe = ctx.channels.email?.probe;
    let found: Set<string> | null = null;
    if (probe) {
      try {
        found = await probe.sent(unknown.map((u) => u.messageId));
      } catch (error) {
        ctx.log.warn({ err: error }, 'smtp: could not look up sends whose outcome is unknown');
      }
    }
    for (const u of unknown) {
      if (found?.has(u.messageId)) {
        sent.push(u);
        ctx.stats.reconciled++;
      } else if (found)
        outcomes.set(u.c.key, {
          status: 'retry',
          error: {
            kind: 'retryable',
            code: u.result.status === 'unknown' ? u.result.code : 'SMTP_UNKNOWN',
            message: `the SMTP server did not confirm ${u.messageId} and does not have it`
          }
        });
      else
        outcomes.set(u.c.key, {
          status: 'in-doubt',
          detail: `The email may have been sent from ${u.from} (Message-ID ${u.messageId}); check the sent folder before sending again.`,
          error: {
            kind: 'retryable',
            code: u.result.status === 'unknown' ? u.result.code : 'SMTP_UNKNOWN',
            message: u.result.status === 'unknown' ? u.result.message : 'no answer'
          }
        });
    }
  }
  if (sent.length) await logSent(ctx, sent, outcomes);
}

/**
 * Logs sent messages in Salesforce as the rep (their session when send-as is configured): the email
 * Task on the person, then the EmailMessage related to the action and linked to the Task. The mail
 * has gone whatever happens here: the outcome is Sent; a failed log is a warning.
 */
async function logSent(
  ctx: PassContext,
  sent: Array<{ c: ClaimedEmail; messageId: string; from: string }>,
  outcomes: Map<string, Outcome>
): Promise<void> {
  for (const { c } of sent) outcomes.set(c.key, { status: 'sent' });
  const byApi = new Map<typeof ctx.api, typeof sent>();
  for (const s of sent) {
    const api = s.c.sender?.kind === 'user' ? s.c.sender.api : ctx.api;
    byApi.set(api, [...(byApi.get(api) ?? []), s]);
  }
  const now = iso(ctx.now);
  const failed: typeof sent = [];
  await Promise.all([...byApi].map(([api, group]) => logAs(ctx, api, group, now, failed)));
  // The rep could not log it (e.g. no access to the action record): the integration user logs it.
  const retried = failed.filter((f) => f.c.sender?.kind === 'user');
  const lost = failed.filter((f) => f.c.sender?.kind !== 'user');
  if (retried.length) await logAs(ctx, ctx.api, retried, now, lost);
  for (const { c } of lost)
    ctx.log.warn({ pa: c.pa.Id }, 'smtp: the email was sent but could not be logged as an EmailMessage');
}

/** Creates the email Tasks and EmailMessages of `group` through `api`; what fails goes to `failed`. */
async function logAs(
  ctx: PassContext,
  api: typeof ctx.api,
  group: Array<{ c: ClaimedEmail; messageId: string; from: string }>,
  now: string,
  failed: Array<{ c: ClaimedEmail; messageId: string; from: string }>
): Promise<void> {
  try {
    const tasks = await api.saveMany(
      group.map(({ c }) => ({
        op: 'create' as const,
        type: 'Task',
        record: {
          Subject: truncate255(`Email: ${c.email.subject}`),
          Status: 'Completed',
          TaskSubtype: 'Email',
          ActivityDate: now.slice(0, 10),
          Description: c.email.body.slice(0, 32000),
          WhoId: c.person.id
        } as SfRecord
      }))
    );
    const owner = (c: ClaimedEmail) => (c.ownerId ? ctx.catalog.users.get(c.ownerId) : undefined);
    const logged = await api.saveMany(
      group.map(({ c, messageId, from }, i) => {
        const task = tasks[i];
        return {
          op: 'create' as const,
          type: 'EmailMessage',
          record: {
            Subject: c.email.subject,
            HtmlBody: c.email.body,
            ToAddress: c.email.to,
            CcAddress: c.email.cc.join('; ') || null,
            BccAddress: c.email.bcc.join('; ') || null,
            FromAddress: from,
            FromName: owner(c)?.Name ?? null,
            Status: '3',
            MessageDate: now,
            Incoming: false,
            RelatedToId: c.pa.Id,
            MessageIdentifier: messageId,
            ...(task?.ok ? { ActivityId: task.id } : {})
          } as SfRecord
        };
      })
    );
    logged.forEach((r, i) => {
      if (!r.ok) {
        ctx.log.warn({ pa: group[i].c.pa.Id, error: r.error }, 'smtp: could not log a sent email');
        failed.push(group[i]);
      }
    });
  } catch (error) {
    ctx.log.warn({ err: error, count: group.length }, 'smtp: could not log sent emails');
    failed.push(...group);
  }
}
