import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import { createRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { NavigationMixin } from 'lightning/navigation';
import { LISTS, cellText, listQuery } from './columns';

interface ListResult {
  data?: {
    uiapi: {
      query: Record<string, { edges: Array<{ node: Record<string, unknown> }>; totalCount?: number }>;
    };
  };
  errors?: Array<{ message: string }>;
}

/**
 * A list view: the first 200 records of an object by name, each name linking to its record page.
 * Lead and Contact lists have row selection and the **Enroll in Sequence** list button, which opens
 * the bulk-enrollment screen with the selected ids, as the list-view button opens the
 * Stride_Bulk_Enroll flow in Lightning.
 */
export default class RecordList extends NavigationMixin(LightningElement) {
  @api objectApiName = '';
  rows: Array<{ id: string; name: string; href: string; cells: Array<{ key: string; text: string }> }> = [];
  total = 0;
  loading = true;
  errorMessage = '';
  newName = '';
  /** The record type of the new sequence (Lead, Contact, Opportunity, Campaign), as Lightning's New asks. */
  newRecordTypeId = '';
  recordTypes: Array<{ label: string; value: string }> = [];
  private targetOfRecordType: string | null = null;
  creating = false;
  showNew = false;
  /** The rows the user selected (kept across the list's background re-reads). */
  selectedIds: string[] = [];

  get definition() {
    return LISTS[this.objectApiName] ?? LISTS.Lead;
  }

  get query() {
    return LISTS[this.objectApiName] ? listQuery(this.objectApiName) : undefined;
  }

  get columns() {
    return this.definition.columns.map((column) => ({ key: column.path.join('.'), label: column.label }));
  }

  /** Lead and Contact lists select records for bulk enrollment. */
  get selectable() {
    return this.objectApiName === 'Lead' || this.objectApiName === 'Contact';
  }

  get noneSelected() {
    return this.selectedIds.length === 0;
  }

  get displayRows() {
    return this.rows.map((row) => ({
      ...row,
      selected: this.selectedIds.includes(row.id),
      selectLabel: `Select ${row.name}`
    }));
  }

  handleSelect(event: Event) {
    const input = event.target as HTMLInputElement;
    const id = input.dataset.rowId ?? '';
    this.selectedIds = input.checked
      ? [...this.selectedIds.filter((selected) => selected !== id), id]
      : this.selectedIds.filter((selected) => selected !== id);
  }

  /** The list button: the bulk-enrollment screen with the selection (`#/flow/Stride_Bulk_Enroll?ids=…`). */
  handleBulkEnroll() {
    window.location.hash = `#/flow/Stride_Bulk_Enroll?ids=${this.selectedIds.map(encodeURIComponent).join(',')}`;
  }

  get canCreateSequence() {
    return this.objectApiName === 'Sequence__c';
  }

  get sequenceObject() {
    return this.canCreateSequence ? 'Sequence__c' : undefined;
  }

  @wire(getObjectInfo, { objectApiName: '$sequenceObject' })
  wiredSequenceInfo({
    data
  }: {
    data?: {
      defaultRecordTypeId: string;
      recordTypeInfos: Record<
        string,
        { available: boolean; master: boolean; name: string; recordTypeId: string }
      >;
    };
  }) {
    if (!data) return;
    this.recordTypes = Object.values(data.recordTypeInfos)
      .filter((rt) => rt.available && !rt.master)
      .map((rt) => ({ label: rt.name, value: rt.recordTypeId }));
    if (!this.newRecordTypeId) this.newRecordTypeId = data.defaultRecordTypeId;
  }

  get targetField() {
    return this.newRecordTypeId ? 'Sequence__c.Target_Object__c' : undefined;
  }

  /** The target object a record type stands for: its Target_Object__c default. */
  @wire(getPicklistValues, { recordTypeId: '$newRecordTypeId', fieldApiName: '$targetField' })
  wiredTarget({
    data
  }: {
    data?: { defaultValue: { value: string } | null; values: Array<{ value: string }> };
  }) {
    if (data) this.targetOfRecordType = data.defaultValue?.value ?? data.values[0]?.value ?? null;
  }

  get countText() {
    return `${this.total} item${this.total === 1 ? '' : 's'}`;
  }

  @wire(graphql, { query: '$query' })
  wiredList(result: ListResult) {
    if (result.errors) {
      this.loading = false;
      this.errorMessage = result.errors.map((error) => error.message).join(' ');
      return;
    }
    if (!result.data) return;
    const connection = result.data.uiapi.query[this.objectApiName];
    this.total = connection.totalCount ?? connection.edges.length;
    this.rows = connection.edges.map(({ node }) => ({
      id: String(node.Id),
      name: cellText(node, ['Name']),
      href: `#/r/${this.objectApiName}/${String(node.Id)}`,
      cells: this.definition.columns.map((column) => ({
        key: column.path.join('.'),
        text: cellText(node, column.path)
      }))
    }));
    this.errorMessage = '';
    this.loading = false;
  }

  /** Set by New, so that the next render puts focus in the name field of the form it opened. */
  private focusNewName = false;

  override renderedCallback() {
    if (!this.focusNewName) return;
    this.focusNewName = false;
    this.template!.querySelector<HTMLElement>('[data-id="new-name"]')?.focus();
  }

  handleShowNew() {
    this.showNew = true;
    this.focusNewName = true;
  }

  handleNewName(event: CustomEvent<{ value: string }>) {
    this.newName = event.detail.value;
  }

  handleNewRecordType(event: CustomEvent<{ value: string }>) {
    this.targetOfRecordType = null;
    this.newRecordTypeId = event.detail.value;
  }

  /** Closes the form; focus goes back to New (the Cancel button it was on is gone). */
  handleCancelNew() {
    this.showNew = false;
    this.newName = '';
    this.template!.querySelector<HTMLElement>('[data-id="new"]')?.focus();
  }

  /** Creates an inactive sequence and opens it in the editor. */
  async handleCreate() {
    const input = this.template!.querySelector('[data-id="new-name"]') as HTMLInputElement & {
      reportValidity(): boolean;
    };
    if (!input.reportValidity()) return;
    if (!this.targetOfRecordType) {
      this.errorMessage = 'The record type is still loading; try again in a moment.';
      return;
    }
    this.creating = true;
    try {
      const record = await createRecord({
        apiName: 'Sequence__c',
        fields: {
          Name: this.newName.trim(),
          RecordTypeId: this.newRecordTypeId,
          Target_Object__c: this.targetOfRecordType,
          Active__c: false
        }
      });
      this[NavigationMixin.Navigate]({
        type: 'standard__recordPage',
        attributes: { recordId: record.id, objectApiName: 'Sequence__c', actionName: 'view' }
      });
    } catch (error) {
      const body = (error as { body?: { message?: string } }).body;
      this.errorMessage = body?.message ?? String(error);
    } finally {
      this.creating = false;
    }
  }
}
