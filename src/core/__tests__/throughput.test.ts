import fc from 'fast-check';
import {
  assignSendSlots,
  planDailyEmailCap,
  planSlowDrip,
  smsQuietHours,
  type QueuedParticipant
} from '../throughput';
import { calendarFromBusinessHours, type BusinessCalendar } from '../timing/businessHours';
import { nineToFiveCalendar } from './fixtures/businessHours';

const at = (text: string): Date => new Date(text);

describe('planSlowDrip', () => {
  const queued: QueuedParticipant[] = [
    { Id: 'p3', Enrolled_At__c: at('2026-11-29T10:00:00Z') },
    { Id: 'p2', Enrolled_At__c: at('2026-11-28T10:00:00Z') },
    { Id: 'p1', Enrolled_At__c: at('2026-11-28T10:00:00Z') },
    { Id: 'p4', Enrolled_At__c: at('2026-12-01T09:00:00Z') }
  ];
  const now = at('2026-12-01T10:00:00Z'); // Tuesday 11:00 in Berlin
  // 00:30 Tuesday in Berlin but still Monday in UTC.
  const admittedAt = [at('2026-12-01T08:00:00Z'), at('2026-11-30T23:30:00Z'), at('2026-11-30T22:30:00Z')];

  it('admits first-enrolled first, up to N per day counted in the sequence’s zone', () => {
    expect(planSlowDrip({ queued, perDay: 3, admittedAt, timeZone: 'Europe/Berlin', now })).toEqual({
      ok: true,
      value: { admit: ['p1'], remain: ['p2', 'p3', 'p4'], nextAdmissionAt: at('2026-12-01T23:00:00Z') }
    });
  });

  it('counts a different day in another zone', () => {
    // In UTC only the 08:00 admission is on Tuesday.
    expect(planSlowDrip({ queued, perDay: 3, admittedAt, timeZone: 'UTC', now })).toEqual({
      ok: true,
      value: { admit: ['p1', 'p2'], remain: ['p3', 'p4'], nextAdmissionAt: at('2026-12-02T00:00:00Z') }
    });
  });

  it('admits everyone without a slow-drip limit', () => {
    expect(planSlowDrip({ queued, perDay: null, admittedAt, timeZone: 'Europe/Berlin', now })).toEqual({
      ok: true,
      value: { admit: ['p1', 'p2', 'p3', 'p4'], remain: [], nextAdmissionAt: null }
    });
  });

  it('admits nobody once today’s quota is used', () => {
    const result = planSlowDrip({ queued, perDay: 2, admittedAt, timeZone: 'Europe/Berlin', now });
    expect(result.ok && result.value.admit).toEqual([]);
  });

  it('says when nothing remains', () => {
    expect(
      planSlowDrip({ queued: queued.slice(0, 1), perDay: 5, admittedAt: [], timeZone: 'Europe/Berlin', now })
    ).toEqual({
      ok: true,
      value: { admit: ['p3'], remain: [], nextAdmissionAt: null }
    });
  });

  it.each([
    [{ timeZone: 'Nowhere' }, 'INVALID_TIME_ZONE', 'Time_Zone__c'],
    [{ perDay: -1 }, 'INVALID_SLOW_DRIP', 'Slow_Drip_Per_Day__c'],
    [{ perDay: 2.5 }, 'INVALID_SLOW_DRIP', 'Slow_Drip_Per_Day__c']
  ])('rejects %j', (override, code, path) => {
    expect(
      planSlowDrip({ queued, perDay: 3, admittedAt, timeZone: 'Europe/Berlin', now, ...override })
    ).toEqual({
      ok: false,
      error: expect.objectContaining({ code, path })
    });
  });
});

describe('planDailyEmailCap', () => {
  const berlin: BusinessCalendar = nineToFiveCalendar('Europe/Berlin', ['Monday', 'Friday']);
  const zones: Record<string, string> = {
    '005A': 'America/New_York',
    '005B': 'Asia/Kolkata',
    '005C': 'Europe/Berlin'
  };
  const caps: Record<string, number | null> = { '005A': 2, '005B': null, '005C': 1 };
  const now = at('2026-12-04T15:00:00Z'); // Friday: 10:00 New York, 20:30 Kolkata, 16:00 Berlin
  const emails = [
    { Id: 'e1', ownerId: '005A' },
    { Id: 'e2', ownerId: '005B' },
    { Id: 'e3', ownerId: '005A' },
    { Id: 'e4', ownerId: '005A' },
    { Id: 'e5', ownerId: '005C' },
    { Id: 'e6', ownerId: '005C' }
  ];

  it('sends up to each owner’s cap and moves the overflow to the next allowed day with DAILY_LIMIT', () => {
    expect(
      planDailyEmailCap({
        emails,
        capFor: (owner) => caps[owner],
        sentToday: { '005A': 1 },
        timeZoneFor: (owner) => zones[owner],
        calendarFor: (owner) => (owner === '005C' ? berlin : null),
        now
      })
    ).toEqual({
      ok: true,
      value: {
        send: ['e1', 'e2', 'e5'],
        postponed: [
          { Id: 'e3', Due_At__c: at('2026-12-05T05:00:00Z'), Reason__c: 'DAILY_LIMIT' }, // Saturday 00:00 EST
          { Id: 'e4', Due_At__c: at('2026-12-05T05:00:00Z'), Reason__c: 'DAILY_LIMIT' },
          { Id: 'e6', Due_At__c: at('2026-12-07T08:00:00Z'), Reason__c: 'DAILY_LIMIT' } // Monday 09:00 CET, Berlin’s next opening
        ]
      }
    });
  });

  it('keeps midnight when the owner’s calendar never opens', () => {
    const closed = calendarFromBusinessHours({ TimeZoneSidKey: 'Europe/Berlin' });
    if (!closed.ok) throw new Error('calendar');
    const result = planDailyEmailCap({
      emails: [{ Id: 'e1', ownerId: '005C' }],
      capFor: () => 0,
      sentToday: {},
      timeZoneFor: () => 'Europe/Berlin',
      calendarFor: () => closed.value,
      now
    });
    expect(result).toEqual({
      ok: true,
      value: {
        send: [],
        postponed: [{ Id: 'e1', Due_At__c: at('2026-12-04T23:00:00Z'), Reason__c: 'DAILY_LIMIT' }]
      }
    });
  });

  it.each([
    [() => -1, () => 'UTC', 'INVALID_DAILY_CAP'],
    [() => 0, () => 'Nowhere', 'INVALID_TIME_ZONE']
  ])('rejects bad settings (%#: %s)', (capFor, timeZoneFor, code) => {
    expect(planDailyEmailCap({ emails, capFor, sentToday: {}, timeZoneFor, now })).toEqual({
      ok: false,
      error: expect.objectContaining({ code })
    });
  });
});

describe('assignSendSlots', () => {
  it('spreads sends over the minute and moves the overflow to the next minute', () => {
    expect(assignSendSlots(['m1', 'm2', 'm3'], { perMinute: 2, now: at('2026-12-01T14:00:10Z') })).toEqual([
      { Id: 'm1', sendAt: at('2026-12-01T14:00:10Z') },
      { Id: 'm2', sendAt: at('2026-12-01T14:00:30Z') },
      { Id: 'm3', sendAt: at('2026-12-01T14:01:00Z') }
    ]);
  });

  it('defaults to 20 per minute and counts sends already made this minute', () => {
    expect(assignSendSlots(['m1', 'm2'], { now: at('2026-12-01T14:00:00Z'), usedThisMinute: 19 })).toEqual([
      { Id: 'm1', sendAt: at('2026-12-01T14:00:57Z') },
      { Id: 'm2', sendAt: at('2026-12-01T14:01:00Z') }
    ]);
  });

  it('gives no slots for no sends', () => {
    expect(assignSendSlots([], { now: at('2026-12-01T14:00:00Z') })).toEqual([]);
  });

  it('never puts more than the limit in one clock minute, never before now, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
        (count, perMinute, used, now) => {
          const ids = Array.from({ length: count }, (_, index) => `m${index}`);
          const slots = assignSendSlots(ids, { perMinute, now: new Date(now), usedThisMinute: used });
          const perClockMinute = new Map<number, number>();
          perClockMinute.set(Math.floor(now / 60_000), Math.min(used, perMinute));
          let previous = now;
          for (const slot of slots) {
            const time = slot.sendAt.getTime();
            expect(time).toBeGreaterThanOrEqual(previous);
            previous = time;
            const minute = Math.floor(time / 60_000);
            perClockMinute.set(minute, (perClockMinute.get(minute) ?? 0) + 1);
          }
          for (const total of perClockMinute.values()) expect(total).toBeLessThanOrEqual(perMinute);
        }
      ),
      { numRuns: 200 }
    );
  });
});

describe('smsQuietHours', () => {
  it.each([
    [
      'Monday 21:30 EST → Tuesday 08:00',
      '2026-12-01T02:30:00Z',
      'America/New_York',
      '2026-12-01T13:00:00.000Z'
    ],
    [
      'Tuesday 07:00 EST → Tuesday 08:00',
      '2026-12-01T12:00:00Z',
      'America/New_York',
      '2026-12-01T13:00:00.000Z'
    ],
    ['Tuesday 08:00 EST is allowed', '2026-12-01T13:00:00Z', 'America/New_York', null],
    ['Tuesday 20:59 EST is allowed', '2026-12-02T01:59:00Z', 'America/New_York', null],
    [
      'Tuesday 21:00 EST → Wednesday 08:00',
      '2026-12-02T02:00:00Z',
      'America/New_York',
      '2026-12-02T13:00:00.000Z'
    ],
    [
      'Saturday 7 March 22:00 EST → Sunday 08:00 EDT (spring forward)',
      '2026-03-08T03:00:00Z',
      'America/New_York',
      '2026-03-08T12:00:00.000Z'
    ],
    [
      'Saturday 24 October 23:00 CEST → Sunday 08:00 CET (fall back)',
      '2026-10-24T21:00:00Z',
      'Europe/Berlin',
      '2026-10-25T07:00:00.000Z'
    ],
    [
      'Saturday 3 October 22:00 AEST → Sunday 08:00 AEDT',
      '2026-10-03T12:00:00Z',
      'Australia/Sydney',
      '2026-10-03T21:00:00.000Z'
    ],
    ['Tuesday 07:59 IST → 08:00 IST', '2026-12-01T02:29:00Z', 'Asia/Kolkata', '2026-12-01T02:30:00.000Z']
  ])('%s', (_scenario, instant, zone, expected) => {
    const result = smsQuietHours({ at: at(instant), recipientTimeZone: zone });
    expect(result).toEqual({
      ok: true,
      value: expected
        ? { allowed: false, nextAllowedAt: at(expected), reason: 'QUIET_HOURS' }
        : { allowed: true }
    });
  });

  it('uses the fallback zone when the recipient has none', () => {
    // 06:00Z is 07:00 in Berlin.
    expect(
      smsQuietHours({
        at: at('2026-12-01T06:00:00Z'),
        recipientTimeZone: '',
        fallbackTimeZone: 'Europe/Berlin'
      })
    ).toEqual({
      ok: true,
      value: { allowed: false, nextAllowedAt: at('2026-12-01T07:00:00Z'), reason: 'QUIET_HOURS' }
    });
  });

  it('takes a configured window, up to midnight', () => {
    expect(
      smsQuietHours({
        at: at('2026-12-01T23:30:00Z'),
        recipientTimeZone: 'UTC',
        window: { start: '10:00', end: '24:00' }
      })
    ).toEqual({ ok: true, value: { allowed: true } });
    expect(
      smsQuietHours({
        at: at('2026-12-01T09:30:00Z'),
        recipientTimeZone: 'UTC',
        window: { start: '10:00', end: '24:00' }
      })
    ).toEqual({
      ok: true,
      value: { allowed: false, nextAllowedAt: at('2026-12-01T10:00:00Z'), reason: 'QUIET_HOURS' }
    });
  });

  it.each([
    [{ recipientTimeZone: null }, 'INVALID_TIME_ZONE'],
    [{ recipientTimeZone: 'Nowhere' }, 'INVALID_TIME_ZONE'],
    [{ recipientTimeZone: 'UTC', window: { start: '21:00', end: '08:00' } }, 'INVALID_SMS_WINDOW'],
    [{ recipientTimeZone: 'UTC', window: { start: '8am', end: '21:00' } }, 'INVALID_SMS_WINDOW'],
    [{ recipientTimeZone: 'UTC', window: { start: '08:75', end: '21:00' } }, 'INVALID_SMS_WINDOW']
  ])('rejects %j with %s', (override, code) => {
    expect(smsQuietHours({ at: at('2026-12-01T12:00:00Z'), ...override })).toEqual({
      ok: false,
      error: expect.objectContaining({ code })
    });
  });
});
