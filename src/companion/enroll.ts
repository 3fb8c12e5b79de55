/**
 * Bulk enrollment: people chosen by a SOQL filter or a list of ids join a sequence as `Queued`
 * participants, owned by the rep who works the person. Lead and Contact sequences take the records
 * themselves; an Opportunity sequence takes opportunities and enrolls their contact roles (all, or
 * one `role`), a Campaign sequence takes campaigns and enrolls their members (Leads and Contacts),
 * each participant carrying the opportunity or campaign it came through (`Opportunity__c` /
 * `Campaign__c`). Who may join is the core's preview (`previewEnrollment`: active, not full, not
 * already enrolled, repeatable, entry criteria), so `--dry-run` shows exactly who would join and
 * why the others would not.
 *
 * An enrollment is that one record — what the participant panel writes too — so it is written whole
 * or not at all; the companion gives each queued participant its participant actions, owned by the
 * delegate, and admits it on its next pass (pass/materialise.ts), the same for every way in.
 * Exclusivity holds across processes through the unique `Person_Key__c`: a `DUPLICATE_VALUE` means
 * the person was enrolled meanwhile.
 */
import { previewEnrollment, type EnrollmentCandidate } from '../core/bulkEnrollment';
import { criteriaFieldPaths, parseCriteria } from '../core/criteria';
import { resolveDelegate } from '../core/delegation';
import {
  fromSObjectDescribe,
  resolveFieldPath,
  type DescribeCatalog,
  type ObjectDescribe,
  type SObjectDescribeLike
} from '../core/describe';
import { criteriaFieldRefusals, PACKAGE_FIELD_ALLOW_LIST } from '../core/fieldAllowList';
import { planEnrollment, type EnrollmentPlan } from '../core/lifecycle/enrollment';
import type { ParticipantStatus } from '../core/constants';
import { contextObjectOf, personObjectsOf, withContextRelationship } from '../core/participantContext';
import { ENDED_PARTICIPANT_STATUSES } from '../core/lifecycle/states';
import { chunk, soqlIdList, soqlList, soqlString, type SalesforceApi } from './api';
import { OptionError } from './config';
import { unusableDelegateFields } from './delegate-fields';
import type { SequenceActionRecord, SequenceRecord } from './model';
import { ownedBy } from './ownership';

export interface EnrollRequest {
  /** Sequence id or exact name. */
  sequence: string;
  /**
   * A SOQL WHERE clause on the sequence's target object, e.g. `Status = 'Open'` (Lead),
   * `StageName = 'Prospecting'` (Opportunity: their contact roles), `IsActive = true` (Campaign: members).
   */
  where?: string;
  /** Ids of the target object: Leads, Contacts, Opportunities or Campaigns. */
  ids?: string[];
  /** Opportunity sequences: only the contact roles with this Role (e.g. `Decision Maker`). */
  role?: string;
  now: Date;
  dryRun?: boolean;
  /** Called after each slice of enrollments is written: how many are done, of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Enrollments written per slice (default 500). */
  sliceSize?: number;
}

export interface EnrollResult {
  sequenceId: string;
  /** Enrolled (with `dryRun`: who would be). */
  enrolled: number;
  /** Who was not, with the reason: the person's id (or the opportunity's / campaign's that yields nobody). */
  refused: Array<{ id: string; code: string; message: string }>;
}

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
/** Standard key prefixes of the objects people are enrolled from, to name a wrong id's object. */
const KEY_PREFIXES: Record<string, string> = {
  '00Q': 'Lead',
  '003': 'Contact',
  '001': 'Account',
  '006': 'Opportunity',
  '701': 'Campaign',
  '005': 'User'
};

type Row = Record<string, unknown> & { Id: string };

/** One person to enroll, and the opportunity or campaign it comes through. */
interface Selected {
  object: 'Lead' | 'Contact';
  id: string;
  opportunityId?: string;
  campaignId?: string;
}

const key15 = (id: string): string => id.slice(0, 15);

export async function enroll(api: SalesforceApi, request: EnrollRequest): Promise<EnrollResult> {
  if (!request.where && !(request.ids && request.ids.length))
    throw new OptionError('--where', 'give a SOQL filter (--where) or ids (--ids / --ids-file)');
  if (request.where && request.ids?.length)
    throw new OptionError('--where', 'give either --where or --ids, not both');
  for (const id of request.ids ?? [])
    if (!ID.test(id)) throw new OptionError('--ids', `${JSON.stringify(id)} is not a Salesforce id`);

  const sequenceFilter = ID.test(request.sequence)
    ? `Id = ${soqlString(request.sequence)}`
    : `Name = ${soqlString(request.sequence)}`;
  const sequences = await api.query<SequenceRecord & { Repeatable__c?: boolean }>(
    `SELECT Id, Name, Active__c, Target_Object__c, Sequence_Cap__c, Repeatable__c, Delegate_Field__c, Entry_Criteria__c FROM Sequence__c WHERE ${sequenceFilter}`
  );
  if (sequences.length === 0)
    throw new OptionError('--sequence', `no sequence with id or name ${JSON.stringify(request.sequence)}`);
  if (sequences.length > 1)
    throw new OptionError(
      '--sequence',
      `${sequences.length} sequences are named ${JSON.stringify(request.sequence)}; pass the id`
    );
  const sequence = sequences[0];
  const actions = await api.query<SequenceActionRecord>(
    `SELECT Id, Step_Number__c, Type__c, Activation__c, Delegate_Field__c FROM Sequence_Action__c WHERE Sequence__c = ${soqlString(sequence.Id)} ORDER BY Step_Number__c`
  );
  const object = sequence.Target_Object__c;
  if (!['Lead', 'Contact', 'Opportunity', 'Campaign'].includes(object))
    throw new OptionError(
      '--sequence',
      `sequence ${JSON.stringify(sequence.Name)} targets ${JSON.stringify(object)} records; stride enroll enrolls Lead, Contact, Opportunity and Campaign sequences`
    );
  if (request.role && object !== 'Opportunity')
    throw new OptionError(
      '--role',
      `--role chooses contact roles of an Opportunity sequence; this one targets ${object}`
    );
  for (const id of request.ids ?? []) {
    const prefixed = KEY_PREFIXES[id.slice(0, 3)];
    if (prefixed !== object)
      throw new OptionError(
        '--ids',
        `${id} is ${prefixed ? `a ${prefixed}` : 'not a Lead, Contact, Opportunity or Campaign'} id; sequence ${JSON.stringify(sequence.Name)} enrolls ${object} records`
      );
  }
  const context = contextObjectOf(object);
  const personObjects = personObjectsOf(object);

  // Entry criteria are checked here when the describes have what they read and the package lets
  // Stride read it; otherwise the companion checks them at admission (it knows the org's allowFields).
  const criteria = sequence.Entry_Criteria__c?.trim() ? parseCriteria(sequence.Entry_Criteria__c) : null;
  let catalog: DescribeCatalog | undefined;
  const criteriaPaths: Record<string, string[]> = { Lead: [], Contact: [], Opportunity: [], Campaign: [] };
  if (criteria?.ok) {
    const described: Record<string, ObjectDescribe> = {};
    for (const name of [...personObjects, ...(context ? [context] : [])]) {
      const raw = await api.get<SObjectDescribeLike>(`/sobjects/${name}/describe`).catch(() => null);
      if (raw) described[name] = fromSObjectDescribe(raw);
    }
    let augmented: DescribeCatalog = described;
    for (const person of personObjects) augmented = withContextRelationship(augmented, person, context);
    const allowed = personObjects.every(
      (person) =>
        criteriaFieldRefusals(PACKAGE_FIELD_ALLOW_LIST, criteria.value, person, context).length === 0
    );
    if (allowed) {
      catalog = augmented;
      const prefix = context ? `${context.toLowerCase()}.` : null;
      for (const path of criteriaFieldPaths(criteria.value)) {
        if (prefix && context && path.toLowerCase().startsWith(prefix)) {
          const rest = path.slice(prefix.length);
          if (resolveFieldPath(augmented, context, rest).ok) criteriaPaths[context].push(rest);
        } else
          for (const person of personObjects)
            if (resolveFieldPath(augmented, person, path).ok) criteriaPaths[person].push(path);
      }
    }
  }

  // What was chosen: the records of the target object, then the people they stand for.
  const refused: EnrollResult['refused'] = [];
  const selected: Selected[] = [];
  const contextRecords = new Map<string, Row>();
  if (context) {
    // An Opportunity sequence's record owner is the opportunity's (delegation falls back to it).
    const ownerField = context === 'Opportunity' ? ['OwnerId'] : [];
    const fields = [...new Set(['Id', 'Name', ...ownerField, ...criteriaPaths[context]])].join(', ');
    const chosen = await selectRecords(api, context, fields, request);
    for (const row of chosen) contextRecords.set(key15(row.Id), row);
    const links = await readContextLinks(
      api,
      context,
      chosen.map((r) => r.Id),
      request.role
    );
    for (const row of chosen) {
      const mine = links.filter(
        (l) => key15(String(context === 'Opportunity' ? l.OpportunityId : l.CampaignId)) === key15(row.Id)
      );
      if (mine.length === 0) {
        const what =
          context === 'Opportunity'
            ? request.role
              ? `no contact role ${JSON.stringify(request.role)}`
              : 'no contact roles'
            : 'no members';
        refused.push({
          id: row.Id,
          code: context === 'Opportunity' ? 'NO_CONTACT_ROLES' : 'NO_MEMBERS',
          message: `${context} ${row.Id} (${String(row.Name)}) has ${what}: nobody to enroll`
        });
        continue;
      }
      for (const link of mine) {
        const lead = typeof link.LeadId === 'string' ? link.LeadId : null;
        const contact = typeof link.ContactId === 'string' ? link.ContactId : null;
        if (!lead && !contact) continue;
        selected.push({
          object: lead ? 'Lead' : 'Contact',
          id: (lead ?? contact) as string,
          ...(context === 'Opportunity' ? { opportunityId: row.Id } : { campaignId: row.Id })
        });
      }
    }
  }

  // Delegate fields are admin-typed configuration read into SOQL: only describe-checked User lookups.
  const delegateFieldsOf = new Map<
    string,
    { usable: (f: string | null | undefined) => string | null; list: string[] }
  >();
  for (const person of personObjects) {
    const unusable = await unusableDelegateFields(api, person, [
      sequence.Delegate_Field__c,
      ...actions.map((a) => a.Delegate_Field__c)
    ]);
    const usable = (field: string | null | undefined) => (field && !unusable.has(field) ? field : null);
    const list = [
      ...new Set(
        [sequence.Delegate_Field__c, ...actions.map((a) => a.Delegate_Field__c)]
          .map(usable)
          .filter((f): f is string => !!f)
      )
    ];
    delegateFieldsOf.set(person, { usable, list });
  }
  const personFields = (person: 'Lead' | 'Contact') =>
    [...new Set(['Id', 'OwnerId', ...delegateFieldsOf.get(person)!.list, ...criteriaPaths[person]])].join(
      ', '
    );

  const people = new Map<string, Row>();
  if (context) {
    for (const person of personObjects) {
      const ids = [...new Set(selected.filter((s) => s.object === person).map((s) => s.id))];
      for (const part of chunk(ids, 300))
        for (const row of await api.query<Row>(
          `SELECT ${personFields(person)} FROM ${person} WHERE Id IN ${soqlIdList(part)}`
        ))
          people.set(key15(row.Id), row);
    }
  } else {
    const person = object as 'Lead' | 'Contact';
    for (const row of await selectRecords(api, person, personFields(person), request)) {
      people.set(key15(row.Id), row);
      selected.push({ object: person, id: row.Id });
    }
  }

  // The people's open enrollments (any sequence) and earlier ones in this sequence.
  const personIds = [...new Set(selected.map((s) => s.id))];
  const open = new Map<string, { Id: string; Sequence__c: string; Status__c: ParticipantStatus }>();
  const before = new Set<string>();
  for (const part of chunk(personIds, 300)) {
    const [openRows, endedRows] = await Promise.all([
      api.query<{ Id: string; Sequence__c: string; Status__c: ParticipantStatus; Person_Key__c: string }>(
        `SELECT Id, Sequence__c, Status__c, Person_Key__c FROM Sequence_Participant__c WHERE Person_Key__c IN ${soqlIdList(part)}`
      ),
      api.query<{ Lead__c: string | null; Contact__c: string | null }>(
        `SELECT Lead__c, Contact__c FROM Sequence_Participant__c WHERE Sequence__c = ${soqlString(sequence.Id)} AND Status__c IN ${soqlList(ENDED_PARTICIPANT_STATUSES)} AND (Lead__c IN ${soqlIdList(part)} OR Contact__c IN ${soqlIdList(part)})`
      )
    ]);
    for (const row of openRows) open.set(key15(row.Person_Key__c), row);
    for (const row of endedRows) before.add(key15((row.Lead__c ?? row.Contact__c) as string));
  }
  const users = await api.query<{ Id: string; IsActive: boolean }>('SELECT Id, IsActive FROM User');
  const userMap = Object.fromEntries(users.map((u) => [u.Id, { IsActive: u.IsActive }]));
  const participantCount = await api.count(
    `SELECT COUNT() FROM Sequence_Participant__c WHERE Sequence__c = ${soqlString(sequence.Id)}`
  );

  const candidates: EnrollmentCandidate[] = selected.map((s) => {
    const record = people.get(key15(s.id)) ?? {};
    const through = s.opportunityId ?? s.campaignId;
    return {
      id: s.id,
      object: s.object,
      record: context
        ? { ...record, [context]: through ? contextRecords.get(key15(through)) : null }
        : record,
      openEnrollment: open.get(key15(s.id)) ?? null,
      enrolledBefore: before.has(key15(s.id))
    };
  });
  const enrollmentSequence = {
    Id: sequence.Id,
    Active__c: sequence.Active__c,
    Target_Object__c: sequence.Target_Object__c as never,
    Sequence_Cap__c: sequence.Sequence_Cap__c,
    Repeatable__c: sequence.Repeatable__c,
    Entry_Criteria__c: sequence.Entry_Criteria__c
  };
  const enrollmentActions = actions.map((a) => ({
    Id: a.Id,
    Step_Number__c: a.Step_Number__c,
    Type__c: a.Type__c,
    Activation__c: a.Activation__c
  }));
  const preview = previewEnrollment({
    sequence: enrollmentSequence,
    actions: enrollmentActions,
    participantCount,
    candidates,
    catalog,
    now: request.now
  });
  refused.push(...preview.ineligible);
  const eligible = new Set(preview.eligible);

  const plans: Array<{ personId: string; plan: EnrollmentPlan; ownerId: string | null }> = [];
  for (const s of selected) {
    if (!eligible.has(s.id)) continue;
    eligible.delete(s.id); // a person chosen twice (two roles) is enrolled through the first
    const record = people.get(key15(s.id));
    if (!record) {
      refused.push({
        id: s.id,
        code: 'NOT_VISIBLE',
        message: `${s.object} ${s.id} cannot be read (deleted, or not shared with you)`
      });
      continue;
    }
    const plan = planEnrollment({
      sequence: enrollmentSequence,
      actions: enrollmentActions,
      person: { object: s.object, id: s.id },
      opportunityId: s.opportunityId ?? null,
      campaignId: s.campaignId ?? null,
      participantCount: 0,
      now: request.now
    });
    if (!plan.ok) {
      refused.push({ id: s.id, code: plan.error.code, message: plan.error.message });
      continue;
    }
    // The enrollment belongs to the rep who works the person (the sequence's delegate, else the
    // person's owner): it is Private, so that rep and their managers see it.
    const delegate = resolveDelegate({
      actionDelegateField: null,
      sequenceDelegateField: delegateFieldsOf.get(s.object)!.usable(sequence.Delegate_Field__c),
      record,
      ownerRecord: s.opportunityId ? contextRecords.get(key15(s.opportunityId)) : null,
      users: userMap
    });
    plans.push({ personId: s.id, plan: plan.value, ownerId: 'reason' in delegate ? null : delegate.userId });
  }
  if (request.dryRun || plans.length === 0)
    return { sequenceId: sequence.Id, enrolled: request.dryRun ? plans.length : 0, refused };

  let enrolled = 0;
  let done = 0;
  for (const slice of chunk(plans, Math.max(1, request.sliceSize ?? 500))) {
    const created = await api.createMany(
      'Sequence_Participant__c',
      slice.map(({ plan, ownerId }) => ({
        ...serialise(plan.participant as unknown as Record<string, unknown>),
        ...ownedBy(ownerId)
      }))
    );
    created.forEach((result, i) => {
      const { personId, plan } = slice[i];
      if (!result.ok) {
        const code = result.error.code === 'DUPLICATE_VALUE' ? 'ALREADY_ENROLLED' : result.error.code;
        const object = plan.participant.Lead__c ? 'Lead' : 'Contact';
        refused.push({
          id: personId,
          code,
          message:
            code === 'ALREADY_ENROLLED'
              ? `${object} ${personId} already has an open enrollment (enrolled meanwhile)`
              : `${object} ${personId}: ${result.error.message}`
        });
        return;
      }
      enrolled++;
    });
    done += slice.length;
    request.onProgress?.(done, plans.length);
  }
  return { sequenceId: sequence.Id, enrolled, refused };
}

/** A contact role of an opportunity, or a member of a campaign: who joins through that record. */
export interface ContextLink {
  Id: string;
  OpportunityId?: string;
  CampaignId?: string;
  ContactId?: string | null;
  LeadId?: string | null;
  /** Contact roles only. */
  Role?: string | null;
}

/**
 * The contact roles of these opportunities (only those with `role`, when given) or the members of
 * these campaigns, in parent order; 300 parents a query, the queries sent together. Used by
 * `stride enroll` and by automatic enrollment (pass/auto-enroll-links.ts).
 */
export async function readContextLinks(
  api: SalesforceApi,
  context: 'Opportunity' | 'Campaign',
  parentIds: string[],
  role?: string | null
): Promise<ContextLink[]> {
  const parts = await Promise.all(
    chunk(parentIds, 300).map((part) =>
      api.query<ContextLink>(
        context === 'Opportunity'
          ? `SELECT Id, OpportunityId, ContactId, Role FROM OpportunityContactRole WHERE OpportunityId IN ${soqlIdList(part)}${role ? ` AND Role = ${soqlString(role)}` : ''} ORDER BY OpportunityId, Id`
          : `SELECT Id, CampaignId, LeadId, ContactId FROM CampaignMember WHERE CampaignId IN ${soqlIdList(part)} ORDER BY CampaignId, Id`
      )
    )
  );
  return parts.flat();
}

/** The records of `object` chosen by `--where` or `--ids` (every id must be found). */
async function selectRecords(
  api: SalesforceApi,
  object: string,
  fields: string,
  request: Pick<EnrollRequest, 'where' | 'ids'>
): Promise<Row[]> {
  if (request.where) return api.query<Row>(`SELECT ${fields} FROM ${object} WHERE ${request.where}`);
  const rows: Row[] = [];
  for (const ids of chunk(request.ids!, 300))
    rows.push(...(await api.query<Row>(`SELECT ${fields} FROM ${object} WHERE Id IN ${soqlIdList(ids)}`)));
  const found = new Set(rows.map((p) => key15(p.Id)));
  const missing = request.ids!.filter((id) => !found.has(key15(id)));
  if (missing.length)
    throw new OptionError(
      '--ids',
      `not ${object} records (or not visible): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`
    );
  return rows;
}

/**
 * The result in words: how many joined (or would), then the refusals grouped by reason with up to
 * three examples each.
 *
 * @example
 * formatEnrollResult({ sequenceId: 'a01', enrolled: 2, refused: [{ id: '00Q3', code: 'ALREADY_ENROLLED', message: 'Lead 00Q3 already …' }] }, { dryRun: true, name: 'Nurture' })
 * //=> 'Would enroll 2 in sequence Nurture (a01); 1 not eligible\n  ALREADY_ENROLLED: 1\n    Lead 00Q3 already …'
 */
export function formatEnrollResult(
  result: EnrollResult,
  options: { dryRun?: boolean; name?: string; examples?: number } = {}
): string {
  const name = options.name ? `${options.name} (${result.sequenceId})` : result.sequenceId;
  const lines = [
    `${options.dryRun ? 'Would enroll' : 'Enrolled'} ${result.enrolled} in sequence ${name}; ${result.refused.length} ${options.dryRun ? 'not eligible' : 'refused'}`
  ];
  const byReason = new Map<string, EnrollResult['refused']>();
  for (const r of result.refused) byReason.set(r.code, [...(byReason.get(r.code) ?? []), r]);
  for (const [code, list] of [...byReason].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])
  )) {
    lines.push(`  ${code}: ${list.length}`);
    const shown = options.examples ?? 3;
    for (const r of list.slice(0, shown)) lines.push(`    ${r.message}`);
    if (list.length > shown) lines.push(`    … and ${list.length - shown} more`);
  }
  return lines.join('\n');
}

function serialise(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])
  );
}

/**
 * Progress of a large enrollment on `stream` (stderr): a bar redrawn in place on a terminal, a plain
 * line per slice otherwise (logs, CI). Nothing for 500 or fewer.
 *
 * @example
 * enrollProgress({ isTTY: false, write })(500, 2000) // writes "enrolling: 500/2000 (25%)\n"
 */
export function enrollProgress(stream: {
  isTTY?: boolean;
  write: (text: string) => unknown;
}): (done: number, total: number) => void {
  return (done, total) => {
    if (total <= 500) return;
    const percent = Math.floor((done / total) * 100);
    if (!stream.isTTY) {
      stream.write(`enrolling: ${done}/${total} (${percent}%)\n`);
      return;
    }
    const width = 30;
    const filled = Math.round((done / total) * width);
    stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} (${percent}%)${done === total ? '\n' : ''}`
    );
  };
}
