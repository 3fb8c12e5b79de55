import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import USER_ID from '@salesforce/user/Id';
import USER_TIME_ZONE from '@salesforce/schema/User.TimeZoneSidKey';
import USER_START_DAY from '@salesforce/schema/User.StartDay';
import USER_END_DAY from '@salesforce/schema/User.EndDay';
import { computeDueAt, resolveCalendar } from 'c/strideCore';
import type { DelayUnit, TimingMode } from 'c/strideCore';
import { formatLabel } from 'c/strideLds';
import { LABELS } from './labels';

/** The timing of one step, in sequence order. */
export interface PreviewStep {
  // eslint-disable-next-line no-restricted-globals -- a property, not window.name
  name: string;
  delayAmount: number;
  delayUnit: DelayUnit;
  timing: TimingMode;
}

/**
 * "Enrolled now, this action is due Tue 09:00 in the owner's time zone": chains the core's
 * computeDueAt from now through every earlier step (each assumed completed when due), with the
 * business calendar the companion would use for an owner like the current user (their Start/End
 * of Day and time zone).
 */
export default class StrideSchedulePreview extends LightningElement {
  labels = LABELS;
  /** The sequence's steps in order, including the one being edited. */
  @api steps: PreviewStep[] = [];
  /** Index (0-based) of the step to preview. */
  @api stepIndex = 0;
  owner: { TimeZoneSidKey: string; StartDay: string | null; EndDay: string | null } | null = null;

  @wire(getRecord, { recordId: USER_ID, fields: [USER_TIME_ZONE, USER_START_DAY, USER_END_DAY] })
  wiredOwner({ data }: { data?: { fields: Record<string, { value: string | null }> } }) {
    if (!data) return;
    this.owner = {
      TimeZoneSidKey: data.fields.TimeZoneSidKey?.value ?? 'UTC',
      StartDay: data.fields.StartDay?.value ?? null,
      EndDay: data.fields.EndDay?.value ?? null
    };
  }

  /** Each step's due instant up to the previewed one, or the first problem. */
  get schedule(): { dues: Array<{ key: number; label: string; dueAt: string }>; error: string } {
    const owner = this.owner;
    if (!owner) return { dues: [], error: '' };
    const needsCalendar = this.steps
      .slice(0, this.stepIndex + 1)
      .some((s) => s.timing !== 'Immediate (Any Day)');
    const calendar = needsCalendar ? resolveCalendar({ owner }) : null;
    if (calendar && !calendar.ok)
      return { dues: [], error: formatLabel(this.labels.error, calendar.error.message) };
    let base = new Date(Date.now());
    const dues: Array<{ key: number; label: string; dueAt: string }> = [];
    for (let i = 0; i <= this.stepIndex && i < this.steps.length; i++) {
      const step = this.steps[i];
      const due = computeDueAt({
        base,
        delayAmount: step.delayAmount,
        delayUnit: step.delayUnit,
        timing: step.timing,
        calendar: calendar?.ok ? calendar.value : null
      });
      if (!due.ok) return { dues, error: formatLabel(this.labels.error, due.error.message) };
      base = due.value;
      dues.push({
        key: i,
        label: formatLabel(this.labels.chain, i + 1, step.name),
        dueAt: due.value.toISOString()
      });
    }
    return { dues, error: '' };
  }

  get dueAt() {
    const dues = this.schedule.dues;
    return dues.length === this.stepIndex + 1 ? dues[dues.length - 1].dueAt : null;
  }

  get errorMessage() {
    return this.schedule.error;
  }

  get earlierSteps() {
    return this.schedule.dues.slice(0, -1);
  }

  get hasEarlierSteps() {
    return this.earlierSteps.length > 0;
  }

  get timeZone() {
    return this.owner?.TimeZoneSidKey ?? 'UTC';
  }

  get zoneText() {
    return formatLabel(this.labels.zone, this.timeZone);
  }
}
