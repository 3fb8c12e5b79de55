/**
 * Publishes the rendered Salesforce email template of each due manual email action, so the composer
 * can preview the subject and body the participant will receive. Components have no supported way
 * to render an email template without Apex (the UI API has none; `renderEmailTemplate()` is a SOAP
 * call), so the companion renders it — the template's `{!Lead.X}` / `{!Contact.X}` /
 * `{!Recipient.X}` / `{!Sender.X}` merge fields with the core's renderer, reading only fields on the
 * field allow-list (others render blank) — and writes `Template_Preview_Subject__c` /
 * `Template_Preview_Body__c` on the participant action once. Sending still goes through
 * `emailTemplateId`, so Salesforce renders what is sent.
 */
import { resolveFieldPath } from '../../core/describe';
import { ENGAGE_ACTION_STATUSES } from '../../core/lifecycle/states';
import { fieldRefusal } from '../../core/fieldAllowList';
import { mergeFieldPaths, renderTemplate } from '../../core/templates/template';
import { chunk, soqlIdList, soqlList } from '../api';
import { truncate255 } from '../errors';
import { isStale, type PassContext } from './context';
import { WriteBatch } from './writes';

interface PreviewCandidate {
  Id: string;
  Assigned_To__c: string | null;
  Participant__r: { Lead__c: string | null; Contact__c: string | null } | null;
  Sequence_Action__r: { Email_Template_Id__c: string | null; Body__c: string | null } | null;
}

interface EmailTemplateRow {
  Id: string;
  Subject: string | null;
  HtmlValue: string | null;
  Body: string | null;
}

const key15 = (id: string) => id.slice(0, 15);

/** Template-only manual email actions on Engage (due or deferred) with no preview yet (at most 200 a pass). */
export function readPreviewCandidates(ctx: PassContext): Promise<PreviewCandidate[]> {
  return ctx.api.query<PreviewCandidate>(
    `SELECT Id, Assigned_To__c, Participant__r.Lead__c, Participant__r.Contact__c, Sequence_Action__r.Email_Template_Id__c, Sequence_Action__r.Body__c FROM Participant_Action__c ` +
      `WHERE Type__c = 'Email' AND Activation__c = 'Manual' AND Status__c IN ${soqlList(ENGAGE_ACTION_STATUSES)} AND Template_Preview_Subject__c = null AND Sequence_Action__r.Email_Template_Id__c != null ORDER BY Id LIMIT 200`
  );
}

/**
 * With `read` given (prefetched at the start of the pass: index.ts), actions an earlier stage of
 * this pass changed (a rep's Send carried out) are left to the next pass.
 */
export async function publishTemplatePreviews(
  ctx: PassContext,
  read?: Promise<PreviewCandidate[]>
): Promise<void> {
  const rows = read ? (await read).filter((pa) => !isStale(ctx, pa.Id)) : await readPreviewCandidates(ctx);
  // An action with a body of its own sends that body, not the template (prepare.ts).
  const candidates = rows.filter((pa) => !pa.Sequence_Action__r?.Body__c?.trim());
  if (candidates.length === 0) return;
  const templateIds = [...new Set(candidates.map((pa) => pa.Sequence_Action__r!.Email_Template_Id__c!))];
  const templates = new Map<string, EmailTemplateRow>();
  for (const ids of chunk(templateIds, 300))
    for (const row of await ctx.api.query<EmailTemplateRow>(
      `SELECT Id, Subject, HtmlValue, Body FROM EmailTemplate WHERE Id IN ${soqlIdList(ids)}`
    ))
      templates.set(key15(row.Id), row);

  const people = await readPeople(ctx, candidates, templates);
  const batch = new WriteBatch(ctx.touched);
  for (const pa of candidates) {
    const template = templates.get(key15(pa.Sequence_Action__r!.Email_Template_Id__c!));
    const personId = pa.Participant__r?.Lead__c ?? pa.Participant__r?.Contact__c;
    const person = personId ? people.get(key15(personId)) : undefined;
    if (!template || !person) continue; // a deleted template or person: the send reports it
    const owner = pa.Assigned_To__c ? ctx.catalog.users.get(pa.Assigned_To__c) : undefined;
    const values = {
      Recipient: person.record,
      [person.object]: person.record,
      Sender: (owner as unknown as Record<string, unknown>) ?? null,
      User: (owner as unknown as Record<string, unknown>) ?? null
    };
    const subject = renderTemplate(template.Subject ?? '', values, { format: 'text' });
    const body = renderTemplate(template.HtmlValue || template.Body || '', values, {
      format: template.HtmlValue ? 'html' : 'text'
    });
    if (!subject.ok || !body.ok) {
      ctx.log.warn({ pa: pa.Id, template: template.Id }, 'email template preview: bad merge syntax');
      continue;
    }
    batch.update('Participant_Action__c', pa.Id, {
      // Never blank once published (a template without a subject), so it is not rendered again.
      Template_Preview_Subject__c: truncate255(subject.value.text.trim() || '(no subject)'),
      Template_Preview_Body__c: body.value.text.slice(0, 131072)
    });
  }
  const failures = await batch.flush(ctx.api);
  for (const failure of failures)
    ctx.log.warn({ record: failure.record, outcome: failure.outcome }, 'email template preview not written');
}

/** The people of the candidates with the allow-listed fields their templates read, by 15-char id. */
async function readPeople(
  ctx: PassContext,
  candidates: PreviewCandidate[],
  templates: Map<string, EmailTemplateRow>
): Promise<Map<string, { object: 'Lead' | 'Contact'; record: Record<string, unknown> }>> {
  const people = new Map<string, { object: 'Lead' | 'Contact'; record: Record<string, unknown> }>();
  for (const object of ['Lead', 'Contact'] as const) {
    const mine = candidates.filter((pa) =>
      object === 'Lead'
        ? pa.Participant__r?.Lead__c
        : !pa.Participant__r?.Lead__c && pa.Participant__r?.Contact__c
    );
    if (mine.length === 0) continue;
    const fields = new Set(['Id', 'FirstName', 'LastName', 'Name', 'Email']);
    for (const pa of mine) {
      const template = templates.get(key15(pa.Sequence_Action__r!.Email_Template_Id__c!));
      const text = `${template?.Subject ?? ''} ${template?.HtmlValue || template?.Body || ''}`;
      for (const [root, paths] of Object.entries(mergeFieldPaths(text))) {
        if (root !== 'Recipient' && root !== object) continue;
        for (const path of paths)
          if (
            resolveFieldPath(ctx.catalog.describes, object, path).ok &&
            !fieldRefusal(ctx.catalog.fieldAllowList, object, path, 'read')
          )
            fields.add(path);
      }
    }
    const ids = [
      ...new Set(
        mine.map((pa) => (object === 'Lead' ? pa.Participant__r!.Lead__c : pa.Participant__r!.Contact__c)!)
      )
    ];
    for (const part of chunk(ids, 300))
      for (const row of await ctx.api.query<Record<string, unknown> & { Id: string }>(
        `SELECT ${[...fields].join(', ')} FROM ${object} WHERE Id IN ${soqlIdList(part)}`
      ))
        people.set(key15(row.Id), { object, record: row });
  }
  return people;
}
