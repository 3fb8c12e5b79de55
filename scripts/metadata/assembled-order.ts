/**
 * Puts the root's children of an assembled Metadata API file into schema order.
 *
 * When the source is converted (and when `sf project deploy` sends it), a decomposed object is
 * assembled as the parent's own elements followed by its children grouped by type (compactLayouts,
 * fields, listViews …), which is not the WSDL's sequence order, and the Metadata API accepts it.
 * Validating such a file strictly would only report that. So the root's direct children are
 * stably sorted into schema order first, and everything below them is checked as written.
 */

/** A reordered document and, for each of its lines, the line it had in the original. */
export interface ReorderedDocument {
  xml: string;
  originalLine: (line: number) => number;
}

interface Segment {
  name: string;
  text: string;
  firstLine: number;
  end: number;
}

/**
 * Reorders the root element's children of `xml` by `order` (unknown names keep their place at the
 * end, which the schema then reports).
 *
 * @example
 * reorderRootChildren('<a>\n<z/>\n<y/>\n</a>', ['y', 'z']).xml //=> '<a>\n<y/>\n<z/>\n</a>'
 */
export function reorderRootChildren(xml: string, order: readonly string[]): ReorderedDocument {
  const segments = rootChildSegments(xml);
  if (!segments) return { xml, originalLine: (line) => line };
  const rank = new Map(order.map((name, index) => [name, index]));
  const sorted = segments.children
    .map((segment, position) => ({ segment, position }))
    .sort(
      (a, b) =>
        (rank.get(a.segment.name) ?? order.length) - (rank.get(b.segment.name) ?? order.length) ||
        a.position - b.position
    )
    .map(({ segment }) => segment);

  // originalLine(n) for the reordered text: head lines, then each segment's lines, then the tail.
  const lineOrigins: number[] = [];
  const pushLines = (text: string, firstLine: number): void => {
    const count = text.split('\n').length;
    for (let offset = 0; offset < count; offset++) lineOrigins.push(firstLine + offset);
  };
  pushLines(segments.head.slice(0, -1), 1);
  for (const segment of sorted) pushLines(segment.text.slice(0, -1), segment.firstLine);
  pushLines(segments.tail, lineCount(xml.slice(0, xml.length - segments.tail.length)) + 1);

  return {
    xml: segments.head + sorted.map((segment) => segment.text).join('') + segments.tail,
    originalLine: (line) => lineOrigins[line - 1] ?? line
  };
}

/**
 * Splits a document into the text before the root's first child (head, ending with a newline),
 * one segment per direct child of the root (from the start of its line to the end of its last
 * line, newline included) and the rest (tail). Returns undefined when the document cannot be
 * split line-wise (children sharing a line, no children), in which case it is validated as is.
 */
function rootChildSegments(xml: string): { head: string; children: Segment[]; tail: string } | undefined {
  const token =
    /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
  const children: Segment[] = [];
  let depth = 0;
  let childStart = -1;
  let childName = '';
  const closeChild = (afterTag: number): boolean => {
    const end = endOfLine(xml, afterTag);
    if (xml.slice(afterTag, end).trim() !== '') return false;
    const text = xml.slice(childStart, end);
    children.push({ name: childName, text, firstLine: lineCount(xml.slice(0, childStart)) + 1, end });
    return true;
  };
  for (let match = token.exec(xml); match; match = token.exec(xml)) {
    const [text, closing, name, selfClosing] = match;
    if (!name) continue; // comment, processing instruction or CDATA
    const afterTag = match.index + text.length;
    if (closing) {
      depth--;
      if (depth === 1 && !closeChild(afterTag)) return undefined;
      if (depth === 0) {
        if (children.length === 0) return undefined;
        const last = children[children.length - 1];
        return {
          head: xml.slice(0, children[0].end - children[0].text.length),
          children,
          tail: xml.slice(last.end)
        };
      }
      continue;
    }
    if (depth === 1) {
      // A child starts at the start of its line, or right after the previous child so that blank
      // lines and comments between children travel with the child below them.
      const lineStart = xml.lastIndexOf('\n', match.index) + 1;
      childStart = children.length > 0 ? children[children.length - 1].end : lineStart;
      const between = xml.slice(childStart, lineStart).replace(/<!--[\s\S]*?-->/g, '');
      if (between.trim() !== '' || xml.slice(lineStart, match.index).trim() !== '') return undefined;
      childName = name;
      if (selfClosing) {
        if (!closeChild(afterTag)) return undefined;
        continue;
      }
    }
    if (!selfClosing) depth++;
  }
  return undefined;
}

/** Index just after the newline that ends the line containing `index` (or the end of the text). */
function endOfLine(xml: string, index: number): number {
  const newline = xml.indexOf('\n', index);
  return newline < 0 ? xml.length : newline + 1;
}

function lineCount(text: string): number {
  return text.split('\n').length - 1;
}
