/// <reference lib="dom" />
/**
 * Keyboard only (issue 11 item 3): the main actions are reached with Tab and activated with Enter or
 * Space; dialogs keep focus inside and give it back to what opened them; a reordered action keeps focus.
 */
import type { Page } from 'playwright-core';
import { buildWorld, type World } from './support/world';
import { focusedDescription } from './support/ui';
import { eventually, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let world: World;

beforeAll(async () => {
  stride = await startStride();
  world = await buildWorld(stride);
});

afterAll(async () => {
  await stride?.close();
});

/** Presses Tab until the focused element reads `target` (at most `limit` presses); returns the count. */
async function tabTo(page: Page, target: string, limit = 120): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await focusedDescription(page)) === target) return presses;
  }
  throw new Error(`Tab never reached ${target}; last focus: ${await focusedDescription(page)}`);
}

/** The custom element hosting the focused element, through shadow roots (e.g. C-STRIDE-CALL-LOG). */
function focusedHosts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    let node: Node | null = document.activeElement;
    while (node && (node as Element).shadowRoot?.activeElement)
      node = (node as Element).shadowRoot!.activeElement;
    const hosts: string[] = [];
    while (node) {
      if (node instanceof Element && node.tagName.includes('-')) hosts.push(node.tagName);
      node = node.parentNode ?? ((node as ShadowRoot).host as Node | undefined) ?? null;
    }
    return hosts;
  });
}

async function engage(): Promise<Page> {
  const page = await stride.open(USERS.ava, '#/engage');
  await page.locator('c-stride-action-list li.stride-row').first().waitFor();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  return page;
}

test('Engage: the row menu opens with Enter, Enter chooses Skip, the dialog traps focus and gives it back', async () => {
  const page = await engage();
  await tabTo(page, 'button:More actions for James Taylor');
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Skip' }).waitFor();
  // Focus is on the first item (Skip); Enter chooses it.
  await expect(focusedDescription(page)).resolves.toBe('a:Skip');
  await page.keyboard.press('Enter');
  await page.locator('c-stride-outcome-dialog section[role="dialog"]').waitFor();
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('Tab');
    expect(await focusedHosts(page)).toContain('C-STRIDE-OUTCOME-DIALOG');
  }
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusedHosts(page)).toContain('C-STRIDE-OUTCOME-DIALOG');
  }
  await page.keyboard.press('Escape');
  await page.locator('c-stride-outcome-dialog').waitFor({ state: 'detached' });
  await expect(focusedDescription(page)).resolves.toBe('button:More actions for James Taylor');
});

test('Engage: Space on Log call opens the call log; Escape closes it and focus returns to Log call', async () => {
  const page = await engage();
  await tabTo(page, 'button:Log call');
  await page.keyboard.press('Space');
  await page.locator('c-stride-call-log section[role="dialog"]').waitFor();
  expect(await focusedHosts(page)).toContain('C-STRIDE-CALL-LOG');
  for (let i = 0; i < 15; i += 1) {
    await page.keyboard.press('Tab');
    expect(await focusedHosts(page)).toContain('C-STRIDE-CALL-LOG');
  }
  await page.keyboard.press('Escape');
  await page.locator('c-stride-call-log').waitFor({ state: 'detached' });
  await expect(focusedDescription(page)).resolves.toBe('button:Log call');
});

test('Engage: Tab reaches Complete and Enter completes the action', async () => {
  const page = await engage();
  const firstName = await page
    .locator('c-stride-action-list li.stride-row .stride-person')
    .first()
    .innerText();
  await tabTo(page, 'button:Complete');
  await page.keyboard.press('Enter');
  await page
    .getByText(new RegExp(`${firstName}`))
    .first()
    .waitFor();
  const requested = await eventually(
    () =>
      stride.query<{ Status__c: string; Requested_Outcome__c: string | null; Name: string }>(
        `SELECT Status__c, Requested_Outcome__c, Participant__r.Lead__r.Name Name FROM Participant_Action__c WHERE Assigned_To__c = '${stride.userId(USERS.ava)}' AND (Requested_Outcome__c = 'Complete' OR Status__c = 'Completed')`
      ),
    (rows) => rows.length === 1
  );
  expect(requested).toHaveLength(1);
});

test('sequence editor: Tab to "Move First call down", Space moves it and focus stays on it', async () => {
  stride.org.data.update('Sequence__c', world.sequenceId, { Active__c: false });
  // Nobody open in it any more, so its order may change.
  for (const participant of stride.query<{ Id: string }>(
    `SELECT Id FROM Sequence_Participant__c WHERE Sequence__c = '${world.sequenceId}'`
  ))
    stride.org.data.update('Sequence_Participant__c', participant.Id, { Status__c: 'Exited' });
  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${world.sequenceId}`);
  await page.locator('li.stride-action').first().waitFor();
  await page.getByRole('button', { name: 'Move First call down' }).waitFor();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await tabTo(page, 'button:Move First call down', 200);
  await page.keyboard.press('Space');
  await eventually(
    () =>
      stride
        .query<{ Name: string }>(
          `SELECT Name FROM Sequence_Action__c WHERE Sequence__c = '${world.sequenceId}' ORDER BY Step_Number__c`
        )
        .map((r) => r.Name),
    (names) => names[1] === 'First call'
  );
  expect(await page.locator('li.stride-action .stride-action-name').allInnerTexts()).toEqual([
    'Second call',
    'First call',
    'Wrap-up email'
  ]);
  await expect(focusedDescription(page)).resolves.toBe('button:Move First call down');
  // Enter opens the editor of the action in focus after a Tab to its Edit button.
  await tabTo(page, 'button:Edit First call');
  await page.keyboard.press('Enter');
  await page.locator('c-stride-action-editor section[role="dialog"]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('c-stride-action-editor').waitFor({ state: 'detached' });
  await expect(focusedDescription(page)).resolves.toBe('button:Edit First call');
});
