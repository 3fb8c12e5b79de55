/// <reference lib="dom" />
/**
 * Acceptance, the rep's part (issue 11 item 1; issue 14 §4), with the companion running on a fast
 * clock that starts on a Saturday morning in New York: a rep enrols a Lead from its page; works
 * Engage (Call now and the call log, a Task started and completed from Engage, a Task completed
 * from the Lead page); pauses, resumes and removes from the participant panel; an automatic email
 * waits for the business hours of its timing mode; work inherited from an away colleague is
 * marked. Each scenario checks the screen and the records.
 */
import type { Page } from 'playwright-core';
import { createSequence, enrollPeople, ownLeads } from './support/fixtures';
import { fill, pick } from './support/ui';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let leads: Record<'Wilson' | 'Taylor' | 'Clark' | 'Lee', string>;
let flowId: string;

// Saturday 5 December 2026, 10:00 in New York.
const SATURDAY = '2026-12-05T15:00:00.000Z';
// Monday 7 December 2026, 09:00 in New York: the US Eastern business hours open.
const MONDAY_OPEN = Date.parse('2026-12-07T14:00:00.000Z');

interface ActionRow {
  Id: string;
  Name: string;
  Status__c: string;
  Task_Id__c: string | null;
  Due_At__c: string | null;
}
const actionsOf = (leadId: string) =>
  stride.query<ActionRow>(
    `SELECT Id, Sequence_Action__r.Name Name, Status__c, Task_Id__c, Due_At__c FROM Participant_Action__c WHERE Participant__r.Lead__c = '${leadId}' ORDER BY Step_Number__c`
  );
const statuses = (leadId: string) => actionsOf(leadId).map((a) => a.Status__c);
const participantOf = (leadId: string) =>
  stride.query<{ Id: string; Status__c: string }>(
    `SELECT Id, Status__c FROM Sequence_Participant__c WHERE Lead__c = '${leadId}' ORDER BY CreatedDate DESC LIMIT 1`
  )[0];
const row = (page: Page, name: string) =>
  page.locator('c-stride-action-list li.stride-row', { hasText: name });

beforeAll(async () => {
  stride = await startStride({ clockStart: SATURDAY });
  flowId = createSequence(stride, 'E2E Rep Flow', 'Lead', [
    { name: 'Intro call', type: 'Call' },
    { name: 'Research task', type: 'Task', activation: 'Manual' },
    { name: 'Prep task', type: 'Task', activation: 'Automatic' }
  ]);
  const ids = ownLeads(stride, USERS.ava, ['Wilson', 'Taylor', 'Clark', 'Lee']);
  leads = { Wilson: ids[0], Taylor: ids[1], Clark: ids[2], Lee: ids[3] };
});

afterAll(async () => {
  await stride?.close();
});

test('a rep enrols a Lead from its page; the companion starts the sequence', async () => {
  const page = await stride.open(USERS.ava, `#/r/Lead/${leads.Wilson}`);
  const panel = page.locator('c-stride-participant-panel');
  await panel.locator('[data-id="not-enrolled"]').waitFor();
  await panel
    .locator('li.stride-sequence', { hasText: 'E2E Rep Flow' })
    .getByRole('button', { name: 'Enroll' })
    .click();
  await page
    .getByText('Enrolled in E2E Rep Flow. Stride schedules the first action shortly.')
    .first()
    .waitFor();
  await eventually(
    () => participantOf(leads.Wilson)?.Status__c,
    (status) => status === 'Active'
  );
  await eventually(
    () => statuses(leads.Wilson),
    (list) => list.join() === 'Due,Upcoming,Upcoming'
  );
  await panel.getByRole('heading', { name: /E2E Rep Flow/ }).waitFor();
  await panel.locator('li.stride-timeline-item', { hasText: 'Intro call' }).waitFor();
  await screenshot(page, 'lead-page');
  expect(await axeViolations(page)).toEqual([]);
});

test('Engage: Call now starts the call and the call log completes it; the next Task is started and completed from Engage', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  const call = row(page, 'Harper Wilson');
  await call.getByRole('link', { name: 'Call now' }).click();
  const log = page.locator('c-stride-call-log');
  await log.getByRole('heading', { name: 'Log call with Harper Wilson' }).waitFor();
  const started = await eventually(
    () =>
      stride.query<{ Status__c: string; Started_At__c: string | null }>(
        `SELECT Status__c, Started_At__c FROM Conversation__c WHERE Lead__c = '${leads.Wilson}'`
      ),
    (list) => list.length === 1
  );
  expect(started[0].Status__c).toBe('In_Progress');
  await pick(log, 'Outcome', 'Connected');
  await fill(log, 'Duration (minutes)', '3');
  await fill(log, 'Duration (seconds)', '0');
  await log.getByRole('button', { name: 'Log call and complete' }).click();
  await page
    .getByText('Call with Harper Wilson logged; the action is complete.')
    .waitFor({ timeout: 10_000 })
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await log.innerText().catch(() => '')}`);
    });
  const [conversation] = stride.query<{
    Status__c: string;
    Duration_Seconds__c: number;
    Disposition__c: string;
  }>(
    `SELECT Status__c, Duration_Seconds__c, Disposition__c FROM Conversation__c WHERE Lead__c = '${leads.Wilson}'`
  );
  expect(conversation).toMatchObject({ Duration_Seconds__c: 180, Disposition__c: 'Connected' });
  await eventually(
    () => statuses(leads.Wilson),
    (list) => list[0] === 'Completed' && list[1] === 'Due'
  );

  // The manual Task: Start task creates the Salesforce Task; Complete completes the action.
  const task = row(page, 'Harper Wilson');
  await task.getByRole('button', { name: 'Start task' }).click();
  await task.getByRole('button', { name: 'Open task' }).waitFor({ timeout: 20_000 });
  const research = actionsOf(leads.Wilson)[1];
  expect(research.Task_Id__c).toMatch(/^00T/);
  await task.getByRole('button', { name: 'Complete' }).click();
  await eventually(
    () => actionsOf(leads.Wilson)[1].Status__c,
    (status) => status === 'Completed'
  );
  await page
    .locator(`c-stride-action-list li[data-id="${research.Id}"]`)
    .waitFor({ state: 'detached', timeout: 20_000 });
});

test('the automatic Task is completed from the Lead page', async () => {
  const prep = await eventually(
    () => actionsOf(leads.Wilson)[2],
    (action) => action.Status__c === 'Due' && !!action.Task_Id__c
  );
  const page = await stride.open(USERS.ava, `#/r/Lead/${leads.Wilson}`);
  const item = page.locator('c-stride-participant-panel li.stride-timeline-item', { hasText: 'Prep task' });
  await item.getByRole('button', { name: 'Complete task' }).click();
  await page.getByText('Request recorded. Stride applies it shortly.').first().waitFor();
  await eventually(
    () => actionsOf(leads.Wilson)[2].Status__c,
    (status) => status === 'Completed'
  );
  await eventually(
    () => participantOf(leads.Wilson).Status__c,
    (status) => status === 'Completed'
  );
  const [taskRecord] = stride.query<{ Status: string }>(
    `SELECT Status FROM Task WHERE Id = '${prep.Task_Id__c}'`
  );
  expect(taskRecord.Status).toBe('Completed');
});

test('pause, resume and remove from the participant panel', async () => {
  await enrollPeople(stride, flowId, [leads.Taylor]);
  await eventually(
    () => participantOf(leads.Taylor)?.Status__c,
    (status) => status === 'Active'
  );
  const page = await stride.open(USERS.ava, `#/r/Lead/${leads.Taylor}`);
  const panel = page.locator('c-stride-participant-panel');

  await panel.getByRole('button', { name: 'Pause' }).click();
  await eventually(
    () => participantOf(leads.Taylor).Status__c,
    (status) => status === 'Paused'
  );
  await panel.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 20_000 });

  await panel.getByRole('button', { name: 'Resume' }).click();
  await eventually(
    () => participantOf(leads.Taylor).Status__c,
    (status) => status === 'Active'
  );
  await panel.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 20_000 });

  await panel.getByRole('button', { name: 'Remove from sequence' }).click();
  const dialog = page.locator('c-stride-modal', { hasText: 'Remove from E2E Rep Flow?' });
  await dialog.getByRole('heading', { name: 'Remove from E2E Rep Flow?' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Remove from sequence' }).click();
  await eventually(
    () => participantOf(leads.Taylor).Status__c,
    (status) => status === 'Exited'
  );
  await eventually(
    () => statuses(leads.Taylor).filter((s) => s === 'Due' || s === 'Upcoming').length,
    (open) => open === 0
  );
  await panel.locator('[data-id="not-enrolled"]').waitFor({ timeout: 20_000 });
});

test('an automatic email in "Business Hours (Weekday)" waits for Monday 9:00 in New York, then goes out', async () => {
  const hoursId = stride.query<{ Id: string }>(`SELECT Id FROM BusinessHours WHERE Name = 'US Eastern'`)[0]
    .Id;
  const emails = createSequence(stride, 'E2E Weekday Email', 'Lead', [
    {
      name: 'Welcome email',
      type: 'Email',
      activation: 'Automatic',
      subject: 'Welcome {!Recipient.FirstName}',
      body: '<p>Hello</p>'
    }
  ]);
  const [action] = stride.query<{ Id: string }>(
    `SELECT Id FROM Sequence_Action__c WHERE Sequence__c = '${emails}'`
  );
  stride.org.data.update('Sequence_Action__c', action.Id, { Timing__c: 'Business Hours (Weekday)' });
  stride.org.data.update('Sequence__c', emails, { Business_Hours_Id__c: hoursId });
  await enrollPeople(stride, emails, [leads.Clark]);
  const waiting = await eventually(
    () => actionsOf(leads.Clark)[0],
    (a) => !!a && a.Status__c === 'Upcoming' && !!a.Due_At__c
  );
  expect(Date.parse(waiting.Due_At__c ?? '')).toBe(MONDAY_OPEN);
  await stride.pass();
  const toClark = () =>
    stride.org.controls.emailOutbox().filter((mail) => mail.to.includes('evelyn.clark@example.com'));
  expect(toClark()).toEqual([]);

  // The panel shows when it will go out.
  const page = await stride.open(USERS.ava, `#/r/Lead/${leads.Clark}`);
  await page
    .locator('c-stride-participant-panel li.stride-timeline-item', { hasText: 'Welcome email' })
    .waitFor();

  stride.org.controls.clock.set(MONDAY_OPEN + 60_000);
  await stride.pass();
  const [sent] = await eventually(toClark, (list) => list.length === 1);
  expect(sent.subject).toBe('Welcome Evelyn');
  await eventually(
    () => actionsOf(leads.Clark)[0].Status__c,
    (status) => status === 'Completed' || status === 'Sent' || status === 'Opened'
  );
  expect(stride.org.controls.clock.nowMs()).toBeGreaterThanOrEqual(MONDAY_OPEN);
});

test('Engage marks the cover user\'s inherited work: "Covering for Ben Ortiz"', async () => {
  await enrollPeople(stride, flowId, [leads.Lee]);
  const [intro] = await eventually(
    () => actionsOf(leads.Lee),
    (list) => list[0]?.Status__c === 'Due'
  );
  // What the companion's away stage writes when Ben is away and Ava covers (src/companion/pass/away.ts).
  stride.org.data.update('Participant_Action__c', intro.Id, { Covering_For__c: stride.userId(USERS.ben) });
  const page = await stride.open(USERS.ava, '#/engage');
  const badge = row(page, 'Benjamin Lee').locator('[data-badge="covering"]');
  await expect(badge.innerText()).resolves.toBe('Covering for Ben Ortiz');
  // Ava's own work carries no such mark.
  expect(await page.locator('c-stride-action-list [data-badge="covering"]').count()).toBe(1);
  await screenshot(page, 'engage-covering');
  expect(await axeViolations(page)).toEqual([]);
  expect(stride.pageErrors).toEqual([]);
});
