import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { ACTION_TYPES } from 'c/strideCore';
import NAME from '@salesforce/schema/Lead.Name';
import LABEL from '@salesforce/label/c.Stride_Test';
export default class StrideTmp extends LightningElement {
  @api recordId?: string;
  label = LABEL;
  types: readonly string[] = ACTION_TYPES;
  @wire(getRecord, { recordId: '$recordId', fields: [NAME] }) record?: unknown;
}
