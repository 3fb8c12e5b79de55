import '../jest-realm';
/**
 * The acceptance suite's world: a local org, an admin who writes sequences over HTTP (jsforce, as
 * the sequence editor does), reps who write what the components write (request fields on
 * participant actions, a Queued participant from the participant panel), and the companion running
 * passes over HTTP. Records are read back through SOQL.
 */
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

export class World {
  readonly admin: Connection;
  readonly api: SalesforceApi;
  companion: Companion;

  private constructor(readonly org: LocalOrg) {
    this.admin = connectTo(org);
    this.api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });
    this.companion = companionFor(org);
  }

  static async start(): Promise<World> {
    return new World(await startTestOrg());
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

  async create(object: string, fields: Row): Promise<string> {
    const result = await this.admin.sobject(object).create(fields);
    if (!(result as { success: boolean }).success) throw new Error(JSON.stringify(result));
    return (result as { id: string }).id;
  }

  async update(object: string, id: string, fields: Row): Promise<void> {
    await this.admin.sobject(object).update({ Id: id, ...fields });
  }

  async lead(fields: Row = {}): Promise<string> {
    return this.create('Lead', {
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

  /** What a rep's button writes on a participant action (strideLds.requestOutcome). */
  async request(actionId: string, outcome: string, fields: Row = {}): Promise<void> {
    await this.update('Participant_Action__c', actionId, {
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
