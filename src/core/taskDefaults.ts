/**
 * The Salesforce Task a Task action creates: subject, priority and due date, with defaults.
 */
import type { TaskPriority } from './constants';
import { fail, ok, type Result } from './result';
import { isValidTimeZone, toLocal } from './timing/zone';

/** The `Sequence_Action__c` fields a Task is built from. */
export interface TaskActionFields {
  /** The action's name. */
  Name?: string | null;
  Task_Subject__c?: string | null;
  Task_Priority__c?: TaskPriority | null;
}

/** Task fields to write (`Task.Subject`, `Task.Priority`, `Task.ActivityDate`). */
export interface TaskFields {
  Subject: string;
  Priority: TaskPriority;
  /** `YYYY-MM-DD`: the owner's local date of the participant action's due time. */
  ActivityDate: string;
}

/** Task.Subject is 255 characters. */
const SUBJECT_LENGTH = 255;

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * Builds the Task for a Task action. The subject is `Task_Subject__c`, or, when blank, the action name
 * followed by the creation time in the owner's zone (`yyyy-MM-dd HH:mm`); priority defaults to Normal;
 * the due date is the owner's local date of the action's due time.
 *
 * @example
 * taskDefaults({ Name: 'Follow-up call' }, { ownerTimeZone: 'Asia/Kolkata', dueAt: new Date('2026-12-01T20:00:00Z'),
 *   now: new Date('2026-12-01T09:15:00Z') })
 * //=> { ok: true, value: { Subject: 'Follow-up call 2026-12-01 14:45', Priority: 'Normal', ActivityDate: '2026-12-02' } }
 */
export function taskDefaults(
  action: TaskActionFields,
  context: { ownerTimeZone: string; dueAt: Date; now: Date }
): Result<TaskFields> {
  if (!isValidTimeZone(context.ownerTimeZone))
    return fail(
      'INVALID_TIME_ZONE',
      `ownerTimeZone: unknown time zone ${JSON.stringify(context.ownerTimeZone)}`,
      'TimeZoneSidKey'
    );
  const due = toLocal(context.ownerTimeZone, context.dueAt.getTime());
  const ActivityDate = `${due.year}-${pad(due.month)}-${pad(due.day)}`;
  const Priority = action.Task_Priority__c ?? 'Normal';
  const explicit = action.Task_Subject__c?.trim();
  if (explicit) return ok({ Subject: explicit.slice(0, SUBJECT_LENGTH), Priority, ActivityDate });
  const created = toLocal(context.ownerTimeZone, context.now.getTime());
  const stamp = `${created.year}-${pad(created.month)}-${pad(created.day)} ${pad(created.hour)}:${pad(created.minute)}`;
  const name = action.Name?.trim() || 'Task';
  const Subject = `${name.slice(0, SUBJECT_LENGTH - stamp.length - 1)} ${stamp}`;
  return ok({ Subject, Priority, ActivityDate });
}
