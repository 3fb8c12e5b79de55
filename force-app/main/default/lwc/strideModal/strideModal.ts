import { LightningElement, api } from 'lwc';
import { LABELS } from './labels';

/** Native elements that take keyboard focus. */
const NATIVE_FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]';
/** Interactive base components: they take focus through their own focus() method. */
const BASE_FOCUSABLE = new Set([
  'LIGHTNING-BUTTON',
  'LIGHTNING-BUTTON-ICON',
  'LIGHTNING-BUTTON-MENU',
  'LIGHTNING-CHECKBOX-GROUP',
  'LIGHTNING-COMBOBOX',
  'LIGHTNING-DUAL-LISTBOX',
  'LIGHTNING-INPUT',
  'LIGHTNING-INPUT-FIELD',
  'LIGHTNING-INPUT-RICH-TEXT',
  'LIGHTNING-RADIO-GROUP',
  'LIGHTNING-TEXTAREA'
]);

function isFocusable(element: Element): boolean {
  if ((element as HTMLButtonElement).disabled) return false;
  if (BASE_FOCUSABLE.has(element.tagName)) return true;
  return element.matches(NATIVE_FOCUSABLE) && element.getAttribute('tabindex') !== '-1';
}

/**
 * The focusable elements in and under `elements`, in document order. It looks into light children
 * and into the shadow roots it may read (a child component's own markup), never into base
 * components, which focus as one.
 */
function focusableWithin(elements: Element[]): HTMLElement[] {
  return elements.flatMap((element): HTMLElement[] => {
    if (isFocusable(element)) return [element as HTMLElement];
    if (BASE_FOCUSABLE.has(element.tagName)) return [];
    const children = [...Array.from(element.shadowRoot?.children ?? []), ...Array.from(element.children)];
    return focusableWithin(children);
  });
}

/** The element that has focus, looking through the shadow roots that can be read. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

/**
 * The SLDS modal shell the Stride dialogs share, keyboard and screen-reader friendly: a
 * `role="dialog"` with `aria-modal` named by its heading; focus moves to it when it opens, Tab and
 * Shift+Tab cycle inside it (two focus guards at its edges send focus round), Escape and the close
 * button report `close`, and focus goes back to the element that opened it when it is removed.
 */
export default class StrideModal extends LightningElement {
  labels = LABELS;
  /** The dialog's title (also its accessible name). */
  @api heading = '';
  /** Optional text under the title. */
  @api tagline = '';
  /**
   * Lets popups inside the body (a date picker's calendar, a long dropdown) extend past the dialog
   * instead of being clipped by its scrolling body.
   */
  @api allowOverflow = false;

  get contentClass() {
    return `slds-modal__content slds-p-around_medium${this.allowOverflow ? ' stride-modal__content_overflow' : ''}`;
  }
  private focused = false;
  private opener: HTMLElement | null = null;

  override connectedCallback() {
    // Read before the dialog takes focus: this is where focus returns on close.
    this.opener = deepActiveElement();
  }

  override disconnectedCallback() {
    const opener = this.opener;
    this.opener = null;
    this.focused = false;
    if (opener?.isConnected) opener.focus();
  }

  override renderedCallback() {
    if (this.focused) return;
    this.focused = true;
    this.closeButton?.focus();
  }

  private get closeButton() {
    return this.template?.querySelector<HTMLElement>('.slds-modal__close') ?? null;
  }

  /** Everything that can take focus in the dialog, the close button first. */
  private focusables(): HTMLElement[] {
    const slotted = Array.from(this.template?.querySelectorAll('slot') ?? []).flatMap((slot) =>
      (slot as HTMLSlotElement).assignedElements()
    );
    return [...(this.closeButton ? [this.closeButton] : []), ...focusableWithin(slotted)];
  }

  /** Shift+Tab from the first element lands on the leading guard: go round to the last one. */
  handleFocusStartGuard() {
    const all = this.focusables();
    all[all.length - 1]?.focus();
  }

  /** Tab from the last element lands on the trailing guard: go round to the first one. */
  handleFocusEndGuard() {
    this.closeButton?.focus();
  }

  handleKeyDown(event: KeyboardEvent) {
    // A control that used Escape itself (an open dropdown closing) cancels it: the dialog stays.
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.stopPropagation();
      this.close();
    }
  }

  handleClose() {
    this.close();
  }

  private close() {
    this.dispatchEvent(new CustomEvent('close'));
  }
}
