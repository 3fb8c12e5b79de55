/**
 * Actions page, "Criteria condition": "Actions can be delayed (held) until a specific set of
 * criteria is met, or they can be skipped if the criteria are not satisfied at the time of
 * execution … AND / OR / Custom (e.g., 1 AND (2 OR 3))".
 */
import { type Row, statuses, World } from './world';

const HOT = { field: 'Rating', operator: 'equals', value: 'Hot' };
const WORKING = { field: 'Status', operator: 'equals', value: 'Working - Contacted' };
const WEB = { field: 'LeadSource', operator: 'equals', value: 'Web' };
const CONDITIONS = [HOT, WORKING, WEB];

type Logic = 'AND' | 'OR' | 'CUSTOM';
/** Per logic: lead fields that meet it, and fields that do not (with the conditions left unmet). */
const CASES: Record<Logic, { met: Row; notMet: Row; unmet: string }> = {
  AND: {
    met: { Rating: 'Hot', Status: 'Working - Contacted', LeadSource: 'Web' },
    notMet: { Rating: 'Cold', Status: 'Working - Contacted', LeadSource: 'Web' },
    unmet: 'Not met: 1: Rating equals "Hot"'
  },
  OR: {
    met: { Rating: 'Cold', Status: 'Open - Not Contacted', LeadSource: 'Web' },
    notMet: { Rating: 'Cold', Status: 'Open - Not Contacted', LeadSource: 'Other' },
    unmet:
      'Not met: 1: Rating equals "Hot"; 2: Status equals "Working - Contacted"; 3: LeadSource equals "Web"'
  },
  CUSTOM: {
    met: { Rating: 'Hot', Status: 'Open - Not Contacted', LeadSource: 'Web' },
    notMet: { Rating: 'Hot', Status: 'Open - Not Contacted', LeadSource: 'Other' },
    unmet: 'Not met: 2: Status equals "Working - Contacted"; 3: LeadSource equals "Web"'
  }
};

function criteria(logic: Logic): string {
  return JSON.stringify({
    logic,
    ...(logic === 'CUSTOM' ? { expression: '1 AND (2 OR 3)' } : {}),
    conditions: CONDITIONS
  });
}

describe('Criteria condition: wait or skip, with AND / OR / custom logic, over HTTP', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.start();
  });
  afterAll(() => world.close());

  /** Per logic and behaviour: leads that meet the criteria, do not, and meet them after a field change. */
  const people: Record<string, { met: string; notMet: string; later: string; sequence: string }> = {};

  beforeAll(async () => {
    for (const logic of ['AND', 'OR', 'CUSTOM'] as const)
      for (const behavior of ['Wait', 'Skip'] as const) {
        const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
          {
            Name: 'Qualify call',
            Type__c: 'Call',
            Criteria__c: criteria(logic),
            Criteria_Behavior__c: behavior
          },
          { Name: 'Follow-up task', Type__c: 'Task' }
        ]);
        const { met, notMet } = CASES[logic];
        const ids = {
          met: await world.lead({ LastName: `${logic}${behavior}Met`, ...met }),
          notMet: await world.lead({ LastName: `${logic}${behavior}NotMet`, ...notMet }),
          later: await world.lead({ LastName: `${logic}${behavior}Later`, ...notMet }),
          sequence: id
        };
        const result = await world.enroll(id, [ids.met, ids.notMet, ids.later]);
        expect(result).toEqual({ sequenceId: id, enrolled: 3, refused: [] });
        people[`${logic} ${behavior}`] = ids;
      }
    await world.pass();
    // A field changes after the first check, then the companion runs again.
    for (const [key, ids] of Object.entries(people))
      await world.update('Lead', ids.later, CASES[key.split(' ')[0] as Logic].met);
    world.advance(60_000);
    await world.pass();
  });

  describe.each(['AND', 'OR', 'CUSTOM'] as const)('%s logic', (logic) => {
    it('Wait: met → due; not met → held with the unmet conditions named; met later → due', async () => {
      const ids = people[`${logic} Wait`];
      expect(statuses(await world.actionsOf(ids.met))).toEqual(['Due', 'Upcoming']);
      const held = await world.actionsOf(ids.notMet);
      expect(held.map((a) => [a.Status__c, a.Reason__c, a.Reason_Detail__c])).toEqual([
        ['Waiting_Criteria', 'WAIT_CRITERIA', CASES[logic].unmet],
        ['Upcoming', null, null]
      ]);
      const later = await world.actionsOf(ids.later);
      expect(later.map((a) => [a.Status__c, a.Reason__c, a.Reason_Detail__c])).toEqual([
        ['Due', null, null],
        ['Upcoming', null, null]
      ]);
    });

    it('Skip: met → due; not met → skipped when due and the next step is current; met later stays skipped', async () => {
      const ids = people[`${logic} Skip`];
      expect(statuses(await world.actionsOf(ids.met))).toEqual(['Due', 'Upcoming']);
      for (const id of [ids.notMet, ids.later]) {
        const actions = await world.actionsOf(id);
        expect(actions.map((a) => [a.Status__c, a.Reason__c, a.Reason_Detail__c, a.Last_Error__c])).toEqual([
          ['Skipped', 'SKIP_CRITERIA', CASES[logic].unmet, null],
          ['Due', null, null, null]
        ]);
        expect(actions[0].Completed_At__c).toBe('2026-12-01T15:00:00.000+0000');
        expect((await world.participantOf(id)).Current_Step__c).toBe(2);
      }
    });
  });

  it('a one-step sequence whose only action is skipped completes the participant', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Only call', Type__c: 'Call', Criteria__c: criteria('OR'), Criteria_Behavior__c: 'Skip' }
    ]);
    const lead = await world.lead({ LastName: 'OneStep', ...CASES.OR.notMet });
    await world.enroll(id, [lead]);
    await world.pass(); // the companion learns of the new sequence
    await world.pass();
    expect(statuses(await world.actionsOf(lead))).toEqual(['Skipped']);
    expect(await world.participantOf(lead)).toMatchObject({ Status__c: 'Completed', Current_Step__c: null });
  });

  it("a rep's Skip of a held action is applied, and of a later step is refused with the reason on the record", async () => {
    const ids = people['AND Wait'];
    const [held, later] = await world.actionsOf(ids.notMet);
    await world.request(later.Id, 'Skip', { Requested_Note__c: 'Not needed' });
    await world.pass();
    const refused = (await world.actionsOf(ids.notMet))[1];
    expect([refused.Status__c, refused.Last_Error__c]).toEqual([
      'Upcoming',
      `Request Skip refused: Cannot skip step 2 (${later.Id}): it is not the current step yet`
    ]);
    const status = await import('../../status').then((m) => m.collectStatus(world.api, world.now()));
    expect(status.failing.map((f) => [f.id, f.lastError])).toContainEqual([later.Id, refused.Last_Error__c]);

    await world.request(held.Id, 'Skip', { Requested_Note__c: 'Not a fit' });
    await world.pass();
    expect(
      (await world.actionsOf(ids.notMet)).map((a) => [a.Status__c, a.Reason__c, a.Reason_Detail__c])
    ).toEqual([
      ['Skipped', 'REP_SKIPPED', 'Not a fit'],
      ['Due', null, null]
    ]);
  });
});
