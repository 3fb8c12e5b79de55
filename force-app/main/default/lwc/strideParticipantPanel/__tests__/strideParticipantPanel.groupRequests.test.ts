/**
 * Pause, resume and remove per participant on Opportunity and Campaign pages: the same requests as
 * the Lead page, one row per enrollment, each button named for the person it acts on.
 */
import { createElement } from '@lwc/engine-dom';
import StrideParticipantPanel from 'c/strideParticipantPanel';
import { graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import {
  captureToasts,
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll
} from '../../__tests__/utils/strideTestUtils';
import PANEL_OPPORTUNITY from './data/panel.opportunity.json';
import PANEL_CAMPAIGN from './data/panel.campaign.json';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');
const OPPORTUNITY = '006000000000001AAA';
const CAMPAIGN = '701000000000001AAA';
const AVA_IN_RENEWAL = 'a03000000000011AAA';
const LIAM_IN_RENEWAL = 'a03000000000012AAA';
const HALL_IN_WEBINAR = 'a03000000000021AAA';

const graphqlAdapter = graphql as unknown as {
  emit(value: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
};
const NO_MEMBERS = {
  uiapi: { query: { OpportunityContactRole: { edges: [] }, CampaignMember: { edges: [] } } }
};

type Button = HTMLElement & { label: string; disabled: boolean };

async function createPanel(objectApiName: string, recordId: string, panelData: unknown, refresh?: jest.Mock) {
  const element = createElement('c-stride-participant-panel', { is: StrideParticipantPanel });
  Object.assign(element, { recordId, objectApiName });
  document.body.appendChild(element);
  graphqlAdapter.emit(panelData, undefined, refresh);
  await flushPromises();
  graphqlAdapter.emit(NO_MEMBERS, undefined, refresh);
  await flushPromises();
  return element;
}

/** Each listed enrollment: the person, the pending request badge, and its buttons as [label, accessible name]. */
function participantRows(element: Element) {
  return shadowQueryAll(element, 'li.stride-group-participant').map((li) => [
    li.querySelector('.stride-person-name')!.textContent,
    li.querySelector('[data-id="requested"]')?.textContent ?? '',
    Array.from(li.querySelectorAll<Button>('lightning-button')).map((b) => [
      b.label,
      b.getAttribute('aria-label')
    ])
  ]);
}

function rowButton(element: Element, participantId: string, action: 'pause' | 'resume' | 'remove') {
  return shadowQuery<Button>(element, `li[data-id="${participantId}"] lightning-button[data-id="${action}"]`);
}

/** The element focused inside the panel's shadow root (the panel body after a request). */
const focusedIn = (element: Element) => element.shadowRoot!.activeElement?.getAttribute('data-id');

describe('c-stride-participant-panel: requests per participant on Opportunity and Campaign pages', () => {
  let refresh: jest.Mock;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    refresh = jest.fn().mockResolvedValue(undefined);
  });

  afterEach(() => {
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('gives each open enrollment the requests its status allows, named for the person', async () => {
    const element = await createPanel('Opportunity', OPPORTUNITY, PANEL_OPPORTUNITY);

    expect(participantRows(element)).toEqual([
      [
        'Ava Patel',
        '',
        [
          ['Pause', 'Pause Ava Patel'],
          ['Remove', 'Remove Ava Patel']
        ]
      ],
      [
        'Liam Chen',
        '',
        [
          ['Resume', 'Resume Liam Chen'],
          ['Remove', 'Remove Liam Chen']
        ]
      ],
      // A request waiting for the companion: no other until it is applied.
      ['Noah Kim', 'Paused requested', []],
      ['Emma Brown', '', []]
    ]);
  });

  it('requests a pause and a resume for the row clicked, then gives focus back to the panel', async () => {
    const element = await createPanel('Opportunity', OPPORTUNITY, PANEL_OPPORTUNITY, refresh);
    const toasts = captureToasts(element);

    rowButton(element, AVA_IN_RENEWAL, 'pause').click();
    await flushPromises();
    expect(mocked(updateRecord).mock.calls).toEqual([
      [{ fields: { Id: AVA_IN_RENEWAL, Requested_Status__c: 'Paused' } }]
    ]);
    expect(focusedIn(element)).toBe('panel-body');

    rowButton(element, LIAM_IN_RENEWAL, 'resume').click();
    await flushPromises();
    expect(mocked(updateRecord).mock.calls[1]).toEqual([
      { fields: { Id: LIAM_IN_RENEWAL, Requested_Status__c: 'Active' } }
    ]);
    expect(toasts.mock.calls.map(([event]) => event.detail)).toEqual([
      { title: 'Saved', message: 'Request recorded. Stride applies it shortly.', variant: 'success' },
      { title: 'Saved', message: 'Request recorded. Stride applies it shortly.', variant: 'success' }
    ]);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(focusedIn(element)).toBe('panel-body');
  });

  it('removes a campaign member after a confirmation that names them; Cancel changes nothing', async () => {
    const element = await createPanel('Campaign', CAMPAIGN, PANEL_CAMPAIGN, refresh);

    expect(participantRows(element)).toEqual([
      ['Daniel Hall', '', [['Remove', 'Remove Daniel Hall']]], // Queued: not started, so no pause yet
      [
        'Ava Patel',
        '',
        [
          ['Pause', 'Pause Ava Patel'],
          ['Remove', 'Remove Ava Patel']
        ]
      ]
    ]);

    rowButton(element, HALL_IN_WEBINAR, 'remove').click();
    await flushPromises();
    expect(shadowQuery<HTMLElement & { heading: string }>(element, 'c-stride-modal').heading).toBe(
      'Remove Daniel Hall from Webinar follow-up?'
    );
    shadowQuery(element, 'lightning-button[data-id="remove-cancel"]').click();
    await flushPromises();
    expect(element.shadowRoot!.querySelector('c-stride-modal')).toBeNull();
    expect(mocked(updateRecord)).not.toHaveBeenCalled();

    rowButton(element, HALL_IN_WEBINAR, 'remove').click();
    await flushPromises();
    shadowQuery(element, 'lightning-button[data-id="remove-confirm"]').click();
    await flushPromises();
    expect(mocked(updateRecord).mock.calls).toEqual([
      [{ fields: { Id: HALL_IN_WEBINAR, Requested_Status__c: 'Exited' } }]
    ]);
    expect(element.shadowRoot!.querySelector('c-stride-modal')).toBeNull();
    expect(refresh).toHaveBeenCalled();
    expect(focusedIn(element)).toBe('panel-body');
  });

  it('disables every row while a request is saving', async () => {
    let settle: () => void = () => undefined;
    mocked(updateRecord).mockReturnValueOnce(
      new Promise<Awaited<ReturnType<typeof updateRecord>>>((resolve) => {
        settle = () => resolve({} as Awaited<ReturnType<typeof updateRecord>>);
      })
    );
    const element = await createPanel('Opportunity', OPPORTUNITY, PANEL_OPPORTUNITY, refresh);

    rowButton(element, AVA_IN_RENEWAL, 'pause').click();
    await flushPromises();
    expect(
      shadowQueryAll<Button>(element, 'li.stride-group-participant lightning-button').map((b) => b.disabled)
    ).toEqual([true, true, true, true]);

    settle();
    await flushPromises();
    expect(
      shadowQueryAll<Button>(element, 'li.stride-group-participant lightning-button').map((b) => b.disabled)
    ).toEqual([false, false, false, false]);
  });

  it('names a refused request in an error toast', async () => {
    mocked(updateRecord).mockRejectedValueOnce({
      body: { message: 'insufficient access rights on cross-reference id' }
    });
    const element = await createPanel('Opportunity', OPPORTUNITY, PANEL_OPPORTUNITY, refresh);
    const toasts = captureToasts(element);

    rowButton(element, LIAM_IN_RENEWAL, 'resume').click();
    await flushPromises();

    expect(toasts.mock.calls.map(([event]) => event.detail)).toEqual([
      {
        title: 'Your change was not saved',
        message: 'insufficient access rights on cross-reference id',
        variant: 'error'
      }
    ]);
    expect(refresh).not.toHaveBeenCalled();
    expect(focusedIn(element)).toBe('panel-body');
  });

  it('is accessible with the requests of several participants and with the Remove dialog open', async () => {
    const element = await createPanel('Opportunity', OPPORTUNITY, PANEL_OPPORTUNITY);
    await expect(element).toBeAccessible();

    rowButton(element, AVA_IN_RENEWAL, 'remove').click();
    await flushPromises();
    await expect(element).toBeAccessible();
  });
});
