import { createElement } from '@lwc/engine-dom';
import StrideEngage from 'c/strideEngage';
import { graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { getNavigateCalledWith, resetNavigateCalls } from 'lightning/navigation';
import {
  captureToasts,
  flushPromises,
  mocked,
  resetDom,
  shadowQuery,
  shadowQueryAll,
  testAdapter
} from '../../__tests__/utils/strideTestUtils';
import DUE_ACTIONS from './data/dueActions.json';
import DUE_ACTIONS_500 from './data/dueActions500.json';

// The fixtures are recorded around Monday 30 November 2026, 15:00 UTC.
const NOW = Date.parse('2026-11-30T15:00:00.000Z');
const graphqlAdapter = testAdapter(graphql) as ReturnType<typeof testAdapter> & {
  emit(value: unknown, filter?: unknown, refresh?: () => Promise<void>): void;
};

function createEngage() {
  const element = createElement('c-stride-engage', { is: StrideEngage });
  document.body.appendChild(element);
  return element;
}

function actionList(element: Element) {
  return shadowQuery(element, 'c-stride-action-list') as HTMLElement & {
    items: Array<{ id: string; participantName: string }>;
    loading: boolean;
    errorMessage: string;
    emptyMessage: string;
  };
}

function renderedNames(element: Element): string[] {
  const list = actionList(element);
  return shadowQueryAll(list, 'button.stride-person').map((button) => button.textContent?.trim() ?? '');
}

async function selectTab(element: Element, value: string) {
  const tab = shadowQueryAll(element, 'lightning-tab').find(
    (t) => (t as HTMLElement & { value: string }).value === value
  )!;
  tab.dispatchEvent(new CustomEvent('active'));
  await flushPromises();
}

describe('c-stride-engage', () => {
  let refresh: jest.Mock;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    refresh = jest.fn().mockResolvedValue(undefined);
    resetNavigateCalls();
  });

  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    // Prevent data saved on mocks from leaking between tests
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  it('shows the spinner until the actions arrive', async () => {
    const element = createEngage();
    await flushPromises();

    expect(actionList(element).loading).toBe(true);
  });

  it("asks only for the current user's actions, with a 7-day upcoming horizon", async () => {
    createEngage();
    await flushPromises();

    const config = graphqlAdapter.getLastConfig() as { variables: Record<string, unknown> };
    expect(config.variables).toEqual({
      userId: expect.any(String),
      upcomingUntil: '2026-12-07T15:00:00.000Z',
      pageSize: 2000
    });
  });

  it('lists what the rep can act on first, then overdue first and by due time, with counts by type', async () => {
    const element = createEngage();
    graphqlAdapter.emit(DUE_ACTIONS);
    await flushPromises();

    expect(renderedNames(element)).toEqual([
      'Donald Knuth', // deferred until 3 hours ago: back on the list
      'Alan Turing', // 2 hours overdue
      'Katherine Johnson', // 30 minutes overdue
      'Ada Lovelace', // due in 2 hours
      'Grace Hopper', // due yesterday, but waiting for criteria: nothing to do yet
      'Frances Allen' // 10 minutes overdue, but a send is requested: nothing to do
    ]);
    const counts = shadowQueryAll(element, 'li[data-type]').map((li) => li.textContent);
    expect(counts).toEqual(['Call: 2', 'SMS: 2', 'Email: 1', 'Task: 1']);
    const tabs = shadowQueryAll(element, 'lightning-tab').map(
      (tab) => (tab as HTMLElement & { label: string }).label
    );
    expect(tabs).toEqual(['Due (6)', 'Upcoming 7 days (1)', 'Deferred (1)']);
  });

  it("marks an action the rep covers for an away colleague with that colleague's name", async () => {
    const element = createEngage();
    const data = JSON.parse(JSON.stringify(DUE_ACTIONS));
    const [first] = data.uiapi.query.Participant_Action__c.edges;
    first.node.Covering_For__c = { value: '005000000000002AAA' };
    first.node.Covering_For__r = { Name: { value: 'Ben Ortiz' } };
    graphqlAdapter.emit(data);
    await flushPromises();

    const list = actionList(element);
    const covered = shadowQuery(list, `li[data-id="${first.node.Id}"] [data-badge="covering"]`);
    expect(covered.textContent).toBe('Covering for Ben Ortiz');
    expect(covered.getAttribute('title')).toBe(
      'You work this action while its rep is away; it returns to them when they are back.'
    );
    // Only that row is marked.
    expect(shadowQueryAll(list, '[data-badge="covering"]')).toHaveLength(1);
  });

  it('shows the Upcoming and Deferred views', async () => {
    const element = createEngage();
    graphqlAdapter.emit(DUE_ACTIONS);
    await flushPromises();

    await selectTab(element, 'upcoming');
    expect(renderedNames(element)).toEqual(['Edsger Dijkstra']);

    await selectTab(element, 'deferred');
    expect(renderedNames(element)).toEqual(['Barbara Liskov']);
  });

  it('filters by action type and by sequence', async () => {
    const element = createEngage();
    graphqlAdapter.emit(DUE_ACTIONS);
    await flushPromises();

    const [typeFilter, sequenceFilter] = shadowQueryAll(element, 'lightning-combobox');
    typeFilter.dispatchEvent(new CustomEvent('change', { detail: { value: 'SMS' } }));
    await flushPromises();
    expect(renderedNames(element)).toEqual(['Alan Turing', 'Frances Allen']);

    typeFilter.dispatchEvent(new CustomEvent('change', { detail: { value: '' } }));
    sequenceFilter.dispatchEvent(new CustomEvent('change', { detail: { value: 'a01000000000002AAA' } }));
    await flushPromises();
    expect(renderedNames(element)).toEqual(['Alan Turing']);
    expect((sequenceFilter as HTMLElement & { options: unknown }).options).toEqual([
      { label: 'All', value: '' },
      { label: 'Inbound follow-up', value: 'a01000000000001AAA' },
      { label: 'Outbound SMS', value: 'a01000000000002AAA' }
    ]);
  });

  it('renders 500 due actions in Engage order', async () => {
    const element = createEngage();
    graphqlAdapter.emit(DUE_ACTIONS_500);
    await flushPromises();

    // One page of 25 at a time, in Engage order; the pager moves through the rest.
    const names = (from: number) =>
      Array.from({ length: 25 }, (_, i) => `Person ${String(from + i).padStart(3, '0')}`);
    expect(renderedNames(element)).toEqual(names(1));
    expect(shadowQueryAll(actionList(element), 'li.stride-row_overdue')).toHaveLength(25);
    expect(shadowQuery(actionList(element), '[data-id="page"]').textContent).toBe('1–25 of 500');
    (shadowQuery(actionList(element), '[data-id="next"]') as HTMLElement).click();
    await flushPromises();
    expect(renderedNames(element)).toEqual(names(26));
    expect(shadowQuery(actionList(element), '[data-id="page"]').textContent).toBe('26–50 of 500');
  });

  it('requests completion, confirms it and refreshes the list', async () => {
    const element = createEngage();
    const toasts = captureToasts(element);
    graphqlAdapter.emit(DUE_ACTIONS, undefined, refresh);
    await flushPromises();

    actionList(element).dispatchEvent(
      new CustomEvent('action', { detail: { id: 'a05000000000004AAA', action: 'complete' } })
    );
    await flushPromises();

    expect(mocked(updateRecord)).toHaveBeenCalledWith({
      fields: {
        Id: 'a05000000000004AAA',
        Requested_Outcome__c: 'Complete',
        Requested_At__c: '2026-11-30T15:00:00.000Z'
      }
    });
    expect(toasts).toHaveBeenCalledTimes(1);
    expect(toasts.mock.calls[0][0].detail).toEqual({
      title: 'Saved',
      message: 'Marked complete. Stride moves the sequence on in a moment.',
      variant: 'success'
    });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('shows an error toast when the completion is not saved', async () => {
    mocked(updateRecord).mockRejectedValueOnce({
      body: { message: 'insufficient access rights on object id' }
    });
    const element = createEngage();
    const toasts = captureToasts(element);
    graphqlAdapter.emit(DUE_ACTIONS, undefined, refresh);
    await flushPromises();

    actionList(element).dispatchEvent(
      new CustomEvent('action', { detail: { id: 'a05000000000004AAA', action: 'complete' } })
    );
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toEqual({
      title: 'Your change was not saved',
      message: 'insufficient access rights on object id',
      variant: 'error'
    });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('opens the dialog that fits each action and refreshes after it saves', async () => {
    const element = createEngage();
    const toasts = captureToasts(element);
    graphqlAdapter.emit(DUE_ACTIONS, undefined, refresh);
    await flushPromises();

    const list = actionList(element);
    list.dispatchEvent(
      new CustomEvent('action', { detail: { id: 'a05000000000001AAA', action: 'log-call' } })
    );
    await flushPromises();
    const callLog = shadowQuery(element, 'c-stride-call-log') as HTMLElement & {
      item: { participantName: string };
    };
    expect(callLog.item.participantName).toBe('Ada Lovelace');

    callLog.dispatchEvent(new CustomEvent('close'));
    list.dispatchEvent(
      new CustomEvent('action', { detail: { id: 'a05000000000003AAA', action: 'message' } })
    );
    await flushPromises();
    expect(element.shadowRoot!.querySelector('c-stride-call-log')).toBeNull();
    const composer = shadowQuery(element, 'c-stride-sms-composer') as HTMLElement & {
      item: { mobile: string; draft: unknown; person: Record<string, unknown> };
    };
    expect(composer.item.mobile).toBe('+1 415 555 2671');
    expect(composer.item.draft).toEqual({
      to: '',
      subject: '',
      body: 'Still keen, {!Recipient.FirstName}?',
      cc: '',
      bcc: ''
    });
    expect(composer.item.person).toMatchObject({
      FirstName: 'Alan',
      Company: 'Bletchley',
      MobilePhone: '+1 415 555 2671'
    });

    list.dispatchEvent(new CustomEvent('action', { detail: { id: 'a05000000000002AAA', action: 'skip' } }));
    await flushPromises();
    const outcome = shadowQuery(element, 'c-stride-outcome-dialog') as HTMLElement & { mode: string };
    expect(outcome.mode).toBe('skip');

    outcome.dispatchEvent(
      new CustomEvent('saved', { detail: { message: 'Skip requested for Grace Hopper.' } })
    );
    await flushPromises();
    expect(element.shadowRoot!.querySelector('c-stride-outcome-dialog')).toBeNull();
    expect(toasts.mock.calls[0][0].detail).toEqual({
      title: 'Saved',
      message: 'Skip requested for Grace Hopper.',
      variant: 'success'
    });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('opens the Task and the person record', async () => {
    const element = createEngage();
    graphqlAdapter.emit(DUE_ACTIONS);
    await flushPromises();

    actionList(element).dispatchEvent(
      new CustomEvent('action', { detail: { id: 'a05000000000004AAA', action: 'open-task' } })
    );
    expect(getNavigateCalledWith()).toEqual({
      pageReference: {
        type: 'standard__recordPage',
        attributes: { recordId: '00T000000000001AAA', objectApiName: 'Task', actionName: 'view' }
      },
      replace: undefined
    });

    actionList(element).dispatchEvent(
      new CustomEvent('action', { detail: { id: 'a05000000000003AAA', action: 'open-person' } })
    );
    expect(getNavigateCalledWith()).toEqual({
      pageReference: {
        type: 'standard__recordPage',
        attributes: { recordId: '00Q000000000003AAA', objectApiName: 'Lead', actionName: 'view' }
      },
      replace: undefined
    });
  });

  it('says so when nothing is due', async () => {
    const element = createEngage();
    graphqlAdapter.emit({
      uiapi: { query: { Participant_Action__c: { edges: [], pageInfo: { hasNextPage: false } } } }
    });
    await flushPromises();

    expect(actionList(element).emptyMessage).toBe('Nothing is due. Nice work.');
    expect(actionList(element).items).toEqual([]);
  });

  it('warns when more actions exist than one page holds', async () => {
    const element = createEngage();
    const truncated = {
      uiapi: {
        query: {
          Participant_Action__c: {
            ...DUE_ACTIONS.uiapi.query.Participant_Action__c,
            pageInfo: { hasNextPage: true }
          }
        }
      }
    };
    graphqlAdapter.emit(truncated);
    await flushPromises();

    expect(shadowQuery(element, '[data-id="truncated"]').textContent?.trim()).toBe(
      'Showing the first 2000 actions. Complete some to see the rest.'
    );
  });

  it('shows the load error', async () => {
    const element = createEngage();
    graphqlAdapter.emitErrors([{ message: 'Field Assigned_To__c is not accessible' }]);
    await flushPromises();

    expect(actionList(element).errorMessage).toBe(
      'Your actions could not be loaded. Field Assigned_To__c is not accessible'
    );
    expect(actionList(element).loading).toBe(false);
  });

  it('is accessible when data is returned', async () => {
    const element = createEngage();
    graphqlAdapter.emit(DUE_ACTIONS);
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    const element = createEngage();
    graphqlAdapter.emitErrors([{ message: 'Field Assigned_To__c is not accessible' }]);
    await flushPromises();

    await expect(element).toBeAccessible();
  });
});
