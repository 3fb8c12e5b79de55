/** Sample data: users with time zones and working hours, business hours, holidays and the data plan. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalOrg } from '../index';
import { connect, startTestOrg } from './helpers';

let org: LocalOrg;
let planDir: string;

beforeAll(async () => {
  // A small plan in `sf data import tree` format, with a reference and nested children.
  planDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-plan-'));
  fs.writeFileSync(
    path.join(planDir, 'plan.json'),
    JSON.stringify([
      { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Account.json'] },
      { sobject: 'Contact', saveRefs: true, resolveRefs: true, files: ['Contact.json'] }
    ])
  );
  fs.writeFileSync(
    path.join(planDir, 'Account.json'),
    JSON.stringify({
      records: [
        {
          attributes: { type: 'Account', referenceId: 'AcmeRef' },
          Name: 'Acme Plan',
          Contacts: {
            records: [{ attributes: { type: 'Contact', referenceId: 'NestedRef' }, LastName: 'Nested' }]
          }
        }
      ]
    })
  );
  fs.writeFileSync(
    path.join(planDir, 'Contact.json'),
    JSON.stringify({
      records: [
        { attributes: { type: 'Contact', referenceId: 'C1' }, LastName: 'Referenced', AccountId: '@AcmeRef' }
      ]
    })
  );
  org = await startTestOrg({ sampleData: path.join(planDir, 'plan.json') });
});

afterAll(async () => {
  await org.close();
  fs.rmSync(planDir, { recursive: true, force: true });
});

describe('sample data', () => {
  it('loads the plan, resolving references and nested child records', async () => {
    expect(org.sampleData?.created).toMatchObject({ Account: 1, Contact: 2 });
    const result = await connect(org).query(
      "SELECT LastName, Account.Name FROM Contact WHERE Account.Name = 'Acme Plan' ORDER BY LastName"
    );
    expect(result.records.map((r) => [r.LastName, (r.Account as { Name: string }).Name])).toEqual([
      ['Nested', 'Acme Plan'],
      ['Referenced', 'Acme Plan']
    ]);
  });

  it('creates users with time zones, Start/End of Day and a manager', async () => {
    const users = await connect(org).query(
      "SELECT Username, TimeZoneSidKey, StartDay, EndDay, IsActive, Manager.Name FROM User WHERE Username LIKE '%@stride.local' AND Username != 'integration@stride.local' ORDER BY Username"
    );
    expect(
      users.records.map((u) => [
        u.Username,
        u.TimeZoneSidKey,
        u.StartDay,
        u.EndDay,
        u.IsActive,
        (u.Manager as { Name: string } | null)?.Name ?? null
      ])
    ).toEqual([
      ['ava.reed@stride.local', 'America/New_York', '8', '17', true, 'Dana Kim'],
      ['ben.ortiz@stride.local', 'America/Los_Angeles', '9', '18', true, 'Dana Kim'],
      ['chloe.martin@stride.local', 'Europe/London', '8', '16', true, 'Dana Kim'],
      ['dana.kim@stride.local', 'America/Chicago', '8', '17', true, null],
      ['eli.former@stride.local', 'America/Denver', '9', '17', false, null],
      ['sam.admin@stride.local', 'America/Los_Angeles', '8', '17', true, null]
    ]);
  });

  it('gives the users roles (reps under their manager), a profile and permission sets', async () => {
    const conn = connect(org);
    const users = await conn.query(
      "SELECT Username, UserRole.Name, UserRole.ParentRole.Name, Profile.Name FROM User WHERE Username LIKE '%@stride.local' ORDER BY Username"
    );
    expect(
      users.records.map((u) => {
        const role = u.UserRole as { Name: string; ParentRole: { Name: string } | null } | null;
        return [
          u.Username,
          role?.Name ?? null,
          role?.ParentRole?.Name ?? null,
          (u.Profile as { Name: string }).Name
        ];
      })
    ).toEqual([
      ['ava.reed@stride.local', 'Sales Rep', 'Sales Manager', 'Standard User'],
      ['ben.ortiz@stride.local', 'Sales Rep', 'Sales Manager', 'Standard User'],
      ['chloe.martin@stride.local', 'Sales Rep', 'Sales Manager', 'Standard User'],
      ['dana.kim@stride.local', 'Sales Manager', null, 'Standard User'],
      ['eli.former@stride.local', 'Sales Rep', 'Sales Manager', 'Standard User'],
      ['integration@stride.local', null, null, 'Standard User'],
      ['sam.admin@stride.local', null, null, 'Standard User']
    ]);
    const assignments = await conn.query(
      'SELECT Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment ORDER BY Assignee.Username'
    );
    expect(
      assignments.records.map((a) => [
        (a.Assignee as { Username: string }).Username,
        (a.PermissionSet as { Name: string }).Name
      ])
    ).toEqual([
      ['ava.reed@stride.local', 'Stride_Agent'],
      ['ben.ortiz@stride.local', 'Stride_Agent'],
      ['chloe.martin@stride.local', 'Stride_Agent'],
      ['dana.kim@stride.local', 'Stride_Agent'],
      ['eli.former@stride.local', 'Stride_Agent'],
      ['integration@stride.local', 'Stride_Integration'],
      ['sam.admin@stride.local', 'Stride_Admin']
    ]);
  });

  it('creates business hours (one default) and holidays', async () => {
    const conn = connect(org);
    const hours = await conn.query(
      'SELECT Name, IsDefault, TimeZoneSidKey, MondayStartTime, MondayEndTime, SundayStartTime FROM BusinessHours ORDER BY Name'
    );
    expect(
      hours.records.map((h) => [
        h.Name,
        h.IsDefault,
        h.TimeZoneSidKey,
        h.MondayStartTime,
        h.MondayEndTime,
        h.SundayStartTime
      ])
    ).toEqual([
      ['Default', true, 'America/Los_Angeles', '09:00:00.000Z', '17:00:00.000Z', null],
      ['EMEA', false, 'Europe/London', '08:00:00.000Z', '16:00:00.000Z', null],
      ['US Eastern', false, 'America/New_York', '09:00:00.000Z', '17:00:00.000Z', null]
    ]);
    const holidays = await conn.query(
      'SELECT Name, ActivityDate, IsAllDay, IsRecurrence FROM Holiday WHERE IsRecurrence = false ORDER BY ActivityDate'
    );
    expect(holidays.records.map((h) => [h.Name, h.ActivityDate, h.IsAllDay])).toEqual([
      ['Thanksgiving 2026', '2026-11-26', true],
      ['Company Offsite (afternoon)', '2026-12-11', false]
    ]);
  });

  it("loads the project's own data plan from data/", async () => {
    const withProjectPlan = await startTestOrg({ sampleData: true });
    try {
      expect(withProjectPlan.sampleData?.planFound).toBe(true);
      const leads = withProjectPlan.data.query('SELECT COUNT() FROM Lead');
      expect(leads.totalSize).toBeGreaterThan(0);
    } finally {
      await withProjectPlan.close();
    }
  });
});
