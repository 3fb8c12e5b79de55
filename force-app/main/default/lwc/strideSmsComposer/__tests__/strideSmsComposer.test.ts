import { createElement } from '@lwc/engine-dom';
import StrideSmsComposer from 'c/strideSmsComposer';
import { graphql } from 'lightning/graphql';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import SMS_TEMPLATES from './data/smsTemplates.json';
import SMS_ITEM from './data/smsItem.json';
import OBJECT_INFOS from '../../__tests__/data/getObjectInfos.lead.json';
import CURRENT_USER from '../../__tests__/data/getRecord.currentUser.json';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');

type Composer = HTMLElement & { item: unknown };

async function createComposer(item: unknown = SMS_ITEM) {
  const element = createElement('c-stride-sms-composer', { is: StrideSmsComposer }) as Composer;
  element.item = item;
  document.body.appendChild(element);
  testAdapter(graphql).emit(SMS_TEMPLATES);
  testAdapter(getObjectInfos).emit(OBJECT_INFOS);
  testAdapter(getRecord).emit(CURRENT_USER);
  await flushPromises();
  return element;
}

function text(element: Element, dataId: string) {
  return shadowQuery(element, `[data-id="${dataId}"]`).textContent;
}

function typeMessage(element: Element, value: string) {
  shadowQuery(element, 'lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  return flushPromises();
}

/** A part of the shared composer footer (its buttons and the write error). */
function footerPart(element: Element, dataId: string) {
  return shadowQuery(shadowQuery(element, 'c-stride-composer-footer'), `[data-id="${dataId}"]`);
}

function sendButton(element: Element) {
  return footerPart(element, 'send') as HTMLElement & { disabled: boolean };
}

describe('c-stride-sms-composer', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it("starts from the action's template and previews it with merge fields filled in", async () => {
    const element = await createComposer();

    const templates = shadowQuery(element, 'lightning-combobox') as HTMLElement & {
      value: string;
      options: unknown;
    };
    expect(templates.value).toBe('a04000000000001AAA');
    expect(templates.options).toEqual([
      { label: 'None (write a message)', value: '' },
      { label: 'Quick check-in', value: 'a04000000000001AAA' },
      { label: 'Meeting reminder', value: 'a04000000000002AAA' }
    ]);
    expect(text(element, 'preview')).toBe("Hi Alan, it's Sam. Got 5 minutes today?");
    expect(text(element, 'segments')).toBe('39 characters, 1 segment(s), GSM-7');
  });

  it('switches template and counts UCS-2 segments for an emoji', async () => {
    const element = await createComposer();

    shadowQuery(element, 'lightning-combobox').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'a04000000000002AAA' } })
    );
    await flushPromises();

    expect(text(element, 'preview')).toBe('Reminder: we meet tomorrow at Bletchley, Alan 👋');
    expect(text(element, 'segments')).toBe('48 characters, 1 segment(s), UCS-2');
  });

  it('counts a long message in 153-character parts', async () => {
    const element = await createComposer();

    await typeMessage(element, 'x'.repeat(161));

    expect(text(element, 'segments')).toBe('161 characters, 2 segment(s), GSM-7');
  });

  it('flags a merge field the record does not have, with its position, and blocks sending', async () => {
    const element = await createComposer();

    await typeMessage(element, 'Hi {!Lead.FristName}');

    expect(shadowQueryAll(element, '[data-id="template-error"]').map((p) => p.textContent)).toEqual([
      '{!Lead.FristName}: Lead has no field named "FristName" (position 4)'
    ]);
    expect(sendButton(element).disabled).toBe(true);
  });

  it('lists merge fields that are blank for this person', async () => {
    const element = await createComposer();

    await typeMessage(element, 'Hi {!Recipient.Title}');

    expect(text(element, 'missing')).toBe('These merge fields are blank for this person: Recipient.Title');
  });

  it('refuses to send without a valid mobile number', async () => {
    const element = await createComposer({
      ...SMS_ITEM,
      mobile: 'n/a',
      person: { ...SMS_ITEM.person, MobilePhone: 'n/a' }
    });

    expect(text(element, 'mobile-error')).toBe(
      'Alan Turing has no valid mobile number, so no SMS can be sent.'
    );
    expect(sendButton(element).disabled).toBe(true);
    sendButton(element).click();
    await flushPromises();
    expect(mocked(updateRecord)).not.toHaveBeenCalled();
  });

  it('records the draft and a Send request, and reports it', async () => {
    const element = await createComposer();
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    sendButton(element).click();
    await flushPromises();

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000003AAA',
        Requested_Outcome__c: 'Send',
        Requested_At__c: '2026-11-30T15:00:00.000Z',
        Draft_Body__c: "Hi {!Recipient.FirstName}, it's {!Sender.FirstName}. Got 5 minutes today?"
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({ message: 'SMS to Alan Turing queued for sending.' });
  });

  it('reopens on the draft the rep saved, and saves a draft without sending', async () => {
    const element = await createComposer({
      ...SMS_ITEM,
      draft: { body: 'Hi {!Recipient.FirstName}, following up on our call' }
    });
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    expect(text(element, 'preview')).toBe('Hi Alan, following up on our call');
    await typeMessage(element, 'Hi {!Recipient.FirstName}, following up on our call today');
    footerPart(element, 'save-draft').click();
    await flushPromises();

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000003AAA',
        Draft_Body__c: 'Hi {!Recipient.FirstName}, following up on our call today'
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({ message: 'Draft for Alan Turing saved.' });
  });

  it('shows the previous failure and a failed request', async () => {
    mocked(updateRecord).mockRejectedValueOnce({ body: { message: 'Requested_Outcome__c: bad value' } });
    const element = await createComposer({ ...SMS_ITEM, lastError: 'Twilio 21610: recipient unsubscribed' });

    expect(text(element, 'last-error')).toBe('The last attempt failed: Twilio 21610: recipient unsubscribed');
    sendButton(element).click();
    await flushPromises();
    expect(footerPart(element, 'error').textContent).toBe(
      'The message was not queued: Requested_Outcome__c: bad value'
    );
  });

  it('is accessible when data is returned', async () => {
    const element = await createComposer();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    const element = await createComposer();
    testAdapter(graphql).emitErrors([{ message: 'No access to SMS_Template__c' }]);
    await flushPromises();

    expect(text(element, 'templates-error')).toBe(
      'SMS templates could not be loaded: No access to SMS_Template__c'
    );
    await expect(element).toBeAccessible();
  });
});
