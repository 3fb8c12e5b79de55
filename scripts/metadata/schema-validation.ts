/**
 * Validates XML documents against the XSD generated from the Metadata API WSDL, with xmllint
 * compiled to WebAssembly (`xmllint-wasm`), and turns xmllint's output into `file:line: reason`
 * issues. The XSD keeps the WSDL's `xsd:sequence` order, so elements out of order are rejected the
 * way the Metadata API rejects them.
 */
import { validateXML } from 'xmllint-wasm';

/** One XML document to validate: the path reported in issues, and its text. */
export interface XmlDocument {
  path: string;
  contents: string;
}

/** A problem found in a metadata file: where it is, and why it is wrong. */
export interface MetadataIssue {
  file: string;
  line: number;
  reason: string;
}

const METADATA_NAMESPACE_IN_MESSAGES = /\{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}/g;
const OUTPUT_LINE = /^d(\d+)\.xml:(\d+): (.*)$/;
/** xmllint's default WebAssembly memory (32 MiB) is too small for the 2 MB schema plus documents. */
const MAX_MEMORY_PAGES = 16384;

/**
 * Validates every document against `xsd` in one xmllint run (the schema is compiled once) and
 * returns the issues in document order. An empty array means every document is valid.
 *
 * @example
 * await validateAgainstSchema([{ path: 'a.field-meta.xml', contents: '<CustomField …><lenght>…' }], xsd)
 * //=> [{ file: 'a.field-meta.xml', line: 4, reason: "Element 'lenght': This element is not expected. …" }]
 */
export async function validateAgainstSchema(
  documents: readonly XmlDocument[],
  xsd: string
): Promise<MetadataIssue[]> {
  if (documents.length === 0) return [];
  const result = await validateXML({
    schema: [{ fileName: 'metadata.xsd', contents: xsd }],
    // Synthetic names keep the WebAssembly file system flat; they are mapped back below.
    xml: documents.map((document, index) => ({ fileName: `d${index}.xml`, contents: document.contents })),
    maxMemoryPages: MAX_MEMORY_PAGES
  });
  if (/failed to compile/.test(result.rawOutput)) {
    throw new Error(`The generated XSD does not compile:\n${result.rawOutput.slice(0, 2000)}`);
  }
  const issues: MetadataIssue[] = [];
  for (const outputLine of result.rawOutput.split('\n')) {
    const match = OUTPUT_LINE.exec(outputLine);
    if (!match) continue;
    const document = documents[Number(match[1])];
    issues.push({ file: document.path, line: Number(match[2]), reason: cleanReason(match[3]) });
  }
  if (!result.valid && issues.length === 0) {
    throw new Error(`xmllint reported a failure it did not locate:\n${result.rawOutput.slice(0, 2000)}`);
  }
  return issues;
}

/** Drops xmllint's prefixes and the metadata namespace, which only add noise to a message. */
function cleanReason(message: string): string {
  const parserError = /^(?:parser|namespace) error : (.*)$/.exec(message);
  if (parserError) return `malformed XML: ${parserError[1]}`;
  return message
    .replace(/^(?:element \S+: )?Schemas validity error : /, '')
    .replace(METADATA_NAMESPACE_IN_MESSAGES, '')
    .trim();
}

/** Formats an issue the way compilers do, so editors can jump to it. */
export function formatIssue(issue: MetadataIssue): string {
  return `${issue.file}:${issue.line}: ${issue.reason}`;
}
