import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { getRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import {
  criteriaFieldPaths,
  evaluateCriteria,
  fromObjectInfo,
  OPEN_ACTION_STATUSES,
  OPEN_PARTICIPANT_STATUSES,
  parseCriteria
} from 'c/strideCore';
import { enroll, formatLabel, reduceErrors, requestOutcome, requestParticipantStatus } from 'c/strideLds';
import type { RequestedParticipantStatus } from 'c/strideLds';
import { planGroupEnrollment, rolesOf } from './groupEnrollment';
import type { GroupMember, MemberEnrollment } from './groupEnrollment';
import { LABELS } from './labels';

interface Value<T> {
  value: T | null;
  displayValue?: string | null;
}

interface ParticipantNode {
  Id: string;
  Status__c: Value<string>;
  Requested_Status__c: Value<string>;
  Enrolled_At__c: Value<string>;
  Current_Step__c: Value<number>;
  Exit_Reason__c?: Value<string>;
  Sequence__r: { Id: string; Name: Value<string> } | null;
  Lead__r?: { Name: Value<string> } | null;
  Contact__r?: { Name: Value<string> } | null;
}

interface ContactRoleNode {
  ContactId: Value<string>;
  Role: Value<string>;
  Contact: { Name: Value<string> } | null;
}

interface CampaignMemberNode {
  LeadId: Value<string>;
  ContactId: Value<string>;
  Lead: { Name: Value<string> } | null;
  Contact: { Name: Value<string> } | null;
}

interface MemberEnrollmentNode {
  Id: string;
  Lead__c: Value<string>;
  Contact__c: Value<string>;
  Status__c: Value<string>;
  Sequence__r: { Id: string; Name: Value<string> } | null;
}

type PanelObject = 'Lead' | 'Contact' | 'Opportunity' | 'Campaign';

interface SequenceNode {
  Id: string;
  Name: Value<string>;
  Entry_Criteria__c: Value<string>;
  Repeatable__c: Value<boolean>;
}

interface ActionNode {
  Id: string;
  Step_Number__c: Value<number>;
  Type__c: Value<string>;
  Status__c: Value<string>;
  Due_At__c: Value<string>;
  Completed_At__c: Value<string>;
  Deferred_Until__c: Value<string>;
  Reason__c: Value<string>;
  Reason_Detail__c: Value<string>;
  Task_Id__c: Value<string>;
  Requested_Outcome__c: Value<string>;
  Sequence_Action__r: { Name: Value<string> } | null;
}

interface GraphQLResult<T> {
  data?: T;
  errors?: unknown;
  refresh?: () => Promise<void>;
}

type ObjectInfo = Parameters<typeof fromObjectInfo>[0];
type RecordFields = Record<string, { value: unknown }>;

const OPEN_STATUSES = new Set<string>(OPEN_PARTICIPANT_STATUSES);
const OPEN_ACTIONS = new Set<string>(OPEN_ACTION_STATUSES);
const STATUS_BADGES: Record<string, string> = {
  Completed: 'slds-badge slds-theme_success',
  Skipped: 'slds-badge slds-badge_lightest',
  Canceled: 'slds-badge slds-badge_lightest',
  Failed: 'slds-badge slds-theme_error',
  Due: 'slds-badge slds-theme_warning',
  Waiting_Criteria: 'slds-badge slds-theme_warning',
  Deferred: 'slds-badge slds-badge_inverse'
};

/**
 * What a rep may ask of an enrollment: pause an Active one, resume a Paused one, remove any open
 * one, and nothing while a request waits for the companion (it applies one at a time).
 */
function requestsFor(participant: ParticipantNode) {
  const status = participant.Status__c.value ?? '';
  const requested = participant.Requested_Status__c.value ?? '';
  const open = OPEN_STATUSES.has(status);
  return {
    requested,
    canPause: status === 'Active' && !requested,
    canResume: status === 'Paused' && !requested,
    canRemove: open && !requested
  };
}

const personName = (participant: ParticipantNode) =>
  participant.Contact__r?.Name.value ?? participant.Lead__r?.Name.value ?? '';

/** Flattens an LDS record (nested `fields.X.value`) into plain values for criteria evaluation. */
function plainRecord(fields: RecordFields | undefined): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields ?? {})) {
    const value = field?.value as { fields?: RecordFields } | unknown;
    plain[name] =
      value && typeof value === 'object' && 'fields' in (value as object)
        ? plainRecord((value as { fields: RecordFields }).fields)
        : value;
  }
  return plain;
}

/**
 * The sequence panel of a Lead or Contact page: the current enrollment with its actions, pause,
 * resume and remove, completing a Task action, and enrolling into an eligible sequence (the others
 * are listed disabled with the reason). Eligibility uses the core's criteria evaluation on the
 * record, as the companion does when it admits the participant.
 *
 * On an Opportunity or Campaign page it lists who is enrolled through that record and enrolls the
 * opportunity's contact roles (all, or a chosen role) or the campaign's members into the active
 * sequences of that target: one Queued participant per person carrying the record it came through,
 * exactly what `stride enroll` writes (groupEnrollment.ts chooses who). Each open enrollment listed
 * there has its own Pause / Resume / Remove, named for the person so a screen reader tells the rows
 * apart, writing the same requests as the Lead page.
 */
export default class StrideParticipantPanel extends LightningElement {
  labels = LABELS;
  /** The Lead, Contact, Opportunity or Campaign id (set by the record page). */
  @api recordId?: string;
  /** Lead, Contact, Opportunity or Campaign (set by the record page). */
  @api objectApiName?: PanelObject;

  participants: ParticipantNode[] = [];
  sequences: SequenceNode[] = [];
  actions: ActionNode[] = [];
  loading = true;
  errorMessage = '';
  confirmingRemove = false;
  /** The enrollment the open Remove dialog is about. */
  removing: ParticipantNode | null = null;
  saving = false;
  catalog: Record<string, ReturnType<typeof fromObjectInfo>> = {};
  record: Record<string, unknown> | null = null;
  members: GroupMember[] = [];
  membersLoaded = false;
  memberEnrollments: MemberEnrollment[] = [];
  role = '';
  private panelResult: GraphQLResult<unknown> | null = null;
  private actionsResult: GraphQLResult<unknown> | null = null;
  private memberEnrollmentsResult: GraphQLResult<unknown> | null = null;

  get panelVariables() {
    if (!this.recordId || !this.objectApiName) return undefined;
    return { recordId: this.recordId, target: this.objectApiName };
  }

  @wire(graphql, {
    query: gql`
      query strideParticipantPanel($recordId: ID, $target: Picklist) {
        uiapi {
          query {
            Sequence_Participant__c(
              where: {
                or: [
                  { Lead__c: { eq: $recordId } }
                  { Contact__c: { eq: $recordId } }
                  { Opportunity__c: { eq: $recordId } }
                  { Campaign__c: { eq: $recordId } }
                ]
              }
              orderBy: { Enrolled_At__c: { order: DESC } }
              first: 50
            ) {
              edges {
                node {
                  Id
                  Status__c {
                    value
                  }
                  Requested_Status__c {
                    value
                  }
                  Enrolled_At__c {
                    value
                  }
                  Current_Step__c {
                    value
                  }
                  Exit_Reason__c {
                    value
                  }
                  Sequence__r {
                    Id
                    Name {
                      value
                    }
                  }
                  Lead__r {
                    Name {
                      value
                    }
                  }
                  Contact__r {
                    Name {
                      value
                    }
                  }
                }
              }
            }
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
                  Entry_Criteria__c {
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
    variables: '$panelVariables'
  })
  wiredPanel(
    result: GraphQLResult<{
      uiapi?: {
        query?: {
          Sequence_Participant__c?: { edges: Array<{ node: ParticipantNode }> };
          Sequence__c?: { edges: Array<{ node: SequenceNode }> };
        };
      };
    }>
  ) {
    if (result.errors) {
      this.panelResult = result;
      this.loading = false;
      this.errorMessage = formatLabel(this.labels.loadError, reduceErrors(result.errors).join(' '));
      return;
    }
    const query = result.data?.uiapi?.query;
    if (!query?.Sequence_Participant__c) return;
    this.panelResult = result;
    this.participants = query.Sequence_Participant__c.edges.map((e) => e.node);
    this.sequences = (query.Sequence__c?.edges ?? []).map((e) => e.node);
    this.errorMessage = '';
    this.loading = false;
  }

  get actionVariables() {
    const current = this.isGroupPage ? null : this.current;
    return current ? { participantId: current.Id } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideParticipantActions($participantId: ID) {
        uiapi {
          query {
            Participant_Action__c(
              where: { Participant__c: { eq: $participantId } }
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
                  Status__c {
                    value
                    displayValue
                  }
                  Due_At__c {
                    value
                  }
                  Completed_At__c {
                    value
                  }
                  Deferred_Until__c {
                    value
                  }
                  Reason__c {
                    value
                    displayValue
                  }
                  Reason_Detail__c {
                    value
                  }
                  Task_Id__c {
                    value
                  }
                  Requested_Outcome__c {
                    value
                  }
                  Sequence_Action__r {
                    Name {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$actionVariables'
  })
  wiredActions(
    result: GraphQLResult<{
      uiapi?: { query?: { Participant_Action__c?: { edges: Array<{ node: ActionNode }> } } };
    }>
  ) {
    const connection = result.data?.uiapi?.query?.Participant_Action__c;
    if (!connection) return;
    this.actionsResult = result;
    this.actions = connection.edges.map((e) => e.node);
  }

  /** An Opportunity or Campaign page: the panel enrolls the people reachable through the record. */
  get isGroupPage() {
    return this.objectApiName === 'Opportunity' || this.objectApiName === 'Campaign';
  }

  get isPersonPage() {
    return !this.isGroupPage;
  }

  get memberVariables() {
    return this.isGroupPage && this.recordId ? { recordId: this.recordId } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideParticipantPanelMembers($recordId: ID) {
        uiapi {
          query {
            OpportunityContactRole(where: { OpportunityId: { eq: $recordId } }, first: 2000) {
              edges {
                node {
                  Id
                  ContactId {
                    value
                  }
                  Role {
                    value
                  }
                  Contact {
                    Name {
                      value
                    }
                  }
                }
              }
            }
            CampaignMember(where: { CampaignId: { eq: $recordId } }, first: 2000) {
              edges {
                node {
                  Id
                  LeadId {
                    value
                  }
                  ContactId {
                    value
                  }
                  Lead {
                    Name {
                      value
                    }
                  }
                  Contact {
                    Name {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$memberVariables'
  })
  wiredMembers(
    result: GraphQLResult<{
      uiapi?: {
        query?: {
          OpportunityContactRole?: { edges: Array<{ node: ContactRoleNode }> };
          CampaignMember?: { edges: Array<{ node: CampaignMemberNode }> };
        };
      };
    }>
  ) {
    const query = result.data?.uiapi?.query;
    if (!query?.OpportunityContactRole && !query?.CampaignMember) return;
    const members: GroupMember[] = [];
    if (this.objectApiName === 'Opportunity')
      for (const { node } of query.OpportunityContactRole?.edges ?? []) {
        if (!node.ContactId.value) continue;
        members.push({
          personId: node.ContactId.value,
          object: 'Contact',
          label: node.Contact?.Name.value ?? node.ContactId.value,
          role: node.Role.value
        });
      }
    else
      for (const { node } of query.CampaignMember?.edges ?? []) {
        const lead = node.LeadId.value;
        const personId = lead ?? node.ContactId.value;
        if (!personId) continue;
        members.push({
          personId,
          object: lead ? 'Lead' : 'Contact',
          label: (lead ? node.Lead : node.Contact)?.Name.value ?? personId,
          role: null
        });
      }
    members.sort((a, b) => a.label.localeCompare(b.label));
    this.members = members;
    this.membersLoaded = true;
  }

  get memberEnrollmentVariables() {
    return this.isGroupPage && this.members.length
      ? { personIds: [...new Set(this.members.map((m) => m.personId))] }
      : undefined;
  }

  @wire(graphql, {
    query: gql`
      query strideParticipantPanelMemberEnrollments($personIds: [ID]) {
        uiapi {
          query {
            memberEnrollments: Sequence_Participant__c(
              where: { or: [{ Lead__c: { in: $personIds } }, { Contact__c: { in: $personIds } }] }
              first: 2000
            ) {
              edges {
                node {
                  Id
                  Lead__c {
                    value
                  }
                  Contact__c {
                    value
                  }
                  Status__c {
                    value
                  }
                  Sequence__r {
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
      }
    `,
    variables: '$memberEnrollmentVariables'
  })
  wiredMemberEnrollments(
    result: GraphQLResult<{
      uiapi?: { query?: { memberEnrollments?: { edges: Array<{ node: MemberEnrollmentNode }> } } };
    }>
  ) {
    const connection = result.data?.uiapi?.query?.memberEnrollments;
    if (!connection) return;
    this.memberEnrollmentsResult = result;
    this.memberEnrollments = connection.edges.map(({ node }) => ({
      personId: node.Lead__c.value ?? node.Contact__c.value ?? '',
      sequenceId: node.Sequence__r?.Id ?? '',
      sequenceName: node.Sequence__r?.Name.value ?? '',
      isOpen: OPEN_STATUSES.has(node.Status__c.value ?? '')
    }));
  }

  get describeObjects() {
    return this.objectApiName && !this.isGroupPage ? [this.objectApiName, 'Account', 'User'] : undefined;
  }

  @wire(getObjectInfos, { objectApiNames: '$describeObjects' })
  wiredObjectInfos({ data }: { data?: { results: Array<{ statusCode: number; result: ObjectInfo }> } }) {
    if (!data) return;
    const catalog: Record<string, ReturnType<typeof fromObjectInfo>> = {};
    for (const entry of data.results) {
      if (entry.statusCode === 200) catalog[entry.result.apiName] = fromObjectInfo(entry.result);
    }
    this.catalog = catalog;
  }

  /** The record fields the sequences' entry criteria read (optional: a missing one is just blank). */
  get criteriaFields() {
    if (!this.objectApiName || this.isGroupPage) return undefined;
    const paths = new Set<string>(this.objectApiName === 'Lead' ? ['IsConverted'] : []);
    for (const sequence of this.sequences) {
      const parsed = sequence.Entry_Criteria__c.value
        ? parseCriteria(sequence.Entry_Criteria__c.value)
        : null;
      if (parsed?.ok) criteriaFieldPaths(parsed.value).forEach((path) => paths.add(path));
    }
    return [...paths].sort().map((path) => `${this.objectApiName}.${path}`);
  }

  @wire(getRecord, { recordId: '$recordId', optionalFields: '$criteriaFields' })
  wiredRecord({ data }: { data?: { fields: RecordFields } }) {
    if (data) this.record = plainRecord(data.fields);
  }

  /** The open enrollment (at most one: Person_Key__c is unique while open). */
  get current(): ParticipantNode | null {
    return this.participants.find((p) => OPEN_STATUSES.has(p.Status__c.value ?? '')) ?? null;
  }

  get hasCurrent() {
    return !!this.current;
  }

  get currentView() {
    const current = this.current;
    if (!current) return null;
    const { requested, canPause, canResume, canRemove } = requestsFor(current);
    return {
      id: current.Id,
      heading: formatLabel(
        this.labels.current,
        current.Sequence__r?.Name.value ?? '',
        current.Status__c.value ?? ''
      ),
      sequenceName: current.Sequence__r?.Name.value ?? '',
      enrolledAt: current.Enrolled_At__c.value,
      requestedLabel: requested ? formatLabel(this.labels.requested, requested) : '',
      canPause,
      canResume,
      canRemove
    };
  }

  get timeline() {
    const currentStep = this.current?.Current_Step__c.value ?? null;
    return this.actions.map((action) => {
      const status = action.Status__c.value ?? '';
      const open = OPEN_ACTIONS.has(status);
      // A later step's date is projected from the current one; once passed it says nothing true.
      const step = action.Step_Number__c.value;
      const dueAt = action.Due_At__c.value;
      const staleProjection =
        status === 'Upcoming' &&
        currentStep != null &&
        step != null &&
        step > currentStep &&
        !!dueAt &&
        Date.parse(dueAt) < Date.now();
      return {
        id: action.Id,
        title: formatLabel(
          this.labels.step,
          action.Step_Number__c.value ?? '',
          action.Sequence_Action__r?.Name.value ?? action.Type__c.value ?? ''
        ),
        type: action.Type__c.value,
        statusLabel: action.Status__c.displayValue ?? status,
        statusClass: STATUS_BADGES[status] ?? 'slds-badge',
        reason: action.Reason__c.displayValue ?? action.Reason__c.value ?? '',
        reasonDetail: action.Reason_Detail__c.value ?? '',
        when:
          status === 'Deferred'
            ? action.Deferred_Until__c.value
            : open
              ? staleProjection
                ? null
                : action.Due_At__c.value
              : action.Completed_At__c.value,
        requestedLabel: action.Requested_Outcome__c.value
          ? formatLabel(this.labels.requested, action.Requested_Outcome__c.value)
          : '',
        canCompleteTask:
          action.Type__c.value === 'Task' &&
          (status === 'Due' || status === 'Deferred') &&
          !action.Requested_Outcome__c.value
      };
    });
  }

  get hasTimeline() {
    return this.timeline.length > 0;
  }

  /** Every active sequence for this object, with whether the person can be enrolled and why not. */
  get enrollOptions() {
    const current = this.current;
    return this.sequences.map((sequence) => {
      const reason = this.ineligibility(sequence, current);
      return {
        id: sequence.Id,
        name: sequence.Name.value ?? '',
        enrollLabel: formatLabel(this.labels.enrollIn, sequence.Name.value ?? ''),
        disabled: !!reason || this.saving,
        reason,
        eligible: !reason
      };
    });
  }

  get hasSequences() {
    return this.sequences.length > 0;
  }

  /**
   * Who is enrolled through this Opportunity or Campaign, newest first, with the requests each open
   * enrollment takes. A person has one open enrollment at most (Person_Key__c), so the names make
   * the buttons of different rows distinct.
   */
  get groupParticipants() {
    return this.participants.map((p) => {
      const status = p.Status__c.value ?? '';
      const name = personName(p);
      const { requested, canPause, canResume, canRemove } = requestsFor(p);
      return {
        id: p.Id,
        name,
        sequenceName: p.Sequence__r?.Name.value ?? '',
        statusLabel: status,
        statusClass: STATUS_BADGES[status] ?? 'slds-badge',
        exitReason: p.Exit_Reason__c?.value ?? '',
        requestedLabel: requested ? formatLabel(this.labels.requested, requested) : '',
        canPause,
        canResume,
        canRemove,
        hasRequests: canPause || canResume || canRemove,
        pauseLabel: formatLabel(this.labels.pausePerson, name),
        resumeLabel: formatLabel(this.labels.resumePerson, name),
        removeLabel: formatLabel(this.labels.removePerson, name)
      };
    });
  }

  get hasGroupParticipants() {
    return this.participants.length > 0;
  }

  get groupHeading() {
    return this.objectApiName === 'Opportunity'
      ? this.labels.enrollRolesHeading
      : this.labels.enrollMembersHeading;
  }

  get noMembersLabel() {
    return this.objectApiName === 'Opportunity' ? this.labels.noContactRoles : this.labels.noMembers;
  }

  get hasMembers() {
    return this.members.length > 0;
  }

  get showRolePicker() {
    return this.objectApiName === 'Opportunity' && this.members.length > 0;
  }

  get roleOptions() {
    return [
      { label: this.labels.allRoles, value: '' },
      ...rolesOf(this.members).map((role) => ({ label: role, value: role }))
    ];
  }

  handleRoleChange(event: CustomEvent<{ value: string }>) {
    this.role = event.detail.value;
  }

  /** Each active sequence of this target, with how many of the people it would enroll now. */
  get groupEnrollOptions() {
    return this.sequences.map((sequence) => {
      const plan = this.groupPlan(sequence);
      const eligible = plan.enroll.length;
      const total = eligible + plan.refused.length;
      return {
        id: sequence.Id,
        name: sequence.Name.value ?? '',
        enrollLabel: formatLabel(this.labels.enrollIn, sequence.Name.value ?? ''),
        reason: eligible ? formatLabel(this.labels.groupCount, eligible, total) : this.labels.groupNobody,
        disabled: eligible === 0 || this.saving
      };
    });
  }

  private groupPlan(sequence: SequenceNode) {
    return planGroupEnrollment(
      this.members,
      this.memberEnrollments,
      { id: sequence.Id, repeatable: sequence.Repeatable__c.value === true },
      this.objectApiName === 'Opportunity' ? this.role || null : null
    );
  }

  /**
   * Enrolls the chosen people: one participant each (an enrollment is one record, so each person is
   * enrolled whole or not at all). Someone enrolled meanwhile is refused by the unique Person_Key__c
   * and named in the toast; the others are still enrolled.
   */
  async handleGroupEnroll(event: Event) {
    const sequenceId = (event.currentTarget as HTMLElement).dataset.id;
    const sequence = this.sequences.find((s) => s.Id === sequenceId);
    const context = this.objectApiName;
    if (!sequence || !this.recordId || (context !== 'Opportunity' && context !== 'Campaign')) return;
    const through = { object: context, id: this.recordId };
    const people = this.groupPlan(sequence).enroll;
    this.saving = true;
    try {
      const outcomes = await Promise.allSettled(
        people.map((person) => enroll(sequence.Id, person.personId, person.object, through))
      );
      const failed = outcomes
        .map((outcome, i) => {
          if (outcome.status === 'fulfilled') return null;
          return `${people[i].label} (${reduceErrors(outcome.reason).join(' ')})`;
        })
        .filter((text): text is string => !!text);
      const enrolled = people.length - failed.length;
      if (enrolled > 0)
        this.dispatchEvent(
          new ShowToastEvent({
            title: this.labels.successTitle,
            message: formatLabel(this.labels.groupEnrolled, enrolled, sequence.Name.value ?? ''),
            variant: 'success'
          })
        );
      if (failed.length)
        this.dispatchEvent(
          new ShowToastEvent({
            title: this.labels.saveFailed,
            message: formatLabel(this.labels.groupFailed, failed.join('; ')),
            variant: 'error'
          })
        );
      await Promise.all([this.panelResult?.refresh?.(), this.memberEnrollmentsResult?.refresh?.()]);
    } finally {
      this.saving = false;
    }
  }

  private ineligibility(sequence: SequenceNode, current: ParticipantNode | null): string {
    if (current) return formatLabel(this.labels.ineligibleOpen, current.Sequence__r?.Name.value ?? '');
    if (this.record?.IsConverted === true) return this.labels.ineligibleConverted;
    const before = this.participants.some((p) => p.Sequence__r?.Id === sequence.Id);
    if (before && sequence.Repeatable__c.value !== true) return this.labels.ineligibleDone;
    const criteria = sequence.Entry_Criteria__c.value;
    if (criteria && this.objectApiName && this.record && this.catalog[this.objectApiName]) {
      const result = evaluateCriteria(
        criteria,
        this.record,
        this.catalog,
        this.objectApiName,
        new Date(Date.now()),
        TIME_ZONE
      );
      if (!result.ok)
        return formatLabel(this.labels.ineligibleBadCriteria, result.error.map((e) => e.message).join('; '));
      if (!result.value.met) return this.labels.ineligibleCriteria;
    }
    return '';
  }

  async handleEnroll(event: Event) {
    const sequenceId = (event.currentTarget as HTMLElement).dataset.id;
    const sequence = this.sequences.find((s) => s.Id === sequenceId);
    if (!sequence || !this.recordId || !this.objectApiName) return;
    await this.save(
      () => enroll(sequence.Id, this.recordId as string, this.objectApiName as 'Lead' | 'Contact'),
      formatLabel(this.labels.enrolled, sequence.Name.value ?? '')
    );
  }

  handlePause(event: Event) {
    return this.requestStatus(this.participantOf(event), 'Paused');
  }
  handleResume(event: Event) {
    return this.requestStatus(this.participantOf(event), 'Active');
  }
  handleRemove(event: Event) {
    this.removing = this.participantOf(event);
    this.confirmingRemove = !!this.removing;
  }
  handleRemoveCancel() {
    this.confirmingRemove = false;
    this.removing = null;
  }
  async handleRemoveConfirm() {
    const participant = this.removing;
    this.confirmingRemove = false;
    this.removing = null;
    await this.requestStatus(participant, 'Exited');
  }

  /**
   * The enrollment a Pause, Resume or Remove button acts on: its row's on an Opportunity or
   * Campaign page (`data-participant`), else the person's current one.
   */
  private participantOf(event: Event): ParticipantNode | null {
    const id = (event.currentTarget as HTMLElement | null)?.dataset.participant;
    if (!id) return this.current;
    return this.participants.find((p) => p.Id === id) ?? null;
  }

  async handleCompleteTask(event: Event) {
    const actionId = (event.currentTarget as HTMLElement).dataset.id;
    if (!actionId) return;
    await this.save(() => requestOutcome(actionId, 'Complete'), this.labels.updated);
  }

  /** The dialog's heading: the sequence, and on a group page whom it is about. */
  get removeTitle() {
    const participant = this.removing;
    const sequenceName = participant?.Sequence__r?.Name.value ?? '';
    return this.isGroupPage && participant
      ? formatLabel(this.labels.removePersonTitle, personName(participant), sequenceName)
      : formatLabel(this.labels.removeTitle, sequenceName);
  }

  private requestStatus(participant: ParticipantNode | null, status: RequestedParticipantStatus) {
    if (!participant) return Promise.resolve();
    return this.save(() => requestParticipantStatus(participant.Id, status), this.labels.updated);
  }

  private async save(write: () => Promise<unknown>, message: string) {
    this.saving = true;
    try {
      await write();
      this.dispatchEvent(
        new ShowToastEvent({ title: this.labels.successTitle, message, variant: 'success' })
      );
      await Promise.all([
        this.panelResult?.refresh?.(),
        this.actionsResult?.refresh?.(),
        this.memberEnrollmentsResult?.refresh?.()
      ]);
    } catch (error) {
      this.dispatchEvent(
        new ShowToastEvent({
          title: this.labels.saveFailed,
          message: reduceErrors(error).join(' '),
          variant: 'error'
        })
      );
    } finally {
      this.saving = false;
      this.focusPanel();
    }
  }

  /**
   * After a request the button that made it is disabled while saving and then gone (Pause becomes
   * Resume, Enroll turns ineligible, Remove leaves "Not in a sequence."), so keyboard focus would
   * fall to the page: it goes to the panel instead, whose next Tab reaches its first action.
   */
  private focusPanel() {
    this.template?.querySelector<HTMLElement>('[data-id="panel-body"]')?.focus();
  }
}
