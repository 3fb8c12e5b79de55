import { dateLiteralRange, dayStartInstant } from '../soql/date-literals';

// Wednesday 13 May 2026, 15:00 UTC.
const NOW = new Date('2026-05-13T15:00:00Z');

describe('SOQL date literals', () => {
  it.each([
    ['TODAY', undefined, '2026-05-13', '2026-05-14'],
    ['YESTERDAY', undefined, '2026-05-12', '2026-05-13'],
    ['TOMORROW', undefined, '2026-05-14', '2026-05-15'],
    ['THIS_WEEK', undefined, '2026-05-10', '2026-05-17'],
    ['LAST_WEEK', undefined, '2026-05-03', '2026-05-10'],
    ['NEXT_WEEK', undefined, '2026-05-17', '2026-05-24'],
    ['THIS_MONTH', undefined, '2026-05-01', '2026-06-01'],
    ['LAST_MONTH', undefined, '2026-04-01', '2026-05-01'],
    ['THIS_QUARTER', undefined, '2026-04-01', '2026-07-01'],
    ['THIS_YEAR', undefined, '2026-01-01', '2027-01-01'],
    ['LAST_90_DAYS', undefined, '2026-02-12', '2026-05-14'],
    ['LAST_N_DAYS', 7, '2026-05-06', '2026-05-14'],
    ['NEXT_N_DAYS', 2, '2026-05-14', '2026-05-16'],
    ['N_DAYS_AGO', 3, '2026-05-10', '2026-05-11'],
    ['LAST_N_MONTHS', 2, '2026-03-01', '2026-05-01'],
    ['THIS_FISCAL_YEAR', undefined, '2026-01-01', '2027-01-01']
  ])('%s:%s covers [%s, %s)', (name, n, start, end) => {
    expect(dateLiteralRange(name, n, NOW)).toEqual({ start, end });
  });

  it('returns null for names that are not date literals', () => {
    expect(dateLiteralRange('SOMEDAY', undefined, NOW)).toBeNull();
  });
});

describe('date literals in a time zone', () => {
  it('uses the local calendar day of the zone', () => {
    // 03:00 UTC on 13 May is still 12 May in Los Angeles and already 13 May in Tokyo.
    const early = new Date('2026-05-13T03:00:00Z');
    expect(dateLiteralRange('TODAY', undefined, early, 'America/Los_Angeles')).toEqual({
      start: '2026-05-12',
      end: '2026-05-13'
    });
    expect(dateLiteralRange('TODAY', undefined, early, 'Asia/Tokyo')).toEqual({
      start: '2026-05-13',
      end: '2026-05-14'
    });
  });

  it('starts each day at local midnight, across a DST change', () => {
    expect(dayStartInstant('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStartInstant('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(dayStartInstant('2026-03-09', 'UTC')).toBe('2026-03-09T00:00:00.000Z');
  });
});
