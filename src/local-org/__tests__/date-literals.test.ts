import { dateLiteralRange } from '../soql/date-literals';

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
