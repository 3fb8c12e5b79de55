import './jest-realm';
/**
 * Shared set-up for the companion's tests and benchmark: a local org with a sequence and many
 * participants whose automatic email is due now, created through the org's direct (uncounted)
 * data access so set-up does not distort API-call figures.
 */
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../local-org';
import { Companion, type CompanionOptions } from '../companion';
import { silentLogger } from '../logger';
import { NameMapper } from '../names';
import { localOrgAdapters } from '../../demo/local-org-adapters';
import type { SequenceRecord } from '../model';
import { sequenceVersion } from '../pass/sequence-version';

export interface EmailScenario {
  sequenceId: string;
  emailActionId: string;
  leadIds: string[];
  participantIds: string[];
  emailActionIds: string[];
}

export interface ScenarioOptions {
  count: number;
  /** Body of the automatic email (merge fields allowed). */
  body?: string;
  subject?: string;
  /** Add a second, manual Call step after the email. */
  withFollowUp?: boolean;
  /** Per-lead overrides by index (e.g. an invalid email address). */
  lead?: (index: number) => Record<string, unknown>;
  fieldUpdates?: string;
  ownerId?: string;
  /** The org serves the package under this namespace (`stride`): names are qualified on the way in. */
  namespace?: string;
  /** When the emails fall due (default: now on the org clock). */
  dueAt?: Date;
}

/** Starts a local org (no sample data unless asked) with the clock frozen at Tuesday 2026-12-01 15:00 UTC. */
export async function startTestOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  return startLocalOrg({ clock: { start: '2026-12-01T15:00:00Z', speed: 0 }, ...options });
}

/** A sequence whose step 1 is an automatic email, with `count` leads enrolled and their email due now. */
export function seedEmailScenario(org: LocalOrg, options: ScenarioOptions): EmailScenario {
  const names = new NameMapper(options.namespace ?? '');
  const data = {
    create: (type: string, record: Record<string, unknown>): string =>
      org.data.create(names.name(type), names.toOrg(record))
  };
  const now = org.controls.clock.now().toISOString();
  const sequenceId = data.create('Sequence__c', {
    Name: `Welcome ${Math.random().toString(36).slice(2, 7)}`,
    Target_Object__c: 'Lead',
    Active__c: true
  });
  const emailActionId = data.create('Sequence_Action__c', {
    Name: 'Welcome email',
    Sequence__c: sequenceId,
    Step_Number__c: 1,
    Type__c: 'Email',
    Activation__c: 'Automatic',
    Delay_Amount__c: 0,
    Delay_Unit__c: 'Minutes',
    Timing__c: 'Immediate (Any Day)',
    Subject__c: options.subject ?? 'Hello {!Recipient.FirstName}',
    Body__c: options.body ?? '<p>Hi {!Recipient.FirstName}, welcome aboard.</p>',
    Field_Updates__c: options.fieldUpdates ?? null
  });
  let callActionId: string | null = null;
  if (options.withFollowUp) {
    callActionId = data.create('Sequence_Action__c', {
      Name: 'Follow-up call',
      Sequence__c: sequenceId,
      Step_Number__c: 2,
      Type__c: 'Call',
      Activation__c: 'Manual',
      Delay_Amount__c: 1,
      Delay_Unit__c: 'Days',
      Timing__c: 'Immediate (Any Day)'
    });
  }
  const scenario: EmailScenario = {
    sequenceId,
    emailActionId,
    leadIds: [],
    participantIds: [],
    emailActionIds: []
  };
  for (let i = 0; i < options.count; i++) {
    const leadId = data.create('Lead', {
      FirstName: `Lee${i}`,
      LastName: `Tester${i}`,
      Company: `Company ${i}`,
      Email: `lee${i}@example.com`,
      Status: 'Open - Not Contacted',
      ...(options.ownerId ? { OwnerId: options.ownerId } : {}),
      ...(options.lead?.(i) ?? {})
    });
    const participantId = data.create('Sequence_Participant__c', {
      Sequence__c: sequenceId,
      Lead__c: leadId,
      Person_Key__c: leadId,
      Status__c: 'Active',
      Enrolled_At__c: now,
      Admitted_At__c: now,
      Current_Step__c: 1
    });
    const paId = data.create('Participant_Action__c', {
      Participant__c: participantId,
      Sequence_Action__c: emailActionId,
      Step_Number__c: 1,
      Type__c: 'Email',
      Activation__c: 'Automatic',
      Status__c: 'Due',
      Due_At__c: options.dueAt?.toISOString() ?? now,
      Attempts__c: 0,
      Assigned_To__c: options.ownerId ?? null
    });
    if (callActionId) {
      data.create('Participant_Action__c', {
        Participant__c: participantId,
        Sequence_Action__c: callActionId,
        Step_Number__c: 2,
        Type__c: 'Call',
        Activation__c: 'Manual',
        Status__c: 'Upcoming',
        Attempts__c: 0
      });
    }
    scenario.leadIds.push(leadId);
    scenario.participantIds.push(participantId);
    scenario.emailActionIds.push(paId);
  }
  return scenario;
}

/** A jsforce connection to the org as the integration user; with refresh when `refreshing`. */
export function connectTo(org: LocalOrg, refreshing = false): Connection {
  return refreshing
    ? new Connection({
        oauth2: { clientId: org.clientId, loginUrl: org.loginUrl, redirectUri: 'http://localhost/callback' },
        instanceUrl: org.instanceUrl,
        accessToken: org.accessToken,
        refreshToken: org.refreshToken,
        version: '66.0'
      })
    : new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '66.0' });
}

/**
 * An in-process companion against the org, quiet. A stage that fails makes the pass throw (the
 * service itself logs and carries on), so a broken query cannot hide behind a green test.
 */
export function companionFor(org: LocalOrg, options: Partial<CompanionOptions> = {}): Companion {
  return new Companion({
    conn: connectTo(org),
    log: silentLogger(),
    apiVersion: '66.0',
    namespace: '',
    adapters: localOrgAdapters({ instanceUrl: org.instanceUrl, controlToken: org.controlToken }),
    onPass: (result) => {
      if (result.stats.stageErrors > 0)
        throw new Error(`${result.stats.stageErrors} stage(s) failed in this pass`);
    },
    ...options,
    settings: { pollIntervalMs: 50, leaseSeconds: 30, ...options.settings }
  });
}

/** Counts rows by a field value. */
export function countBy(rows: Array<Record<string, unknown>>, field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const key = String(row[field]);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Participants admitted by the companion carry the version of their sequence (live-edits.ts); the
 * seeded ones are written straight into the org, so they get it here, as in a live org.
 */
export function stampSequenceVersions(org: LocalOrg): void {
  const sequences = org.data.query('SELECT Id, Delegate_Field__c FROM Sequence__c').records as Array<{
    Id: string;
    Delegate_Field__c: string | null;
  }>;
  for (const sequence of sequences) {
    const actions = org.data.query(
      `SELECT Id, Step_Number__c, Delegate_Field__c FROM Sequence_Action__c WHERE Sequence__c = '${sequence.Id}'`
    ).records as unknown as SequenceRecord['actions'];
    const version = sequenceVersion({ ...sequence, actions } as SequenceRecord);
    const participants = org.data.query(
      `SELECT Id FROM Sequence_Participant__c WHERE Sequence__c = '${sequence.Id}'`
    ).records as Array<{ Id: string }>;
    for (const p of participants)
      org.data.update('Sequence_Participant__c', p.Id, { Sequence_Version__c: version });
  }
}
