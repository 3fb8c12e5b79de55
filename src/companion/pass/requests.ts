/**
 * Applies what reps asked for in Lightning (single writer: components only record requests):
 * - on a participant (`Requested_Status__c`): pause, resume, exit;
 * - on a participant action (`Requested_Outcome__c`): complete, skip, defer, reschedule
 *   (`Send` goes through the claim-and-send path in execute.ts).
 * Each request is applied through the core lifecycle and then cleared; a request the core refuses
 * is cleared too, with the reason written where the rep sees it.
 *
 * Compare-and-clear: the change and the clear land together only while the request field still
 * holds the value this pass read (a guarded unit, `WriteBatch.unit`): a rep who asked for something
 * else meanwhile is never overwritten — nothing is written, and the next pass applies the new request.
 */
import { LIFECYCLE_REQUESTED_OUTCOMES } from '../../core/constants';
import {
  applyRequestedOutcome,
  exitParticipant,
  pauseParticipant,
  resumeParticipant
} from '../../core/lifecycle/operations';
import { soqlList } from '../api';
import { truncate255 } from '../errors';
import {
  PARTICIPANT_FIELDS,
  paSelectWith,
  parseSfDate,
  personOf,
  type ParticipantActionRecord,
  type ParticipantRecord
} from '../model';
import { applyPlan, loadOpenActions, snapshotOf, type OpenAction } from './advance';
import { isStale, type PassContext } from './context';
import { applyFieldUpdates } from './field-updates';
import {
  refuseUnauthorizedRequests,
  requestRefusal,
  requestUndecided,
  requesterDirectory
} from './requesters';
import { WriteBatch } from './writes';

const CLEAR_ACTION_REQUEST = {
  Requested_Outcome__c: null,
  Requested_At__c: null,
  Requested_Until__c: null,
  Requested_Note__c: null
};

type ParticipantRow = ParticipantRecord & { Paused_At__c?: string | null };

/** Participants with a pending request. */
export function readParticipantRequests(ctx: PassContext): Promise<ParticipantRow[]> {
  return ctx.api.query<ParticipantRow>(
    `SELECT ${PARTICIPANT_FIELDS.join(', ')}, Paused_At__c, Admitted_At__c, Requested_Status__c, OwnerId, LastModifiedById FROM Sequence_Participant__c WHERE Requested_Status__c != null LIMIT ${ctx.settings.batchSize}`
  );
}

/** Pause / resume / exit requests on participants. */
export async function applyParticipantRequests(
  ctx: PassContext,
  read: Promise<ParticipantRow[]> = readParticipantRequests(ctx)
): Promise<void> {
  const rows = (await read).filter((r) => !isStale(ctx, r.Id));
  if (rows.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    rows.map((r) => r.Id)
  );
  const batch = new WriteBatch(ctx.touched);
  const directory = await requesterDirectory(ctx);
  for (const participant of rows) {
    // The companion's identity is unknown this pass and it may have written the request: next pass.
    if (
      requestUndecided(directory, { requesterId: participant.LastModifiedById, ownerId: participant.OwnerId })
    )
      continue;
    const requested = participant.Requested_Status__c ?? null;
    batch.unit(() => applyParticipantRequest(ctx, batch, participant, open, directory), {
      type: 'Sequence_Participant__c',
      id: participant.Id,
      field: 'Requested_Status__c',
      equals: requested
    });
  }
  await batch.flush(ctx.api);
}

function applyParticipantRequest(
  ctx: PassContext,
  batch: WriteBatch,
  participant: ParticipantRow,
  open: Map<string, OpenAction[]>,
  directory: Awaited<ReturnType<typeof requesterDirectory>>
): void {
  {
    const list = open.get(participant.Id) ?? [];
    const snapshot = snapshotOf(ctx, participant, list);
    const requested = participant.Requested_Status__c;
    const refusal = requestRefusal(directory, {
      requesterId: participant.LastModifiedById,
      ownerId: participant.OwnerId
    });
    if (refusal) {
      batch.update('Sequence_Participant__c', participant.Id, {
        Requested_Status__c: null,
        Last_Error__c: truncate255(`Request ${requested} refused: ${refusal}`)
      });
      ctx.log.info({ participant: participant.Id, requested, refusal }, 'participant request refused');
      return;
    }
    const result =
      requested === 'Paused'
        ? pauseParticipant(snapshot, ctx.now)
        : requested === 'Active'
          ? resumeParticipant(snapshot, ctx.now)
          : requested === 'Exited'
            ? exitParticipant(snapshot, ctx.now, { type: 'Manual', reason: 'Exited by a rep' })
            : null;
    const clear = { Requested_Status__c: null };
    if (!result) {
      batch.update('Sequence_Participant__c', participant.Id, clear);
      return;
    }
    const error = applyPlan(ctx, batch, result, list, participant);
    batch.update(
      'Sequence_Participant__c',
      participant.Id,
      error ? { ...clear, Exit_Reason__c: null } : clear
    );
    if (error)
      ctx.log.info(
        { participant: participant.Id, requested, error: error.message },
        'participant request refused'
      );
    else ctx.stats.requestsApplied++;
  }
}

/** Participant actions with a pending rep request (other than Send). */
export function readActionRequests(ctx: PassContext): Promise<ParticipantActionRecord[]> {
  return ctx.api.query<ParticipantActionRecord>(
    `SELECT ${paSelectWith(ctx.catalog.personSelect('Participant__r.'))} FROM Participant_Action__c WHERE Requested_Outcome__c IN ${soqlList(LIFECYCLE_REQUESTED_OUTCOMES)} LIMIT ${ctx.settings.batchSize}`
  );
}

/** Complete / skip / defer / reschedule requests on participant actions. */
export async function applyActionRequests(
  ctx: PassContext,
  read: Promise<ParticipantActionRecord[]> = readActionRequests(ctx)
): Promise<void> {
  const fresh = (await read).filter((r) => !isStale(ctx, r.Id, r.Participant__c));
  if (fresh.length === 0) return;
  // A request its writer may not make is cleared with the reason, never carried out.
  const rows = await refuseUnauthorizedRequests(ctx, fresh);
  if (rows.length === 0) return;
  const open = await loadOpenActions(
    ctx,
    rows.map((r) => r.Participant__c)
  );
  // Completing an action performs it: its field updates run (docs/architecture.md §5); skipping does not.
  const performed = rows
    .filter((r) => r.Requested_Outcome__c === 'Complete' && r.Status__c !== 'Completed')
    .flatMap((pa) => {
      const person = personOf(pa.Participant__r);
      const action = pa.Sequence_Action__c ? ctx.catalog.actions.get(pa.Sequence_Action__c) : undefined;
      return person && person.record
        ? [{ pa, action, person: { object: person.object, id: person.id, record: person.record } }]
        : [];
    });
  const fieldFailures = await applyFieldUpdates(ctx, performed);
  const batch = new WriteBatch(ctx.touched);
  for (const pa of rows)
    batch.unit(() => applyActionRequest(ctx, batch, pa, open, fieldFailures.get(pa.Id)), {
      type: 'Participant_Action__c',
      id: pa.Id,
      field: 'Requested_Outcome__c',
      equals: pa.Requested_Outcome__c ?? null
    });
  await batch.flush(ctx.api);
}

function applyActionRequest(
  ctx: PassContext,
  batch: WriteBatch,
  pa: ParticipantActionRecord,
  open: Map<string, OpenAction[]>,
  fieldError: string | undefined
): void {
  {
    const participant = pa.Participant__r;
    if (!participant) {
      batch.update('Participant_Action__c', pa.Id, CLEAR_ACTION_REQUEST);
      return;
    }
    const list = open.get(participant.Id) ?? [];
    const result = applyRequestedOutcome(
      snapshotOf(ctx, participant, list),
      {
        actionId: pa.Id,
        outcome: pa.Requested_Outcome__c as 'Complete' | 'Skip' | 'Defer' | 'Reschedule',
        until: parseSfDate(pa.Requested_Until__c),
        note: pa.Requested_Note__c ?? null
      },
      clickedAt(ctx, pa)
    );
    const error = applyPlan(ctx, batch, result, list, participant, {
      actionId: pa.Id,
      fields: {
        ...CLEAR_ACTION_REQUEST,
        ...(fieldError ? { Last_Error__c: truncate255(`Field update failed: ${fieldError}`) } : {})
      }
    });
    if (error) {
      batch.update('Participant_Action__c', pa.Id, {
        Last_Error__c: truncate255(`Request ${pa.Requested_Outcome__c} refused: ${error.message}`)
      });
      return;
    }
    if (pa.Requested_Outcome__c === 'Reschedule') ctx.stats.rescheduled++;
    ctx.stats.requestsApplied++;
    // The Task of a Task action closes with it, so the rep's list stays true.
    if (pa.Task_Id__c && (pa.Requested_Outcome__c === 'Complete' || pa.Requested_Outcome__c === 'Skip')) {
      batch.update('Task', pa.Task_Id__c, { Status: 'Completed' });
    }
  }
}

/**
 * When the rep acted: `Requested_At__c` (written by the component with the request), so Completed_At__c
 * and the next step's date follow the rep's click, not the pass that applied it. A missing or future
 * time (a skewed browser clock) falls back to the pass's now.
 */
function clickedAt(ctx: PassContext, pa: ParticipantActionRecord): Date {
  const at = parseSfDate(pa.Requested_At__c);
  return at && at.getTime() <= ctx.now.getTime() ? at : ctx.now;
}
