import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { elementOrder, resolveWsdlPath, WsdlNotFoundError, wsdlToXsd } from '../metadata/wsdl';

const repoRoot = path.resolve(__dirname, '..', '..');
const sharedWsdl = path.resolve(repoRoot, '../shared/salesforce/metadata-66.0.wsdl');

describe('resolveWsdlPath', () => {
  let dir: string;
  let otherWsdl: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stride-wsdl-test-'));
    otherWsdl = path.join(dir, 'metadata.wsdl');
    writeFileSync(otherWsdl, '<definitions/>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to ../shared/salesforce/metadata-66.0.wsdl next to the repository', () => {
    expect(resolveWsdlPath({ repoRoot, env: {} })).toBe(sharedWsdl);
  });

  it('prefers the environment variable to the default', () => {
    expect(resolveWsdlPath({ repoRoot, env: { STRIDE_METADATA_WSDL: otherWsdl } })).toBe(otherWsdl);
  });

  it('prefers the --wsdl option to the environment variable', () => {
    expect(
      resolveWsdlPath({ repoRoot, optionPath: otherWsdl, env: { STRIDE_METADATA_WSDL: sharedWsdl } })
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
  const { xsd, rootTypes } = wsdlToXsd(readFileSync(sharedWsdl, 'utf8'));

  it('declares a root element for every metadata type, including indirect subtypes', () => {
    expect(rootTypes).toHaveLength(898);
    expect(rootTypes).toEqual(
      expect.arrayContaining(['CustomObject', 'CustomField', 'ListView', 'PermissionSet'])
    );
    expect(xsd).toContain('<xsd:element name="CustomObject" type="tns:CustomObject"/>');
    expect(rootTypes).not.toContain('DeployResult');
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
