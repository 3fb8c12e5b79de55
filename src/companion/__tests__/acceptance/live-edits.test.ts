/**
 * Actions page: "When you add actions to a sequence … each enrolled participant receives a
 * corresponding set of Participant Action records" — also for actions added while the companion is
 * stopped: it finds the edit from the records after a restart.
 */
import { companionFor } from '../helpers';
import { World } from './world';

describe('Admin edits made while the companion is stopped, over HTTP', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.start();
  });
  afterEach(() => world.close());

  it('an action appended and one removed while it was down reach the enrolled participants after a restart', async () => {
    const { id, actionIds } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Second call', Type__c: 'Call', Delay_Amount__c: 1, Delay_Unit__c: 'Days' }
    ]);
    const leads = [await world.lead({ LastName: 'One' }), await world.lead({ LastName: 'Two' })];
    await world.enroll(id, leads);
    await world.settle();
    const [first] = await world.actionsOf(leads[0]);
    await world.request(first.Id, 'Complete');
    await world.settle();

    // The companion stops. The admin appends a step and removes the first one.
    await world.create('Sequence_Action__c', {
      Name: 'Wrap up',
      Sequence__c: id,
      Step_Number__c: 3,
      Type__c: 'Task',
      Activation__c: 'Manual',
      Delay_Amount__c: 2,
      Delay_Unit__c: 'Days',
      Timing__c: 'Immediate (Any Day)'
    });
    await world.admin.sobject('Sequence_Action__c').destroy(actionIds[0]);
    world.advance(60 * 60_000);

    world.companion = companionFor(world.org); // a new process: nothing remembered
    await world.settle();
    // Lead one had done step 1 and is on step 2: step 3 is added after it.
    expect(
      (await world.actionsOf(leads[0])).map((a) => [a.Step_Number__c, a.Type__c, a.Status__c, a.Due_At__c])
    ).toEqual([
      [1, 'Call', 'Completed', '2026-12-01T15:00:00.000+0000'],
      [2, 'Call', 'Upcoming', '2026-12-02T15:00:00.000+0000'],
      [3, 'Task', 'Upcoming', '2026-12-04T15:00:00.000+0000']
    ]);
    // Lead two was still on step 1, which was removed: it moves on to step 2, dated from the edit.
    expect(
      (await world.actionsOf(leads[1])).map((a) => [a.Step_Number__c, a.Status__c, a.Reason__c, a.Due_At__c])
    ).toEqual([
      [1, 'Canceled', 'SEQUENCE_EDITED', '2026-12-01T15:00:00.000+0000'],
      [2, 'Upcoming', null, '2026-12-02T16:00:00.000+0000'],
      [3, 'Upcoming', null, '2026-12-04T16:00:00.000+0000']
    ]);
    // Nothing is appended twice by a later pass or another restart.
    world.companion = companionFor(world.org);
    await world.settle();
    const count = await world.admin.query(
      `SELECT COUNT() FROM Participant_Action__c WHERE Step_Number__c = 3`
    );
    expect(count.totalSize).toBe(2);
  });
});
