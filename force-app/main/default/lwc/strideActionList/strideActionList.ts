import { LightningElement, api } from 'lwc';
import { PARTICIPANT_ACTION_TRANSITIONS } from 'c/strideCore';
import { formatLabel } from 'c/strideLds';
import { LABELS } from './labels';

/** The fields of an Engage row this list reads (see strideEngage/engageModel.ts). */
export interface ActionListItem {
  id: string;
  type: string;
  // eslint-disable-next-line no-restricted-globals -- a property name, not the window global
  status: string;
  view: 'due' | 'upcoming' | 'deferred';
  dueAt: string | null;
  isOverdue: boolean;
  participantName: string;
  company: string;
  sequenceName: string;
  stepNumber: number | null;
  stepCount: number | null;
  actionName: string;
  phone: string;
  mobile: string;
  personId: string | null;
  doNotCall: boolean;
  emailOptedOut: boolean;
  reasonCode: string;
  reasonLabel: string;
  reasonDetail: string;
  requestedOutcome: string;
  taskId: string;
  /** Manual (default) or Automatic. */
  activation?: string;
  lastError?: string;
  /** The away colleague whose action this is (Covering_For__c), blank otherwise. */
  coveringFor?: string;
}

interface Badge {
  key: string;
  label: string;
  title: string;
  className: string;
}

/**
 * Whether a rep's request makes sense in the action's status, by the core's lifecycle table (the
 * companion applies requests with the same table, so the list never offers one it would refuse).
 */
function allows(event: 'complete' | 'skip' | 'defer' | 'reschedule', status: string): boolean {
  return (PARTICIPANT_ACTION_TRANSITIONS[event].from as readonly string[]).includes(status);
}

const TYPE_ICONS: Record<string, string> = {
  Call: 'standard:call',
  SMS: 'standard:sms',
  Email: 'standard:email',
  Task: 'standard:task'
};

/**
 * The rows of one Engage view. Rows are plain markup (no child component per row) so 500 of them
 * render quickly; every button reports `action` with `{ id, action }` and the container decides.
 */
/** Rows per page: enough to work through, few enough that every view and filter renders in a frame or two. */
export const PAGE_SIZE = 25;

export default class StrideActionList extends LightningElement {
  labels = LABELS;
  /** The rows of the current page only (rows are built when shown, not for the whole list). */
  rows: Array<ReturnType<StrideActionList['toRow']>> = [];
  /** The row whose "more actions" menu is open: menu items are only rendered for it. */
  openMenuId: string | null = null;
  /** Zero-based page shown. */
  page = 0;
  private _items: ActionListItem[] = [];
  private _resetKey = '';

  /** Whether the data is still loading. */
  @api loading = false;
  /** A load error to show instead of the rows. */
  @api errorMessage = '';
  /** What to say when there is nothing to show. */
  @api emptyMessage = '';

  /** The rows, already filtered and in display order. */
  @api
  get items(): ActionListItem[] {
    return this._items;
  }
  set items(value: ActionListItem[]) {
    this._items = value ?? [];
    // A refresh keeps the page the rep is on (or the last one, if the list got shorter).
    this.page = Math.min(this.page, Math.max(0, this.pageCount - 1));
    this.buildPage();
  }

  /** Changes when the view or a filter changes: the list starts again at its first page. */
  @api
  get resetKey(): string {
    return this._resetKey;
  }
  set resetKey(value: string) {
    if (value !== this._resetKey) this.page = 0;
    this._resetKey = value ?? '';
    this.buildPage();
  }

  get pageCount() {
    return Math.ceil(this._items.length / PAGE_SIZE);
  }
  get showPager() {
    return this.pageCount > 1;
  }
  get pageText() {
    const first = this.page * PAGE_SIZE + 1;
    const last = Math.min(this._items.length, first + PAGE_SIZE - 1);
    return formatLabel(this.labels.pageRange, first, last, this._items.length);
  }
  get previousDisabled() {
    return this.page === 0;
  }
  get nextDisabled() {
    return this.page >= this.pageCount - 1;
  }

  handlePrevious() {
    this.goTo(this.page - 1);
  }
  handleNext() {
    this.goTo(this.page + 1);
  }

  private goTo(page: number) {
    this.page = Math.max(0, Math.min(page, this.pageCount - 1));
    this.openMenuId = null;
    this.buildPage();
  }

  private buildPage() {
    const start = this.page * PAGE_SIZE;
    this.rows = this._items.slice(start, start + PAGE_SIZE).map((item) => this.toRow(item));
  }

  /**
   * The rows as rendered. Only the row with an open menu gets a new object, so a menu opening
   * re-renders one row, and 500 rows do not carry 1,500 hidden menu items.
   */
  get visibleRows() {
    const openId = this.openMenuId;
    return openId
      ? this.rows.map((row) => (row.id === openId ? { ...row, menuOpen: true } : row))
      : this.rows;
  }

  get showEmpty() {
    return !this.loading && !this.errorMessage && this.rows.length === 0;
  }
  get showRows() {
    return !this.loading && !this.errorMessage && this.rows.length > 0;
  }

  private toRow(item: ActionListItem) {
    const pending = !!item.requestedOutcome || item.status === 'In_Progress';
    const badges: Badge[] = [];
    if (item.isOverdue)
      badges.push({
        key: 'overdue',
        label: this.labels.overdue,
        title: '',
        className: 'slds-badge slds-theme_error'
      });
    if (item.status === 'Waiting_Criteria') {
      badges.push({
        key: 'waiting',
        label: this.labels.waitingCriteria,
        title: item.reasonDetail,
        className: 'slds-badge slds-theme_warning'
      });
    } else if (item.reasonCode) {
      badges.push({
        key: 'reason',
        label: item.reasonLabel,
        title: item.reasonDetail,
        className: 'slds-badge slds-badge_lightest'
      });
    }
    if (item.status === 'In_Progress')
      badges.push({
        key: 'sending',
        label: this.labels.sending,
        title: '',
        className: 'slds-badge slds-badge_inverse'
      });
    if (item.requestedOutcome) {
      badges.push({
        key: 'requested',
        label: formatLabel(this.labels.requested, item.requestedOutcome),
        title: '',
        className: 'slds-badge slds-badge_inverse'
      });
    }
    if (item.coveringFor)
      badges.push({
        key: 'covering',
        label: formatLabel(this.labels.coveringFor, item.coveringFor),
        title: this.labels.coveringForHelp,
        className: 'slds-badge slds-badge_lightest'
      });
    if (item.lastError)
      badges.push({
        key: 'error',
        label: this.labels.lastFailed,
        title: item.lastError,
        className: 'slds-badge slds-theme_error'
      });
    if (item.type === 'Call' && item.doNotCall)
      badges.push({
        key: 'dnc',
        label: this.labels.doNotCall,
        title: '',
        className: 'slds-badge slds-theme_error'
      });
    if (item.type === 'Email' && item.emailOptedOut)
      badges.push({
        key: 'optout',
        label: this.labels.emailOptedOut,
        title: '',
        className: 'slds-badge slds-theme_error'
      });
    const phone = item.phone || item.mobile;
    // In_Progress is being sent by the companion: nothing to do until it settles.
    const canWork = allows('complete', item.status) && item.status !== 'In_Progress';
    const menu = {
      canSkip: allows('skip', item.status),
      canDefer: allows('defer', item.status),
      canReschedule: allows('reschedule', item.status)
    };
    return {
      ...item,
      icon: TYPE_ICONS[item.type] ?? 'standard:task',
      stepLabel:
        item.stepNumber == null
          ? ''
          : item.stepCount
            ? formatLabel(this.labels.stepOf, item.stepNumber, item.stepCount)
            : formatLabel(this.labels.step, item.stepNumber),
      dueLabel: item.view === 'deferred' ? this.labels.deferredUntil : this.labels.due,
      badges,
      callPhone: phone,
      canWork,
      ...menu,
      hasMenu: menu.canSkip || menu.canDefer || menu.canReschedule,
      isCall: item.type === 'Call',
      canDial: item.type === 'Call' && !!phone && !item.doNotCall,
      telHref: `tel:${phone.replace(/[^+\d]/g, '')}`,
      noPhone: item.type === 'Call' && !phone,
      isSms: item.type === 'SMS',
      isEmail: item.type === 'Email',
      isTask: item.type === 'Task',
      hasTask: item.type === 'Task' && !!item.taskId,
      // A manual Task action has no Task until the rep starts it (the companion creates it then).
      canStartTask:
        item.type === 'Task' && !item.taskId && (item.activation ?? 'Manual') === 'Manual' && canWork,
      pending,
      menuLabel: formatLabel(this.labels.moreActions, item.participantName),
      menuOpen: false,
      rowClass: item.isOverdue ? 'slds-item stride-row stride-row_overdue' : 'slds-item stride-row'
    };
  }

  /** Call now: the link dials (tel:, or the softphone that handles it) and the call log opens. */
  handleCallNow(event: Event) {
    const target = event.currentTarget as HTMLElement;
    this.report(target.dataset.id, 'call-now');
  }

  handleClick(event: Event) {
    const target = event.currentTarget as HTMLElement;
    this.report(target.dataset.id, target.dataset.action);
  }

  handleMenuOpen(event: Event) {
    this.openMenuId = (event.currentTarget as HTMLElement).dataset.id ?? null;
  }

  handleMenuSelect(event: CustomEvent<{ value: string }>) {
    const target = event.currentTarget as HTMLElement;
    this.report(target.dataset.id, event.detail.value);
  }

  private report(id: string | undefined, action: string | undefined) {
    if (!id || !action) return;
    this.dispatchEvent(new CustomEvent('action', { detail: { id, action } }));
  }
}
