import { createElement } from '@lwc/engine-dom';
import StrideCallLog from 'c/strideCallLog';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import DISPOSITIONS from './data/getPicklistValues.json';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');
const ITEM = {
  id: 'a05000000000001AAA',
  participantId: 'a03000000000001AAA',
  participantName: 'Ada Lovelace',
  personId: '00Q000000000001AAA',
  personObject: 'Lead',
  phone: '+1 415 555 0100',
  mobile: '+1 415 555 2671'
};

function createCallLog() {
  const element = createElement('c-stride-call-log', { is: StrideCallLog });
  Object.assign(element, { item: ITEM });
  document.body.appendChild(element);
  return element;
}

function change(element: Element, selector: string, value: string) {
  shadowQuery(element, selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-stride-call-log', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('offers the Disposition__c picklist as outcomes', async () => {
    const element = createCallLog();
    testAdapter(getPicklistValues).emit(DISPOSITIONS);
    await flushPromises();

    expect(testAdapter(getPicklistValues).getLastConfig()).toEqual({
      recordTypeId: '012000000000000AAA',
      fieldApiName: { objectApiName: 'Conversation__c', fieldApiName: 'Disposition__c' }
    });
    const combobox = shadowQuery(element, 'lightning-combobox') as HTMLElement & {
      options: Array<{ value: string }>;
    };
    expect(combobox.options.map((o) => o.value)).toEqual([
      'Connected',
      'Left_Voicemail',
      'No_Answer',
      'Busy',
      'Wrong_Number',
      'Not_Interested',
      'Meeting_Booked'
    ]);
  });

  it('creates the Conversation, then requests completion linked to it', async () => {
    mocked(createRecord).mockResolvedValueOnce({
      id: 'a06000000000001AAA',
      apiName: 'Conversation__c',
      fields: {}
    });
    const element = createCallLog();
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    testAdapter(getPicklistValues).emit(DISPOSITIONS);
    await flushPromises();

    change(element, 'lightning-combobox', 'Meeting_Booked');
    change(element, 'lightning-input[data-id="minutes"]', '4');
    change(element, 'lightning-input[data-id="seconds"]', '30');
    change(element, 'lightning-textarea', 'Demo booked for Thursday');
    shadowQuery(element, 'lightning-button[data-id="save"]').click();
    await flushPromises();

    expect(mocked(createRecord)).toHaveBeenCalledWith({
      apiName: 'Conversation__c',
      fields: {
        Type__c: 'Call',
        Direction__c: 'Outbound',
        Status__c: 'Completed',
        Participant_Action__c: 'a05000000000001AAA',
        Started_At__c: '2026-11-30T14:55:30.000Z',
        Duration_Seconds__c: 270,
        Disposition__c: 'Meeting_Booked',
        Notes__c: 'Demo booked for Thursday',
        To__c: '+1 415 555 0100',
        Participant__c: 'a03000000000001AAA',
        Lead__c: '00Q000000000001AAA'
      }
    });
    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000001AAA',
        Requested_Outcome__c: 'Complete',
        Requested_At__c: '2026-11-30T15:00:00.000Z',
        Conversation__c: 'a06000000000001AAA'
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({
      message: 'Call with Ada Lovelace logged; the action is complete.'
    });
  });

  it('completes the Conversation Call now started, lasting from the dial until the log', async () => {
    mocked(updateRecord).mockResolvedValue({
      id: 'a06000000000009AAA',
      apiName: 'Conversation__c',
      fields: {}
    });
    const element = createElement('c-stride-call-log', { is: StrideCallLog });
    Object.assign(element, {
      item: { ...ITEM, conversationId: 'a06000000000009AAA', callStartedAt: '2026-11-30T14:52:00.000Z' }
    });
    document.body.appendChild(element);
    testAdapter(getPicklistValues).emit(DISPOSITIONS);
    await flushPromises();

    change(element, 'lightning-combobox', 'Connected');
    shadowQuery(element, 'lightning-button[data-id="save"]').click();
    await flushPromises();

    expect(mocked(createRecord)).not.toHaveBeenCalled();
    expect(mocked(updateRecord).mock.calls.map((call) => call[0])).toEqual([
      {
        fields: {
          Id: 'a06000000000009AAA',
          Type__c: 'Call',
          Direction__c: 'Outbound',
          Status__c: 'Completed',
          Participant_Action__c: 'a05000000000001AAA',
          Started_At__c: '2026-11-30T14:52:00.000Z',
          Duration_Seconds__c: 480,
          Disposition__c: 'Connected',
          Notes__c: '',
          To__c: '+1 415 555 0100',
          Participant__c: 'a03000000000001AAA',
          Lead__c: '00Q000000000001AAA'
        }
      },
      {
        fields: {
          Id: 'a05000000000001AAA',
          Requested_Outcome__c: 'Complete',
          Requested_At__c: '2026-11-30T15:00:00.000Z',
          Conversation__c: 'a06000000000009AAA'
        }
      }
    ]);
  });

  it('asks for an outcome before saving', async () => {
    const element = createCallLog();
    await flushPromises();

    shadowQuery(element, 'lightning-button[data-id="save"]').click();
    await flushPromises();

    expect(mocked(createRecord)).not.toHaveBeenCalled();
    // The outcome field itself says it (once); no second message below the form.
    expect(
      (shadowQuery(element, 'lightning-combobox') as HTMLElement & { messageWhenValueMissing: string })
        .messageWhenValueMissing
    ).toBe('Choose the call outcome.');
    expect(element.shadowRoot?.querySelector('[data-id="error"]')).toBeNull();
  });

  it('refuses 75 seconds or part of a minute instead of saving them', async () => {
    const element = createCallLog();
    await flushPromises();
    change(element, 'lightning-combobox', 'Connected');
    change(element, '[data-id="seconds"]', '75');
    shadowQuery(element, 'lightning-button[data-id="save"]').click();
    await flushPromises();
    change(element, '[data-id="seconds"]', '30');
    change(element, '[data-id="minutes"]', '1.5');
    shadowQuery(element, 'lightning-button[data-id="save"]').click();
    await flushPromises();

    expect(mocked(createRecord)).not.toHaveBeenCalled();
  });

  it('explains a failed save and does not complete the action', async () => {
    mocked(createRecord).mockRejectedValueOnce({
      body: {
        message: 'An error occurred',
        output: { errors: [], fieldErrors: { Notes__c: [{ message: 'Notes: data value too large' }] } }
      }
    });
    const element = createCallLog();
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    await flushPromises();

    change(element, 'lightning-combobox', 'Connected');
    shadowQuery(element, 'lightning-button[data-id="save"]').click();
    await flushPromises();

    expect(mocked(updateRecord)).not.toHaveBeenCalled();
    expect(saved).not.toHaveBeenCalled();
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'The call was not logged: Notes: data value too large'
    );
  });

  it('is accessible when data is returned', async () => {
    const element = createCallLog();
    testAdapter(getPicklistValues).emit(DISPOSITIONS);
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    const element = createCallLog();
    testAdapter(getPicklistValues).error({ message: 'No access to Disposition__c' });
    await flushPromises();

    expect(shadowQuery(element, '[data-id="picklist-error"]').textContent).toBe(
      'Call outcomes could not be loaded: No access to Disposition__c'
    );
    await expect(element).toBeAccessible();
  });
});
