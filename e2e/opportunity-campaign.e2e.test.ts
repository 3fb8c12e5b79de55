/// <reference lib="dom" />
/**
 * The participant panel on Opportunity and Campaign pages (issue 15 §2): a rep enrolls an
 * opportunity's contact roles of one role, and a campaign's members (Leads and a Contact), from the
 * record page; the companion starts each enrollment. The admin creates an Opportunity sequence by
 * its record type (issue 15 §3). Each scenario checks the screen and the records.
 */
import { fill, pick } from './support/ui';
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
