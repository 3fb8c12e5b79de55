/**
 * One pass of the companion (DESIGN.md §6), stage by stage. A stage that fails (after its own
 * retries) is logged and counted; the next stages still run, so one broken piece of configuration
 * or one bad record never stops the rest. Limit and auth failures stop the pass.
 */
import { ApiLimitError } from '../api';
import { FatalError } from '../errors';
import { admitQueued } from './admit';
import type { PassContext, PassStats } from './context';
import { makeActionsDue } from './due';
import { executeDueWork } from './execute';
import { applyExits } from './exits';
import { applyLiveEdits } from './live-edits';
import { reconcileExpiredAttempts } from './reconcile';
import { applyActionRequests, applyParticipantRequests } from './requests';
import { completeClosedTasks } from './tasks';

export interface Stage {
  name: string;
  /** Essential stages run even when the API budget is above 95 % (sends and their outcomes). */
  essential: boolean;
  run(ctx: PassContext): Promise<unknown>;
}

/** The stages in order. Requests and exits come first so nothing is sent to someone who just left. */
export const STAGES: Stage[] = [
  { name: 'participant-requests', essential: false, run: applyParticipantRequests },
  { name: 'exits', essential: false, run: applyExits },
  { name: 'live-edits', essential: false, run: applyLiveEdits },
  { name: 'admit', essential: false, run: admitQueued },
  { name: 'action-requests', essential: false, run: applyActionRequests },
  { name: 'closed-tasks', essential: false, run: completeClosedTasks },
  { name: 'make-due', essential: true, run: makeActionsDue },
  { name: 'reconcile', essential: true, run: reconcileExpiredAttempts },
  { name: 'execute', essential: true, run: executeDueWork }
];

export interface PassResult {
  stats: PassStats;
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
  for (const stage of stages) {
    if (ctx.signal.aborted) break;
    // Re-read before every stage: the budget reading moves with each response.
    if (!stage.essential && (ctx.essentialOnly || ctx.api.budgetLevel() === 'essential')) continue;
    const stageStarted = Date.now();
    try {
      const result = await stage.run(ctx);
      ctx.log.debug({ stage: stage.name, ms: Date.now() - stageStarted }, 'stage done');
      if (stage.name === 'execute' && typeof result === 'number') moreWork = result >= ctx.settings.batchSize;
    } catch (error) {
      if (error instanceof ApiLimitError || error instanceof FatalError) throw error;
      ctx.stats.stageErrors++;
      ctx.log.error({ stage: stage.name, err: error }, `stage ${stage.name} failed; continuing with the next stage`);
    }
  }
  return { stats: ctx.stats, moreWork, apiCalls: ctx.api.calls - callsBefore, durationMs: Date.now() - started };
}

/** The one-line summary of a pass (only counters that moved). */
export function summarizePass(result: PassResult): string {
  const s = result.stats;
  const parts: string[] = [];
  const add = (n: number, label: string): void => {
    if (n) parts.push(`${n} ${label}`);
  };
  add(s.admitted, 'admitted');
  add(s.madeDue, 'due');
  add(s.emailsSent, 'emails sent');
  add(s.smsSent, 'SMS sent');
  add(s.tasksCreated, 'tasks created');
  add(s.completed, 'completed');
  add(s.skipped, 'skipped');
  add(s.deferred, 'deferred');
  add(s.rescheduled, 'rescheduled');
  add(s.failed, 'failed');
  add(s.held, 'held');
  add(s.waiting, 'waiting on criteria');
  add(s.retried, 'to retry');
  add(s.reconciled, 'reconciled');
  add(s.exited, 'exited');
  add(s.participantsCompleted, 'participants finished');
  add(s.requestsApplied, 'rep requests');
  add(s.fieldUpdates, 'field updates');
  add(s.stageErrors, 'stage errors');
  return `pass: ${parts.length ? parts.join(', ') : 'nothing to do'} (${result.apiCalls} API calls, ${result.durationMs} ms)`;
}
