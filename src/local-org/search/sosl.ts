/**
 * SOSL for the local org: parses `FIND {…} [IN … FIELDS] [RETURNING …] [WITH …] [LIMIT n]` and the
 * search expression inside the braces (words, "phrases", `*`/`?` wildcards, AND, OR, AND NOT,
 * parentheses; adjacent terms are ANDed), and matches it against a record's text.
 *
 * Matching is by whole words, case-insensitively, as the search index does: text and terms are cut
 * into words at every character that is neither a letter nor a digit, and a term of several words
 * (`{ava.reed@stride.local}`, `{"Acme Corp"}`) must match consecutive words of one field.
 * No stemming, synonyms or relevance ranking (see the local org README).
 */
import { SalesforceError } from '../errors';

export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

export type SearchExpression =
  | { kind: 'term'; words: RegExp[]; literal: string }
  | { kind: 'and' | 'or'; left: SearchExpression; right: SearchExpression }
  | { kind: 'andNot'; left: SearchExpression; right: SearchExpression };

/** One object of the RETURNING clause, its inner clauses kept as SOQL text. */
export interface ReturningObject {
  object: string;
  /** Selected fields; null = only Id. */
  fields: string[] | null;
  where: string | null;
  orderBy: string | null;
  limit: number | null;
  offset: number | null;
}

export interface SoslQuery {
  expression: SearchExpression;
  scope: SearchScope;
  /** null = every searchable object, with Id only. */
  returning: ReturningObject[] | null;
  limit: number | null;
}

const malformed = (message: string): SalesforceError => new SalesforceError('MALFORMED_SEARCH', message);

/** What the local org refuses, named, as a Salesforce-shaped error. */
export const unsupported = (what: string): SalesforceError =>
  new SalesforceError('FUNCTIONALITY_NOT_ENABLED', `The local org does not support ${what}`);

const WORD_SPLIT = /[^\p{L}\p{N}*?]+/u;

/** Cuts text into lower-case words (letters and digits). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function termOf(text: string): SearchExpression {
  const parts = text.toLowerCase().split(WORD_SPLIT).filter(Boolean);
  const letters = parts.join('').replace(/[*?]/g, '');
  if (letters.length < 2) throw malformed('search term must be longer than one character');
  const regexes = parts.map(
    (part) =>
      new RegExp(
        `^${part
          .split('')
          .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'u'
      )
  );
  // The longest wildcard-free run, for the SQL prefilter (LIKE '%run%').
  const literal = parts
    .flatMap((p) => p.split(/[*?]/))
    .reduce((best, run) => (run.length > best.length ? run : best), '');
  return { kind: 'term', words: regexes, literal };
}

/** Parses the text between FIND's braces. */
export function parseSearchExpression(text: string): SearchExpression {
  const tokens: string[] = [];
  const lexer = /\s*("(?:[^"\\]|\\.)*"|\(|\)|[^\s()"]+)/gy;
  let match: RegExpExecArray | null;
  let position = 0;
  while ((match = lexer.exec(text)) !== null) {
    tokens.push(match[1]);
    position = lexer.lastIndex;
  }
  if (text.slice(position).trim() !== '') throw malformed(`unbalanced quotes in the search term: ${text}`);
  if (tokens.length === 0) throw malformed('empty search term');
  let index = 0;
  const peek = () => tokens[index]?.toUpperCase();
  const primary = (): SearchExpression => {
    const token = tokens[index++];
    if (token === undefined) throw malformed(`incomplete search term: ${text}`);
    if (token === '(') {
      const inner = orExpression();
      if (tokens[index++] !== ')') throw malformed(`missing ) in the search term: ${text}`);
      return inner;
    }
    if (token === ')' || ['AND', 'OR', 'NOT'].includes(token.toUpperCase())) {
      throw malformed(`unexpected ${token} in the search term: ${text}`);
    }
    return termOf(token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token);
  };
  const andExpression = (): SearchExpression => {
    let left = primary();
    for (;;) {
      const next = peek();
      if (next === undefined || next === ')' || next === 'OR') return left;
      if (next === 'AND' && tokens[index + 1]?.toUpperCase() === 'NOT') {
        index += 2;
        left = { kind: 'andNot', left, right: primary() };
      } else {
        if (next === 'AND') index++;
        left = { kind: 'and', left, right: primary() };
      }
    }
  };
  const orExpression = (): SearchExpression => {
    let left = andExpression();
    while (peek() === 'OR') {
      index++;
      left = { kind: 'or', left, right: andExpression() };
    }
    return left;
  };
  const expression = orExpression();
  if (index < tokens.length) throw malformed(`unexpected ${tokens[index]} in the search term: ${text}`);
  return expression;
}

/** True when the record's fields (each already cut into words) satisfy the expression. */
export function matchesExpression(expression: SearchExpression, fieldWords: string[][]): boolean {
  switch (expression.kind) {
    case 'term':
      return fieldWords.some((list) => containsRun(list, expression.words));
    case 'and':
      return (
        matchesExpression(expression.left, fieldWords) && matchesExpression(expression.right, fieldWords)
      );
    case 'or':
      return (
        matchesExpression(expression.left, fieldWords) || matchesExpression(expression.right, fieldWords)
      );
    case 'andNot':
      return (
        matchesExpression(expression.left, fieldWords) && !matchesExpression(expression.right, fieldWords)
      );
  }
}

function containsRun(list: string[], run: RegExp[]): boolean {
  for (let start = 0; start + run.length <= list.length; start++) {
    if (run.every((regex, i) => regex.test(list[start + i]))) return true;
  }
  return false;
}

/**
 * A necessary condition as SQL over the searched columns (`LIKE '%run%'`), so only candidate rows
 * reach the word matcher; null when any row may match (AND NOT's right side narrows nothing).
 */
export function prefilter(
  expression: SearchExpression,
  columns: string[]
): { sql: string; params: string[] } | null {
  switch (expression.kind) {
    case 'term': {
      if (expression.literal === '') return null;
      const like = `%${expression.literal.replace(/[%_\\]/g, '\\$&')}%`;
      return {
        sql: `(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
        params: columns.map(() => like)
      };
    }
    case 'andNot':
      return prefilter(expression.left, columns);
    case 'and':
    case 'or': {
      const left = prefilter(expression.left, columns);
      const right = prefilter(expression.right, columns);
      if (expression.kind === 'and') {
        if (!left || !right) return left ?? right;
        return { sql: `(${left.sql} AND ${right.sql})`, params: [...left.params, ...right.params] };
      }
      if (!left || !right) return null;
      return { sql: `(${left.sql} OR ${right.sql})`, params: [...left.params, ...right.params] };
    }
  }
}

// ------------------------------------------------------------------ the FIND statement

/** Splits `text` at top-level commas (outside parentheses and quotes). */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') {
        current += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === "'") quote = false;
    } else if (ch === "'") quote = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Index of the first top-level occurrence of one of the keywords (outside quotes/parentheses). */
function clauseStarts(text: string, keywords: RegExp): { index: number; keyword: string }[] {
  const found: { index: number; keyword: string }[] = [];
  let depth = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === "'") quote = false;
      continue;
    }
    if (ch === "'") quote = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (i === 0 || /\s/.test(text[i - 1]))) {
      const match = keywords.exec(text.slice(i));
      if (match) found.push({ index: i, keyword: match[1].toUpperCase().replace(/\s+/g, ' ') });
    }
  }
  return found;
}

const INNER_CLAUSES = /^(WHERE|ORDER\s+BY|LIMIT|OFFSET|USING\s+LISTVIEW|WITH)\b/i;

function parseReturningObject(text: string): ReturningObject {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([\s\S]*)\))?$/.exec(text.trim());
  if (!match) throw malformed(`cannot read the RETURNING item: ${text}`);
  const [, object, inner] = match;
  const result: ReturningObject = {
    object,
    fields: null,
    where: null,
    orderBy: null,
    limit: null,
    offset: null
  };
  if (inner === undefined || inner.trim() === '') return result;
  const starts = clauseStarts(inner, INNER_CLAUSES);
  const fieldText = inner.slice(0, starts[0]?.index ?? inner.length).trim();
  result.fields = fieldText ? splitTopLevel(fieldText, ',') : null;
  starts.forEach((start, i) => {
    const body = inner
      .slice(start.index, starts[i + 1]?.index ?? inner.length)
      .trim()
      .replace(/^\S+(\s+BY)?\s*/i, '')
      .trim();
    switch (start.keyword) {
      case 'WHERE':
        result.where = body;
        break;
      case 'ORDER BY':
        result.orderBy = body;
        break;
      case 'LIMIT':
        result.limit = positiveInteger(body, 'LIMIT');
        break;
      case 'OFFSET':
        result.offset = positiveInteger(body, 'OFFSET');
        break;
      default:
        throw unsupported(`${start.keyword} in a SOSL RETURNING clause`);
    }
  });
  return result;
}

function positiveInteger(text: string, clause: string): number {
  if (!/^\d+$/.test(text)) throw malformed(`${clause} must be a non-negative integer, not ${text}`);
  return Number(text);
}

const TOP_CLAUSES = /^(IN\s+\w+\s+FIELDS|RETURNING|WITH|LIMIT|OFFSET|UPDATE)\b/i;

/** Parses a SOSL statement (the `q` of `/search`). */
export function parseSosl(sosl: string): SoslQuery {
  const text = sosl.trim();
  const find = /^FIND\s*\{((?:[^}\\]|\\.)*)\}/i.exec(text) ?? /^FIND\s*'((?:[^'\\]|\\.)*)'/i.exec(text);
  if (!find) throw malformed(`SOSL must start with FIND {search term}: ${sosl}`);
  const expression = parseSearchExpression(find[1].replace(/\\(.)/g, '$1'));
  const rest = text.slice(find[0].length);
  const query: SoslQuery = { expression, scope: 'ALL', returning: null, limit: null };
  const starts = clauseStarts(rest, TOP_CLAUSES);
  if (starts.length === 0 && rest.trim() !== '')
    throw malformed(`unexpected text after FIND: ${rest.trim()}`);
  if (starts.length > 0 && rest.slice(0, starts[0].index).trim() !== '') {
    throw malformed(`unexpected text after FIND: ${rest.slice(0, starts[0].index).trim()}`);
  }
  starts.forEach((start, i) => {
    const clause = rest.slice(start.index, starts[i + 1]?.index ?? rest.length).trim();
    const keyword = start.keyword.split(' ')[0];
    switch (keyword) {
      case 'IN': {
        const scope = /^IN\s+(\w+)\s+FIELDS$/i.exec(clause)?.[1].toUpperCase();
        if (!scope || !['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'].includes(scope)) {
          throw malformed(`unknown search scope: ${clause}`);
        }
        query.scope = scope as SearchScope;
        break;
      }
      case 'RETURNING':
        query.returning = splitTopLevel(clause.replace(/^RETURNING\s*/i, ''), ',').map(parseReturningObject);
        if (query.returning.length === 0) throw malformed('RETURNING needs at least one object');
        break;
      case 'LIMIT':
        query.limit = positiveInteger(clause.replace(/^LIMIT\s*/i, ''), 'LIMIT');
        break;
      case 'WITH':
        // No spelling correction is ever made, so turning it off changes nothing.
        if (/^WITH\s+SPELL_CORRECTION\s*=\s*(true|false)$/i.test(clause)) break;
        throw unsupported(
          `SOSL ${clause
            .split(/\s*=|\s+/)
            .slice(0, 2)
            .join(' ')}`
        );
      default:
        throw unsupported(`SOSL ${keyword}`);
    }
  });
  return query;
}
