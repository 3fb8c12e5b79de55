/**
 * Actions page, "Order and timing": "Each subsequent action is scheduled relative to the previous
 * one … Completing, skipping, or deferring an action advances the participant to the next step",
 * and what `stride status` says about actions that do not move.
 */
import { collectStatus, formatStatus } from '../../status';
import { statuses, World } from './world';

const HOUR = 3_600_000;

describe('Order and timing over HTTP', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.start();
  });
  afterEach(() => world.close());

  it("Completed_At is the rep's click and the next step is dated from it, not from the pass", async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Call again', Type__c: 'Call', Delay_Amount__c: 1, Delay_Unit__c: 'Days' }
    ]);
    const lead = await world.lead();
    await world.enroll(id, [lead]);
    await world.pass();
    const [call] = await world.actionsOf(lead);
    world.advance(HOUR);
    await world.request(call.Id, 'Complete'); // clicked at 16:00
    world.advance(2 * HOUR); // the companion was down for two hours
    await world.pass();
    const [done, next] = await world.actionsOf(lead);
    expect([done.Status__c, done.Completed_At__c]).toEqual(['Completed', '2026-12-01T16:00:00.000+0000']);
    expect([next.Status__c, next.Due_At__c]).toEqual(['Upcoming', '2026-12-02T16:00:00.000+0000']);
  });

  it('completing a deferred action leaves the current step where it is', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Call', Type__c: 'Call' },
      {
        Name: 'Email',
        Type__c: 'Email',
        Delay_Amount__c: 2,
        Delay_Unit__c: 'Days',
        Subject__c: 'Hi',
        Body__c: 'Hi'
      }
    ]);
    const lead = await world.lead();
    await world.enroll(id, [lead]);
    await world.pass();
    const [call] = await world.actionsOf(lead);
    await world.request(call.Id, 'Defer', { Requested_Until__c: '2026-12-01T18:00:00.000Z' });
    await world.pass();
    const [, email] = await world.actionsOf(lead);
    expect([email.Status__c, email.Due_At__c]).toEqual(['Upcoming', '2026-12-03T15:00:00.000+0000']);
    world.advance(4 * HOUR);
    await world.request(call.Id, 'Complete');
    await world.pass();
    const after = await world.actionsOf(lead);
    expect(after.map((a) => [a.Status__c, a.Due_At__c])).toEqual([
      ['Completed', '2026-12-01T18:00:00.000+0000'],
      ['Upcoming', '2026-12-03T15:00:00.000+0000']
    ]);
    expect(after[0].Completed_At__c).toBe('2026-12-01T19:00:00.000+0000');
  });

  it('stride status lists actions a pass refused and actions that have not moved past their time', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Later call', Type__c: 'Call', Delay_Amount__c: 1, Delay_Unit__c: 'Hours' }
    ]);
    const lead = await world.lead();
    await world.enroll(id, [lead]);
    await world.pass();
    const [call, later] = await world.actionsOf(lead);
    await world.request(later.Id, 'Complete');
    await world.pass();
    const refusal = `Request Complete refused: Cannot complete step 2 (${later.Id}): it is not the current step yet`;
    expect((await collectStatus(world.api, world.now())).failing).toEqual([
      expect.objectContaining({ id: later.Id, status: 'Upcoming', lastError: refusal })
    ]);
    await world.request(call.Id, 'Complete');
    await world.pass();
    // The companion stops; the second call's time comes and goes.
    world.advance(3 * HOUR);
    const report = await collectStatus(world.api, world.now());
    expect(report.stalled).toEqual([
      {
        id: later.Id,
        name: expect.any(String),
        type: 'Call',
        status: 'Upcoming',
        dueAt: '2026-12-01T16:00:00.000+0000',
        step: 2
      }
    ]);
    const text = formatStatus(report);
    expect(text).toContain(refusal);
    expect(text).toContain('Stalled actions (not moved for more than 1 h past due):');
    expect(text).toContain('(Call, Upcoming, step 2) due 2026-12-01T16:00:00.000+0000');
    await world.pass();
    expect(statuses(await world.actionsOf(lead))).toEqual(['Completed', 'Due']);
    expect((await collectStatus(world.api, world.now())).stalled).toEqual([]);
  });

  it('an action whose criteria logic nests thousands deep is held for a person with the reason, and the pass goes on', async () => {
    const deep = JSON.stringify({
      logic: 'CUSTOM',
      expression: `${'('.repeat(10_000)}1${')'.repeat(10_000)}`,
      conditions: [{ field: 'Rating', operator: 'equals', value: 'Hot' }]
    });
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Call', Type__c: 'Call', Criteria__c: deep }
    ]);
    const lead = await world.lead();
    await world.enroll(id, [lead]);
    await world.pass();
    const [held] = await world.actionsOf(lead);
    expect([held.Status__c, held.Reason__c, held.Reason_Detail__c]).toEqual([
      'Due',
      'WAIT_CRITERIA',
      'Criteria cannot be evaluated: The logic nests more than 64 levels of parentheses and NOT; simplify it (position 65)'
    ]);
  });

  it('stride enroll refuses objects it does not enroll, naming the id and the object', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead', Name: 'Leads only' }, [
      { Name: 'Call', Type__c: 'Call' }
    ]);
    const account = await world.create('Account', { Name: 'Acme' });
    await expect(world.enroll(id, [account])).rejects.toThrow(
      `--ids: ${account} is a Account id; sequence "Leads only" enrolls Lead records`
    );
    const accounts = await world
      .sequence({ Target_Object__c: 'Account', Name: 'Accounts' }, [])
      .catch((e: Error) => e);
    expect(accounts).toBeInstanceOf(Error);
  });
});
