/**
 * Compare-and-clear of rep requests (`SalesforceApi.updateGuardedUnits`) over HTTP: each unit is a
 * query for the guarded value and an all-or-none collection in a Composite request (Salesforce's
 * Composite Graph takes no queries or collections). A unit lands whole while its guard holds; a unit
 * whose guard changed writes nothing, not even its other records.
 */
import type { LocalOrg } from '../../local-org';
import { SalesforceApi, type SfRecord } from '../api';
import { silentLogger } from '../logger';
import { NameMapper } from '../names';
import { connectTo, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(30_000);

describe('guarded units', () => {
  let org: LocalOrg;
  afterEach(() => org.close());

  const statusOf = (type: string, id: string, fields: string): Record<string, unknown> => {
    const [row] = org.data.query(`SELECT ${fields} FROM ${type} WHERE Id = '${id}'`).records as Array<
      Record<string, unknown>
    >;
    const { attributes: _attributes, Id: _id, ...rest } = row;
    return rest;
  };

  it('writes the units whose guard holds and none of a unit whose guard changed, two units per call', async () => {
    org = await startTestOrg();
    const scenario = seedEmailScenario(org, { count: 3 });
    const [held, changed, alsoHeld] = [0, 1, 2].map((i) => ({
      participant: scenario.participantIds[i],
      action: scenario.emailActionIds[i]
    }));
    for (const { action } of [held, changed, alsoHeld])
      org.data.update('Participant_Action__c', action, { Requested_Outcome__c: 'Skip' });
    // A rep asks for something else after the pass read "Skip".
    org.data.update('Participant_Action__c', changed.action, { Requested_Outcome__c: 'Complete' });

    const api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });
    const unit = ({ participant, action }: { participant: string; action: string }) => ({
      guard: { type: 'Participant_Action__c', id: action, field: 'Requested_Outcome__c', equals: 'Skip' },
      writes: [
        {
          type: 'Participant_Action__c',
          record: { Id: action, Status__c: 'Skipped', Requested_Outcome__c: null }
        },
        { type: 'Sequence_Participant__c', record: { Id: participant, Status__c: 'Completed' } }
      ]
    });
    org.controls.resetRequestCounts();
    const results = await api.updateGuardedUnits([unit(held), unit(changed), unit(alsoHeld)]);

    expect(org.controls.requestCounts()).toEqual({ 'POST /composite': 2 });
    expect(results).toEqual([
      [
        { ok: true, id: held.action },
        { ok: true, id: held.participant }
      ],
      [0, 1].map(() => ({
        ok: false,
        error: {
          kind: 'permanent',
          code: 'REQUEST_CHANGED',
          message: 'Requested_Outcome__c changed since it was read; the next pass applies the new value'
        }
      })),
      [
        { ok: true, id: alsoHeld.action },
        { ok: true, id: alsoHeld.participant }
      ]
    ]);
    for (const done of [held, alsoHeld]) {
      expect(statusOf('Participant_Action__c', done.action, 'Status__c, Requested_Outcome__c')).toEqual({
        Status__c: 'Skipped',
        Requested_Outcome__c: null
      });
      expect(statusOf('Sequence_Participant__c', done.participant, 'Status__c')).toEqual({
        Status__c: 'Completed'
      });
    }
    expect(statusOf('Participant_Action__c', changed.action, 'Status__c, Requested_Outcome__c')).toEqual({
      Status__c: 'Due',
      Requested_Outcome__c: 'Complete'
    });
    expect(statusOf('Sequence_Participant__c', changed.participant, 'Status__c')).toEqual({
      Status__c: 'Active'
    });
  });

  it('rolls back the whole unit when one of its records fails, with that record error', async () => {
    org = await startTestOrg();
    const scenario = seedEmailScenario(org, { count: 1 });
    const action = scenario.emailActionIds[0];
    org.data.update('Participant_Action__c', action, { Requested_Outcome__c: 'Skip' });
    const api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });
    const writes: Array<{ type: string; record: SfRecord }> = [
      {
        type: 'Participant_Action__c',
        record: { Id: action, Status__c: 'Skipped', Requested_Outcome__c: null } as SfRecord
      },
      {
        type: 'Sequence_Participant__c',
        record: { Id: scenario.participantIds[0], Status__c: 'Nonsense' } as SfRecord
      }
    ];
    const [result] = await api.updateGuardedUnits([
      {
        guard: { type: 'Participant_Action__c', id: action, field: 'Requested_Outcome__c', equals: 'Skip' },
        writes
      }
    ]);
    expect(result.map((outcome) => outcome.ok)).toEqual([false, false]);
    expect(result[1]).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' })
    });
    expect(statusOf('Participant_Action__c', action, 'Status__c, Requested_Outcome__c')).toEqual({
      Status__c: 'Due',
      Requested_Outcome__c: 'Skip'
    });
  });
});
