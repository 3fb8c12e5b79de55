/**
 * Actions page, "Email actions": "Content can be composed per action or use templates with merge
 * fields … Automatic: The system sends the email when the action is due … When an email is sent, the
 * system creates a Conversation record with email details (sent date, opened date, status, replies,
 * and undeliverable status)."
 */
import { World } from './world';

describe('Email actions over HTTP', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.start();
  });
  afterAll(() => world.close());

  it('an automatic email from a Salesforce email template is sent through emailSimple with the template', async () => {
    // Set up in Salesforce's template builder (not what Stride writes).
    const templateId = world.org.data.create('EmailTemplate', {
      Name: 'Welcome',
      DeveloperName: 'Welcome',
      TemplateType: 'custom',
      Subject: 'Welcome, {!Lead.FirstName}',
      HtmlValue: '<p>Hello {!Lead.FirstName} at {!Lead.Company}</p>'
    });
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Welcome', Type__c: 'Email', Activation__c: 'Automatic', Email_Template_Id__c: templateId }
    ]);
    const lead = await world.lead({ FirstName: 'Grace', Email: 'grace@example.com' });
    await world.enroll(id, [lead]);
    await world.settle();
    const [action] = await world.actionsOf(lead);
    expect([action.Status__c, action.Reason__c]).toEqual(['Completed', null]);
    expect(world.org.controls.emailOutbox()).toEqual([
      expect.objectContaining({
        to: ['grace@example.com'],
        subject: 'Welcome, Grace',
        body: '<p>Hello Grace at Analytical</p>',
        emailTemplateId: templateId,
        recipientId: lead,
        relatedRecordId: action.Id
      })
    ]);
  });

  it('a manual email from a Salesforce email template: the companion publishes the rendered preview for the composer', async () => {
    const templateId = world.org.data.create('EmailTemplate', {
      Name: 'Check-in',
      DeveloperName: 'Check_in',
      TemplateType: 'custom',
      Subject: 'Checking in, {!Lead.FirstName}',
      HtmlValue: '<p>Hi {!Recipient.FirstName} at {!Lead.Company} — {!Sender.Name}</p>'
    });
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Check-in', Type__c: 'Email', Activation__c: 'Manual', Email_Template_Id__c: templateId }
    ]);
    const lead = await world.lead({ FirstName: 'Omar', Company: 'Pine & <Oak>', Email: 'omar@example.com' });
    await world.enroll(id, [lead]);
    await world.settle();
    const [action] = await world.actionsOf(lead);
    const [preview] = await world.query(
      `SELECT Status__c, Template_Preview_Subject__c, Template_Preview_Body__c, Assigned_To__r.Name FROM Participant_Action__c WHERE Id = '${action.Id}'`
    );
    expect([
      preview.Status__c,
      preview.Template_Preview_Subject__c,
      preview.Template_Preview_Body__c
    ]).toEqual([
      'Due',
      'Checking in, Omar',
      `<p>Hi Omar at Pine &amp; &lt;Oak&gt; — ${(preview.Assigned_To__r as { Name: string }).Name}</p>`
    ]);
    // Nothing is sent until the rep clicks Send; then Salesforce renders the template itself.
    expect(world.org.controls.emailOutbox().filter((e) => e.relatedRecordId === action.Id)).toEqual([]);
    await world.request(action.Id, 'Send');
    await world.settle();
    expect(world.org.controls.emailOutbox().filter((e) => e.relatedRecordId === action.Id)).toEqual([
      expect.objectContaining({ subject: 'Checking in, Omar', emailTemplateId: templateId })
    ]);
  });

  it('a manual email goes out when the rep clicks Send, to the recipient, Cc and Bcc the rep chose', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      {
        Name: 'Personal note',
        Type__c: 'Email',
        Activation__c: 'Manual',
        Subject__c: 'Hi',
        Body__c: '<p>Hi</p>'
      }
    ]);
    const lead = await world.lead({ FirstName: 'Ida', Email: 'ida@example.com' });
    await world.enroll(id, [lead]);
    await world.settle();
    const [email] = await world.actionsOf(lead);
    expect(email.Status__c).toBe('Due');
    expect(world.org.controls.emailOutbox().filter((e) => e.relatedRecordId === email.Id)).toEqual([]);
    // What the composer writes on Send.
    await world.request(email.Id, 'Send', {
      Draft_To__c: 'assistant@example.com',
      Draft_Subject__c: 'For {!Recipient.FirstName}',
      Draft_Body__c: '<p>Could you pass this on to Ida?</p>',
      Draft_Cc__c: 'ida@example.com',
      Draft_Bcc__c: 'crm@example.com'
    });
    await world.settle();
    expect(world.org.controls.emailOutbox().filter((e) => e.relatedRecordId === email.Id)).toEqual([
      expect.objectContaining({
        to: ['assistant@example.com'],
        cc: ['ida@example.com'],
        bcc: ['crm@example.com'],
        subject: 'For Ida',
        body: '<p>Could you pass this on to Ida?</p>'
      })
    ]);
    expect((await world.actionsOf(lead))[0].Status__c).toBe('Completed');
  });

  it('the Conversation of a sent email records when it was opened (email tracking) and replied to', async () => {
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [
      { Name: 'Intro', Type__c: 'Email', Activation__c: 'Automatic', Subject__c: 'Hi', Body__c: '<p>Hi</p>' },
      { Name: 'Call', Type__c: 'Call', Delay_Amount__c: 2, Delay_Unit__c: 'Days' }
    ]);
    const lead = await world.lead({ FirstName: 'Alan', Email: 'alan@example.com' });
    await world.enroll(id, [lead]);
    await world.settle();
    const [email] = await world.actionsOf(lead);
    const sent = world.org.controls.emailOutbox().find((e) => e.relatedRecordId === email.Id)!;
    const conversation = async () =>
      (
        await world.query(
          `SELECT Status__c, Sent_At__c, Opened_At__c, Replied_At__c, To__c FROM Conversation__c WHERE Participant_Action__c = '${email.Id}' AND Direction__c = 'Outbound'`
        )
      )[0];
    expect(await conversation()).toMatchObject({
      Status__c: 'Sent',
      Sent_At__c: '2026-12-01T15:00:00.000+0000',
      Opened_At__c: null,
      To__c: 'alan@example.com'
    });

    // Salesforce email tracking sees the recipient open it an hour later.
    world.advance(3_600_000);
    world.org.data.update('EmailMessage', sent.emailMessageId!, {
      IsOpened: true,
      FirstOpenedDate: '2026-12-01T16:00:00.000Z',
      LastOpenedDate: '2026-12-01T16:00:00.000Z'
    });
    await world.settle();
    expect(await conversation()).toMatchObject({
      Status__c: 'Opened',
      Opened_At__c: '2026-12-01T16:00:00.000+0000'
    });

    // The reply arrives in the rep's inbox, logged against the action.
    world.advance(3_600_000);
    await world.create(
      'EmailMessage',
      {
        Incoming: true,
        RelatedToId: email.Id,
        FromAddress: 'alan@example.com',
        Subject: 'Re: Hi',
        TextBody: 'Sounds good',
        MessageDate: '2026-12-01T17:00:00.000Z',
        Status: '0'
      },
      world.rep
    );
    await world.settle();
    expect(await conversation()).toMatchObject({
      Status__c: 'Replied',
      Opened_At__c: '2026-12-01T16:00:00.000+0000',
      Replied_At__c: '2026-12-01T17:00:00.000+0000'
    });
  });
});
