/**
 * One pass of the companion (docs/architecture.md §6), stage by stage. A stage that fails (after its own
 * retries) is logged and counted; the next stages still run, so one broken piece of configuration
 * or one bad record never stops the rest. Limit and auth failures stop the pass.
 */
import { ApiLimitError } from '../api';
import { FatalError } from '../errors';
import { admitQueued, readQueued } from './admit';
import { autoEnroll, readChangedPeople } from './auto-enroll';
import { refreshStepAnalytics } from './analytics';
import { applyAbsences, readAwayPeriods } from './away';
import type { PassContext, PassStats } from './context';
import { makeActionsDue, readDueCandidates } from './due';
import { readConversationChanges, syncConversations } from './conversations';
import { executeDueWork, readDueWork } from './execute';
import { applyExits, readExits } from './exits';
import { applyLiveEdits, readLiveEdits } from './live-edits';
import { readExpiredAttempts, reconcileExpiredAttempts } from './reconcile';
import {
  applyActionRequests,
  applyParticipantRequests,
  readActionRequests,
  readParticipantRequests
} from './requests';
import { recordSequenceProblems } from './sequence-checks';
import { completeClosedTasks, readTaskActions } from './tasks';
import { publishTemplatePreviews, readPreviewCandidates } from './template-previews';

export interface Stage {
  name: string;
  /** Essential stages run even when the API budget is above 95 % (sends and their outcomes). */
  essential: boolean;
  /**
   * The stage's read, started for every stage at once when the pass begins (one round trip of
   * latency instead of one per stage). A stage skips rows whose records an earlier stage of the
   * same pass changed (`ctx.touched`); they are picked up by the next pass.
   */
  read?(ctx: PassContext): Promise<unknown>;
  /**
   * A read that must see what the earlier stages of the pass wrote (make-due must see a step that
   * admission just made current). It is started with the other reads all the same, and handed to
   * the stage only if no write went out before the stage runs (`api.writeRequests` did not move,
   * apart from the writes of the stages in `prefetchIgnores`); otherwise the stage reads afresh.
   * On a pass whose earlier stages had nothing to write, that saves a round trip and an API call
   * per prefetching stage.
   */
  prefetch?(ctx: PassContext): Promise<unknown>;
  /** Stages whose writes cannot change what `prefetch` reads (their rows are skipped via `ctx.touched`). */
  prefetchIgnores?: readonly string[];
  run(ctx: PassContext, read?: Promise<unknown>): Promise<unknown>;
}

function stage<T>(
  name: string,
  essential: boolean,
  read: (ctx: PassContext) => Promise<T>,
  run: (ctx: PassContext, read: Promise<T>) => Promise<unknown>
): Stage {
  return {
    name,
    essential,
    read,
    run: (ctx, pending) => run(ctx, (pending as Promise<T> | undefined) ?? read(ctx))
  };
}

/** A stage whose read is a prefetch (see `Stage.prefetch`): used only if nothing was written before it. */
export function freshStage<T>(
  name: string,
  essential: boolean,
  prefetch: (ctx: PassContext) => Promise<T>,
  run: (ctx: PassContext, read?: Promise<T>) => Promise<unknown>,
  prefetchIgnores: readonly string[] = []
): Stage {
  return {
    name,
    essential,
    prefetch,
    prefetchIgnores,
    run: (ctx, pending) => run(ctx, pending as Promise<T> | undefined)
  };
}

/**
 * The stages in order. Requests and exits come first so nothing is sent to someone who just left;
 * make-due and execute read fresh, so an email made due in this pass is sent in this pass.
 */
export const STAGES: Stage[] = [
  // Configuration problems first: a broken sequence is recorded, then left out of admission.
  { name: 'sequence-checks', essential: false, run: recordSequenceProblems },
  stage('participant-requests', false, readParticipantRequests, applyParticipantRequests),
  stage('exits', false, readExits, applyExits),
  stage('conversations', false, readConversationChanges, syncConversations),
  stage('live-edits', false, readLiveEdits, applyLiveEdits),
  // New and changed people who meet an automatic sequence's entry criteria join it (Queued).
  stage('auto-enroll', false, readChangedPeople, autoEnroll),
  stage('admit', false, readQueued, admitQueued),
  stage('action-requests', false, readActionRequests, applyActionRequests),
  stage('closed-tasks', false, readTaskActions, completeClosedTasks),
  stage('away', false, readAwayPeriods, applyAbsences),
  // Read fresh, after admission and requests, so a step that just became current goes out in this pass.
  freshStage('make-due', true, readDueCandidates, makeActionsDue),
  stage('reconcile', true, readExpiredAttempts, reconcileExpiredAttempts),
  freshStage('execute', true, readDueWork, executeDueWork),
  // The composer previews a Salesforce email template through what this stage renders; read fresh,
  // so an email made due in this pass has its preview in this pass. What execute and reconcile
  // write (automatic work, reps' sends) is no preview candidate, or is skipped as touched.
  freshStage('template-previews', false, readPreviewCandidates, publishTemplatePreviews, [
    'reconcile',
    'execute'
  ]),
  { name: 'analytics', essential: false, run: refreshStepAnalytics }
];

export interface PassResult {
  stats: PassStats;
  /** What ran the pass (set by the companion). */
  kind?: string;
  /** The execute stage read a full batch: there is more due work, run again without waiting. */
  moreWork: boolean;
  apiCalls: number;
  durationMs: number;
}

export async function runPass(ctx: PassContext, stages: Stage[] = STAGES): Promise<PassResult> {
  const started = Date.now();
  const callsBefore = ctx.api.calls;
  await ctx.catalog.refresh();
  let moreWork = false;
  const skip = (s: Stage): boolean =>
    !s.essential && (ctx.essentialOnly || ctx.api.budgetLevel() === 'essential');
  const reads = new Map<Stage, Promise<unknown>>();
  const prefetched = new Map<Stage, Promise<unknown>>();
  for (const s of stages) {
    const start = s.read ?? s.prefetch;
    if (!start || skip(s)) continue;
    const pending = start(ctx);
    pending.catch(() => undefined); // awaited (and reported) by the stage itself
    (s.read ? reads : prefetched).set(s, pending);
  }
  // Writes sent since the prefetches started, by stage (and outside any stage): they decide whether
  // a prefetch is still as fresh as a new read.
  const writesBy = new Map<string, number>();
  let outside = 0;
  let writes = ctx.api.writeRequests;
  const stillFresh = (stage: Stage): boolean => {
    let since = outside;
    for (const [name, n] of writesBy) if (!stage.prefetchIgnores?.includes(name)) since += n;
    return since === 0;
  };
  for (const stage of stages) {
    if (ctx.signal.aborted) break;
    // Re-checked before every stage: the budget reading moves with each response.
    if (skip(stage)) continue;
    const stageStarted = Date.now();
    outside += ctx.api.writeRequests - writes;
    writes = ctx.api.writeRequests;
    const read = reads.get(stage) ?? (stillFresh(stage) ? prefetched.get(stage) : undefined);
    try {
      const result = await stage.run(ctx, read).finally(() => {
        writesBy.set(stage.name, (writesBy.get(stage.name) ?? 0) + ctx.api.writeRequests - writes);
        writes = ctx.api.writeRequests;
      });
      ctx.log.debug({ stage: stage.name, ms: Date.now() - stageStarted }, 'stage done');
      if (stage.name === 'execute' && typeof result === 'number') moreWork = result >= ctx.settings.batchSize;
    } catch (error) {
      if (error instanceof ApiLimitError || error instanceof FatalError) throw error;
      ctx.stats.stageErrors++;
      ctx.log.error(
        { stage: stage.name, err: error },
        `stage ${stage.name} failed; continuing with the next stage`
      );
    }
  }
  // A stage that read a full batch (automatic enrollment) has more: the next pass starts at once.
  if (ctx.followUp?.size) moreWork = true;
  return {
    stats: ctx.stats,
    moreWork,
    apiCalls: ctx.api.calls - callsBefore,
    durationMs: Date.now() - started
  };
}

/** The one-line summary of a pass (only counters that moved). */
export function summarizePass(result: PassResult): string {
  const s = result.stats;
  const parts: string[] = [];
  const add = (n: number, label: string): void => {
    if (n) parts.push(`${n} ${label}`);
  };
  add(s.autoEnrolled, 'enrolled automatically');
  add(s.admitted, 'admitted');
  add(s.madeDue, 'due');
  add(s.emailsSent, 'emails sent');
  add(s.smsSent, 'SMS sent');
  add(s.tasksCreated, 'tasks created');
  add(s.completed, 'completed');
  add(s.skipped, 'skipped');
  add(s.deferred, 'deferred');
  add(s.deferredByLimit, 'deferred by the org email limit');
  add(s.rescheduled, 'rescheduled');
  add(s.failed, 'failed');
  add(s.held, 'held');
  add(s.waiting, 'waiting on criteria');
  add(s.retried, 'to retry');
  add(s.reconciled, 'reconciled');
  add(s.opens, 'opens');
  add(s.replies, 'replies');
  add(s.bounces, 'bounces');
  add(s.exited, 'exited');
  add(s.participantsCompleted, 'participants finished');
  add(s.requestsApplied, 'rep requests');
  add(s.fieldUpdates, 'field updates');
  add(s.stageErrors, 'stage errors');
  return `pass: ${parts.length ? parts.join(', ') : 'nothing to do'} (${result.apiCalls} API calls, ${result.durationMs} ms)`;
}
