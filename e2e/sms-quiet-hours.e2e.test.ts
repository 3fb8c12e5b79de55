/// <reference lib="dom" />
/**
 * A text a rep sends in the evening waits for the recipient's morning: the companion holds it until
 * the SMS window opens (08:00 in the person's zone), the action stays current on Engage with the
 * reason and the pending request shown, and the text goes out once the window opens.
 */
import { createSequence, enrollPeople, ownLeads } from './support/fixtures';
import { pick } from './support/ui';
import { eventually, startStride, USERS, type Stride } from './support/stride';

/** Tuesday 21:30 in New York, the sample people's zone: half an hour into quiet hours. */
const TUESDAY_EVENING = '2026-12-02T02:30:00.000Z';
/** Wednesday 08:00 in New York, when the SMS window opens. */
const WEDNESDAY_MORNING = '2026-12-02T13:00:00.000Z';
const TEXT = 'Hi Henry, sorry I missed you. When suits you for a 10-minute call? - Ava Reed';

let stride: Stride;
let harris: string;

const actionOfHarris = () =>
  stride.query<{ Status__c: string; Due_At__c: string; Reason__c: string | null }>(
    `SELECT Status__c, Due_At__c, Reason__c FROM Participant_Action__c WHERE Participant__r.Lead__c = '${harris}'`
  )[0];
const textsToHarris = () => stride.org.controls.smsOutbox().filter((sms) => sms.to === '+13035550976');

beforeAll(async () => {
  stride = await startStride({ clockStart: TUESDAY_EVENING, clockSpeed: 1 });
  const texts = createSequence(stride, 'E2E Evening texts', 'Lead', [{ name: 'Intro text', type: 'SMS' }]);
  [harris] = ownLeads(stride, USERS.ava, ['Harris']);
  await enrollPeople(stride, texts, [harris]);
});

afterAll(async () => {
  expect(stride.pageErrors).toEqual([]);
  await stride.close();
});

test('a text sent at 21:30 is held until 08:00 in the recipient zone, shown as such, then sent', async () => {
  const page = await stride.open(USERS.ava, '#/engage');
  const row = page.locator('c-stride-action-list li.stride-row', { hasText: 'Henry Harris' });
  await row.getByRole('button', { name: 'Message' }).click();
  const dialog = page.locator('c-stride-sms-composer');
  await pick(dialog, 'SMS template', 'Missed call');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByText('SMS to Henry Harris queued for sending.').waitFor();

  const held = await eventually(actionOfHarris, (action) => action.Reason__c === 'QUIET_HOURS');
  expect([held.Status__c, new Date(held.Due_At__c).toISOString()]).toEqual(['Due', WEDNESDAY_MORNING]);
  expect(textsToHarris()).toEqual([]);

  await page.reload();
  await expect(row.locator('[data-badge="reason"]').innerText()).resolves.toBe('SMS quiet hours');
  await expect(row.locator('[data-badge="requested"]').count()).resolves.toBe(1);

  // The companion sleeps until the held instant in real time; the jumped clock needs one pass.
  stride.org.controls.clock.set(WEDNESDAY_MORNING);
  await stride.pass();
  const [sent] = await eventually(textsToHarris, (list) => list.length === 1);
  expect(sent.body).toBe(TEXT);
});
