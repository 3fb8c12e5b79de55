/**
 * The org's schema: the standard-object catalogue merged with the package's object metadata,
 * optionally under a namespace, with audit fields, key prefixes and child relationships resolved.
 */
import { createHash } from 'node:crypto';
import { loadObjectMetadata, LoadedObject } from './metadata-loader';
import { STANDARD_OBJECTS } from './standard-objects';
import { ChildRelationship, FieldDef, FieldSpec, makeField, ObjectDef, RecordTypeDef } from './types';

export interface SchemaOptions {
  /** Folder holding `<Object>/<Object>.object-meta.xml` and `<Object>/fields/*.field-meta.xml`. */
  objectsDir: string;
  /** Managed-package namespace to serve the custom objects and fields under (e.g. `stride`). */
  namespace?: string;
}

const CUSTOM_SUFFIX = /__(c|r)$/;

export class Schema {
  readonly namespace: string | undefined;
  private readonly byLowerName = new Map<string, ObjectDef>();
  private readonly byPrefix = new Map<string, ObjectDef>();

  constructor(objects: ObjectDef[], namespace?: string) {
    this.namespace = namespace;
    for (const object of objects) {
      this.byLowerName.set(object.name.toLowerCase(), object);
      this.byPrefix.set(object.keyPrefix, object);
    }
    this.linkChildren();
  }

  /** All objects, in describe-global order (by name). */
  objects(): ObjectDef[] {
    return [...this.byLowerName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Finds an object by API name, case-insensitively. */
  find(name: string): ObjectDef | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** Finds the object an id belongs to by its key prefix. */
  findByPrefix(prefix: string): ObjectDef | undefined {
    return this.byPrefix.get(prefix);
  }

  /** Finds a field of an object, case-insensitively. */
  field(object: ObjectDef, name: string): FieldDef | undefined {
    return object.fieldsByLowerName.get(name.toLowerCase());
  }

  /**
   * Adds the namespace prefix to a custom name written without it (`Sequence__c` →
   * `stride__Sequence__c`), leaving standard names and already-prefixed names alone.
   */
  qualify(name: string): string {
    return qualify(name, this.namespace);
  }

  private linkChildren(): void {
    for (const object of this.byLowerName.values()) {
      for (const field of object.fields) {
        if (field.type !== 'reference') continue;
        for (const target of field.referenceTo) {
          const parent = this.find(target);
          if (!parent) continue;
          const relationship: ChildRelationship = {
            childSObject: object.name,
            field: field.name,
            relationshipName: childRelationshipName(object, field),
            cascadeDelete: field.deleteConstraint === 'Cascade',
            restrictedDelete: field.deleteConstraint === 'Restrict'
          };
          parent.childRelationships.push(relationship);
        }
      }
    }
    this.linkActivityRelationships();
  }

  /**
   * ActivityHistories (closed tasks) and OpenActivities (open tasks) on every parent of Task: over
   * WhoId for people, AccountId for accounts (tasks on the account or its contacts and deals), and
   * WhatId for the rest. Records report the types ActivityHistory and OpenActivity.
   */
  private linkActivityRelationships(): void {
    const task = this.find('Task');
    if (!task) return;
    for (const parent of this.byLowerName.values()) {
      const links = task.fields.filter(
        (f) =>
          f.type === 'reference' &&
          ['WhoId', 'WhatId', 'AccountId'].includes(f.name) &&
          f.referenceTo.includes(parent.name)
      );
      const link = links.find((f) => f.name === 'AccountId') ?? links[0];
      if (!link || parent.name === 'User') continue;
      for (const [relationshipName, recordType, closed] of [
        ['ActivityHistories', 'ActivityHistory', 1],
        ['OpenActivities', 'OpenActivity', 0]
      ] as const) {
        parent.childRelationships.push({
          childSObject: 'Task',
          field: link.name,
          relationshipName,
          cascadeDelete: false,
          restrictedDelete: false,
          condition: `{alias}."IsClosed" = ${closed}`,
          recordType
        });
      }
    }
  }
}

function qualify(name: string, namespace: string | undefined): string {
  if (!namespace || !CUSTOM_SUFFIX.test(name)) return name;
  const stem = name.replace(CUSTOM_SUFFIX, '');
  return stem.includes('__') ? name : `${namespace}__${name}`;
}

/** Standard child relationship names Stride uses, and the custom ones derived from the field. */
const STANDARD_CHILD_NAMES: Record<string, string> = {
  'Contact.AccountId': 'Contacts',
  'Opportunity.AccountId': 'Opportunities',
  'OpportunityContactRole.OpportunityId': 'OpportunityContactRoles',
  'OpportunityContactRole.ContactId': 'OpportunityContactRoles',
  'CampaignMember.CampaignId': 'CampaignMembers',
  'CampaignMember.LeadId': 'CampaignMembers',
  'CampaignMember.ContactId': 'CampaignMembers',
  'Task.WhoId': 'Tasks',
  'Task.WhatId': 'Tasks',
  'EmailMessage.RelatedToId': 'Emails',
  'User.ManagerId': 'ManagedUsers'
};

function childRelationshipName(child: ObjectDef, field: FieldDef): string | null {
  const standard = STANDARD_CHILD_NAMES[`${child.name}.${field.name}`];
  if (standard) return standard;
  if (field.childRelationshipName) return field.childRelationshipName;
  if (!field.custom) return null;
  // Without a name in metadata, use the child object's plural as the setup UI proposes.
  return child.custom ? child.name.replace(/__c$/, 's__r') : `${child.name}s__r`;
}

function auditFields(): FieldSpec[] {
  const readOnly = {
    createable: false,
    updateable: false,
    nillable: false,
    computation: { kind: 'stored' as const }
  };
  return [
    { name: 'Id', type: 'id', label: 'Record ID', ...readOnly },
    { name: 'IsDeleted', type: 'boolean', label: 'Deleted', ...readOnly },
    { name: 'CreatedDate', type: 'datetime', label: 'Created Date', ...readOnly },
    {
      name: 'CreatedById',
      type: 'reference',
      label: 'Created By ID',
      referenceTo: ['User'],
      relationshipName: 'CreatedBy',
      ...readOnly
    },
    { name: 'LastModifiedDate', type: 'datetime', label: 'Last Modified Date', ...readOnly },
    {
      name: 'LastModifiedById',
      type: 'reference',
      label: 'Last Modified By ID',
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
      ...readOnly
    },
    { name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', ...readOnly }
  ];
}

const ownerField = (): FieldSpec => ({
  name: 'OwnerId',
  type: 'reference',
  label: 'Owner ID',
  referenceTo: ['User'],
  relationshipName: 'Owner',
  nillable: false
});

function buildObject(
  spec: {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    custom: boolean;
    readOnly?: boolean;
  },
  fieldSpecs: FieldSpec[]
): ObjectDef {
  const fields: FieldDef[] = [];
  const seen = new Set<string>();
  for (const fieldSpec of fieldSpecs) {
    const lower = fieldSpec.name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    fields.push(makeField(fieldSpec));
  }
  const object: ObjectDef = {
    name: spec.name,
    label: spec.label,
    labelPlural: spec.labelPlural,
    keyPrefix: spec.keyPrefix,
    custom: spec.custom,
    createable: !spec.readOnly,
    updateable: !spec.readOnly,
    deletable: !spec.readOnly,
    fields,
    fieldsByLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    parentRelationships: new Map(
      fields.filter((f) => f.relationshipName).map((f) => [String(f.relationshipName).toLowerCase(), f])
    ),
    childRelationships: []
  };
  return object;
}

/** An object with record types has the standard `RecordTypeId` lookup, before the audit fields. */
function withRecordTypeField(fields: FieldSpec[], loaded: LoadedObject | undefined): FieldSpec[] {
  if (!loaded?.recordTypes.length) return fields;
  const recordTypeId: FieldSpec = {
    name: 'RecordTypeId',
    type: 'reference',
    referenceTo: ['RecordType'],
    relationshipName: 'RecordType',
    label: 'Record Type ID',
    custom: false
  };
  const audit = fields.findIndex((f) => f.name === 'IsDeleted');
  return audit < 0
    ? [...fields, recordTypeId]
    : [...fields.slice(0, audit), recordTypeId, ...fields.slice(audit)];
}

/** The object's record types from its metadata (ids are assigned when the org seeds its rows). */
function withRecordTypes(object: ObjectDef, loaded: LoadedObject | undefined, namespace?: string): ObjectDef {
  object.recordTypes = (loaded?.recordTypes ?? []).map((rt): RecordTypeDef => ({
    developerName: rt.developerName,
    label: rt.label,
    active: rt.active,
    description: rt.description,
    picklists: new Map(
      rt.picklists.map((p) => [
        qualify(p.field, namespace),
        { values: p.values, defaultValue: p.defaultValue }
      ])
    ),
    id: ''
  }));
  return object;
}

/** Picks distinct `a0?`-style key prefixes for custom objects, stable for a given object name. */
function customKeyPrefixes(names: string[]): Map<string, string> {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const used = new Set<string>();
  const result = new Map<string, string>();
  for (const name of [...names].sort()) {
    const index =
      createHash('sha1').update(name).digest().readUInt16BE(0) % (alphabet.length * alphabet.length);
    let prefix = '';
    for (let attempt = 0; attempt < alphabet.length * alphabet.length; attempt++) {
      const i = (index + attempt) % (alphabet.length * alphabet.length);
      prefix = `a${alphabet[Math.floor(i / alphabet.length)]}${alphabet[i % alphabet.length]}`;
      if (!used.has(prefix)) break;
    }
    used.add(prefix);
    result.set(name, prefix);
  }
  return result;
}

function qualifySpec(spec: FieldSpec, namespace: string | undefined): FieldSpec {
  if (!namespace) return spec;
  const q = (n: string) => qualify(n, namespace);
  const computation = spec.computation;
  // A field without a computation keeps none (an explicit `undefined` would break describe).
  if (computation === undefined) {
    const { computation: _none, ...rest } = qualifySpec({ ...spec, computation: null }, namespace);
    return rest as FieldSpec;
  }
  return {
    ...spec,
    name: q(spec.name),
    referenceTo: spec.referenceTo?.map(q),
    relationshipName: spec.relationshipName ? q(spec.relationshipName) : spec.relationshipName,
    childRelationshipName: spec.childRelationshipName
      ? q(spec.childRelationshipName)
      : spec.childRelationshipName,
    computation:
      computation?.kind === 'path'
        ? { kind: 'path', path: computation.path.map(q) }
        : computation?.kind === 'equals'
          ? { kind: 'equals', left: computation.left.map(q), right: computation.right.map(q) }
          : computation?.kind === 'rollupCount'
            ? {
                kind: 'rollupCount',
                childObject: q(computation.childObject),
                childField: q(computation.childField)
              }
            : computation
  };
}

/** Builds the schema from the standard catalogue and the package metadata folder. */
export function loadSchema(options: SchemaOptions): Schema {
  const loaded = loadObjectMetadata(options.objectsDir);
  const namespace = options.namespace;
  const loadedByName = new Map<string, LoadedObject>(loaded.map((o) => [o.name, o]));
  const objects: ObjectDef[] = [];

  const standardNames = new Set(STANDARD_OBJECTS.map((o) => o.name));
  const customNames = loaded.filter((o) => !standardNames.has(o.name)).map((o) => qualify(o.name, namespace));
  for (const standard of STANDARD_OBJECTS) {
    const extra = loadedByName.get(standard.name);
    loadedByName.delete(standard.name);
    const customFields = (extra?.fields ?? []).map((f) => qualifySpec(f, namespace));
    // Activities and logged emails can relate to any custom object (Stride logs them on actions).
    const standardFields = standard.fields.map((f) =>
      (standard.name === 'Task' && f.name === 'WhatId') ||
      (standard.name === 'EmailMessage' && f.name === 'RelatedToId')
        ? { ...f, referenceTo: [...(f.referenceTo ?? []), ...customNames] }
        : f
    );
    const fields = [
      ...auditFields().slice(0, 1),
      ...standardFields,
      ...(standard.owned ? [ownerField()] : []),
      ...customFields,
      ...auditFields().slice(1)
    ];
    objects.push(
      withRecordTypes(
        buildObject({ ...standard, custom: false }, withRecordTypeField(fields, extra)),
        extra,
        namespace
      )
    );
  }

  const prefixes = customKeyPrefixes([...loadedByName.keys()]);
  for (const custom of loadedByName.values()) {
    const name = qualify(custom.name, namespace);
    const fields: FieldSpec[] = [
      ...auditFields().slice(0, 1),
      ...(custom.nameField ? [custom.nameField] : []),
      ...(custom.hasMasterDetail ? [] : [ownerField()]),
      ...custom.fields.map((f) => qualifySpec(f, namespace)),
      ...auditFields().slice(1)
    ];
    objects.push(
      withRecordTypes(
        buildObject(
          {
            name,
            label: custom.label,
            labelPlural: custom.labelPlural,
            keyPrefix: prefixes.get(custom.name) ?? 'a00',
            custom: true
          },
          withRecordTypeField(fields, custom)
        ),
        custom,
        namespace
      )
    );
  }
  return new Schema(objects, namespace);
}
