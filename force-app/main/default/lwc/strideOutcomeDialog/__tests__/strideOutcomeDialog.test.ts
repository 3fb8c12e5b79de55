import { createElement } from '@lwc/engine-dom';
import StrideOutcomeDialog from 'c/strideOutcomeDialog';
import { updateRecord } from 'lightning/uiRecordApi';
import { flushPromises, mocked, resetDom, shadowQuery } from '../../__tests__/utils/strideTestUtils';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');
const ITEM = { id: 'a05000000000002AAA', participantName: 'Grace Hopper' };

function createDialog(mode: string) {
  const element = createElement('c-stride-outcome-dialog', { is: StrideOutcomeDialog });
  Object.assign(element, { item: ITEM, mode });
  document.body.appendChild(element);
  return element;
}

function change(element: Element, selector: string, value: string) {
  shadowQuery(element, selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

function save(element: Element) {
  shadowQuery(element, 'lightning-button[data-id="save"]').click();
  return flushPromises();
}

describe('c-stride-outcome-dialog', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('skips with the reason the rep gives', async () => {
    const element = createDialog('skip');
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    await flushPromises();

    expect((shadowQuery(element, 'c-stride-modal') as HTMLElement & { heading: string }).heading).toBe(
      'Skip this action'
    );
    change(element, 'lightning-textarea', '  Already spoke at the conference  ');
    await save(element);

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000002AAA',
        Requested_Outcome__c: 'Skip',
        Requested_At__c: '2026-11-30T15:00:00.000Z',
        Requested_Note__c: 'Already spoke at the conference'
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({ message: 'Skip requested for Grace Hopper.' });
  });

  it('does not skip without a reason', async () => {
    const element = createDialog('skip');
    await flushPromises();

    await save(element);

    expect(mocked(updateRecord)).not.toHaveBeenCalled();
  });

  it('defers to the chosen date and time', async () => {
    const element = createDialog('defer');
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    await flushPromises();

    change(element, 'lightning-input', '2026-12-02T09:00:00.000Z');
    await save(element);

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000002AAA',
        Requested_Outcome__c: 'Defer',
        Requested_At__c: '2026-11-30T15:00:00.000Z',
        Requested_Until__c: '2026-12-02T09:00:00.000Z'
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({ message: 'Defer requested for Grace Hopper.' });
  });

  it('reschedules, but only to a time in the future', async () => {
    const element = createDialog('reschedule');
    await flushPromises();

    change(element, 'lightning-input', '2026-11-30T14:00:00.000Z');
    await save(element);
    expect(mocked(updateRecord)).not.toHaveBeenCalled();
    // The field shows "Choose a time in the future." itself: no second copy below it.
    expect(element.shadowRoot?.querySelector('[data-id="error"]')).toBeNull();

    change(element, 'lightning-input', '2026-11-30T16:30:00.000Z');
    await save(element);
    expect(mocked(updateRecord).mock.calls[0][0].fields).toMatchObject({
      Requested_Outcome__c: 'Reschedule',
      Requested_Until__c: '2026-11-30T16:30:00.000Z'
    });
  });

  it('keeps the dialog open and explains a failed save', async () => {
    mocked(updateRecord).mockRejectedValueOnce({ body: { message: 'The action was already completed' } });
    const element = createDialog('defer');
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    await flushPromises();

    change(element, 'lightning-input', '2026-12-02T09:00:00.000Z');
    await save(element);

    expect(saved).not.toHaveBeenCalled();
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'Not saved: The action was already completed'
    );
  });

  it('closes on cancel', async () => {
    const element = createDialog('skip');
    const closed = jest.fn();
    element.addEventListener('close', closed);
    await flushPromises();

    shadowQuery(element, 'lightning-button[data-id="cancel"]').click();

    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('is accessible', async () => {
    const element = createDialog('defer');
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is shown', async () => {
    mocked(updateRecord).mockRejectedValueOnce({ body: { message: 'The action was already completed' } });
    const element = createDialog('skip');
    await flushPromises();
    change(element, 'lightning-textarea', 'No budget');
    await save(element);

    await expect(element).toBeAccessible();
  });
});
