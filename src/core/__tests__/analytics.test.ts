import { sequenceAnalytics, stepAnalytics, type ActionFact } from '../analytics';

describe('stepAnalytics', () => {
  it('counts each step, in step order, with the reply rate over completed actions', () => {
    const facts: ActionFact[] = [
      { stepNumber: 2, status: 'Due' },
      { stepNumber: 1, status: 'Completed', replied: true, opened: true },
      { stepNumber: 1, status: 'Completed', opened: true, clicked: true },
      { stepNumber: 1, status: 'Completed', bounced: true },
      { stepNumber: 1, status: 'Completed' },
      { stepNumber: 1, status: 'Skipped', reason: 'EMAIL_OPT_OUT' },
      { stepNumber: 1, status: 'Skipped', reason: 'SKIP_CRITERIA' },
      { stepNumber: 1, status: 'Skipped' },
      { stepNumber: 1, status: 'Deferred' },
      { stepNumber: 1, status: 'Failed', reason: 'SEND_FAILED' },
      { stepNumber: 1, status: 'Waiting_Criteria', reason: 'WAIT_CRITERIA' },
      { stepNumber: 2, status: 'Upcoming' },
      { stepNumber: 2, status: 'Canceled', reason: 'PARTICIPANT_EXITED' },
      { stepNumber: 2, status: 'Completed', meetingBooked: true }
    ];
    const [first, second] = stepAnalytics(facts);
    expect(first).toEqual({
      stepNumber: 1,
      reached: 10,
      canceled: 0,
      due: 1,
      completed: 4,
      skipped: 3,
      skippedByReason: { EMAIL_OPT_OUT: 1, SKIP_CRITERIA: 1, REP_SKIPPED: 1 },
      deferred: 1,
      failed: 1,
      replied: 1,
      bounced: 1,
      optedOut: 1,
      opened: 2,
      clicked: 1,
      meetings: 0,
      replyRate: 0.25,
      variants: {}
    });
    expect(second).toMatchObject({
      stepNumber: 2,
      reached: 2,
      canceled: 1,
      due: 1,
      completed: 1,
      meetings: 1,
      replyRate: 0
    });
  });

  it('splits an A/B step by variant', () => {
    const [step] = stepAnalytics([
      { stepNumber: 1, status: 'Completed', variant: 'B', replied: true },
      { stepNumber: 1, status: 'Completed', variant: 'A' },
      { stepNumber: 1, status: 'Completed', variant: 'A', replied: true },
      { stepNumber: 1, status: 'Completed', variant: 'A' },
      { stepNumber: 1, status: 'Due', variant: 'B' }
    ]);
    expect(Object.keys(step.variants)).toEqual(['A', 'B']);
    expect(step.variants.A).toMatchObject({ reached: 3, completed: 3, replied: 1 });
    expect(step.variants.A.replyRate).toBeCloseTo(1 / 3, 10);
    expect(step.variants.B).toMatchObject({ reached: 2, completed: 1, due: 1, replied: 1, replyRate: 1 });
    expect(step.replyRate).toBe(0.5);
  });

  it('counts aggregate rows by their count, and signal-only facts without touching the statuses', () => {
    const [step] = stepAnalytics([
      { stepNumber: 1, status: 'Completed', count: 40 },
      { stepNumber: 1, status: 'Skipped', reason: 'SKIP_CRITERIA', count: 3 },
      { stepNumber: 1, replied: true, count: 10 },
      { stepNumber: 1, bounced: true, count: 2 }
    ]);
    expect(step).toMatchObject({
      reached: 43,
      completed: 40,
      skipped: 3,
      skippedByReason: { SKIP_CRITERIA: 3 },
      replied: 10,
      bounced: 2,
      replyRate: 0.25
    });
    expect(
      sequenceAnalytics([
        { status: 'Active', count: 5 },
        { status: 'Exited', exitReason: 'REPLIED', count: 2, converted: true }
      ])
    ).toMatchObject({
      enrolled: 7,
      active: 5,
      exitedByReason: { REPLIED: 2 },
      converted: 2
    });
  });

  it('returns nothing for no rows', () => {
    expect(stepAnalytics([])).toEqual([]);
  });
});

describe('sequenceAnalytics', () => {
  it('counts participants by status and exit reason, and conversions', () => {
    expect(
      sequenceAnalytics([
        { status: 'Queued' },
        { status: 'Active' },
        { status: 'Paused' },
        { status: 'Completed', converted: true },
        { status: 'Exited', exitReason: 'REPLIED', converted: true },
        { status: 'Exited', exitReason: 'REPLIED' },
        { status: 'Exited' }
      ])
    ).toEqual({
      enrolled: 7,
      queued: 1,
      active: 1,
      paused: 1,
      completed: 1,
      exited: 3,
      exitedByReason: { REPLIED: 2, MANUAL: 1 },
      converted: 2,
      conversionRate: 2 / 7
    });
  });

  it('gives a zero conversion rate for an empty sequence', () => {
    expect(sequenceAnalytics([]).conversionRate).toBe(0);
  });
});
