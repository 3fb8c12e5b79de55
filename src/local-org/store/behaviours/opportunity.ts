/** Opportunity: IsClosed and IsWon follow StageName (the "Closed …" stages; "Closed Won"). */
import type { ObjectBehaviour } from './behaviour';

export const opportunity: ObjectBehaviour = {
  derivedFrom: ['StageName'],
  derive(row, changed) {
    if (!changed.has('StageName')) return;
    row.IsClosed = String(row.StageName).startsWith('Closed') ? 1 : 0;
    row.IsWon = row.StageName === 'Closed Won' ? 1 : 0;
  }
};
