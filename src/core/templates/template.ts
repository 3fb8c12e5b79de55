/**
 * Email and SMS templates with Salesforce merge fields (Salesforce Merge Language, as in Classic
 * email templates):
 *
 *     Hi {!Recipient.FirstName, there}, how is {!Contact.Account.Name}? — {!Sender.Name}
 *
 * A merge field is `{!Root.Field}` or `{!Root.Relationship….Field}`; text after a comma is the
 * substitute used when the field is blank (quotes around it are optional). Roots are the
 * participant's object (`Lead`, `Contact`), `Recipient` (the same record), `Sender` (the User who
 * sends) and, for Opportunity and Campaign sequences, that object.
 *
 * Every problem is reported with the code `BAD_MERGE_SYNTAX` (the reason code an automatic email
 * gets when it falls back to manual, docs/architecture.md §3) and the 1-based position of the merge field.
 */
import { type DescribeCatalog, readFieldPath, resolveFieldPath } from '../describe';
import { type CoreError, err, ok, type Result } from '../result';

/** A run of literal text, or a merge field. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | {
      kind: 'merge';
      /** The root: `Recipient` or `Sender` (whatever the case written), or an object name as written. */
      root: string;
      /** The path below the root: `FirstName`, `Account.Name`. */
      path: string;
      /** Substitute text for a blank value. */
      fallback?: string;
      /** 1-based position of the opening `{`. */
      position: number;
      /** The merge field as written. */
      source: string;
    };

export type MergeFieldPart = Extract<TemplatePart, { kind: 'merge' }>;

/** A template split into text and merge fields. */
export interface ParsedTemplate {
  parts: TemplatePart[];
}

/** Which roots a template may use, and the object each stands for. */
export interface TemplateContext {
  /** The participant's object: `Lead` or `Contact`. `Recipient` stands for it too. */
  recipientObject: string;
  /** The sequence's target when it is not the recipient: `Opportunity` or `Campaign`. */
  relatedObject?: string;
  /** The sender's object. Default `User`. */
  senderObject?: string;
}

/** Records by root (`{ Recipient: lead, Lead: lead, Sender: user }`), as SOQL returns them. */
export type TemplateValues = Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>;

/** A rendered template, and the merge fields that were blank and had no substitute. */
export interface RenderedTemplate {
  text: string;
  missing: string[];
}

const PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/;

const FIXED_ROOTS: Readonly<Record<string, string>> = { recipient: 'Recipient', sender: 'Sender' };

function syntaxError(message: string, position: number): CoreError {
  return { code: 'BAD_MERGE_SYNTAX', message: `${message} (position ${position})`, position };
}

function parseMergeField(source: string, position: number): Result<MergeFieldPart> {
  const inner = source.slice(2, -1);
  const comma = inner.indexOf(',');
  const reference = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  if (reference === '')
    return err(syntaxError(`The merge field ${source} is empty; write it as {!Lead.FirstName}`, position));
  if (/[()]/.test(reference)) {
    return err(
      syntaxError(
        `Formulas are not supported in merge fields (${source}); for a substitute write {!Contact.FirstName, Valued Customer}`,
        position
      )
    );
  }
  if (!PATH.test(reference)) {
    return err(
      syntaxError(
        `${source} is not a merge field; write it as {!Object.Field}, for example {!Lead.FirstName}`,
        position
      )
    );
  }
  const dot = reference.indexOf('.');
  const written = reference.slice(0, dot);
  const part: MergeFieldPart = {
    kind: 'merge',
    // The two fixed roots come out in one spelling, so callers can group merge fields by root.
    root: FIXED_ROOTS[written.toLowerCase()] ?? written,
    path: reference.slice(dot + 1),
    position,
    source
  };
  if (comma >= 0)
    part.fallback = inner
      .slice(comma + 1)
      .trim()
      .replace(/^"([^"]*)"$/, '$1');
  return ok(part);
}

/**
 * Splits a template into text and merge fields, and reports every malformed merge field.
 *
 * @param template - subject, body or SMS text
 * @returns the parts, or every malformed merge field
 *
 * @example
 * parseTemplate('Hi {!Recipient.FirstName, there}!')
 * //=> { ok: true, value: { parts: [
 * //     { kind: 'text', text: 'Hi ' },
 * //     { kind: 'merge', root: 'Recipient', path: 'FirstName', fallback: 'there', position: 4, source: '{!Recipient.FirstName, there}' },
 * //     { kind: 'text', text: '!' } ] } }
 * parseTemplate('Hi {!Lead.FirstName')
 * //=> { ok: false, error: [{ code: 'BAD_MERGE_SYNTAX', message: 'The merge field starting at position 4 is not closed; add "}" (position 4)', position: 4 }] }
 */
export function parseTemplate(template: string): Result<ParsedTemplate, CoreError[]> {
  const parts: TemplatePart[] = [];
  const errors: CoreError[] = [];
  let text = '';
  let index = 0;
  while (index < template.length) {
    const start = template.indexOf('{!', index);
    if (start < 0) {
      text += template.slice(index);
      break;
    }
    text += template.slice(index, start);
    const position = start + 1;
    const end = template.indexOf('}', start);
    const nextOpen = template.indexOf('{!', start + 2);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      errors.push(
        syntaxError(`The merge field starting at position ${position} is not closed; add "}"`, position)
      );
      text += '{!';
      index = start + 2;
      continue;
    }
    const merge = parseMergeField(template.slice(start, end + 1), position);
    if (merge.ok) {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push(merge.value);
    } else {
      errors.push(merge.error);
    }
    index = end + 1;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return errors.length > 0 ? err(errors) : ok({ parts });
}

function toParsed(template: string | ParsedTemplate): Result<ParsedTemplate, CoreError[]> {
  return typeof template === 'string' ? parseTemplate(template) : ok(template);
}

function mergeParts(template: ParsedTemplate): MergeFieldPart[] {
  return template.parts.filter((p): p is MergeFieldPart => p.kind === 'merge');
}

/**
 * The field paths a template reads, grouped by root and without duplicates, so the caller can
 * fetch them in one query per root. A template with bad syntax yields the paths it could read.
 *
 * @param template - template text, or a parsed template
 * @returns field paths by root as written
 *
 * @example
 * mergeFieldPaths('Hi {!Recipient.FirstName}, {!Contact.Account.Name} — {!Sender.Name} {!Recipient.FirstName}')
 * //=> { Recipient: ['FirstName'], Contact: ['Account.Name'], Sender: ['Name'] }
 */
export function mergeFieldPaths(template: string | ParsedTemplate): Record<string, string[]> {
  const parsed: ParsedTemplate =
    typeof template === 'string'
      ? { parts: template.match(/\{![^{}]*\}/g)?.flatMap((s) => partOrNothing(s)) ?? [] }
      : template;
  const paths: Record<string, string[]> = {};
  for (const part of mergeParts(parsed)) {
    const list = (paths[part.root] ??= []);
    if (!list.includes(part.path)) list.push(part.path);
  }
  return paths;
}

function partOrNothing(source: string): TemplatePart[] {
  const part = parseMergeField(source, 0);
  return part.ok ? [part.value] : [];
}

/** The roots a context allows, by lower-case name, with the object each stands for. */
function allowedRoots(context: TemplateContext): Map<string, { root: string; objectName: string }> {
  const roots = new Map<string, { root: string; objectName: string }>();
  const add = (root: string, objectName: string): void => {
    roots.set(root.toLowerCase(), { root, objectName });
  };
  add(context.recipientObject, context.recipientObject);
  add('Recipient', context.recipientObject);
  add('Sender', context.senderObject ?? 'User');
  if (context.relatedObject !== undefined) add(context.relatedObject, context.relatedObject);
  return roots;
}

/**
 * Checks a template's syntax and every merge field against the describes: the root must be one
 * the context allows, and the path must name a field (parent paths followed through the catalog).
 * Returns all problems, each with code `BAD_MERGE_SYNTAX` and the merge field's position.
 *
 * @param template - template text, or a parsed template
 * @param catalog - describes of the recipient, sender and related objects
 * @param context - which roots the template may use
 * @returns the parsed template, or every problem
 *
 * @example
 * validateTemplate('Hi {!Lead.FristName}', catalog, { recipientObject: 'Lead' })
 * //=> { ok: false, error: [{ code: 'BAD_MERGE_SYNTAX', message: '{!Lead.FristName}: Lead has no field named "FristName" (position 4)', position: 4 }] }
 * validateTemplate('Hi {!Account.Name}', catalog, { recipientObject: 'Lead' })
 * //=> { ok: false, error: [{ code: 'BAD_MERGE_SYNTAX', message: '{!Account.Name}: Account is not available here; use Lead, Recipient or Sender (position 4)', position: 4 }] }
 */
export function validateTemplate(
  template: string | ParsedTemplate,
  catalog: DescribeCatalog,
  context: TemplateContext
): Result<ParsedTemplate, CoreError[]> {
  const parsed = toParsed(template);
  if (!parsed.ok) return parsed;
  const roots = allowedRoots(context);
  const errors: CoreError[] = [];
  for (const part of mergeParts(parsed.value)) {
    const root = roots.get(part.root.toLowerCase());
    if (root === undefined) {
      const names = [...roots.values()].map((r) => r.root);
      const list = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
      errors.push(
        syntaxError(`${part.source}: ${part.root} is not available here; use ${list}`, part.position)
      );
      continue;
    }
    const resolved = resolveFieldPath(catalog, root.objectName, part.path);
    if (!resolved.ok) errors.push(syntaxError(`${part.source}: ${resolved.error.message}`, part.position));
  }
  return errors.length > 0 ? err(errors) : parsed;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
};

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<b>"Tom" & Jerry</b>')
 * //=> '&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function findRoot(
  values: TemplateValues,
  root: string
): Readonly<Record<string, unknown>> | null | undefined {
  if (Object.prototype.hasOwnProperty.call(values, root)) return values[root];
  const key = Object.keys(values).find((k) => k.toLowerCase() === root.toLowerCase());
  return key === undefined ? undefined : values[key];
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * Fills a template's merge fields from records. In `html` format every merged value (and
 * substitute) is HTML-escaped, so record data can never inject markup, and its line breaks become
 * `<br>`; in `text` format (SMS,
 * plain-text email) values are inserted as they are. A blank value takes the substitute, or
 * becomes empty and is listed in `missing`.
 *
 * @param template - template text, or a parsed template
 * @param values - records by root
 * @param options - `html` for HTML bodies, `text` for SMS and plain text
 * @returns the text and the blank merge fields without substitute, or the syntax problems
 *
 * @example
 * renderTemplate('<p>Hi {!Recipient.FirstName, there}</p>', { Recipient: { FirstName: '<Ann>' } }, { format: 'html' })
 * //=> { ok: true, value: { text: '<p>Hi &lt;Ann&gt;</p>', missing: [] } }
 * renderTemplate('Hi {!Recipient.FirstName, there} from {!Sender.Name}', { Recipient: { FirstName: null } }, { format: 'text' })
 * //=> { ok: true, value: { text: 'Hi there from ', missing: ['Sender.Name'] } }
 */
export function renderTemplate(
  template: string | ParsedTemplate,
  values: TemplateValues,
  options: { format: 'html' | 'text' }
): Result<RenderedTemplate, CoreError[]> {
  const parsed = toParsed(template);
  if (!parsed.ok) return parsed;
  // In HTML, a multi-line value (a text area, an address) keeps its line breaks.
  const escape =
    options.format === 'html'
      ? (s: string): string => escapeHtml(s).replace(/\r\n|\r|\n/g, '<br>')
      : (s: string): string => s;
  const missing: string[] = [];
  let text = '';
  for (const part of parsed.value.parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    const value = formatValue(readFieldPath(findRoot(values, part.root), part.path));
    if (value.trim() !== '') text += escape(value);
    else if (part.fallback !== undefined) text += escape(part.fallback);
    else if (!missing.includes(`${part.root}.${part.path}`)) missing.push(`${part.root}.${part.path}`);
  }
  return ok({ text, missing });
}
