import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getObjectInfo, getObjectInfos, getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import { deleteRecord, getRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import SEQ_ID from '@salesforce/schema/Sequence__c.Id';
import SEQ_RECORD_TYPE_ID from '@salesforce/schema/Sequence__c.RecordTypeId';
import SEQUENCE_OBJECT from '@salesforce/schema/Sequence__c';
import SEQ_TARGET_OBJECT from '@salesforce/schema/Sequence__c.Target_Object__c';
import SEQ_ACTIVE from '@salesforce/schema/Sequence__c.Active__c';
import SEQ_ENROLLMENT from '@salesforce/schema/Sequence__c.Enrollment__c';
import SEQ_PRIORITY from '@salesforce/schema/Sequence__c.Priority__c';
import SEQ_DELEGATE_FIELD from '@salesforce/schema/Sequence__c.Delegate_Field__c';
import SEQ_BUSINESS_HOURS_ID from '@salesforce/schema/Sequence__c.Business_Hours_Id__c';
import SEQ_USE_RECIPIENT_TIME_ZONE from '@salesforce/schema/Sequence__c.Use_Recipient_Time_Zone__c';
import SEQ_TIME_ZONE from '@salesforce/schema/Sequence__c.Time_Zone__c';
import SEQ_SLOW_DRIP_PER_DAY from '@salesforce/schema/Sequence__c.Slow_Drip_Per_Day__c';
import SEQ_EXIT_ON_REPLY from '@salesforce/schema/Sequence__c.Exit_On_Reply__c';
import SEQ_EXIT_ON_BOUNCE from '@salesforce/schema/Sequence__c.Exit_On_Bounce__c';
import SEQ_REPEATABLE from '@salesforce/schema/Sequence__c.Repeatable__c';
import SEQ_ENTRY_CRITERIA from '@salesforce/schema/Sequence__c.Entry_Criteria__c';
import SEQ_EXIT_CRITERIA from '@salesforce/schema/Sequence__c.Exit_Criteria__c';
import SA_ID from '@salesforce/schema/Sequence_Action__c.Id';
import SA_STEP_NUMBER from '@salesforce/schema/Sequence_Action__c.Step_Number__c';
import { ENROLLMENT_MODES, PRIORITIES, TARGET_OBJECTS, fromObjectInfo, isValidTimeZone } from 'c/strideCore';
import type { ObjectDescribe } from 'c/strideCore';
import { formatLabel, reduceErrors } from 'c/strideLds';
import { LABELS } from './labels';

interface Value<T> {
  value: T | null;
}

type ActionNode = { Id: string } & Record<string, Value<unknown> | string>;

interface BusinessHoursQuery {
  uiapi?: {
    query?: {
      BusinessHours?: {
        edges: Array<{ node: { Id: string; Name: Value<string>; TimeZoneSidKey?: Value<string> } }>;
      };
    };
  };
}

interface EditorQuery {
  uiapi?: {
    query?: {
      Sequence_Action__c?: { edges: Array<{ node: ActionNode }> };
      Sequence_Participant__c?: { totalCount: number };
      Participant_Action__c?: { totalCount: number };
    };
  };
}

interface GraphQLResult<T> {
  data?: T;
  errors?: unknown;
  refresh?: () => Promise<void>;
}

/** A sequence action with plain values (API names as keys), as the action editor takes it. */
type ActionRecord = Record<string, unknown> & { Id: string; Name: string; Step_Number__c: number };

type ObjectInfo = Parameters<typeof fromObjectInfo>[0] & { defaultRecordTypeId?: string };

/**
 * The settings the form edits: the form's key (the source API name) → the field, from a schema
 * import so the platform checks it and the managed package namespaces it.
 */
const SETTINGS_FIELDS = {
  Target_Object__c: SEQ_TARGET_OBJECT,
  Active__c: SEQ_ACTIVE,
  Enrollment__c: SEQ_ENROLLMENT,
  Priority__c: SEQ_PRIORITY,
  Delegate_Field__c: SEQ_DELEGATE_FIELD,
  Business_Hours_Id__c: SEQ_BUSINESS_HOURS_ID,
  Use_Recipient_Time_Zone__c: SEQ_USE_RECIPIENT_TIME_ZONE,
  Time_Zone__c: SEQ_TIME_ZONE,
  Slow_Drip_Per_Day__c: SEQ_SLOW_DRIP_PER_DAY,
  Exit_On_Reply__c: SEQ_EXIT_ON_REPLY,
  Exit_On_Bounce__c: SEQ_EXIT_ON_BOUNCE,
  Repeatable__c: SEQ_REPEATABLE,
  Entry_Criteria__c: SEQ_ENTRY_CRITERIA,
  Exit_Criteria__c: SEQ_EXIT_CRITERIA
} as const;
type SettingKey = keyof typeof SETTINGS_FIELDS;
const SETTING_KEYS = Object.keys(SETTINGS_FIELDS) as SettingKey[];

const BUSINESS_HOURS_ID = /^01m[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const options = (values: readonly string[]) => values.map((value) => ({ label: value, value }));

/** The IANA time zones the browser knows (every zone Salesforce offers is one of them). */
function timeZoneNames(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

/**
 * The sequence editor on the Sequence record page: settings (target, enrollment, priority,
 * delegation from the target's User lookups, business hours, recipient time zone, slow drip, entry
 * and exit criteria) and the ordered actions, reordered by drag or by keyboard, edited in
 * c-stride-action-editor. Live sequences (people enrolled) follow docs/architecture.md §3: actions are only
 * appended, the order is fixed, and removing an action first says how many open actions it cancels.
 */
export default class StrideSequenceEditor extends LightningElement {
  labels = LABELS;
  /** The Sequence__c id (set by the record page). */
  @api recordId?: string;

  settings: Record<string, unknown> = {};
  settingsLoaded = false;
  actions: ActionRecord[] = [];
  openParticipants = 0;
  loading = true;
  errorMessage = '';
  settingsError = '';
  entryValid = true;
  exitValid = true;
  saving = false;
  objectInfos: ObjectInfo[] = [];
  /** Sequence__c record type id by name (Lead, Contact, Opportunity, Campaign: named after their target). */
  sequenceRecordTypes: Record<string, string> = {};
  picklists: Record<string, { values: Array<{ value: string; label?: string }> }> = {};
  editing: Record<string, unknown> | null = null;
  removing: ActionRecord | null = null;
  removingOpenActions: number | null = null;
  announcement = '';
  /** Active business hours by name; null until read (or when the org does not answer: the Id box). */
  businessHours: Array<{ label: string; value: string }> | null = null;
  private dragIndex: number | null = null;
  /**
   * After a keyboard move the row is re-inserted, which drops focus to the page: put it back on the
   * moved action's arrow (the same direction while it can still go that way, else the other one).
   */
  private focusAfterMove: { id: string; direction: 'up' | 'down' } | null = null;
  private moveSaves: Promise<void> = Promise.resolve();
  /** Moves not yet saved and read back: data read meanwhile keeps the order on screen. */
  private movesInFlight = 0;
  private readonly writtenSteps = new Map<string, number>();

  override renderedCallback() {
    const pending = this.focusAfterMove;
    if (!pending) return;
    const row = this.template?.querySelector(`li[data-id="${pending.id}"]`);
    if (!row) return;
    this.focusAfterMove = null;
    const buttons = Array.from(row.querySelectorAll<HTMLElement & { disabled?: boolean }>('[data-move]'));
    const same = buttons.find((button) => button.dataset.move === pending.direction);
    const other = buttons.find((button) => button.dataset.move !== pending.direction);
    (same && !same.disabled ? same : other)?.focus();
  }
  private editorResult: GraphQLResult<EditorQuery> | null = null;

  recordFields = Object.values(SETTINGS_FIELDS);

  @wire(getRecord, { recordId: '$recordId', fields: '$recordFields' })
  wiredSequence({ data, error }: { data?: { fields: Record<string, { value: unknown }> }; error?: unknown }) {
    if (data) {
      // The form edits a copy; a refresh after another user's save replaces it.
      this.settings = Object.fromEntries(
        SETTING_KEYS.map((key) => [key, data.fields[SETTINGS_FIELDS[key].fieldApiName]?.value ?? null])
      );
      this.settingsLoaded = true;
    } else if (error) {
      this.errorMessage = formatLabel(this.labels.loadError, reduceErrors(error).join(' '));
      this.loading = false;
    }
  }

  /**
   * Business hours are picked by name: the GraphQL UI API lists BusinessHours like any record (no
   * Apex). Its own wire, so an org that refuses the object still loads the editor (the Id box then).
   */
  @wire(graphql, {
    query: gql`
      query strideBusinessHours {
        uiapi {
          query {
            BusinessHours(where: { IsActive: { eq: true } }, orderBy: { Name: { order: ASC } }, first: 200) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  TimeZoneSidKey {
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
  wiredBusinessHours(result: GraphQLResult<BusinessHoursQuery>) {
    const edges = result.data?.uiapi?.query?.BusinessHours?.edges;
    if (edges)
      this.businessHours = edges.map(({ node }) => ({
        label: node.TimeZoneSidKey?.value
          ? `${node.Name.value ?? node.Id} (${node.TimeZoneSidKey.value})`
          : (node.Name.value ?? node.Id),
        value: node.Id
      }));
  }

  get editorVariables() {
    return this.recordId ? { sequenceId: this.recordId } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideSequenceEditor($sequenceId: ID) {
        uiapi {
          query {
            Sequence_Action__c(
              where: { Sequence__c: { eq: $sequenceId } }
              orderBy: { Step_Number__c: { order: ASC } }
              first: 200
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Step_Number__c {
                    value
                  }
                  Type__c {
                    value
                  }
                  Activation__c {
                    value
                  }
                  Delay_Amount__c {
                    value
                  }
                  Delay_Unit__c {
                    value
                  }
                  Timing__c {
                    value
                  }
                  Subject__c {
                    value
                  }
                  Body__c {
                    value
                  }
                  Email_Template_Id__c {
                    value
                  }
                  SMS_Template__c {
                    value
                  }
                  Cc__c {
                    value
                  }
                  Bcc__c {
                    value
                  }
                  Task_Subject__c {
                    value
                  }
                  Task_Priority__c {
                    value
                  }
                  Delegate_Field__c {
                    value
                  }
                  Criteria__c {
                    value
                  }
                  Criteria_Behavior__c {
                    value
                  }
                  Field_Updates_Required__c {
                    value
                  }
                  Field_Updates__c {
                    value
                  }
                }
              }
            }
            Sequence_Participant__c(
              where: {
                and: [
                  { Sequence__c: { eq: $sequenceId } }
                  { Status__c: { in: ["Queued", "Active", "Paused"] } }
                ]
              }
              first: 1
            ) {
              totalCount
            }
          }
        }
      }
    `,
    variables: '$editorVariables'
  })
  wiredEditor(result: GraphQLResult<EditorQuery>) {
    if (result.errors) {
      this.editorResult = result;
      this.errorMessage = formatLabel(this.labels.loadError, reduceErrors(result.errors).join(' '));
      this.loading = false;
      return;
    }
    const query = result.data?.uiapi?.query;
    if (!query?.Sequence_Action__c) return;
    this.editorResult = result;
    const actions = query.Sequence_Action__c.edges.map(({ node }) => {
      const plain: Record<string, unknown> = { Id: node.Id };
      for (const [key, value] of Object.entries(node)) {
        if (key !== 'Id' && value && typeof value === 'object') plain[key] = (value as Value<unknown>).value;
      }
      return plain as ActionRecord;
    });
    // A read that an earlier move's save asked for must not put rows back where a later move took
    // them from: the rows would jump twice, and the moved one would lose keyboard focus.
    this.actions = this.movesInFlight > 0 ? inScreenOrder(actions, this.actions) : actions;
    this.openParticipants = query.Sequence_Participant__c?.totalCount ?? 0;
    this.errorMessage = '';
    this.loading = false;
  }

  get removeVariables() {
    return this.removing && this.isLive ? { actionId: this.removing.Id } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideOpenActionsOfStep($actionId: ID) {
        uiapi {
          query {
            Participant_Action__c(
              where: {
                and: [
                  { Sequence_Action__c: { eq: $actionId } }
                  { Status__c: { in: ["Upcoming", "Due", "Waiting_Criteria", "In_Progress", "Deferred"] } }
                ]
              }
              first: 1
            ) {
              totalCount
            }
          }
        }
      }
    `,
    variables: '$removeVariables'
  })
  wiredOpenActions(result: GraphQLResult<EditorQuery>) {
    const count = result.data?.uiapi?.query?.Participant_Action__c?.totalCount;
    if (typeof count === 'number') this.removingOpenActions = count;
  }

  get targetObject(): string {
    return (this.settings.Target_Object__c as string) || 'Lead';
  }

  get describeObjects() {
    return this.settingsLoaded ? [this.targetObject, 'Account', 'User'] : undefined;
  }

  @wire(getObjectInfos, { objectApiNames: '$describeObjects' })
  wiredObjectInfos({ data }: { data?: { results: Array<{ statusCode: number; result: ObjectInfo }> } }) {
    if (data) this.objectInfos = data.results.filter((r) => r.statusCode === 200).map((r) => r.result);
  }

  @wire(getObjectInfo, { objectApiName: SEQUENCE_OBJECT })
  wiredSequenceInfo({
    data
  }: {
    data?: { recordTypeInfos?: Record<string, { master: boolean; name: string; recordTypeId: string }> };
  }) {
    if (!data?.recordTypeInfos) return;
    this.sequenceRecordTypes = Object.fromEntries(
      Object.values(data.recordTypeInfos)
        .filter((rt) => !rt.master)
        .map((rt) => [rt.name, rt.recordTypeId])
    );
  }

  get targetRecordTypeId() {
    return this.objectInfos.find((info) => info.apiName === this.targetObject)?.defaultRecordTypeId;
  }

  @wire(getPicklistValuesByRecordType, {
    objectApiName: '$targetObject',
    recordTypeId: '$targetRecordTypeId'
  })
  wiredPicklists({
    data
  }: {
    data?: { picklistFieldValues: Record<string, { values: Array<{ value: string; label?: string }> }> };
  }) {
    if (data) this.picklists = data.picklistFieldValues;
  }

  /** Describes for the criteria builders, templates and delegation (target with its picklists). */
  get catalog(): Record<string, ObjectDescribe> {
    return Object.fromEntries(
      this.objectInfos.map((info) => [
        info.apiName,
        fromObjectInfo(info, info.apiName === this.targetObject ? this.picklists : {})
      ])
    );
  }

  get isLive() {
    return this.openParticipants > 0;
  }
  get liveMessage() {
    return formatLabel(this.labels.live, this.openParticipants);
  }
  get showContent() {
    return !this.loading && !this.errorMessage;
  }
  /** The sequence's on/off settings, in the order the form shows them. */
  get checkboxSettings() {
    return [
      { field: 'Active__c', label: this.labels.active },
      { field: 'Use_Recipient_Time_Zone__c', label: this.labels.recipientZone },
      { field: 'Exit_On_Reply__c', label: this.labels.exitOnReply },
      { field: 'Exit_On_Bounce__c', label: this.labels.exitOnBounce },
      { field: 'Repeatable__c', label: this.labels.repeatable }
    ].map((setting) => ({ ...setting, checked: Boolean(this.settings[setting.field]) }));
  }

  get targetOptions() {
    return options(TARGET_OBJECTS);
  }
  get enrollmentOptions() {
    return options(ENROLLMENT_MODES);
  }
  get priorityOptions() {
    return options(PRIORITIES);
  }
  get delegateOptions() {
    const fields = (this.catalog[this.targetObject]?.fields ?? []).filter(
      (f) => f.type === 'reference' && (f.referenceTo ?? []).includes('User')
    );
    return [
      { label: this.labels.delegateOwner, value: '' },
      ...fields.map((f) => ({ label: f.label ? `${f.label} (${f.name})` : f.name, value: f.name }))
    ];
  }
  get hasBusinessHoursList() {
    return this.businessHours !== null;
  }
  /** "None" first; an Id saved earlier that is not in the list (inactive hours) stays pickable. */
  get businessHoursOptions() {
    const listed = this.businessHours ?? [];
    const current = (this.settings.Business_Hours_Id__c as string) || '';
    const missing =
      current && !listed.some((option) => option.value === current || option.value.startsWith(current))
        ? [{ label: current, value: current }]
        : [];
    return [{ label: this.labels.businessHoursNone, value: '' }, ...listed, ...missing];
  }
  /** The saved Id as the list spells it (a 15-character Id matches its 18-character form). */
  get businessHoursValue() {
    const current = (this.settings.Business_Hours_Id__c as string) || '';
    if (!current) return '';
    return (this.businessHours ?? []).find((option) => option.value.startsWith(current))?.value ?? current;
  }
  get timeZoneOptions() {
    const current = (this.settings.Time_Zone__c as string) || '';
    const zones = timeZoneNames();
    if (current && !zones.includes(current)) zones.push(current);
    return [
      { label: this.labels.timeZoneNone, value: '' },
      ...zones.map((zone) => ({ label: zone, value: zone }))
    ];
  }
  get timeZoneValue() {
    return (this.settings.Time_Zone__c as string) || '';
  }

  get targetHelp() {
    return this.isLive ? this.labels.targetLocked : '';
  }

  get actionViews() {
    const last = this.actions.length - 1;
    return this.actions.map((action, index) => ({
      ...action,
      index,
      step: index + 1,
      summary: this.summaryOf(action, index),
      editLabel: formatLabel(this.labels.edit, action.Name),
      upLabel: formatLabel(this.labels.moveUp, action.Name),
      downLabel: formatLabel(this.labels.moveDown, action.Name),
      removeLabel: formatLabel(this.labels.remove, action.Name),
      // Not disabled while a save runs: a disabled button drops keyboard focus (moves queue instead).
      upDisabled: this.isLive || index === 0,
      downDisabled: this.isLive || index === last,
      draggable: this.isLive ? 'false' : 'true'
    }));
  }
  /** "Call · Manual after 2 Days · …"; a step without a delay reads "immediately" (step 1) or "right after the previous step". */
  private summaryOf(action: ActionRecord, index: number) {
    const type = String(action.Type__c ?? '');
    const activation = String(action.Activation__c ?? '');
    const timing = String(action.Timing__c ?? '');
    const delay = Number(action.Delay_Amount__c ?? 0);
    if (!delay)
      return formatLabel(
        index === 0 ? this.labels.stepSummaryImmediate : this.labels.stepSummaryRightAfter,
        type,
        activation,
        timing
      );
    return formatLabel(
      this.labels.stepSummary,
      type,
      activation,
      String(delay),
      String(action.Delay_Unit__c ?? ''),
      timing
    );
  }
  get hasActions() {
    return this.actions.length > 0;
  }

  /** The timing of every step, for the schedule preview in the action editor. */
  get previewSteps() {
    return this.actions.map((a) => ({
      name: a.Name,
      delayAmount: Number(a.Delay_Amount__c ?? 0),
      delayUnit: String(a.Delay_Unit__c ?? 'Days'),
      timing: String(a.Timing__c ?? 'Immediate (Any Day)')
    }));
  }

  get businessHoursError() {
    const id = (this.settings.Business_Hours_Id__c as string) ?? '';
    return id && !BUSINESS_HOURS_ID.test(id) ? this.labels.businessHoursInvalid : '';
  }
  get timeZoneError() {
    const zone = (this.settings.Time_Zone__c as string) ?? '';
    return zone && !isValidTimeZone(zone) ? this.labels.timeZoneInvalid : '';
  }

  get removeTitle() {
    return formatLabel(this.labels.removeTitle, this.removing?.Name ?? '');
  }
  get removeMessage() {
    if (!this.isLive) return this.labels.removeNotLive;
    return this.removingOpenActions === null
      ? this.labels.counting
      : formatLabel(this.labels.removeLive, this.removingOpenActions);
  }
  get confirmRemoveDisabled() {
    return this.saving || (this.isLive && this.removingOpenActions === null);
  }

  handleSetting(event: CustomEvent<{ value?: string; checked?: boolean }>) {
    const field = (event.currentTarget as HTMLElement).dataset.field as string;
    let value: unknown = event.detail.checked ?? event.detail.value ?? null;
    if (field === 'Slow_Drip_Per_Day__c') value = value === '' || value === null ? null : Number(value);
    this.settings = { ...this.settings, [field]: value };
  }

  handleEntryCriteria(event: CustomEvent<{ value: string; valid: boolean }>) {
    this.settings = { ...this.settings, Entry_Criteria__c: event.detail.value || null };
    this.entryValid = event.detail.valid;
  }

  handleExitCriteria(event: CustomEvent<{ value: string; valid: boolean }>) {
    this.settings = { ...this.settings, Exit_Criteria__c: event.detail.value || null };
    this.exitValid = event.detail.valid;
  }

  async handleSaveSettings() {
    if (!this.recordId) return;
    if (this.businessHoursError || this.timeZoneError || !this.entryValid || !this.exitValid) {
      this.settingsError = this.labels.fixErrors;
      return;
    }
    this.settingsError = '';
    const fields: Record<string, unknown> = { [SEQ_ID.fieldApiName]: this.recordId };
    for (const key of SETTING_KEYS) {
      // A live sequence keeps its target: its participants and criteria are about that object.
      if (key === 'Target_Object__c' && this.isLive) continue;
      fields[SETTINGS_FIELDS[key].fieldApiName] = this.settings[key] === '' ? null : this.settings[key];
    }
    // The record type follows the target, so the fields offered for updates match (issue 15 §3).
    const recordTypeId = this.isLive ? undefined : this.sequenceRecordTypes[this.targetObject];
    if (recordTypeId) fields[SEQ_RECORD_TYPE_ID.fieldApiName] = recordTypeId;
    await this.save(() => updateRecord({ fields }), this.labels.settingsSaved);
  }

  handleAddAction() {
    this.editing = { Step_Number__c: this.actions.length + 1 };
  }

  handleEditAction(event: Event) {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    this.editing = { ...this.actions[index], Step_Number__c: index + 1 };
  }

  handleEditorClose() {
    this.editing = null;
  }

  async handleEditorSaved(event: CustomEvent<{ message: string }>) {
    this.editing = null;
    this.toast(this.labels.successTitle, event.detail.message, 'success');
    await this.editorResult?.refresh?.();
  }

  handleRemoveAction(event: Event) {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    this.removing = this.actions[index];
    this.removingOpenActions = null;
  }

  handleRemoveCancel() {
    this.removing = null;
  }

  async handleRemoveConfirm() {
    const removing = this.removing;
    if (!removing) return;
    this.removing = null;
    const remaining = this.actions.filter((a) => a.Id !== removing.Id);
    await this.save(
      async () => {
        await deleteRecord(removing.Id);
        // Without participants the steps are renumbered to stay 1…n; a live sequence keeps its numbers.
        if (!this.isLive) await this.saveStepNumbers(remaining);
      },
      formatLabel(this.labels.removed, removing.Name)
    );
  }

  handleMoveUp(event: Event) {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    return this.move(index, index - 1, 'up');
  }

  handleMoveDown(event: Event) {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    return this.move(index, index + 1, 'down');
  }

  handleDragStart(event: DragEvent) {
    this.dragIndex = Number((event.currentTarget as HTMLElement).dataset.index);
    event.dataTransfer?.setData('text/plain', String(this.dragIndex));
  }

  handleDragOver(event: DragEvent) {
    if (this.dragIndex !== null && !this.isLive) event.preventDefault();
  }

  handleDrop(event: DragEvent) {
    event.preventDefault();
    const to = Number((event.currentTarget as HTMLElement).dataset.index);
    const from = this.dragIndex;
    this.dragIndex = null;
    if (from === null || from === to) return undefined;
    return this.move(from, to);
  }

  /** Moves an action and saves the new step numbers (never on a live sequence). */
  private async move(from: number, to: number, direction?: 'up' | 'down') {
    if (this.isLive || to < 0 || to >= this.actions.length || from === to) return;
    const reordered = [...this.actions];
    const [moved] = reordered.splice(from, 1);
    if (direction && moved.Id) this.focusAfterMove = { id: moved.Id, direction };
    reordered.splice(to, 0, moved);
    this.actions = reordered;
    const announcement = formatLabel(this.labels.moved, moved.Name, to + 1);
    this.announcement = announcement;
    // Moves made while an earlier one is saving are saved after it, in order.
    this.movesInFlight++;
    this.moveSaves = this.moveSaves
      .then(() => this.save(() => this.saveStepNumbers(reordered), announcement))
      .finally(() => {
        this.movesInFlight--;
      });
    await this.moveSaves;
  }

  /** Writes Step_Number__c for the actions whose position changed. */
  private async saveStepNumbers(ordered: ActionRecord[]) {
    // Compare with what this editor last wrote: a queued move saves from rows read before the
    // previous move's refresh.
    const current = (action: ActionRecord) =>
      (action.Id && this.writtenSteps.get(action.Id)) ?? action.Step_Number__c;
    const changed = ordered
      .map((action, index) => ({ action, step: index + 1 }))
      .filter(({ action, step }) => current(action) !== step);
    await Promise.all(
      changed.map(async ({ action, step }) => {
        await updateRecord({
          fields: { [SA_ID.fieldApiName]: action.Id, [SA_STEP_NUMBER.fieldApiName]: step }
        });
        if (action.Id) this.writtenSteps.set(action.Id, step);
      })
    );
  }

  private async save(write: () => Promise<unknown>, message: string) {
    this.saving = true;
    try {
      await write();
      this.toast(this.labels.successTitle, message, 'success');
    } catch (error) {
      this.toast(this.labels.saveFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.saving = false;
      await this.editorResult?.refresh?.();
    }
  }

  private toast(title: string, message: string, variant: 'success' | 'error') {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}

/** `actions` in the order of the rows on screen (actions not on screen go last, as read). */
function inScreenOrder(actions: ActionRecord[], onScreen: ActionRecord[]): ActionRecord[] {
  const position = new Map(onScreen.map((action, index) => [action.Id, index]));
  const rank = (action: ActionRecord) => position.get(action.Id) ?? onScreen.length;
  return [...actions].sort((a, b) => rank(a) - rank(b));
}
