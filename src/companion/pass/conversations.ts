/**
 * Conversation status sync (docs/architecture.md §6): opens, replies and bounces of the emails Stride sent.
 *
 * Each pass reads three small slices, each with a watermark on SystemModstamp kept in memory:
 * - opens: sent `EmailMessage` rows that Salesforce email tracking marked opened (`IsOpened`,
 *   `FirstOpenedDate`), tied to the Conversation by the participant action they are related to →
 *   Opened_At__c = FirstOpenedDate, Status__c 'Opened' (a Replied or Bounced status stays).
 * - replies: inbound `EmailMessage` rows (`Incoming = true`). A reply is tied to the sent email's
 *   Conversation__c by `RelatedToId` (the participant action, when the inbox logs it there; or the
 *   Lead/Contact), or by its In-Reply-To / References headers naming the MessageIdentifier of an
 *   email Stride sent (the SMTP channel sets it; the participant action it is related to), or else by the sender's address (`FromAddress` = the Conversation's `To__c`); the
 *   latest email sent to that person at or before the reply wins. → Status__c 'Replied',
 *   Replied_At__c = the reply's MessageDate; the reply itself becomes an Inbound Conversation
 *   (upserted by `email:<EmailMessage id>`, Email_Message_Id__c set).
 * - bounces: outbound email Conversations still Sent/Delivered/Opened whose `Undeliverable__c` a
 *   provider webhook set, or whose person's address is flagged bounced (`IsEmailBounced`; for the
 *   person flag only the latest email to that person). → Status__c 'Bounced', Undeliverable__c.
 * When the sequence has Exit_On_Reply__c / Exit_On_Bounce__c, the participant exits through the
 * core (Automatic, reason REPLIED / BOUNCED).
 *
 * Everything here is idempotent (a Conversation already Replied/Bounced is left alone, an exited
 * participant is not exited again), so the watermark may overlap: it restarts a few seconds before
 * the previous read began, and on a fresh start looks back three days.
 */
import { BOUNCEABLE_CONVERSATION_STATUSES } from '../../core/constants';
import { ADMITTED_PARTICIPANT_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlDateTime, soqlIdList, soqlList, soqlString } from '../api';
import { truncate255 } from '../errors';
import { PARTICIPANT_FIELDS, parseSfDate, type ParticipantRecord } from '../model';
import { isStale, iso, type PassContext } from './context';
import { EXIT_BOUNCED, EXIT_REPLIED, exitAutomatically } from './exits';
import { WriteBatch } from './writes';

/** How far back the first pass after a start looks for replies and bounces (org time). */
const FIRST_LOOKBACK_MS = 3 * 24 * 3600_000;
/** Overlap with the previous read (real time, scaled by the org clock), for rows committed late. */
const OVERLAP_MS = 5_000;

/**
 * A SystemModstamp watermark with the ids already handled inside the overlap, so rows read twice
 * are handled once.
 */
export class Watermark {
  private since: Date | null = null;
  private readonly handled = new Map<string, number>();

  /** Where the next read starts. */
  from(now: Date): Date {
    return this.since ?? new Date(now.getTime() - FIRST_LOOKBACK_MS);
  }

  isHandled(id: string): boolean {
    return this.handled.has(id);
  }

  /**
   * After a read's rows were written: remembers them and moves on. A full batch moves only to its
   * last row's stamp (the rest is read next pass); otherwise to the read's start minus the overlap.
   */
  advance(
    readAt: Date,
    rows: Array<{ id: string; stampMs: number }>,
    fullBatch: boolean,
    overlapMs: number
  ): void {
    for (const row of rows) this.handled.set(row.id, row.stampMs);
    const next =
      fullBatch && rows.length
        ? new Date(Math.max(...rows.map((r) => r.stampMs)))
        : new Date(readAt.getTime() - overlapMs);
    if (!this.since || next > this.since) this.since = next;
    for (const [id, stamp] of this.handled) if (stamp < this.since.getTime()) this.handled.delete(id);
  }
}

/** The watermarks of the sync, kept by the companion across passes. */
export class ConversationSync {
  readonly opens = new Watermark();
  readonly replies = new Watermark();
  readonly bounces = new Watermark();
}

interface InboundEmail {
  Id: string;
  RelatedToId: string | null;
  FromAddress: string | null;
  Subject: string | null;
  MessageDate: string | null;
  CreatedDate: string;
  SystemModstamp: string;
  /** The reply's headers as the inbox logged them (In-Reply-To, References), when it did. */
  Headers?: string | null;
}

interface ConversationRow {
  Id: string;
  OwnerId?: string;
  Participant__c: string | null;
  Participant_Action__c: string | null;
  Lead__c: string | null;
  Contact__c: string | null;
  To__c: string | null;
  Sent_At__c: string | null;
  Status__c: string | null;
  Undeliverable__c?: boolean;
  SystemModstamp?: string;
  Participant__r?: { Status__c: string; Sequence__c: string } | null;
  Lead__r?: { IsEmailBounced?: boolean; SystemModstamp?: string } | null;
  Contact__r?: { IsEmailBounced?: boolean; SystemModstamp?: string } | null;
}

interface OpenedEmail {
  Id: string;
  RelatedToId: string | null;
  FirstOpenedDate: string | null;
  SystemModstamp: string;
}

interface SyncReads {
  readAt: Date;
  opens: OpenedEmail[];
  replies: InboundEmail[];
  bounces: ConversationRow[];
  /** SMS answered (the webhook marked them Replied) whose participant is still open in an exit-on-reply sequence. */
  smsReplies: Array<{ Participant__c: string }>;
}

const CONVERSATION_FIELDS =
  'Id, OwnerId, Participant__c, Participant_Action__c, Lead__c, Contact__c, To__c, Sent_At__c, Status__c, Participant__r.Status__c, Participant__r.Sequence__c';
const OUTBOUND_EMAIL = "Type__c = 'Email' AND Direction__c = 'Outbound'";

function stampMs(...values: Array<string | null | undefined>): number {
  return Math.max(0, ...values.map((v) => parseSfDate(v)?.getTime() ?? 0));
}

/** The two watermarked reads: inbound emails, and outbound email Conversations that bounced. */
export async function readConversationChanges(ctx: PassContext): Promise<SyncReads> {
  const readAt = ctx.now;
  const repliesFrom = soqlDateTime(ctx.conversationSync.replies.from(ctx.now));
  const bouncesFrom = soqlDateTime(ctx.conversationSync.bounces.from(ctx.now));
  const opensFrom = soqlDateTime(ctx.conversationSync.opens.from(ctx.now));
  const limit = ctx.settings.batchSize;
  const exitOnReply = [...ctx.catalog.sequences.values()].filter((q) => q.Exit_On_Reply__c).map((q) => q.Id);
  const [opens, replies, bounces, smsReplies] = await Promise.all([
    ctx.api.query<OpenedEmail>(
      `SELECT Id, RelatedToId, FirstOpenedDate, SystemModstamp FROM EmailMessage WHERE Incoming = false AND IsOpened = true AND SystemModstamp >= ${opensFrom} ORDER BY SystemModstamp LIMIT ${limit}`
    ),
    ctx.api.query<InboundEmail>(
      `SELECT Id, RelatedToId, FromAddress, Subject, MessageDate, CreatedDate, SystemModstamp, Headers FROM EmailMessage WHERE Incoming = true AND SystemModstamp >= ${repliesFrom} ORDER BY SystemModstamp LIMIT ${limit}`
    ),
    ctx.api.query<ConversationRow>(
      `SELECT ${CONVERSATION_FIELDS}, Undeliverable__c, SystemModstamp, Lead__r.IsEmailBounced, Lead__r.SystemModstamp, Contact__r.IsEmailBounced, Contact__r.SystemModstamp FROM Conversation__c ` +
        `WHERE ${OUTBOUND_EMAIL} AND Status__c IN ${soqlList(BOUNCEABLE_CONVERSATION_STATUSES)} AND (Undeliverable__c = true OR Lead__r.IsEmailBounced = true OR Contact__r.IsEmailBounced = true) ` +
        `AND (SystemModstamp >= ${bouncesFrom} OR Lead__r.SystemModstamp >= ${bouncesFrom} OR Contact__r.SystemModstamp >= ${bouncesFrom}) ORDER BY Sent_At__c DESC LIMIT ${limit}`
    ),
    // No watermark needed: once the participant exits, the row no longer matches.
    exitOnReply.length
      ? ctx.api.query<{ Participant__c: string }>(
          `SELECT Participant__c FROM Conversation__c WHERE Type__c = 'SMS' AND Direction__c = 'Outbound' AND Status__c = 'Replied' AND Participant__r.Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)} AND Participant__r.Sequence__c IN ${soqlIdList(exitOnReply)} LIMIT ${limit}`
        )
      : Promise.resolve([])
  ]);
  return { readAt, opens, replies, bounces, smsReplies };
}

/** Applies replies and bounces: Conversation status, then exits where the sequence asks for them. */
export async function syncConversations(
  ctx: PassContext,
  read: Promise<SyncReads> = readConversationChanges(ctx)
): Promise<void> {
  const { readAt, opens, replies, bounces, smsReplies } = await read;
  const sync = ctx.conversationSync;
  const overlapMs = OVERLAP_MS * Math.max(1, ctx.speed);
  const batch = new WriteBatch(ctx.touched);
  const exits = new Map<string, string>();

  const freshOpens = opens.filter((m) => !sync.opens.isHandled(m.Id));
  await recordOpens(ctx, batch, freshOpens);

  const freshReplies = replies.filter((m) => !sync.replies.isHandled(m.Id));
  const matched = await matchReplies(ctx, freshReplies);
  // Each reply is a Conversation of its own (Inbound), keyed by its EmailMessage id: idempotent.
  const inbound = await ctx.api
    .upsertMany(
      'Conversation__c',
      'Provider_Message_Id__c',
      matched.map(({ message, conversation }) => ({
        Provider_Message_Id__c: `email:${message.Id}`,
        Email_Message_Id__c: message.Id,
        Type__c: 'Email',
        Direction__c: 'Inbound',
        Status__c: 'Completed',
        Participant_Action__c: conversation.Participant_Action__c,
        Participant__c: conversation.Participant__c,
        // A reply belongs to whoever owns the email it answers.
        OwnerId: conversation.OwnerId,
        Lead__c: conversation.Lead__c,
        Contact__c: conversation.Contact__c,
        Sent_At__c: iso(parseSfDate(message.MessageDate) ?? parseSfDate(message.CreatedDate) ?? ctx.now),
        From__c: truncate255(message.FromAddress ?? ''),
        Subject__c: message.Subject ? truncate255(message.Subject) : null
      }))
    )
    .catch((error: unknown) => {
      ctx.log.warn({ err: error }, 'could not record inbound replies as conversations');
      return [];
    });
  for (const outcome of inbound)
    if (!outcome.ok)
      ctx.log.warn({ error: outcome.error }, 'could not record an inbound reply as a conversation');
  for (const { message, conversation } of matched) {
    if (conversation.Status__c !== 'Replied') {
      batch.update('Conversation__c', conversation.Id, {
        Status__c: 'Replied',
        Replied_At__c: iso(parseSfDate(message.MessageDate) ?? parseSfDate(message.CreatedDate) ?? ctx.now)
      });
      conversation.Status__c = 'Replied';
      ctx.stats.replies++;
    }
    const sequence = conversation.Participant__r
      ? ctx.catalog.sequences.get(conversation.Participant__r.Sequence__c)
      : undefined;
    if (sequence?.Exit_On_Reply__c && conversation.Participant__c)
      exits.set(conversation.Participant__c, EXIT_REPLIED);
  }

  // SMS replies arrive through the provider's webhook (webhooks/sms-events.ts), which marks the
  // outbound SMS Replied; the exit on reply happens here, like an email reply's.
  for (const { Participant__c: participant } of smsReplies)
    if (participant && !exits.has(participant)) exits.set(participant, EXIT_REPLIED);

  const freshBounces = bounces.filter((c) => !sync.bounces.isHandled(c.Id));
  const personBounced = new Set<string>();
  for (const conversation of freshBounces) {
    if (!conversation.Undeliverable__c) {
      // The person's address bounced: only the latest email to them (rows are newest first) is marked.
      const person = conversation.Lead__c ?? conversation.Contact__c ?? conversation.Id;
      if (personBounced.has(person)) continue;
      personBounced.add(person);
    }
    batch.update('Conversation__c', conversation.Id, { Status__c: 'Bounced', Undeliverable__c: true });
    ctx.stats.bounces++;
    const sequence = conversation.Participant__r
      ? ctx.catalog.sequences.get(conversation.Participant__r.Sequence__c)
      : undefined;
    if (sequence?.Exit_On_Bounce__c && conversation.Participant__c && !exits.has(conversation.Participant__c))
      exits.set(conversation.Participant__c, EXIT_BOUNCED);
  }

  await exitParticipants(ctx, exits);
  const failures = await batch.flush(ctx.api);
  for (const failure of failures)
    ctx.log.warn({ id: failure.record.Id, outcome: failure.outcome }, 'conversation status not written');

  sync.opens.advance(
    readAt,
    freshOpens.map((m) => ({ id: m.Id, stampMs: stampMs(m.SystemModstamp) })),
    opens.length >= ctx.settings.batchSize,
    overlapMs
  );
  sync.replies.advance(
    readAt,
    freshReplies.map((m) => ({ id: m.Id, stampMs: stampMs(m.SystemModstamp) })),
    replies.length >= ctx.settings.batchSize,
    overlapMs
  );
  sync.bounces.advance(
    readAt,
    freshBounces.map((c) => ({
      id: c.Id,
      stampMs: stampMs(c.SystemModstamp, c.Lead__r?.SystemModstamp, c.Contact__r?.SystemModstamp)
    })),
    bounces.length >= ctx.settings.batchSize,
    overlapMs
  );
}

/**
 * Opened_At__c from Salesforce email tracking: a sent email is logged related to its participant
 * action (`relatedRecordId`), so the action ties the EmailMessage to its Conversation.
 */
async function recordOpens(ctx: PassContext, batch: WriteBatch, messages: OpenedEmail[]): Promise<void> {
  const byAction = new Map<string, OpenedEmail>();
  for (const message of messages) if (message.RelatedToId) byAction.set(message.RelatedToId, message);
  for (const part of chunk([...byAction.keys()], 300)) {
    const conversations = await ctx.api.query<{
      Id: string;
      Participant_Action__c: string;
      Status__c: string | null;
      Opened_At__c: string | null;
    }>(
      `SELECT Id, Participant_Action__c, Status__c, Opened_At__c FROM Conversation__c WHERE ${OUTBOUND_EMAIL} AND Opened_At__c = null AND Participant_Action__c IN ${soqlIdList(part)}`
    );
    for (const conversation of conversations) {
      const message = byAction.get(conversation.Participant_Action__c);
      const openedAt = parseSfDate(message?.FirstOpenedDate);
      if (!openedAt) continue;
      // Opened is a step on the way; a reply or a bounce says more and is kept.
      const advances = conversation.Status__c === 'Sent' || conversation.Status__c === 'Delivered';
      batch.update('Conversation__c', conversation.Id, {
        Opened_At__c: iso(openedAt),
        ...(advances ? { Status__c: 'Opened' } : {})
      });
      ctx.stats.opens++;
    }
  }
}

/** Ties each inbound email to the sent email it answers (one query for all of them), if any. */
async function matchReplies(
  ctx: PassContext,
  messages: InboundEmail[]
): Promise<Array<{ message: InboundEmail; conversation: ConversationRow }>> {
  const matches: Array<{ message: InboundEmail; conversation: ConversationRow }> = [];
  for (const part of chunk(messages, 100)) {
    const threads = await threadActions(ctx, part);
    const related = [
      ...new Set([...part.map((m) => m.RelatedToId), ...threads.values()].filter((id): id is string => !!id))
    ];
    const leads = related.filter((id) => id.startsWith('00Q'));
    const contacts = related.filter((id) => id.startsWith('003'));
    const actions = related.filter((id) => !id.startsWith('00Q') && !id.startsWith('003'));
    const addresses = [...new Set(part.map((m) => m.FromAddress?.trim()).filter((a): a is string => !!a))];
    const ties = [
      actions.length ? `Participant_Action__c IN ${soqlIdList(actions)}` : '',
      leads.length ? `Lead__c IN ${soqlIdList(leads)}` : '',
      contacts.length ? `Contact__c IN ${soqlIdList(contacts)}` : '',
      addresses.length ? `To__c IN (${addresses.map(soqlString).join(',')})` : ''
    ].filter(Boolean);
    if (ties.length === 0) continue;
    const candidates = await ctx.api.query<ConversationRow>(
      `SELECT ${CONVERSATION_FIELDS} FROM Conversation__c WHERE ${OUTBOUND_EMAIL} AND (${ties.join(' OR ')}) ORDER BY Sent_At__c DESC`
    );
    for (const message of part) {
      const at =
        (parseSfDate(message.MessageDate) ?? parseSfDate(message.CreatedDate))?.getTime() ?? Infinity;
      const from = message.FromAddress?.trim().toLowerCase();
      const sentBefore = candidates.filter((c) => (parseSfDate(c.Sent_At__c)?.getTime() ?? 0) <= at);
      const answered = threads.get(message.Id);
      const conversation =
        sentBefore.find((c) => !!answered && c.Participant_Action__c === answered) ??
        sentBefore.find((c) => !!message.RelatedToId && c.Participant_Action__c === message.RelatedToId) ??
        sentBefore.find(
          (c) =>
            !!message.RelatedToId &&
            (c.Lead__c === message.RelatedToId || c.Contact__c === message.RelatedToId)
        ) ??
        sentBefore.find((c) => !!from && c.To__c?.trim().toLowerCase() === from);
      if (conversation) matches.push({ message, conversation });
    }
  }
  return matches;
}

/** Message-IDs a reply's In-Reply-To and References headers name (`<id@host>`), nearest first. */
export function referencedMessageIds(headers: string | null | undefined): string[] {
  if (!headers) return [];
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const ids: string[] = [];
  for (const name of ['In-Reply-To', 'References']) {
    const line = new RegExp(`^${name}:(.*)$`, 'im').exec(unfolded);
    const found = line?.[1].match(/<[^<>\s]+>/g) ?? [];
    // References lists the thread oldest first: the nearest ancestor is last.
    ids.push(...(name === 'References' ? found.reverse() : found));
  }
  return [...new Set(ids)];
}

/**
 * For replies whose headers name a message Stride sent: reply id → the participant action that
 * message is related to (one query for the part).
 */
async function threadActions(ctx: PassContext, messages: InboundEmail[]): Promise<Map<string, string>> {
  const wanted = new Map(messages.map((m) => [m.Id, referencedMessageIds(m.Headers)] as const));
  const ids = [...new Set([...wanted.values()].flat())].filter((id) => id.length <= 255);
  const result = new Map<string, string>();
  if (ids.length === 0) return result;
  const sent = await ctx.api.query<{ RelatedToId: string | null; MessageIdentifier: string }>(
    `SELECT RelatedToId, MessageIdentifier FROM EmailMessage WHERE Incoming = false AND MessageIdentifier IN (${ids.map(soqlString).join(',')})`
  );
  const actionOf = new Map(
    sent.filter((r) => r.RelatedToId).map((r) => [r.MessageIdentifier, r.RelatedToId!])
  );
  for (const [replyId, refs] of wanted) {
    const action = refs.map((r) => actionOf.get(r)).find(Boolean);
    if (action) result.set(replyId, action);
  }
  return result;
}

/** Exits the participants still open (and not changed earlier in this pass) with their reason. */
async function exitParticipants(ctx: PassContext, reasons: Map<string, string>): Promise<void> {
  const ids = [...reasons.keys()].filter((id) => !isStale(ctx, id));
  if (ids.length === 0) return;
  const participants: ParticipantRecord[] = [];
  for (const part of chunk(ids, 300)) {
    participants.push(
      ...(await ctx.api.query<ParticipantRecord>(
        `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c FROM Sequence_Participant__c WHERE Id IN ${soqlIdList(part)} AND Status__c IN ${soqlList(ADMITTED_PARTICIPANT_STATUSES)}`
      ))
    );
  }
  await exitAutomatically(
    ctx,
    participants.map((participant) => ({ participant, reason: reasons.get(participant.Id)! }))
  );
}
