/**
 * Notices Tasks that were closed — by a rep, by automation, by anyone — and completes their Task
 * actions at the Task's completion time, which advances the participant (docs/architecture.md §3).
 */
import { completeAction, skipAction } from '../../core/lifecycle/operations';
import { DUE_ACTION_STATUSES } from '../../core/lifecycle/states';
import { chunk, soqlIdList, soqlList } from '../api';
import { PARTICIPANT_FIELDS, parseSfDate, personOf, type ParticipantActionRecord } from '../model';
import { applyPlan, loadOpenActions, snapshotOf } from './advance';
import { isStale, type PassContext } from './context';
import { applyFieldUpdates } from './field-updates';
import { WriteBatch } from './writes';

interface TaskRow {
  Id: string;
  IsClosed: boolean;
  Status: string;
  CompletedDateTime?: string | null;
  LastModifiedDate?: string | null;
}

/** Open Task actions whose Task exists. */
export function readTaskActions(ctx: PassContext): Promise<ParticipantActionRecord[]> {
  return ctx.api.query<ParticipantActionRecord>(
    `SELECT Id, Participant__c, Sequence_Action__c, Step_Number__c, Type__c, Status__c, Task_Id__c, ${PARTICIPANT_FIELDS.map((f) => `Participant__r.${f}`).join(', ')}, ${ctx.catalog.personSelect('Participant__r.')} ` +
      `FROM Participant_Action__c WHERE Task_Id__c != null AND Status__c IN ${soqlList(DUE_ACTION_STATUSES)} LIMIT ${ctx.settings.batchSize}`
  );
}

export async function completeClosedTasks(
  ctx: PassContext,
  read: Promise<ParticipantActionRecord[]> = readTaskActions(ctx)
): Promise<void> {
  const pas = (await read).filter((p) => !isStale(ctx, p.Id, p.Participant__c));
  if (pas.length === 0) return;
  const tasks = new Map<string, TaskRow>();
  for (const ids of chunk(
    pas.map((p) => p.Task_Id__c!),
    300
  )) {
    const rows = await ctx.api.query<TaskRow>(
      `SELECT Id, IsClosed, Status, CompletedDateTime, LastModifiedDate FROM Task WHERE Id IN ${soqlIdList(ids)}`
    );
    for (const row of rows) tasks.set(row.Id.slice(0, 15), row);
  }
  const closed = pas.filter((p) => tasks.get(p.Task_Id__c!.slice(0, 15))?.IsClosed);
  const deleted = pas.filter((p) => !tasks.has(p.Task_Id__c!.slice(0, 15)));
  if (closed.length === 0 && deleted.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    [...closed, ...deleted].map((p) => p.Participant__c)
  );
  const performed = closed.flatMap((pa) => {
    const person = personOf(pa.Participant__r);
    const action = pa.Sequence_Action__c ? ctx.catalog.actions.get(pa.Sequence_Action__c) : undefined;
    return person && person.record
      ? [{ pa, action, person: { object: person.object, id: person.id, record: person.record } }]
      : [];
  });
  await applyFieldUpdates(ctx, performed);
  const batch = new WriteBatch(ctx.touched);
  for (const pa of closed) {
    const task = tasks.get(pa.Task_Id__c!.slice(0, 15))!;
    const at = parseSfDate(task.CompletedDateTime) ?? parseSfDate(task.LastModifiedDate) ?? ctx.now;
    const participant = pa.Participant__r!;
    const list = open.get(participant.Id) ?? [];
    applyPlan(
      ctx,
      batch,
      completeAction(
        snapshotOf(ctx, participant, list),
        pa.Id,
        at.getTime() > ctx.now.getTime() ? ctx.now : at
      ),
      list,
      participant
    );
  }
  for (const pa of deleted) {
    const participant = pa.Participant__r!;
    const list = open.get(participant.Id) ?? [];
    applyPlan(
      ctx,
      batch,
      skipAction(snapshotOf(ctx, participant, list), pa.Id, ctx.now, {
        reason: 'REP_SKIPPED',
        note: 'The Task was deleted'
      }),
      list,
      participant
    );
  }
  await batch.flush(ctx.api);
}
