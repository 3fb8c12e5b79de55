/**
 * The schema is the package's own metadata: every object and field in force-app is served with its
 * type and constraints, plus the standard-object catalogue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PARTICIPANT_ACTION_STATUSES, PARTICIPANT_STATUSES } from '../../core/constants';
import { DEFAULT_OBJECTS_DIR } from '../index';
import { loadSchema } from '../schema/registry';

const schema = loadSchema({ objectsDir: DEFAULT_OBJECTS_DIR });
const TYPES: Record<string, string> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  Checkbox: 'boolean',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Time: 'time',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Lookup: 'reference',
  MasterDetail: 'reference',
  Summary: 'double'
};

describe('schema from force-app metadata', () => {
  const objectDirs = fs
    .readdirSync(DEFAULT_OBJECTS_DIR)
    .filter((d) => fs.statSync(path.join(DEFAULT_OBJECTS_DIR, d)).isDirectory());

  it('serves every object folder of force-app', () => {
    expect(objectDirs.length).toBeGreaterThanOrEqual(7);
    for (const name of objectDirs) expect(schema.find(name)?.name).toBe(name);
  });

  it('serves every field with the type its metadata declares', () => {
    for (const objectName of objectDirs) {
      const fieldsDir = path.join(DEFAULT_OBJECTS_DIR, objectName, 'fields');
      if (!fs.existsSync(fieldsDir)) continue;
      for (const file of fs.readdirSync(fieldsDir)) {
        const xml = fs.readFileSync(path.join(fieldsDir, file), 'utf8');
        const fieldName = file.replace('.field-meta.xml', '');
        const declared = /<type>([^<]+)<\/type>/.exec(xml)?.[1] ?? '';
        const field = schema.field(schema.find(objectName)!, fieldName);
        expect({ field: `${objectName}.${fieldName}`, type: field?.type }).toEqual({
          field: `${objectName}.${fieldName}`,
          type: TYPES[declared] ?? (declared === 'AutoNumber' ? 'string' : field?.type)
        });
      }
    }
  });

  it('keeps restricted picklists equal to the core constants', () => {
    const pa = schema.find('Participant_Action__c')!;
    const status = schema.field(pa, 'Status__c')!;
    expect(status.restrictedPicklist).toBe(true);
    expect(status.picklistValues.map((p) => p.value)).toEqual([...PARTICIPANT_ACTION_STATUSES]);
    const sp = schema.find('Sequence_Participant__c')!;
    expect(schema.field(sp, 'Status__c')!.picklistValues.map((p) => p.value)).toEqual([
      ...PARTICIPANT_STATUSES
    ]);
  });

  it('reads external ids, uniqueness, master-detail and ownership', () => {
    const attempt = schema.find('Action_Attempt__c')!;
    expect(schema.field(attempt, 'Key__c')).toMatchObject({
      externalId: true,
      unique: true,
      required: true,
      length: 100
    });
    const pa = schema.find('Participant_Action__c')!;
    // A required lookup (the record has its own owner and sharing), not master-detail.
    expect(schema.field(pa, 'Participant__c')).toMatchObject({
      masterDetail: false,
      deleteConstraint: 'Restrict',
      required: true,
      relationshipName: 'Participant__r'
    });
    expect(schema.field(pa, 'OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'] });
    const action = schema.find('Sequence_Action__c')!;
    expect(schema.field(action, 'Sequence__c')).toMatchObject({
      masterDetail: true,
      deleteConstraint: 'Cascade'
    });
    expect(schema.field(action, 'OwnerId')).toBeUndefined();
    expect(schema.field(schema.find('Sequence__c')!, 'OwnerId')).toMatchObject({
      type: 'reference',
      referenceTo: ['User']
    });
    expect(schema.field(pa, 'Name')).toMatchObject({ autoNumberFormat: 'PA-{0000000}', createable: false });
  });

  it('catalogues the standard objects with audit fields and derived read-only fields', () => {
    const task = schema.find('Task')!;
    expect(schema.field(task, 'IsClosed')).toMatchObject({
      type: 'boolean',
      createable: false,
      updateable: false
    });
    expect(schema.field(task, 'WhoId')?.referenceTo).toEqual(['Contact', 'Lead']);
    expect(schema.field(task, 'WhatId')?.referenceTo).toEqual(
      expect.arrayContaining(['Account', 'Opportunity', 'Participant_Action__c'])
    );
    expect(schema.field(schema.find('Lead')!, 'IsConverted')).toMatchObject({
      createable: false,
      updateable: false
    });
    for (const object of schema.objects()) {
      const names = object.fields.map((f) => f.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'Id',
          'IsDeleted',
          'CreatedDate',
          'CreatedById',
          'LastModifiedDate',
          'LastModifiedById',
          'SystemModstamp'
        ])
      );
    }
    expect(schema.field(schema.find('User')!, 'TimeZoneSidKey')).toMatchObject({
      type: 'picklist',
      restrictedPicklist: true
    });
    expect(schema.field(schema.find('BusinessHours')!, 'MondayStartTime')).toMatchObject({ type: 'time' });
  });

  it('qualifies custom names with a namespace', () => {
    const namespaced = loadSchema({ objectsDir: DEFAULT_OBJECTS_DIR, namespace: 'stride' });
    const pa = namespaced.find('stride__Participant_Action__c')!;
    expect(namespaced.field(pa, 'stride__Participant__c')).toMatchObject({
      relationshipName: 'stride__Participant__r',
      referenceTo: ['stride__Sequence_Participant__c']
    });
    expect(namespaced.field(pa, 'stride__Sequence_Id__c')?.computation).toEqual({
      kind: 'path',
      path: ['stride__Participant__r', 'stride__Sequence__c']
    });
    expect(namespaced.find('Participant_Action__c')).toBeUndefined();
    expect(namespaced.qualify('Lead')).toBe('Lead');
    expect(namespaced.qualify('Due_At__c')).toBe('stride__Due_At__c');
  });
});
