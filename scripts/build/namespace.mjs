// Prefixes the package's custom API names with its namespace in the compiled components, for the
// managed-package build. Schema imports (`@salesforce/schema/...`) are namespaced by the platform;
// the text of GraphQL documents and dotted field-path strings is not, so the build rewrites them.
//
// GraphQL selections are aliased back to the source name (`Status__c: stride__Status__c { value }`)
// so the result keeps the shape the components read (`node.Status__c.value`) with or without a
// namespace; names in arguments (where, orderBy), type conditions and explicit aliases' fields are
// prefixed in place.

/** A custom object, field, relationship, metadata type or platform event name: `Name__c`, `Name__r`, … */
const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_]*__(?:c|r|mdt|e)$/;

/** Salesforce allows no `__` inside a name, so a second `__` means it already has a namespace. */
function hasNamespace(name) {
  return name.split('__').length > 2;
}

/** Whether `name` is one of ours without a namespace yet (standard names and `ns__X__c` are not). */
export function needsPrefix(name) {
  return CUSTOM_NAME.test(name) && !hasNamespace(name);
}

/**
 * Checks a namespace given on the command line: a Salesforce namespace prefix is 1–15 letters and
 * digits, starting with a letter.
 *
 * @example
 * validateNamespace('stride') // 'stride'
 */
export function validateNamespace(namespace) {
  if (typeof namespace !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,14}$/.test(namespace)) {
    throw new Error(
      `--namespace takes a namespace prefix (1-15 letters and digits, starting with a letter), got ${
        namespace === undefined ? 'nothing' : `"${namespace}"`
      }`
    );
  }
  return namespace;
}

/**
 * Prefixes the custom names of one GraphQL document, keeping its layout.
 *
 * @example
 * namespaceGraphql('Participant_Action__c(where: { Status__c: { eq: "Due" } }) { edges { node { Status__c { value } } } }', 'stride')
 * // 'Participant_Action__c: stride__Participant_Action__c(where: { stride__Status__c: { eq: "Due" } }) { edges { node { Status__c: stride__Status__c { value } } } }'
 */
export function namespaceGraphql(document, namespace) {
  let out = '';
  let depth = 0; // inside ( … ): arguments and variable definitions
  let previous = ''; // the last significant token
  let i = 0;
  while (i < document.length) {
    const ch = document[i];
    if (ch === '#') {
      const end = document.indexOf('\n', i);
      const stop = end < 0 ? document.length : end;
      out += document.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '"') {
      const stop = endOfString(document, i);
      out += document.slice(i, stop);
      i = stop;
      previous = '"';
      continue;
    }
    if (/[_A-Za-z]/.test(ch)) {
      const match = /^[_A-Za-z][_0-9A-Za-z]*/.exec(document.slice(i));
      const name = match[0];
      out += rewriteName(name, {
        namespace,
        inArguments: depth > 0,
        afterColon: previous === ':',
        afterOn: previous === 'on',
        isVariable: previous === '$',
        beforeColon: nextSignificant(document, i + name.length) === ':'
      });
      previous = name;
      i += name.length;
      continue;
    }
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (!/\s|,/.test(ch)) previous = ch;
    out += ch;
    i += 1;
  }
  return out;
}

function rewriteName(name, { namespace, inArguments, afterColon, afterOn, isVariable, beforeColon }) {
  if (!needsPrefix(name) || isVariable) return name;
  const prefixed = `${namespace}__${name}`;
  // In arguments a name is an input key (where/orderBy); after `on` a type; after `alias:` the field.
  if (inArguments || afterOn || afterColon) return prefixed;
  // A name followed by `:` is an alias the author chose: the result keeps it.
  if (beforeColon) return name;
  return `${name}: ${prefixed}`;
}

/** The index just past the GraphQL string (or block string) that starts at `start`. */
function endOfString(text, start) {
  if (text.startsWith('"""', start)) {
    const end = text.indexOf('"""', start + 3);
    return end < 0 ? text.length : end + 3;
  }
  let i = start + 1;
  while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return Math.min(text.length, i + 1);
}

function nextSignificant(text, from) {
  let i = from;
  while (i < text.length && /\s|,/.test(text[i])) i += 1;
  return text[i] ?? '';
}

/**
 * Prefixes the custom names of a dotted field path such as `Participant_Action__c.Status__c`
 * (a getRecord `fields` entry); standard segments and namespaced ones stay.
 *
 * @example
 * namespaceFieldPath('Participant_Action__c.Participant__r.Name', 'stride')
 * // 'stride__Participant_Action__c.stride__Participant__r.Name'
 */
export function namespaceFieldPath(path, namespace) {
  return path
    .split('.')
    .map((segment) => (needsPrefix(segment) ? `${namespace}__${segment}` : segment))
    .join('.');
}

/** A quoted dotted path of identifiers ('A.B' or "A.B.C"); rewritten only when a segment is custom. */
const QUOTED_FIELD_PATH = /(['"])([A-Za-z]\w*(?:\.[A-Za-z]\w*)+)\1/g;

/**
 * Namespaces a compiled component: the body of every gql`…` template literal (interpolations kept
 * as written) and every quoted dotted field path with a custom segment. Plain quoted names such as
 * `'Status__c'` stay: the components use them as their own keys (form fields, result properties),
 * and the platform namespaces schema imports.
 *
 * @example
 * namespaceComponent("const f = ['Participant_Action__c.Status__c', 'User.Name'];", 'stride')
 * // "const f = ['stride__Participant_Action__c.stride__Status__c', 'User.Name'];"
 */
export function namespaceComponent(js, namespace) {
  validateNamespace(namespace);
  let out = '';
  let i = 0;
  for (;;) {
    const found = /\bgql\s*`/.exec(js.slice(i)); // TypeScript emits `gql \`…\``
    if (!found) break;
    const open = i + found.index + found[0].length - 1; // the opening backtick
    out += rewritePaths(js.slice(i, open + 1), namespace);
    const { parts, end } = templateParts(js, open);
    out += parts.map((part) => (part.code ? part.text : namespaceGraphql(part.text, namespace))).join('');
    out += '`';
    i = end + 1;
  }
  return out + rewritePaths(js.slice(i), namespace);
}

function rewritePaths(code, namespace) {
  return code.replace(QUOTED_FIELD_PATH, (whole, quote, path) =>
    path.split('.').some(needsPrefix) ? `${quote}${namespaceFieldPath(path, namespace)}${quote}` : whole
  );
}

/**
 * Splits the template literal whose backtick is at `open` into its text and `${…}` parts, and
 * finds its closing backtick. Interpolations are skipped by brace depth (gql documents hold none
 * with nested templates in this code base; a stray one only ends the rewrite early).
 */
function templateParts(js, open) {
  const parts = [];
  let text = '';
  let i = open + 1;
  while (i < js.length && js[i] !== '`') {
    if (js[i] === '\\') {
      text += js.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (js[i] === '$' && js[i + 1] === '{') {
      parts.push({ code: false, text });
      text = '';
      let depth = 0;
      let j = i;
      do {
        if (js[j] === '{') depth += 1;
        if (js[j] === '}') depth -= 1;
        j += 1;
      } while (j < js.length && depth > 0);
      parts.push({ code: true, text: js.slice(i, j) });
      i = j;
      continue;
    }
    text += js[i];
    i += 1;
  }
  if (i >= js.length) throw new Error(`unterminated gql template literal at offset ${open}`);
  parts.push({ code: false, text });
  return { parts, end: i };
}
