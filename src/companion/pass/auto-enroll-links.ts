/**
 * Who an automatic Opportunity or Campaign sequence may take from this pass's changes: the contact
 * roles of new and changed opportunities and the new contact roles (only those with the sequence's
 * `Contact_Role__c`, when set), and the new campaign members (Leads and Contacts). Each comes with
 * the opportunity or campaign it came through, which the entry criteria read
 * (`Opportunity.StageName`, `Campaign.Status`) and the participant carries (`Opportunity__c` /
 * `Campaign__c`). Contact roles and members of changed parents are read with `stride enroll`'s
 * `readContextLinks`.
 */
import { chunk, soqlIdList } from '../api';
import { readContextLinks, type ContextLink } from '../enroll';
import type { PassContext } from './context';
import {
  automaticSequences,
  meetsEntryCriteria,
  type Candidate,
  type PersonObject,
  type Row
} from './auto-enroll-rules';

const IDS_PER_QUERY = 300;
const key = (id: string | null | undefined): string => (id ?? '').slice(0, 15);

/** The records of `object` with these ids (300 a query, the queries sent together). */
async function recordsById(
  ctx: PassContext,
  object: string,
  fields: string[],
  ids: string[],
  extra = ''
): Promise<Map<string, Row>> {
  const unique = [...new Set(ids)];
  const parts = await Promise.all(
    chunk(unique, IDS_PER_QUERY).map((part) =>
      ctx.api.query<Row>(
        `SELECT ${[...new Set(['Id', ...fields])].join(', ')} FROM ${object} WHERE Id IN ${soqlIdList(part)}${extra}`
      )
    )
  );
  return new Map(parts.flat().map((row) => [key(row.Id), row]));
}

/**
 * The candidates of the automatic Opportunity and Campaign sequences: `changed` holds the rows the
 * stage read of Opportunity (the context fields), OpportunityContactRole and CampaignMember.
 */
export async function contextCandidates(
  ctx: PassContext,
  changed: Partial<Record<'Opportunity' | 'OpportunityContactRole' | 'CampaignMember', Row[]>>
): Promise<Candidate[]> {
  const opportunitySequences = automaticSequences(ctx, 'Opportunity');
  const campaignSequences = automaticSequences(ctx, 'Campaign');
  const changedOpportunities = opportunitySequences.length ? (changed.Opportunity ?? []) : [];
  const newRoles = (
    opportunitySequences.length ? (changed.OpportunityContactRole ?? []) : []
  ) as ContextLink[];
  const members = (campaignSequences.length ? (changed.CampaignMember ?? []) : []) as ContextLink[];
  if (changedOpportunities.length + newRoles.length + members.length === 0) return [];

  // The contact roles of changed opportunities, and the parents of new roles and members.
  const opportunities = new Map(changedOpportunities.map((o) => [key(o.Id), o]));
  const [rolesOfChanged, roleParents, campaigns] = await Promise.all([
    changedOpportunities.length
      ? readContextLinks(
          ctx.api,
          'Opportunity',
          changedOpportunities.map((o) => o.Id)
        )
      : Promise.resolve([] as ContextLink[]),
    recordsById(
      ctx,
      'Opportunity',
      ctx.catalog.contextFields.Opportunity,
      newRoles.map((r) => r.OpportunityId!).filter((id) => !opportunities.has(key(id)))
    ),
    recordsById(
      ctx,
      'Campaign',
      ctx.catalog.contextFields.Campaign,
      members.map((m) => m.CampaignId!)
    )
  ]);
  for (const [id, row] of roleParents) opportunities.set(id, row);
  const roles = [...new Map([...rolesOfChanged, ...newRoles].map((r) => [key(r.Id), r])).values()];

  // The people, with the fields rules read.
  const contactIds = [...roles, ...members].map((l) => l.ContactId).filter((id): id is string => !!id);
  const leadIds = members.map((m) => m.LeadId).filter((id): id is string => !!id);
  const fieldsOf = (object: PersonObject) => ['OwnerId', ...ctx.catalog.personFields[object]];
  const [contacts, leads] = await Promise.all([
    recordsById(ctx, 'Contact', fieldsOf('Contact'), contactIds),
    recordsById(ctx, 'Lead', fieldsOf('Lead'), leadIds, ' AND IsConverted = false')
  ]);

  const candidates: Candidate[] = [];
  for (const role of roles) {
    const person = contacts.get(key(role.ContactId));
    const opportunity = opportunities.get(key(role.OpportunityId));
    if (!person || !opportunity) continue;
    const options = opportunitySequences
      .filter((s) => !s.Contact_Role__c || s.Contact_Role__c === role.Role)
      .filter((s) => meetsEntryCriteria(ctx, s, 'Contact', person, opportunity))
      .map((sequence) => ({ sequence, opportunityId: opportunity.Id }));
    candidates.push({ object: 'Contact', row: person, options });
  }
  for (const member of members) {
    const object: PersonObject = member.LeadId ? 'Lead' : 'Contact';
    const person = (object === 'Lead' ? leads : contacts).get(key(member.LeadId ?? member.ContactId));
    const campaign = campaigns.get(key(member.CampaignId));
    if (!person || !campaign) continue;
    const options = campaignSequences
      .filter((s) => meetsEntryCriteria(ctx, s, object, person, campaign))
      .map((sequence) => ({ sequence, campaignId: campaign.Id }));
    candidates.push({ object, row: person, options });
  }
  return candidates;
}
