import { createElement } from '@lwc/engine-dom';
import StrideEngage from 'c/strideEngage';
import { graphql } from 'lightning/graphql';
import { flushPromises, testAdapter } from '../../__tests__/utils/strideTestUtils';
import DUE_ACTIONS_500 from './data/dueActions500.json';
it('bench', async () => {
  jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-30T15:00:00.000Z'));
  for (let run = 0; run < 4; run++) {
    const element = createElement('c-stride-engage', { is: StrideEngage });
    document.body.appendChild(element);
    await flushPromises();
    const t0 = performance.now();
    testAdapter(graphql).emit(DUE_ACTIONS_500);
    await flushPromises();
    const t1 = performance.now();
    process.stdout.write(`run ${run}: ${(t1 - t0).toFixed(0)} ms, rows ${element.shadowRoot!.querySelector('c-stride-action-list')!.shadowRoot!.querySelectorAll('li').length}\n`);
    document.body.removeChild(element);
  }
  expect(true).toBe(true);
});
