/** CampaignMember: shows its person's (the Contact's, else the Lead's) FirstName, LastName and Email. */
import type { Row } from '../records';
import type { ObjectBehaviour } from './behaviour';

export const campaignMember: ObjectBehaviour = {
  derivedFrom: ['LeadId', 'ContactId'],
  derive(row, changed, _now, prepare) {
    if (!changed.has('LeadId') && !changed.has('ContactId')) return;
    const personId = (row.ContactId ?? row.LeadId) as string | null;
    const table = personId?.startsWith('003') ? 'Contact' : 'Lead';
    const person = personId
      ? (prepare(`SELECT "FirstName", "LastName", "Email" FROM "${table}" WHERE "Id" = ?`).get(personId) as
          Row | undefined)
      : undefined;
    row.FirstName = person?.FirstName ?? null;
    row.LastName = person?.LastName ?? null;
    row.Email = person?.Email ?? null;
  }
};
