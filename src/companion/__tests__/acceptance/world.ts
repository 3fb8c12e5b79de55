import '../jest-realm';
/**
 * The acceptance suite's world: a local org with the sample users and their permission sets, an
 * admin (Stride_Admin) who writes sequences and people over HTTP (jsforce, as the sequence editor
 * does), reps (Stride_Agent) who write what the components write (request fields on the participant
 * actions they own, a Queued participant from the participant panel), and the companion running
 * passes over HTTP as the integration user. Records are read back through SOQL as the admin.
 */
import path from 'node:path';
import { Connection } from 'jsforce';
import type { LocalOrg } from '../../../local-org';
import { SalesforceApi } from '../../api';
import type { Companion } from '../../companion';
import { enroll, type EnrollRequest } from '../../enroll';
import { silentLogger } from '../../logger';
import { NameMapper } from '../../names';
import { companionFor, connectTo, startTestOrg } from '../helpers';

// Each statement runs a companion against a local org over HTTP: seconds, more on a loaded machine.
jest.setTimeout(60_000);

export type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ActionSpec {
  Name: string;
  Type__c: 'Call' | 'SMS' | 'Email' | 'Task';
  Activation__c?: 'Manual' | 'Automatic';
  Delay_Amount__c?: number;
  Delay_Unit__c?: 'Minutes' | 'Hours' | 'Days';
  [field: string]: unknown;
}

/** The sample users and their access, without the sample plan's records. */
const USERS_ONLY_PLAN = path.join(__dirname, 'fixtures', 'users-only-plan.json');
export const ADMIN_USERNAME = 'sam.admin@stride.local';
/** The rep who owns the people the tests create (and so works their actions). */
export const REP_USERNAME = 'ava.reed@stride.local';

export class World {
  readonly admin: Connection;
  /** What the rep's screens write (the participant panel, the inbox logging a reply). */
  readonly rep: Connection;
  /** The integration user's connection (what a companion or `stride enroll` writes). */
  readonly integration: Connection;
  /** The integration user's API (what `stride enroll` runs as). */
  readonly api: SalesforceApi;
  companion: Companion;
  private readonly sessions = new Map<string, Connection>();

  private constructor(readonly org: LocalOrg) {
    this.admin = this.connectionOf(ADMIN_USERNAME);
    this.rep = this.connectionOf(REP_USERNAME);
    this.integration = connectTo(org);
    this.api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });
    this.companion = companionFor(org);
  }

  static async start(): Promise<World> {
    return new World(await startTestOrg({ sampleData: USERS_ONLY_PLAN }));
  }

  /** A session of one of the sample users. */
  connectionOf(username: string): Connection {
    let connection = this.sessions.get(username);
    if (!connection) {
      connection = new Connection({
        instanceUrl: this.org.instanceUrl,
        accessToken: this.org.sessionFor(username).accessToken,
        version: '66.0'
      });
      this.sessions.set(username, connection);
    }
    return connection;
  }

  close(): Promise<void> {
    return this.org.close();
  }

  now(): Date {
    return this.org.controls.clock.now();
  }

  advance(ms: number): void {
    this.org.controls.clock.advance(ms);
  }

  /** The admin creates an active sequence with its actions in order (step numbers from 1). */
  async sequence(fields: Row, actions: ActionSpec[]): Promise<{ id: string; actionIds: string[] }> {
    const created = await this.admin
      .sobject('Sequence__c')
      .create({ Name: `Seq ${Math.random().toString(36).slice(2, 7)}`, Active__c: true, ...fields });
    const id = (created as { id: string }).id;
    const actionIds: string[] = [];
    for (const [i, action] of actions.entries()) {
      const result = await this.admin.sobject('Sequence_Action__c').create({
        Sequence__c: id,
        Step_Number__c: i + 1,
        Activation__c: 'Manual',
        Delay_Amount__c: 0,
        Delay_Unit__c: 'Minutes',
        Timing__c: 'Immediate (Any Day)',
        ...action
      });
      actionIds.push((result as { id: string }).id);
    }
    return { id, actionIds };
  }

  /** Creates a record as the admin, or as the user of `connection`. */
  async create(object: string, fields: Row, connection: Connection = this.admin): Promise<string> {
    const result = await connection.sobject(object).create(fields);
    if (!(result as { success: boolean }).success) throw new Error(JSON.stringify(result));
    return (result as { id: string }).id;
  }

  async update(object: string, id: string, fields: Row): Promise<void> {
    await this.admin.sobject(object).update({ Id: id, ...fields });
  }

  /** A Lead the rep owns. */
  async lead(fields: Row = {}): Promise<string> {
    return this.create('Lead', {
      OwnerId: this.org.sessionFor(REP_USERNAME).userId,
      LastName: 'Lovelace',
      FirstName: 'Ada',
      Company: 'Analytical',
      Email: 'ada@example.com',
      Status: 'Open - Not Contacted',
      ...fields
    });
  }

  /** `stride enroll --ids` (the CLI's code path). */
  async enroll(sequenceId: string, ids: string[], extra: Partial<EnrollRequest> = {}) {
    return enroll(this.api, { sequence: sequenceId, ids, now: this.now(), ...extra });
  }

  /**
   * What a rep's button writes on a participant action (strideLds.requestOutcome), written by the
   * user who owns the action: the rep it is assigned to.
   */
  async request(actionId: string, outcome: string, fields: Row = {}): Promise<void> {
    const [owner] = await this.query(
      `SELECT Owner.Username FROM Participant_Action__c WHERE Id = '${actionId}'`
    );
    const rep = this.connectionOf((owner.Owner as { Username: string }).Username);
    await rep.sobject('Participant_Action__c').update({
      Id: actionId,
      Requested_Outcome__c: outcome,
      Requested_At__c: this.now().toISOString(),
      ...fields
    });
  }

  /** One companion pass; a failed stage fails the test. */
  async pass() {
    return this.companion.runOnce();
  }

  /**
   * Passes until two in a row do nothing (at most `max`): what a running companion reaches within
   * seconds. Two, because a pass that meets a sequence created since its catalog was read only
   * re-reads the catalog.
   */
  async settle(max = 8): Promise<void> {
    let idle = 0;
    for (let i = 0; i < max && idle < 2; i++) {
      const { stats } = await this.pass();
      const moved = Object.entries(stats).some(([key, n]) => key !== 'stageErrors' && n > 0);
      idle = moved ? 0 : idle + 1;
    }
  }

  async query(soql: string): Promise<Row[]> {
    return (await this.admin.query<Row>(soql)).records;
  }

  /** The participant actions of a person's enrollment, by step. */
  async actionsOf(personId: string): Promise<Row[]> {
    return this.query(
      `SELECT Id, Step_Number__c, Type__c, Activation__c, Status__c, Due_At__c, Completed_At__c, Reason__c, Reason_Detail__c, Last_Error__c, Task_Id__c, Assigned_To__c FROM Participant_Action__c ` +
        `WHERE Participant__r.Lead__c = '${personId}' OR Participant__r.Contact__c = '${personId}' ORDER BY Step_Number__c`
    );
  }

  async participantOf(personId: string): Promise<Row> {
    const rows = await this.query(
      `SELECT Id, Status__c, Current_Step__c, Exit_Type__c, Exit_Reason__c, Completed_At__c FROM Sequence_Participant__c WHERE Lead__c = '${personId}' OR Contact__c = '${personId}'`
    );
    return rows[0];
  }
}

/** Status of each step, in order. */
export function statuses(actions: Row[]): string[] {
  return actions.map((a) => a.Status__c as string);
}
