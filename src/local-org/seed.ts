/**
 * What every org has before any data is loaded: the Organization row, the integration user the
 * API session runs as, the Task status values, a default BusinessHours record and the record types
 * of the metadata (one `RecordType` row each, whose id the schema then serves in describe).
 */
import { RecordStore } from './store/records';

export const INTEGRATION_USERNAME = 'integration@stride.local';

export const TASK_STATUSES = [
  { ApiName: 'Not Started', MasterLabel: 'Not Started', IsClosed: false, IsDefault: true, SortOrder: 1 },
  { ApiName: 'In Progress', MasterLabel: 'In Progress', IsClosed: false, IsDefault: false, SortOrder: 2 },
  {
    ApiName: 'Waiting on someone else',
    MasterLabel: 'Waiting on someone else',
    IsClosed: false,
    IsDefault: false,
    SortOrder: 3
  },
  { ApiName: 'Deferred', MasterLabel: 'Deferred', IsClosed: false, IsDefault: false, SortOrder: 4 },
  { ApiName: 'Completed', MasterLabel: 'Completed', IsClosed: true, IsDefault: false, SortOrder: 5 }
];

const WEEKDAY_HOURS = {
  MondayStartTime: '09:00:00.000Z',
  MondayEndTime: '17:00:00.000Z',
  TuesdayStartTime: '09:00:00.000Z',
  TuesdayEndTime: '17:00:00.000Z',
  WednesdayStartTime: '09:00:00.000Z',
  WednesdayEndTime: '17:00:00.000Z',
  ThursdayStartTime: '09:00:00.000Z',
  ThursdayEndTime: '17:00:00.000Z',
  FridayStartTime: '09:00:00.000Z',
  FridayEndTime: '17:00:00.000Z'
};

function firstId(store: RecordStore, sql: string, ...params: unknown[]): string | undefined {
  return (store.db.prepare(sql).get(...params) as { Id: string } | undefined)?.Id;
}

/** Creates the base rows when absent; returns the org id and the integration user id. */
export function seedBase(store: RecordStore, orgName: string): { orgId: string; userId: string } {
  return store.transaction(() => {
    let userId = firstId(store, 'SELECT "Id" FROM "User" WHERE "Username" = ?', INTEGRATION_USERNAME);
    // The first user creates itself: audit fields point at its own id once it exists.
    if (!userId) {
      userId = store.create(
        'User',
        {
          Username: INTEGRATION_USERNAME,
          FirstName: 'Stride',
          LastName: 'Integration',
          Alias: 'strint',
          Email: 'integration@stride.local',
          TimeZoneSidKey: 'America/Los_Angeles',
          IsActive: true,
          StartDay: '8',
          EndDay: '17'
        },
        { userId: '005000000000000AAA', trusted: true }
      );
      store.db
        .prepare('UPDATE "User" SET "CreatedById" = ?, "LastModifiedById" = ? WHERE "Id" = ?')
        .run(userId, userId, userId);
    }
    const ctx = { userId, trusted: true };
    let orgId = firstId(store, 'SELECT "Id" FROM "Organization" LIMIT 1');
    if (!orgId) {
      orgId = store.create(
        'Organization',
        {
          Name: orgName,
          InstanceName: 'LOCAL',
          IsSandbox: false,
          OrganizationType: 'Developer Edition',
          NamespacePrefix: store.schema.namespace ?? null,
          TimeZoneSidKey: 'America/Los_Angeles',
          DefaultLocaleSidKey: 'en_US',
          LanguageLocaleKey: 'en_US'
        },
        ctx
      );
    }
    if (!firstId(store, 'SELECT "Id" FROM "TaskStatus" LIMIT 1')) {
      for (const status of TASK_STATUSES) store.create('TaskStatus', status, ctx);
    }
    if (!firstId(store, 'SELECT "Id" FROM "BusinessHours" WHERE "IsDefault" = 1')) {
      store.create(
        'BusinessHours',
        {
          Name: 'Default',
          IsDefault: true,
          IsActive: true,
          TimeZoneSidKey: 'America/Los_Angeles',
          ...WEEKDAY_HOURS
        },
        ctx
      );
    }
    seedRecordTypes(store, ctx);
    return { orgId, userId };
  });
}

/** One RecordType row per record type of the metadata (kept across restarts); the schema learns its id. */
function seedRecordTypes(store: RecordStore, ctx: { userId: string; trusted: boolean }): void {
  for (const object of store.schema.objects()) {
    for (const recordType of object.recordTypes ?? []) {
      const fields = {
        Name: recordType.label,
        DeveloperName: recordType.developerName,
        SobjectType: object.name,
        NamespacePrefix: object.custom ? (store.schema.namespace ?? null) : null,
        IsActive: recordType.active,
        Description: recordType.description
      };
      const existing = firstId(
        store,
        'SELECT "Id" FROM "RecordType" WHERE "SobjectType" = ? AND "DeveloperName" = ?',
        object.name,
        recordType.developerName
      );
      if (existing) store.update('RecordType', existing, fields, ctx);
      recordType.id = existing ?? store.create('RecordType', fields, ctx);
    }
  }
}
