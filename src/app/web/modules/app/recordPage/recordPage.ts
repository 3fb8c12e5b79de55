import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldDisplayValue, getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';

/** The highlights each record page shows under its name (field paths from the object). */
const HIGHLIGHTS: Record<string, Array<{ label: string; field: string }>> = {
  Lead: [
    { label: 'Company', field: 'Company' },
    { label: 'Title', field: 'Title' },
    { label: 'Email', field: 'Email' },
    { label: 'Mobile', field: 'MobilePhone' },
    { label: 'Status', field: 'Status' },
    { label: 'Owner', field: 'Owner.Name' }
  ],
  Contact: [
    { label: 'Account', field: 'Account.Name' },
    { label: 'Title', field: 'Title' },
    { label: 'Email', field: 'Email' },
    { label: 'Mobile', field: 'MobilePhone' },
    { label: 'Owner', field: 'Owner.Name' }
  ],
  Opportunity: [
    { label: 'Account', field: 'Account.Name' },
    { label: 'Stage', field: 'StageName' },
    { label: 'Close date', field: 'CloseDate' },
    { label: 'Amount', field: 'Amount' },
    { label: 'Owner', field: 'Owner.Name' }
  ],
  Campaign: [
    { label: 'Type', field: 'Type' },
    { label: 'Status', field: 'Status' },
    { label: 'Start date', field: 'StartDate' },
    { label: 'Owner', field: 'Owner.Name' }
  ],
  Sequence__c: [
    { label: 'Target object', field: 'Target_Object__c' },
    { label: 'Active', field: 'Active__c' },
    { label: 'Actions', field: 'Action_Count__c' }
  ],
  Task: [
    { label: 'Status', field: 'Status' },
    { label: 'Due date', field: 'ActivityDate' },
    { label: 'Priority', field: 'Priority' },
    { label: 'Assigned to', field: 'Owner.Name' }
  ]
};

const ICONS: Record<string, string> = {
  Lead: 'standard:lead',
  Contact: 'standard:contact',
  Opportunity: 'standard:opportunity',
  Campaign: 'standard:campaign',
  Sequence__c: 'standard:sales_cadence',
  Task: 'standard:task'
};

/** A record page: the highlights panel, then what the object's Lightning page holds for Stride. */
export default class RecordPage extends LightningElement {
  @api recordId = '';
  @api objectApiName = '';
  record: unknown;
  errorMessage = '';
  completing = false;

  get nameField() {
    return this.objectApiName === 'Task' ? 'Task.Subject' : `${this.objectApiName}.Name`;
  }

  get optionalFields() {
    return (HIGHLIGHTS[this.objectApiName] ?? []).map((entry) => `${this.objectApiName}.${entry.field}`);
  }

  @wire(getRecord, { recordId: '$recordId', fields: '$nameFields', optionalFields: '$optionalFields' })
  wiredRecord({ data, error }: { data?: unknown; error?: { body?: { message?: string } } }) {
    if (data) {
      this.record = data;
      this.errorMessage = '';
    } else if (error) {
      this.errorMessage = error.body?.message ?? 'The record could not be loaded.';
    }
  }

  get nameFields() {
    return [this.nameField];
  }

  get heading() {
    return this.record ? String(getFieldValue(this.record, this.nameField) ?? '') : '';
  }

  get icon() {
    return ICONS[this.objectApiName] ?? 'standard:record';
  }

  get objectLabel() {
    return (
      (
        {
          Sequence__c: 'Sequence',
          Lead: 'Lead',
          Contact: 'Contact',
          Opportunity: 'Opportunity',
          Campaign: 'Campaign',
          Task: 'Task'
        } as Record<string, string>
      )[this.objectApiName] ?? this.objectApiName
    );
  }

  get highlights() {
    if (!this.record) return [];
    return (HIGHLIGHTS[this.objectApiName] ?? []).map((entry) => {
      const path = `${this.objectApiName}.${entry.field}`;
      const display = getFieldDisplayValue(this.record, path);
      const value = getFieldValue(this.record, path);
      return {
        key: entry.field,
        label: entry.label,
        text: display ?? (value === null || value === undefined ? '' : String(value))
      };
    });
  }

  /** The pages whose Lightning page holds the participant panel (its js-meta.xml targets). */
  get hasParticipantPanel() {
    return ['Lead', 'Contact', 'Opportunity', 'Campaign'].includes(this.objectApiName);
  }
  get isSequence() {
    return this.objectApiName === 'Sequence__c';
  }
  get isOpenTask() {
    return (
      this.objectApiName === 'Task' &&
      !!this.record &&
      getFieldValue(this.record, 'Task.Status') !== 'Completed'
    );
  }

  /** Lightning's "Mark Complete" on a Task page. */
  async handleMarkComplete() {
    this.completing = true;
    try {
      await updateRecord({ fields: { Id: this.recordId, Status: 'Completed' } });
      this.dispatchEvent(
        new ShowToastEvent({
          title: 'Saved',
          message: `Task "${this.heading}" completed.`,
          variant: 'success'
        })
      );
    } catch (error) {
      const body = (error as { body?: { message?: string } }).body;
      this.dispatchEvent(
        new ShowToastEvent({ title: 'Not saved', message: body?.message ?? String(error), variant: 'error' })
      );
    } finally {
      this.completing = false;
      // Mark Complete is gone once the Task is completed: focus goes to the record's name instead of
      // falling to the document.
      this.template!.querySelector<HTMLElement>('[data-id="record-title"]')?.focus();
    }
  }
}
