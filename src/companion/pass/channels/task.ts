/**
 * The Task channel: creates the Tasks of due Task actions in one batch. Each Task's description
 * carries the attempt key, so reconciliation finds a Task whose creation outcome was lost.
 */
import { ApiRequestError } from '../../api';
import type { Lease } from '../claim';
import type { PassContext } from '../context';
import type { Outcome } from '../outcomes';
import type { PreparedTask } from '../prepare';

export async function createTasks(
  ctx: PassContext,
  tasks: Array<PreparedTask & { key: string }>,
  lease: Lease,
  outcomes: Map<string, Outcome>
): Promise<void> {
  if (tasks.length === 0) return;
  if (!lease.holds()) {
    for (const c of tasks)
      outcomes.set(c.key, { status: 'released', why: 'lease ran out before the send (fenced)' });
    return;
  }
  let results;
  try {
    results = await ctx.api.createMany(
      'Task',
      tasks.map((c) => ({
        Subject: c.task.subject,
        WhoId: c.person.id,
        OwnerId: c.task.ownerId ?? undefined,
        Priority: c.task.priority,
        Status: 'Not Started',
        ActivityDate: c.task.activityDate,
        Description: `Stride ${c.action?.Name ?? 'action'} [stride:${c.key}]`
      })),
      { ambiguousRetry: false }
    );
  } catch (error) {
    const classified =
      error instanceof ApiRequestError
        ? error.classified
        : { kind: 'retryable' as const, code: 'UNKNOWN', message: String(error) };
    for (const c of tasks) outcomes.set(c.key, { status: 'unknown', error: classified });
    return;
  }
  results.forEach((result, i) => {
    const c = tasks[i];
    if (result.ok) outcomes.set(c.key, { status: 'sent', taskId: result.id });
    else if (result.error.kind === 'retryable') outcomes.set(c.key, { status: 'retry', error: result.error });
    else outcomes.set(c.key, { status: 'failed', error: result.error, reason: 'SEND_FAILED' });
  });
}
