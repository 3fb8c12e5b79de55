/**
 * Send limits applied before a claim, by the core's rules: the per-owner daily cap, the per-minute
 * throttle, and the org's remaining daily single-email allowance (`/limits` → `SingleEmail`).
 * The overflow is held (due again later), never dropped. Rep-requested sends are exempt from the
 * owner cap and the throttle, but they use the org's allowance first.
 */
import { assignSendSlots, planDailyEmailCap } from '../../core/throughput';
import { ApiRequestError } from '../api';
import type { ParticipantActionRecord } from '../model';
import type { PassContext } from './context';
import { nextEmailLimitReset } from './channels/email';
import { ORG_EMAIL_LIMIT_DETAIL } from './outcomes';
import type { Diversion, Prepared } from './prepare';

type Diverted = Array<{ pa: ParticipantActionRecord; diversion: Diversion }>;

export async function applySendLimits(
  ctx: PassContext,
  prepared: Prepared[],
  diverted: Diverted
): Promise<Prepared[]> {
  const automaticEmails = prepared.filter((p) => p.kind === 'email' && !p.requested);
  if (automaticEmails.length === 0) return prepared;
  const held = new Set<string>();
  const hold = (p: Prepared, diversion: Diversion): void => {
    diverted.push({ pa: p.pa, diversion });
    held.add(p.pa.Id);
  };

  const timeZoneFor = (ownerId: string): string =>
    ctx.catalog.users.get(ownerId)?.TimeZoneSidKey || ctx.settings.defaultTimeZone;
  // The org's allowance and the owners' counts, read together (one Composite request). The counts
  // are re-read every pass with automatic emails, so workers share one count per owner and day.
  const [allowance] = await Promise.all([
    orgEmailAllowance(ctx),
    ctx.counters.reload(
      ctx.api,
      automaticEmails.map((p) => p.ownerId).filter((id): id is string => !!id),
      ctx.now,
      timeZoneFor
    )
  ]);
  // What is left today, after the reps' own sends in this batch.
  if (allowance !== null) {
    const requestedEmails = prepared.filter((p) => p.kind === 'email' && p.requested).length;
    const room = Math.max(0, allowance - requestedEmails);
    const until = nextEmailLimitReset(ctx.now);
    for (const p of automaticEmails.slice(room))
      hold(p, {
        do: 'hold',
        reason: 'DAILY_LIMIT',
        until,
        detail: `${ORG_EMAIL_LIMIT_DETAIL}; deferred to ${until.toISOString()}`
      });
    if (automaticEmails.length > room) ctx.stats.deferredByLimit += automaticEmails.length - room;
  }

  const capped = automaticEmails.filter((p) => !held.has(p.pa.Id));
  const plan = planDailyEmailCap({
    emails: capped.map((p) => ({ Id: p.pa.Id, ownerId: p.ownerId ?? 'unassigned' })),
    capFor: () => ctx.settings.dailyEmailCapPerOwner,
    sentToday: ctx.counters.sentToday(),
    timeZoneFor,
    now: ctx.now
  });
  const byId = new Map(capped.map((p) => [p.pa.Id, p]));
  if (plan.ok) {
    for (const postponed of plan.value.postponed)
      hold(byId.get(postponed.Id)!, {
        do: 'hold',
        reason: 'DAILY_LIMIT',
        until: postponed.Due_At__c,
        detail: `Daily email limit of ${ctx.settings.dailyEmailCapPerOwner} reached for the owner; moved to the next day`
      });
  }
  if (ctx.settings.emailsPerMinute > 0) {
    const candidates = capped.filter((p) => !held.has(p.pa.Id)).map((p) => p.pa.Id);
    const slots = assignSendSlots(candidates, {
      perMinute: ctx.settings.emailsPerMinute,
      now: ctx.now,
      usedThisMinute: ctx.counters.usedThisMinute(ctx.now)
    });
    const minute = (t: number): number => t - (t % 60_000);
    for (const slot of slots) {
      // Only this minute's share goes now; the rest waits for its slot (next passes).
      if (minute(slot.sendAt.getTime()) > minute(ctx.now.getTime()))
        hold(byId.get(slot.Id)!, { do: 'later' });
    }
  }
  return prepared.filter((p) => !held.has(p.pa.Id));
}

/** Emails the org may still send today, or null when `/limits` cannot say (then sends find out). */
async function orgEmailAllowance(ctx: PassContext): Promise<number | null> {
  try {
    const limits = await ctx.api.limits();
    const single = limits.SingleEmail;
    return single && typeof single.Remaining === 'number' ? single.Remaining : null;
  } catch (error) {
    if (!(error instanceof ApiRequestError)) throw error;
    ctx.log.debug({ err: error }, 'could not read /limits; sends will meet the limit if any');
    return null;
  }
}
