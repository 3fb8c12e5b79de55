/**
 * The participant panel on Opportunity and Campaign pages: who is enrolled through the record, and
 * enrolling the contact roles (all or one role) or the campaign members.
 */
import { createElement } from '@lwc/engine-dom';
import StrideParticipantPanel from 'c/strideParticipantPanel';
import { graphql } from 'lightning/graphql';
import { createRecord } from 'lightning/uiRecordApi';
import {
  captureToasts,
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';

const NOW = Date.parse('2026-11-30T15:00:00.000Z');
const OPPORTUNITY = '006000000000001AAA';
const CAMPAIGN = '701000000000001AAA';
const AVA = '003000000000001AAA';
const LIAM = '003000000000002AAA';
const NOAH = '003000000000003AAA';
const HALL = '00Q000000000001AAA';
const RENEWAL = 'a01000000000001AAA';
const EXPANSION = 'a01000000000002AAA';

const graphqlAdapter = testAdapter(graphql) as ReturnType<typeof testAdapter> & {
  emit(value: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
};
const field = <T>(v: T) => ({ value: v });
const sequence = (id: string, name: string, repeatable: boolean) => ({
  node: { Id: id, Name: field(name), Entry_Criteria__c: field(null), Repeatable__c: field(repeatable) }
});

function panelData(participants: unknown[], sequences: unknown[]) {
  return {
    uiapi: {
      query: {
        Sequence_Participant__c: { edges: participants },
        Sequence__c: { edges: sequences }
      }
    }
  };
}

const ROLES = {
  uiapi: {
    query: {
      OpportunityContactRole: {
        edges: [
          {
            node: {
              Id: '00K1',
              ContactId: field(LIAM),
              Role: field('Evaluator'),
              Contact: { Name: field('Liam Chen') }
            }
          },
          {
            node: {
              Id: '00K2',
              ContactId: field(AVA),
              Role: field('Decision Maker'),
              Contact: { Name: field('Ava Patel') }
            }
          },
          {
            node: {
              Id: '00K3',
              ContactId: field(AVA),
              Role: field('Economic Buyer'),
              Contact: { Name: field('Ava Patel') }
            }
          },
          {
            node: {
              Id: '00K4',
              ContactId: field(NOAH),
              Role: field('Evaluator'),
              Contact: { Name: field('Noah Kim') }
            }
          }
        ]
      },
      CampaignMember: { edges: [] }
    }
  }
};

/** Noah is in another sequence; Liam went through Renewal (not repeatable) before. */
const ROLE_ENROLLMENTS = {
  uiapi: {
    query: {
      memberEnrollments: {
        edges: [
          {
            node: {
              Id: 'a03000000000001AAA',
              Lead__c: field(null),
              Contact__c: field(NOAH),
              Status__c: field('Active'),
              Sequence__r: { Id: 'a01000000000009AAA', Name: field('Onboarding') }
            }
          },
          {
            node: {
              Id: 'a03000000000002AAA',
              Lead__c: field(null),
              Contact__c: field(LIAM),
              Status__c: field('Completed'),
              Sequence__r: { Id: RENEWAL, Name: field('Renewal') }
            }
          }
        ]
      }
    }
  }
};

async function createPanel(objectApiName: string, recordId: string, data: unknown[], refresh?: jest.Mock) {
  const element = createElement('c-stride-participant-panel', { is: StrideParticipantPanel });
  Object.assign(element, { recordId, objectApiName });
  document.body.appendChild(element);
  for (const payload of data) {
    // Each answer reaches the wires in turn, as the members' enrollments follow the members.
    graphqlAdapter.emit(payload, undefined, refresh);
    // eslint-disable-next-line no-await-in-loop
    await flushPromises();
  }
  return element;
}

/** Each sequence row: its name, the count, whether Enroll is disabled and Enroll's accessible name. */
function sequenceRows(element: Element) {
  return shadowQueryAll(element, 'li.stride-sequence').map((li) => [
    li.querySelector('.stride-sequence-name')!.textContent,
    li.querySelector('.stride-reason')!.textContent,
    (li.querySelector('lightning-button') as HTMLElement & { disabled: boolean }).disabled,
    li.querySelector('lightning-button')!.getAttribute('aria-label')
  ]);
}

describe('c-stride-participant-panel on Opportunity and Campaign pages', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    resetDom();
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('lists who is enrolled through the opportunity, with status and exit reason', async () => {
    const element = await createPanel('Opportunity', OPPORTUNITY, [
      panelData(
        [
          {
            node: {
              Id: 'a03000000000003AAA',
              Status__c: field('Active'),
              Requested_Status__c: field(null),
              Enrolled_At__c: field('2026-11-29T15:00:00.000Z'),
              Current_Step__c: field(1),
              Exit_Reason__c: field(null),
              Sequence__r: { Id: RENEWAL, Name: field('Renewal') },
              Lead__r: null,
              Contact__r: { Name: field('Ava Patel') }
            }
          },
          {
            node: {
              Id: 'a03000000000004AAA',
              Status__c: field('Exited'),
              Requested_Status__c: field(null),
              Enrolled_At__c: field('2026-11-28T15:00:00.000Z'),
              Current_Step__c: field(null),
              Exit_Reason__c: field('Entry criteria not met'),
              Sequence__r: { Id: RENEWAL, Name: field('Renewal') },
              Lead__r: null,
              Contact__r: { Name: field('Liam Chen') }
            }
          }
        ],
        [sequence(RENEWAL, 'Renewal', false)]
      ),
      ROLES
    ]);

    const rows = shadowQueryAll(element, 'li.stride-group-participant').map((li) => [
      li.querySelector('.stride-person-name')!.textContent,
      li.querySelector('.stride-participant-sequence')!.textContent,
      li.querySelector('[data-id="status"]')!.textContent,
      li.querySelector('.stride-exit-reason')?.textContent?.trim() ?? ''
    ]);
    expect(rows).toEqual([
      ['Ava Patel', 'Renewal', 'Active', ''],
      ['Liam Chen', 'Renewal', 'Exited', 'Entry criteria not met']
    ]);
    // A Lead/Contact page's own enrollment view is not shown on an Opportunity page.
    expect(element.shadowRoot!.querySelector('[data-id="current"]')).toBeNull();
    expect(element.shadowRoot!.querySelector('[data-id="not-enrolled"]')).toBeNull();
  });

  it('counts who each sequence would enroll: each person once, not those in a sequence or through a non-repeatable one', async () => {
    const element = await createPanel('Opportunity', OPPORTUNITY, [
      panelData([], [sequence(EXPANSION, 'Expansion', true), sequence(RENEWAL, 'Renewal', false)]),
      ROLES,
      ROLE_ENROLLMENTS
    ]);

    expect(shadowQuery(element, '[data-id="none-enrolled"]').textContent).toBe(
      'No one is enrolled through this record.'
    );
    expect(shadowQuery(element, '[data-id="group-enroll-heading"]').textContent).toBe('Enroll contact roles');
    expect(sequenceRows(element)).toEqual([
      [
        'Expansion',
        '2 of 3 can be enrolled; the companion checks the entry criteria.',
        false,
        'Enroll in Expansion'
      ],
      [
        'Renewal',
        '1 of 3 can be enrolled; the companion checks the entry criteria.',
        false,
        'Enroll in Renewal'
      ]
    ]);
    const picker = shadowQuery(element, 'lightning-combobox[data-id="role"]') as HTMLElement & {
      options: Array<{ label: string; value: string }>;
    };
    expect(picker.options).toEqual([
      { label: 'All contact roles', value: '' },
      { label: 'Decision Maker', value: 'Decision Maker' },
      { label: 'Economic Buyer', value: 'Economic Buyer' },
      { label: 'Evaluator', value: 'Evaluator' }
    ]);
  });

  it('enrolls the contact roles of the chosen role through the opportunity', async () => {
    mocked(createRecord).mockResolvedValue({
      id: 'a03000000000009AAA',
      apiName: 'Sequence_Participant__c',
      fields: {}
    });
    const refresh = jest.fn().mockResolvedValue(undefined);
    const element = await createPanel(
      'Opportunity',
      OPPORTUNITY,
      [panelData([], [sequence(EXPANSION, 'Expansion', true)]), ROLES, ROLE_ENROLLMENTS],
      refresh
    );
    const toasts = captureToasts(element);

    shadowQuery(element, 'lightning-combobox[data-id="role"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Evaluator' } })
    );
    await flushPromises();
    // Evaluators: Liam (free) and Noah (in Onboarding).
    expect(sequenceRows(element)).toEqual([
      [
        'Expansion',
        '1 of 2 can be enrolled; the companion checks the entry criteria.',
        false,
        'Enroll in Expansion'
      ]
    ]);
    shadowQuery(element, `li[data-id="${EXPANSION}"] lightning-button`).click();
    await flushPromises();

    expect(mocked(createRecord).mock.calls).toEqual([
      [
        {
          apiName: 'Sequence_Participant__c',
          fields: {
            Sequence__c: EXPANSION,
            Contact__c: LIAM,
            Person_Key__c: LIAM,
            Enrolled_At__c: '2026-11-30T15:00:00.000Z',
            Opportunity__c: OPPORTUNITY
          }
        }
      ]
    ]);
    expect(toasts.mock.calls.map(([event]) => event.detail)).toEqual([
      {
        title: 'Saved',
        message: 'Enrolled 1 in Expansion. Stride schedules the first actions shortly.',
        variant: 'success'
      }
    ]);
    expect(refresh).toHaveBeenCalled();
  });

  it('enrolls campaign members, Leads and Contacts, and names who the org refused', async () => {
    mocked(createRecord)
      .mockResolvedValueOnce({ id: 'a03000000000010AAA', apiName: 'Sequence_Participant__c', fields: {} })
      .mockRejectedValueOnce({
        body: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found: Person_Key__c' }]
      });
    const element = await createPanel('Campaign', CAMPAIGN, [
      panelData([], [sequence(EXPANSION, 'Webinar follow-up', true)]),
      {
        uiapi: {
          query: {
            OpportunityContactRole: { edges: [] },
            CampaignMember: {
              edges: [
                {
                  node: {
                    Id: '00v1',
                    LeadId: field(HALL),
                    ContactId: field(null),
                    Lead: { Name: field('Daniel Hall') },
                    Contact: null
                  }
                },
                {
                  node: {
                    Id: '00v2',
                    LeadId: field(null),
                    ContactId: field(AVA),
                    Lead: null,
                    Contact: { Name: field('Ava Patel') }
                  }
                }
              ]
            }
          }
        }
      },
      { uiapi: { query: { memberEnrollments: { edges: [] } } } }
    ]);
    const toasts = captureToasts(element);

    expect(shadowQuery(element, '[data-id="group-enroll-heading"]').textContent).toBe(
      'Enroll campaign members'
    );
    expect(element.shadowRoot!.querySelector('lightning-combobox')).toBeNull();
    shadowQuery(element, `li[data-id="${EXPANSION}"] lightning-button`).click();
    await flushPromises();

    expect(mocked(createRecord).mock.calls.map(([input]) => input.fields)).toEqual([
      {
        Sequence__c: EXPANSION,
        Contact__c: AVA,
        Person_Key__c: AVA,
        Enrolled_At__c: '2026-11-30T15:00:00.000Z',
        Campaign__c: CAMPAIGN
      },
      {
        Sequence__c: EXPANSION,
        Lead__c: HALL,
        Person_Key__c: HALL,
        Enrolled_At__c: '2026-11-30T15:00:00.000Z',
        Campaign__c: CAMPAIGN
      }
    ]);
    expect(toasts.mock.calls.map(([event]) => event.detail)).toEqual([
      {
        title: 'Saved',
        message: 'Enrolled 1 in Webinar follow-up. Stride schedules the first actions shortly.',
        variant: 'success'
      },
      {
        title: 'Your change was not saved',
        message: 'Not enrolled: Daniel Hall (duplicate value found: Person_Key__c)',
        variant: 'error'
      }
    ]);
  });

  it('says when the opportunity has no contact roles', async () => {
    const element = await createPanel('Opportunity', OPPORTUNITY, [
      panelData([], [sequence(EXPANSION, 'Expansion', true)]),
      { uiapi: { query: { OpportunityContactRole: { edges: [] }, CampaignMember: { edges: [] } } } }
    ]);
    expect(shadowQuery(element, '[data-id="no-members"]').textContent).toBe(
      'This opportunity has no contact roles to enroll.'
    );
  });
});
