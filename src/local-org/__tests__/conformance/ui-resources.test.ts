/**
 * REST API Developer Guide, "sObject Describe" (layoutable) with "sObject Layouts", "Compact
 * Layouts" and "Global layouts"; "List Views" (list, describe, results); "Recently Viewed Items",
 * "Tabs", "Themes"; and "Query" with `explain`. Layouts and list views come from the package's
 * metadata in force-app.
 */
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../../index';
import { connect, raw, startTestOrg } from '../helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
});

afterAll(() => org.close());

type Section = {
  heading: string;
  columns: number;
  rows: number;
  layoutRows: {
    layoutItems: {
      label: string;
      placeholder: boolean;
      required: boolean;
      editableForUpdate: boolean;
      layoutComponents: { value: string }[];
    }[];
  }[];
};

describe('sObject Describe and Layouts', () => {
  it('says layoutable exactly for the objects whose layout resources answer', async () => {
    const global = await conn.describeGlobal();
    const flags = Object.fromEntries(global.sobjects.map((o) => [o.name, o.layoutable]));
    for (const name of ['Lead', 'TaskStatus', 'Sequence__c', 'Organization']) {
      const layouts = await raw(org, 'GET', `/sobjects/${name}/describe/layouts`);
      const compact = await raw(org, 'GET', `/sobjects/${name}/describe/compactLayouts`);
      expect([name, layouts.status, compact.status]).toEqual(
        flags[name] ? [name, 200, 200] : [name, 404, 404]
      );
    }
    expect([flags.Lead, flags.Sequence__c, flags.TaskStatus, flags.Organization]).toEqual([
      true,
      true,
      false,
      false
    ]);
  });

  it('builds a package object page layout from its layout metadata: sections, rows, placeholders, related lists', async () => {
    const answer = (await raw(org, 'GET', '/sobjects/Conversation__c/describe/layouts')).body as {
      layouts: { id: string; detailLayoutSections: Section[]; relatedLists: unknown[] }[];
      recordTypeMappings: { recordTypeId: string; layoutId: string; master: boolean }[];
      recordTypeSelectorRequired: boolean[];
    };
    const [layout] = answer.layouts;
    expect(layout.id).toMatch(/^00h/);
    expect(answer.recordTypeMappings).toEqual([
      expect.objectContaining({ recordTypeId: '012000000000000AAA', layoutId: layout.id, master: true })
    ]);
    expect(answer.recordTypeSelectorRequired).toEqual([false]);
    const first = layout.detailLayoutSections[0];
    expect([first.heading, first.columns, first.rows]).toEqual(['Conversation', 2, 6]);
    // Column 1 holds Name … Undeliverable__c (6 items), column 2 five lookups and OwnerId: the last row has a placeholder.
    expect(first.layoutRows[0].layoutItems.map((i) => i.layoutComponents[0]?.value)).toEqual([
      'Name',
      'Participant_Action__c'
    ]);
    expect(first.layoutRows[5].layoutItems.map((i) => i.placeholder)).toEqual([false, true]);
    expect(first.layoutRows[0].layoutItems[0]).toMatchObject({
      label: 'Conversation Number',
      editableForUpdate: false
    });
  });

  it('gives standard objects the default layout, and the global layout answers', async () => {
    const lead = (await raw(org, 'GET', '/sobjects/Lead/describe/layouts')).body as {
      layouts: { detailLayoutSections: Section[] }[];
    };
    const sections = lead.layouts[0].detailLayoutSections;
    expect(sections.map((s) => s.heading)).toEqual(['Information', 'System Information']);
    const lastName = sections[0].layoutRows
      .flatMap((r) => r.layoutItems)
      .find((i) => i.layoutComponents[0]?.value === 'LastName');
    expect(lastName).toMatchObject({ label: 'Last Name', required: true });
    const global = await raw(org, 'GET', '/sobjects/Global/describe/layouts');
    expect(global.body).toEqual({
      layouts: [{ id: expect.stringMatching(/^00h/), quickActionList: { quickActionListItems: [] } }],
      recordTypeMappings: [],
      recordTypeSelectorRequired: [false]
    });
  });

  it('lists compact layouts with the assigned one as default; /compactLayouts?q= answers per object', async () => {
    const compact = (await raw(org, 'GET', '/sobjects/Conversation__c/describe/compactLayouts')).body as {
      compactLayouts: { name: string; label: string; id: string | null; fieldItems: { label: string }[] }[];
      defaultCompactLayoutId: string | null;
    };
    expect(compact.compactLayouts.map((l) => [l.name, l.label])).toEqual([
      ['SYSTEM', 'System Default'],
      ['Conversation_Compact', 'Conversation Compact Layout']
    ]);
    const assigned = compact.compactLayouts[1];
    expect(compact.defaultCompactLayoutId).toBe(assigned.id);
    expect(assigned.fieldItems.map((i) => i.label)).toEqual([
      'Conversation Number',
      'Type',
      'Direction',
      'Status',
      'Sent At'
    ]);
    const many = (await raw(org, 'GET', '/compactLayouts?q=Lead,Conversation__c')).body as Record<
      string,
      { name: string }
    >;
    expect([many.Lead.name, many.Conversation__c.name]).toEqual(['SYSTEM', 'Conversation_Compact']);
  });
});

describe('List Views', () => {
  let inbound: string;

  beforeAll(async () => {
    const lead = org.data.create('Lead', { LastName: 'Viewed', Company: 'List Co' });
    org.data.create('Conversation__c', { Direction__c: 'Inbound', Type__c: 'SMS', Lead__c: lead });
    org.data.create('Conversation__c', { Direction__c: 'Outbound', Type__c: 'SMS', Lead__c: lead });
    const list = (await raw(org, 'GET', '/sobjects/Conversation__c/listviews')).body as {
      listviews: { developerName: string; id: string; resultsUrl: string }[];
      size: number;
      sobjectType: string;
    };
    expect([list.sobjectType, list.size]).toEqual(['Conversation__c', 3]);
    expect(list.listviews.map((v) => v.developerName)).toEqual(['All', 'Inbound', 'Undeliverable']);
    inbound = list.listviews[1].id;
  });

  it('describes a view as the SOQL of its columns, filters and order', async () => {
    const describe = (await raw(org, 'GET', `/sobjects/Conversation__c/listviews/${inbound}/describe`))
      .body as {
      query: string;
      columns: { fieldNameOrPath: string; hidden: boolean }[];
    };
    expect(describe.query).toBe(
      "SELECT Name, Type__c, Direction__c, Status__c, Lead__r.Name, Contact__r.Name, Sent_At__c, Replied_At__c, Id, CreatedDate, LastModifiedDate, SystemModstamp FROM Conversation__c WHERE Direction__c = 'Inbound' ORDER BY Name ASC NULLS FIRST, Id ASC NULLS FIRST"
    );
    expect(describe.columns.filter((c) => c.hidden).map((c) => c.fieldNameOrPath)).toEqual([
      'Id',
      'CreatedDate',
      'LastModifiedDate',
      'SystemModstamp'
    ]);
  });

  it('answers results with each record as its columns, honouring the filter and limit', async () => {
    const results = (await raw(org, 'GET', `/sobjects/Conversation__c/listviews/${inbound}/results?limit=10`))
      .body as {
      developerName: string;
      size: number;
      records: { columns: { fieldNameOrPath: string; value: string | null }[] }[];
    };
    expect([results.developerName, results.size]).toEqual(['Inbound', 1]);
    const row = Object.fromEntries(results.records[0].columns.map((c) => [c.fieldNameOrPath, c.value]));
    expect([row.Direction__c, row.Type__c, row['Lead__r.Name']]).toEqual(['Inbound', 'SMS', 'Viewed']);
    const bad = await raw(org, 'GET', `/sobjects/Conversation__c/listviews/${inbound}/results?limit=5000`);
    expect(bad.body).toEqual([
      {
        errorCode: 'INVALID_PARAMETER_VALUE',
        message: 'limit must be between 1 and 2000, not 5000',
        fields: []
      }
    ]);
  });

  it('gives standard objects All and My views; My is scoped to the caller', async () => {
    const views = (await raw(org, 'GET', '/sobjects/Lead/listviews')).body as {
      listviews: { developerName: string; id: string }[];
    };
    expect(views.listviews.map((v) => v.developerName)).toEqual(['AllLeads', 'MyLeads']);
    const mine = (await raw(org, 'GET', `/sobjects/Lead/listviews/${views.listviews[1].id}/describe`))
      .body as { query: string };
    expect(mine.query).toContain(`WHERE OwnerId = '${org.userId}'`);
  });
});

describe('Recently Viewed, Tabs, Themes', () => {
  it('/recent lists what the caller last created or changed, newest first', async () => {
    const first = org.data.create('Account', { Name: 'Recent One' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = org.data.create('Account', { Name: 'Recent Two' });
    const recent = (await raw(org, 'GET', '/recent?limit=2')).body as {
      Id: string;
      Name: string;
      attributes: { type: string };
    }[];
    expect(recent.map((r) => [r.attributes.type, r.Id, r.Name])).toEqual([
      ['Account', second, 'Recent Two'],
      ['Account', first, 'Recent One']
    ]);
  });

  it('/tabs lists the standard object tabs and the package tabs', async () => {
    const tabs = (await raw(org, 'GET', '/tabs')).body as {
      name: string;
      label: string;
      sobjectName: string | null;
      custom: boolean;
    }[];
    expect(tabs.map((t) => [t.name, t.sobjectName, t.custom])).toEqual([
      ['standard-Account', 'Account', false],
      ['standard-Contact', 'Contact', false],
      ['standard-Lead', 'Lead', false],
      ['standard-Opportunity', 'Opportunity', false],
      ['standard-Campaign', 'Campaign', false],
      ['standard-Task', 'Task', false],
      ['standard-User', 'User', false],
      ['Engage', null, true],
      ['SMS_Template__c', 'SMS_Template__c', true],
      ['Sequence__c', 'Sequence__c', true]
    ]);
  });

  it('/theme gives every layoutable object a colour and icons', async () => {
    const theme = (await raw(org, 'GET', '/theme')).body as {
      themeItems: { name: string; colors: { color: string }[] }[];
    };
    const byName = Object.fromEntries(theme.themeItems.map((t) => [t.name, t.colors[0].color]));
    expect([byName.Account, byName.Sequence__c, byName.TaskStatus]).toEqual(['7F8DE1', '3D8CD7', undefined]);
  });
});

describe('Query with explain', () => {
  it('answers a plan with cardinalities, leading operation and notes on unindexed filters', async () => {
    for (let i = 0; i < 4; i++)
      org.data.create('Contact', { LastName: `Plan ${i}`, Title: i === 0 ? 'CEO' : 'Rep' });
    const plan = (
      await raw(
        org,
        'GET',
        `/query?explain=${encodeURIComponent("SELECT Id FROM Contact WHERE Title = 'CEO'")}`
      )
    ).body as {
      plans: Record<string, unknown>[];
      sourceQuery: string;
    };
    expect(plan.sourceQuery).toBe("SELECT Id FROM Contact WHERE Title = 'CEO'");
    expect(plan.plans).toEqual([
      {
        cardinality: 1,
        fields: [],
        leadingOperationType: 'TableScan',
        notes: [
          {
            description: 'Not considering filter for optimization because unindexed',
            fields: ['Title'],
            tableEnumOrId: 'Contact'
          }
        ],
        relativeCost: 1.125,
        sobjectCardinality: 4,
        sobjectType: 'Contact'
      }
    ]);
    const byId = (
      await raw(
        org,
        'GET',
        `/query?explain=${encodeURIComponent(`SELECT Name FROM Contact WHERE Id = '${org.userId}'`)}`
      )
    ).body as {
      plans: { leadingOperationType: string; fields: string[] }[];
    };
    expect(byId.plans.map((p) => [p.leadingOperationType, p.fields])).toEqual([
      ['Index', ['Id']],
      ['TableScan', []]
    ]);
  });
});
