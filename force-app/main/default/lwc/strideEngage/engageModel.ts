/**
 * Turns the Engage GraphQL result into the rows the tabs show: which view an action belongs to, its
 * effective due time, and the sort order (overdue first, then by due time). Pure, so the ordering is
 * tested without rendering.
 */
import { DUE_ACTION_STATUSES } from 'c/strideCore';

/** A GraphQL field value as the UI API returns it. */
interface Value<T> {
  value: T | null;
  displayValue?: string | null;
}

export interface PersonNode {
  Name?: Value<string>;
  Company?: Value<string>;
  Account?: { Name?: Value<string> } | null;
  Phone?: Value<string>;
  MobilePhone?: Value<string>;
  Email?: Value<string>;
  HasOptedOutOfEmail?: Value<boolean>;
  DoNotCall?: Value<boolean>;
  FirstName?: Value<string>;
  LastName?: Value<string>;
  Title?: Value<string>;
}

export interface ParticipantActionNode {
  Id: string;
  Type__c: Value<string>;
  Activation__c?: Value<string>;
  Status__c: Value<string>;
  Due_At__c: Value<string>;
  Deferred_Until__c?: Value<string>;
  Reason__c?: Value<string>;
  Reason_Detail__c?: Value<string>;
  Step_Number__c?: Value<number>;
  Requested_Outcome__c?: Value<string>;
  Task_Id__c?: Value<string>;
  Last_Error__c?: Value<string>;
  Covering_For__c?: Value<string>;
  Covering_For__r?: { Name?: Value<string> } | null;
  Draft_To__c?: Value<string>;
  Draft_Subject__c?: Value<string>;
  Draft_Body__c?: Value<string>;
  Draft_Cc__c?: Value<string>;
  Draft_Bcc__c?: Value<string>;
  Template_Preview_Subject__c?: Value<string>;
  Template_Preview_Body__c?: Value<string>;
  Sequence_Action__r?: {
    Id?: string;
    Name?: Value<string>;
    Subject__c?: Value<string>;
    Body__c?: Value<string>;
    Cc__c?: Value<string>;
    Bcc__c?: Value<string>;
    SMS_Template__c?: Value<string>;
    Email_Template_Id__c?: Value<string>;
  } | null;
  Participant__r?: {
    Id: string;
    Current_Step__c?: Value<number>;
    Lead__c?: Value<string>;
    Contact__c?: Value<string>;
    Lead__r?: PersonNode | null;
    Contact__r?: PersonNode | null;
    Sequence__r?: {
      Id?: string;
      Name?: Value<string>;
      Priority__c?: Value<string>;
      Action_Count__c?: Value<number>;
    } | null;
  } | null;
}

export type EngageView = 'due' | 'upcoming' | 'deferred';

/** One row of the Engage list. Everything the template needs is precomputed here. */
export interface EngageItem {
  id: string;
  type: string;
  // eslint-disable-next-line no-restricted-globals -- a property name, not the window global
  status: string;
  view: EngageView;
  /** The instant the row is sorted by: Deferred_Until__c for a deferred action, else Due_At__c. */
  dueAt: string | null;
  dueMs: number;
  isOverdue: boolean;
  personId: string | null;
  personObject: 'Lead' | 'Contact' | null;
  participantId: string | null;
  participantName: string;
  company: string;
  sequenceId: string | null;
  sequenceName: string;
  priority: string;
  stepNumber: number | null;
  stepCount: number | null;
  actionName: string;
  phone: string;
  mobile: string;
  email: string;
  emailOptedOut: boolean;
  doNotCall: boolean;
  reasonCode: string;
  reasonLabel: string;
  reasonDetail: string;
  requestedOutcome: string;
  taskId: string;
  /** Manual or Automatic: a manual Task action's Task is created when the rep starts it. */
  activation: string;
  lastError: string;
  /** Set while the rep covers this action for an away colleague: that colleague's name. */
  coveringFor: string;
  template: {
    subject: string;
    body: string;
    cc: string;
    bcc: string;
    smsTemplateId: string;
    /** A Salesforce email template, and its rendering for this person that the companion published. */
    emailTemplateId: string;
    preview: { subject: string; body: string };
  };
  /** What the rep saved in a composer earlier (blank when nothing was saved). */
  draft: { to: string; subject: string; body: string; cc: string; bcc: string };
  person: Record<string, unknown>;
}

const DUE_STATUSES = new Set<string>(DUE_ACTION_STATUSES);

function text<T>(v: Value<T> | undefined | null): T | null {
  return v ? v.value : null;
}

function str(v: Value<string> | undefined | null): string {
  return text(v) ?? '';
}

/**
 * Which tab an action belongs to at `nowMs`, or null when Engage does not show it. A deferred
 * action comes back to Due once its Deferred_Until__c has passed. A later step's date is a
 * projection from the current step; once that date has passed it says nothing true (the step comes
 * after the current one is done), so Upcoming leaves it out until the step is current.
 */
export function viewOf(
  node: ParticipantActionNode,
  nowMs: number,
  upcomingUntilMs: number
): EngageView | null {
  const status = str(node.Status__c);
  if (DUE_STATUSES.has(status)) return 'due';
  if (status === 'Deferred') {
    const until = Date.parse(str(node.Deferred_Until__c));
    return Number.isFinite(until) && until <= nowMs ? 'due' : 'deferred';
  }
  if (status === 'Upcoming') {
    const due = Date.parse(str(node.Due_At__c));
    const step = text(node.Step_Number__c);
    const current = text(node.Participant__r?.Current_Step__c);
    const projected = step != null && current != null && step > current;
    if (projected && due < nowMs) return null;
    return Number.isFinite(due) && due <= upcomingUntilMs ? 'upcoming' : null;
  }
  return null;
}

/** Flattens a person (Lead or Contact) into merge-field values for template previews. */
function personFields(person: PersonNode | null | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!person) return fields;
  for (const [key, value] of Object.entries(person)) {
    if (value && typeof value === 'object' && 'value' in value) fields[key] = (value as Value<unknown>).value;
  }
  if (person.Account?.Name) fields.Account = { Name: person.Account.Name.value };
  return fields;
}

export function toItem(node: ParticipantActionNode, nowMs: number, view: EngageView): EngageItem {
  const participant = node.Participant__r ?? null;
  const lead = participant?.Lead__r ?? null;
  const contact = participant?.Contact__r ?? null;
  const person = lead ?? contact;
  const status = str(node.Status__c);
  const dueAt = status === 'Deferred' ? str(node.Deferred_Until__c) || null : str(node.Due_At__c) || null;
  const dueMs = dueAt ? Date.parse(dueAt) : Number.POSITIVE_INFINITY;
  const action = node.Sequence_Action__r ?? null;
  return {
    id: node.Id,
    type: str(node.Type__c),
    status,
    view,
    dueAt,
    dueMs,
    isOverdue: view === 'due' && dueMs < nowMs,
    personId: str(participant?.Lead__c) || str(participant?.Contact__c) || null,
    personObject: lead ? 'Lead' : contact ? 'Contact' : null,
    participantId: participant?.Id ?? null,
    participantName: str(person?.Name),
    company: lead ? str(lead.Company) : str(contact?.Account?.Name),
    sequenceId: participant?.Sequence__r?.Id ?? null,
    sequenceName: str(participant?.Sequence__r?.Name),
    priority: str(participant?.Sequence__r?.Priority__c) || 'P3',
    stepNumber: text(node.Step_Number__c),
    stepCount: text(participant?.Sequence__r?.Action_Count__c),
    actionName: str(action?.Name),
    phone: str(person?.Phone),
    mobile: str(person?.MobilePhone),
    email: str(person?.Email),
    emailOptedOut: text(person?.HasOptedOutOfEmail) === true,
    doNotCall: text(person?.DoNotCall) === true,
    reasonCode: str(node.Reason__c),
    reasonLabel: node.Reason__c?.displayValue ?? str(node.Reason__c),
    reasonDetail: str(node.Reason_Detail__c),
    requestedOutcome: str(node.Requested_Outcome__c),
    taskId: str(node.Task_Id__c),
    activation: str(node.Activation__c) || 'Manual',
    lastError: str(node.Last_Error__c),
    coveringFor: str(node.Covering_For__c)
      ? str(node.Covering_For__r?.Name) || str(node.Covering_For__c)
      : '',
    template: {
      subject: str(action?.Subject__c),
      body: str(action?.Body__c),
      cc: str(action?.Cc__c),
      bcc: str(action?.Bcc__c),
      smsTemplateId: str(action?.SMS_Template__c),
      emailTemplateId: str(action?.Email_Template_Id__c),
      preview: { subject: str(node.Template_Preview_Subject__c), body: str(node.Template_Preview_Body__c) }
    },
    draft: {
      to: str(node.Draft_To__c),
      subject: str(node.Draft_Subject__c),
      body: str(node.Draft_Body__c),
      cc: str(node.Draft_Cc__c),
      bcc: str(node.Draft_Bcc__c)
    },
    person: personFields(person)
  };
}

/**
 * Whether the rep can act on the row now: not waiting for criteria, not being sent, no request of
 * theirs pending. Rows they cannot act on go after the others.
 */
export function isActionable(item: EngageItem): boolean {
  return item.status !== 'Waiting_Criteria' && item.status !== 'In_Progress' && !item.requestedOutcome;
}

/**
 * Engage order: what the rep can act on first, then overdue first, then by due time (earliest
 * first); actions without a due time last; ties by sequence priority (P1 first), then by id so the
 * order is stable between refreshes.
 */
export function compareItems(a: EngageItem, b: EngageItem): number {
  const actionableA = isActionable(a);
  if (actionableA !== isActionable(b)) return actionableA ? -1 : 1;
  if (a.isOverdue !== b.isOverdue) return a.isOverdue ? -1 : 1;
  if (a.dueMs !== b.dueMs) return a.dueMs < b.dueMs ? -1 : 1;
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Splits the query result into the three views, each sorted in Engage order. */
export function buildViews(
  nodes: ParticipantActionNode[],
  nowMs: number,
  upcomingUntilMs: number
): Record<EngageView, EngageItem[]> {
  const views: Record<EngageView, EngageItem[]> = { due: [], upcoming: [], deferred: [] };
  for (const node of nodes) {
    const view = viewOf(node, nowMs, upcomingUntilMs);
    if (view) views[view].push(toItem(node, nowMs, view));
  }
  views.due.sort(compareItems);
  views.upcoming.sort(compareItems);
  views.deferred.sort(compareItems);
  return views;
}

/** Counts of the given items by action type, in the canonical type order. */
export function countByType(
  items: EngageItem[],
  types: readonly string[]
): Array<{ type: string; count: number }> {
  const counts = new Map<string, number>(types.map((t) => [t, 0]));
  for (const item of items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  return types.map((type) => ({ type, count: counts.get(type) ?? 0 }));
}
