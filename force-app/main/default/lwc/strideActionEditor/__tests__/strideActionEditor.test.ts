import { createElement } from '@lwc/engine-dom';
import StrideActionEditor from 'c/strideActionEditor';
import { fromObjectInfo } from 'c/strideCore';
import { graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import OBJECT_INFOS from '../../__tests__/data/getObjectInfos.lead.json';
import LEAD_PICKLISTS from '../../__tests__/data/getPicklistValuesByRecordType.lead.json';

type ObjectInfo = Parameters<typeof fromObjectInfo>[0];
const CATALOG = Object.fromEntries(
  (OBJECT_INFOS.results as Array<{ result: ObjectInfo }>).map(({ result }) => [
    result.apiName,
    fromObjectInfo(result, result.apiName === 'Lead' ? LEAD_PICKLISTS.picklistFieldValues : {})
  ])
);
const STEPS = [
  { name: 'Intro call', delayAmount: 0, delayUnit: 'Minutes', timing: 'Immediate (Any Day)' },
  { name: 'Follow-up email', delayAmount: 1, delayUnit: 'Days', timing: 'Business Hours (Weekday)' }
];
const EMAIL_ACTION = {
  Id: 'a02000000000002AAA',
  Name: 'Follow-up email',
  Step_Number__c: 2,
  Type__c: 'Email',
  Activation__c: 'Automatic',
  Delay_Amount__c: 1,
  Delay_Unit__c: 'Days',
  Timing__c: 'Business Hours (Weekday)',
  Subject__c: 'Following up, {!Recipient.FirstName}',
  Body__c: '<p>Hi {!Recipient.FirstName}</p>',
  Task_Priority__c: 'Normal',
  Criteria_Behavior__c: 'Wait',
  Field_Updates_Required__c: false
};

function createEditor(action: unknown) {
  const element = createElement('c-stride-action-editor', { is: StrideActionEditor });
  Object.assign(element, {
    sequenceId: 'a01000000000001AAA',
    targetObject: 'Lead',
    catalog: CATALOG,
    steps: STEPS,
    action
  });
  document.body.appendChild(element);
  return element;
}

function field(element: Element, name: string) {
  return shadowQuery(element, `[data-field="${name}"]`) as HTMLElement & {
    value: unknown;
    disabled: boolean;
    options: Array<{ value: string }>;
  };
}

function change(target: Element, detail: Record<string, unknown>, name = 'change') {
  target.dispatchEvent(new CustomEvent(name, { detail }));
  return flushPromises();
}

function save(element: Element) {
  shadowQuery(element, 'lightning-button[data-id="save"]').click();
  return flushPromises();
}

describe('c-stride-action-editor', () => {
  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.clearAllMocks();
  });

  it('shows the settings of the action type', async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();

    expect((shadowQuery(element, 'c-stride-modal') as HTMLElement & { heading: string }).heading).toBe(
      'Edit step 2: Follow-up email'
    );
    expect(field(element, 'Subject__c').value).toBe('Following up, {!Recipient.FirstName}');
    expect(field(element, 'Activation__c').disabled).toBe(false);
    expect(element.shadowRoot!.querySelector('[data-field="Task_Subject__c"]')).toBeNull();

    await change(field(element, 'Type__c'), { value: 'Call' });
    expect(field(element, 'Activation__c').value).toBe('Manual');
    expect(field(element, 'Activation__c').disabled).toBe(true);
    expect(element.shadowRoot!.querySelector('[data-field="Subject__c"]')).toBeNull();

    await change(field(element, 'Type__c'), { value: 'Task' });
    expect(field(element, 'Task_Priority__c').value).toBe('Normal');
  });

  it("hides the advanced settings until asked, and offers the target's user lookups for delegation", async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    expect(element.shadowRoot!.querySelector('[data-id="advanced-settings"]')).toBeNull();

    shadowQuery(element, 'lightning-button[data-id="advanced"]').click();
    await flushPromises();

    expect(field(element, 'Delegate_Field__c').options.map((o) => o.value)).toEqual([
      '',
      'OwnerId',
      'SDR__c'
    ]);
    expect(shadowQuery(element, 'c-stride-criteria-builder')).not.toBeNull();
    expect(shadowQuery(element, 'c-stride-field-updates')).not.toBeNull();
  });

  it("previews the schedule with the form's timing", async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();

    await change(field(element, 'Delay_Amount__c'), { value: '3' });
    const preview = shadowQuery(element, 'c-stride-schedule-preview') as HTMLElement & {
      steps: unknown[];
      stepIndex: number;
    };
    expect(preview.stepIndex).toBe(1);
    expect(preview.steps).toEqual([
      STEPS[0],
      { name: 'Follow-up email', delayAmount: 3, delayUnit: 'Days', timing: 'Business Hours (Weekday)' }
    ]);
  });

  it('checks merge fields before saving', async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();

    await change(field(element, 'Subject__c'), { value: 'Hi {!Lead.Nmae}' });
    expect(shadowQueryAll(element, '[data-id="template-error"]').map((p) => p.textContent)).toEqual([
      '{!Lead.Nmae}: Lead has no field named "Nmae" (position 4)'
    ]);
    await save(element);
    expect(mocked(updateRecord)).not.toHaveBeenCalled();
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'Fix the problems shown before saving.'
    );
  });

  it('does not save invalid criteria reported by the builder', async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    shadowQuery(element, 'lightning-button[data-id="advanced"]').click();
    await flushPromises();

    await change(
      shadowQuery(element, 'c-stride-criteria-builder'),
      {
        value: '{"logic":"CUSTOM","expression":"1 OR","conditions":[]}',
        valid: false
      },
      'criteriachange'
    );
    await save(element);

    expect(mocked(updateRecord)).not.toHaveBeenCalled();
  });

  it('updates an existing action with every setting', async () => {
    mocked(updateRecord).mockResolvedValueOnce({
      id: 'a02000000000002AAA',
      apiName: 'Sequence_Action__c',
      fields: {}
    });
    const element = createEditor(EMAIL_ACTION);
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    await flushPromises();
    shadowQuery(element, 'lightning-button[data-id="advanced"]').click();
    await flushPromises();
    await change(field(element, 'Delegate_Field__c'), { value: 'SDR__c' });
    await change(
      shadowQuery(element, 'c-stride-criteria-builder'),
      {
        value: '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Hot"}]}',
        valid: true
      },
      'criteriachange'
    );
    await change(
      shadowQuery(element, 'c-stride-field-updates'),
      {
        value: '[{"field":"Status","value":"Working - Contacted"}]',
        valid: true
      },
      'updateschange'
    );
    await change(field(element, 'Field_Updates_Required__c'), { checked: true });

    await save(element);

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a02000000000002AAA',
        Name: 'Follow-up email',
        Step_Number__c: 2,
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Delay_Amount__c: 1,
        Delay_Unit__c: 'Days',
        Timing__c: 'Business Hours (Weekday)',
        Subject__c: 'Following up, {!Recipient.FirstName}',
        Body__c: '<p>Hi {!Recipient.FirstName}</p>',
        Email_Template_Id__c: null,
        Cc__c: null,
        Bcc__c: null,
        SMS_Template__c: null,
        Task_Subject__c: null,
        Task_Priority__c: 'Normal',
        Delegate_Field__c: 'SDR__c',
        Criteria__c: '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Hot"}]}',
        Criteria_Behavior__c: 'Wait',
        Field_Updates_Required__c: true,
        Field_Updates__c: '[{"field":"Status","value":"Working - Contacted"}]'
      }
    });
    expect(saved.mock.calls[0][0].detail).toEqual({
      id: 'a02000000000002AAA',
      message: 'Action "Follow-up email" saved.'
    });
  });

  it('picks the email template by name from the org, and saves its Id', async () => {
    mocked(updateRecord).mockResolvedValueOnce({
      id: 'a02000000000002AAA',
      apiName: 'Sequence_Action__c',
      fields: {}
    });
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    // Until the org lists its templates the Id box stands in.
    expect((field(element, 'Email_Template_Id__c') as HTMLElement).tagName).toBe('LIGHTNING-INPUT');
    testAdapter(graphql).emit({
      uiapi: {
        query: {
          EmailTemplate: {
            edges: [
              { node: { Id: '00X000000000001EAA', Name: { value: 'Stride Intro' } } },
              { node: { Id: '00X000000000002EAA', Name: { value: 'Webinar follow-up' } } }
            ]
          }
        }
      }
    });
    await flushPromises();

    const picker = field(element, 'Email_Template_Id__c') as unknown as HTMLElement & {
      options: Array<{ label: string; value: string }>;
      label: string;
      value: string;
    };
    expect(picker.tagName).toBe('LIGHTNING-COMBOBOX');
    expect(picker.label).toBe('Email template (optional)');
    // No template chosen yet: "None" shows, not the first template.
    expect(picker.value).toBe('');
    expect(picker.options).toEqual([
      { label: 'None: the subject and body above', value: '' },
      { label: 'Stride Intro', value: '00X000000000001EAA' },
      { label: 'Webinar follow-up', value: '00X000000000002EAA' }
    ]);
    await change(picker, { value: '00X000000000002EAA' });
    await save(element);
    expect(mocked(updateRecord).mock.calls[0][0].fields).toMatchObject({
      Email_Template_Id__c: '00X000000000002EAA'
    });
  });

  it('creates a new action under the sequence', async () => {
    mocked(createRecord).mockResolvedValueOnce({
      id: 'a02000000000003AAA',
      apiName: 'Sequence_Action__c',
      fields: {}
    });
    const element = createEditor({ Step_Number__c: 3 });
    await flushPromises();
    expect((shadowQuery(element, 'c-stride-modal') as HTMLElement & { heading: string }).heading).toBe(
      'New action (step 3)'
    );

    await save(element);
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe('Give the action a name.');

    await change(field(element, 'Name'), { value: 'Check-in call' });
    await change(field(element, 'Delay_Amount__c'), { value: '2' });
    await change(field(element, 'Delay_Unit__c'), { value: 'Hours' });
    await save(element);

    expect(mocked(createRecord)).toHaveBeenCalledWith({
      apiName: 'Sequence_Action__c',
      fields: expect.objectContaining({
        Sequence__c: 'a01000000000001AAA',
        Name: 'Check-in call',
        Step_Number__c: 3,
        Type__c: 'Call',
        Activation__c: 'Manual',
        Delay_Amount__c: 2,
        Delay_Unit__c: 'Hours',
        Timing__c: 'Immediate (Any Day)'
      })
    });
  });

  it('rejects a delay that is not a whole number', async () => {
    const element = createEditor({ ...EMAIL_ACTION });
    await flushPromises();

    await change(field(element, 'Delay_Amount__c'), { value: '1.5' });
    await save(element);

    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'The delay must be a whole number, 0 or more.'
    );
  });

  it('is accessible', async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    shadowQuery(element, 'lightning-button[data-id="advanced"]').click();
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is shown', async () => {
    mocked(updateRecord).mockRejectedValueOnce({ body: { message: 'Step_Number__c: required' } });
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    await save(element);

    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'The action was not saved: Step_Number__c: required'
    );
    await expect(element).toBeAccessible();
  });
});
