import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateAgainstSchema } from '../metadata/schema-validation';
import { elementOrder, resolveWsdlPath, WsdlNotFoundError, wsdlToXsd } from '../metadata/wsdl';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * A miniature Metadata WSDL in the real one's shape (an embedded schema whose metadata types extend
 * tns:Metadata, some indirectly), so these tests do not depend on the WSDL being on the machine.
 */
const MINI_WSDL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="http://soap.sforce.com/2006/04/metadata">
 <types>
  <xsd:schema elementFormDefault="qualified" targetNamespace="http://soap.sforce.com/2006/04/metadata">
   <xsd:complexType name="Metadata">
    <xsd:sequence>
     <xsd:element name="fullName" minOccurs="0" type="xsd:string"/>
    </xsd:sequence>
   </xsd:complexType>
   <xsd:complexType name="CompactLayout">
    <xsd:complexContent>
     <xsd:extension base="tns:Metadata">
      <xsd:sequence>
       <xsd:element name="module" minOccurs="0" type="xsd:string"/>
       <xsd:element name="fields" minOccurs="0" maxOccurs="unbounded" type="xsd:string"/>
       <xsd:element name="label" type="xsd:string"/>
      </xsd:sequence>
     </xsd:extension>
    </xsd:complexContent>
   </xsd:complexType>
   <xsd:complexType name="MetadataWithContent">
    <xsd:complexContent>
     <xsd:extension base="tns:Metadata">
      <xsd:sequence>
       <xsd:element name="content" minOccurs="0" type="xsd:base64Binary"/>
      </xsd:sequence>
     </xsd:extension>
    </xsd:complexContent>
   </xsd:complexType>
   <xsd:complexType name="StaticResource">
    <xsd:complexContent>
     <xsd:extension base="tns:MetadataWithContent">
      <xsd:sequence>
       <xsd:element name="contentType" type="xsd:string"/>
      </xsd:sequence>
     </xsd:extension>
    </xsd:complexContent>
   </xsd:complexType>
   <xsd:complexType name="DeployResult">
    <xsd:sequence>
     <xsd:element name="id" type="xsd:string"/>
    </xsd:sequence>
   </xsd:complexType>
  </xsd:schema>
 </types>
</definitions>
`;

describe('resolveWsdlPath', () => {
  let dir: string;
  let otherWsdl: string;
  let cloneRoot: string;
  let sharedWsdl: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stride-wsdl-test-'));
    otherWsdl = path.join(dir, 'metadata.wsdl');
    writeFileSync(otherWsdl, '<definitions/>');
    // A clone at <dir>/repo with the team's WSDL beside it at <dir>/shared/salesforce.
    cloneRoot = path.join(dir, 'repo');
    sharedWsdl = path.join(dir, 'shared', 'salesforce', 'metadata-66.0.wsdl');
    mkdirSync(cloneRoot);
    mkdirSync(path.dirname(sharedWsdl), { recursive: true });
    writeFileSync(sharedWsdl, MINI_WSDL);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to ../shared/salesforce/metadata-66.0.wsdl next to the repository', () => {
    expect(resolveWsdlPath({ repoRoot: cloneRoot, env: {} })).toBe(sharedWsdl);
  });

  it('prefers the environment variable to the default', () => {
    expect(resolveWsdlPath({ repoRoot, env: { STRIDE_METADATA_WSDL: otherWsdl } })).toBe(otherWsdl);
  });

  it('prefers the --wsdl option to the environment variable', () => {
    expect(
      resolveWsdlPath({
        repoRoot: cloneRoot,
        optionPath: otherWsdl,
        env: { STRIDE_METADATA_WSDL: sharedWsdl }
      })
    ).toBe(otherWsdl);
  });

  it('explains where it looked and how to download the WSDL when it is missing', () => {
    const missing = path.join(dir, 'nowhere.wsdl');
    const attempt = (): string => resolveWsdlPath({ repoRoot, env: { STRIDE_METADATA_WSDL: missing } });
    expect(attempt).toThrow(WsdlNotFoundError);
    expect(attempt).toThrow(
      `Metadata API WSDL not found at ${missing} (STRIDE_METADATA_WSDL environment variable).`
    );
    expect(attempt).toThrow('Setup → Integrations → API → "Generate Metadata WSDL"');
  });
});

describe('wsdlToXsd', () => {
  const { xsd, rootTypes } = wsdlToXsd(MINI_WSDL);

  it('declares a root element for every metadata type, including indirect subtypes', () => {
    expect(rootTypes).toEqual(['CompactLayout', 'MetadataWithContent', 'StaticResource']);
    expect(xsd).toContain('<xsd:element name="StaticResource" type="tns:StaticResource"/>');
    expect(xsd).not.toContain('<xsd:element name="DeployResult"');
  });

  it('declares the namespaces the embedded schema relies on', () => {
    expect(xsd).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<xsd:schema xmlns:xsd="http:\/\/www.w3.org\/2001\/XMLSchema" xmlns:tns="http:\/\/soap.sforce.com\/2006\/04\/metadata"/
    );
  });

  it('lists the elements of a type in sequence order, base type first', () => {
    expect(elementOrder(xsd, 'CompactLayout')).toEqual(['fullName', 'module', 'fields', 'label']);
  });

  it('rejects a file that is not a WSDL with an embedded schema', () => {
    expect(() => wsdlToXsd('<definitions/>')).toThrow('The WSDL has no embedded <xsd:schema> element');
  });
});

describe('npm run validate:metadata without a WSDL', () => {
  it('exits with status 2 and tells how to get the WSDL', () => {
    const result = spawnSync(
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      ['scripts/validate-metadata.ts', '--wsdl', '/nonexistent/metadata.wsdl'],
      { cwd: repoRoot, encoding: 'utf8' }
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'Metadata API WSDL not found at /nonexistent/metadata.wsdl (--wsdl option).'
    );
    expect(result.stderr).toContain('Generate Metadata WSDL');
  }, 60_000);
});

describe('the schema from the WSDL checks element order', () => {
  const { xsd } = wsdlToXsd(MINI_WSDL);
  const compactLayout = (body: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<CompactLayout xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}\n</CompactLayout>\n`;

  it('accepts elements in sequence order', async () => {
    const issues = await validateAgainstSchema(
      [{ path: 'a.compactLayout-meta.xml', contents: compactLayout('<module>m</module>\n<label>L</label>') }],
      xsd
    );
    expect(issues).toEqual([]);
  });

  it('rejects an element out of sequence order, at its line', async () => {
    const issues = await validateAgainstSchema(
      [{ path: 'b.compactLayout-meta.xml', contents: compactLayout('<label>L</label>\n<module>m</module>') }],
      xsd
    );
    expect(issues).toEqual([
      {
        file: 'b.compactLayout-meta.xml',
        line: 4,
        reason: "Element 'module': This element is not expected."
      }
    ]);
  });
});
