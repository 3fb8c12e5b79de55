import { createElement } from '@lwc/engine-dom';
import StrideModal from 'c/strideModal';
import ModalHarness from './mocks/modalHarness/modalHarness';
import { flushPromises, resetDom, shadowQuery } from '../../__tests__/utils/strideTestUtils';

function createModal() {
  const element = createElement('c-stride-modal', { is: StrideModal });
  Object.assign(element, { heading: 'Log call with Ada Lovelace', tagline: 'After the call' });
  document.body.appendChild(element);
  return element;
}

/** A modal whose default and footer slots hold native controls (see mocks/modalHarness/modalHarness.html). */
async function createHarness() {
  const harness = createElement('x-modal-harness', { is: ModalHarness });
  document.body.appendChild(harness);
  await flushPromises();
  const modal = shadowQuery(harness, 'c-stride-modal');
  return { harness, modal, slotted: (id: string) => shadowQuery(harness, `[data-id="${id}"]`) };
}

/** The focused element, through the shadow roots (document.activeElement stops at the first host). */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('c-stride-modal', () => {
  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
  });

  it('is a modal dialog named by its heading', async () => {
    const element = createModal();
    await flushPromises();

    const dialog = shadowQuery(element, 'section');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const heading = shadowQuery(element, 'h2');
    expect(heading.textContent).toBe('Log call with Ada Lovelace');
    expect(heading.id).not.toBe('');
    expect(dialog.getAttribute('aria-labelledby')).toBe(heading.id);
  });

  it('moves focus into the dialog when it opens', async () => {
    const element = createModal();
    await flushPromises();

    expect(focused()).toBe(shadowQuery(element, '.slds-modal__close'));
  });

  it('gives focus back to the element that opened it when it closes', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'Log a call';
    document.body.appendChild(opener);
    opener.focus();
    const element = createModal();
    await flushPromises();
    expect(focused()).toBe(shadowQuery(element, '.slds-modal__close'));

    document.body.removeChild(element);

    expect(document.activeElement).toBe(opener);
  });

  it('leaves focus where it is on close when its opener is gone', async () => {
    const opener = document.createElement('button');
    document.body.appendChild(opener);
    opener.focus();
    const element = createModal();
    await flushPromises();
    document.body.removeChild(opener);

    document.body.removeChild(element);

    expect(document.activeElement).toBe(document.body);
  });

  it('sends Tab from the last enabled control round to the close button', async () => {
    const { modal, slotted } = await createHarness();
    slotted('save').focus();

    // The browser moves Tab from the last control onto the trailing focus guard.
    shadowQuery(modal, '[data-id="focus-end"]').focus();

    expect(focused()).toBe(shadowQuery(modal, '.slds-modal__close'));
  });

  it('sends Shift+Tab from the close button round to the last enabled control', async () => {
    const { modal, slotted } = await createHarness();
    expect(focused()).toBe(shadowQuery(modal, '.slds-modal__close'));

    // The browser moves Shift+Tab from the close button onto the leading focus guard.
    shadowQuery(modal, '[data-id="focus-start"]').focus();

    // "Send" is disabled, so "Save" is the last control that can take focus.
    expect(focused()).toBe(slotted('save'));
  });

  it('keeps the focus guards at the edges of the dialog, around every control', async () => {
    const { modal } = await createHarness();

    const dialog = shadowQuery(modal, 'section');
    const tabbable = Array.from(dialog.querySelectorAll('[tabindex="0"], button'));
    expect(tabbable.map((e) => e.getAttribute('data-id') ?? e.className)).toEqual([
      'focus-start',
      'slds-button slds-button_icon slds-modal__close',
      'focus-end'
    ]);
  });

  it('closes on Escape from anywhere in the dialog and on the close button', async () => {
    const element = createModal();
    const closed = jest.fn();
    element.addEventListener('close', closed);
    await flushPromises();

    const close = shadowQuery(element, '.slds-modal__close');
    close.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(closed).toHaveBeenCalledTimes(1);
    shadowQuery(element, 'section').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(closed).toHaveBeenCalledTimes(1);
    close.click();
    expect(closed).toHaveBeenCalledTimes(2);
  });

  it('closes on Escape pressed in a slotted control', async () => {
    const { harness, slotted } = await createHarness();

    slotted('name').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true })
    );
    await flushPromises();

    expect(shadowQuery(harness, '[data-id="closed"]').textContent).toBe('1');
  });

  it('stays open when a control used the Escape itself', async () => {
    const { harness, slotted } = await createHarness();
    const name = slotted('name');
    name.addEventListener('keydown', (event) => event.preventDefault());

    const escape = new KeyboardEvent('keydown', {
      key: 'Escape',
      bubbles: true,
      composed: true,
      cancelable: true
    });
    name.dispatchEvent(escape);
    await flushPromises();

    expect([escape.defaultPrevented, shadowQuery(harness, '[data-id="closed"]').textContent]).toEqual([
      true,
      '0'
    ]);
  });

  it('is accessible', async () => {
    const element = createModal();
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible with controls in it', async () => {
    const { harness } = await createHarness();

    await expect(harness).toBeAccessible();
  });
});
