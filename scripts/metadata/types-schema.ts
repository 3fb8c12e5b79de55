/**
 * A Metadata API XSD generated from `@salesforce/types` (`lib/metadata.d.ts`), for machines that have
 * no Metadata WSDL.
 *
 * Salesforce generates those TypeScript types from the same WSDLs (forcedotcom/wsdl), so they carry
 * every metadata type's elements, their types and every enumeration. They do not carry the WSDL's
 * element order or which elements are required (the types list properties alphabetically), so the
 * schema built here accepts a type's elements in any order and any number of times: it checks names,
 * value types and enumerations, and the WSDL stays the stricter source when it is present.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { GeneratedSchema } from './wsdl';

const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** Path of the metadata types inside the installed `@salesforce/types` package. */
export function metadataTypesPath(): string {
  // The package exports only the (empty) runtime module; its declarations sit beside it.
  return require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
}

interface Element {
  name: string;
  type: string;
  repeated: boolean;
}

type Declaration =
  | { kind: 'enumeration'; values: string[] }
  | { kind: 'string' }
  | { kind: 'complex'; bases: string[]; elements: Element[] };

const SCALARS: Record<string, string> = {
  string: 'xsd:string',
  boolean: 'xsd:boolean',
  number: 'xsd:double',
  Date: 'xsd:dateTime'
};

/**
 * Builds the XSD from the text of `metadata.d.ts`: one complex type per object type (its own
 * elements and its bases' elements, in any order), one simple type per string union, and a global
 * element for every type that extends `Metadata`, since metadata files use those as their root.
 *
 * @example
 * const { xsd, rootTypes } = typesToXsd(readFileSync(metadataTypesPath(), 'utf8'));
 * rootTypes.includes('CustomObject') //=> true
 */
export function typesToXsd(declarations: string): GeneratedSchema {
  const source = ts.createSourceFile('metadata.d.ts', declarations, ts.ScriptTarget.Latest, true);
  const types = new Map<string, Declaration>();
  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      const declaration = describe(statement.type);
      if (declaration) types.set(statement.name.text, declaration);
    }
  }
  if (!types.has('Metadata')) throw new Error('metadata.d.ts declares no Metadata type.');

  const elementsOf = (name: string, seen = new Set<string>()): Element[] => {
    const declaration = types.get(name);
    if (declaration?.kind !== 'complex' || seen.has(name)) return [];
    seen.add(name);
    const all = [...declaration.bases.flatMap((base) => elementsOf(base, seen)), ...declaration.elements];
    // A derived type may redeclare a base element; XSD allows one declaration per name in a group.
    return [...new Map(all.map((element) => [element.name, element])).values()];
  };
  const extendsMetadata = (name: string, seen = new Set<string>()): boolean => {
    const declaration = types.get(name);
    if (declaration?.kind !== 'complex' || seen.has(name)) return false;
    seen.add(name);
    return declaration.bases.some((base) => base === 'Metadata' || extendsMetadata(base, seen));
  };

  const parts: string[] = [];
  for (const [name, declaration] of types) {
    if (declaration.kind === 'enumeration') {
      const values = declaration.values.map((value) => `<xsd:enumeration value="${escape(value)}"/>`);
      parts.push(
        `<xsd:simpleType name="${name}"><xsd:restriction base="xsd:string">${values.join('')}</xsd:restriction></xsd:simpleType>`
      );
    } else if (declaration.kind === 'string') {
      parts.push(`<xsd:simpleType name="${name}"><xsd:restriction base="xsd:string"/></xsd:simpleType>`);
    } else {
      const elements = elementsOf(name).map((element) => elementXsd(name, element, types));
      const content = elements.length
        ? `<xsd:choice minOccurs="0" maxOccurs="unbounded">${elements.join('')}</xsd:choice>`
        : '';
      parts.push(`<xsd:complexType name="${name}"><xsd:sequence>${content}</xsd:sequence></xsd:complexType>`);
    }
  }
  const rootTypes = [...types.keys()].filter((name) => extendsMetadata(name)).sort();
  const globals = rootTypes.map((type) => `<xsd:element name="${type}" type="tns:${type}"/>`);
  const xsd =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${METADATA_NAMESPACE}" ` +
    `elementFormDefault="qualified" targetNamespace="${METADATA_NAMESPACE}">\n` +
    [...parts, ...globals].join('\n') +
    '\n</xsd:schema>\n';
  return { xsd, rootTypes };
}

/** Reads `metadata.d.ts` from the installed package and builds the XSD from it. */
export function typesPackageToXsd(): GeneratedSchema {
  return typesToXsd(readFileSync(metadataTypesPath(), 'utf8'));
}

function describe(node: ts.TypeNode): Declaration | undefined {
  if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: 'string' };
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
    return { kind: 'enumeration', values: [node.literal.text] };
  }
  if (ts.isUnionTypeNode(node)) {
    const values = node.types.map((member) =>
      ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal) ? member.literal.text : undefined
    );
    if (values.every((value): value is string => value !== undefined)) return { kind: 'enumeration', values };
    return undefined;
  }
  if (ts.isTypeLiteralNode(node)) return { kind: 'complex', bases: [], elements: membersOf(node) };
  if (ts.isIntersectionTypeNode(node)) {
    const bases: string[] = [];
    const elements: Element[] = [];
    for (const member of node.types) {
      if (ts.isTypeReferenceNode(member)) bases.push(member.typeName.getText());
      else if (ts.isTypeLiteralNode(member)) elements.push(...membersOf(member));
    }
    return { kind: 'complex', bases, elements };
  }
  if (ts.isTypeReferenceNode(node))
    return { kind: 'complex', bases: [node.typeName.getText()], elements: [] };
  return undefined;
}

function membersOf(literal: ts.TypeLiteralNode): Element[] {
  const elements: Element[] = [];
  for (const member of literal.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const repeated = ts.isArrayTypeNode(member.type);
    const valueType = ts.isArrayTypeNode(member.type) ? member.type.elementType : member.type;
    elements.push({ name: member.name.getText(), type: valueType.getText(), repeated });
  }
  return elements;
}

function elementXsd(owner: string, element: Element, types: Map<string, Declaration>): string {
  // The one deliberate patch, as for the WSDL: the types say `targetConfigs` is a string (base64 in
  // the WSDL), yet every .js-meta.xml writes it as nested XML and the API accepts that.
  if (owner === 'LightningComponentBundle' && element.name === 'targetConfigs') {
    return '<xsd:element name="targetConfigs"><xsd:complexType mixed="true"><xsd:sequence><xsd:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence><xsd:anyAttribute processContents="skip"/></xsd:complexType></xsd:element>';
  }
  const type = SCALARS[element.type] ?? (types.has(element.type) ? `tns:${element.type}` : 'xsd:string');
  return `<xsd:element name="${element.name}" type="${type}"/>`;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
