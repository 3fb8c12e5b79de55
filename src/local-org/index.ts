/**
 * The local org: a Salesforce REST API server on SQLite that jsforce and @salesforce/core use
 * unchanged. See README.md in this folder for the options, the controls and the HTTP endpoints.
 *
 * @example
 * const org = await startLocalOrg({ sampleData: true });
 * const conn = new jsforce.Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '66.0' });
 * await conn.query('SELECT Id, Name FROM Lead');
 * await org.close();
 */
import { LocalSmtpServer, type LocalSmtpOptions } from './smtp';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { ConnectedAppOptions } from './auth/connected-app';
import { Clock } from './clock';
import { LocalOrgControls } from './controls';
import { LATEST_VERSION, LocalOrgServer } from './http/server';
import { OrgState } from './org-state';
import { loadSampleData, SampleDataSummary } from './sample-data';
import { loadSchema, Schema } from './schema/registry';
import { INTEGRATION_USERNAME, seedBase } from './seed';
import { Authorization, loadSharingModels } from './security/access';
import { loadPermissionSets } from './security/permission-sets';
import { seedSecurity } from './security/seed-security';
import { loadGroups, loadSharingRules } from './security/sharing-rules';
import { QueryEngine, QueryResult } from './soql/engine';
import { openDatabase } from './store/database';
import { RecordStore } from './store/records';

export { Clock } from './clock';
export { SalesforceError } from './errors';
export type { FaultRule, FaultKind } from './faults';
export type { OutboxEmail } from './http/email-action';
export type { OutboxSms } from './org-state';
export { LocalOrgControls } from './controls';
export { normalizeId, to18 } from './ids';

/** Where the package's object metadata lives (the repository's force-app). */
export const DEFAULT_OBJECTS_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'objects'
);
/** Where the package's permission sets live (loaded as PermissionSet rows and enforced). */
export const DEFAULT_PERMISSION_SETS_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'permissionsets'
);
/** The sample data plan folder (`sf data import tree` format). */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', 'data');

export interface LocalOrgOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** SQLite file, or ':memory:' (default). */
  db?: string;
  /** Object metadata folder; default force-app/main/default/objects. */
  objectsDir?: string;
  /** Permission set metadata folder; default force-app/main/default/permissionsets. */
  permissionSetsDir?: string;
  /** Public group metadata folder; default `groups` beside objectsDir. */
  groupsDir?: string;
  /** Sharing rule metadata folder (criteria-based rules); default `sharingRules` beside objectsDir. */
  sharingRulesDir?: string;
  /**
   * Enforce each session user's object permissions, field-level security and record access
   * (default true). false gives every session full access: for REST conformance tests that are not
   * about permissions. `org.data.*` is always unrestricted.
   */
  accessControl?: boolean;
  /** Serve custom objects and fields under this namespace (e.g. 'stride' → stride__Sequence__c). */
  namespace?: string;
  /** Load users, business hours, holidays and data/sample-plan.json (or the plan file given). */
  sampleData?: boolean | string;
  /** Daily API allocation reported in Sforce-Limit-Info and /limits; default 100,000. */
  dailyApiLimit?: number;
  /** Daily single-email limit for emailSimple; default 5,000. */
  dailyEmailLimit?: number;
  /** Milliseconds added before each API request. */
  latencyMs?: number;
  /** Start the clock at this instant and/or run it faster than real time. */
  clock?: { start?: Date | string | number; speed?: number };
  /** Organization name; default 'Stride Local Org'. */
  orgName?: string;
  /**
   * Browser origins besides the org's own (e.g. `http://127.0.0.1:4431`, a dev server on a sibling
   * port) allowed to call the REST API with a session token; they get CORS headers. Requests from
   * any other origin are refused.
   */
  allowedOrigins?: string[];
  /** The connected app: consumer key, the JWT bearer certificate, pre-authorised users. */
  connectedApp?: ConnectedAppOptions;
  /**
   * Start an SMTP server (XOAUTH2 only) that receives the companion's SMTP channel into its outbox:
   * `true` for any port and any mailbox, or its options.
   */
  smtp?: boolean | LocalSmtpOptions;
}

/** The connected app as tests see it: its keys, and the generated signing identity. */
export interface LocalConnectedApp {
  clientId: string;
  clientSecret: string;
  /** PEM certificate JWT bearer assertions are verified against. */
  readonly certificate: string;
  /** PKCS#8 PEM key that signs for `certificate`; null when the org was given its own certificate. */
  readonly privateKey: string | null;
}

export interface LocalOrg {
  /** Same as instanceUrl: http://127.0.0.1:<port> */
  url: string;
  instanceUrl: string;
  /** Login URL for OAuth flows (the same server). */
  loginUrl: string;
  /** Access token of the integration user (`<orgId>!<secret>`). */
  accessToken: string;
  /** Refresh token for jsforce's `{ oauth2: { clientId, loginUrl }, refreshToken }` session refresh. */
  refreshToken: string;
  /** The connected app's consumer key (jsforce's `oauth2.clientId`). */
  clientId: string;
  /** The connected app's consumer secret (client_credentials and password grants). */
  clientSecret: string;
  /** The connected app, with the key pair and certificate for the JWT bearer flow. */
  connectedApp: LocalConnectedApp;
  /** The SMTP server, when started with `smtp`: its port, outbox and failure switch. */
  smtp: LocalSmtpServer | null;
  /** The secret every `/_local/*` control requires: `Authorization: Bearer <controlToken>`. */
  controlToken: string;
  /** The password of a user (generated on first use; the password grant checks it). */
  passwordFor(username: string): string;
  orgId: string;
  /** The integration user the access token runs as. */
  userId: string;
  username: string;
  apiVersion: string;
  port: number;
  schema: Schema;
  controls: LocalOrgControls;
  /**
   * A new session for an active user, by username: what tests and the browser app's user switcher
   * use to act as a sample user (`sessionFor('ava.reed@stride.local')`). Requests with its token
   * run with that user's permissions and sharing. Unknown or inactive users fail.
   */
  sessionFor(username: string): { accessToken: string; userId: string; username: string };
  /** Direct data access for test setup (not counted as API calls). */
  data: {
    create(objectName: string, record: Record<string, unknown>): string;
    update(objectName: string, id: string, record: Record<string, unknown>): void;
    delete(objectName: string, id: string): void;
    query(soql: string, options?: { includeDeleted?: boolean }): QueryResult;
  };
  sampleData: SampleDataSummary | null;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts a local org and returns its URL, an access token and its controls.
 *
 * @example
 * const org = await startLocalOrg({ namespace: 'stride', dailyApiLimit: 1000 });
 * org.controls.clock.set('2026-03-02T09:00:00Z');
 */
export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const objectsDir = options.objectsDir ?? DEFAULT_OBJECTS_DIR;
  const schema = loadSchema({
    objectsDir,
    namespace: options.namespace
  });
  const clock = new Clock(options.clock?.start, options.clock?.speed ?? 1);
  const db = openDatabase(options.db ?? ':memory:', schema);
  ownerOnly(options.db ?? ':memory:');
  const store = new RecordStore(db, schema, clock);
  const engine = new QueryEngine(db, schema, clock);
  const { orgId, userId } = seedBase(store, options.orgName ?? 'Stride Local Org');
  const permissionSets = loadPermissionSets(options.permissionSetsDir ?? DEFAULT_PERMISSION_SETS_DIR);
  const metadataDir = path.dirname(objectsDir);
  seedSecurity(
    store,
    userId,
    permissionSets,
    loadGroups(options.groupsDir ?? path.join(metadataDir, 'groups'))
  );
  const authorization = new Authorization(
    db,
    schema,
    permissionSets,
    loadSharingModels(objectsDir),
    options.accessControl ?? true,
    loadSharingRules(options.sharingRulesDir ?? path.join(metadataDir, 'sharingRules'))
  );
  store.authorization = authorization;
  const state = new OrgState(db, schema, store, engine, clock, orgId, userId, {
    dailyApiLimit: options.dailyApiLimit ?? 100_000,
    dailyEmailLimit: options.dailyEmailLimit ?? 5_000,
    connectedApp: options.connectedApp,
    authorization
  });
  state.allowedOrigins = [...(options.allowedOrigins ?? [])];
  state.latencyMs = options.latencyMs ?? 0;
  state.objectsDir = options.objectsDir ?? DEFAULT_OBJECTS_DIR;
  const server = new LocalOrgServer(state);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    db.close();
    throw error;
  }
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  if (options.smtp) {
    const smtp = new LocalSmtpServer(options.smtp === true ? {} : options.smtp, () => clock.now());
    try {
      await smtp.listen();
    } catch (error) {
      await server.close();
      db.close();
      throw error;
    }
    state.smtp = smtp;
  }
  state.setBaseUrl(url);
  let sampleData: SampleDataSummary | null = null;
  if (options.sampleData) {
    const planFile =
      typeof options.sampleData === 'string'
        ? options.sampleData
        : path.join(DEFAULT_DATA_DIR, 'sample-plan.json');
    sampleData = loadSampleData(store, planFile, { userId });
  }
  const ctx = { userId };
  let closed = false;
  const connectedApp = state.connectedApp;
  return {
    url,
    instanceUrl: url,
    loginUrl: url,
    accessToken: state.issueToken(userId),
    refreshToken: state.issueRefreshToken(userId),
    clientId: connectedApp.clientId,
    clientSecret: state.secrets.clientSecret(),
    connectedApp: {
      clientId: connectedApp.clientId,
      clientSecret: state.secrets.clientSecret(),
      get certificate() {
        return connectedApp.certificate();
      },
      get privateKey() {
        return connectedApp.privateKey();
      }
    },
    controlToken: state.secrets.controlToken(),
    smtp: state.smtp,
    passwordFor: (username) => state.secrets.password(username),
    orgId,
    userId,
    username: INTEGRATION_USERNAME,
    apiVersion: LATEST_VERSION,
    port,
    schema,
    controls: new LocalOrgControls(state),
    sessionFor: (name) => state.sessionFor(name),
    data: {
      create: (objectName, record) => store.create(objectName, record, { ...ctx, trusted: true }),
      update: (objectName, id, record) => {
        store.update(objectName, id, record, { ...ctx, trusted: true });
      },
      delete: (objectName, id) => {
        store.delete(objectName, id, { ...ctx, trusted: true });
      },
      query: (soql, queryOptions) =>
        engine.query(soql, {
          includeDeleted: queryOptions?.includeDeleted,
          version: LATEST_VERSION,
          timeZone: state.userTimeZone(userId)
        })
    },
    sampleData,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
      await state.smtp?.close();
      db.close();
    }
  };
}

/** The database holds records and the org's secrets: readable by its owner only. */
function ownerOnly(file: string): void {
  if (file === ':memory:' || file === '') return;
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(part)) chmodSync(part, 0o600);
  }
}
