/** The conversation sync's watermark (pass/conversations.ts). */
import { Watermark } from '../pass/conversations';

describe('sync watermark', () => {
  const now = new Date('2026-12-01T15:00:00Z');
  const at = (iso: string): number => Date.parse(iso);

  it('starts three days back, then restarts an overlap before the previous read and remembers what it handled', () => {
    const mark = new Watermark();
    expect(mark.from(now).toISOString()).toBe('2026-11-28T15:00:00.000Z');
    mark.advance(
      now,
      [
        { id: 'm1', stampMs: at('2026-12-01T14:59:58Z') },
        { id: 'm2', stampMs: at('2026-12-01T14:00:00Z') }
      ],
      false,
      5_000
    );
    expect(mark.from(now).toISOString()).toBe('2026-12-01T14:59:55.000Z');
    // m1 lies inside the overlap and is read again: it is known; m2 is older than the watermark and forgotten.
    expect([mark.isHandled('m1'), mark.isHandled('m2')]).toEqual([true, false]);
    // A full batch moves only to its last row, so the rest is read next.
    mark.advance(
      new Date('2026-12-01T15:10:00Z'),
      [{ id: 'm3', stampMs: at('2026-12-01T15:01:00Z') }],
      true,
      5_000
    );
    expect(mark.from(now).toISOString()).toBe('2026-12-01T15:01:00.000Z');
    // Never backwards.
    mark.advance(new Date('2026-12-01T15:00:00Z'), [], false, 5_000);
    expect(mark.from(now).toISOString()).toBe('2026-12-01T15:01:00.000Z');
  });
});
