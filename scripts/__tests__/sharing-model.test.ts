/**
 * The sharing model of docs/data-model.md ("Sharing model") holds in force-app: organisation-wide
 * defaults, and the object and field permissions each persona needs and no more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readPermissionSets } from '../metadata/source-model';

const sourceDir = path.resolve(__dirname, '../../force-app/main/default');

function objectXml(name: string): string {
  return readFileSync(path.join(sourceDir, 'objects', name, `${name}.object-meta.xml`), 'utf8');
}

function element(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}

function permissionSetXml(name: string): string {
  return readFileSync(path.join(sourceDir, 'permissionsets', `${name}.permissionset-meta.xml`), 'utf8');
}

/** `{ read, create, edit, delete, viewAll, modifyAll }` of one object in one permission set. */
function objectAccess(permissionSet: string, object: string): Record<string, boolean> | undefined {
  const block = permissionSetXml(permissionSet)
    .split('<objectPermissions>')
    .find((b) => b.includes(`<object>${object}</object>`));
  if (!block) return undefined;
  const flag = (tag: string) => element(block, tag) === 'true';
  return {
    read: flag('allowRead'),
    create: flag('allowCreate'),
    edit: flag('allowEdit'),
    delete: flag('allowDelete'),
    viewAll: flag('viewAllRecords'),
    modifyAll: flag('modifyAllRecords')
  };
}

const permissionSets = readPermissionSets(sourceDir);
function editable(permissionSet: string, field: string): boolean | undefined {
  return permissionSets.find((p) => p.name === permissionSet)?.fields.find((f) => f.field === field)
    ?.editable;
}

describe('organisation-wide defaults', () => {
  it.each([
    ['Sequence__c', 'Read'],
    ['Sequence_Action__c', 'ControlledByParent'],
    ['SMS_Template__c', 'Read'],
    ['Sequence_Participant__c', 'Private'],
    ['Participant_Action__c', 'Private'],
    ['Conversation__c', 'Private'],
    ['Action_Attempt__c', 'Private'],
    ['Companion_State__c', 'Private']
  ])('%s is %s', (object, sharingModel) => {
    expect(element(objectXml(object), 'sharingModel')).toBe(sharingModel);
  });

  it('keeps Sequence_Action__c the detail of Sequence__c (Public Read Only through its parent)', () => {
    const field = readFileSync(
      path.join(sourceDir, 'objects/Sequence_Action__c/fields/Sequence__c.field-meta.xml'),
      'utf8'
    );
    expect(element(field, 'type')).toBe('MasterDetail');
  });

  it.each([
    ['Sequence_Participant__c', 'Sequence__c', 'Participants'],
    ['Participant_Action__c', 'Participant__c', 'Participant_Actions']
  ])('%s.%s is a required lookup that keeps its relationship name', (object, fieldName, relationship) => {
    const field = readFileSync(
      path.join(sourceDir, 'objects', object, 'fields', `${fieldName}.field-meta.xml`),
      'utf8'
    );
    expect([
      element(field, 'type'),
      element(field, 'required'),
      element(field, 'deleteConstraint'),
      element(field, 'relationshipName')
    ]).toEqual(['Lookup', 'true', 'Restrict', relationship]);
  });
});

describe('object permissions', () => {
  it('let admins edit every sequence, action and template and read every rep record', () => {
    for (const object of ['Sequence__c', 'Sequence_Action__c', 'SMS_Template__c'])
      expect(objectAccess('Stride_Admin', object)).toEqual({
        read: true,
        create: true,
        edit: true,
        delete: true,
        viewAll: true,
        modifyAll: true
      });
    for (const object of ['Sequence_Participant__c', 'Participant_Action__c', 'Conversation__c'])
      expect(objectAccess('Stride_Admin', object)).toMatchObject({
        read: true,
        viewAll: true,
        modifyAll: false
      });
  });

  it.each(['Action_Attempt__c', 'Companion_State__c'])('keep %s to the integration user alone', (object) => {
    expect(objectAccess('Stride_Admin', object)).toBeUndefined();
    expect(objectAccess('Stride_Agent', object)).toBeUndefined();
    expect(objectAccess('Stride_Integration', object)).toEqual({
      read: true,
      create: true,
      edit: true,
      delete: false,
      viewAll: false,
      modifyAll: false
    });
  });

  it('let the integration user work every rep record without delete', () => {
    for (const object of ['Sequence_Participant__c', 'Participant_Action__c', 'Conversation__c'])
      expect(objectAccess('Stride_Integration', object)).toEqual({
        read: true,
        create: true,
        edit: true,
        delete: false,
        viewAll: true,
        modifyAll: true
      });
  });

  it('give agents no View All, no create of participant actions and no edit of configuration', () => {
    expect(objectAccess('Stride_Agent', 'Participant_Action__c')).toEqual({
      read: true,
      create: false,
      edit: true,
      delete: false,
      viewAll: false,
      modifyAll: false
    });
    for (const object of ['Sequence__c', 'Sequence_Action__c', 'SMS_Template__c'])
      expect(objectAccess('Stride_Agent', object)).toMatchObject({ read: true, create: false, edit: false });
  });

  it('keep status, time zone and exit reason read-only for agents', () => {
    expect(
      [
        'Participant_Action__c.Status__c',
        'Sequence_Participant__c.Status__c',
        'Sequence_Participant__c.Time_Zone__c',
        'Sequence_Participant__c.Exit_Reason__c'
      ].map((field) => editable('Stride_Agent', field))
    ).toEqual([false, false, false, false]);
  });
});

describe('the integration user writes Last_Error__c on every sequence (public group and sharing rule)', () => {
  const ruleXml = readFileSync(
    path.join(sourceDir, 'sharingRules', 'Sequence__c.sharingRules-meta.xml'),
    'utf8'
  );
  const groupXml = readFileSync(
    path.join(sourceDir, 'groups', 'Stride_Integration_Users.group-meta.xml'),
    'utf8'
  );

  it('ships one public group and one sharing rule file', () => {
    expect(readdirSync(path.join(sourceDir, 'groups'))).toEqual(['Stride_Integration_Users.group-meta.xml']);
    expect(readdirSync(path.join(sourceDir, 'sharingRules'))).toEqual(['Sequence__c.sharingRules-meta.xml']);
  });

  it('shares every sequence (Name is never blank) with Stride_Integration_Users at Edit, and says why', () => {
    expect(ruleXml.split('<sharingCriteriaRules>')).toHaveLength(2);
    expect([
      element(ruleXml, 'fullName'),
      element(ruleXml, 'accessLevel'),
      element(ruleXml, 'group'),
      element(ruleXml, 'field'),
      element(ruleXml, 'operation'),
      element(ruleXml, 'value'),
      element(ruleXml, 'booleanFilter'),
      element(ruleXml, 'includeRecordsOwnedByAll')
    ]).toEqual([
      'Stride_Integration_Edit_Sequences',
      'Edit',
      'Stride_Integration_Users',
      'Name',
      'notEqual',
      undefined,
      undefined,
      'true'
    ]);
    expect(element(ruleXml, 'description')).toContain('writes why a sequence cannot run');
    expect(element(ruleXml, 'description')).toContain('Last_Error__c');
  });

  it('keeps the group to its members: managers above them get nothing', () => {
    expect([element(groupXml, 'name'), element(groupXml, 'doesIncludeBosses')]).toEqual([
      'Stride Integration Users',
      'false'
    ]);
    expect(element(groupXml, 'description')).toContain('Last_Error__c');
  });

  it('lets the integration user edit sequences without create, delete, View All or Modify All', () => {
    expect(objectAccess('Stride_Integration', 'Sequence__c')).toEqual({
      read: true,
      create: false,
      edit: true,
      delete: false,
      viewAll: false,
      modifyAll: false
    });
  });

  // Criteria_Saved_By__c is written in the same update as Last_Error__c: the companion's own write
  // replaces Last Modified By, so it keeps the admin whose access the criteria run within.
  it('gives the integration user edit on Last_Error__c and Criteria_Saved_By__c and on no other sequence field', () => {
    const sequenceFields = permissionSets
      .find((p) => p.name === 'Stride_Integration')!
      .fields.filter((f) => f.field.startsWith('Sequence__c.'));
    expect(sequenceFields.length).toBeGreaterThan(1);
    expect(sequenceFields.filter((f) => f.editable).map((f) => f.field)).toEqual([
      'Sequence__c.Criteria_Saved_By__c',
      'Sequence__c.Last_Error__c'
    ]);
    expect(sequenceFields.every((f) => f.readable)).toBe(true);
  });
});
