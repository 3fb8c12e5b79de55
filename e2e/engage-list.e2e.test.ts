/// <reference lib="dom" />
/**
 * Engage's list at size and in shape (issue 11 #3, #5, #10): 500 due actions render one page at a
 * time, tab switch and filter stay fast; rows line up in fixed columns at any width; Call now dials
 * and opens the call log; rows the rep cannot act on come last.
 */
import type { Page } from 'playwright-core';
import { createSequence } from './support/fixtures';
import { axeViolations, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
const COMPANIES = [
  'A',
  'Brightline Dental and Orthodontics of Greater Boston',
  'Summit',
  'Redwood Schools District'
];

beforeAll(async () => {
  stride = await startStride({ companion: false });
  const sequenceId = createSequence(stride, 'E2E Volume', 'Lead', [{ name: 'Volume call', type: 'Call' }]);
  const [action] = stride.query<{ Id: string }>(
    `SELECT Id FROM Sequence_Action__c WHERE Sequence__c = '${sequenceId}'`
  );
  const avaId = stride.userId(USERS.ava);
  const now = stride.org.controls.clock.now().getTime();
  for (let i = 0; i < 500; i += 1) {
    const leadId = stride.org.data.create('Lead', {
      FirstName: i === 0 ? 'Al' : `Person${i}`,
      LastName: i % 7 === 0 ? 'Montgomery-Featherstonehaugh' : `Number ${i}`,
      Company: COMPANIES[i % COMPANIES.length],
      Phone: i % 3 === 0 ? null : `+1617555${String(1000 + i).slice(-4)}`,
      OwnerId: avaId
    });
    const participantId = stride.org.data.create('Sequence_Participant__c', {
      Sequence__c: sequenceId,
      Lead__c: leadId,
      Person_Key__c: leadId,
      Status__c: 'Active',
      OwnerId: avaId
    });
    stride.org.data.create('Participant_Action__c', {
      Participant__c: participantId,
      Sequence_Action__c: action.Id,
      Step_Number__c: 1,
      Type__c: 'Call',
      Activation__c: 'Manual',
      // The first (earliest due) action waits for criteria: it must not head the list.
      Status__c: i === 0 ? 'Waiting_Criteria' : 'Due',
      Due_At__c: new Date(now - (600 - i) * 60_000).toISOString(),
      Assigned_To__c: avaId,
      OwnerId: avaId
    });
  }
});

afterAll(async () => {
  await stride?.close();
});

/** The Engage tab this file has open: one at a time, as a rep has it. */
let openPage: Page | undefined;

/**
 * Opens Engage, closing the tab opened before: every open tab re-reads its 500 rows every second
 * (the app's live wires), and tabs left open would keep the org busy under the tests that follow.
 */
async function openEngage(width = 1280): Promise<Page> {
  await openPage?.close();
  const page = await stride.open(USERS.ava, '#/engage');
  openPage = page;
  await page.setViewportSize({ width, height: 900 });
  await page.locator('c-stride-action-list li.stride-row').first().waitFor();
  return page;
}

test('#3 500 due actions: one page of 25 rows, a short page, and fast tab switch and filter', async () => {
  const page = await openEngage();
  await page.getByRole('tab', { name: 'Due (500)' }).waitFor();
  expect(await page.locator('c-stride-action-list li.stride-row').count()).toBe(25);
  expect(await page.locator('[data-id="page"]').innerText()).toBe('1–25 of 500');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(4000);

  // Switching tabs re-renders one page, not 500 rows (npm run bench:ui measures the time).
  await page.getByRole('tab', { name: /Upcoming/ }).click();
  await page.getByRole('tab', { name: 'Due (500)' }).click();
  expect(await page.locator('c-stride-action-list li.stride-row').count()).toBe(25);

  await page.getByRole('button', { name: 'Next page' }).click();
  expect(await page.locator('[data-id="page"]').innerText()).toBe('26–50 of 500');
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'engage-500');
});

test('#10 rows the rep cannot act on come last; Call now dials and opens the call log', async () => {
  const page = await openEngage();
  const first = page.locator('c-stride-action-list li.stride-row').first();
  expect(await first.locator('.stride-person').innerText()).not.toContain('Al Montgomery');
  // The earliest due action waits for criteria: it is not on the first page at all.
  expect(await page.locator('c-stride-action-list li.stride-row', { hasText: 'Al Montgomery' }).count()).toBe(
    0
  );
  expect(await page.locator('c-stride-action-list').getByText('Waiting for criteria').count()).toBe(0);

  const callable = page
    .locator('c-stride-action-list li.stride-row', { has: page.getByRole('link', { name: 'Call now' }) })
    .first();
  const name = await callable.locator('.stride-person').innerText();
  const href = await callable.getByRole('link', { name: 'Call now' }).getAttribute('href');
  expect(href).toMatch(/^tel:\+1617555\d{4}$/);
  await callable.getByRole('link', { name: 'Call now' }).click();
  await page
    .locator('c-stride-call-log')
    .getByRole('heading', { name: `Log call with ${name}` })
    .waitFor();
});

async function columnEdges(page: Page) {
  return page.locator('c-stride-action-list li.stride-row').evaluateAll((rows) =>
    rows.map((row) => {
      const person = row.querySelector('.stride-person')?.getBoundingClientRect();
      const actions = row.querySelector('.stride-cell-actions')?.getBoundingClientRect();
      return {
        nameX: Math.round(person?.left ?? -1),
        actionsRight: Math.round(actions?.right ?? -1),
        actionsBelowName: (actions?.top ?? 0) >= (person?.bottom ?? 0) - 1
      };
    })
  );
}

test('#5 rows line up: names and buttons start at the same place on every row, at 1280 and 800 px', async () => {
  for (const width of [1280, 800]) {
    const page = await openEngage(width);
    const edges = await columnEdges(page);
    expect(new Set(edges.map((edge) => edge.nameX)).size).toBe(1);
    expect(new Set(edges.map((edge) => edge.actionsRight)).size).toBe(1);
    // Every row wraps (or not) alike: the actions are beside the name on all rows, or below it on all.
    expect(new Set(edges.map((edge) => edge.actionsBelowName)).size).toBe(1);
    await screenshot(page, `engage-rows-${width}`);
  }
});
