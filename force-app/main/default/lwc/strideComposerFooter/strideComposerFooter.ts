import { LightningElement, api } from 'lwc';
import { LABELS } from './labels';

/**
 * The footer of the email and SMS composers: the last write's error, then Cancel, Save draft and
 * Send. It holds no state of its own; the composer decides what the buttons allow and reports
 * `cancel`, `savedraft` and `send`. Place it in the modal's footer slot.
 */
export default class StrideComposerFooter extends LightningElement {
  labels = LABELS;
  /** A write is under way: both writes are disabled. */
  @api saving = false;
  /** Send is not allowed (the composer says why elsewhere). */
  @api sendDisabled = false;
  /** Why the last write failed, or ''. */
  @api errorMessage = '';

  get isSendDisabled() {
    return this.saving || this.sendDisabled;
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  // The composer checks again before it writes: a disabled button is a hint, not the guard.
  handleSaveDraft() {
    this.dispatchEvent(new CustomEvent('savedraft'));
  }

  handleSend() {
    this.dispatchEvent(new CustomEvent('send'));
  }
}
