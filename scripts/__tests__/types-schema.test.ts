import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateAgainstSchema } from '../metadata/schema-validation';
import { loadMetadataSchema } from '../metadata/schema-source';
import { typesToXsd } from '../metadata/types-schema';
import { WsdlNotFoundError } from '../metadata/wsdl';

/** A miniature metadata.d.ts in the shape @salesforce/types generates. */
const MINI_TYPES = `
export type DeleteConstraint = 'Cascade' | 'Restrict' | 'SetNull';
export type FieldType = 'Text' | 'Lookup';
export type Metadata = {
    fullName?: string;
};
export type ValueSetting = {
    controllingFieldValue: string[];
    valueName: string;
};
export type CustomField = Metadata & {
    deleteConstraint?: DeleteConstraint;
    label?: string;
    length?: number;
    required?: boolean;
    type?: FieldType;
    valueSettings: ValueSetting[];
};
export type DeployResult = {
    id: string;
};
`;

const field = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}\n</CustomField>\n`;

describe('typesToXsd', () => {
  const { xsd, rootTypes } = typesToXsd(MINI_TYPES);

  it('declares a root element for the types that extend Metadata only', () => {
    expect(rootTypes).toEqual(['CustomField']);
    expect(xsd).toContain('<xsd:element name="CustomField" type="tns:CustomField"/>');
    expect(xsd).not.toContain('<xsd:element name="DeployResult"');
  });

  it('accepts a type’s elements in any order, its base type’s included, and repeated lists', async () => {
    const contents = field(
      [
        '<type>Lookup</type>',
        '<fullName>Parent__c</fullName>',
        '<valueSettings><valueName>A</valueName><controllingFieldValue>X</controllingFieldValue>' +
          '<controllingFieldValue>Y</controllingFieldValue></valueSettings>',
        '<label>Parent</label>',
        '<length>80</length>',
        '<required>false</required>'
      ].join('\n')
    );
    expect(await validateAgainstSchema([{ path: 'ok.field-meta.xml', contents }], xsd)).toEqual([]);
  });

  it('rejects unknown elements, values outside an enumeration and values of the wrong type, at their line', async () => {
    const contents = field(
      [
        '<lenght>80</lenght>',
        '<deleteConstraint>Nullify</deleteConstraint>',
        '<required>maybe</required>'
      ].join('\n')
    );
    expect(await validateAgainstSchema([{ path: 'bad.field-meta.xml', contents }], xsd)).toEqual([
      {
        file: 'bad.field-meta.xml',
        line: 3,
        reason:
          "Element 'lenght': This element is not expected. Expected is one of ( fullName, deleteConstraint, label, length, required, type, valueSettings )."
      }
    ]);
    const enumeration = field('<deleteConstraint>Nullify</deleteConstraint>\n<required>maybe</required>');
    expect(await validateAgainstSchema([{ path: 'bad.field-meta.xml', contents: enumeration }], xsd)).toEqual(
      [
        {
          file: 'bad.field-meta.xml',
          line: 3,
          reason:
            "Element 'deleteConstraint': [facet 'enumeration'] The value 'Nullify' is not an element of the set {'Cascade', 'Restrict', 'SetNull'}."
        },
        {
          file: 'bad.field-meta.xml',
          line: 4,
          reason: "Element 'required': 'maybe' is not a valid value of the atomic type 'xs:boolean'."
        }
      ]
    );
  });

  it('refuses declarations without a Metadata type', () => {
    expect(() => typesToXsd("export type A = 'x';")).toThrow('metadata.d.ts declares no Metadata type.');
  });
});

describe('loadMetadataSchema', () => {
  let scratch: string;
  let lonelyClone: string;
  beforeAll(() => {
    // <scratch>/repo, so that ../shared is <scratch>/shared, which nobody else creates.
    scratch = mkdtempSync(path.join(os.tmpdir(), 'stride-lonely-clone-'));
    lonelyClone = path.join(scratch, 'repo');
    mkdirSync(lonelyClone);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('falls back to the schema from @salesforce/types when no WSDL is beside the clone, and says so', () => {
    const schema = loadMetadataSchema({ repoRoot: lonelyClone, env: {} });
    expect(schema.origin).toBe('types');
    expect(schema.description).toBe(
      '@salesforce/types metadata.d.ts (no Metadata WSDL at ../shared/salesforce/metadata-66.0.wsdl; ' +
        'element order and required elements unchecked)'
    );
    expect(schema.rootTypes).toEqual(
      expect.arrayContaining(['CustomObject', 'CustomField', 'PermissionSet'])
    );
  });

  it('does not fall back when the WSDL was named and is missing', () => {
    const named = path.join(lonelyClone, 'named.wsdl');
    expect(() => loadMetadataSchema({ repoRoot: lonelyClone, env: { STRIDE_METADATA_WSDL: named } })).toThrow(
      WsdlNotFoundError
    );
    expect(() => loadMetadataSchema({ repoRoot: lonelyClone, optionPath: named, env: {} })).toThrow(
      WsdlNotFoundError
    );
  });
});
