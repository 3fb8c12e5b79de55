/** The SOQL helpers of api.ts: quoting, id lists, picklist lists, datetimes, chunks. */
import { chunk, soqlDateTime, soqlIdList, soqlList, soqlString } from '../api';

describe('SOQL helpers', () => {
  it('quotes strings, validates ids and rounds datetimes', () => {
    expect(soqlString("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
    expect(soqlIdList(['00Q000000000001AAA', '003000000000001'])).toBe(
      "('00Q000000000001AAA','003000000000001')"
    );
    expect(() => soqlIdList(["x' OR Name != '"])).toThrow('Not a Salesforce id');
    expect(soqlDateTime(new Date('2026-12-01T15:00:00.047Z'))).toBe('2026-12-01T15:00:00Z');
    expect(soqlDateTime(new Date('2026-12-01T15:00:00.047Z'), 'up')).toBe('2026-12-01T15:00:01Z');
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('soqlList', () => {
  it('quotes each value of a core set', () => {
    expect(soqlList(['Active', 'Paused'])).toBe("('Active','Paused')");
    expect(soqlList(["O'Brien"])).toBe("('O\\'Brien')");
  });

  it('refuses an empty list, which SOQL cannot parse', () => {
    expect(() => soqlList([])).toThrow('soqlList: an empty value list cannot go in a SOQL IN (...)');
  });
});
