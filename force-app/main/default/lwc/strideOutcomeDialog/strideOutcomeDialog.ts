import { LightningElement, api } from 'lwc';
import { formatLabel, reduceErrors, requestOutcome } from 'c/strideLds';
import { LABELS } from './labels';

type Mode = 'skip' | 'defer' | 'reschedule';

const HOUR_MS = 60 * 60 * 1000;

/**
 * What the date and time start at: Defer brings the action back tomorrow at the same hour, Reschedule
 * makes it due in an hour; both on the hour, the way people book a follow-up.
 *
 * @example
 * defaultUntil('defer', Date.parse('2026-12-01T14:20:00Z')) // => '2026-12-02T15:00:00.000Z'
 */
export function defaultUntil(mode: Mode, nowMs: number): string {
  const ahead = mode === 'defer' ? 24 * HOUR_MS : HOUR_MS;
  return new Date(Math.ceil((nowMs + ahead) / HOUR_MS) * HOUR_MS).toISOString();
}

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
  /** Prefilled for Defer and Reschedule (see defaultUntil), so one click does the usual thing. */
  until = '';
  errorMessage = '';
  saving = false;

  override connectedCallback() {
    if (this.mode !== 'skip' && !this.until) this.until = defaultUntil(this.mode, Date.now());
  }

  /** The date picker opens below the field: the dialog must not clip it. */
  get allowOverflow() {
    return this.mode !== 'skip';
  }
  get dateAriaLabel() {
    return `${this.labels.when}: ${this.labels.dateLabel}`;
  }
  get timeAriaLabel() {
    return `${this.labels.when}: ${this.labels.timeLabel}`;
  }

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
    // A reason typed after a refused save clears the complaint.
    this.inputOf('lightning-textarea')?.setCustomValidity('');
  }

  handleUntil(event: CustomEvent<{ value: string }>) {
    this.until = event.detail.value;
    this.inputOf('lightning-input')?.setCustomValidity('');
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

  private inputOf(selector: string) {
    return this.template?.querySelector(selector) as
      (HTMLElement & { setCustomValidity(m: string): void; reportValidity(): boolean }) | null;
  }

  /**
   * Checks the input in place and says whether to save. The field shows the one message (a blank or
   * whitespace reason, a time not in the future); nothing is repeated below it.
   */
  private validate(): boolean {
    if (this.mode === 'skip') {
      const input = this.inputOf('lightning-textarea');
      const given = this.note.trim().length > 0;
      input?.setCustomValidity(given ? '' : this.labels.reasonRequired);
      input?.reportValidity();
      return given;
    }
    const input = this.inputOf('lightning-input');
    const at = Date.parse(this.until);
    const future = Number.isFinite(at) && at > Date.now();
    input?.setCustomValidity(future ? '' : this.labels.mustBeFuture);
    input?.reportValidity();
    return future;
  }
}
