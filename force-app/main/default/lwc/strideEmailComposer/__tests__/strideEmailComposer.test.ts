import { createElement } from '@lwc/engine-dom';
import StrideEmailComposer from 'c/strideEmailComposer';
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
import EMAIL_ITEM from './data/emailItem.json';
import OBJECT_INFOS from '../../__tests__/data/getObjectInfos.contact.json';
import CURRENT_USER from '../../__tests__/data/getRecord.currentUser.json';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');

async function createComposer(item: unknown = EMAIL_ITEM) {
  const element = createElement('c-stride-email-composer', { is: StrideEmailComposer });
  Object.assign(element, { item });
  document.body.appendChild(element);
  testAdapter(getObjectInfos).emit(OBJECT_INFOS);
  testAdapter(getRecord).emit(CURRENT_USER);
  await flushPromises();
  return element;
}

function byId<T extends HTMLElement = HTMLElement>(element: Element, dataId: string) {
  return shadowQuery<T>(element, `[data-id="${dataId}"]`);
}

function change(element: Element, selector: string, value: string) {
  shadowQuery(element, selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  return flushPromises();
}

/** A part of the shared composer footer (its buttons and the write error). */
function footerPart(element: Element, dataId: string) {
  return shadowQuery(shadowQuery(element, 'c-stride-composer-footer'), `[data-id="${dataId}"]`);
}

function sendButton(element: Element) {
  return footerPart(element, 'send') as HTMLElement & { disabled: boolean };
}

describe('c-stride-email-composer', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('prefills recipient, subject and body from the action template and previews them escaped', async () => {
    const element = await createComposer();

    const to = shadowQuery(element, 'lightning-input') as HTMLElement & { value: string; readOnly: boolean };
    // The rep may address the email elsewhere (the description: "subject, recipient, body").
    expect([to.value, to.readOnly]).toEqual(['grace@navy.example', undefined]);
    expect(byId(element, 'preview-subject').textContent).toBe('Next steps for Navy <R&D>');
    expect((byId(element, 'preview-body') as HTMLElement & { value: string }).value).toBe(
      '<p>Hi Grace,</p><p>Thanks for your time. Sam Seller</p>'
    );
    expect(sendButton(element).disabled).toBe(false);
  });

  it('escapes record values in the HTML preview', async () => {
    const element = await createComposer();

    await change(element, 'lightning-input-rich-text', '<p>{!Contact.Account.Name}</p>');

    expect((byId(element, 'preview-body') as HTMLElement & { value: string }).value).toBe(
      '<p>Navy &lt;R&amp;D&gt;</p>'
    );
  });

  it('blocks sending, with the reason, when the person opted out', async () => {
    const element = await createComposer({
      ...EMAIL_ITEM,
      person: { ...EMAIL_ITEM.person, HasOptedOutOfEmail: true }
    });

    expect(byId(element, 'blocked').textContent).toBe(
      'Grace Hopper has opted out of email. Skip this action instead.'
    );
    expect(sendButton(element).disabled).toBe(true);
  });

  it('blocks sending when the person has no email address', async () => {
    const element = await createComposer({
      ...EMAIL_ITEM,
      email: '',
      person: { ...EMAIL_ITEM.person, Email: null }
    });

    expect(byId(element, 'blocked').textContent).toBe(
      'Grace Hopper has no email address. Add one to the record, or skip this action.'
    );
    expect(sendButton(element).disabled).toBe(true);
  });

  it('validates Cc and Bcc addresses and merge fields', async () => {
    const element = await createComposer();

    byId(element, 'show-cc').click();
    await flushPromises();
    await change(element, 'lightning-input[data-id="cc"]', 'boss@navy.example, not-an-address');
    await change(element, 'lightning-input[data-id="subject"]', 'Hi {!Contact.Acount.Name}');

    expect(shadowQueryAll(element, '[data-id="address-error"]').map((p) => p.textContent)).toEqual([
      'Not a valid email address: not-an-address'
    ]);
    expect(shadowQueryAll(element, '[data-id="template-error"]').map((p) => p.textContent)).toEqual([
      '{!Contact.Acount.Name}: Contact has no relationship named "Acount" (in "Acount.Name") (position 4)'
    ]);
    expect(sendButton(element).disabled).toBe(true);
  });

  it('records the draft with Cc and Bcc and a Send request', async () => {
    const element = await createComposer();
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    byId(element, 'show-cc').click();
    await flushPromises();
    await change(element, 'lightning-input[data-id="cc"]', 'boss@navy.example; ops@navy.example');
    await change(element, 'lightning-input[data-id="bcc"]', 'crm@stride.example');
    sendButton(element).click();
    await flushPromises();

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000002AAA',
        Requested_Outcome__c: 'Send',
        Requested_At__c: '2026-11-30T15:00:00.000Z',
        Draft_To__c: '',
        Draft_Subject__c: 'Next steps for {!Contact.Account.Name}',
        Draft_Body__c: '<p>Hi {!Recipient.FirstName},</p><p>Thanks for your time. {!Sender.Name}</p>',
        Draft_Cc__c: 'boss@navy.example, ops@navy.example',
        Draft_Bcc__c: 'crm@stride.example'
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({ message: 'Email to Grace Hopper queued for sending.' });
  });

  it('sends to the recipient the rep typed, and refuses one that is not an address', async () => {
    const element = await createComposer(EMAIL_ITEM);
    await change(element, 'lightning-input[data-id="to"]', 'not-an-address');
    expect(sendButton(element).disabled).toBe(true);
    await change(element, 'lightning-input[data-id="to"]', ' assistant@navy.example ');
    sendButton(element).click();
    await flushPromises();
    expect(mocked(updateRecord).mock.calls[0][0].fields).toMatchObject({
      Requested_Outcome__c: 'Send',
      Draft_To__c: 'assistant@navy.example'
    });
  });

  it('reopens on the saved draft, resets to the template, and saves a draft without sending', async () => {
    const element = await createComposer({
      ...EMAIL_ITEM,
      draft: { subject: 'Draft subject', body: '<p>Draft body</p>', cc: 'boss@navy.example', bcc: '' }
    });
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    expect(
      (shadowQuery(element, 'lightning-input[data-id="subject"]') as HTMLElement & { value: string }).value
    ).toBe('Draft subject');
    expect(
      (shadowQuery(element, 'lightning-input[data-id="cc"]') as HTMLElement & { value: string }).value
    ).toBe('boss@navy.example');
    footerPart(element, 'save-draft').click();
    await flushPromises();
    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000002AAA',
        Draft_To__c: '',
        Draft_Subject__c: 'Draft subject',
        Draft_Body__c: '<p>Draft body</p>',
        Draft_Cc__c: 'boss@navy.example',
        Draft_Bcc__c: ''
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({ message: 'Draft for Grace Hopper saved.' });

    byId(element, 'use-template').click();
    await flushPromises();
    expect(byId(element, 'preview-subject').textContent).toBe('Next steps for Navy <R&D>');
  });

  describe('with a Salesforce email template', () => {
    const templateItem = (preview: { subject: string; body: string }) => ({
      ...EMAIL_ITEM,
      template: {
        subject: '',
        body: '',
        cc: '',
        bcc: '',
        smsTemplateId: '',
        emailTemplateId: '00X000000000001AAA',
        preview
      }
    });

    it('previews the template as the companion rendered it for the person, and sends the template', async () => {
      const element = await createComposer(
        templateItem({ subject: 'Checking in, Grace', body: '<p>Hi Grace at Navy &lt;R&amp;D&gt;</p>' })
      );

      expect(byId(element, 'preview-subject').textContent).toBe('Checking in, Grace');
      expect((byId(element, 'preview-body') as HTMLElement & { value: string }).value).toBe(
        '<p>Hi Grace at Navy &lt;R&amp;D&gt;</p>'
      );
      expect(byId(element, 'template-note').textContent).toBe(
        'From the email template: Salesforce fills it in when it is sent. Write a subject and body to send your own instead.'
      );
      expect(element.shadowRoot!.querySelector('[data-id="missing"]')).toBeNull();
      sendButton(element).click();
      await flushPromises();

      // No subject or body of the rep's: the companion sends the template (emailTemplateId).
      expect(mocked(updateRecord)).toHaveBeenCalledWith({
        fields: expect.objectContaining({
          Id: 'a05000000000002AAA',
          Requested_Outcome__c: 'Send',
          Draft_Subject__c: '',
          Draft_Body__c: ''
        })
      });
    });

    it('says the preview is on its way until the companion publishes it, and previews what the rep writes instead', async () => {
      const element = await createComposer(templateItem({ subject: '', body: '' }));

      expect(byId(element, 'template-note').textContent).toBe(
        'From the email template: its preview for this person appears shortly.'
      );
      await change(element, 'lightning-input[data-id="subject"]', 'Hello {!Recipient.FirstName}');
      expect(byId(element, 'preview-subject').textContent).toBe('Hello Grace');
      expect(element.shadowRoot!.querySelector('[data-id="template-note"]')).toBeNull();
    });
  });

  it('asks for a subject and body', async () => {
    const element = await createComposer();

    await change(element, 'lightning-input[data-id="subject"]', '   ');
    sendButton(element).click();
    await flushPromises();

    expect(mocked(updateRecord)).not.toHaveBeenCalled();
    expect(footerPart(element, 'error').textContent).toBe('Add a subject and a body before sending.');
  });

  it('sends Shift+Tab from the close button round to Send, through the shared footer', async () => {
    const element = await createComposer();
    const modal = shadowQuery(element, 'c-stride-modal');
    const send = sendButton(element);
    const focusSend = jest.spyOn(send, 'focus');

    // The browser moves Shift+Tab from the close button onto the modal's leading focus guard.
    shadowQuery(modal, '[data-id="focus-start"]').focus();
    expect(focusSend).toHaveBeenCalledTimes(1);

    // With Send disabled (opted out), Save draft is the last control that takes focus.
    Object.assign(element, {
      item: { ...EMAIL_ITEM, person: { ...EMAIL_ITEM.person, HasOptedOutOfEmail: true } }
    });
    await flushPromises();
    const focusDraft = jest.spyOn(footerPart(element, 'save-draft'), 'focus');
    shadowQuery(modal, '.slds-modal__close').focus();
    shadowQuery(modal, '[data-id="focus-start"]').focus();
    expect([focusSend.mock.calls.length, focusDraft.mock.calls.length]).toEqual([1, 1]);
  });

  it('is accessible when data is returned', async () => {
    const element = await createComposer();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    mocked(updateRecord).mockRejectedValueOnce({ body: { message: 'Draft_Cc__c: value too long' } });
    const element = await createComposer();
    sendButton(element).click();
    await flushPromises();

    expect(footerPart(element, 'error').textContent).toBe(
      'The email was not queued: Draft_Cc__c: value too long'
    );
    await expect(element).toBeAccessible();
  });
});
