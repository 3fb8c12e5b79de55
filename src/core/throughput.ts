/**
 * Throughput rules (docs/architecture.md §4): slow-drip admission, the per-owner daily email cap, the per-minute
 * send throttle and SMS quiet hours. Each is a pure decision over counts the caller has read; the
 * companion applies the result. Instants are `Date` values.
 */
import { fail, ok, type Result } from './result';
import type { BusinessCalendar } from './timing/businessHours';
import { nextBusinessInstant } from './timing/dueAt';
import { fromLocal, isValidTimeZone, localDayBounds, toLocal } from './timing/zone';

/** A queued participant waiting for admission. */
export interface QueuedParticipant {
  Id: string;
  Enrolled_At__c: Date;
}

/** Input of {@link planSlowDrip}. */
export interface SlowDripInput {
  queued: readonly QueuedParticipant[];
  /** `Slow_Drip_Per_Day__c`; null or undefined = unlimited. */
  perDay?: number | null;
  /** `Admitted_At__c` of the sequence's participants admitted recently (at least since the start of today). */
  admittedAt: readonly Date[];
  /** The sequence's `Time_Zone__c` (or the org default): days are counted there. */
  timeZone: string;
  now: Date;
}

/** Who is admitted now, who stays Queued, and when the next day's quota opens. */
export interface SlowDripPlan {
  admit: string[];
  remain: string[];
  /** Start of the next local day when some remain, else null. */
  nextAdmissionAt: Date | null;
}

/**
 * Slow drip: admits at most `perDay` participants per local day in the sequence's zone, first enrolled
 * first admitted (ties by id); the rest stay Queued until the next day.
 *
 * @example
 * // 3 per day in Europe/Berlin; 2 already admitted today (Tuesday); 4 queued.
 * planSlowDrip({ queued, perDay: 3, admittedAt: [t1, t2], timeZone: 'Europe/Berlin', now: new Date('2026-12-01T10:00:00Z') })
 * //=> { ok: true, value: { admit: ['p1'], remain: ['p2', 'p3', 'p4'], nextAdmissionAt: 2026-12-01T23:00:00.000Z } }
 */
export function planSlowDrip(input: SlowDripInput): Result<SlowDripPlan> {
  if (!isValidTimeZone(input.timeZone))
    return fail(
      'INVALID_TIME_ZONE',
      `Time_Zone__c: unknown time zone ${JSON.stringify(input.timeZone)}`,
      'Time_Zone__c'
    );
  const perDay = input.perDay;
  if (perDay != null && (!Number.isInteger(perDay) || perDay < 0))
    return fail(
      'INVALID_SLOW_DRIP',
      `Slow_Drip_Per_Day__c: expected a whole number ≥ 0, got ${perDay}`,
      'Slow_Drip_Per_Day__c'
    );
  const ordered = [...input.queued].sort(
    (a, b) =>
      a.Enrolled_At__c.getTime() - b.Enrolled_At__c.getTime() || Number(a.Id > b.Id) - Number(a.Id < b.Id)
  );
  const ids = ordered.map((participant) => participant.Id);
  if (perDay == null) return ok({ admit: ids, remain: [], nextAdmissionAt: null });
  const today = localDayBounds(input.timeZone, input.now);
  const admittedToday = input.admittedAt.filter(
    (at) => at.getTime() >= today.start.getTime() && at.getTime() < today.end.getTime()
  ).length;
  const room = Math.max(0, perDay - admittedToday);
  const remain = ids.slice(room);
  return ok({ admit: ids.slice(0, room), remain, nextAdmissionAt: remain.length > 0 ? today.end : null });
}

/** An automatic email ready to send. */
export interface PendingEmail {
  Id: string;
  /** The participant action's `Assigned_To__c`. */
  ownerId: string;
}

/** Input of {@link planDailyEmailCap}. */
export interface DailyEmailCapInput {
  /** In send order (priority, then due time). */
  emails: readonly PendingEmail[];
  /** The per-owner daily cap; null = no cap for that owner. */
  capFor: (ownerId: string) => number | null;
  /** Emails each owner already sent since the start of the owner's local day. */
  sentToday: Readonly<Record<string, number>>;
  /** The owner's IANA zone (days are the owner's days). */
  timeZoneFor: (ownerId: string) => string;
  /** The owner's business calendar: overflow moves to its next opening after midnight. */
  calendarFor?: (ownerId: string) => BusinessCalendar | null;
  now: Date;
}

/** The overflow: new due time and reason to write on the participant action. */
export interface PostponedEmail {
  Id: string;
  Due_At__c: Date;
  Reason__c: 'DAILY_LIMIT';
}

/**
 * Per-owner daily email cap: each owner sends at most `cap` emails per local day; the overflow moves to
 * the next allowed day (the start of the owner's next day, or the first business instant after it when
 * a calendar is given) with reason `DAILY_LIMIT`.
 *
 * @example
 * // Owner cap 2, 1 sent today (Monday, America/New_York), 3 ready:
 * planDailyEmailCap({ emails: [e1, e2, e3], capFor: () => 2, sentToday: { '005A': 1 }, timeZoneFor: () => 'America/New_York', now })
 * //=> { ok: true, value: { send: ['e1'], postponed: [{ Id: 'e2', Due_At__c: 2026-12-01T05:00:00.000Z, Reason__c: 'DAILY_LIMIT' },
 * //                                            { Id: 'e3', Due_At__c: 2026-12-01T05:00:00.000Z, Reason__c: 'DAILY_LIMIT' }] } }
 */
export function planDailyEmailCap(
  input: DailyEmailCapInput
): Result<{ send: string[]; postponed: PostponedEmail[] }> {
  const send: string[] = [];
  const postponed: PostponedEmail[] = [];
  const used = new Map<string, number>();
  const nextDay = new Map<string, Date>();
  for (const email of input.emails) {
    const cap = input.capFor(email.ownerId);
    if (cap != null && (!Number.isInteger(cap) || cap < 0))
      return fail(
        'INVALID_DAILY_CAP',
        `Daily email cap of ${email.ownerId}: expected a whole number ≥ 0, got ${cap}`,
        'dailyCap'
      );
    const count = used.get(email.ownerId) ?? input.sentToday[email.ownerId] ?? 0;
    if (cap == null || count < cap) {
      send.push(email.Id);
      used.set(email.ownerId, count + 1);
      continue;
    }
    let due = nextDay.get(email.ownerId);
    if (!due) {
      const zone = input.timeZoneFor(email.ownerId);
      if (!isValidTimeZone(zone))
        return fail(
          'INVALID_TIME_ZONE',
          `Time zone of ${email.ownerId}: unknown time zone ${JSON.stringify(zone)}`,
          'TimeZoneSidKey'
        );
      due = localDayBounds(zone, input.now).end;
      const calendar = input.calendarFor?.(email.ownerId);
      if (calendar) due = nextBusinessInstant(calendar, due) ?? due;
      nextDay.set(email.ownerId, due);
    }
    postponed.push({ Id: email.Id, Due_At__c: due, Reason__c: 'DAILY_LIMIT' });
  }
  return ok({ send, postponed });
}

/** A send slot. */
export interface SendSlot {
  Id: string;
  sendAt: Date;
}

/**
 * Per-minute throttle: gives each send a slot so that at most `perMinute` fall in any clock minute,
 * spread evenly inside the minute, never before `now`. `usedThisMinute` counts sends already made in
 * the current minute.
 *
 * @example
 * assignSendSlots(['m1', 'm2', 'm3'], { perMinute: 2, now: new Date('2026-12-01T14:00:10Z') })
 * //=> [{ Id: 'm1', sendAt: 2026-12-01T14:00:10.000Z }, { Id: 'm2', sendAt: 2026-12-01T14:00:30.000Z },
 * //    { Id: 'm3', sendAt: 2026-12-01T14:01:00.000Z }]
 */
export function assignSendSlots(
  ids: readonly string[],
  options: { perMinute?: number; now: Date; usedThisMinute?: number }
): SendSlot[] {
  const perMinute = Math.max(1, Math.floor(options.perMinute ?? 20));
  const spacing = Math.floor(60_000 / perMinute);
  const now = options.now.getTime();
  const minuteStart = now - (now % 60_000);
  const used = Math.max(0, options.usedThisMinute ?? 0);
  return ids.map((Id, index) => {
    const position = used + index;
    const slot = minuteStart + Math.floor(position / perMinute) * 60_000 + (position % perMinute) * spacing;
    return { Id, sendAt: new Date(Math.max(now, slot)) };
  });
}

/** The hours in which SMS may be sent, local to the recipient (`HH:mm`). */
export interface SmsWindow {
  start: string;
  end: string;
}

/** Default SMS window: 08:00–21:00 in the recipient's zone. */
export const DEFAULT_SMS_WINDOW: SmsWindow = { start: '08:00', end: '21:00' };

function minutesOf(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 1440 ? minutes : null;
}

/** Whether an SMS may go now, or when it may. */
export type SmsDecision = { allowed: true } | { allowed: false; nextAllowedAt: Date; reason: 'QUIET_HOURS' };

/**
 * SMS quiet hours: an SMS may be sent only inside the window (default 08:00–21:00) in the recipient's
 * zone (or `fallbackTimeZone` when the recipient's is blank); otherwise it says when the window opens.
 *
 * @example
 * smsQuietHours({ at: new Date('2026-12-01T02:30:00Z'), recipientTimeZone: 'America/New_York' })
 * //=> { ok: true, value: { allowed: false, nextAllowedAt: 2026-12-01T13:00:00.000Z, reason: 'QUIET_HOURS' } } (Monday 21:30 EST → Tuesday 08:00)
 */
export function smsQuietHours(input: {
  at: Date;
  recipientTimeZone?: string | null;
  fallbackTimeZone?: string | null;
  window?: SmsWindow;
}): Result<SmsDecision> {
  const zone = input.recipientTimeZone || input.fallbackTimeZone;
  if (!isValidTimeZone(zone))
    return fail(
      'INVALID_TIME_ZONE',
      `recipientTimeZone: unknown or missing time zone ${JSON.stringify(zone ?? null)}`,
      'recipientTimeZone'
    );
  const window = input.window ?? DEFAULT_SMS_WINDOW;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === null || end === null || end <= start)
    return fail(
      'INVALID_SMS_WINDOW',
      `SMS window: expected HH:mm start before HH:mm end, got ${window.start}–${window.end}`,
      'window'
    );
  const local = toLocal(zone, input.at.getTime());
  const opens = fromLocal(zone, local.dayNumber, start);
  const closes =
    end === 1440 ? fromLocal(zone, local.dayNumber + 1, 0) : fromLocal(zone, local.dayNumber, end);
  const at = input.at.getTime();
  if (at >= opens && at < closes) return ok({ allowed: true });
  const nextAllowedAt = at < opens ? opens : fromLocal(zone, local.dayNumber + 1, start);
  return ok({ allowed: false, nextAllowedAt: new Date(nextAllowedAt), reason: 'QUIET_HOURS' });
}
