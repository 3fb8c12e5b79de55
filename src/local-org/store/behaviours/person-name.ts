/** Lead, Contact and User: `Name` is derived from FirstName and LastName, not written. */
import type { ObjectBehaviour } from './behaviour';

export const personName: ObjectBehaviour = {
  derivedFrom: ['FirstName', 'LastName'],
  derive(row, changed) {
    if (!changed.has('FirstName') && !changed.has('LastName')) return;
    row.Name = [row.FirstName, row.LastName]
      .filter((v) => v !== null && v !== undefined && v !== '')
      .join(' ');
  }
};
