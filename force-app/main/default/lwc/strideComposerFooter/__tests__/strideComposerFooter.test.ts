import { createElement } from '@lwc/engine-dom';
import StrideComposerFooter from 'c/strideComposerFooter';
import { flushPromises, resetDom, shadowQuery, shadowQueryAll } from '../../__tests__/utils/strideTestUtils';

type Footer = HTMLElement & { saving: boolean; sendDisabled: boolean; errorMessage: string };
type Button = HTMLElement & { label: string; disabled: boolean; variant: string };

function createFooter(props: Partial<Pick<Footer, 'saving' | 'sendDisabled' | 'errorMessage'>> = {}) {
  const element = createElement('c-stride-composer-footer', { is: StrideComposerFooter }) as Footer;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function buttons(element: Element) {
  return shadowQueryAll<Button>(element, 'lightning-button').map((b) => ({
    id: b.dataset.id,
    label: b.label,
    disabled: !!b.disabled,
    variant: b.variant ?? ''
  }));
}

describe('c-stride-composer-footer', () => {
  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
  });

  it('offers Cancel, Save draft and Send, Send as the main action', async () => {
    const element = createFooter();
    await flushPromises();

    expect(buttons(element)).toEqual([
      { id: 'cancel', label: 'Cancel', disabled: false, variant: '' },
      { id: 'save-draft', label: 'Save draft', disabled: false, variant: '' },
      { id: 'send', label: 'Send', disabled: false, variant: 'brand' }
    ]);
    expect(shadowQueryAll(element, '[data-id="error"]')).toEqual([]);
  });

  it('disables Send when the composer says so, and both writes while one runs', async () => {
    const element = createFooter({ sendDisabled: true });
    await flushPromises();
    expect(buttons(element).map((b) => b.disabled)).toEqual([false, false, true]);

    Object.assign(element, { sendDisabled: false, saving: true });
    await flushPromises();
    expect(buttons(element).map((b) => b.disabled)).toEqual([false, true, true]);
  });

  it('reports each button as its own event', async () => {
    const element = createFooter();
    const events: string[] = [];
    for (const name of ['cancel', 'savedraft', 'send'])
      element.addEventListener(name, () => events.push(name));
    await flushPromises();

    shadowQuery(element, '[data-id="send"]').click();
    shadowQuery(element, '[data-id="save-draft"]').click();
    shadowQuery(element, '[data-id="cancel"]').click();

    expect(events).toEqual(['send', 'savedraft', 'cancel']);
  });

  it('announces why the last write failed, and is accessible', async () => {
    const element = createFooter({ errorMessage: 'The email was not queued: Draft_Cc__c: value too long' });
    await flushPromises();

    const error = shadowQuery(element, '[data-id="error"]');
    expect([error.getAttribute('role'), error.textContent]).toEqual([
      'alert',
      'The email was not queued: Draft_Cc__c: value too long'
    ]);
    await expect(element).toBeAccessible();
  });
});
