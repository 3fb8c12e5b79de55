/// <reference lib="dom" />
/**
 * Acceptance, the admin's part (issue 11 item 1, and item 10's remaining fix): an admin creates a
 * sequence from the Sequences list and builds it in the editor with every action type, delays, the
 * advanced settings (delegation, criteria that wait and that skip, with AND, OR and custom logic,
 * field updates), business hours, time zone and email template picked by name; a step without a
 * delay reads "immediately" / "right after the previous step". The records are checked after each save.
 */
import type { Locator, Page } from 'playwright-core';
import { fill, pick } from './support/ui';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let page: Page;
let sequenceId: string;

interface ActionRow {
  Name: string;
  Step_Number__c: number;
  Type__c: string;
  Activation__c: string;
  Delay_Amount__c: number;
  Delay_Unit__c: string;
  Timing__c: string;
  Email_Template_Id__c: string | null;
  SMS_Template__c: string | null;
  Delegate_Field__c: string | null;
  Criteria__c: string | null;
  Criteria_Behavior__c: string | null;
  Field_Updates__c: string | null;
  Field_Updates_Required__c: boolean;
  Task_Priority__c: string | null;
}

const actions = () =>
  stride.query<ActionRow>(
    `SELECT Name, Step_Number__c, Type__c, Activation__c, Delay_Amount__c, Delay_Unit__c, Timing__c, Email_Template_Id__c, SMS_Template__c, Delegate_Field__c, Criteria__c, Criteria_Behavior__c, Field_Updates__c, Field_Updates_Required__c, Task_Priority__c FROM Sequence_Action__c WHERE Sequence__c = '${sequenceId}' ORDER BY Step_Number__c`
  );

const idOf = (soql: string) => stride.query<{ Id: string }>(soql)[0]?.Id;

beforeAll(async () => {
  stride = await startStride({ companion: false });
});

afterAll(async () => {
  await stride?.close();
});

/** Opens "Add action", fills the common fields, and returns the dialog. */
async function addAction(
  name: string,
  type: string,
  timing: { delay: string; unit?: string; mode?: string; activation?: string }
): Promise<Locator> {
  await page.getByRole('button', { name: 'Add action' }).click();
  const dialog = page.locator('c-stride-action-editor');
  await dialog.getByRole('heading', { name: /New action/ }).waitFor();
  await pick(dialog, 'Type', type);
  await fill(dialog, 'Action name', name);
  if (timing.activation) await pick(dialog, 'Activation', timing.activation);
  await fill(dialog, 'Delay', timing.delay);
  if (timing.unit) await pick(dialog, 'Delay unit', timing.unit);
  if (timing.mode) await pick(dialog, 'Timing', timing.mode);
  return dialog;
}

async function saveAction(dialog: Locator, name: string, count: number) {
  await dialog.getByRole('button', { name: 'Save action' }).click();
  await page.getByText(`Action "${name}" saved.`).first().waitFor();
  await eventually(
    () => actions().length,
    (n) => n === count
  );
  await page.locator('li.stride-action', { hasText: name }).waitFor();
}

async function condition(builder: Locator, index: number, field: string, operator: string, value: string) {
  await builder.getByRole('button', { name: 'Add condition' }).click();
  const row = builder.locator('li.stride-condition').nth(index);
  await pick(row, 'Field', field);
  await pick(row, 'Operator', operator);
  await fill(row, 'Value', value);
}

test('the admin creates a sequence and sets business hours and the time zone by name', async () => {
  page = await stride.open(USERS.admin, '#/o/Sequence__c');
  page.setDefaultTimeout(10_000);
  await page.getByRole('button', { name: 'New' }).click();
  await fill(page, 'Sequence name', 'E2E Full Cadence');
  await pick(page, 'Target object', 'Lead');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('c-stride-sequence-editor').getByRole('heading', { name: 'Settings' }).waitFor();
  sequenceId = idOf(`SELECT Id FROM Sequence__c WHERE Name = 'E2E Full Cadence'`) ?? '';
  expect(sequenceId).not.toBe('');
  await expect(page.locator('c-stride-sequence-editor [data-id="no-actions"]').innerText()).resolves.toBe(
    'No actions yet. Add the first one.'
  );

  const editor = page.locator('c-stride-sequence-editor');
  // Business hours by name (with their time zone), not an Id box; the time zone from a list.
  expect(await editor.getByLabel('Business hours ID').count()).toBe(0);
  await pick(editor, 'Business hours', 'US Eastern (America/New_York)');
  await pick(editor, 'Time zone for daily limits', 'Europe/London');
  await editor.getByText("Use the recipient's time zone").click();
  await editor.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Sequence settings saved.').first().waitFor();
  const saved = await eventually(
    () =>
      stride.query<{
        Business_Hours_Id__c: string | null;
        Time_Zone__c: string | null;
        Use_Recipient_Time_Zone__c: boolean;
      }>(
        `SELECT Business_Hours_Id__c, Time_Zone__c, Use_Recipient_Time_Zone__c FROM Sequence__c WHERE Id = '${sequenceId}'`
      )[0],
    (row) => !!row.Business_Hours_Id__c
  );
  expect(saved).toMatchObject({
    Business_Hours_Id__c: idOf(`SELECT Id FROM BusinessHours WHERE Name = 'US Eastern'`),
    Time_Zone__c: 'Europe/London',
    Use_Recipient_Time_Zone__c: true
  });
  // After a reload the pickers show the names again.
  await page.reload();
  await page.locator('app-shell').waitFor();
  const reloaded = page.locator('c-stride-sequence-editor');
  // The record and the pickers' options load separately: a name shows once both are in.
  const shown = (name: string, text: string) =>
    eventually(
      () => reloaded.getByRole('combobox', { name, exact: true }).innerText(),
      (value) => value.includes(text)
    );
  await expect(shown('Business hours', 'US Eastern (America/New_York)')).resolves.toContain(
    'US Eastern (America/New_York)'
  );
  await expect(shown('Time zone for daily limits', 'Europe/London')).resolves.toContain('Europe/London');
});

test('every action type with delays, an email template by name, and "immediately" for no delay', async () => {
  // 1. A call straight away.
  let dialog = await addAction('Intro call', 'Call', { delay: '0', unit: 'Minutes' });
  await saveAction(dialog, 'Intro call', 1);

  // 2. An automatic email from a Salesforce template, in business hours on weekdays, 2 hours later.
  dialog = await addAction('Welcome email', 'Email', {
    delay: '2',
    unit: 'Hours',
    mode: 'Business Hours (Weekday)',
    activation: 'Automatic'
  });
  expect(await dialog.getByLabel('Email template ID (optional)').count()).toBe(0);
  await pick(dialog, 'Email template (optional)', 'Stride Intro');
  await screenshot(page, 'action-editor');
  expect(await axeViolations(page)).toEqual([]);
  await saveAction(dialog, 'Welcome email', 2);

  // 3. A text from an SMS template a day later.
  dialog = await addAction('Intro text', 'SMS', { delay: '1', unit: 'Days' });
  await pick(dialog, 'SMS template', 'Missed call');
  await saveAction(dialog, 'Intro text', 3);

  // 4. A task right after the text.
  dialog = await addAction('Research task', 'Task', { delay: '0', activation: 'Manual' });
  await pick(dialog, 'Task priority', 'High');
  await saveAction(dialog, 'Research task', 4);

  const summaries = await page.locator('li.stride-action p.slds-text-body_small').allInnerTexts();
  expect(summaries).toEqual([
    'Call · Manual immediately · Immediate (Any Day)',
    'Email · Automatic after 2 Hours · Business Hours (Weekday)',
    'SMS · Manual after 1 Days · Immediate (Any Day)',
    'Task · Manual right after the previous step · Immediate (Any Day)'
  ]);
  expect(summaries.join(' ')).not.toContain('after 0');

  const rows = actions();
  expect(rows.map((row) => [row.Name, row.Step_Number__c, row.Type__c, row.Activation__c])).toEqual([
    ['Intro call', 1, 'Call', 'Manual'],
    ['Welcome email', 2, 'Email', 'Automatic'],
    ['Intro text', 3, 'SMS', 'Manual'],
    ['Research task', 4, 'Task', 'Manual']
  ]);
  expect(rows.map((row) => [row.Delay_Amount__c, row.Delay_Unit__c, row.Timing__c])).toEqual([
    [0, 'Minutes', 'Immediate (Any Day)'],
    [2, 'Hours', 'Business Hours (Weekday)'],
    [1, 'Days', 'Immediate (Any Day)'],
    [0, 'Days', 'Immediate (Any Day)']
  ]);
  expect(rows[1].Email_Template_Id__c).toBe(idOf(`SELECT Id FROM EmailTemplate WHERE Name = 'Stride Intro'`));
  expect(rows[2].SMS_Template__c).toBe(idOf(`SELECT Id FROM SMS_Template__c WHERE Name = 'Missed call'`));
  expect(rows[3].Task_Priority__c).toBe('High');

  // Reopened, the email shows its template by name.
  await page.getByRole('button', { name: 'Edit Welcome email' }).click();
  dialog = page.locator('c-stride-action-editor');
  await expect(
    dialog.getByRole('combobox', { name: 'Email template (optional)', exact: true }).innerText()
  ).resolves.toContain('Stride Intro');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('advanced settings: delegation, criteria that wait (AND) and skip (OR, custom logic), field updates', async () => {
  // The email waits until the lead is worked AND came from the web.
  await page.getByRole('button', { name: 'Edit Welcome email' }).click();
  let dialog = page.locator('c-stride-action-editor');
  await dialog.getByRole('button', { name: 'Show advanced settings' }).click();
  let builder = dialog.locator('c-stride-criteria-builder');
  await condition(builder, 0, 'Status (Status)', 'Equals', 'Working - Contacted');
  await condition(builder, 1, 'Lead Source (LeadSource)', 'Equals', 'Web');
  await pick(dialog, 'When the criteria are not met', 'Wait until they are met');
  await saveAction(dialog, 'Welcome email', 4);

  // The text is skipped unless the lead has a mobile OR is rated Hot.
  await page.getByRole('button', { name: 'Edit Intro text' }).click();
  dialog = page.locator('c-stride-action-editor');
  await dialog.getByRole('button', { name: 'Show advanced settings' }).click();
  builder = dialog.locator('c-stride-criteria-builder');
  await condition(builder, 0, 'Rating (Rating)', 'Equals', 'Hot');
  await condition(builder, 1, 'Lead Source (LeadSource)', 'Equals', 'Partner Referral');
  await builder.getByText('Any condition is met (OR)').click();
  await pick(dialog, 'When the criteria are not met', 'Skip this action');
  await saveAction(dialog, 'Intro text', 4);

  // The task goes to the lead's owner, runs on custom logic, and updates the lead when done.
  await page.getByRole('button', { name: 'Edit Research task' }).click();
  dialog = page.locator('c-stride-action-editor');
  await dialog.getByRole('button', { name: 'Show advanced settings' }).click();
  await pick(dialog, 'Assign to (user lookup on the record)', 'Owner ID (OwnerId)');
  builder = dialog.locator('c-stride-criteria-builder');
  await condition(builder, 0, 'Lead Source (LeadSource)', 'Equals', 'Web');
  await condition(builder, 1, 'Rating (Rating)', 'Equals', 'Hot');
  await condition(builder, 2, 'Rating (Rating)', 'Equals', 'Warm');
  await builder.getByText('Custom logic', { exact: true }).click();
  await fill(builder, 'Custom logic, for example 1 AND (2 OR 3)', '1 AND (2 OR 3)');
  await pick(dialog, 'When the criteria are not met', 'Skip this action');
  const updates = dialog.locator('c-stride-field-updates');
  await updates.getByRole('button', { name: 'Add field update' }).click();
  await pick(updates, 'Field', 'Status (Status)');
  await pick(updates, 'New value', 'Working - Contacted');
  await dialog.getByText('The field updates must succeed for the action to complete').click();
  await screenshot(page, 'action-editor-advanced');
  expect(await axeViolations(page)).toEqual([]);
  await saveAction(dialog, 'Research task', 4);

  const rows = await eventually(actions, (list) => !!list[3].Field_Updates__c && !!list[2].Criteria__c);
  expect([rows[1].Criteria_Behavior__c, JSON.parse(rows[1].Criteria__c ?? '')]).toEqual([
    'Wait',
    {
      logic: 'AND',
      conditions: [
        { field: 'Status', operator: 'equals', value: 'Working - Contacted' },
        { field: 'LeadSource', operator: 'equals', value: 'Web' }
      ]
    }
  ]);
  expect([rows[2].Criteria_Behavior__c, JSON.parse(rows[2].Criteria__c ?? '')]).toEqual([
    'Skip',
    {
      logic: 'OR',
      conditions: [
        { field: 'Rating', operator: 'equals', value: 'Hot' },
        { field: 'LeadSource', operator: 'equals', value: 'Partner Referral' }
      ]
    }
  ]);
  expect(rows[3]).toEqual(
    expect.objectContaining({
      Delegate_Field__c: 'OwnerId',
      Criteria_Behavior__c: 'Skip',
      Field_Updates_Required__c: true
    })
  );
  expect(JSON.parse(rows[3].Criteria__c ?? '')).toEqual(
    expect.objectContaining({
      logic: 'CUSTOM',
      expression: '1 AND (2 OR 3)',
      conditions: [
        { field: 'LeadSource', operator: 'equals', value: 'Web' },
        { field: 'Rating', operator: 'equals', value: 'Hot' },
        { field: 'Rating', operator: 'equals', value: 'Warm' }
      ]
    })
  );
  expect(JSON.parse(rows[3].Field_Updates__c ?? '')).toEqual([
    { field: 'Status', value: 'Working - Contacted' }
  ]);
  await screenshot(page, 'sequence-editor');
  expect(stride.pageErrors).toEqual([]);
});
