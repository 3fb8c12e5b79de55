/// <reference lib="dom" />
/**
 * A rep works Engage in the browser, and the records change accordingly: the call log (with its
 * validation, issue 11 #8), Skip without a reason (#6), Defer and Reschedule (#7: prefilled, not
 * clipped, one error, labelled fields), a text from a template with mobile validation, a manual
 * email with Cc and Bcc, and complete.
 */
import { createSequence, enrollPeople, openActions, ownLeads } from './support/fixtures';
import { fill, pick } from './support/ui';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let leads: Record<string, string>;

const actionOf = (leadId: string) =>
  stride.query<{
    Id: string;
    Status__c: string;
    Requested_Outcome__c: string | null;
    Requested_Note__c: string | null;
    Requested_Until__c: string | null;
    Deferred_Until__c: string | null;
  }>(
    `SELECT Id, Status__c, Requested_Outcome__c, Requested_Note__c, Requested_Until__c, Deferred_Until__c FROM Participant_Action__c WHERE Participant__r.Lead__c = '${leadId}' ORDER BY Step_Number__c LIMIT 1`
  )[0];

const row = (page: import('playwright-core').Page, name: string) =>
  page.locator('c-stride-action-list li.stride-row', { hasText: name });

beforeAll(async () => {
  stride = await startStride();
  const calls = createSequence(stride, 'E2E Calls', 'Lead', [{ name: 'First call', type: 'Call' }]);
  const texts = createSequence(stride, 'E2E Texts', 'Lead', [{ name: 'Intro text', type: 'SMS' }]);
  const emails = createSequence(stride, 'E2E Emails', 'Lead', [
    {
      name: 'Personal email',
      type: 'Email',
      subject: 'Hello {!Recipient.FirstName}',
      body: '<p>Hi there</p>'
    }
  ]);
  const ids = ownLeads(stride, USERS.ava, ['Wilson', 'Taylor', 'Moore', 'Lee', 'Harris', 'White', 'Clark']);
  leads = {
    Wilson: ids[0],
    Taylor: ids[1],
    Moore: ids[2],
    Lee: ids[3],
    Harris: ids[4],
    White: ids[5],
    Clark: ids[6]
  };
  await enrollPeople(stride, calls, [leads.Wilson, leads.Taylor, leads.Moore, leads.Lee]);
  await enrollPeople(stride, texts, [leads.Harris, leads.White]);
  await enrollPeople(stride, emails, [leads.Clark]);
  await eventually(
    () => openActions(stride, USERS.ava).length,
    (count) => count === 7
  );
});

afterAll(async () => {
  await stride?.close();
});

test('#8 the call log refuses 75 seconds and clears "Choose the call outcome." once one is picked; the call is logged', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  await row(page, 'Harper Wilson').getByRole('button', { name: 'Log call' }).click();
  const dialog = page.locator('c-stride-call-log');
  await fill(dialog, 'Duration (seconds)', '75');
  await dialog.getByRole('button', { name: 'Log call and complete' }).click();
  await expect(dialog.getByText('Choose the call outcome.').count()).resolves.toBe(1);
  await expect(
    dialog
      .locator('[data-id="seconds"]')
      .getByText(/too high|59/)
      .count()
  ).resolves.toBeGreaterThan(0);
  expect(stride.query(`SELECT Id FROM Conversation__c WHERE Lead__c = '${leads.Wilson}'`)).toEqual([]);

  await pick(dialog, 'Outcome', 'Connected');
  await expect(dialog.getByText('Choose the call outcome.').count()).resolves.toBe(0);
  await fill(dialog, 'Duration (minutes)', '2');
  await fill(dialog, 'Duration (seconds)', '15');
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'engage-call-log');
  await dialog.getByRole('button', { name: 'Log call and complete' }).click();
  await page.getByText('Call with Harper Wilson logged; the action is complete.').waitFor();
  const [call] = stride.query<{ Duration_Seconds__c: number; Disposition__c: string }>(
    `SELECT Duration_Seconds__c, Disposition__c FROM Conversation__c WHERE Lead__c = '${leads.Wilson}'`
  );
  expect(call).toEqual(expect.objectContaining({ Duration_Seconds__c: 135, Disposition__c: 'Connected' }));
  await eventually(
    () => actionOf(leads.Wilson).Status__c,
    (status) => status === 'Completed'
  );
  await row(page, 'Harper Wilson').waitFor({ state: 'detached' });
});

test('#6 Skip with an empty reason says why and records nothing; with a reason the action is skipped', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  await row(page, 'James Taylor').getByRole('button', { name: 'More actions for James Taylor' }).click();
  await page.getByRole('menuitem', { name: 'Skip' }).click();
  const dialog = page.locator('c-stride-outcome-dialog');
  await dialog.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(dialog.getByText('Say why you are skipping this action.').count()).resolves.toBe(1);
  expect(actionOf(leads.Taylor).Requested_Outcome__c).toBeNull();

  await dialog.getByRole('textbox', { name: /Reason/ }).fill('Already spoke at the trade show');
  await dialog.getByRole('button', { name: 'Skip', exact: true }).click();
  await page.getByText('Skip requested for James Taylor.').waitFor();
  const skipped = await eventually(
    () => actionOf(leads.Taylor),
    (action) => action.Status__c === 'Skipped'
  );
  expect(skipped.Status__c).toBe('Skipped');
});

test('#7 Defer: date and time prefilled, the calendar shows in full, one error for a past time, labelled fields', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  await row(page, 'Amelia Moore').getByRole('button', { name: 'More actions for Amelia Moore' }).click();
  await page.getByRole('menuitem', { name: 'Defer' }).click();
  const dialog = page.locator('c-stride-outcome-dialog');
  const date = dialog.getByRole('textbox', { name: /Date/ });
  const time = dialog.getByRole('combobox', { name: /Time/ });
  expect(await date.inputValue()).not.toBe('');
  expect(await time.inputValue()).not.toBe('');
  expect(await axeViolations(page)).toEqual([]);

  await date.click();
  const calendar = dialog.locator('.slds-datepicker');
  await calendar.waitFor();
  const box = await calendar.boundingBox();
  if (!box) throw new Error('no calendar');
  // The calendar reaches below the dialog's body, and that body does not clip it.
  const body = await dialog.locator('.slds-modal__content').evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { bottom: rect.bottom, overflowY: getComputedStyle(element).overflowY };
  });
  expect(box.y + box.height).toBeGreaterThan(body.bottom);
  expect(body.overflowY).toBe('visible');
  await screenshot(page, 'engage-defer');
  await page.keyboard.press('Escape');

  await date.fill('Jan 2, 2020');
  await dialog.getByRole('button', { name: 'Defer', exact: true }).click();
  await expect(dialog.getByText('Choose a time in the future.').count()).resolves.toBe(1);
  expect(actionOf(leads.Moore).Requested_Outcome__c).toBeNull();
});

test('Reschedule keeps the action current and due at the time chosen', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  await row(page, 'Benjamin Lee').getByRole('button', { name: 'More actions for Benjamin Lee' }).click();
  await page.getByRole('menuitem', { name: 'Reschedule' }).click();
  const dialog = page.locator('c-stride-outcome-dialog');
  await dialog.getByRole('button', { name: 'Reschedule', exact: true }).click();
  await page.getByText('Reschedule requested for Benjamin Lee.').waitFor();
  const action = await eventually(
    () => actionOf(leads.Lee),
    (a) => a.Requested_Outcome__c === null && a.Status__c !== 'Due'
  );
  expect(action.Status__c).toBe('Upcoming');
});

test('Message: an invalid mobile is refused; a template is merged and sent to the mobile', async () => {
  stride.org.data.update('Lead', leads.White, { MobilePhone: '12345' });
  const page = await stride.open(USERS.ava, '#/engage');
  await row(page, 'Charlotte White').getByRole('button', { name: 'Message' }).click();
  let dialog = page.locator('c-stride-sms-composer');
  await dialog.getByText('Charlotte White has no valid mobile number, so no SMS can be sent.').waitFor();
  expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await row(page, 'Henry Harris').getByRole('button', { name: 'Message' }).click();
  dialog = page.locator('c-stride-sms-composer');
  await pick(dialog, 'SMS template', 'Missed call');
  await expect(dialog.locator('[data-id="preview"]').innerText()).resolves.toBe(
    'Hi Henry, sorry I missed you. When suits you for a 10-minute call? - Ava Reed'
  );
  expect(await axeViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByText('SMS to Henry Harris queued for sending.').waitFor();
  const sent = await eventually(
    () => stride.org.controls.smsOutbox().filter((sms) => sms.to === '+13035550976'),
    (list) => list.length === 1
  );
  expect(sent[0].body).toBe('Hi Henry, sorry I missed you. When suits you for a 10-minute call? - Ava Reed');
});

test('a manual email with Cc and Bcc goes out from Engage', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  await row(page, 'Evelyn Clark').getByRole('button', { name: 'Compose email' }).click();
  const dialog = page.locator('c-stride-email-composer');
  await dialog.getByRole('button', { name: 'Add Cc and Bcc' }).click();
  await fill(dialog, 'Cc', 'manager@example.com');
  await fill(dialog, 'Bcc', 'crm@example.com');
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'engage-email');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByText('Email to Evelyn Clark queued for sending.').waitFor();
  const [email] = await eventually(
    () => stride.org.controls.emailOutbox().filter((mail) => mail.to.includes('evelyn.clark@example.com')),
    (list) => list.length === 1
  );
  expect([email.subject, email.cc, email.bcc]).toEqual([
    'Hello Evelyn',
    ['manager@example.com'],
    ['crm@example.com']
  ]);
});
