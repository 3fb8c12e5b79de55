/**
 * Sample data: the users a real org would already have (reps with time zones and Start/End of Day),
 * business hours and holidays, then the data plan in `sf data import tree` format (the same files a
 * real org loads), resolving `@referenceId` values between records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSampleAccess } from './security/sample-access';
import { RecordStore, WriteContext } from './store/records';

export interface SampleDataSummary {
  planFile: string;
  /** False when the plan file does not exist (only users, hours and holidays were loaded). */
  planFound: boolean;
  /** Records created per object. */
  created: Record<string, number>;
  /** Username → id of the sample users. */
  users: Record<string, string>;
}

export const SAMPLE_USERS = [
  {
    Username: 'ava.reed@stride.local',
    FirstName: 'Ava',
    LastName: 'Reed',
    Alias: 'areed',
    TimeZoneSidKey: 'America/New_York',
    StartDay: '8',
    EndDay: '17',
    Title: 'Account Executive',
    IsActive: true
  },
  {
    Username: 'ben.ortiz@stride.local',
    FirstName: 'Ben',
    LastName: 'Ortiz',
    Alias: 'bortiz',
    TimeZoneSidKey: 'America/Los_Angeles',
    StartDay: '9',
    EndDay: '18',
    Title: 'Sales Development Rep',
    IsActive: true
  },
  {
    Username: 'chloe.martin@stride.local',
    FirstName: 'Chloe',
    LastName: 'Martin',
    Alias: 'cmartin',
    TimeZoneSidKey: 'Europe/London',
    StartDay: '8',
    EndDay: '16',
    Title: 'Sales Development Rep',
    IsActive: true
  },
  {
    Username: 'dana.kim@stride.local',
    FirstName: 'Dana',
    LastName: 'Kim',
    Alias: 'dkim',
    TimeZoneSidKey: 'America/Chicago',
    StartDay: '8',
    EndDay: '17',
    Title: 'Sales Manager',
    IsActive: true
  },
  {
    Username: 'sam.admin@stride.local',
    FirstName: 'Sam',
    LastName: 'Patel',
    Alias: 'spatel',
    TimeZoneSidKey: 'America/Los_Angeles',
    StartDay: '8',
    EndDay: '17',
    Title: 'Sales Operations (Stride admin)',
    IsActive: true
  },
  {
    Username: 'eli.former@stride.local',
    FirstName: 'Eli',
    LastName: 'Former',
    Alias: 'eformer',
    TimeZoneSidKey: 'America/Denver',
    StartDay: '9',
    EndDay: '17',
    Title: 'Former Rep',
    IsActive: false
  }
];

const weekdays = (start: string, end: string) =>
  Object.fromEntries(
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].flatMap((d) => [
      [`${d}StartTime`, start],
      [`${d}EndTime`, end]
    ])
  );

export const SAMPLE_BUSINESS_HOURS = [
  {
    Name: 'US Eastern',
    IsActive: true,
    IsDefault: false,
    TimeZoneSidKey: 'America/New_York',
    ...weekdays('09:00:00.000Z', '17:00:00.000Z')
  },
  {
    Name: 'EMEA',
    IsActive: true,
    IsDefault: false,
    TimeZoneSidKey: 'Europe/London',
    ...weekdays('08:00:00.000Z', '16:00:00.000Z')
  }
];

export const SAMPLE_HOLIDAYS = [
  {
    Name: "New Year's Day",
    IsAllDay: true,
    ActivityDate: '2026-01-01',
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2026-01-01',
    RecurrenceDayOfMonth: 1,
    RecurrenceMonthOfYear: 'January'
  },
  {
    Name: 'Independence Day',
    IsAllDay: true,
    ActivityDate: '2026-07-04',
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2026-07-04',
    RecurrenceDayOfMonth: 4,
    RecurrenceMonthOfYear: 'July'
  },
  { Name: 'Thanksgiving 2026', IsAllDay: true, ActivityDate: '2026-11-26', IsRecurrence: false },
  {
    Name: 'Christmas Day',
    IsAllDay: true,
    ActivityDate: '2026-12-25',
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2026-12-25',
    RecurrenceDayOfMonth: 25,
    RecurrenceMonthOfYear: 'December'
  },
  {
    Name: 'Company Offsite (afternoon)',
    IsAllDay: false,
    ActivityDate: '2026-12-11',
    StartTimeInMinutes: 780,
    EndTimeInMinutes: 1020,
    IsRecurrence: false
  }
];

export const SAMPLE_ORG_WIDE_ADDRESSES = [
  { Address: 'sales@stride.local', DisplayName: 'Stride Sales', IsAllowAllProfiles: true }
];

export const SAMPLE_EMAIL_TEMPLATES = [
  {
    Name: 'Stride Intro',
    DeveloperName: 'Stride_Intro',
    TemplateType: 'text',
    Subject: 'Hello {!Lead.FirstName}',
    Body: 'Hi {!Recipient.FirstName},\n\nThanks for your interest in {!Organization.Name}.\n\n{!Sender.Name}',
    IsActive: true
  }
];

interface PlanEntry {
  sobject: string;
  files: string[];
  saveRefs?: boolean;
  resolveRefs?: boolean;
}

type TreeRecord = Record<string, unknown> & { attributes?: { type?: string; referenceId?: string } };

/** Loads users, business hours, holidays and the plan; everything in one transaction. */
export function loadSampleData(store: RecordStore, planFile: string, ctx: WriteContext): SampleDataSummary {
  const trusted: WriteContext = { ...ctx, trusted: true };
  const summary: SampleDataSummary = { planFile, planFound: fs.existsSync(planFile), created: {}, users: {} };
  const count = (objectName: string) => {
    summary.created[objectName] = (summary.created[objectName] ?? 0) + 1;
  };
  store.transaction(() => {
    const existingUser = store.db.prepare('SELECT "Id" FROM "User" WHERE "Username" = ?');
    for (const user of SAMPLE_USERS) {
      const found = existingUser.get(user.Username) as { Id: string } | undefined;
      summary.users[user.Username] =
        found?.Id ?? store.create('User', { ...user, Email: user.Username }, trusted);
      if (!found) count('User');
    }
    const manager = summary.users['dana.kim@stride.local'];
    for (const username of ['ava.reed@stride.local', 'ben.ortiz@stride.local', 'chloe.martin@stride.local']) {
      store.update('User', summary.users[username], { ManagerId: manager }, trusted);
    }
    loadSampleAccess(store, summary.users, trusted);
    const hasHours = store.db
      .prepare('SELECT COUNT(*) AS n FROM "BusinessHours" WHERE "IsDefault" = 0')
      .get() as { n: number };
    if (hasHours.n === 0) {
      for (const hours of SAMPLE_BUSINESS_HOURS) {
        store.create('BusinessHours', hours, trusted);
        count('BusinessHours');
      }
      for (const holiday of SAMPLE_HOLIDAYS) {
        store.create('Holiday', holiday, trusted);
        count('Holiday');
      }
      for (const address of SAMPLE_ORG_WIDE_ADDRESSES) {
        store.create('OrgWideEmailAddress', address, trusted);
        count('OrgWideEmailAddress');
      }
      for (const template of SAMPLE_EMAIL_TEMPLATES) {
        store.create('EmailTemplate', template, trusted);
        count('EmailTemplate');
      }
    }
    // A database file that already holds the plan (an earlier start) does not get it twice.
    const marker = `sample-plan:${path.resolve(planFile)}`;
    const loaded = store.db.prepare('SELECT 1 FROM _sequence WHERE object = ?').get(marker);
    if (summary.planFound && !loaded) {
      loadPlan(store, planFile, trusted, count);
      store.db.prepare('INSERT INTO _sequence (object, next) VALUES (?, 1)').run(marker);
    }
  });
  return summary;
}

function loadPlan(
  store: RecordStore,
  planFile: string,
  ctx: WriteContext,
  count: (objectName: string) => void
): void {
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as PlanEntry[];
  if (!Array.isArray(plan)) throw new Error(`${planFile}: a data plan must be a JSON array`);
  const refs = new Map<string, string>();
  const dir = path.dirname(planFile);
  for (const entry of plan) {
    for (const file of entry.files ?? []) {
      const full = path.join(dir, file);
      const tree = JSON.parse(fs.readFileSync(full, 'utf8')) as { records?: TreeRecord[] };
      if (!Array.isArray(tree.records)) throw new Error(`${full}: expected { "records": [...] }`);
      for (const record of tree.records) insertTree(store, entry.sobject, record, refs, ctx, count, full);
    }
  }
}

function insertTree(
  store: RecordStore,
  defaultType: string,
  record: TreeRecord,
  refs: Map<string, string>,
  ctx: WriteContext,
  count: (objectName: string) => void,
  file: string,
  parentLink?: { field: string; id: string }
): string {
  const schema = store.schema;
  const type = schema.qualify(record.attributes?.type ?? defaultType);
  const fields: Record<string, unknown> = {};
  const children: [string, TreeRecord[]][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    if (value && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records)) {
      children.push([key, (value as { records: TreeRecord[] }).records]);
      continue;
    }
    if (typeof value === 'string' && value.startsWith('@')) {
      const id = refs.get(value.slice(1));
      if (!id) throw new Error(`${file}: unresolved reference ${value} in ${type}.${key}`);
      fields[schema.qualify(key)] = id;
      continue;
    }
    fields[schema.qualify(key)] = value;
  }
  if (parentLink) fields[parentLink.field] = parentLink.id;
  let id: string;
  try {
    id = store.create(type, fields, ctx);
  } catch (error) {
    throw new Error(
      `${file}: cannot load ${type} ${record.attributes?.referenceId ?? ''}: ${(error as Error).message}`
    );
  }
  count(type);
  if (record.attributes?.referenceId) refs.set(record.attributes.referenceId, id);
  const object = store.object(type);
  for (const [relationshipName, childRecords] of children) {
    const relationship = object.childRelationships.find(
      (r) => r.relationshipName?.toLowerCase() === schema.qualify(relationshipName).toLowerCase()
    );
    if (!relationship) throw new Error(`${file}: ${type} has no child relationship ${relationshipName}`);
    for (const child of childRecords) {
      insertTree(store, relationship.childSObject, child, refs, ctx, count, file, {
        field: relationship.field,
        id
      });
    }
  }
  return id;
}
