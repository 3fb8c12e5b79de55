/// <reference lib="dom" />
/**
 * Keyboard only (issue 11 item 3): the main actions are reached with Tab and activated with Enter or
 * Space; dialogs keep focus inside and give it back to what opened them; a reordered action keeps focus;
 * a new page takes focus on its main region.
 */
import type { Locator, Page } from 'playwright-core';
import { createSequence, enrollPeople, ownLeads } from './support/fixtures';
import { buildWorld, type World } from './support/world';
import { focusedDescription, labelled, settlesTo } from './support/ui';
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

/** Whether `locator` is the element with keyboard focus (looking through shadow roots). */
function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === element;
  });
}

/** The tag of the focused element (through shadow roots): `main` is the page's main landmark. */
function focusedTag(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.tagName.toLowerCase() ?? 'none';
  });
}

function hash(page: Page): Promise<string> {
  return page.evaluate(() => window.location.hash);
}

/**
 * Picks an option of the focused combobox as a keyboard user does: ArrowDown (the first opens the
 * list) until the option is highlighted, then Enter. Waits for the combobox to show it.
 */
async function chooseWithArrows(page: Page, combobox: Locator, option: string): Promise<void> {
  const wanted = page.getByRole('option', { name: option, exact: true });
  const highlighted = async () =>
    (await wanted.count()) > 0 &&
    (await wanted.evaluate((element) => element.classList.contains('slds-has-focus')));
  for (let presses = 1; !(await highlighted()); presses += 1) {
    if (presses > 6) throw new Error(`ArrowDown never highlighted ${option}`);
    await page.keyboard.press('ArrowDown');
    await wanted.waitFor();
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Enter');
  await eventually(
    () => combobox.evaluate((element) => (element as HTMLInputElement).value || element.textContent?.trim()),
    (shown) => shown === option
  );
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
  await settlesTo(() => focusedDescription(page), 'a:Skip');
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
  await settlesTo(() => focusedDescription(page), 'button:More actions for James Taylor');
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
  await settlesTo(() => focusedDescription(page), 'button:Log call');
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
  await settlesTo(() => focusedDescription(page), 'button:Move First call down');
  // Enter opens the editor of the action in focus after a Tab to its Edit button.
  await tabTo(page, 'button:Edit First call');
  await page.keyboard.press('Enter');
  await page.locator('c-stride-action-editor section[role="dialog"]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('c-stride-action-editor').waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), 'button:Edit First call');
});

/** The enrollments of one Lead, with their sequence's name. */
function enrollmentsOf(leadId: string) {
  return stride
    .query<{ Status__c: string; Requested_Status__c: string | null; Sequence__r: { Name: string } }>(
      `SELECT Status__c, Requested_Status__c, Sequence__r.Name FROM Sequence_Participant__c WHERE Lead__c = '${leadId}'`
    )
    .map((row) => ({
      Status__c: row.Status__c,
      Requested_Status__c: row.Requested_Status__c,
      Name: row.Sequence__r.Name
    }));
}

test('Leads list to Lead page: Enter opens the record (focus on its main region); the panel enrolls, pauses, resumes and removes by keyboard, focus back on the panel each time', async () => {
  const [walker] = stride.query<{ Id: string }>("SELECT Id FROM Lead WHERE Name = 'Abigail Walker'");
  const page = await stride.open(USERS.ava, '#/o/Lead');
  await page.locator('app-record-list tbody tr').first().waitFor();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await tabTo(page, 'a:Abigail Walker');
  await page.keyboard.press('Enter');
  await page.locator('[data-id="record-title"]', { hasText: 'Abigail Walker' }).waitFor();
  await expect(hash(page)).resolves.toBe(`#/r/Lead/${walker.Id}`);
  await settlesTo(() => focusedTag(page), 'main');

  // The page's first control is the first sequence Walker can enter (the others are disabled).
  const panel = page.locator('c-stride-participant-panel');
  await panel.getByRole('button', { name: 'Enroll' }).first().waitFor();
  const firstEnabled = await panel
    .locator('li.stride-sequence')
    .filter({ has: page.locator('button:not([disabled])') })
    .first()
    .locator('.stride-sequence-name')
    .innerText();
  await expect(tabTo(page, `button:Enroll in ${firstEnabled}`, 1)).resolves.toBe(1);
  expect(await focusedHosts(page)).toContain('C-STRIDE-PARTICIPANT-PANEL');

  await tabTo(page, 'button:Enroll in World Texts', 20);
  await page.keyboard.press('Enter');
  await page.getByText('Enrolled in World Texts. Stride schedules the first action shortly.').waitFor();
  // The toast shows as soon as the request is written; focus moves once the panel has re-read it.
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
  await eventually(
    () => enrollmentsOf(walker.Id),
    (rows) => rows.length === 1 && rows[0].Status__c === 'Active'
  );
  expect(enrollmentsOf(walker.Id)).toEqual([
    { Status__c: 'Active', Requested_Status__c: null, Name: 'World Texts' }
  ]);

  // Pause: Tab from the panel reaches it first; Enter requests it.
  await panel.getByRole('button', { name: 'Pause' }).waitFor();
  await expect(tabTo(page, 'button:Pause', 1)).resolves.toBe(1);
  await page.keyboard.press('Enter');
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
  await eventually(
    () => enrollmentsOf(walker.Id),
    (rows) => rows[0]?.Status__c === 'Paused' && rows[0].Requested_Status__c === null
  );
  await panel.getByRole('heading', { name: 'World Texts: Paused' }).waitFor();

  // Resume with Space.
  await panel.getByRole('button', { name: 'Resume' }).waitFor();
  await expect(tabTo(page, 'button:Resume', 1)).resolves.toBe(1);
  await page.keyboard.press('Space');
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
  await eventually(
    () => enrollmentsOf(walker.Id),
    (rows) => rows[0]?.Status__c === 'Active' && rows[0].Requested_Status__c === null
  );

  // Remove: its dialog traps focus; Escape closes it, changes nothing and gives focus back.
  await panel.getByRole('button', { name: 'Pause' }).waitFor();
  await expect(tabTo(page, 'button:Remove from sequence', 2)).resolves.toBe(2);
  await page.keyboard.press('Enter');
  const dialog = panel.locator('c-stride-modal section[role="dialog"]');
  await dialog.waitFor();
  await settlesTo(() => focusedDescription(page), 'button:Close');
  for (let i = 0; i < 7; i += 1) {
    await page.keyboard.press('Tab');
    expect(await focusedHosts(page)).toContain('C-STRIDE-MODAL');
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), 'button:Remove from sequence');
  expect(enrollmentsOf(walker.Id)).toEqual([
    { Status__c: 'Active', Requested_Status__c: null, Name: 'World Texts' }
  ]);

  // Enter again, Tab past Close and Cancel to the dialog's Remove, Enter: Walker leaves.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await expect(tabTo(page, 'button:Remove from sequence', 2)).resolves.toBe(2);
  expect(await focusedHosts(page)).toContain('C-STRIDE-MODAL');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
  await eventually(
    () => enrollmentsOf(walker.Id),
    (rows) => rows[0]?.Status__c === 'Exited'
  );
  await panel.getByText('Not in a sequence.').waitFor();
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
  expect(stride.pageErrors).toEqual([]);
});

test('Sequences list: New puts focus in the name, Cancel gives it back to New, Save creates the sequence and opens it; the navigation and the Contacts list work by keyboard', async () => {
  const page = await stride.open(USERS.admin, '#/o/Sequence__c');
  await page.locator('app-record-list tbody tr').first().waitFor();
  const before = stride.query('SELECT Id FROM Sequence__c').length;
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await tabTo(page, 'button:New');
  await page.keyboard.press('Enter');
  const name = page.getByRole('textbox', { name: labelled('Sequence name') });
  await name.waitFor();
  await settlesTo(() => hasFocus(name), true);
  await tabTo(page, 'button:Cancel', 3);
  await page.keyboard.press('Enter');
  await name.waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), 'button:New');
  expect(stride.query('SELECT Id FROM Sequence__c')).toHaveLength(before);

  await page.keyboard.press('Space');
  await name.waitFor();
  await settlesTo(() => hasFocus(name), true);
  await page.keyboard.type('Keyboard Sequence');
  await page.keyboard.press('Tab');
  const target = page.getByRole('combobox', { name: labelled('Target object') });
  await settlesTo(() => hasFocus(target), true);
  await chooseWithArrows(page, target, 'Contact');
  await expect(tabTo(page, 'button:Save', 2)).resolves.toBe(2);
  await page.keyboard.press('Enter');
  await page.locator('[data-id="record-title"]', { hasText: 'Keyboard Sequence' }).waitFor();
  const created = stride.query<{ Id: string; Target_Object__c: string; Active__c: boolean }>(
    "SELECT Id, Target_Object__c, Active__c FROM Sequence__c WHERE Name = 'Keyboard Sequence'"
  );
  expect(created).toEqual([expect.objectContaining({ Target_Object__c: 'Contact', Active__c: false })]);
  await expect(hash(page)).resolves.toBe(`#/r/Sequence__c/${created[0].Id}`);
  await settlesTo(() => focusedTag(page), 'main');

  // Shift+Tab from the page reaches the navigation (its last tab first); Enter on Sequences lists them.
  await page.keyboard.press('Shift+Tab');
  await settlesTo(() => focusedDescription(page), 'a:Campaigns');
  for (const tab of ['a:Opportunities', 'a:Contacts', 'a:Leads', 'a:Sequences']) {
    await page.keyboard.press('Shift+Tab');
    await settlesTo(() => focusedDescription(page), tab);
  }
  await page.keyboard.press('Enter');
  await page.locator('app-record-list a', { hasText: 'World Texts' }).waitFor();
  await settlesTo(() => focusedTag(page), 'main');
  await tabTo(page, 'a:World Texts', 30);
  await page.keyboard.press('Enter');
  await page.locator('[data-id="record-title"]', { hasText: 'World Texts' }).waitFor();
  await expect(hash(page)).resolves.toBe(
    `#/r/Sequence__c/${stride.query<{ Id: string }>("SELECT Id FROM Sequence__c WHERE Name = 'World Texts'")[0].Id}`
  );
  await settlesTo(() => focusedTag(page), 'main');
  await page.getByRole('button', { name: 'Edit Intro text' }).waitFor();
  await page.keyboard.press('Tab');
  expect(await focusedHosts(page)).toContain('C-STRIDE-SEQUENCE-EDITOR');

  // The Contacts tab, then the first contact's page, all by keyboard.
  for (const tab of ['a:Campaigns', 'a:Opportunities', 'a:Contacts']) {
    await page.keyboard.press('Shift+Tab');
    await settlesTo(() => focusedDescription(page), tab);
  }
  await page.keyboard.press('Enter');
  await page.locator('app-record-list a', { hasText: 'Ava Patel' }).waitFor();
  await settlesTo(() => focusedTag(page), 'main');
  // Each row starts with its selection box (bulk enrollment), then the name.
  await expect(tabTo(page, 'input:Select Ava Patel', 1)).resolves.toBe(1);
  await expect(tabTo(page, 'a:Ava Patel', 1)).resolves.toBe(1);
  await page.keyboard.press('Enter');
  await page.locator('[data-id="record-title"]', { hasText: 'Ava Patel' }).waitFor();
  await settlesTo(() => focusedTag(page), 'main');
  await page.locator('c-stride-participant-panel').getByRole('button', { name: 'Enroll' }).first().waitFor();
  await page.keyboard.press('Tab');
  expect(await focusedHosts(page)).toContain('C-STRIDE-PARTICIPANT-PANEL');
  expect(stride.pageErrors).toEqual([]);
});

test("Lead page: Tab reaches the panel's Complete task, Enter completes it and focus stays in the panel", async () => {
  const sequenceId = createSequence(stride, 'Keyboard Tasks', 'Lead', [{ name: 'Call prep', type: 'Task' }]);
  const [lee] = ownLeads(stride, USERS.ava, ['Lee']);
  await enrollPeople(stride, sequenceId, [lee]);
  const actionOf = () =>
    stride.query<{ Status__c: string; Requested_Outcome__c: string | null }>(
      `SELECT Status__c, Requested_Outcome__c FROM Participant_Action__c WHERE Participant__r.Lead__c = '${lee}'`
    );
  await eventually(actionOf, (rows) => rows[0]?.Status__c === 'Due');
  const page = await stride.open(USERS.ava, `#/r/Lead/${lee}`);
  const panel = page.locator('c-stride-participant-panel');
  await panel.getByRole('button', { name: 'Complete task' }).waitFor();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await tabTo(page, 'button:Complete task', 40);
  expect(await focusedHosts(page)).toContain('C-STRIDE-PARTICIPANT-PANEL');
  await page.keyboard.press('Enter');
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
  await expect(
    eventually(actionOf, (rows) => rows[0]?.Status__c === 'Completed').then((rows) => rows[0])
  ).resolves.toEqual(expect.objectContaining({ Status__c: 'Completed' }));
  await panel.getByRole('button', { name: 'Complete task' }).waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), 'div:Stride sequence');
});

test('Task page: Tab from the page reaches Mark Complete first, Enter completes the Task and focus goes to its name', async () => {
  const taskId = stride.org.data.create('Task', {
    Subject: 'Send the pricing sheet',
    Status: 'Not Started',
    Priority: 'Normal',
    OwnerId: stride.userId(USERS.ava)
  });
  const page = await stride.open(USERS.ava, '#/o/Lead');
  await page.locator('app-record-list tbody tr').first().waitFor();
  // Arriving on the Task page as from a link: focus on the page, the next Tab on its first control.
  await page.evaluate((id) => {
    window.location.hash = `#/r/Task/${id}`;
  }, taskId);
  await page.getByRole('button', { name: 'Mark Complete' }).waitFor();
  await settlesTo(() => focusedTag(page), 'main');
  await expect(tabTo(page, 'button:Mark Complete', 1)).resolves.toBe(1);
  await page.keyboard.press('Enter');
  await page.getByText('Task "Send the pricing sheet" completed.').waitFor();
  await page.getByRole('button', { name: 'Mark Complete' }).waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), 'h1:Send the pricing sheet');
  expect(stride.query<{ Status: string }>(`SELECT Status FROM Task WHERE Id = '${taskId}'`)).toEqual([
    expect.objectContaining({ Status: 'Completed' })
  ]);
});
