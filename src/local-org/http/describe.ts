/** Describe and Describe Global payloads in the shape the REST API returns (the parts clients read). */
import { isLayoutable, isSearchable } from '../schema/capabilities';
import { Schema } from '../schema/registry';
import { recordTypeInfosOf } from '../schema/record-types';
import { FieldDef, ObjectDef } from '../schema/types';
import { isPermissionable } from '../security/permission-rows';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  address: 'urn:address',
  location: 'urn:location'
};

function urls(object: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  const served: Record<string, string> = {
    sobject: base,
    describe: `${base}/describe`,
    rowTemplate: `${base}/{ID}`
  };
  if (isLayoutable(object)) {
    served.layouts = `${base}/describe/layouts`;
    served.compactLayouts = `${base}/describe/compactLayouts`;
    served.listviews = `${base}/listviews`;
  }
  return served;
}

/** One entry of describe-global (also the `objectDescribe` of `GET /sobjects/X`). */
export function globalEntry(object: ObjectDef, version: string, objectsDir = ''): Record<string, unknown> {
  return {
    activateable: false,
    createable: object.createable,
    custom: object.custom,
    customSetting: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: isLayoutable(object),
    mergeable: false,
    mruEnabled: false,
    name: object.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: isSearchable(object, objectsDir),
    triggerable: true,
    undeletable: true,
    updateable: object.updateable,
    urls: urls(object, version)
  };
}

export function describeField(field: FieldDef): Record<string, unknown> {
  const textual = ![
    'boolean',
    'double',
    'int',
    'currency',
    'percent',
    'date',
    'datetime',
    'time',
    'address',
    'location'
  ].includes(field.type);
  const computed = field.computation !== null && field.computation.kind !== 'stored';
  // Compound fields (addresses, locations) are read whole: no filtering, sorting or grouping on them.
  const compound = field.type === 'address' || field.type === 'location';
  return {
    aggregatable: !compound && (field.type !== 'textarea' || field.length <= 255),
    autoNumber: field.autoNumberFormat !== null,
    byteLength: textual ? field.length * 3 : 0,
    calculated: computed || (field.computation?.kind === 'stored' && field.custom),
    calculatedFormula: field.computation?.kind === 'path' ? field.computation.path.join('.') : null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: field.compoundFieldName ?? null,
    createable: field.createable,
    custom: field.custom,
    defaultValue:
      field.type === 'boolean'
        ? Boolean(field.defaultValue)
        : typeof field.defaultValue === 'symbol'
          ? null
          : (field.defaultValue ?? null),
    defaultedOnCreate:
      field.defaultValue !== null ||
      field.type === 'boolean' ||
      [
        'Id',
        'OwnerId',
        'CreatedDate',
        'CreatedById',
        'LastModifiedDate',
        'LastModifiedById',
        'SystemModstamp',
        'IsDeleted'
      ].includes(field.name),
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? 9 : 0,
    externalId: field.externalId,
    filterable: !compound && (field.type !== 'textarea' || field.length <= 255),
    groupable: !compound && (textual || field.type === 'boolean' || field.type === 'date'),
    htmlFormatted: false,
    idLookup: field.name === 'Id' || field.externalId || (field.nameField && field.name !== 'Name'),
    inlineHelpText: field.inlineHelpText ?? null,
    label: field.label,
    length: textual ? field.length : 0,
    name: field.name,
    nameField: field.nameField,
    namePointing: field.type === 'reference' && field.referenceTo.length > 1,
    nillable: field.nillable,
    permissionable: isPermissionable(field),
    picklistValues: field.picklistValues.map((p) => ({
      active: p.active,
      defaultValue: p.defaultValue,
      label: p.label,
      validFor: null,
      value: p.value
    })),
    polymorphicForeignKey: field.type === 'reference' && field.referenceTo.length > 1,
    precision: field.precision,
    referenceTargetField: null,
    referenceTo: field.referenceTo,
    relationshipName: field.relationshipName,
    relationshipOrder: field.masterDetail ? 0 : null,
    restrictedDelete: field.deleteConstraint === 'Restrict',
    restrictedPicklist: field.restrictedPicklist,
    scale: field.scale,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    sortable: !compound && (field.type !== 'textarea' || field.length <= 255),
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: field.masterDetail
  };
}

/** Full describe of one object. */
export function describeObject(object: ObjectDef, version: string, objectsDir = ''): Record<string, unknown> {
  return {
    ...globalEntry(object, version, objectsDir),
    actionOverrides: [],
    childRelationships: object.childRelationships.map((c) => ({
      cascadeDelete: c.cascadeDelete,
      childSObject: c.recordType ?? c.childSObject,
      deprecatedAndHidden: false,
      field: c.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: c.relationshipName,
      restrictedDelete: c.restrictedDelete
    })),
    compactLayoutable: isLayoutable(object),
    fields: object.fields.map(describeField),
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: recordTypeInfosOf(object).map((rt) => ({
      active: rt.active,
      available: rt.available,
      defaultRecordTypeMapping: rt.defaultRecordTypeMapping,
      developerName: rt.developerName,
      master: rt.master,
      name: rt.name,
      recordTypeId: rt.recordTypeId,
      urls: {
        layout: `/services/data/v${version}/sobjects/${object.name}/describe/layouts/${rt.recordTypeId}`
      }
    })),
    supportedScopes: [{ label: 'All', name: 'everything' }],
    urls: urls(object, version)
  };
}

/** Describe Global. */
export function describeGlobal(schema: Schema, version: string, objectsDir = ''): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema.objects().map((o) => globalEntry(o, version, objectsDir))
  };
}
