import { LightningElement, api, wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { getRecord } from 'lightning/uiRecordApi';
import USER_ID from '@salesforce/user/Id';
import { checkEligibility, isValidEmailAddress, renderTemplate, validateTemplate } from 'c/strideCore';
import type { ObjectDescribe } from 'c/strideCore';
import {
  SENDER_FIELDS,
  catalogFromObjectInfos,
  formatLabel,
  recordValues,
  requestOutcome,
  runComposerWrite,
  saveDraft
} from 'c/strideLds';
import type { ObjectInfosData, RecordData } from 'c/strideLds';
import { LABELS } from './labels';

interface EmailItem {
  id: string;
  participantName: string;
  personObject: 'Lead' | 'Contact' | null;
  email: string;
  lastError: string;
  template: {
    subject: string;
    body: string;
    cc: string;
    bcc: string;
    /** A Salesforce email template, rendered for this person by the companion (preview). */
    emailTemplateId?: string;
    preview?: { subject: string; body: string };
  };
  draft?: { to?: string; subject: string; body: string; cc: string; bcc: string };
  person: Record<string, unknown>;
}

/** Splits a comma- or semicolon-separated address list. */
function addresses(list: string): string[] {
  return list
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

/**
 * The manual email composer: recipient, optional Cc/Bcc, subject and body prefilled from the
 * action's template with a merge preview. It refuses to send (and says why) when the person has
 * no valid email address or has opted out. Sending records the draft and a `Send` request for the
 * companion, which sends through Salesforce and logs the EmailMessage.
 */
export default class StrideEmailComposer extends LightningElement {
  labels = LABELS;
  /** The recipient: the person's Email unless the rep addresses it elsewhere (an assistant, a new address). */
  to = '';
  subject = '';
  body = '';
  cc = '';
  bcc = '';
  showCc = false;
  catalog: Record<string, ObjectDescribe> = {};
  sender: Record<string, unknown> = {};
  errorMessage = '';
  saving = false;
  private _item: EmailItem | null = null;

  /** The Engage row of the Email action. */
  @api
  get item(): EmailItem | null {
    return this._item;
  }
  set item(value: EmailItem | null) {
    this._item = value;
    const draft = value?.draft;
    // A draft the rep saved earlier wins over the template.
    if (draft && (draft.subject || draft.body)) this.load(draft);
    else this.resetToTemplate();
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
  get toAddress() {
    return this.to;
  }

  /** Why this person cannot be emailed, or '' (the same check the companion makes at send time). */
  get blockedMessage() {
    const item = this._item;
    if (!item) return '';
    const reason = checkEligibility({ type: 'Email', record: { ...item.person, Email: this.to } });
    if (reason === 'EMAIL_OPT_OUT') return formatLabel(this.labels.optedOut, item.participantName);
    if (reason === 'BLANK_EMAIL_ADDRESS') return formatLabel(this.labels.noEmail, item.participantName);
    if (reason === 'INVALID_EMAIL_ADDRESS') return formatLabel(this.labels.badEmail, item.participantName);
    return '';
  }

  get templateErrors(): string[] {
    const item = this._item;
    if (!item?.personObject || !this.catalog[item.personObject]) return [];
    const context = { recipientObject: item.personObject };
    return [this.subject, this.body].flatMap((text) => {
      const result = validateTemplate(text, this.catalog, context);
      return result.ok ? [] : result.error.map((e) => e.message);
    });
  }

  get addressErrors(): string[] {
    return [...addresses(this.cc), ...addresses(this.bcc)]
      .filter((address) => !isValidEmailAddress(address))
      .map((address) => formatLabel(this.labels.badAddress, address));
  }

  private renderText(text: string, format: 'html' | 'text') {
    const item = this._item;
    const root = item?.personObject ?? 'Lead';
    const person = item?.person ?? {};
    const result = renderTemplate(
      text,
      { Recipient: person, [root]: person, Sender: this.sender },
      { format }
    );
    return result.ok ? result.value : { text: '', missing: [] as string[] };
  }

  /**
   * A template-only action (a Salesforce email template, no body of its own) while the rep has not
   * written their own: the preview is the template as the companion rendered it for this person,
   * and Send sends the template (Salesforce renders it).
   */
  get usesEmailTemplate() {
    const template = this._item?.template;
    return !!template?.emailTemplateId && !template.body.trim() && !this.subject.trim() && !this.body.trim();
  }
  get templateNote() {
    if (!this.usesEmailTemplate) return '';
    return this._item?.template.preview?.subject ? this.labels.templateNote : this.labels.templatePending;
  }

  get previewHeading() {
    return formatLabel(this.labels.preview, this._item?.participantName ?? '');
  }
  get previewSubject() {
    if (this.usesEmailTemplate) return this._item?.template.preview?.subject ?? '';
    return this.renderText(this.subject, 'text').text;
  }
  /** HTML with every merged value escaped by the core, shown through lightning-formatted-rich-text. */
  get previewBody() {
    // Rendered by the companion with the core, merged values escaped, as the composer's own.
    if (this.usesEmailTemplate) return this._item?.template.preview?.body ?? '';
    return this.renderText(this.body, 'html').text;
  }
  get missingText() {
    if (this.usesEmailTemplate) return '';
    const missing = [
      ...new Set([
        ...this.renderText(this.subject, 'text').missing,
        ...this.renderText(this.body, 'html').missing
      ])
    ];
    return missing.length ? formatLabel(this.labels.missing, missing.join(', ')) : '';
  }
  get lastErrorText() {
    return this._item?.lastError ? formatLabel(this.labels.lastError, this._item.lastError) : '';
  }
  get sendDisabled() {
    return (
      this.saving || !!this.blockedMessage || this.templateErrors.length > 0 || this.addressErrors.length > 0
    );
  }
  get showCcButton() {
    return !this.showCc;
  }

  handleTo(event: CustomEvent<{ value: string }>) {
    this.to = (event.detail.value ?? '').trim();
  }
  handleSubject(event: CustomEvent<{ value: string }>) {
    this.subject = event.detail.value ?? '';
  }
  handleBody(event: CustomEvent<{ value: string }>) {
    this.body = event.detail.value ?? '';
  }
  handleCc(event: CustomEvent<{ value: string }>) {
    this.cc = event.detail.value ?? '';
  }
  handleBcc(event: CustomEvent<{ value: string }>) {
    this.bcc = event.detail.value ?? '';
  }
  handleShowCc() {
    this.showCc = true;
  }
  handleUseTemplate() {
    this.resetToTemplate();
  }
  handleCancel() {
    this.dispatchEvent(new CustomEvent('close'));
  }

  async handleSend() {
    const item = this._item;
    if (!item || this.sendDisabled) return;
    if (!this.usesEmailTemplate && (!this.subject.trim() || !this.body.trim())) {
      this.errorMessage = this.labels.empty;
      return;
    }
    await runComposerWrite(this, () => requestOutcome(item.id, 'Send', { draft: this.draft }), {
      saved: formatLabel(this.labels.sent, item.participantName),
      failed: this.labels.saveFailed
    });
  }

  async handleSaveDraft() {
    const item = this._item;
    if (!item) return;
    await runComposerWrite(this, () => saveDraft(item.id, this.draft), {
      saved: formatLabel(this.labels.draftSaved, item.participantName),
      failed: this.labels.saveFailed
    });
  }

  /** The email as it is stored on the action: the address lists tidied to "a, b". */
  private get draft() {
    return {
      // Blank means "the person's Email", so a later change of that address still applies.
      to: this.to === (this._item?.email ?? '') ? '' : this.to,
      subject: this.subject,
      body: this.body,
      cc: addresses(this.cc).join(', '),
      bcc: addresses(this.bcc).join(', ')
    };
  }

  private resetToTemplate() {
    this.load(this._item?.template);
  }

  private load(content: { to?: string; subject: string; body: string; cc: string; bcc: string } | undefined) {
    this.to = content?.to || this._item?.email || '';
    this.subject = content?.subject ?? '';
    this.body = content?.body ?? '';
    this.cc = content?.cc ?? '';
    this.bcc = content?.bcc ?? '';
    this.showCc = !!(this.cc || this.bcc);
  }
}
