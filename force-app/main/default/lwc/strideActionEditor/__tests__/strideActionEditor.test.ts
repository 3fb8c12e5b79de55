import { createElement } from '@lwc/engine-dom';
import StrideActionEditor from 'c/strideActionEditor';
import { fromObjectInfo } from 'c/strideCore';
import { graphql } from 'lightning/graphql';
import { createRecord, deleteRecord, updateRecord } from 'lightning/uiRecordApi';
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
// The editor's variant query as the local org answers it for an email step with variants A (60%) and B (40%).
import VARIANTS from './data/variants.json';

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

describe('c-stride-action-editor variants', () => {
  const VARIANT_A_ID = 'a1X8b0000000002EAA';
  const VARIANT_B_ID = 'a1X8b0000000001EAA';

  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  type Input = HTMLElement & { value: string; label: string; setCustomValidity: jest.Mock };

  function variantInputs(element: Element, name: string) {
    return shadowQueryAll(element, `[data-variant-field="${name}"]`) as Input[];
  }
  function splits(element: Element) {
    return variantInputs(element, 'split').map((input) => input.value);
  }
  function addButton(element: Element) {
    return shadowQuery(element, 'lightning-button[data-id="add-variant"]') as HTMLElement & {
      disabled: boolean;
    };
  }
  function removeButton(element: Element, key: string) {
    return shadowQuery(element, `lightning-button[data-id="remove-variant"][data-key="${key}"]`);
  }
  async function click(target: HTMLElement) {
    target.click();
    await flushPromises();
  }
  /** Watches the split boxes' setCustomValidity (the stub's is a no-op). */
  function watchValidity(element: Element) {
    return variantInputs(element, 'split').map((input) => {
      const spy = jest.fn();
      Object.defineProperty(input, 'setCustomValidity', { value: spy, configurable: true });
      Object.defineProperty(input, 'reportValidity', { value: jest.fn(() => false), configurable: true });
      return spy;
    });
  }
  async function editorWithSavedVariants(action: Record<string, unknown> = EMAIL_ACTION) {
    const element = createEditor(action);
    await flushPromises();
    testAdapter(graphql).emit(VARIANTS);
    await flushPromises();
    return element;
  }

  it('lists the saved variants of an email step with their split, subject and body', async () => {
    const element = await editorWithSavedVariants();

    expect(shadowQuery(element, 'fieldset[data-id="variants"] legend').textContent).toBe(
      'Variants (A/B test)'
    );
    expect(shadowQueryAll(element, '[data-id="variant-heading"]').map((h) => h.textContent)).toEqual([
      'Variant A',
      'Variant B'
    ]);
    expect(variantInputs(element, 'split').map((input) => input.label)).toEqual([
      'Variant A split (%)',
      'Variant B split (%)'
    ]);
    expect(splits(element)).toEqual(['60', '40']);
    expect(variantInputs(element, 'subject').map((input) => [input.label, input.value])).toEqual([
      ['Variant A email subject', 'Quick question, {!Recipient.FirstName}'],
      ['Variant B email subject', 'An idea for {!Recipient.FirstName}']
    ]);
    expect(variantInputs(element, 'body').map((input) => [input.label, input.value])).toEqual([
      ['Variant A email body', '<p>Hello {!Recipient.FirstName}, one question.</p>'],
      ['Variant B email body', '']
    ]);
    expect(
      shadowQueryAll(element, 'lightning-button[data-id="remove-variant"]').map(
        (button) => (button as HTMLElement & { label: string }).label
      )
    ).toEqual(['Remove variant A', 'Remove variant B']);
    expect(addButton(element).disabled).toBe(false);
    expect(element.shadowRoot?.querySelector('[data-id="variant-cap"]') ?? null).toBeNull();
  });

  it('offers variants for Email and SMS steps only, with the SMS text as the content', async () => {
    const element = await editorWithSavedVariants({
      ...EMAIL_ACTION,
      Type__c: 'SMS',
      Activation__c: 'Manual'
    });
    expect(variantInputs(element, 'subject')).toEqual([]);
    expect(variantInputs(element, 'body').map((input) => [input.tagName, input.label])).toEqual([
      ['LIGHTNING-TEXTAREA', 'Variant A SMS text'],
      ['LIGHTNING-TEXTAREA', 'Variant B SMS text']
    ]);

    await change(field(element, 'Type__c'), { value: 'Call' });
    expect(element.shadowRoot?.querySelector('fieldset[data-id="variants"]') ?? null).toBeNull();
  });

  it('adds up to 3 variants with even splits, says why a fourth cannot be added, and removes one', async () => {
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    // Until the saved variants are read, adding waits (a saved A must not be added again).
    expect(addButton(element).disabled).toBe(true);
    testAdapter(graphql).emit({ uiapi: { query: { Action_Variant__c: { edges: [] } } } });
    await flushPromises();
    expect(addButton(element).disabled).toBe(false);
    expect(shadowQuery(element, '[data-id="no-variants"]').textContent).toBe(
      'No variants: every participant gets the content above.'
    );

    await click(addButton(element));
    expect(splits(element)).toEqual(['100']);
    await click(addButton(element));
    expect(shadowQueryAll(element, '[data-id="variant-heading"]').map((h) => h.textContent)).toEqual([
      'Variant A',
      'Variant B'
    ]);
    expect(splits(element)).toEqual(['50', '50']);
    await click(addButton(element));
    expect(splits(element)).toEqual(['34', '33', '33']);
    expect(addButton(element).disabled).toBe(true);
    expect(shadowQuery(element, '[data-id="variant-cap"]').textContent.trim()).toBe(
      'A step has at most 3 variants.'
    );

    await click(removeButton(element, 'B'));
    expect(shadowQueryAll(element, '[data-id="variant-heading"]').map((h) => h.textContent)).toEqual([
      'Variant A',
      'Variant C'
    ]);
    expect(splits(element)).toEqual(['50', '50']);
    expect(addButton(element).disabled).toBe(false);
    expect(element.shadowRoot?.querySelector('[data-id="variant-cap"]') ?? null).toBeNull();
    // The free letter comes back in its place.
    await click(addButton(element));
    expect(shadowQueryAll(element, '[data-id="variant-heading"]').map((h) => h.textContent)).toEqual([
      'Variant A',
      'Variant B',
      'Variant C'
    ]);
  });

  it('refuses splits that do not add up to 100, at the split boxes', async () => {
    const element = await editorWithSavedVariants();
    await change(variantInputs(element, 'split')[0], { value: '50' });
    const [a, b] = watchValidity(element);
    await save(element);

    const total = 'The split percentages add up to 90; they must add up to 100.';
    expect(a).toHaveBeenLastCalledWith(total);
    expect(b).toHaveBeenLastCalledWith(total);
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(total);
    expect(mocked(updateRecord)).not.toHaveBeenCalled();

    // Changing a split clears the complaint.
    await change(variantInputs(element, 'split')[1], { value: '50' });
    expect(a).toHaveBeenLastCalledWith('');
    expect(b).toHaveBeenLastCalledWith('');
  });

  it.each([
    ['0', 'A'],
    ['2.5', 'A'],
    ['', 'A'],
    ['100', 'A']
  ])('refuses the split "%s" at variant %s only', async (value, key) => {
    const element = await editorWithSavedVariants();
    await change(variantInputs(element, 'split')[0], { value });
    const [a, b] = watchValidity(element);
    await save(element);

    const message = `Variant ${key}'s split must be a whole percentage from 1 to 99.`;
    expect(a).toHaveBeenLastCalledWith(message);
    expect(b).toHaveBeenLastCalledWith('');
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(message);
    expect(mocked(updateRecord)).not.toHaveBeenCalled();
  });

  it('refuses a test with a single variant', async () => {
    const element = await editorWithSavedVariants();
    await click(removeButton(element, 'B'));
    await save(element);

    const message = 'A test needs at least 2 variants; remove the last one instead.';
    expect(shadowQuery(element, '[data-id="variant-error"]').textContent.trim()).toBe(message);
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(message);
    expect(mocked(updateRecord)).not.toHaveBeenCalled();
    expect(mocked(deleteRecord)).not.toHaveBeenCalled();
  });

  it('writes the variants after the action: removed deleted, saved updated, new created under it', async () => {
    mocked(updateRecord).mockResolvedValue({
      id: 'a02000000000002AAA',
      apiName: 'Sequence_Action__c',
      fields: {}
    });
    mocked(createRecord).mockResolvedValueOnce({
      id: 'a1X8b0000000003EAA',
      apiName: 'Action_Variant__c',
      fields: {}
    });
    const element = await editorWithSavedVariants();
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    await click(removeButton(element, 'B'));
    await click(addButton(element));
    await change(variantInputs(element, 'subject')[1], { value: 'Last try, {!Recipient.FirstName}' });
    await change(variantInputs(element, 'split')[0], { value: '70' });
    await change(variantInputs(element, 'split')[1], { value: '30' });
    await save(element);

    expect(mocked(updateRecord).mock.calls.map(([input]) => input.fields.Id)).toEqual([
      'a02000000000002AAA',
      VARIANT_A_ID
    ]);
    expect(mocked(updateRecord).mock.calls[1][0]).toEqual({
      fields: {
        Id: VARIANT_A_ID,
        Name: 'Variant A',
        Variant_Key__c: 'A',
        Split_Percent__c: 70,
        Subject__c: 'Quick question, {!Recipient.FirstName}',
        Body__c: '<p>Hello {!Recipient.FirstName}, one question.</p>'
      }
    });
    expect(mocked(deleteRecord).mock.calls).toEqual([[VARIANT_B_ID]]);
    expect(mocked(createRecord).mock.calls).toEqual([
      [
        {
          apiName: 'Action_Variant__c',
          fields: {
            Sequence_Action__c: 'a02000000000002AAA',
            Name: 'Variant B',
            Variant_Key__c: 'B',
            Split_Percent__c: 30,
            Subject__c: 'Last try, {!Recipient.FirstName}',
            Body__c: null
          }
        }
      ]
    ]);
    expect(saved).toHaveBeenCalledTimes(1);
    expect(saved.mock.calls[0][0].detail).toEqual({
      id: 'a02000000000002AAA',
      message: 'Action "Follow-up email" saved.'
    });
  });

  it('creates the variants of a new action under the action just created', async () => {
    mocked(createRecord)
      .mockResolvedValueOnce({ id: 'a02000000000009AAA', apiName: 'Sequence_Action__c', fields: {} })
      .mockResolvedValue({ id: 'a1X8b0000000009EAA', apiName: 'Action_Variant__c', fields: {} });
    const element = createEditor({ Step_Number__c: 3 });
    await flushPromises();
    await change(field(element, 'Name'), { value: 'Check-in text' });
    await change(field(element, 'Type__c'), { value: 'SMS' });
    await click(addButton(element));
    await click(addButton(element));
    await change(variantInputs(element, 'body')[0], { value: 'Hi {!Recipient.FirstName}, a minute?' });
    await save(element);

    expect(mocked(createRecord).mock.calls.slice(1)).toEqual([
      [
        {
          apiName: 'Action_Variant__c',
          fields: {
            Sequence_Action__c: 'a02000000000009AAA',
            Name: 'Variant A',
            Variant_Key__c: 'A',
            Split_Percent__c: 50,
            Subject__c: null,
            Body__c: 'Hi {!Recipient.FirstName}, a minute?'
          }
        }
      ],
      [
        {
          apiName: 'Action_Variant__c',
          fields: {
            Sequence_Action__c: 'a02000000000009AAA',
            Name: 'Variant B',
            Variant_Key__c: 'B',
            Split_Percent__c: 50,
            Subject__c: null,
            Body__c: null
          }
        }
      ]
    ]);
  });

  it('names the variant that failed in an error toast, stays open, and retries without duplicates', async () => {
    mocked(updateRecord).mockResolvedValue({
      id: 'a02000000000002AAA',
      apiName: 'Sequence_Action__c',
      fields: {}
    });
    mocked(createRecord)
      .mockResolvedValueOnce({ id: 'a1X8b0000000004EAA', apiName: 'Action_Variant__c', fields: {} })
      .mockRejectedValueOnce({ body: { message: 'Split_Percent__c: value outside of valid range' } })
      .mockResolvedValueOnce({ id: 'a1X8b0000000005EAA', apiName: 'Action_Variant__c', fields: {} });
    const element = createEditor(EMAIL_ACTION);
    await flushPromises();
    testAdapter(graphql).emit({ uiapi: { query: { Action_Variant__c: { edges: [] } } } });
    await flushPromises();
    const toasts = jest.fn();
    const saved = jest.fn();
    element.addEventListener('lightning__showtoast', toasts);
    element.addEventListener('saved', saved);
    await click(addButton(element));
    await click(addButton(element));
    await save(element);

    const message = 'Variant B was not saved: Split_Percent__c: value outside of valid range';
    expect(toasts.mock.calls.map(([event]) => event.detail)).toEqual([
      { title: message, message: '', variant: 'error' }
    ]);
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(message);
    expect(saved).not.toHaveBeenCalled();

    await save(element);
    // A, created the first time, is updated; only B is created again.
    expect(mocked(createRecord).mock.calls.map(([input]) => input.fields.Variant_Key__c)).toEqual([
      'A',
      'B',
      'B'
    ]);
    expect(mocked(updateRecord).mock.calls.map(([input]) => input.fields.Id)).toEqual([
      'a02000000000002AAA',
      'a02000000000002AAA',
      'a1X8b0000000004EAA'
    ]);
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('is accessible with variants and a complaint shown', async () => {
    const element = await editorWithSavedVariants();
    await click(addButton(element));
    await click(removeButton(element, 'A'));
    await click(removeButton(element, 'B'));
    await save(element);
    expect(element.shadowRoot?.querySelector('[data-id="variant-error"]') ?? null).not.toBeNull();

    await expect(element).toBeAccessible();
  });
});
