import { LightningElement, api } from 'lwc';
import { formatLabel, reduceErrors, requestOutcome } from 'c/strideLds';
import { LABELS } from './labels';

type Mode = 'skip' | 'defer' | 'reschedule';

interface OutcomeItem {
  id: string;
  participantName: string;
}

/**
 * Skip (with a reason), Defer or Reschedule (to a date and time) one participant action. Records the
 * request; reports `saved` with a message, or keeps the dialog open and shows why it failed.
 */
export default class StrideOutcomeDialog extends LightningElement {
  labels = LABELS;
  /** The Engage row the rep acts on. */
  @api item: OutcomeItem | null = null;
  /** skip, defer or reschedule. */
  @api mode: Mode = 'skip';
  note = '';
  until = '';
  errorMessage = '';
  saving = false;

  get isSkip() {
    return this.mode === 'skip';
  }
  get heading() {
    return {
      skip: this.labels.skipTitle,
      defer: this.labels.deferTitle,
      reschedule: this.labels.rescheduleTitle
    }[this.mode];
  }
  get help() {
    return {
      skip: this.labels.skipHelp,
      defer: this.labels.deferHelp,
      reschedule: this.labels.rescheduleHelp
    }[this.mode];
  }
  get saveLabel() {
    return {
      skip: this.labels.saveSkip,
      defer: this.labels.saveDefer,
      reschedule: this.labels.saveReschedule
    }[this.mode];
  }
  get minUntil() {
    return new Date(Date.now()).toISOString();
  }

  handleNote(event: CustomEvent<{ value: string }>) {
    this.note = event.detail.value;
  }

  handleUntil(event: CustomEvent<{ value: string }>) {
    this.until = event.detail.value;
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('close'));
  }

  async handleSave() {
    if (!this.item || !this.validate()) return;
    this.saving = true;
    this.errorMessage = '';
    try {
      if (this.mode === 'skip') {
        await requestOutcome(this.item.id, 'Skip', { note: this.note.trim() });
      } else {
        const until = new Date(this.until).toISOString();
        await requestOutcome(this.item.id, this.mode === 'defer' ? 'Defer' : 'Reschedule', { until });
      }
      const done = {
        skip: this.labels.skipped,
        defer: this.labels.deferred,
        reschedule: this.labels.rescheduled
      }[this.mode];
      this.dispatchEvent(
        new CustomEvent('saved', { detail: { message: formatLabel(done, this.item.participantName) } })
      );
    } catch (error) {
      this.errorMessage = formatLabel(this.labels.saveFailed, reduceErrors(error).join(' '));
    } finally {
      this.saving = false;
    }
  }

  /** Checks the inputs in place (the base components show the messages) and says whether to save. */
  private validate(): boolean {
    if (this.mode === 'skip') {
      const input = this.template?.querySelector('lightning-textarea') as
        (HTMLElement & { reportValidity(): boolean }) | null;
      return this.note.trim().length > 0 && (input?.reportValidity() ?? true);
    }
    const input = this.template?.querySelector('lightning-input') as
      (HTMLElement & { setCustomValidity(m: string): void; reportValidity(): boolean }) | null;
    const at = Date.parse(this.until);
    const future = Number.isFinite(at) && at > Date.now();
    input?.setCustomValidity(future ? '' : this.labels.mustBeFuture);
    input?.reportValidity();
    if (!future) this.errorMessage = this.labels.mustBeFuture;
    return future;
  }
}
