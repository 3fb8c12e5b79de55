import { createElement } from '@lwc/engine-dom';
import StrideModal from 'c/strideModal';
import { flushPromises, resetDom, shadowQuery } from '../../__tests__/utils/strideTestUtils';

function createModal() {
  const element = createElement('c-stride-modal', { is: StrideModal });
  Object.assign(element, { heading: 'Log call with Ada Lovelace', tagline: 'After the call' });
  document.body.appendChild(element);
  return element;
}

describe('c-stride-modal', () => {
  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
  });

  it('is a labelled dialog that takes focus', async () => {
    const element = createModal();
    await flushPromises();

    const dialog = shadowQuery(element, 'section');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const heading = shadowQuery(element, 'h2');
    expect(heading.textContent).toBe('Log call with Ada Lovelace');
    expect(dialog.getAttribute('aria-labelledby')).toBe(heading.id);
    expect(element.shadowRoot!.activeElement).toBe(shadowQuery(element, '.slds-modal__close'));
  });

  it('closes on Escape and on the close button', async () => {
    const element = createModal();
    const closed = jest.fn();
    element.addEventListener('close', closed);
    await flushPromises();

    shadowQuery(element, 'section').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    shadowQuery(element, 'section').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    shadowQuery(element, '.slds-modal__close').click();

    expect(closed).toHaveBeenCalledTimes(2);
  });

  it('is accessible', async () => {
    const element = createModal();
    await flushPromises();

    await expect(element).toBeAccessible();
  });
});
