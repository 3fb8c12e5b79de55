import { Clock } from '../clock';

describe('Clock', () => {
  it('stands still at speed 0 and moves only when advanced or set', () => {
    const clock = new Clock('2026-01-01T00:00:00Z', 0);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:30.000Z');
    clock.set('2026-02-01T08:00:00Z');
    expect(clock.nowMs()).toBe(Date.parse('2026-02-01T08:00:00Z'));
    expect(clock.speed()).toBe(0);
  });

  it('runs faster than real time', async () => {
    const clock = new Clock('2026-01-01T00:00:00Z', 1000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(clock.nowMs() - Date.parse('2026-01-01T00:00:00Z')).toBeGreaterThanOrEqual(25_000);
  });

  it('rejects instants and speeds that make no sense', () => {
    const clock = new Clock();
    expect(() => clock.set('not a date')).toThrow('Clock.set: not a valid instant: not a date');
    expect(() => clock.setSpeed(-1)).toThrow('Clock.setSpeed: speed must be >= 0, got -1');
    expect(() => clock.advance(Number.NaN)).toThrow('Clock.advance: not a number of milliseconds: NaN');
  });
});
