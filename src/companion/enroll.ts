/**
 * Bulk enrollment: people chosen by a SOQL filter or a list of ids join a sequence as `Queued`
 * participants (core `planEnrollment` decides who may), owned by the rep who works the person. An
 * enrollment is that one record — what the participant panel writes too — so it is written whole or
 * not at all; the companion gives each queued participant its participant actions, owned by the
 * delegate, and admits it on its next pass (pass/materialise.ts), the same for every way in.
 * Exclusivity holds across processes through the unique `Person_Key__c`: a `DUPLICATE_VALUE` means
 * the person is already enrolled.
 */
import { resolveDelegate } from '../core/delegation';
import { planEnrollment, type EnrollmentPlan } from '../core/lifecycle/enrollment';
import { chunk, soqlIdList, soqlString, type SalesforceApi } from './api';
import { OptionError } from './config';
import { unusableDelegateFields } from './delegate-fields';
import type { SequenceActionRecord, SequenceRecord } from './model';
import { ownedBy } from './ownership';

export interface EnrollRequest {
  /** Sequence id or exact name. */
  sequence: string;
  /** A SOQL WHERE clause on the target object (Lead or Contact), e.g. `Status = 'Open'`. */
  where?: string;
  ids?: string[];
  now: Date;
  dryRun?: boolean;
}

export interface EnrollResult {
  sequenceId: string;
  enrolled: number;
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
    `SELECT Id, Name, Active__c, Target_Object__c, Sequence_Cap__c, Repeatable__c, Delegate_Field__c FROM Sequence__c WHERE ${sequenceFilter}`
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
  if (object !== 'Lead' && object !== 'Contact')
    throw new OptionError(
      '--sequence',
      `sequence ${JSON.stringify(sequence.Name)} targets ${JSON.stringify(object)} records; stride enroll enrolls Lead and Contact sequences`
    );
  for (const id of request.ids ?? []) {
    const prefixed = KEY_PREFIXES[id.slice(0, 3)];
    if (prefixed !== object)
      throw new OptionError(
        '--ids',
        `${id} is ${prefixed ? `a ${prefixed}` : 'not a Lead or Contact'} id; sequence ${JSON.stringify(sequence.Name)} enrolls ${object} records`
      );
  }
  // Delegate fields are admin-typed configuration read into SOQL: only describe-checked User lookups.
  const unusable = await unusableDelegateFields(api, object, [
    sequence.Delegate_Field__c,
    ...actions.map((a) => a.Delegate_Field__c)
  ]);
  const usable = (field: string | null | undefined) => (field && !unusable.has(field) ? field : null);
  const delegateFields = [
    ...new Set(
      [sequence.Delegate_Field__c, ...actions.map((a) => a.Delegate_Field__c)]
        .map(usable)
        .filter((f): f is string => !!f)
    )
  ];
  const personFields = ['Id', 'OwnerId', ...delegateFields].join(', ');
  let people: Array<Record<string, unknown> & { Id: string }> = [];
  if (request.where) {
    people = await api.query(`SELECT ${personFields} FROM ${object} WHERE ${request.where}`);
  } else {
    for (const ids of chunk(request.ids!, 300))
      people.push(
        ...(await api.query<Record<string, unknown> & { Id: string }>(
          `SELECT ${personFields} FROM ${object} WHERE Id IN ${soqlIdList(ids)}`
        ))
      );
    const found = new Set(people.map((p) => p.Id.slice(0, 15)));
    const missing = request.ids!.filter((id) => !found.has(id.slice(0, 15)));
    if (missing.length)
      throw new OptionError(
        '--ids',
        `not ${object} records (or not visible): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`
      );
  }
  const users = await api.query<{ Id: string; IsActive: boolean }>('SELECT Id, IsActive FROM User');
  const userMap = Object.fromEntries(users.map((u) => [u.Id, { IsActive: u.IsActive }]));
  const participantCount = await api.count(
    `SELECT COUNT() FROM Sequence_Participant__c WHERE Sequence__c = ${soqlString(sequence.Id)}`
  );

  const refused: EnrollResult['refused'] = [];
  const plans: Array<{ personId: string; plan: EnrollmentPlan; ownerId: string | null }> = [];
  let count = participantCount;
  for (const person of people) {
    const plan = planEnrollment({
      sequence: {
        Id: sequence.Id,
        Active__c: sequence.Active__c,
        Target_Object__c: sequence.Target_Object__c as never,
        Sequence_Cap__c: sequence.Sequence_Cap__c,
        Repeatable__c: sequence.Repeatable__c
      },
      actions: actions.map((a) => ({
        Id: a.Id,
        Step_Number__c: a.Step_Number__c,
        Type__c: a.Type__c,
        Activation__c: a.Activation__c
      })),
      person: { object, id: person.Id },
      participantCount: count,
      now: request.now
    });
    if (!plan.ok) {
      refused.push({ id: person.Id, code: plan.error.code, message: plan.error.message });
      continue;
    }
    // The enrollment belongs to the rep who works the person (the sequence's delegate, else the
    // person's owner): it is Private, so that rep and their managers see it.
    const delegate = resolveDelegate({
      actionDelegateField: null,
      sequenceDelegateField: usable(sequence.Delegate_Field__c),
      record: person,
      users: userMap
    });
    const ownerId = 'reason' in delegate ? null : delegate.userId;
    plans.push({ personId: person.Id, plan: plan.value, ownerId });
    count++;
  }
  if (request.dryRun || plans.length === 0)
    return { sequenceId: sequence.Id, enrolled: request.dryRun ? plans.length : 0, refused };

  const created = await api.createMany(
    'Sequence_Participant__c',
    plans.map(({ plan, ownerId }) => ({
      ...serialise(plan.participant as unknown as Record<string, unknown>),
      ...ownedBy(ownerId)
    }))
  );
  let enrolled = 0;
  created.forEach((result, i) => {
    const { personId } = plans[i];
    if (!result.ok) {
      const code = result.error.code === 'DUPLICATE_VALUE' ? 'ALREADY_ENROLLED' : result.error.code;
      refused.push({
        id: personId,
        code,
        message:
          code === 'ALREADY_ENROLLED' ? `${personId} already has an open enrollment` : result.error.message
      });
      return;
    }
    enrolled++;
  });
  return { sequenceId: sequence.Id, enrolled, refused };
}

function serialise(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])
  );
}
