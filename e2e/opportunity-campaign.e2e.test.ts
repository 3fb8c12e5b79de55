/// <reference lib="dom" />
/**
 * The participant panel on Opportunity and Campaign pages (issue 15 §2): a rep enrolls an
 * opportunity's contact roles of one role, and a campaign's members (Leads and a Contact), from the
 * record page; the companion starts each enrollment. The rep then pauses, resumes and removes one
 * participant from each page, with buttons named for the person. The admin creates an Opportunity
 * sequence by its record type (issue 15 §3). Each scenario checks the screen and the records.
 */
import type { Locator, Page } from 'playwright-core';
import { fill, focusedDescription, pick, settlesTo } from './support/ui';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let opportunityId: string;
let campaignId: string;

interface ParticipantRow {
  Id: string;
  Status__c: string;
  Lead__c: string | null;
  Contact__c: string | null;
  Opportunity__c: string | null;
  Campaign__c: string | null;
  OwnerId: string;
}

/** An active one-step sequence of an Opportunity or Campaign target (trusted set-up write). */
function createGroupSequence(name: string, target: 'Opportunity' | 'Campaign', step: 'Call' | 'Task') {
  const sequenceId = stride.org.data.create('Sequence__c', {
    Name: name,
    Target_Object__c: target,
    Active__c: true,
    Enrollment__c: 'Manual',
    Priority__c: 'P2'
  });
  stride.org.data.create('Sequence_Action__c', {
    Name: `${name} ${step}`,
    Sequence__c: sequenceId,
    Step_Number__c: 1,
    Type__c: step,
    Activation__c: 'Manual',
    Delay_Amount__c: 0,
    Delay_Unit__c: 'Minutes',
    Timing__c: 'Immediate (Any Day)'
  });
  return sequenceId;
}

const participantsThrough = (field: 'Opportunity__c' | 'Campaign__c', id: string) =>
  stride.query<ParticipantRow>(
    `SELECT Id, Status__c, Lead__c, Contact__c, Opportunity__c, Campaign__c, OwnerId FROM Sequence_Participant__c WHERE ${field} = '${id}' ORDER BY Id`
  );
const idOf = (soql: string) => stride.query<{ Id: string }>(soql)[0]?.Id;

/** The enrollment of one person through a record: its status and any request still pending. */
function enrollmentOf(through: 'Opportunity__c' | 'Campaign__c', recordId: string, person: string) {
  const [row] = stride.query<{ Id: string; Status__c: string; Requested_Status__c: string | null }>(
    `SELECT Id, Status__c, Requested_Status__c FROM Sequence_Participant__c WHERE ${through} = '${recordId}' AND (Lead__c = '${person}' OR Contact__c = '${person}')`
  );
  return { Status__c: row?.Status__c, Requested_Status__c: row?.Requested_Status__c };
}

/** The accessible names of the request buttons of the panel's participant rows, in order. */
const requestButtonNames = (panel: Locator) =>
  panel
    .locator('li.stride-group-participant button')
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));

/** After a request the panel holds focus (the button that made it is gone). */
const focusBackOnPanel = (page: Page) =>
  eventually(
    () => focusedDescription(page),
    (focused) => focused === 'div:Stride sequence'
  );

/**
 * Pause, Resume and Remove (through its dialog) for one person's row, each request checked on the
 * record once the companion applied it and on the screen; the other participants stay Active.
 */
async function pauseResumeRemove(
  page: Page,
  through: 'Opportunity__c' | 'Campaign__c',
  recordId: string,
  person: { id: string; name: string },
  sequenceName: string
) {
  const panel = page.locator('c-stride-participant-panel');
  const listed = panel.locator('li.stride-group-participant', { hasText: person.name });
  const enrollment = () => enrollmentOf(through, recordId, person.id);
  const others = () =>
    participantsThrough(through, recordId)
      .filter((p) => (p.Lead__c ?? p.Contact__c) !== person.id)
      .map((p) => p.Status__c);
  const othersBefore = others();

  await panel.getByRole('button', { name: `Pause ${person.name}`, exact: true }).click();
  await focusBackOnPanel(page);
  await expect(
    eventually(enrollment, (e) => e.Status__c === 'Paused' && e.Requested_Status__c === null)
  ).resolves.toEqual({ Status__c: 'Paused', Requested_Status__c: null });
  await listed.locator('[data-id="status"]', { hasText: 'Paused' }).waitFor({ timeout: 20_000 });

  await panel.getByRole('button', { name: `Resume ${person.name}`, exact: true }).click();
  await focusBackOnPanel(page);
  await expect(
    eventually(enrollment, (e) => e.Status__c === 'Active' && e.Requested_Status__c === null)
  ).resolves.toEqual({ Status__c: 'Active', Requested_Status__c: null });
  await listed.locator('[data-id="status"]', { hasText: 'Active' }).waitFor({ timeout: 20_000 });

  // Remove asks first; the dialog names the person and the sequence, holds focus, and Escape gives
  // it back to the row's Remove without changing anything.
  const remove = panel.getByRole('button', { name: `Remove ${person.name}`, exact: true });
  await remove.click();
  const title = `Remove ${person.name} from ${sequenceName}?`;
  const dialog = panel.locator('c-stride-modal section[role="dialog"]');
  await dialog.getByRole('heading', { name: title }).waitFor();
  await settlesTo(() => focusedDescription(page), 'button:Close');
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await settlesTo(() => focusedDescription(page), `button:Remove ${person.name}`);
  expect(enrollment()).toEqual({ Status__c: 'Active', Requested_Status__c: null });

  await remove.click();
  await dialog.getByRole('button', { name: 'Remove from sequence' }).click();
  await dialog.waitFor({ state: 'detached' });
  await focusBackOnPanel(page);
  await expect(
    eventually(enrollment, (e) => e.Status__c === 'Exited' && e.Requested_Status__c === null)
  ).resolves.toEqual({ Status__c: 'Exited', Requested_Status__c: null });
  const { Id } = stride.query<{ Id: string }>(
    `SELECT Id FROM Sequence_Participant__c WHERE ${through} = '${recordId}' AND (Lead__c = '${person.id}' OR Contact__c = '${person.id}')`
  )[0];
  await expect(
    eventually(
      () =>
        stride
          .query<{ Status__c: string }>(
            `SELECT Status__c FROM Participant_Action__c WHERE Participant__c = '${Id}'`
          )
          .map((action) => action.Status__c),
      (statuses) => statuses.every((status) => status !== 'Due' && status !== 'Upcoming')
    )
  ).resolves.toEqual(['Canceled']);
  await listed.locator('[data-id="status"]', { hasText: 'Exited' }).waitFor({ timeout: 20_000 });
  await expect(listed.locator('button').count()).resolves.toBe(0);
  expect(others()).toEqual(othersBefore);
}

beforeAll(async () => {
  stride = await startStride();
  createGroupSequence('E2E Deal Follow-up', 'Opportunity', 'Call');
  createGroupSequence('E2E Webinar Thanks', 'Campaign', 'Task');
  const ava = stride.userId(USERS.ava);
  opportunityId = idOf("SELECT Id FROM Opportunity WHERE Name = 'Northwind Fleet Renewal'");
  campaignId = idOf("SELECT Id FROM Campaign WHERE Name = 'Spring Product Webinar'");
  // Ava works the deal, the campaign and the people in them.
  stride.org.data.update('Opportunity', opportunityId, { OwnerId: ava });
  stride.org.data.update('Campaign', campaignId, { OwnerId: ava });
  for (const contact of stride.query<{ Id: string }>(
    "SELECT Id FROM Contact WHERE LastName IN ('Patel', 'Chen', 'Brown')"
  ))
    stride.org.data.update('Contact', contact.Id, { OwnerId: ava });
  for (const lead of stride.query<{ Id: string }>("SELECT Id FROM Lead WHERE LastName IN ('Walker', 'Hall')"))
    stride.org.data.update('Lead', lead.Id, { OwnerId: ava });
});

afterAll(async () => {
  await stride?.close();
});

test('a rep enrolls the Decision Maker of an opportunity from its page; the companion starts the sequence', async () => {
  const page = await stride.open(USERS.ava, `#/r/Opportunity/${opportunityId}`);
  await page.locator('[data-id="record-title"]', { hasText: 'Northwind Fleet Renewal' }).waitFor();
  const panel = page.locator('c-stride-participant-panel');
  await panel.locator('[data-id="none-enrolled"]').waitFor();
  const row = panel.locator('li.stride-sequence', { hasText: 'E2E Deal Follow-up' });
  await row.getByText('2 of 2 can be enrolled; the companion checks the entry criteria.').waitFor();

  await pick(panel, 'Contact role', 'Decision Maker');
  await row.getByText('1 of 1 can be enrolled; the companion checks the entry criteria.').waitFor();
  await row.getByRole('button', { name: 'Enroll' }).click();
  await page
    .getByText('Enrolled 1 in E2E Deal Follow-up. Stride schedules the first actions shortly.')
    .first()
    .waitFor();

  const avaPatel = idOf("SELECT Id FROM Contact WHERE LastName = 'Patel'");
  const participants = await eventually(
    () => participantsThrough('Opportunity__c', opportunityId),
    (list) => list.length === 1 && list[0].Status__c === 'Active'
  );
  expect(participants.map((p) => [p.Contact__c, p.Lead__c, p.Opportunity__c, p.Campaign__c])).toEqual([
    [avaPatel, null, opportunityId, null]
  ]);
  const actions = await eventually(
    () =>
      stride.query<{ Status__c: string; Type__c: string; Assigned_To__c: string }>(
        `SELECT Status__c, Type__c, Assigned_To__c FROM Participant_Action__c WHERE Participant__c = '${participants[0].Id}'`
      ),
    (list) => list.length === 1 && list[0].Status__c === 'Due'
  );
  expect(actions.map((a) => [a.Status__c, a.Type__c, a.Assigned_To__c])).toEqual([
    ['Due', 'Call', stride.userId(USERS.ava)]
  ]);

  const listed = panel.locator('li.stride-group-participant', { hasText: 'Ava Patel' });
  await listed.locator('[data-id="status"]', { hasText: 'Active' }).waitFor();
  // Ava Patel is now in a sequence: only Liam Chen is left to enroll with all roles.
  await pick(panel, 'Contact role', 'All contact roles');
  await row.getByText('1 of 2 can be enrolled; the companion checks the entry criteria.').waitFor();
  await screenshot(page, 'opportunity-page');
  expect(await axeViolations(page)).toEqual([]);
});

test('a rep enrolls the members of a campaign, Leads and a Contact, from its page', async () => {
  const page = await stride.open(USERS.ava, `#/r/Campaign/${campaignId}`);
  await page.locator('[data-id="record-title"]', { hasText: 'Spring Product Webinar' }).waitFor();
  const panel = page.locator('c-stride-participant-panel');
  await panel.getByRole('heading', { name: 'Enroll campaign members' }).waitFor();
  const row = panel.locator('li.stride-sequence', { hasText: 'E2E Webinar Thanks' });
  await row.getByText('3 of 3 can be enrolled; the companion checks the entry criteria.').waitFor();
  await row.getByRole('button', { name: 'Enroll' }).click();
  await page
    .getByText('Enrolled 3 in E2E Webinar Thanks. Stride schedules the first actions shortly.')
    .first()
    .waitFor();

  const people = Object.fromEntries(
    stride
      .query<{ Id: string; LastName: string }>(
        "SELECT Id, LastName FROM Lead WHERE LastName IN ('Walker', 'Hall')"
      )
      .concat(
        stride.query<{ Id: string; LastName: string }>(
          "SELECT Id, LastName FROM Contact WHERE LastName = 'Brown'"
        )
      )
      .map((person) => [person.Id, person.LastName])
  );
  const participants = await eventually(
    () => participantsThrough('Campaign__c', campaignId),
    (list) => list.length === 3 && list.every((p) => p.Status__c === 'Active')
  );
  expect(
    participants
      .map((p) => [
        people[(p.Lead__c ?? p.Contact__c) as string],
        p.Lead__c ? 'Lead' : 'Contact',
        p.Campaign__c
      ])
      .sort()
  ).toEqual([
    ['Brown', 'Contact', campaignId],
    ['Hall', 'Lead', campaignId],
    ['Walker', 'Lead', campaignId]
  ]);
  expect(participants.every((p) => p.OwnerId === stride.userId(USERS.ava))).toBe(true);

  for (const name of ['Abigail Walker', 'Daniel Hall', 'Emma Brown'])
    await panel
      .locator('li.stride-group-participant', { hasText: name })
      .locator('[data-id="status"]', { hasText: 'Active' })
      .waitFor();
  await row.getByText('Nobody to enroll: each is in a sequence already or went through this one.').waitFor();
  expect(await row.getByRole('button', { name: 'Enroll' }).isDisabled()).toBe(true);
  await screenshot(page, 'campaign-page');
  expect(await axeViolations(page)).toEqual([]);
  expect(stride.pageErrors).toEqual([]);
});

test('a rep pauses, resumes and removes one contact enrolled through the opportunity, from its page', async () => {
  const page = await stride.open(USERS.ava, `#/r/Opportunity/${opportunityId}`);
  const panel = page.locator('c-stride-participant-panel');
  // Liam Chen joins Ava Patel: two rows, each with its own Pause and Remove.
  const row = panel.locator('li.stride-sequence', { hasText: 'E2E Deal Follow-up' });
  await row.getByText('1 of 2 can be enrolled; the companion checks the entry criteria.').waitFor();
  await row.getByRole('button', { name: 'Enroll in E2E Deal Follow-up', exact: true }).click();
  await eventually(
    () => participantsThrough('Opportunity__c', opportunityId),
    (list) => list.length === 2 && list.every((p) => p.Status__c === 'Active')
  );
  await panel.getByRole('button', { name: 'Pause Liam Chen', exact: true }).waitFor({ timeout: 20_000 });
  // Newest first; a screen reader tells each button's person apart.
  await expect(requestButtonNames(panel)).resolves.toEqual([
    'Pause Liam Chen',
    'Remove Liam Chen',
    'Pause Ava Patel',
    'Remove Ava Patel'
  ]);
  expect(await axeViolations(page)).toEqual([]);

  const ava = { id: idOf("SELECT Id FROM Contact WHERE LastName = 'Patel'"), name: 'Ava Patel' };
  await pauseResumeRemove(page, 'Opportunity__c', opportunityId, ava, 'E2E Deal Follow-up');
  await expect(requestButtonNames(panel)).resolves.toEqual(['Pause Liam Chen', 'Remove Liam Chen']);
  await screenshot(page, 'opportunity-page-requests');
  expect(await axeViolations(page)).toEqual([]);
  expect(stride.pageErrors).toEqual([]);
});

test('a rep pauses, resumes and removes one lead enrolled through the campaign, from its page', async () => {
  const page = await stride.open(USERS.ava, `#/r/Campaign/${campaignId}`);
  const panel = page.locator('c-stride-participant-panel');
  await panel.getByRole('button', { name: 'Pause Daniel Hall', exact: true }).waitFor();

  const hall = { id: idOf("SELECT Id FROM Lead WHERE LastName = 'Hall'"), name: 'Daniel Hall' };
  await pauseResumeRemove(page, 'Campaign__c', campaignId, hall, 'E2E Webinar Thanks');
  await expect(panel.getByRole('button', { name: 'Pause Daniel Hall', exact: true }).count()).resolves.toBe(
    0
  );
  expect(await axeViolations(page)).toEqual([]);
  expect(stride.pageErrors).toEqual([]);
});

test('the admin creates an Opportunity sequence by its record type', async () => {
  const page = await stride.open(USERS.admin, '#/o/Sequence__c');
  await page.getByRole('button', { name: 'New' }).click();
  await fill(page, 'Sequence name', 'E2E Deal Cadence');
  await pick(page, 'Target object', 'Opportunity');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('c-stride-sequence-editor').getByRole('heading', { name: 'Settings' }).waitFor();
  const [created] = stride.query<{ Target_Object__c: string; RecordType: { DeveloperName: string } }>(
    "SELECT Target_Object__c, RecordType.DeveloperName FROM Sequence__c WHERE Name = 'E2E Deal Cadence'"
  );
  expect([created.Target_Object__c, created.RecordType.DeveloperName]).toEqual([
    'Opportunity',
    'Opportunity'
  ]);
});
