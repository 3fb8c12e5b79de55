/**
 * `ui-api/object-info`: object metadata (`/object-info/{object}`, `/object-info/batch/{a,b}`) and
 * picklist values by record type (`/object-info/{object}/picklist-values/{recordTypeId}[/{field}]`),
 * in the UI API's ObjectInfo and PicklistValues shapes, from the same catalogue describe serves.
 */
import { createHash } from 'node:crypto';
import { SalesforceError } from '../errors';
import type { ApiRequest, ApiResponse } from '../http/types';
import type { OrgState } from '../org-state';
import {
  defaultRecordTypeId,
  findRecordType,
  MASTER_RECORD_TYPE_ID,
  picklistForRecordType,
  recordTypeInfosOf
} from '../schema/record-types';
import { FieldDef, FieldType, ObjectDef, PicklistEntry } from '../schema/types';
import type { UserAccess } from '../security/access';
import type { UiApiAccess } from './access';
import { uiError } from './ui-errors';

/** The master record type every object has (re-exported for the record representations). */
export { MASTER_RECORD_TYPE_ID };

const DATA_TYPES: Record<FieldType, string> = {
  id: 'Id',
  string: 'String',
  textarea: 'TextArea',
  boolean: 'Boolean',
  double: 'Double',
  int: 'Int',
  currency: 'Currency',
  percent: 'Percent',
  date: 'Date',
  datetime: 'DateTime',
  time: 'Time',
  email: 'Email',
  phone: 'Phone',
  url: 'Url',
  picklist: 'Picklist',
  multipicklist: 'MultiPicklist',
  reference: 'Reference',
  address: 'Address',
  location: 'Location'
};

/** A stable entity tag for a JSON payload. */
export function eTagOf(payload: unknown): string {
  return createHash('md5').update(JSON.stringify(payload)).digest('hex');
}

function nameFieldsOf(object: ObjectDef): string[] {
  const named = object.fields.filter((f) => f.nameField).map((f) => f.name);
  if (named.length) return named;
  return object.fields.some((f) => f.name === 'Name') ? ['Name'] : [];
}

export class ObjectInfoApi {
  constructor(
    private readonly org: OrgState,
    private readonly access: UiApiAccess
  ) {}

  handle(req: ApiRequest, parts: string[]): ApiResponse {
    if (req.method !== 'GET') {
      throw new SalesforceError(
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are GET`,
        [],
        405
      );
    }
    const [first, second, third, fourth] = parts;
    const access = this.access.forUser(req.userId);
    if (first === 'batch' && parts.length === 2) return { status: 200, body: this.batch(second, access) };
    if (parts.length === 1) return { status: 200, body: this.objectInfo(this.object(first, access), access) };
    if (second === 'picklist-values' && (parts.length === 3 || parts.length === 4)) {
      const object = this.object(first, access);
      this.recordType(object, third);
      if (parts.length === 3)
        return { status: 200, body: this.picklistValuesByRecordType(object, third, req.version, access) };
      return { status: 200, body: this.picklistField(object, third, fourth, req.version, access) };
    }
    throw uiError('NOT_FOUND', 'The requested resource does not exist', 404);
  }

  /** The object a URL names; one the user cannot read does not exist for them (404, as in REST). */
  private object(name: string, access: UserAccess): ObjectDef {
    const object = this.org.schema.find(name ?? '');
    if (!object || !access.canReadObject(object)) {
      throw uiError(
        'NOT_FOUND',
        `The requested resource does not exist: object ${name} is not supported`,
        404
      );
    }
    return object;
  }

  private recordType(object: ObjectDef, id: string): void {
    if (!findRecordType(object, id)) {
      throw uiError('INVALID_TYPE', `Invalid record type ID: ${id}`, 400);
    }
  }

  /** `{ results: [{ result, statusCode }] }`, one entry per name, failures in place. */
  private batch(names: string, access: UserAccess): Record<string, unknown> {
    return {
      results: names.split(',').map((name) => {
        const object = this.org.schema.find(name.trim());
        return object && access.canReadObject(object)
          ? { result: this.objectInfo(object, access), statusCode: 200 }
          : {
              result: [
                {
                  errorCode: 'NOT_FOUND',
                  message: `The requested resource does not exist: object ${name} is not supported`
                }
              ],
              statusCode: 404
            };
      })
    };
  }

  /** ObjectInfo as this user sees it: readable fields only, create/update/delete as permitted. */
  objectInfo(object: ObjectDef, access: UserAccess): Record<string, unknown> {
    const permission = access.objectPermission(object);
    const fields = Object.fromEntries(
      object.fields
        .filter((field) => access.canReadField(object, field))
        .map((field) => [field.name, this.fieldInfo(object, field, access)])
    );
    const info: Record<string, unknown> = {
      apiName: object.name,
      associateEntityType: null,
      associateParentEntity: null,
      childRelationships: object.childRelationships
        .filter((c) => c.relationshipName)
        .map((c) => ({
          childObjectApiName: c.childSObject,
          fieldName: c.field,
          junctionIdListNames: [],
          junctionReferenceTo: [],
          relationshipName: c.relationshipName
        })),
      compactLayoutable: true,
      createable: object.createable && permission.create,
      custom: object.custom,
      defaultRecordTypeId: defaultRecordTypeId(object),
      deletable: object.deletable && permission.delete,
      dependentFields: {},
      feedEnabled: false,
      fields,
      keyPrefix: object.keyPrefix,
      label: object.label,
      labelPlural: object.labelPlural,
      layoutable: true,
      mruEnabled: false,
      nameFields: nameFieldsOf(object),
      queryable: true,
      recordTypeInfos: Object.fromEntries(
        recordTypeInfosOf(object).map((rt) => [
          rt.recordTypeId,
          {
            available: rt.available,
            defaultRecordTypeMapping: rt.defaultRecordTypeMapping,
            master: rt.master,
            name: rt.name,
            recordTypeId: rt.recordTypeId
          }
        ])
      ),
      searchLayoutable: true,
      searchable: true,
      themeInfo: null,
      updateable: object.updateable && permission.edit
    };
    return { ...info, eTag: eTagOf(info) };
  }

  private fieldInfo(object: ObjectDef, field: FieldDef, access: UserAccess): Record<string, unknown> {
    const permission = access.objectPermission(object);
    const editable = access.canEditField(object, field);
    const reference = field.type === 'reference';
    const computed = field.computation !== null && field.computation.kind !== 'stored';
    return {
      apiName: field.name,
      calculated: computed || field.autoNumberFormat !== null,
      compound: false,
      compoundComponentName: null,
      compoundFieldName: null,
      controllerName: null,
      controllingFields: [],
      createable: field.createable && permission.create && editable,
      custom: field.custom,
      dataType: DATA_TYPES[field.type],
      extraTypeInfo: field.type === 'textarea' && field.length > 255 ? 'PlainTextArea' : null,
      filterable: !(field.type === 'textarea' && field.length > 255),
      filteredLookupInfo: null,
      highScaleNumber: false,
      htmlFormatted: false,
      inlineHelpText: field.inlineHelpText ?? null,
      label: field.label,
      length: field.length,
      nameField: field.nameField || (field.name === 'Name' && !field.custom),
      polymorphicForeignKey: reference && field.referenceTo.length > 1,
      precision: field.precision,
      reference,
      referenceTargetField: null,
      referenceToInfos: field.referenceTo.map((target) => {
        const parent = this.org.schema.find(target);
        return { apiName: target, nameFields: parent ? nameFieldsOf(parent) : ['Name'] };
      }),
      relationshipName: field.relationshipName,
      required: field.required,
      scale: field.scale,
      searchPrefilterable: false,
      sortable: !['multipicklist'].includes(field.type) && !(field.type === 'textarea' && field.length > 255),
      unique: field.unique,
      updateable: field.updateable && permission.edit && editable
    };
  }

  private picklistValuesByRecordType(
    object: ObjectDef,
    recordTypeId: string,
    version: string,
    access: UserAccess
  ): Record<string, unknown> {
    const picklistFieldValues = Object.fromEntries(
      object.fields
        .filter(
          (f) => (f.type === 'picklist' || f.type === 'multipicklist') && access.canReadField(object, f)
        )
        .map((field) => [field.name, this.picklistValues(object, field, recordTypeId, version)])
    );
    return { eTag: eTagOf(picklistFieldValues), picklistFieldValues };
  }

  private picklistField(
    object: ObjectDef,
    recordTypeId: string,
    fieldName: string,
    version: string,
    access: UserAccess
  ): Record<string, unknown> {
    const field = this.org.schema.field(object, fieldName);
    const picklist = field && (field.type === 'picklist' || field.type === 'multipicklist');
    if (!field || !picklist || !access.canReadField(object, field)) {
      throw uiError(
        'NOT_FOUND',
        `The requested resource does not exist: ${object.name}.${fieldName} is not a picklist field`,
        404
      );
    }
    return this.picklistValues(object, field, recordTypeId, version);
  }

  /** The active values of a picklist for a record type, in the metadata's order. */
  private picklistValues(
    object: ObjectDef,
    field: FieldDef,
    recordTypeId: string,
    version: string
  ): Record<string, unknown> {
    const entry = (p: PicklistEntry) => ({ attributes: null, label: p.label, validFor: [], value: p.value });
    const { values: active, defaultValue: defaultEntry } = picklistForRecordType(object, field, recordTypeId);
    const payload = {
      controllerValues: {},
      defaultValue: defaultEntry ? entry(defaultEntry) : null,
      url: `/services/data/v${version}/ui-api/object-info/${object.name}/picklist-values/${recordTypeId}/${field.name}`,
      values: active.map(entry)
    };
    return { ...payload, eTag: eTagOf(payload) };
  }
}
