/**
 * data/sample-plan.json is a valid `sf data import tree` plan for this package: parents load before
 * children, every @reference resolves, records use only fields that exist, picklist values are
 * allowed, and the criteria, field updates and templates they hold parse with the domain core.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCriteria } from '../../src/core/criteria';
import { parseTemplate } from '../../src/core/templates/template';
import { readObjects } from '../metadata/source-model';

const dataDir = path.resolve(__dirname, '../../data');
const objects = readObjects(path.resolve(__dirname, '../../force-app/main/default'));

interface PlanEntry {
  sobject: string;
  saveRefs?: boolean;
  resolveRefs?: boolean;
  files: string[];
}
type SampleRecord = { attributes: { type: string; referenceId: string } } & Record<string, unknown>;

const plan = JSON.parse(readFileSync(path.join(dataDir, 'sample-plan.json'), 'utf8')) as PlanEntry[];
const recordsOf = (entry: PlanEntry): SampleRecord[] =>
  entry.files.flatMap(
    (file) =>
      (JSON.parse(readFileSync(path.join(dataDir, file), 'utf8')) as { records: SampleRecord[] }).records
  );
const records = new Map(plan.map((entry) => [entry.sobject, recordsOf(entry)]));
const all = [...records.values()].flat();

/** The standard fields the sample data may set (the local org's catalogue has them too). */
const STANDARD_FIELDS: Record<string, string[]> = {
  Account: ['Name', 'Industry', 'Phone', 'Website', 'BillingCity', 'BillingCountry'],
  Contact: [
    'FirstName',
    'LastName',
    'AccountId',
    'Title',
    'Email',
    'Phone',
    'MobilePhone',
    'HasOptedOutOfEmail',
    'DoNotCall'
  ],
  Lead: [
    'FirstName',
    'LastName',
    'Company',
    'Title',
    'LeadSource',
    'Email',
    'Phone',
    'MobilePhone',
    'HasOptedOutOfEmail',
    'DoNotCall'
  ],
  Opportunity: ['AccountId', 'StageName', 'CloseDate', 'Amount', 'Type'],
  OpportunityContactRole: ['OpportunityId', 'ContactId', 'Role', 'IsPrimary'],
  Campaign: ['Type', 'Status', 'IsActive', 'StartDate', 'Description'],
  CampaignMember: ['CampaignId', 'LeadId', 'ContactId', 'Status']
};
const E164 = /^\+[1-9]\d{7,14}$/;

describe('data/sample-plan.json', () => {
  it('loads accounts, contacts, leads, opportunities, campaigns, SMS templates, sequences and their actions, parents first', () => {
    expect(plan.map((entry) => entry.sobject)).toEqual([
      'Account',
      'Contact',
      'Lead',
      'Opportunity',
      'OpportunityContactRole',
      'Campaign',
      'CampaignMember',
      'SMS_Template__c',
      'Sequence__c',
      'Sequence_Action__c'
    ]);
    expect(plan.every((entry) => entry.files.every((file) => existsSync(path.join(dataDir, file))))).toBe(
      true
    );
  });

  it('holds a small but meaningful data set', () => {
    expect([...records].map(([sobject, list]) => [sobject, list.length])).toEqual([
      ['Account', 5],
      ['Contact', 10],
      ['Lead', 12],
      ['Opportunity', 2],
      ['OpportunityContactRole', 4],
      ['Campaign', 1],
      ['CampaignMember', 3],
      ['SMS_Template__c', 4],
      ['Sequence__c', 4],
      ['Sequence_Action__c', 14]
    ]);
  });

  it('types every record as its plan entry and gives each a unique reference id', () => {
    const mistyped = plan.flatMap((entry) =>
      recordsOf(entry).filter((record) => record.attributes.type !== entry.sobject)
    );
    expect(mistyped).toEqual([]);
    const ids = all.map((record) => record.attributes.referenceId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('only references records loaded by an earlier plan entry, of the lookup target type', () => {
    const loaded = new Map<string, string>();
    const problems: string[] = [];
    for (const entry of plan) {
      for (const record of recordsOf(entry)) {
        for (const [field, value] of Object.entries(record)) {
          if (typeof value !== 'string' || !value.startsWith('@')) continue;
          const target = loaded.get(value.slice(1));
          // A standard lookup names its target with Id (AccountId → Account); a custom one is the object.
          const expected = field.endsWith('Id') ? field.slice(0, -2) : field;
          if (target !== expected)
            problems.push(
              `${record.attributes.referenceId}.${field} -> ${value} (${target ?? 'not loaded yet'})`
            );
        }
      }
      for (const record of recordsOf(entry)) loaded.set(record.attributes.referenceId, entry.sobject);
    }
    expect(problems).toEqual([]);
  });

  it('sets only fields that exist', () => {
    const unknown = all.flatMap((record) =>
      Object.keys(record)
        .filter((field) => field !== 'attributes' && field !== 'Name')
        .filter((field) => {
          const type = record.attributes.type;
          return objects.has(type)
            ? !objects.get(type)!.fields.has(field)
            : !STANDARD_FIELDS[type]?.includes(field);
        })
        .map((field) => `${record.attributes.type}.${field}`)
    );
    expect(unknown).toEqual([]);
  });

  it('sets every required field and only allowed picklist values', () => {
    const problems = all.flatMap((record) => {
      const object = objects.get(record.attributes.type);
      if (!object) return [];
      return [...object.fields.values()].flatMap((field) => {
        const value = record[field.name];
        const where = `${record.attributes.referenceId}.${field.name}`;
        if ((field.required || field.type === 'MasterDetail') && value === undefined)
          return [`${where} missing`];
        if (
          field.restrictedValues &&
          value !== undefined &&
          !field.restrictedValues.includes(String(value))
        ) {
          return [`${where} = ${String(value)}`];
        }
        return [];
      });
    });
    expect(problems).toEqual([]);
  });

  it('writes phone numbers in E.164 and marks the opted-out, do-not-call and no-email people', () => {
    const people = [...(records.get('Lead') ?? []), ...(records.get('Contact') ?? [])];
    const badPhones = people.flatMap((person) =>
      ['Phone', 'MobilePhone'].filter(
        (field) => person[field] !== undefined && !E164.test(String(person[field]))
      )
    );
    expect(badPhones).toEqual([]);
    const leads = records.get('Lead') ?? [];
    expect(leads.filter((lead) => lead.MobilePhone !== undefined).length).toBeGreaterThanOrEqual(6);
    expect(leads.filter((lead) => lead.HasOptedOutOfEmail === true).map((lead) => lead.LastName)).toEqual([
      'White'
    ]);
    expect(leads.filter((lead) => lead.DoNotCall === true).map((lead) => lead.LastName)).toEqual(['Lewis']);
    expect(leads.filter((lead) => lead.Email === undefined).map((lead) => lead.LastName)).toEqual(['Young']);
    expect(
      people.every((person) => person.Email === undefined || String(person.Email).endsWith('@example.com'))
    ).toBe(true);
  });

  it('has sequences for inbound leads (automatic), outbound leads (manual) and contacts', () => {
    const sequences = records.get('Sequence__c') ?? [];
    expect(sequences.map((s) => [s.Name, s.Target_Object__c, s.Enrollment__c, s.Active__c])).toEqual([
      ['Inbound Lead Follow-up', 'Lead', 'Automatic', true],
      ['Outbound Prospecting', 'Lead', 'Manual', true],
      ['Customer Onboarding', 'Contact', 'Manual', true],
      ['Webinar Attendees', 'Campaign', 'Manual', false]
    ]);
  });

  it('has actions of all four types, with manual and automatic emails and tasks, numbered 1..n per sequence', () => {
    const actions = records.get('Sequence_Action__c') ?? [];
    const kinds = new Set(
      actions.map((action) => `${String(action.Type__c)}/${String(action.Activation__c)}`)
    );
    expect([...kinds].sort()).toEqual([
      'Call/Manual',
      'Email/Automatic',
      'Email/Manual',
      'SMS/Manual',
      'Task/Automatic',
      'Task/Manual'
    ]);
    const steps = new Map<string, number[]>();
    for (const action of actions) {
      steps.set(String(action.Sequence__c), [
        ...(steps.get(String(action.Sequence__c)) ?? []),
        Number(action.Step_Number__c)
      ]);
    }
    expect([...steps.values()].every((list) => list.every((step, index) => step === index + 1))).toBe(true);
  });

  it('holds criteria JSON that parses, including custom logic', () => {
    const criteria = all.flatMap((record) =>
      ['Entry_Criteria__c', 'Exit_Criteria__c', 'Criteria__c']
        .filter((field) => record[field] !== undefined)
        .map((field) => ({
          where: `${record.attributes.referenceId}.${field}`,
          result: parseCriteria(record[field])
        }))
    );
    expect(criteria.length).toBeGreaterThanOrEqual(5);
    expect(criteria.filter(({ result }) => !result.ok).map(({ where }) => where)).toEqual([]);
    expect(criteria.some(({ result }) => result.ok && result.value.logic === 'CUSTOM')).toBe(true);
  });

  it('holds field updates as a JSON list of { field, value }', () => {
    const updates = all.filter((record) => record.Field_Updates__c !== undefined);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const record of updates) {
      const parsed = JSON.parse(String(record.Field_Updates__c)) as unknown[];
      expect(parsed).toEqual(
        expect.arrayContaining([{ field: expect.any(String), value: expect.anything() }])
      );
    }
  });

  it('holds email and SMS text whose merge fields parse', () => {
    const texts = all.flatMap((record) =>
      ['Subject__c', 'Body__c']
        .filter((field) => record[field] !== undefined)
        .map((field) => ({
          where: `${record.attributes.referenceId}.${field}`,
          result: parseTemplate(String(record[field]))
        }))
    );
    expect(texts.length).toBeGreaterThanOrEqual(10);
    expect(texts.filter(({ result }) => !result.ok).map(({ where }) => where)).toEqual([]);
  });
});
