import { createElement } from '@lwc/engine-dom';
import StrideTmp from 'c/strideTmp';
import { flushPromises } from '../../__tests__/utils/strideTestUtils';
describe('c-stride-tmp', () => {
  it('renders', async () => {
    const el = createElement('c-stride-tmp', { is: StrideTmp });
    document.body.appendChild(el);
    await flushPromises();
    expect(el.shadowRoot!.querySelector('p')!.textContent).toBe('c.Stride_Test');
    await expect(el).toBeAccessible();
  });
});
