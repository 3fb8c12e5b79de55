import { createElement } from '@lwc/engine-dom';
import StrideBulkEnroll from 'c/strideBulkEnroll';
import { graphql } from 'lightning/graphql';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { createRecord, getRecords } from 'lightning/uiRecordApi';
import {
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import SEQUENCES from './data/sequences.json';
import ENROLLMENTS from './data/enrollments.json';
import LEAD_RECORDS from './data/getRecords.leads.json';
import OBJECT_INFOS from '../../__tests__/data/getObjectInfos.lead.json';

const NOW = Date.parse('2026-12-07T09:00:00.000Z');
const LEADS = ['00Q000000000001AAA', '00Q000000000002AAA', '00Q000000000003AAA'];
type Config = { variables?: Record<string, unknown> };
const graphqlAdapter = graphql as unknown as {
  emit(value: unknown, filter?: (config: Config) => boolean): void;
};

async function createComponent(ids: string[]) {
  const element = createElement('c-stride-bulk-enroll', { is: StrideBulkEnroll });
  Object.assign(element, { ids });
  document.body.appendChild(element);
  graphqlAdapter.emit(SEQUENCES);
  testAdapter(getObjectInfos).emit(OBJECT_INFOS);
  await flushPromises();
  return element;
}

async function chooseSequence(element: HTMLElement, sequenceId: string) {
  const combobox = shadowQuery(element, 'lightning-combobox[data-id="sequence"]');
  combobox.dispatchEvent(new CustomEvent('change', { detail: { value: sequenceId } }));
  await flushPromises();
  graphqlAdapter.emit(ENROLLMENTS);
  testAdapter(getRecords).emit(LEAD_RECORDS);
  await flushPromises();
}

function ineligible(element: HTMLElement) {
  return shadowQueryAll(element, '[data-id="ineligible"] li').map((li) => [li.dataset.code, li.textContent]);
}

describe('c-stride-bulk-enroll', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => {
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('refuses a selection that mixes Leads and Contacts, and an empty one', async () => {
    const mixed = await createComponent(['00Q000000000001AAA', '003000000000001AAA']);
    expect(shadowQuery(mixed, '[data-id="selection-problem"]').textContent).toBe(
      'Select only Leads or only Contacts.'
    );
    resetDom();
    const empty = await createComponent([]);
    expect(shadowQuery(empty, '[data-id="selection-problem"]').textContent).toBe(
      'Select Leads or Contacts in the list view first.'
    );
  });

  it('offers the active Lead sequences and previews who can join and why the others cannot', async () => {
    const element = await createComponent(LEADS);
    expect(shadowQuery(element, '[data-id="selected"]').textContent).toBe('3 records selected');
    const combobox = shadowQuery<HTMLElement & { options: unknown[] }>(
      element,
      'lightning-combobox[data-id="sequence"]'
    );
    expect(combobox.options).toEqual([
      { label: 'Inbound follow-up', value: 'a01000000000001AAA' },
      { label: 'Working leads', value: 'a01000000000002AAA' }
    ]);

    await chooseSequence(element, 'a01000000000002AAA');

    expect(shadowQuery(element, '[data-id="eligible"]').textContent).toBe('1 of 3 can be enrolled');
    expect(ineligible(element)).toEqual([
      [
        'ALREADY_ENROLLED',
        'Lead 00Q000000000002AAA already has an open enrollment (a03000000000009AAA, Active) in sequence a01000000000005AAA'
      ],
      ['ENTRY_CRITERIA_NOT_MET', 'Lead 00Q000000000003AAA does not meet the entry criteria']
    ]);
    expect(
      shadowQuery<HTMLElement & { label: string }>(element, 'lightning-button[data-id="enroll"]').label
    ).toBe('Enroll 1');
  });

  it('enrolls the eligible records as Queued participants and reports each failure with its reason', async () => {
    mocked(createRecord)
      .mockResolvedValueOnce({ apiName: 'Sequence_Participant__c', id: 'a03000000000010AAA', fields: {} })
      .mockRejectedValueOnce({ body: [{ message: 'duplicate value found: Person_Key__c' }] });
    const element = await createComponent(LEADS);
    await chooseSequence(element, 'a01000000000001AAA');
    expect(shadowQuery(element, '[data-id="eligible"]').textContent).toBe('2 of 3 can be enrolled');

    shadowQuery(element, 'lightning-button[data-id="enroll"]').click();
    await flushPromises();
    await flushPromises();

    expect(mocked(createRecord).mock.calls.map(([input]) => input)).toEqual([
      {
        apiName: 'Sequence_Participant__c',
        fields: {
          Sequence__c: 'a01000000000001AAA',
          Lead__c: '00Q000000000001AAA',
          Person_Key__c: '00Q000000000001AAA',
          Enrolled_At__c: '2026-12-07T09:00:00.000Z'
        }
      },
      {
        apiName: 'Sequence_Participant__c',
        fields: {
          Sequence__c: 'a01000000000001AAA',
          Lead__c: '00Q000000000003AAA',
          Person_Key__c: '00Q000000000003AAA',
          Enrolled_At__c: '2026-12-07T09:00:00.000Z'
        }
      }
    ]);
    expect(shadowQuery(element, '[data-id="done"]').textContent).toBe(
      '1 enrolled. Stride schedules their first actions shortly.'
    );
    expect(shadowQuery(element, '[data-id="failed"]').textContent).toBe('1 could not be enrolled');
    expect(shadowQueryAll(element, 'ul li').map((li) => li.textContent)).toContain(
      '00Q000000000003AAA: duplicate value found: Person_Key__c'
    );
    expect(
      shadowQuery<HTMLElement & { disabled: boolean }>(element, 'lightning-button[data-id="enroll"]').disabled
    ).toBe(true);
  });

  it('is accessible', async () => {
    const element = await createComponent(LEADS);
    await chooseSequence(element, 'a01000000000002AAA');
    await expect(element).toBeAccessible();
  });
});
