/// <reference lib="dom" />
/**
 * Issue 14 §1, bulk enrollment through the screen: a rep selects four Leads in the Leads list, the
 * Enroll in Sequence list button opens the Stride bulk-enrollment screen, which previews who is
 * eligible and why the others are not (one already in another sequence, one not meeting the entry
 * criteria); the rep confirms and the two eligible Leads become participants.
 */
import { createSequence, enrollPeople, ownLeads } from './support/fixtures';
import { pick } from './support/ui';
import { eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let bulkId: string;
let leads: Record<'Wilson' | 'Taylor' | 'Moore' | 'Lee', string>;

beforeAll(async () => {
  stride = await startStride();
  bulkId = createSequence(stride, 'E2E Bulk', 'Lead', [{ name: 'Intro call', type: 'Call' }]);
  stride.org.data.update('Sequence__c', bulkId, {
    Entry_Criteria__c: JSON.stringify({
      logic: 'AND',
      conditions: [{ field: 'Status', operator: 'equals', value: 'Open - Not Contacted' }]
    })
  });
  const elsewhere = createSequence(stride, 'E2E Elsewhere', 'Lead', [{ name: 'Call', type: 'Call' }]);
  const ids = ownLeads(stride, USERS.ava, ['Wilson', 'Taylor', 'Moore', 'Lee']);
  leads = { Wilson: ids[0], Taylor: ids[1], Moore: ids[2], Lee: ids[3] };
  for (const id of ids)
    stride.org.data.update('Lead', id, {
      Status: id === leads.Lee ? 'Working - Contacted' : 'Open - Not Contacted'
    });
  await enrollPeople(stride, elsewhere, [leads.Moore]);
});

afterAll(async () => {
  await stride?.close();
});

test('select Leads in the list, preview eligible and not eligible with reasons, confirm: participants created', async () => {
  const [busy] = await eventually(
    () =>
      stride.query<{ Id: string; Status__c: string; Sequence__c: string }>(
        `SELECT Id, Status__c, Sequence__c FROM Sequence_Participant__c WHERE Lead__c = '${leads.Moore}'`
      ),
    (rows) => rows[0]?.Status__c === 'Active'
  );

  const page = await stride.open(USERS.ava, '#/o/Lead');
  const list = page.locator('app-record-list');
  const enrollButton = list.getByRole('button', { name: 'Enroll in Sequence' });
  await list.getByRole('checkbox', { name: 'Select Harper Wilson' }).waitFor();
  expect(await enrollButton.isDisabled()).toBe(true);
  for (const name of ['Harper Wilson', 'James Taylor', 'Amelia Moore', 'Benjamin Lee'])
    await list.getByRole('checkbox', { name: `Select ${name}` }).check();
  await enrollButton.click();

  const screen = page.locator('c-stride-bulk-enroll');
  await screen.locator('[data-id="selected"]').waitFor();
  expect(await screen.locator('[data-id="selected"]').textContent()).toBe('4 records selected');
  await pick(screen, 'Sequence', 'E2E Bulk');
  await screen.locator('[data-id="eligible"]').waitFor();
  expect(await screen.locator('[data-id="eligible"]').textContent()).toBe('2 of 4 can be enrolled');
  const reasons = await screen
    .locator('[data-id="ineligible"] li')
    .evaluateAll((items) => items.map((li) => [li.getAttribute('data-code'), li.textContent]));
  expect(reasons).toEqual([
    [
      'ALREADY_ENROLLED',
      `Lead ${leads.Moore} already has an open enrollment (${busy.Id}, Active) in sequence ${busy.Sequence__c}`
    ],
    ['ENTRY_CRITERIA_NOT_MET', `Lead ${leads.Lee} does not meet the entry criteria`]
  ]);
  await screenshot(page, 'bulk-enroll-preview');

  await screen.getByRole('button', { name: 'Enroll 2' }).click();
  await screen.locator('[data-id="done"]').waitFor();
  expect(await screen.locator('[data-id="done"]').textContent()).toBe(
    '2 enrolled. Stride schedules their first actions shortly.'
  );
  const participants = await eventually(
    () =>
      stride.query<{ Lead__c: string; Status__c: string }>(
        `SELECT Lead__c, Status__c FROM Sequence_Participant__c WHERE Sequence__c = '${bulkId}' ORDER BY Lead__c`
      ),
    (rows) => rows.length === 2 && rows.every((r) => r.Status__c === 'Active')
  );
  expect(participants.map((p) => p.Lead__c).sort()).toEqual([leads.Wilson, leads.Taylor].sort());
  expect(stride.pageErrors).toEqual([]);
});
