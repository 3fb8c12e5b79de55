import { LightningElement } from 'lwc';
import { hashToPageReference } from '../../../platform/navigation';
import type { PageReference } from '../../../platform/navigation';
import { session } from '../../../platform/session';
import { SHOW_TOAST } from '../../../platform/platformShowToastEvent';
import type { ToastDetail } from '../../../platform/platformShowToastEvent';

/** The app's tabs, in the navigation bar's order. */
const TABS = [
  { id: 'engage', label: 'Engage', hash: '#/engage' },
  { id: 'sequences', label: 'Sequences', hash: '#/o/Sequence__c' },
  { id: 'leads', label: 'Leads', hash: '#/o/Lead' },
  { id: 'contacts', label: 'Contacts', hash: '#/o/Contact' },
  { id: 'opportunities', label: 'Opportunities', hash: '#/o/Opportunity' },
  { id: 'campaigns', label: 'Campaigns', hash: '#/o/Campaign' }
];

const TAB_BY_OBJECT: Record<string, string> = {
  Sequence__c: 'sequences',
  Lead: 'leads',
  Contact: 'contacts',
  Opportunity: 'opportunities',
  Campaign: 'campaigns'
};

/**
 * The Stride app: an SLDS global header with the user switcher, the navigation bar, and the page
 * the URL hash names (Engage, a list, or a record page). Toasts from any component show here.
 */
export default class Shell extends LightningElement {
  page: PageReference = hashToPageReference(window.location.hash);
  toasts: Array<ToastDetail & { key: number }> = [];
  private toastKey = 0;
  /** Set when the page changed, so that the next render moves keyboard focus to the new page. */
  private pageChanged = false;
  private readonly onHashChange = () => {
    this.page = hashToPageReference(window.location.hash);
    this.pageChanged = true;
  };
  private readonly onToast = (event: Event) => this.showToast((event as CustomEvent<ToastDetail>).detail);

  override connectedCallback() {
    window.addEventListener('hashchange', this.onHashChange);
    this.template!.addEventListener(SHOW_TOAST, this.onToast);
    if (!window.location.hash) window.location.replace('#/engage');
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHashChange);
    this.template!.removeEventListener(SHOW_TOAST, this.onToast);
  }

  /**
   * A new page replaces the link or button that led to it, and focus would fall to the document:
   * it goes to the page's main region instead (as a single-page app announces a route change), so
   * the next Tab reaches the new page's first control rather than the global header.
   */
  override renderedCallback() {
    if (!this.pageChanged) return;
    this.pageChanged = false;
    this.template!.querySelector<HTMLElement>('[data-id="main"]')?.focus();
  }

  get user() {
    return session().user;
  }

  get userOptions() {
    return session().users.map((user) => ({
      label: `${user.name}${user.title ? ` (${user.title})` : ''}`,
      value: user.username
    }));
  }

  get activeTab() {
    if (this.page.type === 'standard__navItemPage') return this.page.attributes.apiName ?? 'engage';
    return TAB_BY_OBJECT[this.page.attributes.objectApiName ?? ''] ?? '';
  }

  get tabs() {
    return TABS.map((tab) => ({
      ...tab,
      className: `slds-context-bar__item${tab.id === this.activeTab ? ' slds-is-active' : ''}`,
      current: tab.id === this.activeTab ? 'page' : undefined
    }));
  }

  get isEngage() {
    return this.page.type === 'standard__navItemPage' && !this.isBenchDatatable && !this.isBulkEnroll;
  }
  /** `#/flow/Stride_Bulk_Enroll?ids=…`: the screen the Enroll in Sequence list button opens. */
  get isBulkEnroll() {
    return this.page.type === 'standard__navItemPage' && this.page.attributes.apiName === 'flow';
  }
  get bulkEnrollIds() {
    const query = window.location.hash.split('?')[1] ?? '';
    return (new URLSearchParams(query).get('ids') ?? '').split(',').filter(Boolean);
  }
  /** `#/bench-datatable`: npm run bench:ui's lightning-datatable baseline (not in the navigation). */
  get isBenchDatatable() {
    return this.page.type === 'standard__navItemPage' && this.page.attributes.apiName === 'bench-datatable';
  }
  get isList() {
    return this.page.type === 'standard__objectPage';
  }
  get isRecord() {
    return this.page.type === 'standard__recordPage';
  }
  get objectApiName() {
    return this.page.attributes.objectApiName;
  }
  get recordId() {
    return this.page.attributes.recordId;
  }

  /** Signs in as another user: the page reloads with that user's session (as a new login would). */
  handleUserChange(event: CustomEvent<{ value: string }>) {
    const url = new URL(window.location.href);
    url.searchParams.set('as', event.detail.value);
    window.location.assign(url.toString());
  }

  showToast(detail: ToastDetail) {
    const key = ++this.toastKey;
    this.toasts = [...this.toasts, { ...detail, key }];
    const sticky = detail.mode === 'sticky' || detail.variant === 'error';
    if (!sticky) {
      setTimeout(() => this.dismissToast(key), 6000);
    }
  }

  handleToastClose(event: CustomEvent<{ key: number }>) {
    this.dismissToast(event.detail.key);
  }

  private dismissToast(key: number) {
    this.toasts = this.toasts.filter((toast) => toast.key !== key);
  }
}
