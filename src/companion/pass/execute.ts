/**
 * The claim-and-execute stage: due automatic work — emails, SMS, Tasks — and the sends reps
 * requested from the composers. The protocol (docs/architecture.md, "Claims"):
 *
 * 1. read the due work nobody holds (`claim.ts`), take one slice of it;
 * 2. send-time checks (`prepare.ts`) and limits (`send-limits.ts`) divert what must not go now;
 * 3. claim: one `Action_Attempt__c` per action, unique key — the insert that wins is the claim;
 * 4. send per channel (`channels/`), renewing the lease meanwhile and fencing every provider call
 *    on it (a worker whose lease ran out sends nothing more);
 * 5. record each outcome atomically with the lifecycle change it causes (`outcomes.ts`).
 */
import type { ParticipantActionRecord } from '../model';
import { loadOpenActions, type OpenAction } from './advance';
import { claim, Lease, monotonicMs, readDueWork, readWindow, SLICES_PER_READ, type Claimed } from './claim';
import { createTasks } from './channels/task';
import { assignSenders, sendEmails } from './channels/email';
import { sendSms } from './channels/sms';
import type { PassContext } from './context';
import { recordDiversions, recordOutcomes, repairStaleAttempts, type Outcome } from './outcomes';
import { prepare, type Diversion, type Prepared } from './prepare';
import { refuseUnauthorizedRequests } from './requesters';
import { applySendLimits } from './send-limits';
import { WriteBatch } from './writes';

export { dueWorkSoql, readDueWork } from './claim';
export { conversationKey, upsertConversations } from './outcomes';
export { emailsLogged, type LoggedEmail } from './channels/email';

type Diverted = Array<{ pa: ParticipantActionRecord; diversion: Diversion }>;

/**
 * Runs the stage; returns whether more due work is waiting (a full read or a slice left for later:
 * the next pass starts at once).
 */
export async function executeDueWork(
  ctx: PassContext,
  read: Promise<ParticipantActionRecord[]> = readDueWork(ctx)
): Promise<number> {
  const window = readWindow(ctx.settings.batchSize);
  // A rep's Send is carried out only when its writer may act on the action (requesters.ts).
  let rows = await refuseUnauthorizedRequests(ctx, await read);
  let slice = ctx.sliceChoice.pick(rows, ctx.settings.batchSize);
  for (let tries = 1; slice.length > 0; tries++) {
    const { won, lost, reread } = await executeSlice(ctx, slice, tries < SLICES_PER_READ);
    ctx.sliceChoice.tried({ lostRows: lost > 0 });
    if (won > 0 || lost === 0 || tries === SLICES_PER_READ) break;
    // Another worker claimed this slice first, and may hold the read's other slices by now (or have
    // sent one already, its rows then looking stale). A new read leaves out every live claim.
    rows = await refuseUnauthorizedRequests(ctx, await (reread ?? readDueWork(ctx)));
    slice = ctx.sliceChoice.pickAgain(rows, ctx.settings.batchSize);
  }
  return rows.length > ctx.settings.batchSize || rows.length >= window ? ctx.settings.batchSize : rows.length;
}

/**
 * Claims, sends and records one slice; returns how many actions it won and lost to other workers,
 * and, with `readAgainIfLost`, the due work read again when it won none (`claim`).
 */
async function executeSlice(
  ctx: PassContext,
  rows: ParticipantActionRecord[],
  readAgainIfLost: boolean
): Promise<{ won: number; lost: number; reread: Promise<ParticipantActionRecord[]> | null }> {
  const prepared: Prepared[] = [];
  const diverted: Diverted = [];
  for (const pa of rows) {
    const result = prepare(ctx, pa);
    if (result.ok) prepared.push(result.value);
    else diverted.push({ pa, diversion: result.diversion });
  }
  // Outcomes that end or advance a participant need its open actions. Read now, in the same Composite
  // request as the send-time checks' reads, and used after the sends: the claim leaves the rows of
  // other workers' participants aside, and nothing of this worker writes them in between.
  const openRead = loadOpenActions(
    ctx,
    rows.map((pa) => pa.Participant__c)
  );
  openRead.catch(() => undefined); // awaited below, after the claim
  // Who each email goes out as (the owner's session, the org-wide address) is settled before the claim.
  const ready = await assignSenders(ctx, await applySendLimits(ctx, prepared, diverted), diverted);
  const claimStartedMono = monotonicMs();
  const { won, lost, stale, marker, reread } = await claim(ctx, ready, readAgainIfLost);
  const slice = { won: won.length, lost, reread };
  if (won.length === 0 && lost > 0 && diverted.length === 0 && stale.length === 0) return slice;

  const lease = new Lease(
    ctx,
    won.map((c) => c.attemptId),
    claimStartedMono,
    marker
  );
  lease.start();
  let outcomes: Map<string, Outcome>;
  let open: Map<string, OpenAction[]>;
  try {
    [outcomes, open] = await Promise.all([send(ctx, won, lease), openRead]);
  } finally {
    await lease.stop();
  }
  const batch = new WriteBatch(ctx.touched);
  await recordOutcomes(ctx, batch, won, outcomes, open);
  recordDiversions(ctx, batch, diverted, open);
  repairStaleAttempts(ctx, batch, stale, open);
  const failures = await batch.flush(ctx.api);
  for (const failure of failures) {
    ctx.log.warn(
      { type: failure.type, id: failure.record.Id, error: (failure.outcome as { error: unknown }).error },
      'write failed'
    );
  }
  return slice;
}

/** Sends what was claimed, each channel fenced on the lease. */
async function send(ctx: PassContext, claimed: Claimed[], lease: Lease): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  await Promise.all([
    sendEmails(
      ctx,
      claimed.filter((c) => c.kind === 'email'),
      lease,
      outcomes
    ),
    sendSms(
      ctx,
      claimed.filter((c) => c.kind === 'sms'),
      lease,
      outcomes
    ),
    createTasks(
      ctx,
      claimed.filter((c) => c.kind === 'task'),
      lease,
      outcomes
    )
  ]);
  return outcomes;
}
