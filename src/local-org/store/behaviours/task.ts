/**
 * Task: `Status` must be a TaskStatus record's value (the default one when none is given); IsClosed
 * and CompletedDateTime follow the status, IsHighPriority the priority, and AccountId the What (an
 * Account) or the Who (a Contact's account).
 */
import type { Row } from '../records';
import type { ObjectBehaviour, Prepare } from './behaviour';

/** Task Status values from TaskStatus rows: value → whether it closes the task, whether it is the default. */
function taskStatuses(prepare: Prepare): Map<string, { closed: boolean; isDefault: boolean }> {
  const rows = prepare(
    'SELECT "ApiName", "IsClosed", "IsDefault" FROM "TaskStatus" WHERE "IsDeleted" = 0'
  ).all() as {
    ApiName: string;
    IsClosed: number;
    IsDefault: number;
  }[];
  return new Map(rows.map((r) => [r.ApiName, { closed: r.IsClosed === 1, isDefault: r.IsDefault === 1 }]));
}

/** Task.AccountId: the What when it is an Account, else the Who contact's account. */
function taskAccount(row: Row, prepare: Prepare): string | null {
  const what = row.WhatId === null || row.WhatId === undefined ? '' : String(row.WhatId);
  if (what.startsWith('001')) return what;
  const who = row.WhoId === null || row.WhoId === undefined ? '' : String(row.WhoId);
  if (!who.startsWith('003')) return null;
  const contact = prepare('SELECT "AccountId" FROM "Contact" WHERE "Id" = ?').get(who) as
    { AccountId: string | null } | undefined;
  return contact?.AccountId ?? null;
}

export const task: ObjectBehaviour = {
  derivedFrom: ['Status', 'Priority', 'WhatId', 'WhoId'],
  allowedValues(field, prepare) {
    return field.name === 'Status' ? new Set(taskStatuses(prepare).keys()) : undefined;
  },
  fillDefaults(row, prepare) {
    if (row.Status !== null && row.Status !== undefined) return;
    const defaultStatus = [...taskStatuses(prepare)].find(([, s]) => s.isDefault)?.[0];
    if (defaultStatus) row.Status = defaultStatus;
  },
  derive(row, changed, now, prepare) {
    if (changed.has('Status')) {
      const status = taskStatuses(prepare).get(String(row.Status));
      const closed = status?.closed ? 1 : 0;
      if (closed && row.IsClosed !== 1) row.CompletedDateTime = now;
      if (!closed) row.CompletedDateTime = null;
      row.IsClosed = closed;
    }
    if (changed.has('Priority')) row.IsHighPriority = row.Priority === 'High' ? 1 : 0;
    if (changed.has('WhatId') || changed.has('WhoId')) row.AccountId = taskAccount(row, prepare);
  }
};
