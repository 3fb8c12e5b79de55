import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { getRecord } from 'lightning/uiRecordApi';
import USER_ID from '@salesforce/user/Id';
import { checkEligibility, renderTemplate, smsSegments, validateTemplate } from 'c/strideCore';
import type { ObjectDescribe } from 'c/strideCore';
import {
  SENDER_FIELDS,
  catalogFromObjectInfos,
  formatLabel,
  recordValues,
  reduceErrors,
  requestOutcome,
  runComposerWrite,
  saveDraft
} from 'c/strideLds';
import type { ObjectInfosData, RecordData } from 'c/strideLds';
import { LABELS } from './labels';

interface SmsItem {
  id: string;
  participantName: string;
  personObject: 'Lead' | 'Contact' | null;
  mobile: string;
  lastError: string;
  template: { body: string; smsTemplateId: string };
  draft?: { body: string };
  person: Record<string, unknown>;
}

interface TemplateNode {
  Id: string;
  Name: { value: string };
  Body__c: { value: string | null };
}

/**
 * The SMS composer: choose a template, edit the message, see it with the person's merge fields
 * filled in and its segment count, and send. Sending records the draft and a `Send` request; the
 * companion sends it (quiet hours, provider, retries) and the Engage row shows the status. The
 * mobile number and the merge fields are checked here first, with the same core functions the
 * companion uses.
 */
export default class StrideSmsComposer extends LightningElement {
  labels = LABELS;
  body = '';
  templateId = '';
  templates: TemplateNode[] = [];
  templatesError = '';
  catalog: Record<string, ObjectDescribe> = {};
  sender: Record<string, unknown> = {};
  errorMessage = '';
  saving = false;
  restoredDraft = false;
  private _item: SmsItem | null = null;

  /** The Engage row of the SMS action. */
  @api
  get item(): SmsItem | null {
    return this._item;
  }
  set item(value: SmsItem | null) {
    this._item = value;
    this.templateId = value?.template.smsTemplateId ?? '';
    // A draft the rep saved earlier wins over the template.
    this.body = value?.draft?.body || value?.template.body || '';
    this.restoredDraft = !!value?.draft?.body;
  }

  @wire(graphql, {
    query: gql`
      query strideSmsTemplates {
        uiapi {
          query {
            SMS_Template__c(
              where: { Active__c: { eq: true } }
              orderBy: { Name: { order: ASC } }
              first: 200
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Body__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `
  })
  wiredTemplates({
    data,
    errors
  }: {
    data?: { uiapi?: { query?: { SMS_Template__c?: { edges: Array<{ node: TemplateNode }> } } } };
    errors?: unknown;
  }) {
    if (errors) {
      this.templatesError = formatLabel(this.labels.templatesError, reduceErrors(errors).join(' '));
      return;
    }
    if (!data) return;
    this.templates = (data.uiapi?.query?.SMS_Template__c?.edges ?? []).map((edge) => edge.node);
    this.templatesError = '';
    // The action's own template fills an empty message once the templates arrive (never a saved draft).
    if (!this.body && this.templateId && !this.restoredDraft) this.body = this.templateBody(this.templateId);
  }

  get describeObjects() {
    return [this._item?.personObject ?? 'Lead', 'Account', 'User'];
  }

  @wire(getObjectInfos, { objectApiNames: '$describeObjects' })
  wiredObjectInfos({ data }: { data?: ObjectInfosData }) {
    if (data) this.catalog = catalogFromObjectInfos(data);
  }

  @wire(getRecord, { recordId: USER_ID, fields: SENDER_FIELDS })
  wiredSender({ data }: { data?: RecordData }) {
    if (data) this.sender = recordValues(data);
  }

  get heading() {
    return formatLabel(this.labels.title, this._item?.participantName ?? '');
  }

  get toNumber() {
    return this._item?.mobile ?? '';
  }

  get templateOptions() {
    return [
      { label: this.labels.noTemplate, value: '' },
      ...this.templates.map((t) => ({ label: t.Name.value, value: t.Id }))
    ];
  }

  /** Blocks sending when the person has no usable mobile number. */
  get mobileError() {
    const item = this._item;
    if (!item) return '';
    const reason = checkEligibility({ type: 'SMS', record: { ...item.person, MobilePhone: item.mobile } });
    return reason ? formatLabel(this.labels.invalidMobile, item.participantName) : '';
  }

  /** Merge-field problems, with their positions, once the describes have loaded. */
  get templateErrors(): string[] {
    const item = this._item;
    if (!item?.personObject || !this.catalog[item.personObject]) return [];
    const result = validateTemplate(this.body, this.catalog, { recipientObject: item.personObject });
    return result.ok ? [] : result.error.map((e) => e.message);
  }

  get rendered() {
    const item = this._item;
    const root = item?.personObject ?? 'Lead';
    const result = renderTemplate(
      this.body,
      { Recipient: item?.person ?? {}, [root]: item?.person ?? {}, Sender: this.sender },
      { format: 'text' }
    );
    return result.ok ? result.value : null;
  }

  get previewText() {
    return this.rendered?.text ?? '';
  }

  get missingText() {
    const missing = this.rendered?.missing ?? [];
    return missing.length ? formatLabel(this.labels.missing, missing.join(', ')) : '';
  }

  get segmentText() {
    const length = smsSegments(this.previewText);
    return formatLabel(this.labels.segments, length.characters, length.segments, length.encoding);
  }

  get lastErrorText() {
    return this._item?.lastError ? formatLabel(this.labels.lastError, this._item.lastError) : '';
  }

  get sendDisabled() {
    return this.saving || !!this.mobileError || this.templateErrors.length > 0 || !this.body.trim();
  }

  handleTemplate(event: CustomEvent<{ value: string }>) {
    this.templateId = event.detail.value;
    if (this.templateId) this.body = this.templateBody(this.templateId);
  }

  handleBody(event: CustomEvent<{ value: string }>) {
    this.body = event.detail.value ?? '';
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('close'));
  }

  async handleSend() {
    const item = this._item;
    if (!item) return;
    if (!this.body.trim()) {
      this.errorMessage = this.labels.empty;
      return;
    }
    if (this.sendDisabled) return;
    // The draft keeps its merge fields: the companion renders them with the record as it is at send time.
    await runComposerWrite(this, () => requestOutcome(item.id, 'Send', { draft: { body: this.body } }), {
      saved: formatLabel(this.labels.sent, item.participantName),
      failed: this.labels.saveFailed
    });
  }

  async handleSaveDraft() {
    const item = this._item;
    if (!item) return;
    await runComposerWrite(this, () => saveDraft(item.id, { body: this.body }), {
      saved: formatLabel(this.labels.draftSaved, item.participantName),
      failed: this.labels.saveFailed
    });
  }

  private templateBody(templateId: string) {
    return this.templates.find((t) => t.Id === templateId)?.Body__c.value ?? this.body;
  }
}
