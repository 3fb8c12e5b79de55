/**
 * The app shell: a rep signs in, sees the navigation and their own Engage; the user switcher signs
 * in as someone else; lists and record pages open from the navigation.
 */
import { createSequence, enrollPeople, openActions, ownLeads } from './support/fixtures';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;

beforeAll(async () => {
  stride = await startStride();
  const sequenceId = createSequence(stride, 'E2E Call Blitz', 'Lead', [{ name: 'First call', type: 'Call' }]);
  await enrollPeople(stride, sequenceId, ownLeads(stride, USERS.ava, ['Wilson', 'Taylor', 'Moore']));
  await enrollPeople(stride, sequenceId, ownLeads(stride, USERS.ben, ['Lee']));
  await eventually(
    () => openActions(stride, USERS.ava).length + openActions(stride, USERS.ben).length,
    (count) => count === 4
  );
});

afterAll(async () => {
  await stride?.close();
});

test('a rep opens the app on Engage: navigation, their own due actions, no console errors', async () => {
  const page = await stride.open(USERS.ava, '#/engage');

  expect(await page.locator('nav[aria-label="Stride"] a').allInnerTexts()).toEqual([
    'Engage',
    'Sequences',
    'Leads',
    'Contacts',
    'Opportunities',
    'Campaigns'
  ]);
  await page.getByRole('tab', { name: 'Due (3)' }).waitFor();
  const names = await page.locator('c-stride-action-list .stride-person').allInnerTexts();
  const owned = stride.query<{ Name: string }>(
    `SELECT Name FROM Lead WHERE OwnerId = '${stride.userId(USERS.ava)}' ORDER BY Name`
  );
  expect(names.sort()).toEqual(owned.map((lead) => lead.Name).sort());
  expect(names).toHaveLength(3);
  await screenshot(page, 'engage');
  expect(await axeViolations(page)).toEqual([]);
  expect(stride.pageErrors).toEqual([]);
});
