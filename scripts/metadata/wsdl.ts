/**
 * Locating the Metadata API WSDL and deriving from it the XSD that validates metadata files.
 *
 * The WSDL is Salesforce's and is never copied into this repository: it is read from
 * `../shared/salesforce/metadata-66.0.wsdl` (relative to the repository root), from `--wsdl PATH`
 * or from the `STRIDE_METADATA_WSDL` environment variable, and the XSD is generated at run time.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the team keeps the WSDL, relative to the repository root. */
export const DEFAULT_WSDL_RELATIVE_PATH = path.join('..', 'shared', 'salesforce', 'metadata-66.0.wsdl');

/** Environment variable that overrides the default WSDL location. */
export const WSDL_ENV_VARIABLE = 'STRIDE_METADATA_WSDL';

const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** The WSDL could not be found; the message explains where it was looked for and how to get one. */
export class WsdlNotFoundError extends Error {
  constructor(
    readonly searchedPath: string,
    readonly origin: string
  ) {
    super(
      [
        `Metadata API WSDL not found at ${searchedPath} (${origin}).`,
        'Download it from any org: Setup → Integrations → API → "Generate Metadata WSDL", save the file,',
        `then either put it at ${DEFAULT_WSDL_RELATIVE_PATH} (relative to the repository root),`,
        `pass --wsdl PATH, or set ${WSDL_ENV_VARIABLE}=PATH.`,
        'Never commit the WSDL or the XSD generated from it to this repository.'
      ].join('\n')
    );
    this.name = 'WsdlNotFoundError';
  }
}

/**
 * Picks the WSDL path: the `--wsdl` option first, then the environment variable, then the shared
 * default. Throws {@link WsdlNotFoundError} when the chosen file does not exist.
 *
 * @example
 * resolveWsdlPath({ repoRoot: '/work/main', env: {} })
 * //=> '/work/shared/salesforce/metadata-66.0.wsdl'
 */
export function resolveWsdlPath(options: {
  repoRoot: string;
  optionPath?: string;
  env?: NodeJS.ProcessEnv;
}): string {
  const fromEnv = options.env?.[WSDL_ENV_VARIABLE];
  const [candidate, origin] = options.optionPath
    ? [path.resolve(options.optionPath), '--wsdl option']
    : fromEnv
      ? [path.resolve(fromEnv), `${WSDL_ENV_VARIABLE} environment variable`]
      : [path.resolve(options.repoRoot, DEFAULT_WSDL_RELATIVE_PATH), 'default location'];
  if (!existsSync(candidate)) throw new WsdlNotFoundError(candidate, origin);
  return candidate;
}

/** The XSD text and the names of the metadata types it declares as root elements. */
export interface GeneratedSchema {
  xsd: string;
  rootTypes: string[];
}

/**
 * Turns the Metadata API WSDL into a standalone XSD: cuts out the embedded `<xsd:schema>`, declares
 * the namespaces it relies on, and adds a global element for every complex type that extends
 * `tns:Metadata` (directly or through another type), because metadata files use those types as
 * their root element while the WSDL declares no global element for them.
 *
 * One deliberate patch: `LightningComponentBundle.targetConfigs` is declared `xsd:base64Binary` in
 * the WSDL, yet every `.js-meta.xml` writes it as nested XML (and the API accepts that), so its
 * content is left unchecked instead of being rejected.
 *
 * @example
 * const { xsd, rootTypes } = wsdlToXsd(readFileSync(wsdlPath, 'utf8'));
 * rootTypes.includes('CustomObject') //=> true
 */
export function wsdlToXsd(wsdl: string): GeneratedSchema {
  const start = wsdl.indexOf('<xsd:schema');
  const endTag = '</xsd:schema>';
  const end = wsdl.indexOf(endTag, start);
  if (start < 0 || end < 0) {
    throw new Error('The WSDL has no embedded <xsd:schema> element; is it the Metadata API WSDL?');
  }
  const schemaOpenEnd = wsdl.indexOf('>', start);
  const openTag = wsdl.slice(start, schemaOpenEnd + 1);
  let body = wsdl.slice(schemaOpenEnd + 1, end);

  const rootTypes = metadataSubtypes(body);
  if (rootTypes.length === 0) throw new Error('The WSDL declares no type extending tns:Metadata.');

  body = body.replace(
    /<xsd:element name="targetConfigs" minOccurs="0" type="xsd:base64Binary"\/>/,
    '<xsd:element name="targetConfigs" minOccurs="0"><xsd:complexType mixed="true"><xsd:sequence>' +
      '<xsd:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/>' +
      '</xsd:sequence><xsd:anyAttribute processContents="skip"/></xsd:complexType></xsd:element>'
  );

  const namespaces = ['xmlns:xsd="http://www.w3.org/2001/XMLSchema"', `xmlns:tns="${METADATA_NAMESPACE}"`]
    .filter((declaration) => !openTag.includes(declaration.split('=')[0] + '='))
    .join(' ');
  const newOpenTag = namespaces ? openTag.replace('<xsd:schema', `<xsd:schema ${namespaces}`) : openTag;
  const globals = rootTypes.map((type) => `<xsd:element name="${type}" type="tns:${type}"/>`).join('\n');
  const xsd = `<?xml version="1.0" encoding="UTF-8"?>\n${newOpenTag}${body}\n${globals}\n${endTag}\n`;
  return { xsd, rootTypes };
}

/** Names of the complex types that extend tns:Metadata, directly or transitively. */
function metadataSubtypes(schemaBody: string): string[] {
  const baseOf = new Map<string, string>();
  const declaration =
    /<xsd:complexType name="(\w+)">\s*<xsd:complexContent>\s*<xsd:extension base="tns:(\w+)">/g;
  for (const match of schemaBody.matchAll(declaration)) baseOf.set(match[1], match[2]);
  const existingGlobals = new Set(
    [...schemaBody.matchAll(/^\s*<xsd:element name="(\w+)"/gm)].map((match) => match[1])
  );
  const extendsMetadata = (type: string): boolean => {
    const seen = new Set<string>();
    for (let current = baseOf.get(type); current; current = baseOf.get(current)) {
      if (current === 'Metadata') return true;
      if (seen.has(current)) return false;
      seen.add(current);
    }
    return false;
  };
  return [...baseOf.keys()].filter((type) => extendsMetadata(type) && !existingGlobals.has(type)).sort();
}

/**
 * The element names of a complex type in schema (`xsd:sequence`) order, base type first.
 *
 * @example
 * elementOrder(xsd, 'CompactLayout') //=> ['fullName', 'module', 'fields', 'label']
 */
export function elementOrder(xsd: string, typeName: string): string[] {
  const start = xsd.indexOf(`<xsd:complexType name="${typeName}">`);
  if (start < 0) return [];
  const body = xsd.slice(start, xsd.indexOf('</xsd:complexType>', start));
  const base = /<xsd:extension base="tns:(\w+)">/.exec(body);
  const own = [...body.matchAll(/<xsd:element name="(\w+)"/g)].map((match) => match[1]);
  return [...(base ? elementOrder(xsd, base[1]) : []), ...own];
}
