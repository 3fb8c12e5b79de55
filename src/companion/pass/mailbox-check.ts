/**
 * Before an in-doubt SMTP email is sent again, its mailbox is asked (reconcile.ts): a worker that
 * died between the SMTP server's accept and the Salesforce log leaves no EmailMessage behind, yet the
 * message went out. Each attempt's Message-ID is deterministic (`messageIdFor(attempt key, from)`),
 * so the probe (`MailboxProbe`) finds it. The answer per attempt: found (with what the log needs),
 * absent (safe to send again), or unknown (no probe, or it failed: hold for a person).
 */
import { messageIdFor, type MailboxMessage } from '../channels/smtp';
import type { PassContext } from './context';

export type MailboxAnswer =
  | { state: 'found'; messageId: string; from: string; message: MailboxMessage | null }
  | { state: 'absent' | 'unknown'; messageId: string; from: string };

/** The attempts of SMTP-channel owners, answered by attempt id; others are not in the map. */
export async function checkMailboxes(
  ctx: PassContext,
  attempts: Array<{ Id: string; Key__c: string; ownerId: string | null | undefined }>
): Promise<Map<string, MailboxAnswer>> {
  const mailer = ctx.channels.email?.mailer;
  const answers = new Map<string, MailboxAnswer>();
  if (!mailer) return answers;
  const asked: Array<{ id: string; messageId: string; from: string }> = [];
  for (const attempt of attempts) {
    const username = attempt.ownerId ? ctx.catalog.users.get(attempt.ownerId)?.Username : undefined;
    if (!username || mailer.channelOf(username) !== 'smtp') continue;
    const from = mailer.mailbox(username)?.address;
    if (!from) continue;
    asked.push({ id: attempt.Id, messageId: messageIdFor(attempt.Key__c, from), from });
  }
  if (asked.length === 0) return answers;
  const probe = ctx.channels.email?.probe;
  let found: Map<string, MailboxMessage | null> | null = null;
  if (probe) {
    const ids = asked.map((a) => a.messageId);
    try {
      found = probe.lookup
        ? await probe.lookup(ids)
        : new Map([...(await probe.sent(ids))].map((id) => [id, null]));
    } catch (error) {
      ctx.log.warn({ err: error }, 'smtp: could not ask the mailbox about in-doubt emails');
    }
  }
  for (const { id, messageId, from } of asked) {
    if (!found) answers.set(id, { state: 'unknown', messageId, from });
    else if (found.has(messageId))
      answers.set(id, { state: 'found', messageId, from, message: found.get(messageId) ?? null });
    else answers.set(id, { state: 'absent', messageId, from });
  }
  return answers;
}
