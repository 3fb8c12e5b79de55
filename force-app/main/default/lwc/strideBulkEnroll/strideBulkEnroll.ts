import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { getRecords } from 'lightning/uiRecordApi';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import {
  criteriaFieldPaths,
  OPEN_PARTICIPANT_STATUSES,
  parseCriteria,
  previewEnrollment
} from 'c/strideCore';
import type { EnrollmentCandidate, EnrollmentPreview } from 'c/strideCore';
import { catalogFromObjectInfos, enroll, formatLabel, reduceErrors } from 'c/strideLds';
import type { ObjectInfosData } from 'c/strideLds';
import { LABELS } from './labels';

interface Value<T> {
  value: T;
}

interface SequenceNode {
  Id: string;
  Name: Value<string>;
  Target_Object__c: Value<string>;
  Entry_Criteria__c: Value<string | null>;
  Sequence_Cap__c: Value<number | null>;
  Repeatable__c: Value<boolean>;
}

interface ParticipantNode {
  Id: string;
  Status__c: Value<string>;
  Lead__c: Value<string | null>;
  Contact__c: Value<string | null>;
  Sequence__c: Value<string>;
}

interface Edges<T> {
  edges: Array<{ node: T }>;
  totalCount?: number;
}

type RecordFields = Record<string, { value: unknown }>;

/** Lead and Contact ids by their key prefix: a list view selection holds one or the other. */
const PREFIXES: Record<string, 'Lead' | 'Contact'> = { '00Q': 'Lead', '003': 'Contact' };
const OPEN_STATUSES = new Set<string | null>(OPEN_PARTICIPANT_STATUSES);
/** Enrolments written at once: enough to finish thousands in minutes, few enough to stay polite to LDS. */
const PARALLEL_WRITES = 4;

/**
 * Bulk enrolment from a list view: a list-view button opens a screen flow that hosts this component
 * with the selected ids. The rep picks a sequence, sees who can join and why the others cannot (the
 * core's `previewEnrollment`: open enrolments, repeatability, cap, entry criteria), and enrolls the
 * eligible ones with a progress bar. Each enrolment is the same Queued participant the record page
 * writes, so the companion admits them exactly as it admits one.
 */
export default class StrideBulkEnroll extends LightningElement {
  labels = LABELS;
  /** The records selected in the list view (the flow's `ids` collection). */
  @api ids: string[] = [];

  sequences: SequenceNode[] = [];
  sequenceId = '';
  participants: ParticipantNode[] = [];
  participantCount = 0;
  actions: Array<{ Id: string; Step_Number__c: number; Type__c: 'Call' | 'SMS' | 'Email' | 'Task' }> = [];
  catalog: ReturnType<typeof catalogFromObjectInfos> = {};
  records: Record<string, Record<string, unknown>> = {};
  errorMessage = '';
  enrolling = false;
  enrolled = 0;
  failures: Array<{ id: string; message: string }> = [];
  finished = false;

  /** Lead or Contact when every selected id is one of them, else undefined. */
  get objectApiName(): 'Lead' | 'Contact' | undefined {
    const objects = new Set(this.selection.map((id) => PREFIXES[id.slice(0, 3)]));
    return objects.size === 1 ? [...objects][0] : undefined;
  }

  get selection(): string[] {
    return [...new Set(this.ids ?? [])];
  }

  get selectionProblem(): string {
    if (this.selection.length === 0) return this.labels.nothingSelected;
    return this.objectApiName ? '' : this.labels.mixedSelection;
  }

  get selectedText() {
    return formatLabel(this.labels.selected, this.selection.length);
  }

  get sequenceVariables() {
    return this.objectApiName ? { target: this.objectApiName } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideBulkSequences($target: Picklist) {
        uiapi {
          query {
            Sequence__c(
              where: { and: [{ Active__c: { eq: true } }, { Target_Object__c: { eq: $target } }] }
              orderBy: { Name: { order: ASC } }
              first: 200
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Target_Object__c {
                    value
                  }
                  Entry_Criteria__c {
                    value
                  }
                  Sequence_Cap__c {
                    value
                  }
                  Repeatable__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$sequenceVariables'
  })
  wiredSequences({
    data,
    errors
  }: {
    data?: { uiapi: { query: { Sequence__c: Edges<SequenceNode> } } };
    errors?: unknown;
  }) {
    if (errors) this.errorMessage = formatLabel(this.labels.loadError, reduceErrors(errors).join(', '));
    const sequences = data?.uiapi?.query?.Sequence__c;
    if (sequences) this.sequences = sequences.edges.map((edge) => edge.node);
  }

  get enrollmentVariables() {
    if (!this.sequenceId || !this.objectApiName) return undefined;
    return { sequenceId: this.sequenceId, ids: this.selection };
  }

  @wire(graphql, {
    query: gql`
      query strideBulkEnrollments($sequenceId: ID, $ids: [ID]) {
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
                  Step_Number__c {
                    value
                  }
                  Type__c {
                    value
                  }
                }
              }
            }
            Members: Sequence_Participant__c(where: { Sequence__c: { eq: $sequenceId } }, first: 1) {
              totalCount
            }
            Sequence_Participant__c(
              where: { or: [{ Lead__c: { in: $ids } }, { Contact__c: { in: $ids } }] }
              first: 2000
            ) {
              edges {
                node {
                  Id
                  Status__c {
                    value
                  }
                  Lead__c {
                    value
                  }
                  Contact__c {
                    value
                  }
                  Sequence__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$enrollmentVariables'
  })
  wiredEnrollments({
    data,
    errors
  }: {
    data?: {
      uiapi: {
        query: {
          Sequence_Action__c: Edges<{
            Id: string;
            Step_Number__c: Value<number>;
            Type__c: Value<'Call' | 'SMS' | 'Email' | 'Task'>;
          }>;
          Members: Edges<unknown>;
          Sequence_Participant__c: Edges<ParticipantNode>;
        };
      };
    };
    errors?: unknown;
  }) {
    if (errors) this.errorMessage = formatLabel(this.labels.loadError, reduceErrors(errors).join(', '));
    const query = data?.uiapi?.query;
    if (!query?.Sequence_Action__c) return;
    this.actions = query.Sequence_Action__c.edges.map(({ node }) => ({
      Id: node.Id,
      Step_Number__c: node.Step_Number__c.value,
      Type__c: node.Type__c.value
    }));
    this.participantCount = query.Members.totalCount ?? 0;
    this.participants = query.Sequence_Participant__c.edges.map((edge) => edge.node);
  }

  get describeObjects() {
    return this.objectApiName ? [this.objectApiName, 'Account', 'User'] : undefined;
  }

  @wire(getObjectInfos, { objectApiNames: '$describeObjects' })
  wiredObjectInfos({ data }: { data?: ObjectInfosData }) {
    if (data) this.catalog = catalogFromObjectInfos(data);
  }

  get selectedSequence(): SequenceNode | undefined {
    return this.sequences.find((sequence) => sequence.Id === this.sequenceId);
  }

  /** The selected records with the fields the chosen sequence's entry criteria read. */
  get recordRequests() {
    const criteria = this.selectedSequence?.Entry_Criteria__c.value;
    const parsed = criteria ? parseCriteria(criteria) : null;
    if (!parsed?.ok || !this.objectApiName) return undefined;
    const fields = criteriaFieldPaths(parsed.value).map((path) => `${this.objectApiName}.${path}`);
    return [{ recordIds: this.selection, optionalFields: fields }];
  }

  @wire(getRecords, { records: '$recordRequests' })
  wiredRecords({
    data
  }: {
    data?: { results: Array<{ statusCode: number; result: { id: string; fields: RecordFields } }> };
  }) {
    if (!data) return;
    const records: Record<string, Record<string, unknown>> = {};
    for (const entry of data.results) {
      if (entry.statusCode !== 200) continue;
      records[entry.result.id] = Object.fromEntries(
        Object.entries(entry.result.fields).map(([name, field]) => [name, field.value])
      );
    }
    this.records = records;
  }

  get sequenceOptions() {
    return this.sequences.map((sequence) => ({ label: sequence.Name.value, value: sequence.Id }));
  }

  get hasSequences() {
    return this.sequences.length > 0;
  }

  get preview(): EnrollmentPreview | null {
    const sequence = this.selectedSequence;
    const object = this.objectApiName;
    if (!sequence || !object || this.actions.length === 0) return null;
    const candidates: EnrollmentCandidate[] = this.selection.map((id) => {
      const open = this.participants.find(
        (p) => OPEN_STATUSES.has(p.Status__c.value) && (p.Lead__c.value === id || p.Contact__c.value === id)
      );
      return {
        id,
        object,
        record: this.records[id],
        openEnrollment: open
          ? { Id: open.Id, Sequence__c: open.Sequence__c.value, Status__c: open.Status__c.value as 'Active' }
          : null,
        enrolledBefore: this.participants.some(
          (p) => p.Sequence__c.value === sequence.Id && (p.Lead__c.value === id || p.Contact__c.value === id)
        )
      };
    });
    const criteriaReady = !sequence.Entry_Criteria__c.value || Object.keys(this.records).length > 0;
    return previewEnrollment({
      sequence: {
        Id: sequence.Id,
        Active__c: true,
        Target_Object__c: sequence.Target_Object__c.value as 'Lead' | 'Contact',
        Sequence_Cap__c: sequence.Sequence_Cap__c.value,
        Repeatable__c: sequence.Repeatable__c.value,
        Entry_Criteria__c: sequence.Entry_Criteria__c.value
      },
      actions: this.actions,
      participantCount: this.participantCount,
      candidates,
      catalog: criteriaReady && this.catalog[object] ? this.catalog : undefined,
      now: new Date(Date.now()),
      timeZone: TIME_ZONE
    });
  }

  get eligibleText() {
    return formatLabel(this.labels.eligible, this.preview?.eligible.length ?? 0, this.selection.length);
  }

  get ineligibleRows() {
    return (this.preview?.ineligible ?? []).map((row) => ({ ...row, key: `${row.id}-${row.code}` }));
  }

  get hasIneligible() {
    return this.ineligibleRows.length > 0;
  }

  get enrollLabel() {
    return formatLabel(this.labels.enroll, this.preview?.eligible.length ?? 0);
  }

  get enrollDisabled() {
    return this.enrolling || this.finished || !this.preview || this.preview.eligible.length === 0;
  }

  get progressValue() {
    const total = this.preview?.eligible.length || 1;
    return Math.round(((this.enrolled + this.failures.length) / total) * 100);
  }

  get progressText() {
    return formatLabel(this.labels.progress, this.enrolled + this.failures.length, this.toEnroll.length);
  }

  get doneText() {
    return formatLabel(this.labels.done, this.enrolled);
  }

  get failedText() {
    return formatLabel(this.labels.failed, this.failures.length);
  }

  get hasFailures() {
    return this.failures.length > 0;
  }

  private toEnroll: string[] = [];

  handleSequenceChange(event: CustomEvent<{ value: string }>) {
    event.stopPropagation();
    this.sequenceId = event.detail.value;
    this.finished = false;
    this.enrolled = 0;
    this.failures = [];
  }

  /** Enrolls the eligible records, a few at a time, counting successes and keeping each failure's reason. */
  async handleEnroll() {
    const preview = this.preview;
    const object = this.objectApiName;
    if (!preview || !object || this.enrolling) return;
    this.enrolling = true;
    this.toEnroll = [...preview.eligible];
    const queue = [...this.toEnroll];
    // One write at a time per worker, each taking the next id when its write is done: the pool sets
    // the parallelism. (A chain, not an awaited loop: shipped code carries no inline lint disables.)
    const worker = async (): Promise<void> => {
      const id = queue.shift();
      if (id === undefined) return;
      try {
        await enroll(this.sequenceId, id, object);
        this.enrolled += 1;
      } catch (error) {
        this.failures = [...this.failures, { id, message: reduceErrors(error).join(', ') }];
      }
      await worker();
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, queue.length) }, worker));
    this.enrolling = false;
    this.finished = true;
  }
}
