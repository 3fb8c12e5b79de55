/// <reference lib="dom" />
/**
 * The composer previews a Salesforce email template (issue 15 §5): a manual email action that uses
 * an email template shows, in the composer on Engage, the subject and body the person will receive
 * (rendered by the companion), and Send sends the template through Salesforce.
 */
import { enrollPeople, ownLeads } from './support/fixtures';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let lead: string;
let templateId: string;

beforeAll(async () => {
  stride = await startStride();
  // Set up in Salesforce's template builder (not what Stride writes).
  templateId = stride.org.data.create('EmailTemplate', {
    Name: 'Check-in',
    DeveloperName: 'E2E_Check_in',
    TemplateType: 'custom',
    Subject: 'Checking in, {!Lead.FirstName}',
    HtmlValue: '<p>Hi {!Lead.FirstName}, how is {!Lead.Company} doing?</p>'
  });
  const sequenceId = stride.org.data.create('Sequence__c', {
    Name: 'E2E Template Emails',
    Target_Object__c: 'Lead',
    Active__c: true,
    Enrollment__c: 'Manual',
    Priority__c: 'P2'
  });
  stride.org.data.create('Sequence_Action__c', {
    Name: 'Template check-in',
    Sequence__c: sequenceId,
    Step_Number__c: 1,
    Type__c: 'Email',
    Activation__c: 'Manual',
    Delay_Amount__c: 0,
    Delay_Unit__c: 'Minutes',
    Timing__c: 'Immediate (Any Day)',
    Email_Template_Id__c: templateId
  });
  [lead] = ownLeads(stride, USERS.ava, ['Clark']);
  await enrollPeople(stride, sequenceId, [lead]);
  await eventually(
    () =>
      stride.query<{ Template_Preview_Subject__c: string | null }>(
        `SELECT Template_Preview_Subject__c FROM Participant_Action__c WHERE Participant__r.Lead__c = '${lead}'`
      )[0]?.Template_Preview_Subject__c,
    (subject) => subject === 'Checking in, Evelyn'
  );
});

afterAll(async () => {
  await stride?.close();
});

test('the composer shows the rendered template and Send sends the template', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  await page
    .locator('c-stride-action-list li.stride-row', { hasText: 'Evelyn Clark' })
    .getByRole('button', { name: 'Compose email' })
    .click();
  const dialog = page.locator('c-stride-email-composer');
  await dialog.locator('[data-id="preview-subject"]', { hasText: 'Checking in, Evelyn' }).waitFor();
  expect(await dialog.locator('[data-id="preview-body"]').innerText()).toBe(
    'Hi Evelyn, how is Maple Bakery doing?'
  );
  await dialog
    .getByText('From the email template: Salesforce fills it in when it is sent.', { exact: false })
    .waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'email-template-preview');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByText('Email to Evelyn Clark queued for sending.').waitFor();
  const [email] = await eventually(
    () => stride.org.controls.emailOutbox().filter((mail) => mail.to.includes('evelyn.clark@example.com')),
    (list) => list.length === 1
  );
  expect([email.subject, email.body, email.emailTemplateId]).toEqual([
    'Checking in, Evelyn',
    '<p>Hi Evelyn, how is Maple Bakery doing?</p>',
    templateId
  ]);
});
