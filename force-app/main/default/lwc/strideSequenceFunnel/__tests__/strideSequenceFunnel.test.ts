import { createElement } from '@lwc/engine-dom';
import StrideSequenceFunnel from 'c/strideSequenceFunnel';
import { graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import {
  captureToasts,
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll
} from '../../__tests__/utils/strideTestUtils';
import FUNNEL from './data/funnel.json';

const graphqlAdapter = graphql as unknown as {
  emit(value: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
};

async function createFunnel(data: unknown, refresh?: jest.Mock) {
  const element = createElement('c-stride-sequence-funnel', { is: StrideSequenceFunnel });
  Object.assign(element, { recordId: 'a01000000000001AAA' });
  document.body.appendChild(element);
  graphqlAdapter.emit(data, undefined, refresh);
  await flushPromises();
  return element;
}

describe('c-stride-sequence-funnel', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('says there are no figures yet before the companion counted', async () => {
    const element = await createFunnel({
      uiapi: { query: { Step_Analytics__c: { edges: [] }, Action_Variant__c: { edges: [] } } }
    });
    expect(shadowQuery(element, '[data-id="empty"]').textContent).toBe(
      'No figures yet: Stride counts them shortly after people are enrolled.'
    );
  });

  it('draws the funnel: each step as wide as the share of the enrolled who reached it', async () => {
    const element = await createFunnel(FUNNEL);
    expect(shadowQuery(element, '[data-id="headline"]').textContent).toBe('800 enrolled · 40 converted (5%)');
    const steps = shadowQueryAll(element, 'li.stride-step').map((li) => ({
      title: li.querySelector('.stride-step-title')!.textContent,
      reached: li.querySelector('.stride-step-reached')!.textContent,
      width: (li.querySelector('.slds-progress-bar__value') as HTMLElement).style.width,
      detail: li.querySelector('.stride-step-detail')!.textContent
    }));
    expect(steps).toEqual([
      {
        title: 'Step 1: Intro email',
        reached: '800 reached',
        width: '100%',
        detail: '800 completed · 0 skipped · 72 replied (9%)'
      },
      {
        title: 'Step 2: Follow-up call',
        reached: '600 reached',
        width: '75%',
        detail: '400 completed · 100 skipped · 0 replied (0%)'
      }
    ]);
    expect(shadowQuery(element, '[data-id="opens-note"]').textContent).toBe(
      'Opens are not shown: mail privacy protection opens messages automatically. Compare replies and clicks.'
    );
  });

  it('shows the A/B test with its verdict, and ends it keeping the winner', async () => {
    const refresh = jest.fn().mockResolvedValue(undefined);
    mocked(updateRecord).mockResolvedValue({
      apiName: 'Action_Variant__c',
      id: 'a0V000000000002AAA',
      fields: {}
    });
    const element = await createFunnel(FUNNEL, refresh);
    const toasts = captureToasts(element);

    expect(shadowQueryAll(element, '.stride-variant').map((li) => li.textContent)).toEqual([
      'Variant A: 400 people, 48 replied (12%)',
      'Variant B: 400 people, 24 replied (6%)'
    ]);
    expect(shadowQuery(element, '.stride-verdict').textContent).toBe(
      'A wins: the difference is significant (p = 0.003).'
    );
    const keep = shadowQuery<HTMLElement & { label: string }>(
      element,
      'lightning-button[data-id="keep-winner"]'
    );
    expect(keep.label).toBe('End the test and keep A');

    keep.click();
    await flushPromises();

    expect(mocked(updateRecord).mock.calls).toEqual([
      [{ fields: { Id: 'a0V000000000002AAA', Ended__c: true } }]
    ]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      message: 'Test ended: everyone new gets variant A.',
      variant: 'success'
    });
  });

  it('is accessible', async () => {
    const element = await createFunnel(FUNNEL);
    await expect(element).toBeAccessible();
  });
});
