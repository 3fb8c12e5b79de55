/**
 * Actions page, "Email actions" ("The participant must have an email field populated and Email Opt
 * Out unchecked") and "Call actions": an opt-out skips that channel's actions only; the sequence
 * setting "Exit on email opt-out" ends the enrollment instead; the check is made again at send time.
 */
import { statuses, World } from './world';

const EMAIL = {
  Type__c: 'Email' as const,
  Subject__c: 'Hello',
  Body__c: '<p>Hello {!Recipient.FirstName}</p>'
};

describe('Email opt-out and Do Not Call over HTTP', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.start();
  });
  afterEach(() => world.close());

  it('email opt-out skips the emails (automatic and manual) and the call and task go on', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Intro', ...EMAIL, Activation__c: 'Automatic' },
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Personal note', ...EMAIL, Activation__c: 'Manual' },
      { Name: 'Wrap up', Type__c: 'Task' }
    ]);
    const lead = await world.lead({ HasOptedOutOfEmail: true });
    await world.enroll(id, [lead]);
    await world.settle();
    let actions = await world.actionsOf(lead);
    expect(actions.slice(0, 2).map((a) => [a.Status__c, a.Reason__c, a.Reason_Detail__c])).toEqual([
      ['Skipped', 'EMAIL_OPT_OUT', 'The person opted out of email'],
      ['Due', null, null]
    ]);
    expect(world.org.controls.emailOutbox()).toEqual([]);
    await world.request(actions[1].Id, 'Complete');
    await world.settle();
    actions = await world.actionsOf(lead);
    expect(actions.map((a) => [a.Status__c, a.Reason__c])).toEqual([
      ['Skipped', 'EMAIL_OPT_OUT'],
      ['Completed', null],
      ['Skipped', 'EMAIL_OPT_OUT'],
      ['Due', null]
    ]);
    expect((await world.participantOf(lead)).Status__c).toBe('Active');
  });

  it('Do Not Call skips calls only', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Intro', ...EMAIL, Activation__c: 'Automatic' }
    ]);
    const lead = await world.lead({ DoNotCall: true });
    await world.enroll(id, [lead]);
    await world.settle();
    expect((await world.actionsOf(lead)).map((a) => [a.Status__c, a.Reason__c])).toEqual([
      ['Skipped', 'DO_NOT_CALL'],
      ['Completed', null]
    ]);
    expect(world.org.controls.emailOutbox().map((e) => e.to)).toEqual([['ada@example.com']]);
  });

  it('"Exit on email opt-out" ends the enrollment instead', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead', Exit_On_Email_Opt_Out__c: true }, [
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Intro', ...EMAIL, Activation__c: 'Automatic' }
    ]);
    const lead = await world.lead();
    await world.enroll(id, [lead]);
    await world.settle();
    await world.update('Lead', lead, { HasOptedOutOfEmail: true });
    await world.pass();
    expect(await world.participantOf(lead)).toMatchObject({
      Status__c: 'Exited',
      Exit_Type__c: 'Automatic',
      Exit_Reason__c: 'EMAIL_OPT_OUT'
    });
    expect(statuses(await world.actionsOf(lead))).toEqual(['Canceled', 'Canceled']);
  });

  it("re-checks at send time: a rep's Send after the person opted out is skipped, not sent", async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Personal note', ...EMAIL, Activation__c: 'Manual' },
      { Name: 'Call', Type__c: 'Call' }
    ]);
    const lead = await world.lead();
    await world.enroll(id, [lead]);
    await world.settle();
    const [email] = await world.actionsOf(lead);
    expect(email.Status__c).toBe('Due');
    await world.update('Lead', lead, { HasOptedOutOfEmail: true });
    await world.request(email.Id, 'Send', { Draft_Subject__c: 'Hi', Draft_Body__c: 'Hi Ada' });
    await world.settle();
    expect((await world.actionsOf(lead)).map((a) => [a.Status__c, a.Reason__c])).toEqual([
      ['Skipped', 'EMAIL_OPT_OUT'],
      ['Due', null]
    ]);
    expect(world.org.controls.emailOutbox()).toEqual([]);
  });
});
