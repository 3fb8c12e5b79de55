import { createElement } from '@lwc/engine-dom';
import StrideActionList from 'c/strideActionList';
import { flushPromises, resetDom, shadowQuery, shadowQueryAll } from '../../__tests__/utils/strideTestUtils';
import ITEMS from './data/items.json';

type ListElement = HTMLElement & {
  items: unknown[];
  loading: boolean;
  errorMessage: string;
  emptyMessage: string;
};

function createList(props: Partial<ListElement>) {
  const element = createElement('c-stride-action-list', { is: StrideActionList }) as ListElement;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function row(element: Element, id: string) {
  return shadowQuery(element, `li[data-id="${id}"]`);
}

function buttonLabels(rowElement: Element) {
  return Array.from(rowElement.querySelectorAll('lightning-button')).map(
    (b) => (b as HTMLElement & { label: string }).label
  );
}

describe('c-stride-action-list', () => {
  afterEach(() => {
    // The jsdom instance is shared across test cases in a single file so reset the DOM
    resetDom();
    jest.clearAllMocks();
  });

  it('shows participant, company, sequence, step, type and reason badges for each row', async () => {
    const element = createList({ items: ITEMS });
    await flushPromises();

    const grace = row(element, 'a05000000000002AAA');
    expect(grace.querySelector('.stride-person')!.textContent!.trim()).toBe('Grace Hopper');
    expect(grace.querySelector('.stride-company')!.textContent).toBe('Navy');
    expect(grace.querySelector('.stride-sequence')!.textContent).toBe('Inbound follow-up');
    expect(grace.querySelector('.stride-step')!.textContent).toBe('Step 1 of 5');
    expect(grace.querySelector('.stride-type')!.textContent).toBe('Email');
    const badges = Array.from(grace.querySelectorAll('[data-badge]')).map((b) => [
      b.getAttribute('data-badge'),
      b.textContent,
      b.getAttribute('title')
    ]);
    expect(badges).toEqual([
      ['overdue', 'Overdue', ''],
      ['waiting', 'Waiting for criteria', 'Status equals Working'],
      ['optout', 'Email opt-out', '']
    ]);
    expect(grace.classList.contains('stride-row_overdue')).toBe(true);
    // A step without a known total still reads naturally.
    expect(row(element, 'a05000000000008AAA').querySelector('.stride-step')!.textContent).toBe('Step 2');
  });

  it('offers the actions of each type', async () => {
    const element = createList({ items: ITEMS });
    await flushPromises();

    const call = row(element, 'a05000000000001AAA');
    const dial = call.querySelector('lightning-click-to-dial') as HTMLElement & {
      value: string;
      recordId: string;
    };
    expect([dial.value, dial.recordId]).toEqual(['+1 415 555 0100', '00Q000000000001AAA']);
    expect(buttonLabels(call)).toEqual(['Log call', 'Complete']);
    // Waiting for criteria: it cannot be worked or completed yet (the lifecycle allows skip, defer, reschedule).
    expect(buttonLabels(row(element, 'a05000000000002AAA'))).toEqual([]);
    expect(buttonLabels(row(element, 'a05000000000008AAA'))).toEqual(['Message', 'Complete']);
    expect(buttonLabels(row(element, 'a05000000000004AAA'))).toEqual(['Open task', 'Complete']);

    const noPhone = row(element, 'a05000000000010AAA');
    expect(noPhone.querySelector('lightning-click-to-dial')).toBeNull();
    expect(Array.from(noPhone.querySelectorAll('.slds-badge')).map((b) => b.textContent)).toEqual([
      'Do not call',
      'No phone number'
    ]);
  });

  it('offers Start task for a manual Task action without its Task, and reports it', async () => {
    const task = (ITEMS as Array<Record<string, unknown>>).find((i) => i.id === 'a05000000000004AAA')!;
    const manual = { ...task, id: 'a05000000000099AAA', taskId: '', activation: 'Manual' };
    const automatic = { ...task, id: 'a05000000000098AAA', taskId: '', activation: 'Automatic' };
    const element = createList({ items: [manual, automatic] });
    const handler = jest.fn();
    element.addEventListener('action', handler);
    await flushPromises();

    expect(buttonLabels(row(element, 'a05000000000099AAA'))).toEqual(['Start task', 'Complete']);
    // An automatic Task action's Task is being created by the companion.
    expect(buttonLabels(row(element, 'a05000000000098AAA'))).toEqual(['Complete']);
    (
      row(element, 'a05000000000099AAA').querySelector(
        'lightning-button[data-action="start-task"]'
      ) as HTMLElement
    ).click();
    expect(handler.mock.calls.map((call) => call[0].detail)).toEqual([
      { id: 'a05000000000099AAA', action: 'start-task' }
    ]);
  });

  it('disables the actions of a row whose request is pending', async () => {
    const element = createList({ items: ITEMS });
    await flushPromises();

    const pending = row(element, 'a05000000000008AAA');
    const disabled = Array.from(pending.querySelectorAll('lightning-button, lightning-button-menu')).map(
      (b) => (b as HTMLElement & { disabled: boolean }).disabled
    );
    expect(disabled).toEqual([true, true, true]);
    expect(pending.querySelector('[data-badge="requested"]')!.textContent).toBe('Send requested');
    const failed = pending.querySelector('[data-badge="error"]')!;
    expect([failed.textContent, failed.getAttribute('title')]).toEqual([
      'Last attempt failed',
      'Twilio 30003: unreachable handset'
    ]);
  });

  it("renders the Skip, Defer and Reschedule items when a row's menu opens", async () => {
    const element = createList({ items: ITEMS });
    await flushPromises();
    expect(shadowQueryAll(element, 'lightning-menu-item')).toHaveLength(0);

    const menu = row(element, 'a05000000000001AAA').querySelector('lightning-button-menu')!;
    expect((menu as HTMLElement & { alternativeText: string }).alternativeText).toBe(
      'More actions for Ada Lovelace'
    );
    menu.dispatchEvent(new CustomEvent('open'));
    await flushPromises();

    expect(
      Array.from(menu.querySelectorAll('lightning-menu-item')).map(
        (m) => (m as HTMLElement & { label: string }).label
      )
    ).toEqual(['Skip', 'Defer', 'Reschedule']);
    expect(shadowQueryAll(element, 'lightning-menu-item')).toHaveLength(3);
  });

  it("offers only the requests the action's status allows", async () => {
    const upcoming = { ...ITEMS[1], id: 'a05000000000020AAA', status: 'Upcoming', view: 'upcoming' };
    const deferred = { ...ITEMS[1], id: 'a05000000000021AAA', status: 'Deferred', view: 'deferred' };
    const element = createList({ items: [ITEMS[0], upcoming, deferred] });
    await flushPromises();

    const menuItems = async (id: string) => {
      const menu = row(element, id).querySelector('lightning-button-menu')!;
      menu.dispatchEvent(new CustomEvent('open'));
      await flushPromises();
      return Array.from(menu.querySelectorAll('lightning-menu-item')).map(
        (m) => (m as HTMLElement & { value: string }).value
      );
    };
    expect(await menuItems('a05000000000002AAA')).toEqual(['skip', 'defer', 'reschedule']);
    expect(buttonLabels(row(element, 'a05000000000020AAA'))).toEqual([]);
    expect(await menuItems('a05000000000020AAA')).toEqual(['reschedule']);
    expect(buttonLabels(row(element, 'a05000000000021AAA'))).toEqual(['Log call', 'Complete']);
    expect(await menuItems('a05000000000021AAA')).toEqual(['skip', 'defer']);
  });

  it('reports the chosen action with the row id', async () => {
    const element = createList({ items: ITEMS });
    const handler = jest.fn();
    element.addEventListener('action', handler);
    await flushPromises();

    const task = row(element, 'a05000000000004AAA');
    (task.querySelector('lightning-button[data-action="complete"]') as HTMLElement).click();
    (task.querySelector('lightning-button[data-action="open-task"]') as HTMLElement).click();
    task
      .querySelector('lightning-button-menu')!
      .dispatchEvent(new CustomEvent('select', { detail: { value: 'defer' } }));
    (task.querySelector('button.stride-person') as HTMLElement).click();

    expect(handler.mock.calls.map((call) => call[0].detail)).toEqual([
      { id: 'a05000000000004AAA', action: 'complete' },
      { id: 'a05000000000004AAA', action: 'open-task' },
      { id: 'a05000000000004AAA', action: 'defer' },
      { id: 'a05000000000004AAA', action: 'open-person' }
    ]);
  });

  it('shows the loading, empty and error states', async () => {
    const element = createList({ items: [], loading: true, emptyMessage: 'Nothing is due. Nice work.' });
    await flushPromises();
    expect(element.shadowRoot!.querySelector('lightning-spinner')).not.toBeNull();
    expect(element.shadowRoot!.querySelector('[data-id="empty"]')).toBeNull();

    element.loading = false;
    await flushPromises();
    expect(shadowQuery(element, '[data-id="empty"]').textContent!.trim()).toBe('Nothing is due. Nice work.');

    element.errorMessage = 'Your actions could not be loaded.';
    await flushPromises();
    expect(shadowQuery(element, '[data-id="error"]').textContent).toBe('Your actions could not be loaded.');
    expect(element.shadowRoot!.querySelector('[data-id="empty"]')).toBeNull();
    expect(shadowQueryAll(element, 'li')).toHaveLength(0);
  });

  it('is accessible when data is returned', async () => {
    const element = createList({ items: ITEMS });
    await flushPromises();

    await expect(element).toBeAccessible();
  });

  it('is accessible when an error is returned', async () => {
    const element = createList({ items: [], errorMessage: 'Your actions could not be loaded.' });
    await flushPromises();

    await expect(element).toBeAccessible();
  });
});
