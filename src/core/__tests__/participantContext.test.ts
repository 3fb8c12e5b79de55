import { evaluateCriteria } from '../criteria';
import { resolveFieldPath, type ObjectDescribe } from '../describe';
import { PACKAGE_FIELD_ALLOW_LIST } from '../fieldAllowList';
import { fieldSetRefusal, PACKAGE_FIELD_SETS, withExtraFieldSetMembers } from '../fieldSets';
import { planFieldUpdates, planTargetedFieldUpdates } from '../fieldUpdates';
import {
  contextObjectOf,
  fieldUpdateTargetsOf,
  personObjectsOf,
  withContextRecord,
  withContextRelationship
} from '../participantContext';
import { CATALOG, CONTACT, LEAD } from './describeFixtures';

const NOW = { now: '2026-03-11T12:00:00Z' };
const OPPORTUNITY: ObjectDescribe = {
  name: 'Opportunity',
  fields: [
    { name: 'Amount', type: 'currency' },
    { name: 'NextStep', type: 'string' },
    {
      name: 'StageName',
      type: 'picklist',
      nillable: false,
      picklistValues: [
        { value: 'Prospecting', active: true },
        { value: 'Qualification', active: true }
      ]
    }
  ]
};
const CONTACT_WITH_TITLE: ObjectDescribe = {
  ...CONTACT,
  fields: [...CONTACT.fields, { name: 'Title', type: 'string' }]
};

describe('participant context', () => {
  it('names the records of each kind of sequence', () => {
    expect(
      ['Lead', 'Contact', 'Opportunity', 'Campaign', null].map((t) => [
        contextObjectOf(t),
        personObjectsOf(t),
        fieldUpdateTargetsOf(t)
      ])
    ).toEqual([
      [null, ['Lead'], ['Person']],
      [null, ['Contact'], ['Person']],
      ['Opportunity', ['Contact'], ['Person', 'Opportunity']],
      ['Campaign', ['Lead', 'Contact'], ['Person', 'Campaign']],
      [null, ['Contact'], ['Person']]
    ]);
  });

  it('lets criteria of an Opportunity sequence read Opportunity fields from the contact', () => {
    const catalog = withContextRelationship(
      { ...CATALOG, Opportunity: OPPORTUNITY },
      'Contact',
      'Opportunity'
    );
    expect(resolveFieldPath(catalog, 'Contact', 'opportunity.stagename')).toMatchObject({
      ok: true,
      value: { path: 'Opportunity.StageName', objectName: 'Opportunity' }
    });
    const criteria = JSON.stringify({
      logic: 'AND',
      conditions: [{ field: 'Opportunity.StageName', operator: 'equals', value: 'Qualification' }]
    });
    const met = (stage: string) =>
      evaluateCriteria(
        criteria,
        withContextRecord({ FirstName: 'Ada' }, 'Opportunity', { StageName: stage }),
        catalog,
        'Contact',
        new Date(NOW.now)
      );
    expect([met('Qualification'), met('Prospecting')].map((r) => r.ok && r.value.met)).toEqual([true, false]);
    // Without a context object nothing changes.
    expect(withContextRelationship(CATALOG, 'Contact', null)).toBe(CATALOG);
    expect(withContextRecord({ A: 1 }, null, { B: 2 })).toEqual({ A: 1 });
  });
});

describe('field sets', () => {
  it('refuses a field outside the set, naming the set and its members, and takes org additions', () => {
    expect([
      fieldSetRefusal(PACKAGE_FIELD_SETS, 'Opportunity', 'stagename'),
      fieldSetRefusal(PACKAGE_FIELD_SETS, 'Opportunity', 'Amount'),
      fieldSetRefusal({}, 'Lead', 'Status'),
      withExtraFieldSetMembers(PACKAGE_FIELD_SETS, [
        'Lead.Score__c:write',
        'Lead.Region__c',
        'Task.Subject:write'
      ]).Lead,
      withExtraFieldSetMembers(PACKAGE_FIELD_SETS, ['Task.Subject:write']).Task
    ]).toEqual([
      null,
      'Opportunity.Amount is not in the Stride_Field_Updates field set of Opportunity (fields record updates may change: StageName, NextStep, Description)',
      'Lead.Status is not in the Stride_Field_Updates field set of Lead (fields record updates may change: none)',
      ['Status', 'Rating', 'LeadSource', 'Industry', 'Title', 'Description', 'Score__c'],
      ['Subject']
    ]);
  });
});

describe('planTargetedFieldUpdates', () => {
  const targets = {
    describes: { Person: CONTACT_WITH_TITLE, Opportunity: OPPORTUNITY },
    fieldSets: PACKAGE_FIELD_SETS,
    allowList: PACKAGE_FIELD_ALLOW_LIST
  };

  it('types each entry against the record it names; no target means the person', () => {
    expect(
      planTargetedFieldUpdates(
        [
          { field: 'StageName', value: 'qualification', target: 'Opportunity' },
          { field: 'Title', value: 'CTO' },
          { field: 'NextStep', value: 'Send quote', target: 'Opportunity' },
          { field: 'Title', value: null, target: 'Person' }
        ],
        targets,
        NOW
      )
    ).toEqual({
      ok: false,
      error: [
        {
          code: 'DUPLICATE_FIELD',
          message: 'entry 4 (Title): Title is already set by entry 2',
          path: '[3].field'
        }
      ]
    });
    expect(
      planTargetedFieldUpdates(
        '[{"field":"StageName","value":"qualification","target":"Opportunity"},{"field":"Title","value":"CTO"}]',
        targets,
        NOW
      )
    ).toEqual({ ok: true, value: { Opportunity: { StageName: 'Qualification' }, Person: { Title: 'CTO' } } });
  });

  it('refuses a bad target, a record the participants lack, a field outside the field set or the allow-list', () => {
    const result = planTargetedFieldUpdates(
      [
        { field: 'Status', value: 'Planned', target: 'Account' },
        { field: 'Status', value: 'Planned', target: 'Campaign' },
        { field: 'Amount', value: 10, target: 'Opportunity' },
        { field: 'FirstName', value: 'Ada' }
      ],
      { ...targets, fieldSets: { ...PACKAGE_FIELD_SETS, Contact: ['FirstName'] } },
      NOW
    );
    expect(result).toEqual({
      ok: false,
      error: [
        {
          code: 'BAD_TARGET',
          message: 'entry 1 (Status): target "Account" is not Person, Opportunity or Campaign',
          path: '[0].target'
        },
        {
          code: 'TARGET_NOT_AVAILABLE',
          message:
            "entry 2 (Status): this sequence's participants have no Campaign record to update (Campaign sequences only)",
          path: '[1].target'
        },
        {
          code: 'NOT_IN_FIELD_SET',
          message:
            'entry 3 (Amount): Opportunity.Amount is not in the Stride_Field_Updates field set of Opportunity (fields record updates may change: StageName, NextStep, Description)',
          path: '[2].field'
        },
        {
          code: 'FIELD_NOT_ALLOWED',
          message:
            'entry 4 (FirstName): Contact.FirstName is not a field Stride may write (not on its field allow-list)',
          path: '[3].field'
        }
      ]
    });
  });

  it('keeps planFieldUpdates as it was for the person, and refuses targeted entries there', () => {
    expect(planFieldUpdates([{ field: 'Status', value: 'working' }], LEAD, NOW)).toEqual({
      ok: true,
      value: { Status: 'Working' }
    });
    expect(
      planFieldUpdates([{ field: 'StageName', value: 'Prospecting', target: 'Opportunity' }], LEAD, NOW)
    ).toEqual({
      ok: false,
      error: [
        {
          code: 'TARGET_NOT_AVAILABLE',
          message:
            "entry 1 (StageName): this sequence's participants have no Opportunity record to update (Opportunity sequences only)",
          path: '[0].target'
        }
      ]
    });
  });
});
