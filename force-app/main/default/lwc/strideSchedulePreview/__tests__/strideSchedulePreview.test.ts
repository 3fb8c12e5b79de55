import { createElement } from '@lwc/engine-dom';
import StrideSchedulePreview from 'c/strideSchedulePreview';
import { getRecord } from 'lightning/uiRecordApi';
import {
  flushPromises,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';

// Friday 27 November 2026, 20:00 UTC = 15:00 in New York.
const NOW = Date.parse('2026-11-27T20:00:00.000Z');
const OWNER = {
  apiName: 'User',
  id: '005000000000001AAA',
  fields: { TimeZoneSidKey: { value: 'America/New_York' }, StartDay: { value: '9' }, EndDay: { value: '17' } }
};

function createPreview(steps: unknown[], stepIndex: number) {
  const element = createElement('c-stride-schedule-preview', { is: StrideSchedulePreview });
  Object.assign(element, { steps, stepIndex });
  document.body.appendChild(element);
  return element;
}

function due(element: Element) {
  return shadowQuery(element, '[data-id="due"]') as HTMLElement & { value: string; timeZone: string };
}

describe('c-stride-schedule-preview', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
  });

  it("moves a business-hours action to the next weekday morning in the owner's zone", async () => {
    const element = createPreview(
      [{ name: 'Intro call', delayAmount: 2, delayUnit: 'Hours', timing: 'Business Hours (Weekday)' }],
      0
    );
    testAdapter(getRecord).emit(OWNER);
    await flushPromises();

    // Friday 15:00 + 2 h = 17:00, closed → Monday 09:00 New York.
    expect([due(element).value, due(element).timeZone]).toEqual([
      '2026-11-30T14:00:00.000Z',
      'America/New_York'
    ]);
    expect(shadowQueryAll(element, '[data-id="summary"] span').map((span) => span.textContent)).toEqual([
      'Enrolled now, this action is due',
      "in the owner's time zone (America/New_York)"
    ]);
  });

  it('chains the earlier steps, each completed when due', async () => {
    const element = createPreview(
      [
        { name: 'Intro call', delayAmount: 0, delayUnit: 'Minutes', timing: 'Immediate (Any Day)' },
        { name: 'Follow-up email', delayAmount: 1, delayUnit: 'Days', timing: 'Business Hours (Weekday)' }
      ],
      1
    );
    testAdapter(getRecord).emit(OWNER);
    await flushPromises();

    // Friday 15:00 + 1 day = Saturday 15:00 → Monday 09:00.
    expect(due(element).value).toBe('2026-11-30T14:00:00.000Z');
    expect(shadowQueryAll(element, '[data-id="earlier"]').map((li) => li.textContent!.trim())).toEqual([
      'Step 1: Intro call'
    ]);
  });

  it('explains when no business hours apply', async () => {
    const element = createPreview(
      [{ name: 'Intro call', delayAmount: 0, delayUnit: 'Minutes', timing: 'Business Hours (Any Day)' }],
      0
    );
    testAdapter(getRecord).emit({
      ...OWNER,
      fields: {
        TimeZoneSidKey: { value: 'America/New_York' },
        StartDay: { value: null },
        EndDay: { value: null }
      }
    });
    await flushPromises();

    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'No preview: No business hours apply: the sequence has no BusinessHours, the owner has no Start/End of Day, and no org default was given'
    );
  });

  it('is accessible with a preview', async () => {
    const element = createPreview(
      [{ name: 'Intro call', delayAmount: 2, delayUnit: 'Hours', timing: 'Business Hours (Weekday)' }],
      0
    );
    testAdapter(getRecord).emit(OWNER);
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible with an error', async () => {
    const element = createPreview(
      [{ name: 'Intro call', delayAmount: 0, delayUnit: 'Minutes', timing: 'Business Hours (Any Day)' }],
      0
    );
    testAdapter(getRecord).emit({
      ...OWNER,
      fields: {
        TimeZoneSidKey: { value: 'America/New_York' },
        StartDay: { value: null },
        EndDay: { value: null }
      }
    });
    await flushPromises();

    await expect(element).toBeAccessible();
  });
});
