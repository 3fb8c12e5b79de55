import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { createRecord, deleteRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import VARIANT_OBJECT from '@salesforce/schema/Action_Variant__c';
import AV_ACTION from '@salesforce/schema/Action_Variant__c.Sequence_Action__c';
import AV_ID from '@salesforce/schema/Action_Variant__c.Id';
import ACTION_OBJECT from '@salesforce/schema/Sequence_Action__c';
import SA_NAME from '@salesforce/schema/Sequence_Action__c.Name';
import SA_STEP_NUMBER from '@salesforce/schema/Sequence_Action__c.Step_Number__c';
import SA_TYPE from '@salesforce/schema/Sequence_Action__c.Type__c';
import SA_ACTIVATION from '@salesforce/schema/Sequence_Action__c.Activation__c';
import SA_DELAY_AMOUNT from '@salesforce/schema/Sequence_Action__c.Delay_Amount__c';
import SA_DELAY_UNIT from '@salesforce/schema/Sequence_Action__c.Delay_Unit__c';
import SA_TIMING from '@salesforce/schema/Sequence_Action__c.Timing__c';
import SA_SUBJECT from '@salesforce/schema/Sequence_Action__c.Subject__c';
import SA_BODY from '@salesforce/schema/Sequence_Action__c.Body__c';
import SA_EMAIL_TEMPLATE_ID from '@salesforce/schema/Sequence_Action__c.Email_Template_Id__c';
import SA_CC from '@salesforce/schema/Sequence_Action__c.Cc__c';
import SA_BCC from '@salesforce/schema/Sequence_Action__c.Bcc__c';
import SA_SMS_TEMPLATE from '@salesforce/schema/Sequence_Action__c.SMS_Template__c';
import SA_TASK_SUBJECT from '@salesforce/schema/Sequence_Action__c.Task_Subject__c';
import SA_TASK_PRIORITY from '@salesforce/schema/Sequence_Action__c.Task_Priority__c';
import SA_DELEGATE_FIELD from '@salesforce/schema/Sequence_Action__c.Delegate_Field__c';
import SA_CRITERIA from '@salesforce/schema/Sequence_Action__c.Criteria__c';
import SA_CRITERIA_BEHAVIOR from '@salesforce/schema/Sequence_Action__c.Criteria_Behavior__c';
import SA_FIELD_UPDATES_REQUIRED from '@salesforce/schema/Sequence_Action__c.Field_Updates_Required__c';
import SA_FIELD_UPDATES from '@salesforce/schema/Sequence_Action__c.Field_Updates__c';
import SA_SEQUENCE from '@salesforce/schema/Sequence_Action__c.Sequence__c';
import SA_ID from '@salesforce/schema/Sequence_Action__c.Id';
import {
  ACTION_TYPES,
  ACTIVATIONS,
  CRITERIA_BEHAVIORS,
  DELAY_UNITS,
  TASK_PRIORITIES,
  TIMING_MODES,
  validateTemplate
} from 'c/strideCore';
import type { ObjectDescribe } from 'c/strideCore';
import { formatLabel, reduceErrors } from 'c/strideLds';
import { LABELS } from './labels';
import {
  MAX_VARIANTS,
  fromNodes,
  variantFields,
  variantProblem,
  withAddedVariant,
  withoutVariant,
  type VariantDraft,
  type VariantNode,
  type VariantProblem
} from './variantDrafts';

/** Types whose content an A/B test can vary (the send path reads variants for these only). */
const VARIANT_TYPES = new Set(['Email', 'SMS']);

type ValidityInput = HTMLElement & { setCustomValidity(message: string): void; reportValidity(): boolean };

/** A Sequence_Action__c as the editor reads and writes it (API names as keys). */
export interface ActionRecord {
  Id?: string;
  Name?: string;
  Step_Number__c?: number;
  Type__c?: string;
  Activation__c?: string;
  Delay_Amount__c?: number;
  Delay_Unit__c?: string;
  Timing__c?: string;
  Subject__c?: string | null;
  Body__c?: string | null;
  Email_Template_Id__c?: string | null;
  SMS_Template__c?: string | null;
  Cc__c?: string | null;
  Bcc__c?: string | null;
  Task_Subject__c?: string | null;
  Task_Priority__c?: string;
  Delegate_Field__c?: string | null;
  Criteria__c?: string | null;
  Criteria_Behavior__c?: string;
  Field_Updates_Required__c?: boolean;
  Field_Updates__c?: string | null;
}

/** What Activation__c may be for each type (docs/architecture.md §2: Automatic only for Email and Task). */
const AUTOMATIC_TYPES = new Set(['Email', 'Task']);

const DEFAULTS: ActionRecord = {
  Type__c: 'Call',
  Activation__c: 'Manual',
  Delay_Amount__c: 0,
  Delay_Unit__c: 'Days',
  Timing__c: 'Immediate (Any Day)',
  Task_Priority__c: 'Normal',
  Criteria_Behavior__c: 'Wait',
  Field_Updates_Required__c: false
};

const options = (values: readonly string[]) => values.map((value) => ({ label: value, value }));

/**
 * The action form: every setting of docs/architecture.md §2 (type, name, activation, delay, timing, the
 * email/SMS/task content) and, behind "Show advanced settings", delegation, criteria and field
 * updates, with a schedule preview. Templates, criteria and field updates are checked with the
 * core before saving; the save is an LDS create or update of Sequence_Action__c.
 */
export default class StrideActionEditor extends LightningElement {
  labels = LABELS;
  /** The Sequence__c the action belongs to. */
  @api sequenceId = '';
  /** The sequence's target object: Lead, Contact, Opportunity or Campaign. */
  @api targetObject = 'Lead';
  /** Describes by object name (target, Account, User). */
  @api catalog: Record<string, ObjectDescribe> = {};
  /** Timing of every step in order (for the preview); the edited step is replaced by the form. */
  @api steps: Array<{ name: string; delayAmount: number; delayUnit: string; timing: string }> = [];

  draft: ActionRecord = { ...DEFAULTS };
  showAdvanced = false;
  criteriaValid = true;
  updatesValid = true;
  errorMessage = '';
  saving = false;
  smsTemplates: Array<{ label: string; value: string }> = [];
  /** Active email templates by name; null until read (or when the org does not answer: the Id box). */
  emailTemplates: Array<{ label: string; value: string }> | null = null;
  /** The action's A/B variants as edited; saved after the action. */
  variants: VariantDraft[] = [];
  /** Saved variants the admin removed: deleted on save. */
  removedVariants: Array<{ id: string; key: string }> = [];
  /** Once the admin touched the variants, a late read of the saved ones does not overwrite the form. */
  variantsEdited = false;
  /** Whether the saved variants were read (a new action has none): adding waits for it, so a saved A is not added twice. */
  variantsLoaded = true;
  variantSectionError = '';

  /** The action to edit; without an Id it is a new one at Step_Number__c. */
  @api
  get action(): ActionRecord {
    return this.draft;
  }
  set action(value: ActionRecord) {
    this.draft = { ...DEFAULTS, ...(value ?? {}) };
    this.variants = [];
    this.removedVariants = [];
    this.variantsEdited = false;
    this.variantsLoaded = !this.draft.Id;
    this.showAdvanced = !!(
      this.draft.Criteria__c ||
      this.draft.Field_Updates__c ||
      this.draft.Delegate_Field__c
    );
  }

  @wire(graphql, {
    query: gql`
      query strideActionSmsTemplates {
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
                }
              }
            }
          }
        }
      }
    `
  })
  wiredSmsTemplates({
    data
  }: {
    data?: {
      uiapi?: {
        query?: { SMS_Template__c?: { edges: Array<{ node: { Id: string; Name: { value: string } } }> } };
      };
    };
  }) {
    const edges = data?.uiapi?.query?.SMS_Template__c?.edges;
    if (edges) this.smsTemplates = edges.map((e) => ({ label: e.node.Name.value, value: e.node.Id }));
  }

  /**
   * Email templates are picked by name: the GraphQL UI API lists EmailTemplate like any record (no
   * Apex). Its own wire, so an org that refuses the object still opens the editor (the Id box then).
   */
  @wire(graphql, {
    query: gql`
      query strideActionEmailTemplates {
        uiapi {
          query {
            EmailTemplate(where: { IsActive: { eq: true } }, orderBy: { Name: { order: ASC } }, first: 200) {
              edges {
                node {
                  Id
                  Name {
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
  wiredEmailTemplates({
    data
  }: {
    data?: {
      uiapi?: {
        query?: { EmailTemplate?: { edges: Array<{ node: { Id: string; Name: { value: string } } }> } };
      };
    };
  }) {
    const edges = data?.uiapi?.query?.EmailTemplate?.edges;
    if (edges) this.emailTemplates = edges.map((e) => ({ label: e.node.Name.value, value: e.node.Id }));
  }

  /** The saved variants of the edited action (none for a new action: the Id never matches). */
  @wire(graphql, {
    query: gql`
      query strideActionVariants($actionId: ID) {
        uiapi {
          query {
            Action_Variant__c(
              where: { Sequence_Action__c: { eq: $actionId } }
              orderBy: { Variant_Key__c: { order: ASC } }
              first: 10
            ) {
              edges {
                node {
                  Id
                  Variant_Key__c {
                    value
                  }
                  Split_Percent__c {
                    value
                  }
                  Subject__c {
                    value
                  }
                  Body__c {
                    value
                  }
                  Ended__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$variantQueryVariables'
  })
  wiredVariants({
    data
  }: {
    data?: { uiapi?: { query?: { Action_Variant__c?: { edges: Array<{ node: VariantNode }> } } } };
  }) {
    const edges = data?.uiapi?.query?.Action_Variant__c?.edges;
    if (!edges || this.variantsEdited) return;
    this.variants = fromNodes(edges.map((edge) => edge.node));
    this.variantsLoaded = true;
  }

  get variantQueryVariables() {
    return { actionId: this.draft.Id ?? '' };
  }

  get canHaveVariants() {
    return VARIANT_TYPES.has(this.draft.Type__c ?? '');
  }
  get hasVariants() {
    return this.variants.length > 0;
  }
  /** The variants with their labels, for the template. */
  get variantRows() {
    const l = this.labels;
    return this.variants.map((variant) => ({
      ...variant,
      heading: formatLabel(l.variantHeading, variant.key),
      splitLabel: formatLabel(l.variantSplit, variant.key),
      subjectLabel: formatLabel(l.variantSubject, variant.key),
      bodyLabel: formatLabel(this.isEmail ? l.variantBody : l.variantSmsBody, variant.key),
      removeLabel: formatLabel(l.variantRemove, variant.key)
    }));
  }
  get addVariantDisabled() {
    return !this.variantsLoaded || this.variants.length >= MAX_VARIANTS;
  }
  /** Why "Add variant" is disabled, said next to it (a disabled button cannot show a tooltip to keyboards). */
  get addVariantReason() {
    return this.variants.length >= MAX_VARIANTS ? formatLabel(this.labels.variantMax, MAX_VARIANTS) : '';
  }

  get hasEmailTemplateList() {
    return this.emailTemplates !== null;
  }
  /** "None" first; a template saved earlier that is no longer listed stays pickable by its Id. */
  get emailTemplateOptions() {
    const listed = this.emailTemplates ?? [];
    const current = this.draft.Email_Template_Id__c || '';
    const missing =
      current && !listed.some((option) => option.value.startsWith(current))
        ? [{ label: current, value: current }]
        : [];
    return [{ label: this.labels.noEmailTemplate, value: '' }, ...listed, ...missing];
  }
  get emailTemplateValue() {
    const current = this.draft.Email_Template_Id__c || '';
    if (!current) return '';
    return (this.emailTemplates ?? []).find((option) => option.value.startsWith(current))?.value ?? current;
  }

  get heading() {
    return this.draft.Id
      ? formatLabel(this.labels.editTitle, this.draft.Step_Number__c ?? '', this.draft.Name ?? '')
      : formatLabel(this.labels.newTitle, this.draft.Step_Number__c ?? '');
  }

  get typeOptions() {
    return options(ACTION_TYPES);
  }
  get activationOptions() {
    return options(ACTIVATIONS);
  }
  get delayUnitOptions() {
    return options(DELAY_UNITS);
  }
  get timingOptions() {
    return options(TIMING_MODES);
  }
  get taskPriorityOptions() {
    return options(TASK_PRIORITIES);
  }
  get behaviorOptions() {
    const labels: Record<string, string> = { Wait: this.labels.behaviorWait, Skip: this.labels.behaviorSkip };
    return CRITERIA_BEHAVIORS.map((value) => ({ label: labels[value] ?? value, value }));
  }
  get smsTemplateOptions() {
    return [{ label: this.labels.noTemplate, value: '' }, ...this.smsTemplates];
  }

  /** The target's User lookups: the fields an action can delegate to. */
  get delegateOptions() {
    const fields = (this.catalog?.[this.targetObject]?.fields ?? []).filter(
      (f) => f.type === 'reference' && (f.referenceTo ?? []).includes('User')
    );
    return [
      { label: this.labels.delegateDefault, value: '' },
      ...fields.map((f) => ({ label: f.label ? `${f.label} (${f.name})` : f.name, value: f.name }))
    ];
  }

  get isEmail() {
    return this.draft.Type__c === 'Email';
  }
  get isSms() {
    return this.draft.Type__c === 'SMS';
  }
  get isTask() {
    return this.draft.Type__c === 'Task';
  }
  /** Calls and SMS are always manual: a rep makes the call or reviews the text. */
  get activationDisabled() {
    return !AUTOMATIC_TYPES.has(this.draft.Type__c ?? '');
  }
  get advancedLabel() {
    return this.showAdvanced ? this.labels.hideAdvanced : this.labels.showAdvanced;
  }
  get targetDescribe() {
    return this.catalog?.[this.targetObject] ?? null;
  }

  /** Merge-field problems in the subject and body, with positions. */
  get templateErrors(): string[] {
    if (!this.isEmail && !this.isSms) return [];
    const context =
      this.targetObject === 'Lead' || this.targetObject === 'Contact'
        ? { recipientObject: this.targetObject }
        : { recipientObject: 'Contact', relatedObject: this.targetObject };
    if (!this.catalog?.[context.recipientObject]) return [];
    const texts = this.isEmail
      ? [this.draft.Subject__c ?? '', this.draft.Body__c ?? '']
      : [this.draft.Body__c ?? ''];
    return texts.flatMap((text) => {
      const result = validateTemplate(text, this.catalog, context);
      return result.ok ? [] : result.error.map((e) => e.message);
    });
  }

  /** The steps for the preview, with this form's timing in its place. */
  get previewSteps() {
    const index = this.previewIndex;
    const steps = [...(this.steps ?? [])];
    steps[index] = {
      name: this.draft.Name ?? '',
      delayAmount: Number(this.draft.Delay_Amount__c ?? 0),
      delayUnit: this.draft.Delay_Unit__c ?? 'Days',
      timing: this.draft.Timing__c ?? 'Immediate (Any Day)'
    };
    return steps;
  }
  get previewIndex() {
    return Math.max(0, (this.draft.Step_Number__c ?? 1) - 1);
  }
  get delayValid() {
    const delay = Number(this.draft.Delay_Amount__c);
    return Number.isInteger(delay) && delay >= 0;
  }

  handleField(event: CustomEvent<{ value?: string; checked?: boolean }>) {
    const target = event.currentTarget as HTMLElement;
    const field = target.dataset.field as keyof ActionRecord;
    let value: unknown = event.detail.checked ?? event.detail.value ?? '';
    if (field === 'Delay_Amount__c') value = value === '' ? NaN : Number(value);
    const next: ActionRecord = { ...this.draft, [field]: value };
    if (field === 'Type__c' && !AUTOMATIC_TYPES.has(String(value))) next.Activation__c = 'Manual';
    this.draft = next;
  }

  handleAddVariant() {
    this.editVariants(withAddedVariant(this.variants));
  }

  handleRemoveVariant(event: Event) {
    const key = (event.currentTarget as HTMLElement).dataset.key ?? '';
    const removed = this.variants.find((variant) => variant.key === key);
    if (removed?.id) this.removedVariants = [...this.removedVariants, { id: removed.id, key }];
    this.editVariants(withoutVariant(this.variants, key));
  }

  handleVariantField(event: CustomEvent<{ value?: string }>) {
    const target = event.currentTarget as HTMLElement;
    const edited = target.dataset.key;
    const name = target.dataset.variantField as 'split' | 'subject' | 'body';
    const value = event.detail.value ?? '';
    this.editVariants(
      this.variants.map((variant) => (variant.key === edited ? { ...variant, [name]: value } : variant))
    );
  }

  private editVariants(next: VariantDraft[]) {
    this.variantsEdited = true;
    this.variants = next;
    // A complaint shown at a split goes once the admin changes the variants.
    this.variantSectionError = '';
    this.splitInputs().forEach((input) => input.setCustomValidity(''));
  }

  handleCriteria(event: CustomEvent<{ value: string; valid: boolean }>) {
    this.draft = { ...this.draft, Criteria__c: event.detail.value || null };
    this.criteriaValid = event.detail.valid;
  }

  handleUpdates(event: CustomEvent<{ value: string; valid: boolean }>) {
    this.draft = { ...this.draft, Field_Updates__c: event.detail.value || null };
    this.updatesValid = event.detail.valid;
  }

  handleToggleAdvanced() {
    this.showAdvanced = !this.showAdvanced;
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('close'));
  }

  async handleSave() {
    const problem = this.firstProblem();
    if (problem) {
      this.errorMessage = problem;
      return;
    }
    this.saving = true;
    this.errorMessage = '';
    let actionId = this.draft.Id;
    try {
      const fields = this.recordFields();
      const saved = this.draft.Id
        ? await updateRecord({ fields: { [SA_ID.fieldApiName]: this.draft.Id, ...fields } })
        : await createRecord({
            apiName: ACTION_OBJECT.objectApiName,
            fields: { [SA_SEQUENCE.fieldApiName]: this.sequenceId, ...fields }
          });
      actionId = saved?.id ?? this.draft.Id;
      // A retry after a variant failed updates this action instead of creating another.
      this.draft = { ...this.draft, Id: actionId };
    } catch (error) {
      this.errorMessage = formatLabel(this.labels.saveFailed, reduceErrors(error).join(' '));
      this.saving = false;
      return;
    }
    try {
      const failed = await this.saveVariants(actionId ?? '');
      if (failed.length > 0) {
        this.errorMessage = failed.join(' ');
        return;
      }
      this.dispatchEvent(
        new CustomEvent('saved', {
          detail: {
            id: actionId,
            message: formatLabel(this.labels.saved, this.draft.Name ?? '')
          }
        })
      );
    } catch (error) {
      this.errorMessage = formatLabel(this.labels.saveFailed, reduceErrors(error).join(' '));
    } finally {
      this.saving = false;
    }
  }

  private firstProblem(): string {
    if (!this.draft.Name?.trim()) return this.labels.nameRequired;
    if (!this.delayValid) return this.labels.delayInvalid;
    if (this.templateErrors.length > 0 || !this.criteriaValid || !this.updatesValid)
      return this.labels.fixErrors;
    return this.canHaveVariants ? this.showVariantProblem(variantProblem(this.variants)) : '';
  }

  /** Puts the core's complaint about the variants at the split box(es) or the section; returns it. */
  private showVariantProblem(problem: VariantProblem | null): string {
    this.variantSectionError = '';
    const inputs = this.splitInputs();
    inputs.forEach((input) => input.setCustomValidity(''));
    if (!problem) return '';
    const message = this.variantMessage(problem);
    if (problem.atSplits) {
      for (const input of inputs) {
        if (problem.key !== null && input.dataset.key !== problem.key) continue;
        input.setCustomValidity(message);
        input.reportValidity();
      }
    } else {
      this.variantSectionError = message;
    }
    return message;
  }

  private variantMessage(problem: VariantProblem): string {
    if (problem.code === 'TOO_FEW_VARIANTS') return this.labels.variantTooFew;
    if (problem.code === 'BAD_SPLIT' && problem.key !== null)
      return formatLabel(this.labels.variantSplitInvalid, problem.key);
    if (problem.code === 'BAD_SPLIT')
      return formatLabel(
        this.labels.variantSplitTotal,
        Number.isNaN(problem.total) ? '?' : (problem.total ?? '')
      );
    return problem.message;
  }

  private splitInputs(): ValidityInput[] {
    return Array.from(
      this.template?.querySelectorAll<ValidityInput>('lightning-input[data-variant-field="split"]') ?? []
    );
  }

  /**
   * Writes the variants after the action: removed ones deleted, saved ones updated, new ones created
   * under the action, all at once. A step whose type cannot be tested keeps its saved variants
   * untouched (the send path ignores them). Returns one message per variant that failed, each also
   * raised as an error toast naming the variant.
   */
  private async saveVariants(actionId: string): Promise<string[]> {
    if (!this.canHaveVariants) return [];
    const type = this.draft.Type__c ?? '';
    const writes: Array<{ key: string; run: () => Promise<unknown>; done: (result: unknown) => void }> = [
      ...this.removedVariants.map(({ id, key }) => ({
        key,
        run: () => deleteRecord(id),
        done: () => {
          this.removedVariants = this.removedVariants.filter((other) => other.id !== id);
        }
      })),
      ...this.variants.map((variant) => ({
        key: variant.key,
        run: () => {
          const fields = variantFields(variant, type);
          if (variant.id) return updateRecord({ fields: { [AV_ID.fieldApiName]: variant.id, ...fields } });
          return createRecord({
            apiName: VARIANT_OBJECT.objectApiName,
            fields: { [AV_ACTION.fieldApiName]: actionId, ...fields }
          });
        },
        done: (result: unknown) => {
          const createdId = (result as { id?: string } | undefined)?.id;
          // A retry updates the variant created now instead of creating it twice.
          if (!variant.id && createdId)
            this.variants = this.variants.map((v) => (v.key === variant.key ? { ...v, id: createdId } : v));
        }
      }))
    ];
    const results = await Promise.allSettled(writes.map((write) => write.run()));
    const failures: string[] = [];
    results.forEach((result, index) => {
      const write = writes[index];
      if (result.status === 'fulfilled') {
        write.done(result.value);
        return;
      }
      const message = formatLabel(
        this.labels.variantSaveFailed,
        write.key,
        reduceErrors(result.reason).join(' ')
      );
      failures.push(message);
      this.dispatchEvent(new ShowToastEvent({ title: message, message: '', variant: 'error' }));
    });
    return failures;
  }

  /**
   * The fields written (names from schema imports, so the platform checks them and namespaces them
   * in the managed package), with other types' content cleared so a type change leaves nothing stale.
   */
  private recordFields(): Record<string, unknown> {
    const d = this.draft;
    const type = d.Type__c ?? 'Call';
    const emailOnly = (value: unknown) => (type === 'Email' ? value || null : null);
    return {
      [SA_NAME.fieldApiName]: d.Name?.trim(),
      [SA_STEP_NUMBER.fieldApiName]: d.Step_Number__c,
      [SA_TYPE.fieldApiName]: type,
      [SA_ACTIVATION.fieldApiName]: AUTOMATIC_TYPES.has(type) ? d.Activation__c : 'Manual',
      [SA_DELAY_AMOUNT.fieldApiName]: Number(d.Delay_Amount__c),
      [SA_DELAY_UNIT.fieldApiName]: d.Delay_Unit__c,
      [SA_TIMING.fieldApiName]: d.Timing__c,
      [SA_SUBJECT.fieldApiName]: type === 'Email' ? (d.Subject__c ?? null) : null,
      [SA_BODY.fieldApiName]: type === 'Email' || type === 'SMS' ? (d.Body__c ?? null) : null,
      [SA_EMAIL_TEMPLATE_ID.fieldApiName]: emailOnly(d.Email_Template_Id__c),
      [SA_CC.fieldApiName]: emailOnly(d.Cc__c),
      [SA_BCC.fieldApiName]: emailOnly(d.Bcc__c),
      [SA_SMS_TEMPLATE.fieldApiName]: type === 'SMS' ? d.SMS_Template__c || null : null,
      [SA_TASK_SUBJECT.fieldApiName]: type === 'Task' ? d.Task_Subject__c || null : null,
      [SA_TASK_PRIORITY.fieldApiName]: d.Task_Priority__c,
      [SA_DELEGATE_FIELD.fieldApiName]: d.Delegate_Field__c || null,
      [SA_CRITERIA.fieldApiName]: d.Criteria__c || null,
      [SA_CRITERIA_BEHAVIOR.fieldApiName]: d.Criteria_Behavior__c,
      [SA_FIELD_UPDATES_REQUIRED.fieldApiName]: !!d.Field_Updates_Required__c,
      [SA_FIELD_UPDATES.fieldApiName]: d.Field_Updates__c || null
    };
  }
}
