import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateMetadataSource, type ValidationReport } from '../metadata/validate-project';
import { typesPackageToXsd } from '../metadata/types-schema';

/**
 * The schema every clone has (generated from @salesforce/types), so this suite runs without the
 * Metadata WSDL; what only the WSDL checks (element order) is tested in wsdl.test.ts.
 */
const xsd = typesPackageToXsd().xsd;
const OBJECT_DIR = 'force-app/main/default/objects/Thing__c';
/** Conversion plus two schema runs take 2-3 s; leave room for a loaded CI machine. */
const SLOW = 60_000;

/** A metadata file: the XML declaration, the root element in the metadata namespace, the body lines. */
function metadataFile(root: string, bodyLines: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="http://soap.sforce.com/2006/04/metadata">`,
    ...bodyLines.map((line) => `    ${line}`),
    `</${root}>`,
    ''
  ].join('\n');
}

const VALID_OBJECT = metadataFile('CustomObject', [
  '<deploymentStatus>Deployed</deploymentStatus>',
  '<description>A thing.</description>',
  '<label>Thing</label>',
  '<nameField>',
  '    <label>Thing Name</label>',
  '    <type>Text</type>',
  '</nameField>',
  '<pluralLabel>Things</pluralLabel>',
  '<sharingModel>ReadWrite</sharingModel>'
]);

function textField(name: string, extraLines: string[] = []): string {
  return metadataFile('CustomField', [
    `<fullName>${name}</fullName>`,
    '<description>A text field.</description>',
    '<label>Label</label>',
    '<length>80</length>',
    ...extraLines,
    '<type>Text</type>'
  ]);
}

/** A component's .js-meta.xml written the way Salesforce's documentation does: targets before targetConfigs. */
function componentMeta(extraLines: string[] = []): string {
  return metadataFile('LightningComponentBundle', [
    '<apiVersion>66.0</apiVersion>',
    '<isExposed>true</isExposed>',
    '<targets>',
    '    <target>lightning__RecordPage</target>',
    '</targets>',
    '<targetConfigs>',
    '    <targetConfig targets="lightning__RecordPage">',
    '        <objects>',
    '            <object>Lead</object>',
    '        </objects>',
    '    </targetConfig>',
    '</targetConfigs>',
    ...extraLines
  ]);
}
const LWC_DIR = 'force-app/main/default/lwc';

async function validateProject(
  files: Record<string, string>
): Promise<{ report: ValidationReport; root: string }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stride-validate-test-'));
  for (const [relativePath, contents] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relativePath)), { recursive: true });
    writeFileSync(path.join(root, relativePath), contents);
  }
  const report = await validateMetadataSource({
    sourceDir: path.join(root, 'force-app'),
    buildDir: path.join(root, '.build'),
    xsd,
    displayRoot: root
  });
  return { report, root };
}

describe('validateMetadataSource', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  describe('a valid package', () => {
    let report: ValidationReport;
    let root: string;
    beforeAll(async () => {
      ({ report, root } = await validateProject({
        [`${OBJECT_DIR}/Thing__c.object-meta.xml`]: VALID_OBJECT,
        [`${OBJECT_DIR}/fields/Code__c.field-meta.xml`]: textField('Code__c'),
        [`${OBJECT_DIR}/listViews/All.listView-meta.xml`]: metadataFile('ListView', [
          '<fullName>All</fullName>',
          '<columns>NAME</columns>',
          '<filterScope>Everything</filterScope>',
          '<label>All</label>'
        ]),
        [`${LWC_DIR}/thingPanel/thingPanel.js`]: 'export default class ThingPanel {}\n',
        [`${LWC_DIR}/thingPanel/thingPanel.js-meta.xml`]: componentMeta()
      }));
      roots.push(root);
    }, SLOW);

    it('reports no issue', () => {
      expect(report.issues).toEqual([]);
    });

    it('checks each source file and the converted object and package.xml', () => {
      expect(report.sourceFilesChecked).toBe(4);
      expect(report.convertedFilesChecked).toBe(3);
    });

    it('writes the converted object, children appended, under the build directory', () => {
      const converted = readFileSync(path.join(root, '.build/mdapi/objects/Thing__c.object'), 'utf8');
      expect(converted.indexOf('<fields>')).toBeGreaterThan(converted.indexOf('<sharingModel>'));
      expect(converted).toContain('<fullName>Code__c</fullName>');
    });
  });

  describe('a package with mistakes', () => {
    let issues: ValidationReport['issues'];
    const fieldPath = (name: string): string =>
      `force-app/main/default/objects/Thing__c/fields/${name}.field-meta.xml`;
    beforeAll(async () => {
      const { report, root } = await validateProject({
        [`${OBJECT_DIR}/Thing__c.object-meta.xml`]: VALID_OBJECT,
        [`${OBJECT_DIR}/fields/Misspelled__c.field-meta.xml`]: textField('Misspelled__c', [
          '<lenght>80</lenght>'
        ]),
        [`${OBJECT_DIR}/fields/Parent__c.field-meta.xml`]: metadataFile('CustomField', [
          '<fullName>Parent__c</fullName>',
          '<deleteConstraint>Nullify</deleteConstraint>',
          '<label>Parent</label>',
          '<referenceTo>Account</referenceTo>',
          '<relationshipName>Things</relationshipName>',
          '<type>Lookup</type>'
        ]),
        [`${OBJECT_DIR}/fields/Kind__c.field-meta.xml`]: metadataFile('CustomField', [
          '<fullName>Kind__c</fullName>',
          '<label>Kind</label>',
          '<length>80</length>',
          '<type>String</type>'
        ]),
        [`${OBJECT_DIR}/fields/Size__c.field-meta.xml`]: metadataFile('CustomField', [
          '<fullName>Size__c</fullName>',
          '<label>Size</label>',
          '<precision>six</precision>',
          '<type>Number</type>'
        ]),
        [`${OBJECT_DIR}/fields/Broken__c.field-meta.xml`]: metadataFile('CustomField', [
          '<fullName>Broken__c</fullName>',
          '<label>Broken</labl>'
        ]),
        [`${LWC_DIR}/badPanel/badPanel.js`]: 'export default class BadPanel {}\n',
        [`${LWC_DIR}/badPanel/badPanel.js-meta.xml`]: componentMeta(['<masterLabell>Bad</masterLabell>'])
      });
      roots.push(root);
      issues = report.issues;
    }, SLOW);

    const issuesOf = (name: string): Array<{ line: number; reason: string }> =>
      issues.filter((issue) => issue.file === fieldPath(name)).map(({ line, reason }) => ({ line, reason }));

    it('rejects a misspelled element at its line', () => {
      expect(issuesOf('Misspelled__c')).toEqual([
        {
          line: 7,
          reason: "Element 'lenght': This element is not expected."
        }
      ]);
    });

    it('rejects a value outside an enumeration', () => {
      expect(issuesOf('Parent__c')).toEqual([
        {
          line: 4,
          reason:
            "Element 'deleteConstraint': [facet 'enumeration'] The value 'Nullify' is not an element of the set {'Cascade', 'Restrict', 'SetNull'}."
        }
      ]);
    });

    it('rejects a field type that does not exist', () => {
      expect(issuesOf('Kind__c')).toEqual([
        {
          line: 6,
          reason: expect.stringMatching(
            /^Element 'type': \[facet 'enumeration'\] The value 'String' is not an element of the set \{'AutoNumber', 'Lookup', 'MasterDetail', 'Checkbox', .*'Text', 'TextArea', 'LongTextArea', .*\}\.$/
          )
        }
      ]);
    });

    it('rejects a value of the wrong simple type', () => {
      expect(issuesOf('Size__c')).toEqual([
        { line: 5, reason: "Element 'precision': 'six' is not a valid value of the atomic type 'xs:double'." }
      ]);
    });

    it('rejects malformed XML', () => {
      expect(issuesOf('Broken__c')).toEqual([
        { line: 4, reason: 'malformed XML: Opening and ending tag mismatch: label line 4 and labl' }
      ]);
    });

    it('reads component metadata in any element order but still rejects unknown elements, at their line', () => {
      expect(
        issues
          .filter((issue) => issue.file === `${LWC_DIR}/badPanel/badPanel.js-meta.xml`)
          .map(({ line, reason }) => ({ line, reason }))
      ).toEqual([{ line: 15, reason: "Element 'masterLabell': This element is not expected." }]);
    });

    it('reports nothing for the valid files beside them', () => {
      expect(issues.map((issue) => issue.file)).not.toContain(`${OBJECT_DIR}/Thing__c.object-meta.xml`);
      expect(issues).toHaveLength(6);
    });
  });

  it(
    'reports a file the resolver cannot place, at that file',
    async () => {
      const { report, root } = await validateProject({
        [`${OBJECT_DIR}/Thing__c.object-meta.xml`]: VALID_OBJECT,
        [`${OBJECT_DIR}/fields/Code__c.fields-meta.xml`]: textField('Code__c')
      });
      roots.push(root);
      expect(report.issues).toEqual([
        {
          file: `${OBJECT_DIR}/fields/Code__c.fields-meta.xml`,
          line: 1,
          reason: expect.stringMatching(
            /^Unexpected child metadata \[.*Code__c\.fields-meta\.xml\] found for parent type \[CustomObject\]$/
          )
        }
      ]);
      expect(report.sourceFilesChecked).toBe(0);
    },
    SLOW
  );
});
