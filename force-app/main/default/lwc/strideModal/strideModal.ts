import { LightningElement, api } from 'lwc';
import { LABELS } from './labels';

/**
 * The SLDS modal shell the Stride dialogs share: a labelled `role="dialog"`, Escape and the close
 * button report `close`, and focus moves into the dialog when it opens so keyboard and screen-reader
 * users land in it.
 */
export default class StrideModal extends LightningElement {
  labels = LABELS;
  /** The dialog's title (also its accessible name). */
  @api heading = '';
  /** Optional text under the title. */
  @api tagline = '';
  private focused = false;

  override renderedCallback() {
    if (this.focused) return;
    this.focused = true;
    const close = this.template?.querySelector<HTMLElement>('.slds-modal__close');
    close?.focus();
  }

  handleKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
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
