import { createElement } from '@lwc/engine-dom';
import StrideParticipantPanel from 'c/strideParticipantPanel';
import { graphql } from 'lightning/graphql';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { createRecord, getRecord, updateRecord } from 'lightning/uiRecordApi';
import {
  captureToasts,
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import PANEL_ENROLLED from './data/panel.enrolled.json';
import PANEL_NOT_ENROLLED from './data/panel.notEnrolled.json';
import PARTICIPANT_ACTIONS from './data/participantActions.json';
import LEAD_RECORD from './data/getRecord.lead.json';
import OBJECT_INFOS from '../../__tests__/data/getObjectInfos.lead.json';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');
const graphqlAdapter = testAdapter(graphql) as ReturnType<typeof testAdapter> & {
  emit(value: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
};

async function createPanel(panelData: unknown, refresh?: jest.Mock) {
  const element = createElement('c-stride-participant-panel', { is: StrideParticipantPanel });
  Object.assign(element, { recordId: '00Q000000000001AAA', objectApiName: 'Lead' });
  document.body.appendChild(element);
  graphqlAdapter.emit(panelData, undefined, refresh);
  await flushPromises();
  graphqlAdapter.emit(PARTICIPANT_ACTIONS, undefined, refresh);
  testAdapter(getObjectInfos).emit(OBJECT_INFOS);
  testAdapter(getRecord).emit(LEAD_RECORD);
  await flushPromises();
  return element;
}

/** The variables of every graphql wire of the panel (a filter that emits nothing, only looks). */
function wireVariables() {
  const seen: unknown[] = [];
  graphqlAdapter.emit(undefined, (config: { variables?: unknown }) => {
    seen.push(config.variables);
    return false;
  });
  return seen;
}

function sequenceRows(element: Element) {
  return shadowQueryAll(element, 'li.stride-sequence').map((li) => ({
    name: li.querySelector('.stride-sequence-name')!.textContent,
    reason: li.querySelector('.stride-reason')?.textContent ?? '',
    disabled: (li.querySelector('lightning-button') as HTMLElement & { disabled: boolean }).disabled
  }));
}

function button(element: Element, dataId: string) {
  return shadowQuery(element, `lightning-button[data-id="${dataId}"]`);
}

describe('c-stride-participant-panel', () => {
  let refresh: jest.Mock;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    refresh = jest.fn().mockResolvedValue(undefined);
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('shows the current enrollment and a timeline of its actions', async () => {
    const element = await createPanel(PANEL_ENROLLED);

    expect(shadowQuery(element, '[data-id="current"] h3').textContent).toBe('Inbound follow-up: Active');
    const items = shadowQueryAll(element, 'li.stride-timeline-item').map((li) => [
      li.querySelector('.stride-action-title')!.textContent,
      li.querySelector('[data-id="status"]')!.textContent,
      li.querySelector('[data-id="reason"]')?.textContent ?? ''
    ]);
    expect(items).toEqual([
      ['Step 1: Intro call', 'Completed', ''],
      ['Step 2: Follow-up email', 'Skipped', 'Email opt-out'],
      ['Step 3: Send proposal', 'Due', ''],
      ['Step 4: Check-in call', 'Upcoming', '']
    ]);
    expect(wireVariables()).toContainEqual({ participantId: 'a03000000000001AAA' });
  });

  it('shows no date for a later step whose projected date has passed', async () => {
    const actions = JSON.parse(JSON.stringify(PARTICIPANT_ACTIONS));
    const step4 = actions.uiapi.query.Participant_Action__c.edges[3].node;
    step4.Due_At__c.value = '2026-11-29T15:00:00.000Z';
    const element = createElement('c-stride-participant-panel', { is: StrideParticipantPanel });
    Object.assign(element, { recordId: '00Q000000000001AAA', objectApiName: 'Lead' });
    document.body.appendChild(element);
    graphqlAdapter.emit(PANEL_ENROLLED);
    await flushPromises();
    graphqlAdapter.emit(actions);
    await flushPromises();

    const dates = shadowQueryAll(element, 'li.stride-timeline-item lightning-formatted-date-time').map(
      (d) => (d as HTMLElement & { value: string | null }).value
    );
    expect(dates[3]).toBeNull();
    expect(dates[2]).toBe(actions.uiapi.query.Participant_Action__c.edges[2].node.Due_At__c.value);
  });

  it('lists every sequence disabled while the person is enrolled', async () => {
    const element = await createPanel(PANEL_ENROLLED);

    expect(sequenceRows(element).map((r) => [r.reason, r.disabled])).toEqual(
      Array(5).fill(['Already in Inbound follow-up. Remove them from it first.', true])
    );
  });

  it('says which sequences are eligible and why the others are not', async () => {
    const element = await createPanel(PANEL_NOT_ENROLLED);

    expect(shadowQuery(element, '[data-id="not-enrolled"]').textContent).toBe('Not in a sequence.');
    expect(sequenceRows(element)).toEqual([
      { name: 'Hot leads', reason: 'Does not meet the entry criteria.', disabled: true },
      { name: 'Inbound follow-up', reason: '', disabled: false },
      { name: 'Re-engage', reason: '', disabled: false }, // exited before, but repeatable
      {
        name: 'Webinar attendees',
        reason: 'Already went through this sequence, which is not repeatable.',
        disabled: true
      },
      { name: 'Working leads', reason: '', disabled: false } // Rating is Warm: condition 2 of "1 OR 2"
    ]);
    // Every button reads "Enroll" on screen; assistive technology hears which sequence.
    expect(
      shadowQueryAll(element, 'li.stride-sequence lightning-button').map((b) => [
        (b as HTMLElement & { label: string }).label,
        b.getAttribute('aria-label')
      ])
    ).toEqual([
      ['Enroll', 'Enroll in Hot leads'],
      ['Enroll', 'Enroll in Inbound follow-up'],
      ['Enroll', 'Enroll in Re-engage'],
      ['Enroll', 'Enroll in Webinar attendees'],
      ['Enroll', 'Enroll in Working leads']
    ]);
    expect(testAdapter(getRecord).getLastConfig()).toEqual({
      recordId: '00Q000000000001AAA',
      optionalFields: ['Lead.IsConverted', 'Lead.Rating', 'Lead.Status']
    });
  });

  it('enrolls into an eligible sequence as a Queued participant', async () => {
    mocked(createRecord).mockResolvedValueOnce({
      id: 'a03000000000009AAA',
      apiName: 'Sequence_Participant__c',
      fields: {}
    });
    const element = await createPanel(PANEL_NOT_ENROLLED, refresh);
    const toasts = captureToasts(element);

    shadowQuery(element, 'li[data-id="a01000000000001AAA"] lightning-button').click();
    await flushPromises();

    expect(mocked(createRecord)).toHaveBeenCalledWith({
      apiName: 'Sequence_Participant__c',
      fields: {
        Sequence__c: 'a01000000000001AAA',
        Lead__c: '00Q000000000001AAA',
        Person_Key__c: '00Q000000000001AAA',
        Enrolled_At__c: '2026-11-30T15:00:00.000Z'
      }
    });
    expect(toasts.mock.calls[0][0].detail).toEqual({
      title: 'Saved',
      message: 'Enrolled in Inbound follow-up. Stride schedules the first action shortly.',
      variant: 'success'
    });
    expect(refresh).toHaveBeenCalled();
  });

  it('requests pause, and removal after confirmation', async () => {
    const element = await createPanel(PANEL_ENROLLED, refresh);

    button(element, 'pause').click();
    await flushPromises();
    expect(mocked(updateRecord)).toHaveBeenLastCalledWith({
      fields: { Id: 'a03000000000001AAA', Requested_Status__c: 'Paused' }
    });

    button(element, 'remove').click();
    await flushPromises();
    expect((shadowQuery(element, 'c-stride-modal') as HTMLElement & { heading: string }).heading).toBe(
      'Remove from Inbound follow-up?'
    );
    expect(mocked(updateRecord)).toHaveBeenCalledTimes(1);
    button(element, 'remove-confirm').click();
    await flushPromises();
    expect(mocked(updateRecord)).toHaveBeenLastCalledWith({
      fields: { Id: 'a03000000000001AAA', Requested_Status__c: 'Exited' }
    });
    expect(element.shadowRoot!.querySelector('c-stride-modal')).toBeNull();
  });

  it('offers resume for a paused enrollment and shows a pending request', async () => {
    const paused = JSON.parse(JSON.stringify(PANEL_ENROLLED));
    paused.uiapi.query.Sequence_Participant__c.edges[0].node.Status__c.value = 'Paused';
    const element = await createPanel(paused, refresh);

    expect(element.shadowRoot!.querySelector('lightning-button[data-id="pause"]')).toBeNull();
    button(element, 'resume').click();
    await flushPromises();
    expect(mocked(updateRecord)).toHaveBeenLastCalledWith({
      fields: { Id: 'a03000000000001AAA', Requested_Status__c: 'Active' }
    });

    paused.uiapi.query.Sequence_Participant__c.edges[0].node.Requested_Status__c.value = 'Active';
    graphqlAdapter.emit(paused, undefined, refresh);
    await flushPromises();
    expect(shadowQuery(element, '[data-id="requested"]').textContent).toBe('Active requested');
    expect(element.shadowRoot!.querySelector('lightning-button[data-id="resume"]')).toBeNull();
  });

  it('completes a Task action from the page', async () => {
    const element = await createPanel(PANEL_ENROLLED, refresh);

    const completeButtons = shadowQueryAll(element, 'li.stride-timeline-item lightning-button');
    expect(completeButtons).toHaveLength(1);
    completeButtons[0].click();
    await flushPromises();

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000103AAA',
        Requested_Outcome__c: 'Complete',
        Requested_At__c: '2026-11-30T15:00:00.000Z'
      }
    });
  });

  it('shows an error toast when a request fails', async () => {
    mocked(updateRecord).mockRejectedValueOnce({
      body: { message: 'insufficient access rights on cross-reference id' }
    });
    const element = await createPanel(PANEL_ENROLLED, refresh);
    const toasts = captureToasts(element);

    button(element, 'pause').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toEqual({
      title: 'Your change was not saved',
      message: 'insufficient access rights on cross-reference id',
      variant: 'error'
    });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('is accessible when data is returned', async () => {
    const element = await createPanel(PANEL_NOT_ENROLLED);

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    const element = createElement('c-stride-participant-panel', { is: StrideParticipantPanel });
    Object.assign(element, { recordId: '00Q000000000001AAA', objectApiName: 'Lead' });
    document.body.appendChild(element);
    graphqlAdapter.emitErrors([{ message: 'No access to Sequence_Participant__c' }]);
    await flushPromises();

    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe(
      'The sequence could not be loaded: No access to Sequence_Participant__c'
    );
    await expect(element).toBeAccessible();
  });
});
