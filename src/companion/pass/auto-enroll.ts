/**
 * Automatic enrollment (issue 14 §1): a sequence whose `Enrollment__c` is `Automatic` enrolls every
 * new or changed Lead / Contact of its target object that meets its entry criteria, the contact
 * roles of new and changed Opportunities (or only those with its `Contact_Role__c`) for an
 * Opportunity sequence, and the new members of a campaign for a Campaign sequence — within a pass
 * of the change, not in a nightly batch.
 *
 * What runs it: a change event of Lead, Contact, Opportunity, OpportunityContactRole or
 * CampaignMember (a create, or a change of a field some rule reads), the probe's
 * `sobjects/X/updated` check (the safety net for missed events) and every full pass.
 * What it reads: the records of each of those objects changed since the last read (a keyset
 * position on `SystemModstamp, Id`, kept in the org so that it survives a restart:
 * read-positions.ts), 2,000 a pass each; entry criteria are compiled by the core once per catalog
 * load and evaluated on each row, so any criteria the core accepts work.
 * What it writes, and the rules (priority, exclusivity, caps, repeat): auto-enroll-rules.ts.
 */
import { soqlDateTime, soqlString } from '../api';
import type { PassContext } from './context';
import { contextCandidates } from './auto-enroll-links';
import {
  automaticSequences,
  enrollCandidates,
  meetsEntryCriteria,
  type Candidate,
  type Row
} from './auto-enroll-rules';
import { ReadPositions, type ChangeSource } from './read-positions';

export { automaticSequences, autoEnrollObjects } from './auto-enroll-rules';
export { LOOK_BACK_MS } from './read-positions';

/** The read positions of automatic enrollment (one per companion, across passes). */
export class AutoEnrollSync extends ReadPositions {}

/** A new sweep starts this long (real time, × clock speed) before the last one began. */
const OVERLAP_MS = 5_000;

export interface ChangedRows {
  source: ChangeSource;
  rows: Row[];
}

/** The sources this pass reads: those some active automatic sequence enrolls from. */
function sourcesOf(ctx: PassContext): ChangeSource[] {
  const sources: ChangeSource[] = [];
  if (automaticSequences(ctx, 'Lead').length) sources.push('Lead');
  if (automaticSequences(ctx, 'Contact').length) sources.push('Contact');
  if (automaticSequences(ctx, 'Opportunity').length) sources.push('Opportunity', 'OpportunityContactRole');
  if (automaticSequences(ctx, 'Campaign').length) sources.push('CampaignMember');
  return sources;
}

/** The fields read of each source's changed records (and a filter, for Leads). */
function selectOf(ctx: PassContext, source: ChangeSource): { fields: string[]; filter: string } {
  switch (source) {
    case 'Lead':
    case 'Contact':
      return {
        fields: ['Id', 'OwnerId', ...ctx.catalog.personFields[source]],
        filter: source === 'Lead' ? ' AND IsConverted = false' : ''
      };
    case 'Opportunity':
      return { fields: ['Id', ...ctx.catalog.contextFields.Opportunity], filter: '' };
    case 'OpportunityContactRole':
      return { fields: ['Id', 'OpportunityId', 'ContactId', 'Role'], filter: '' };
    case 'CampaignMember':
      return { fields: ['Id', 'CampaignId', 'LeadId', 'ContactId'], filter: '' };
  }
}

/** The records of each source changed since the last read (one query each, sent together). */
export async function readChangedPeople(ctx: PassContext): Promise<ChangedRows[]> {
  const sources = sourcesOf(ctx);
  if (sources.length === 0) return [];
  await ctx.autoEnroll.load(ctx.api, ctx.log);
  return Promise.all(
    sources.map(async (source) => {
      const sweep = ctx.autoEnroll.sweep(source, ctx.now);
      const since =
        `SystemModstamp >= ${soqlDateTime(sweep.since)}` +
        (sweep.afterId ? ` AND Id > ${soqlString(sweep.afterId)}` : '');
      const { fields, filter } = selectOf(ctx, source);
      const rows = await ctx.api.query<Row>(
        `SELECT ${[...new Set(fields)].join(', ')} FROM ${source} WHERE ${since}${filter} ORDER BY Id LIMIT ${ctx.settings.batchSize}`
      );
      return { source, rows };
    })
  );
}

/** Enrolls the changed people who meet an automatic sequence's entry criteria; returns how many. */
export async function autoEnroll(
  ctx: PassContext,
  read: Promise<ChangedRows[]> = readChangedPeople(ctx)
): Promise<number> {
  const changed = await read;
  const candidates: Candidate[] = [];
  const bySource: Partial<Record<ChangeSource, Row[]>> = {};
  for (const { source, rows } of changed) {
    bySource[source] = rows;
    if (source !== 'Lead' && source !== 'Contact') continue;
    const sequences = automaticSequences(ctx, source);
    for (const row of rows)
      candidates.push({
        object: source,
        row,
        options: sequences
          .filter((sequence) => meetsEntryCriteria(ctx, sequence, source, row))
          .map((sequence) => ({ sequence }))
      });
  }
  candidates.push(...(await contextCandidates(ctx, bySource)));
  const enrolled = await enrollCandidates(ctx, candidates);
  // Only once their enrollments are written: a pass that fails reads these rows again.
  for (const { source, rows } of changed) {
    const full = rows.length >= ctx.settings.batchSize;
    ctx.autoEnroll.advance(
      source,
      rows[rows.length - 1]?.Id ?? null,
      full,
      OVERLAP_MS * Math.max(ctx.speed, 1)
    );
    if (full) (ctx.followUp ??= new Set()).add('auto-enroll');
  }
  await ctx.autoEnroll.save(ctx.api, ctx.log);
  ctx.stats.autoEnrolled += enrolled;
  return enrolled;
}
