import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { NavigationMixin } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { ACTION_TYPES } from 'c/strideCore';
import { formatLabel, reduceErrors, requestOutcome, startCall } from 'c/strideLds';
import { buildViews, countByType } from './engageModel';
import type { EngageItem, EngageView, ParticipantActionNode } from './engageModel';
import { LABELS } from './labels';

/** The GraphQL UI API returns at most this many records per page. */
const PAGE_SIZE = 2000;
const UPCOMING_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

type Dialog = 'call' | 'sms' | 'email' | 'skip' | 'defer' | 'reschedule' | null;

interface GraphQLResult {
  data?: {
    uiapi?: {
      query?: {
        Participant_Action__c?: {
          edges: Array<{ node: ParticipantActionNode }>;
          pageInfo?: { hasNextPage: boolean };
        };
      };
    };
  };
  errors?: unknown;
  /** Re-runs the query (lightning/graphql puts it on the wire result). */
  refresh?: () => Promise<void>;
}

/**
 * Engage: the current user's due actions, overdue first, with counts by type, filters, the
 * Upcoming (next 7 days) and Deferred views, and the per-type actions. Reads with one GraphQL wire
 * (lightning/graphql, the successor of lightning/uiGraphQLApi that the platform lint rules ask
 * for) and no per-row wires, so hundreds of rows stay fast. Every change is a request written
 * through c/strideLds, after which the list refreshes.
 */
export default class StrideEngage extends NavigationMixin(LightningElement) {
  labels = LABELS;
  view: EngageView = 'due';
  typeFilter = '';
  sequenceFilter = '';
  loading = true;
  errorMessage = '';
  truncated = false;
  nodes: ParticipantActionNode[] = [];
  dialog: Dialog = null;
  /** The row a dialog works on (with the Conversation Call now started, for the call log). */
  selected: (EngageItem & { conversationId?: string; callStartedAt?: string }) | null = null;

  views: Record<EngageView, EngageItem[]> = { due: [], upcoming: [], deferred: [] };
  /** Moves on every refresh: decides what is overdue and when a deferred action is due again. */
  nowMs = Date.now();
  /** Fixed when the page opens so the query variables (and so the wire) stay stable. */
  variables = {
    userId: USER_ID,
    upcomingUntil: new Date(this.nowMs + UPCOMING_DAYS * DAY_MS).toISOString(),
    pageSize: PAGE_SIZE
  };
  private wiredResult: GraphQLResult | null = null;

  @wire(graphql, {
    query: gql`
      query strideEngageActions($userId: ID, $upcomingUntil: DateTime, $pageSize: Int) {
        uiapi {
          query {
            Participant_Action__c(
              where: {
                and: [
                  { Assigned_To__c: { eq: $userId } }
                  {
                    or: [
                      { Status__c: { in: ["Due", "Waiting_Criteria", "In_Progress", "Deferred"] } }
                      {
                        and: [
                          { Status__c: { eq: "Upcoming" } }
                          { Due_At__c: { lte: { value: $upcomingUntil } } }
                        ]
                      }
                    ]
                  }
                ]
              }
              orderBy: { Due_At__c: { order: ASC, nulls: LAST } }
              first: $pageSize
            ) {
              edges {
                node {
                  Id
                  Type__c {
                    value
                  }
                  Activation__c {
                    value
                  }
                  Status__c {
                    value
                  }
                  Due_At__c {
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
                  Step_Number__c {
                    value
                  }
                  Requested_Outcome__c {
                    value
                  }
                  Task_Id__c {
                    value
                  }
                  Last_Error__c {
                    value
                  }
                  Covering_For__c {
                    value
                  }
                  Covering_For__r {
                    Name {
                      value
                    }
                  }
                  Draft_To__c {
                    value
                  }
                  Draft_Subject__c {
                    value
                  }
                  Draft_Body__c {
                    value
                  }
                  Draft_Cc__c {
                    value
                  }
                  Draft_Bcc__c {
                    value
                  }
                  Template_Preview_Subject__c {
                    value
                  }
                  Template_Preview_Body__c {
                    value
                  }
                  Sequence_Action__r {
                    Id
                    Name {
                      value
                    }
                    Subject__c {
                      value
                    }
                    Body__c {
                      value
                    }
                    Cc__c {
                      value
                    }
                    Bcc__c {
                      value
                    }
                    SMS_Template__c {
                      value
                    }
                    Email_Template_Id__c {
                      value
                    }
                  }
                  Participant__r {
                    Id
                    Current_Step__c {
                      value
                    }
                    Lead__c {
                      value
                    }
                    Contact__c {
                      value
                    }
                    Lead__r {
                      Name {
                        value
                      }
                      FirstName {
                        value
                      }
                      LastName {
                        value
                      }
                      Title {
                        value
                      }
                      Company {
                        value
                      }
                      Phone {
                        value
                      }
                      MobilePhone {
                        value
                      }
                      Email {
                        value
                      }
                      HasOptedOutOfEmail {
                        value
                      }
                      DoNotCall {
                        value
                      }
                    }
                    Contact__r {
                      Name {
                        value
                      }
                      FirstName {
                        value
                      }
                      LastName {
                        value
                      }
                      Title {
                        value
                      }
                      Account {
                        Name {
                          value
                        }
                      }
                      Phone {
                        value
                      }
                      MobilePhone {
                        value
                      }
                      Email {
                        value
                      }
                      HasOptedOutOfEmail {
                        value
                      }
                      DoNotCall {
                        value
                      }
                    }
                    Sequence__r {
                      Id
                      Name {
                        value
                      }
                      Priority__c {
                        value
                      }
                      Action_Count__c {
                        value
                      }
                    }
                  }
                }
              }
              pageInfo {
                hasNextPage
              }
            }
          }
        }
      }
    `,
    variables: '$variables'
  })
  wiredActions(result: GraphQLResult) {
    // Keep the last completed load: its refresh re-runs the query after a change.
    if (result.data || result.errors) this.wiredResult = result;
    if (result.errors) {
      this.loading = false;
      this.errorMessage = reduceErrors(result.errors).join(' ');
      this.nodes = [];
      this.recompute();
      return;
    }
    if (!result.data) return;
    const connection = result.data.uiapi?.query?.Participant_Action__c;
    this.nodes = (connection?.edges ?? []).map((edge) => edge.node);
    this.truncated = connection?.pageInfo?.hasNextPage === true;
    this.errorMessage = '';
    this.loading = false;
    this.recompute();
  }

  /** Rebuilds the three sorted views; done once per data change, not once per getter call. */
  private recompute() {
    this.views = buildViews(this.nodes, this.nowMs, this.nowMs + UPCOMING_DAYS * DAY_MS);
  }

  /** The active view's rows after the type and sequence filters. */
  get visibleItems(): EngageItem[] {
    return this.views[this.view].filter(
      (item) =>
        (!this.typeFilter || item.type === this.typeFilter) &&
        (!this.sequenceFilter || item.sequenceId === this.sequenceFilter)
    );
  }

  /** Which list is shown: a new view or filter starts the list at its first page. */
  get listKey() {
    return `${this.view}|${this.typeFilter}|${this.sequenceFilter}`;
  }

  get typeCounts() {
    return countByType(this.views.due, ACTION_TYPES).map((entry) => ({
      ...entry,
      label: formatLabel(this.labels.countItem, entry.type, entry.count)
    }));
  }

  /** Due, Upcoming and Deferred, each labelled with its count; only the active one renders its list. */
  get tabs() {
    const labels: Record<EngageView, string> = {
      due: this.labels.tabDue,
      upcoming: this.labels.tabUpcoming,
      deferred: this.labels.tabDeferred
    };
    return (['due', 'upcoming', 'deferred'] as const).map((value) => ({
      value,
      label: formatLabel(labels[value], this.views[value].length),
      active: this.view === value
    }));
  }

  get typeOptions() {
    return [
      { label: this.labels.filterAll, value: '' },
      ...ACTION_TYPES.map((type) => ({ label: type, value: type }))
    ];
  }

  get sequenceOptions() {
    const names = new Map<string, string>();
    for (const node of this.nodes) {
      const sequence = node.Participant__r?.Sequence__r;
      if (sequence?.Id) names.set(sequence.Id, sequence.Name?.value ?? sequence.Id);
    }
    const options = [...names.entries()]
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([value, label]) => ({ label, value }));
    return [{ label: this.labels.filterAll, value: '' }, ...options];
  }

  get emptyMessage() {
    return {
      due: this.labels.emptyDue,
      upcoming: this.labels.emptyUpcoming,
      deferred: this.labels.emptyDeferred
    }[this.view];
  }
  get truncatedMessage() {
    return formatLabel(this.labels.truncated, PAGE_SIZE);
  }
  get errorText() {
    return this.errorMessage ? `${this.labels.loadError} ${this.errorMessage}` : '';
  }

  get isCallOpen() {
    return this.dialog === 'call';
  }
  get isSmsOpen() {
    return this.dialog === 'sms';
  }
  get isEmailOpen() {
    return this.dialog === 'email';
  }
  get isOutcomeOpen() {
    return this.dialog === 'skip' || this.dialog === 'defer' || this.dialog === 'reschedule';
  }

  handleTabActive(event: Event) {
    this.view = (event.target as HTMLElement & { value: EngageView }).value;
  }

  handleTypeFilter(event: CustomEvent<{ value: string }>) {
    this.typeFilter = event.detail.value;
  }

  handleSequenceFilter(event: CustomEvent<{ value: string }>) {
    this.sequenceFilter = event.detail.value;
  }

  handleRefresh() {
    return this.refresh();
  }

  async handleItemAction(event: CustomEvent<{ id: string; action: string }>) {
    const item = this.views[this.view].find((candidate) => candidate.id === event.detail.id) ?? null;
    if (!item) return;
    switch (event.detail.action) {
      case 'complete':
        await this.complete(item);
        break;
      case 'open-task':
        this.navigateToRecord(item.taskId, 'Task');
        break;
      case 'start-task':
        await this.startTask(item);
        break;
      case 'open-person':
        if (item.personId && item.personObject) this.navigateToRecord(item.personId, item.personObject);
        break;
      case 'log-call':
        // A call made elsewhere: the log creates its Conversation when saved.
        this.openDialog('call', item);
        break;
      case 'call-now':
        // Call now dials (tel: link or softphone); the call's Conversation starts and the log opens.
        await this.callNow(item);
        break;
      case 'message':
        this.openDialog('sms', item);
        break;
      case 'email':
        this.openDialog('email', item);
        break;
      case 'skip':
      case 'defer':
      case 'reschedule':
        this.openDialog(event.detail.action, item);
        break;
      default:
        break;
    }
  }

  handleDialogClose() {
    this.dialog = null;
    this.selected = null;
  }

  async handleDialogSaved(event: CustomEvent<{ message: string }>) {
    this.dialog = null;
    this.selected = null;
    this.toast(this.labels.successTitle, event.detail.message, 'success');
    await this.refresh();
  }

  private openDialog(dialog: Dialog, item: NonNullable<StrideEngage['selected']>) {
    this.selected = item;
    this.dialog = dialog;
  }

  private async complete(item: EngageItem) {
    try {
      await requestOutcome(item.id, 'Complete');
      this.toast(this.labels.successTitle, this.labels.completeRequested, 'success');
      await this.refresh();
    } catch (error) {
      this.toast(this.labels.saveFailed, reduceErrors(error).join(' '), 'error');
    }
  }

  /**
   * Call now: click-to-dial dials (softphone or tel:), the call becomes a Conversation in progress,
   * and the call log opens to complete it.
   */
  private async callNow(item: EngageItem) {
    try {
      const { conversationId, startedAt } = await startCall({
        actionId: item.id,
        participantId: item.participantId,
        personId: item.personId,
        personObject: item.personObject,
        phone: item.phone || item.mobile
      });
      this.openDialog('call', { ...item, conversationId, callStartedAt: startedAt });
    } catch (error) {
      this.toast(this.labels.saveFailed, reduceErrors(error).join(' '), 'error');
    }
  }

  /** A manual Task action: the companion creates its Task now, owned by the rep. */
  private async startTask(item: EngageItem) {
    try {
      await requestOutcome(item.id, 'Send');
      this.toast(this.labels.successTitle, this.labels.taskStartRequested, 'success');
      await this.refresh();
    } catch (error) {
      this.toast(this.labels.saveFailed, reduceErrors(error).join(' '), 'error');
    }
  }

  private navigateToRecord(recordId: string, objectApiName: string) {
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: { recordId, objectApiName, actionName: 'view' }
    });
  }

  private async refresh() {
    this.nowMs = Date.now();
    this.recompute();
    await this.wiredResult?.refresh?.();
  }

  private toast(title: string, message: string, variant: 'success' | 'error') {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
