/**
 * Configuration the passes share and that changes rarely: sequences with their actions, business
 * hours, holidays and the users that own work. Read in four queries and kept for a short while, so a
 * pass does not pay for them again.
 */
import {
  parseCriteria,
  validateCriteria,
  criteriaFieldPaths,
  type CompiledCriteria
} from '../../core/criteria';
import {
  fromSObjectDescribe,
  resolveFieldPath,
  type DescribeCatalog,
  type ObjectDescribe,
  type SObjectDescribeLike
} from '../../core/describe';
import type { CoreError } from '../../core/result';
import { contextObjectOf, withContextRelationship, type ContextObject } from '../../core/participantContext';
import { mergeFieldPaths } from '../../core/templates';
import {
  criteriaFieldRefusals,
  PACKAGE_FIELD_ALLOW_LIST,
  type FieldAllowList
} from '../../core/fieldAllowList';
import {
  resolveCalendar,
  type BusinessCalendar,
  type BusinessHoursRecord,
  type HolidayRecord,
  type UserHoursRecord
} from '../../core/timing';
import type { SalesforceApi } from '../api';
import { loadSaverAccess, SaverAccess, selfIdOf, sequenceSaver } from './saver-access';
import { CONTACT_FIELDS, LEAD_FIELDS, type SequenceActionRecord, type SequenceRecord } from '../model';

/** Objects whose describe the companion needs (criteria, merge fields, field updates). */
const DESCRIBED_OBJECTS = ['Lead', 'Contact', 'User', 'Account', 'Opportunity', 'Campaign'];

/** Criteria compiled once per catalog load, or the reason they cannot be used. */
export type CompiledOrError = { ok: true; value: CompiledCriteria } | { ok: false; error: CoreError[] };

const SEQUENCE_FIELDS = [
  'Id',
  'Name',
  'Target_Object__c',
  'Active__c',
  'Entry_Criteria__c',
  'Exit_Criteria__c',
  'Delegate_Field__c',
  'Business_Hours_Id__c',
  'Use_Recipient_Time_Zone__c',
  'Time_Zone__c',
  'Slow_Drip_Per_Day__c',
  'Last_Error__c',
  'Sequence_Cap__c',
  'Enrollment__c',
  'Priority__c',
  'Repeatable__c',
  'Exit_On_Reply__c',
  'Exit_On_Bounce__c',
  'Exit_On_Email_Opt_Out__c',
  // Who saved the entry and exit criteria (saver-access.ts, sequenceSaver).
  'LastModifiedById',
  'Criteria_Saved_By__c',
  'Contact_Role__c'
];

const ACTION_FIELDS = [
  'Id',
  'Name',
  'Sequence__c',
  'Step_Number__c',
  'Type__c',
  'Activation__c',
  'Delay_Amount__c',
  'Delay_Unit__c',
  'Timing__c',
  'Subject__c',
  'Body__c',
  'Email_Template_Id__c',
  'SMS_Template__c',
  'SMS_Template__r.Body__c',
  'SMS_Template__r.LastModifiedById',
  'Cc__c',
  'Bcc__c',
  'Task_Subject__c',
  'Task_Priority__c',
  'Delegate_Field__c',
  'Criteria__c',
  'Criteria_Behavior__c',
  'Field_Updates_Required__c',
  'Field_Updates__c',
  // Who saved the step: its field updates, criteria and merge fields run within their access.
  'LastModifiedById',
  // A/B variants of the step (prepare.ts picks one per participant).
  '(SELECT Id, Variant_Key__c, Split_Percent__c, Subject__c, Body__c, Ended__c, LastModifiedById FROM Variants__r ORDER BY Variant_Key__c)'
];

const BUSINESS_HOURS_FIELDS = [
  'Id',
  'Name',
  'IsActive',
  'IsDefault',
  'TimeZoneSidKey',
  ...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].flatMap((d) => [
    `${d}StartTime`,
    `${d}EndTime`
  ])
];

const HOLIDAY_FIELDS = [
  'Id',
  'Name',
  'ActivityDate',
  'IsAllDay',
  'StartTimeInMinutes',
  'EndTimeInMinutes',
  'IsRecurrence',
  'RecurrenceType',
  'RecurrenceStartDate',
  'RecurrenceEndDateOnly',
  'RecurrenceInterval',
  'RecurrenceDayOfWeekMask',
  'RecurrenceDayOfMonth',
  'RecurrenceInstance',
  'RecurrenceMonthOfYear'
];

export interface UserRecord extends UserHoursRecord {
  Id: string;
  Name?: string;
  IsActive: boolean;
  Email?: string | null;
  /** The login name the send-as session is minted for. */
  Username?: string | null;
}

export class Catalog {
  sequences = new Map<string, SequenceRecord>();
  actions = new Map<string, SequenceActionRecord>();
  businessHours = new Map<string, BusinessHoursRecord>();
  defaultBusinessHours: BusinessHoursRecord | null = null;
  holidays: HolidayRecord[] = [];
  users = new Map<string, UserRecord>();
  describes: DescribeCatalog = {};
  /** Person fields to select through Lead__r / Contact__r: the basics plus what criteria and templates read. */
  personFields: { Lead: string[]; Contact: string[] } = {
    Lead: [...LEAD_FIELDS],
    Contact: [...CONTACT_FIELDS]
  };
  /**
   * Fields of the Opportunity and Campaign a participant came through (`Opportunity__r` /
   * `Campaign__r`): Id and Name plus what criteria and merge fields of such sequences read. Empty
   * while no sequence targets that object, so other orgs' reads stay as they were.
   */
  contextFields: Record<ContextObject, string[]> = { Opportunity: [], Campaign: [] };
  private readonly compiled = new Map<string, CompiledOrError>();
  /** The fields criteria, merge fields and field updates may use (the package's, plus the org's). */
  fieldAllowList: FieldAllowList = PACKAGE_FIELD_ALLOW_LIST;
  /** What the users who saved the steps, variants and SMS templates may read and edit (saver-access.ts). */
  saverAccess: SaverAccess = SaverAccess.unread('not loaded yet');
  /** The integration user the companion runs as (its own writes are not an admin's save). */
  selfId: string | null = null;
  /** Where the exit-criteria check of each sequence continues (participant id), across passes. */
  readonly exitCursor = new Map<string, string>();
  /** Where the re-check of actions waiting on criteria continues (participant action id), across passes. */
  waitingCursor = '';
  /** Sequences whose slow drip admitted today's allowance, until (epoch ms) their next local day. */
  readonly dripSpentUntil = new Map<string, number>();
  private loadedAtMs = 0;
  private staleAtMs = 0;
  private readonly calendars = new Map<string, BusinessCalendar | null>();

  constructor(
    private readonly api: SalesforceApi,
    private readonly maxAgeMs = 60_000
  ) {}

  /** Reloads when older than `maxAgeMs` (real time) or when `force`. */
  async refresh(force = false): Promise<void> {
    if (!force && this.staleAtMs > 0 && Date.now() - this.staleAtMs < this.maxAgeMs) return;
    // The describes (first load only) go out in the same Composite request as the five queries.
    const describing = Object.keys(this.describes).length === 0 ? this.loadDescribes() : undefined;
    const [sequences, actions, hours, holidays, users] = await Promise.all([
      this.api.query<SequenceRecord & Record<string, unknown>>(
        `SELECT ${SEQUENCE_FIELDS.join(', ')} FROM Sequence__c`
      ),
      this.api.query<SequenceActionRecord & Record<string, unknown>>(
        `SELECT ${ACTION_FIELDS.join(', ')} FROM Sequence_Action__c ORDER BY Sequence__c, Step_Number__c`
      ),
      this.api.query<BusinessHoursRecord & { Id: string }>(
        `SELECT ${BUSINESS_HOURS_FIELDS.join(', ')} FROM BusinessHours WHERE IsActive = true`
      ),
      this.api.query<HolidayRecord & Record<string, unknown>>(
        `SELECT ${HOLIDAY_FIELDS.join(', ')} FROM Holiday`
      ),
      this.api.query<UserRecord & Record<string, unknown>>(
        'SELECT Id, Name, Username, IsActive, Email, TimeZoneSidKey, StartDay, EndDay FROM User'
      )
    ]);
    // What changed since the last load is not worked out here: participants carry the version of
    // their sequence they are in line with (live-edits.ts), so edits survive a restart.
    this.sequences = new Map(sequences.map((s) => [s.Id, { ...s, actions: [] }]));
    this.actions = new Map(actions.map((a) => [a.Id, a]));
    for (const action of actions) this.sequences.get(action.Sequence__c)?.actions.push(action);
    for (const sequence of this.sequences.values())
      sequence.actions.sort((a, b) => a.Step_Number__c - b.Step_Number__c);
    this.businessHours = new Map(hours.map((h) => [h.Id, h]));
    this.defaultBusinessHours = hours.find((h) => h.IsDefault) ?? null;
    this.holidays = holidays;
    this.users = new Map(users.map((u) => [u.Id, u]));
    this.calendars.clear();
    this.compiled.clear();
    await describing;
    this.selfId = await selfIdOf(this.api);
    this.saverAccess = await loadSaverAccess(
      this.api,
      this.saversOf(actions, [...this.sequences.values()]),
      Object.keys(this.describes)
    );
    this.personFields = this.computePersonFields();
    this.contextFields = this.computeContextFields();
    this.loadedAtMs = Date.now();
    this.staleAtMs = this.loadedAtMs;
  }

  private async loadDescribes(): Promise<void> {
    const describes: Record<string, ObjectDescribe> = {};
    await Promise.all(
      DESCRIBED_OBJECTS.map(async (name) => {
        try {
          // Requested together: the six describes go out in one Composite request.
          const raw = await this.api.get<SObjectDescribeLike>(`/sobjects/${name}/describe`);
          describes[name] = fromSObjectDescribe(raw);
        } catch {
          // An object the org lacks (or the integration user cannot see) simply is not described.
        }
      })
    );
    this.describes = describes;
  }

  /** The users who last saved the sequences, steps, their variants and their SMS templates. */
  private saversOf(actions: SequenceActionRecord[], sequences: SequenceRecord[]): string[] {
    const savers = new Set<string>();
    for (const sequence of sequences) {
      const saver = sequenceSaver(sequence, this.selfId);
      if (saver) savers.add(saver);
    }
    for (const action of actions)
      for (const id of [
        action.LastModifiedById,
        action.SMS_Template__r?.LastModifiedById,
        ...(action.Variants__r?.records ?? []).map((v) => v.LastModifiedById)
      ])
        if (id) savers.add(id);
    return [...savers].sort();
  }

  /** Field paths on Lead and Contact that some criteria or template reads, checked against the describes. */
  private computePersonFields(): { Lead: string[]; Contact: string[] } {
    const wanted: { Lead: Set<string>; Contact: Set<string> } = {
      Lead: new Set(LEAD_FIELDS),
      Contact: new Set(CONTACT_FIELDS)
    };
    const add = (object: 'Lead' | 'Contact', path: string): void => {
      if (this.describes[object] && resolveFieldPath(this.describes, object, path).ok)
        wanted[object].add(path);
    };
    for (const sequence of this.sequences.values()) {
      const target =
        sequence.Target_Object__c === 'Lead'
          ? (['Lead'] as const)
          : sequence.Target_Object__c === 'Contact'
            ? (['Contact'] as const)
            : (['Lead', 'Contact'] as const);
      const criteriaTexts = [
        sequence.Entry_Criteria__c,
        sequence.Exit_Criteria__c,
        ...sequence.actions.map((a) => a.Criteria__c)
      ];
      for (const text of criteriaTexts) {
        if (!text) continue;
        const parsed = parseCriteria(text);
        if (!parsed.ok) continue;
        for (const path of criteriaFieldPaths(parsed.value)) for (const object of target) add(object, path);
      }
      // Delegate fields choose the owner of each action when a participant's actions are created.
      for (const field of [sequence.Delegate_Field__c, ...sequence.actions.map((a) => a.Delegate_Field__c)])
        if (field) for (const object of target) add(object, field);
      for (const action of sequence.actions) {
        for (const text of [action.Subject__c, action.Body__c, action.SMS_Template__r?.Body__c]) {
          if (!text) continue;
          const paths = mergeFieldPaths(text);
          for (const [root, list] of Object.entries(paths)) {
            for (const object of target) {
              if (root === 'Recipient' || root === object) for (const path of list) add(object, path);
            }
          }
        }
      }
    }
    return { Lead: [...wanted.Lead], Contact: [...wanted.Contact] };
  }

  /** Field paths of the Opportunity / Campaign that criteria and merge fields of such sequences read. */
  private computeContextFields(): Record<ContextObject, string[]> {
    const wanted: Record<ContextObject, Set<string>> = { Opportunity: new Set(), Campaign: new Set() };
    for (const sequence of this.sequences.values()) {
      const context = contextObjectOf(sequence.Target_Object__c);
      if (!context || !this.describes[context]) continue;
      const add = (path: string): void => {
        if (resolveFieldPath(this.describes, context, path).ok) wanted[context].add(path);
      };
      add('Id');
      add('Name');
      // An Opportunity sequence's actions fall back to the opportunity's owner (core delegation).
      if (context === 'Opportunity') add('OwnerId');
      const prefix = `${context.toLowerCase()}.`;
      for (const text of [
        sequence.Entry_Criteria__c,
        sequence.Exit_Criteria__c,
        ...sequence.actions.map((a) => a.Criteria__c)
      ]) {
        const parsed = text ? parseCriteria(text) : null;
        if (!parsed?.ok) continue;
        for (const path of criteriaFieldPaths(parsed.value))
          if (path.toLowerCase().startsWith(prefix)) add(path.slice(prefix.length));
      }
      for (const action of sequence.actions)
        for (const text of [action.Subject__c, action.Body__c, action.SMS_Template__r?.Body__c]) {
          if (!text) continue;
          for (const [root, list] of Object.entries(mergeFieldPaths(text)))
            if (root.toLowerCase() === context.toLowerCase()) list.forEach(add);
        }
    }
    return { Opportunity: [...wanted.Opportunity], Campaign: [...wanted.Campaign] };
  }

  /**
   * Compiles criteria JSON against the describe of `objectName`, once per catalog load. Blank
   * criteria compile to null (always met). With the sequence's `target` Opportunity or Campaign,
   * paths such as `Opportunity.StageName` read the record the participant came through.
   */
  criteria(
    text: string | null | undefined,
    objectName: string,
    target?: string | null
  ): CompiledOrError | null {
    if (!text || !text.trim()) return null;
    const context = contextObjectOf(target);
    const key = `${objectName}|${context ?? ''}|${text}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const parsed = parseCriteria(text);
    const validated: CompiledOrError = parsed.ok
      ? validateCriteria(
          parsed.value,
          withContextRelationship(this.describes, objectName, context),
          objectName
        )
      : { ok: false, error: [parsed.error] };
    // Criteria read only what the field allow-list lets Stride read.
    const refused =
      parsed.ok && validated.ok
        ? criteriaFieldRefusals(this.fieldAllowList, parsed.value, objectName, context)
        : [];
    const result: CompiledOrError =
      refused.length > 0
        ? { ok: false, error: refused.map((message) => ({ code: 'FIELD_NOT_ALLOWED', message })) }
        : validated;
    this.compiled.set(key, result);
    return result;
  }

  /** `Lead__r.X, …, Contact__r.Y` for the person fields, under an optional path prefix. */
  personSelect(prefix = ''): string {
    return [
      ...this.personFields.Lead.map((f) => `${prefix}Lead__r.${f}`),
      ...this.personFields.Contact.map((f) => `${prefix}Contact__r.${f}`),
      ...this.contextFields.Opportunity.map((f) => `${prefix}Opportunity__r.${f}`),
      ...this.contextFields.Campaign.map((f) => `${prefix}Campaign__r.${f}`)
    ].join(', ');
  }

  /** Makes the next `refresh` read again. */
  invalidate(): void {
    this.staleAtMs = 0;
  }

  /**
   * The business calendar for an action of `sequence` owned by `ownerId` (docs/architecture.md §4): the
   * sequence's BusinessHours, else the owner's Start/End of Day, else the org default. Null when
   * none applies (Immediate timing needs none).
   */
  calendarFor(
    sequence: SequenceRecord | undefined,
    ownerId: string | null | undefined
  ): BusinessCalendar | null {
    const key = `${sequence?.Id ?? ''}|${ownerId ?? ''}`;
    if (this.calendars.has(key)) return this.calendars.get(key) ?? null;
    const seqHours = sequence?.Business_Hours_Id__c
      ? this.businessHours.get(sequence.Business_Hours_Id__c)
      : undefined;
    const owner = ownerId ? this.users.get(ownerId) : undefined;
    const result = resolveCalendar({
      sequenceBusinessHours: seqHours ? { record: seqHours, holidays: this.holidays } : null,
      owner: owner && owner.StartDay && owner.EndDay ? owner : null,
      orgDefault: this.defaultBusinessHours
        ? { record: this.defaultBusinessHours, holidays: this.holidays }
        : null
    });
    const calendar = result.ok ? result.value : null;
    this.calendars.set(key, calendar);
    return calendar;
  }
}
