/// <reference lib="dom" />
/**
 * Issue 11's editor findings, each in the browser: criteria and field updates that wiped themselves
 * (1), radio groups shared between builders (2), the invisible dialog close button (4), and focus
 * lost after "Move down" (9).
 */
import { createSequence } from './support/fixtures';
import { contrastRatio, fill, focusedDescription, pick, settlesTo } from './support/ui';
import { axeViolations, eventually, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let sequenceId: string;

beforeAll(async () => {
  stride = await startStride({ companion: false });
  sequenceId = createSequence(stride, 'E2E Editor Fixes', 'Lead', [
    { name: 'Intro call', type: 'Call' },
    { name: 'Follow-up email', type: 'Email', subject: 'Hello', body: '<p>Hi</p>' },
    { name: 'Check-in task', type: 'Task' }
  ]);
  stride.org.data.update('Sequence__c', sequenceId, { Active__c: false });
});

afterAll(async () => {
  await stride?.close();
});

const settingsOf = (id: string) =>
  stride.query<{ Entry_Criteria__c: string | null; Exit_Criteria__c: string | null }>(
    `SELECT Entry_Criteria__c, Exit_Criteria__c FROM Sequence__c WHERE Id = '${id}'`
  )[0];

test('1 and 2: entry and exit criteria keep their rows while edited, with independent AND/OR choices, and save', async () => {
  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${sequenceId}`);
  const entry = page.locator('c-stride-criteria-builder[data-id="entry"]');
  const exit = page.locator('c-stride-criteria-builder[data-id="exit"]');

  await entry.getByRole('button', { name: 'Add condition' }).click();
  await pick(entry, 'Field', 'Status (Status)');
  await pick(entry, 'Operator', 'Equals');
  await fill(entry, 'Value', 'Working - Contacted');
  await entry.getByRole('button', { name: 'Add condition' }).click();
  await pick(entry.locator('li').nth(1), 'Field', 'Lead Source (LeadSource)');
  await fill(entry.locator('li').nth(1), 'Value', 'Web');
  await expect(entry.locator('li.stride-condition').count()).resolves.toBe(2);

  await exit.getByRole('button', { name: 'Add condition' }).click();
  await pick(exit, 'Field', 'Status (Status)');
  await fill(exit, 'Value', 'Closed - Not Converted');
  await exit.getByText('Any condition is met (OR)').click();

  // The entry builder's choice is untouched by the exit builder's radio buttons.
  await expect(entry.getByRole('radio', { name: 'All conditions are met (AND)' }).isChecked()).resolves.toBe(
    true
  );
  await expect(exit.getByRole('radio', { name: 'Any condition is met (OR)' }).isChecked()).resolves.toBe(
    true
  );
  await expect(entry.getByLabel('Value', { exact: true }).first().inputValue()).resolves.toBe(
    'Working - Contacted'
  );

  await page.getByRole('button', { name: 'Save settings' }).click();
  const saved = await eventually(
    () => settingsOf(sequenceId),
    (row) => !!row.Entry_Criteria__c && !!row.Exit_Criteria__c
  );
  expect(JSON.parse(saved.Entry_Criteria__c ?? '')).toEqual({
    logic: 'AND',
    conditions: [
      { field: 'Status', operator: 'equals', value: 'Working - Contacted' },
      { field: 'LeadSource', operator: 'equals', value: 'Web' }
    ]
  });
  expect(JSON.parse(saved.Exit_Criteria__c ?? '')).toEqual({
    logic: 'OR',
    conditions: [{ field: 'Status', operator: 'equals', value: 'Closed - Not Converted' }]
  });
  expect(stride.pageErrors).toEqual([]);
});

test('4: the dialog close button is visible (its icon contrasts with the button)', async () => {
  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${sequenceId}`);
  await page.getByRole('button', { name: 'Add action' }).click();
  const close = page.locator('c-stride-modal .slds-modal__close');
  await close.locator('svg').waitFor();
  // Synthetic shadow hides the icon from the button's querySelector; locators pierce it.
  const icon = await close.locator('svg').evaluate((svg) => getComputedStyle(svg).fill);
  const background = await close.evaluate((button) => {
    for (let node: Element | null = button; node; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
    }
    return 'rgb(255, 255, 255)';
  });
  const colors = { icon, background };
  expect(contrastRatio(colors.icon, colors.background)).toBeGreaterThanOrEqual(3);
  expect(await axeViolations(page)).toEqual([]);
});

test('9: after "Move down" with the keyboard, focus stays on the moved action', async () => {
  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${sequenceId}`);
  const moveDown = page.getByRole('button', { name: 'Move Intro call down' });
  await moveDown.focus();
  await page.keyboard.press('Enter');
  await eventually(
    () =>
      stride
        .query<{ Name: string }>(
          `SELECT Name FROM Sequence_Action__c WHERE Sequence__c = '${sequenceId}' ORDER BY Step_Number__c`
        )
        .map((row) => row.Name),
    (names) => names[1] === 'Intro call'
  );
  expect(await page.locator('li.stride-action .stride-action-name').allInnerTexts()).toEqual([
    'Follow-up email',
    'Intro call',
    'Check-in task'
  ]);
  await settlesTo(() => focusedDescription(page), 'button:Move Intro call down');
  // Enter again moves it once more: the keyboard user carries on from where they were.
  await page.keyboard.press('Enter');
  await eventually(
    () => page.locator('li.stride-action .stride-action-name').allInnerTexts(),
    (names) => names[2] === 'Intro call'
  );
  await settlesTo(() => focusedDescription(page), 'button:Move Intro call up');
});
