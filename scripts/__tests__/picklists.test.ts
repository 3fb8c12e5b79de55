/**
 * The metadata and the code agree: every restricted picklist carries exactly the values of the
 * TypeScript constant the code uses, and the permission sets reference only what exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as constants from '../../src/core/constants';
import { readObjects, readPermissionSets } from '../metadata/source-model';

const sourceDir = path.resolve(__dirname, '../../force-app/main/default');
const objects = readObjects(sourceDir);
const permissionSets = readPermissionSets(sourceDir);

/** Which constant of src/core/constants.ts each restricted picklist must equal. */
const PICKLIST_CONSTANTS: Record<string, keyof typeof constants> = {
  'Sequence__c.Target_Object__c': 'TARGET_OBJECTS',
  'Sequence__c.Enrollment__c': 'ENROLLMENT_MODES',
  'Sequence__c.Priority__c': 'PRIORITIES',
  'Sequence__c.Away_Policy__c': 'AWAY_POLICIES',
  'Sequence_Action__c.Type__c': 'ACTION_TYPES',
  'Sequence_Action__c.Activation__c': 'ACTIVATIONS',
  'Sequence_Action__c.Delay_Unit__c': 'DELAY_UNITS',
  'Sequence_Action__c.Timing__c': 'TIMING_MODES',
  'Sequence_Action__c.Task_Priority__c': 'TASK_PRIORITIES',
  'Sequence_Action__c.Criteria_Behavior__c': 'CRITERIA_BEHAVIORS',
  'Sequence_Participant__c.Status__c': 'PARTICIPANT_STATUSES',
  'Sequence_Participant__c.Exit_Type__c': 'EXIT_TYPES',
  'Sequence_Participant__c.Requested_Status__c': 'PARTICIPANT_STATUSES',
  'Participant_Action__c.Type__c': 'ACTION_TYPES',
  'Participant_Action__c.Activation__c': 'ACTIVATIONS',
  'Participant_Action__c.Status__c': 'PARTICIPANT_ACTION_STATUSES',
  'Participant_Action__c.Reason__c': 'REASON_CODES',
  'Participant_Action__c.Requested_Outcome__c': 'REQUESTED_OUTCOMES',
  'Action_Attempt__c.Outcome__c': 'ATTEMPT_OUTCOMES',
  'Conversation__c.Type__c': 'CONVERSATION_TYPES',
  'Conversation__c.Direction__c': 'CONVERSATION_DIRECTIONS',
  'Conversation__c.Status__c': 'CONVERSATION_STATUSES',
  'Conversation__c.Disposition__c': 'CALL_DISPOSITIONS'
};

/** A field the package adds to a standard object (`objects/Lead/fields/SMS_Opt_Out__c.field-meta.xml`). */
function standardObjectField(objectName: string, fieldName: string): boolean {
  return (
    STANDARD_OBJECTS.has(objectName) &&
    existsSync(path.join(sourceDir, 'objects', objectName, 'fields', `${fieldName}.field-meta.xml`))
  );
}

/** Defaults stated in docs/data-model.md. */
const PICKLIST_DEFAULTS: Record<string, string> = {
  'Sequence__c.Enrollment__c': 'Manual',
  'Sequence__c.Priority__c': 'P3',
  'Sequence__c.Away_Policy__c': 'Cover',
  'Sequence_Action__c.Activation__c': 'Manual',
  'Sequence_Action__c.Delay_Unit__c': 'Days',
  'Sequence_Action__c.Timing__c': 'Immediate (Any Day)',
  'Sequence_Action__c.Task_Priority__c': 'Normal',
  'Sequence_Action__c.Criteria_Behavior__c': 'Wait',
  'Sequence_Participant__c.Status__c': 'Queued',
  'Participant_Action__c.Status__c': 'Upcoming'
};

/** Standard objects a permission set may name (docs/architecture.md §2). */
const STANDARD_OBJECTS = new Set([
  'User',
  'Lead',
  'Contact',
  'Account',
  'Opportunity',
  'OpportunityContactRole',
  'Campaign',
  'CampaignMember',
  'Task',
  'BusinessHours',
  'Holiday',
  'EmailMessage',
  'EmailTemplate',
  'OrgWideEmailAddress'
]);

const allFields = [...objects.values()].flatMap((object) => [...object.fields.values()]);
const picklists = allFields.filter((field) => field.type === 'Picklist');

describe('restricted picklists', () => {
  it('finds the package objects and their picklists', () => {
    expect([...objects.keys()].sort()).toEqual([
      'Action_Attempt__c',
      'Action_Variant__c',
      'Away_Period__c',
      'Companion_State__c',
      'Conversation__c',
      'Participant_Action__c',
      'SMS_Template__c',
      'Sequence_Action__c',
      'Sequence_Participant__c',
      'Sequence__c',
      'Step_Analytics__c'
    ]);
    expect(picklists).toHaveLength(Object.keys(PICKLIST_CONSTANTS).length);
  });

  it('are all restricted and all mapped to a constant', () => {
    const unrestricted = picklists
      .filter((field) => !field.restrictedValues)
      .map((f) => `${f.object}.${f.name}`);
    const unmapped = picklists
      .map((f) => `${f.object}.${f.name}`)
      .filter((name) => !(name in PICKLIST_CONSTANTS));
    expect(unrestricted).toEqual([]);
    expect(unmapped).toEqual([]);
  });

  it.each(Object.entries(PICKLIST_CONSTANTS))(
    '%s has exactly the values of %s, in order',
    (qualified, constant) => {
      const [objectName, fieldName] = qualified.split('.');
      const field = objects.get(objectName)?.fields.get(fieldName);
      expect(field?.restrictedValues).toEqual([...(constants[constant] as readonly string[])]);
    }
  );

  it.each(Object.entries(PICKLIST_CONSTANTS))('%s has the default stated in the data model', (qualified) => {
    const [objectName, fieldName] = qualified.split('.');
    expect(objects.get(objectName)?.fields.get(fieldName)?.defaultValue).toBe(PICKLIST_DEFAULTS[qualified]);
  });
});

describe('permission sets', () => {
  it('are the three personas', () => {
    expect(permissionSets.map((permissionSet) => permissionSet.name).sort()).toEqual([
      'Stride_Admin',
      'Stride_Agent',
      'Stride_Integration'
    ]);
  });

  describe.each(permissionSets.map((permissionSet) => [permissionSet.name, permissionSet] as const))(
    '%s',
    (_name, permissionSet) => {
      it('has a description that fits PermissionSet.Description (255 characters)', () => {
        expect(permissionSet.description?.length).toBeGreaterThan(0);
        expect(permissionSet.description!.length).toBeLessThanOrEqual(255);
      });

      it('references only objects that exist in force-app or are standard', () => {
        const unknown = permissionSet.objects
          .map((permission) => permission.object)
          .filter((object) => !objects.has(object) && !STANDARD_OBJECTS.has(object));
        expect(unknown).toEqual([]);
      });

      it('references only fields that exist in force-app', () => {
        const unknown = permissionSet.fields
          .map((permission) => permission.field)
          .filter((qualified) => {
            const [objectName, fieldName] = qualified.split('.');
            return (
              !objects.get(objectName)?.fields.has(fieldName) && !standardObjectField(objectName, fieldName)
            );
          });
        expect(unknown).toEqual([]);
      });

      it('lists no required or master-detail field (the API rejects them)', () => {
        const forbidden = permissionSet.fields
          .map((permission) => permission.field)
          .filter((qualified) => {
            const [objectName, fieldName] = qualified.split('.');
            const field = objects.get(objectName)?.fields.get(fieldName);
            return field !== undefined && (field.required || field.type === 'MasterDetail');
          });
        expect(forbidden).toEqual([]);
      });

      it('decides the access of every optional field of each object it can read', () => {
        const listed = new Set(permissionSet.fields.map((permission) => permission.field));
        const undecided = permissionSet.objects
          .filter((permission) => permission.read && objects.has(permission.object))
          .flatMap((permission) => [...objects.get(permission.object)!.fields.values()])
          .filter((field) => !field.required && field.type !== 'MasterDetail')
          .map((field) => `${field.object}.${field.name}`)
          .filter((qualified) => !listed.has(qualified));
        expect(undecided).toEqual([]);
      });

      it('grants field access only on objects it can read, and edit only on objects it can create or edit', () => {
        const objectAccess = new Map(
          permissionSet.objects.map((permission) => [permission.object, permission])
        );
        const inconsistent = permissionSet.fields.filter((permission) => {
          const objectName = permission.field.split('.')[0];
          // A field Stride adds to a standard object: the profile grants the object (Lead, Contact).
          if (STANDARD_OBJECTS.has(objectName) && !objects.has(objectName)) return false;
          const access = objectAccess.get(objectName);
          return !access?.read || (permission.editable && !access.create && !access.edit);
        });
        expect(inconsistent).toEqual([]);
      });

      it('shows only tabs and apps that exist', () => {
        const tabFiles = existsSync(path.join(sourceDir, 'tabs'))
          ? readdirSync(path.join(sourceDir, 'tabs'))
          : [];
        const tabs = new Set(tabFiles.map((fileName) => fileName.replace(/\.tab-meta\.xml$/, '')));
        expect(permissionSet.tabs.filter((tab) => !tabs.has(tab) && !tab.startsWith('standard-'))).toEqual(
          []
        );
        const apps = permissionSet.applications.filter(
          (app) => !existsSync(path.join(sourceDir, 'applications', `${app}.app-meta.xml`))
        );
        expect(apps).toEqual([]);
      });
    }
  );

  it('gives no persona delete access except admins on what they configure reps on their absences, the companion on analytics', () => {
    const deletable = permissionSets.flatMap((permissionSet) =>
      permissionSet.objects
        .filter((permission) => permission.delete)
        .map((p) => `${permissionSet.name}:${p.object}`)
    );
    // Reps delete their own absences (Away_Period__c is private to its owner); the companion
    // removes the analytics rows of deleted sequences.
    expect(deletable.sort()).toEqual([
      'Stride_Admin:Action_Variant__c',
      'Stride_Admin:Away_Period__c',
      'Stride_Admin:SMS_Template__c',
      'Stride_Admin:Sequence_Action__c',
      'Stride_Admin:Sequence__c',
      'Stride_Agent:Away_Period__c',
      'Stride_Integration:Step_Analytics__c'
    ]);
  });
});
