import { createElement } from '@lwc/engine-dom';
import StrideSequenceEditor from 'c/strideSequenceEditor';
import { graphql } from 'lightning/graphql';
import { getObjectInfo, getObjectInfos, getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import { deleteRecord, getRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  captureToasts,
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import SEQUENCE from './data/getRecord.sequence.json';
import EDITOR_DRAFT from './data/editor.draft.json';
import EDITOR_LIVE from './data/editor.live.json';
import OPEN_ACTIONS from './data/openActions.json';
import OBJECT_INFOS from '../../__tests__/data/getObjectInfos.lead.json';
import LEAD_PICKLISTS from '../../__tests__/data/getPicklistValuesByRecordType.lead.json';

const graphqlAdapter = testAdapter(graphql) as ReturnType<typeof testAdapter> & {
  emit(value: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
};

async function createEditor(editorData: unknown, refresh?: jest.Mock) {
  const element = createElement('c-stride-sequence-editor', { is: StrideSequenceEditor });
  Object.assign(element, { recordId: 'a01000000000001AAA' });
  document.body.appendChild(element);
  testAdapter(getRecord).emit(SEQUENCE);
  graphqlAdapter.emit(editorData, undefined, refresh);
  await flushPromises();
  testAdapter(getObjectInfos).emit(OBJECT_INFOS);
  await flushPromises();
  testAdapter(getPicklistValuesByRecordType).emit(LEAD_PICKLISTS);
  await flushPromises();
  return element;
}

function actionNames(element: Element) {
  return shadowQueryAll(element, 'li.stride-action .stride-action-name').map((p) => p.textContent);
}

function actionButton(element: Element, index: number, selector: string) {
  return shadowQuery(
    element,
    `li.stride-action[data-index="${index}"] lightning-button-icon${selector}`
  ) as HTMLElement & { disabled: boolean };
}

function setting(element: Element, field: string) {
  return shadowQuery(element, `[data-field="${field}"]`) as HTMLElement & {
    value: unknown;
    checked: boolean;
    disabled: boolean;
    options: Array<{ value: string }>;
  };
}

function change(target: Element, detail: Record<string, unknown>) {
  target.dispatchEvent(new CustomEvent('change', { detail }));
  return flushPromises();
}

describe('c-stride-sequence-editor', () => {
  let refresh: jest.Mock;

  beforeEach(() => {
    refresh = jest.fn().mockResolvedValue(undefined);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.clearAllMocks();
  });

  it('shows the settings and the ordered actions', async () => {
    const element = await createEditor(EDITOR_DRAFT);

    expect(setting(element, 'Target_Object__c').value).toBe('Lead');
    expect(setting(element, 'Priority__c').value).toBe('P2');
    expect(setting(element, 'Slow_Drip_Per_Day__c').value).toBe(50);
    expect(setting(element, 'Exit_On_Reply__c').checked).toBe(true);
    expect(setting(element, 'Delegate_Field__c').options.map((o) => o.value)).toEqual([
      '',
      'OwnerId',
      'SDR__c'
    ]);
    const entry = shadowQuery(element, 'c-stride-criteria-builder[data-id="entry"]') as HTMLElement & {
      value: string;
      objectApiName: string;
    };
    expect([entry.value, entry.objectApiName]).toEqual([
      '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Hot"}]}',
      'Lead'
    ]);
    expect(actionNames(element)).toEqual(['Intro call', 'Follow-up email', 'Send proposal']);
    expect(shadowQueryAll(element, 'li.stride-action p.slds-text-body_small')[1].textContent).toBe(
      'Email · Automatic after 1 Days · Business Hours (Weekday)'
    );
  });

  it('reads a step without a delay as immediate, not "after 0 Days"', async () => {
    const draft = JSON.parse(JSON.stringify(EDITOR_DRAFT));
    draft.uiapi.query.Sequence_Action__c.edges[2].node.Delay_Amount__c = { value: 0 };
    const element = await createEditor(draft);

    expect(
      shadowQueryAll(element, 'li.stride-action p.slds-text-body_small').map((p) => p.textContent)
    ).toEqual([
      'Call · Manual immediately · Immediate (Any Day)',
      'Email · Automatic after 1 Days · Business Hours (Weekday)',
      'Task · Manual right after the previous step · Immediate (Any Day)'
    ]);
  });

  it('picks business hours by name from the org and the time zone from a list', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);
    graphqlAdapter.emit({
      uiapi: {
        query: {
          BusinessHours: {
            edges: [
              {
                node: {
                  Id: '01m000000000001AAA',
                  Name: { value: 'Default' },
                  TimeZoneSidKey: { value: 'America/Los_Angeles' }
                }
              },
              {
                node: {
                  Id: '01m000000000002AAA',
                  Name: { value: 'EMEA' },
                  TimeZoneSidKey: { value: 'Europe/London' }
                }
              }
            ]
          }
        }
      }
    });
    await flushPromises();

    const hours = setting(element, 'Business_Hours_Id__c') as ReturnType<typeof setting> & {
      options: Array<{ label: string; value: string }>;
    };
    expect(hours.tagName).toBe('LIGHTNING-COMBOBOX');
    // None saved: "None" shows, not the first business hours.
    expect(hours.value).toBe('');
    expect(hours.options).toEqual([
      { label: "None: each owner's working day", value: '' },
      { label: 'Default (America/Los_Angeles)', value: '01m000000000001AAA' },
      { label: 'EMEA (Europe/London)', value: '01m000000000002AAA' }
    ]);
    const zone = setting(element, 'Time_Zone__c') as ReturnType<typeof setting> & {
      options: Array<{ label: string; value: string }>;
    };
    expect(zone.tagName).toBe('LIGHTNING-COMBOBOX');
    expect(zone.value).toBe('America/New_York');
    const zones = zone.options.map((o) => o.value);
    expect(zones[0]).toBe('');
    expect(zones).toEqual(expect.arrayContaining(['America/New_York', 'Europe/London', 'Asia/Tokyo', 'UTC']));

    await change(hours, { value: '01m000000000002AAA' });
    await change(zone, { value: 'Europe/London' });
    shadowQuery(element, 'lightning-button[data-id="save-settings"]').click();
    await flushPromises();
    expect(mocked(updateRecord).mock.calls[0][0].fields).toMatchObject({
      Business_Hours_Id__c: '01m000000000002AAA',
      Time_Zone__c: 'Europe/London'
    });
  });

  it('saves the settings', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);
    const toasts = captureToasts(element);

    await change(setting(element, 'Delegate_Field__c'), { value: 'SDR__c' });
    await change(setting(element, 'Use_Recipient_Time_Zone__c'), { checked: true });
    await change(setting(element, 'Slow_Drip_Per_Day__c'), { value: '25' });
    shadowQuery(element, 'lightning-button[data-id="save-settings"]').click();
    await flushPromises();

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a01000000000001AAA',
        Target_Object__c: 'Lead',
        Active__c: true,
        Enrollment__c: 'Manual',
        Priority__c: 'P2',
        Delegate_Field__c: 'SDR__c',
        Business_Hours_Id__c: null,
        Use_Recipient_Time_Zone__c: true,
        Time_Zone__c: 'America/New_York',
        Slow_Drip_Per_Day__c: 25,
        Exit_On_Reply__c: true,
        Exit_On_Bounce__c: true,
        Repeatable__c: false,
        Entry_Criteria__c:
          '{"logic":"AND","conditions":[{"field":"Rating","operator":"equals","value":"Hot"}]}',
        Exit_Criteria__c: null
      }
    });
    expect(toasts.mock.calls[0][0].detail).toEqual({
      title: 'Saved',
      message: 'Sequence settings saved.',
      variant: 'success'
    });
  });

  it('keeps the record type with the target: the record type named after it', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);
    testAdapter(getObjectInfo).emit({
      apiName: 'Sequence__c',
      recordTypeInfos: {
        '012000000000001AAA': { master: false, name: 'Campaign', recordTypeId: '012000000000001AAA' },
        '012000000000003AAA': { master: false, name: 'Lead', recordTypeId: '012000000000003AAA' },
        '012000000000000AAA': { master: true, name: 'Master', recordTypeId: '012000000000000AAA' }
      }
    });
    await flushPromises();

    shadowQuery(element, 'lightning-button[data-id="save-settings"]').click();
    await flushPromises();

    expect(mocked(updateRecord).mock.calls[0][0].fields).toMatchObject({
      Target_Object__c: 'Lead',
      RecordTypeId: '012000000000003AAA'
    });
  });

  it('refuses to save a bad time zone, business hours id or criteria', async () => {
    const element = await createEditor(EDITOR_DRAFT);

    await change(setting(element, 'Time_Zone__c'), { value: 'Mars/Olympus' });
    await change(setting(element, 'Business_Hours_Id__c'), { value: '001000000000001' });
    expect(shadowQuery(element, '[data-id="time-zone-error"]').textContent).toBe(
      'Use a time zone name such as America/New_York.'
    );
    expect(shadowQuery(element, '[data-id="business-hours-error"]').textContent).toBe(
      'A business hours ID starts with 01m and has 15 or 18 characters.'
    );
    shadowQuery(element, 'lightning-button[data-id="save-settings"]').click();
    await flushPromises();

    expect(mocked(updateRecord)).not.toHaveBeenCalled();
    expect(shadowQuery(element, '[data-id="settings-error"]').textContent).toBe(
      'Fix the problems shown before saving.'
    );
  });

  it('reorders with the keyboard buttons and saves the new step numbers', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);

    expect(actionButton(element, 0, '[data-move="up"]').disabled).toBe(true);
    actionButton(element, 2, '[data-move="up"]').click();
    await flushPromises();

    expect(actionNames(element)).toEqual(['Intro call', 'Send proposal', 'Follow-up email']);
    expect(mocked(updateRecord).mock.calls.map((c) => c[0])).toEqual([
      { fields: { Id: 'a02000000000003AAA', Step_Number__c: 2 } },
      { fields: { Id: 'a02000000000002AAA', Step_Number__c: 3 } }
    ]);
    expect(shadowQuery(element, '[data-id="announcement"]').textContent).toBe('Send proposal is now step 2.');
    expect(refresh).toHaveBeenCalled();
  });

  it('keeps the rows where a move put them when data read for an earlier save arrives', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);
    const pendingWrites: Array<() => void> = [];
    mocked(updateRecord).mockImplementation(
      () => new Promise((resolve) => pendingWrites.push(() => resolve({} as never)))
    );

    actionButton(element, 2, '[data-move="up"]').click();
    await flushPromises();
    // The order as the org held it before the move is read while the move is still being saved.
    graphqlAdapter.emit(EDITOR_DRAFT, undefined, refresh);
    await flushPromises();
    expect(actionNames(element)).toEqual(['Intro call', 'Send proposal', 'Follow-up email']);

    for (const finish of pendingWrites) finish();
    await flushPromises();
    // Once every move is saved, what the org says is shown again.
    graphqlAdapter.emit(EDITOR_DRAFT, undefined, refresh);
    await flushPromises();
    expect(actionNames(element)).toEqual(['Intro call', 'Follow-up email', 'Send proposal']);
  });

  it('reorders by drag and drop', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);

    const items = shadowQueryAll(element, 'li.stride-action');
    items[0].dispatchEvent(new CustomEvent('dragstart'));
    const over = new CustomEvent('dragover', { cancelable: true });
    items[2].dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    items[2].dispatchEvent(new CustomEvent('drop', { cancelable: true }));
    await flushPromises();

    expect(actionNames(element)).toEqual(['Follow-up email', 'Send proposal', 'Intro call']);
    expect(mocked(updateRecord)).toHaveBeenCalledTimes(3);
  });

  it('keeps a live sequence append-only: no reorder, target locked', async () => {
    const element = await createEditor(EDITOR_LIVE);

    expect(shadowQuery(element, '[data-id="live"]').textContent).toBe(
      '12 people are in this sequence: new actions can only be added at the end, and the order is fixed.'
    );
    expect(setting(element, 'Target_Object__c').disabled).toBe(true);
    expect(
      shadowQueryAll(element, 'lightning-button-icon[data-move]').map(
        (b) => (b as HTMLElement & { disabled: boolean }).disabled
      )
    ).toEqual(Array(6).fill(true));
    expect(shadowQuery(element, 'li.stride-action').getAttribute('draggable')).toBe('false');

    shadowQuery(element, 'lightning-button[data-id="add-action"]').click();
    await flushPromises();
    const actionEditor = shadowQuery(element, 'c-stride-action-editor') as HTMLElement & {
      action: { Step_Number__c: number };
    };
    expect(actionEditor.action.Step_Number__c).toBe(4);
  });

  it('warns how many open actions removing a live action cancels', async () => {
    const element = await createEditor(EDITOR_LIVE, refresh);

    actionButton(element, 1, '[data-command="remove"]').click();
    await flushPromises();
    expect(shadowQuery(element, '[data-id="remove-message"]').textContent).toBe('Counting the open actions…');
    expect((testAdapter(graphql).getLastConfig() as { variables: unknown }).variables).toEqual({
      actionId: 'a02000000000002AAA'
    });
    graphqlAdapter.emit(OPEN_ACTIONS);
    await flushPromises();
    expect(shadowQuery(element, '[data-id="remove-message"]').textContent).toBe(
      'Removing this action cancels 7 open actions for people in the sequence.'
    );

    shadowQuery(element, 'lightning-button[data-id="remove-confirm"]').click();
    await flushPromises();
    expect(mocked(deleteRecord)).toHaveBeenCalledWith('a02000000000002AAA');
    // Live: the remaining steps keep their numbers.
    expect(mocked(updateRecord)).not.toHaveBeenCalled();
  });

  it('renumbers the steps after removing an action from a draft sequence', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);

    actionButton(element, 0, '[data-command="remove"]').click();
    await flushPromises();
    expect(shadowQuery(element, '[data-id="remove-message"]').textContent).toBe(
      'Nobody is in the sequence, so no open action is affected.'
    );
    shadowQuery(element, 'lightning-button[data-id="remove-confirm"]').click();
    await flushPromises();

    expect(mocked(deleteRecord)).toHaveBeenCalledWith('a02000000000001AAA');
    expect(mocked(updateRecord).mock.calls.map((c) => c[0])).toEqual([
      { fields: { Id: 'a02000000000002AAA', Step_Number__c: 1 } },
      { fields: { Id: 'a02000000000003AAA', Step_Number__c: 2 } }
    ]);
  });

  it('opens the action editor for an action and refreshes after it saves', async () => {
    const element = await createEditor(EDITOR_DRAFT, refresh);
    const toasts = captureToasts(element);

    actionButton(element, 1, '[data-command="edit"]').click();
    await flushPromises();
    const actionEditor = shadowQuery(element, 'c-stride-action-editor') as HTMLElement & {
      action: Record<string, unknown>;
      targetObject: string;
      steps: unknown[];
    };
    expect(actionEditor.action).toMatchObject({
      Id: 'a02000000000002AAA',
      Name: 'Follow-up email',
      Step_Number__c: 2,
      Subject__c: 'Hi {!Recipient.FirstName}'
    });
    expect(actionEditor.targetObject).toBe('Lead');
    expect(actionEditor.steps).toHaveLength(3);

    actionEditor.dispatchEvent(
      new CustomEvent('saved', { detail: { message: 'Action "Follow-up email" saved.' } })
    );
    await flushPromises();
    expect(element.shadowRoot!.querySelector('c-stride-action-editor')).toBeNull();
    expect(toasts.mock.calls[0][0].detail.message).toBe('Action "Follow-up email" saved.');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('is accessible when data is returned', async () => {
    const element = await createEditor(EDITOR_LIVE);

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    const element = createElement('c-stride-sequence-editor', { is: StrideSequenceEditor });
    Object.assign(element, { recordId: 'a01000000000001AAA' });
    document.body.appendChild(element);
    graphqlAdapter.emitErrors([{ message: 'No access to Sequence_Action__c' }]);
    await flushPromises();

    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'The sequence could not be loaded: No access to Sequence_Action__c'
    );
    await expect(element).toBeAccessible();
  });
});
