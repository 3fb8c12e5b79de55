import { LightningElement, api, wire } from 'lwc';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';
import DISPOSITION_FIELD from '@salesforce/schema/Conversation__c.Disposition__c';
import { formatLabel, logCallAndComplete, reduceErrors } from 'c/strideLds';
import { LABELS } from './labels';

/** The master record type: Conversation__c has no record types. */
const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

interface CallItem {
  id: string;
  participantId: string | null;
  participantName: string;
  personId: string | null;
  personObject: 'Lead' | 'Contact' | null;
  phone: string;
  mobile: string;
  /** Set when the rep dialled with Call now: the Conversation it started and when. */
  conversationId?: string | null;
  callStartedAt?: string | null;
}

/**
 * Logs a call (outcome, notes, duration) as a Conversation__c and asks the companion to complete the
 * Call action. Outcomes are the Disposition__c picklist, read through LDS so the org's labels apply.
 */
export default class StrideCallLog extends LightningElement {
  labels = LABELS;
  /** The Engage row of the Call action. */
  @api item: CallItem | null = null;
  disposition = '';
  notes = '';
  minutes = 0;
  seconds = 0;
  options: Array<{ label: string; value: string }> = [];
  picklistError = '';
  errorMessage = '';
  saving = false;

  @wire(getPicklistValues, { recordTypeId: MASTER_RECORD_TYPE_ID, fieldApiName: DISPOSITION_FIELD })
  wiredDispositions({
    data,
    error
  }: {
    data?: { values: Array<{ label: string; value: string }> };
    error?: unknown;
  }) {
    if (data) {
      this.options = data.values.map(({ label, value }) => ({ label, value }));
      this.picklistError = '';
    } else if (error) {
      this.options = [];
      this.picklistError = formatLabel(this.labels.picklistError, reduceErrors(error).join(' '));
    }
  }

  get heading() {
    return formatLabel(this.labels.title, this.item?.participantName ?? '');
  }

  handleDisposition(event: CustomEvent<{ value: string }>) {
    this.disposition = event.detail.value;
    // The field re-checks itself now, so "Choose the call outcome." goes as soon as one is chosen.
    (event.target as HTMLElement & { reportValidity?: () => boolean }).reportValidity?.();
  }
  handleNotes(event: CustomEvent<{ value: string }>) {
    this.notes = event.detail.value;
  }
  /** Blank is 0; anything else is kept as typed so 75 or 1.5 is refused, not rounded. */
  handleMinutes(event: CustomEvent<{ value: string }>) {
    this.minutes = event.detail.value === '' ? 0 : Number(event.detail.value);
  }
  handleSeconds(event: CustomEvent<{ value: string }>) {
    this.seconds = event.detail.value === '' ? 0 : Number(event.detail.value);
  }
  /** An outcome, whole minutes, and 0 to 59 whole seconds: what the fields' own rules say too. */
  get valid(): boolean {
    const whole = (value: number, max: number) => Number.isInteger(value) && value >= 0 && value <= max;
    return !!this.disposition && whole(this.minutes, Number.MAX_SAFE_INTEGER) && whole(this.seconds, 59);
  }

  /** Every field shows its own message (required, min, max, step). */
  private reportValidity() {
    this.template
      ?.querySelectorAll<HTMLElement & { reportValidity?: () => boolean }>(
        'lightning-combobox, lightning-input'
      )
      .forEach((field) => field.reportValidity?.());
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('close'));
  }

  async handleSave() {
    const item = this.item;
    if (!item) return;
    // The fields say what is wrong (no outcome, 75 seconds, 1.5 minutes); nothing saves until they agree.
    this.reportValidity();
    if (!this.valid) return;
    this.saving = true;
    this.errorMessage = '';
    const entered = Math.max(0, Math.round(this.minutes * 60 + this.seconds));
    // A call started with Call now lasted from the dial until now unless the rep says otherwise.
    const dialledAt = item.callStartedAt ? Date.parse(item.callStartedAt) : NaN;
    const durationSeconds =
      entered === 0 && Number.isFinite(dialledAt)
        ? Math.max(0, Math.round((Date.now() - dialledAt) / 1000))
        : entered;
    try {
      await logCallAndComplete({
        conversationId: item.conversationId ?? null,
        actionId: item.id,
        participantId: item.participantId,
        personId: item.personId,
        personObject: item.personObject,
        phone: item.phone || item.mobile,
        disposition: this.disposition,
        notes: this.notes,
        durationSeconds,
        startedAt: item.callStartedAt ?? new Date(Date.now() - durationSeconds * 1000).toISOString()
      });
      this.dispatchEvent(
        new CustomEvent('saved', {
          detail: { message: formatLabel(this.labels.saved, item.participantName) }
        })
      );
    } catch (error) {
      this.errorMessage = formatLabel(this.labels.saveFailed, reduceErrors(error).join(' '));
    } finally {
      this.saving = false;
    }
  }
}
