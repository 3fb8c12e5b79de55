/// <reference lib="dom" />
/**
 * Issue 14 §3 through the screen: the admin gives an automatic email step two variants split 50/50
 * in the action editor; the companion sends each participant one variant; replies come back to
 * variant A only; the funnel on the sequence page shows each variant's participants and reply rate
 * with the two-proportion verdict, and the admin ends the test keeping the winner (the other variant
 * is marked Ended).
 */
import { Connection } from 'jsforce';
import { compareVariants } from '../src/core/variants';
import { createSequence, enrollPeople, ownLeads } from './support/fixtures';
import { axeViolations, eventually, screenshot, startStride, USERS, type Stride } from './support/stride';
import { fill } from './support/ui';

let stride: Stride;
let sequenceId: string;
let actionId: string;
let leads: string[];
const variantIds: Record<'A' | 'B', string> = { A: '', B: '' };

beforeAll(async () => {
  stride = await startStride();
  sequenceId = createSequence(stride, 'E2E Variants', 'Lead', [
    {
      name: 'Intro email',
      type: 'Email',
      activation: 'Automatic',
      subject: 'Hello {!Recipient.FirstName}',
      body: '<p>Hello</p>'
    }
  ]);
  [{ Id: actionId }] = stride.query<{ Id: string }>(
    `SELECT Id FROM Sequence_Action__c WHERE Sequence__c = '${sequenceId}'`
  );
  leads = ownLeads(stride, USERS.ava, [
    'Wilson',
    'Taylor',
    'Moore',
    'Lee',
    'Harris',
    'Clark',
    'Lewis',
    'Walker'
  ]);
});

afterAll(async () => {
  await stride?.close();
});

interface SentAction {
  Id: string;
  Status__c: string;
  Variant__c: string | null;
}

test('the admin defines two variants of the email in the action editor, then the leads are enrolled', async () => {
  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${sequenceId}`);
  await page.getByRole('button', { name: 'Edit Intro email' }).click();
  const dialog = page.locator('c-stride-action-editor');
  const variants = dialog.getByRole('group', { name: 'Variants (A/B test)' });
  await variants.waitFor();
  await expect(
    variants.getByText('No variants: every participant gets the content above.').count()
  ).resolves.toBe(1);
  const add = variants.getByRole('button', { name: 'Add variant' });
  await add.click();
  await add.click();
  // Two variants share the participants evenly until the admin says otherwise.
  expect(
    await variants
      .getByLabel(/Variant [AB] split \(%\)/)
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
  ).toEqual(['50', '50']);
  await fill(variants, 'Variant A email subject', 'Quick question, {!Recipient.FirstName}');
  await fill(variants, 'Variant B email subject', 'An idea for {!Recipient.FirstName}');
  // A split that leaves the total short is refused at the box, and nothing is saved.
  await fill(variants, 'Variant A split (%)', '40');
  await dialog.getByRole('button', { name: 'Save action' }).click();
  await dialog.getByText('The split percentages add up to 90; they must add up to 100.').first().waitFor();
  expect(stride.query(`SELECT Id FROM Action_Variant__c WHERE Sequence_Action__c = '${actionId}'`)).toEqual(
    []
  );
  await fill(variants, 'Variant A split (%)', '50');
  await screenshot(page, 'variants-editor');
  expect(await axeViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Save action' }).click();
  await page.getByText('Action "Intro email" saved.').first().waitFor();

  const saved = await eventually(
    () =>
      stride.query<{
        Id: string;
        Name: string;
        Variant_Key__c: 'A' | 'B';
        Split_Percent__c: number;
        Subject__c: string | null;
        Body__c: string | null;
        Ended__c: boolean;
      }>(
        `SELECT Id, Name, Variant_Key__c, Split_Percent__c, Subject__c, Body__c, Ended__c FROM Action_Variant__c WHERE Sequence_Action__c = '${actionId}' ORDER BY Variant_Key__c`
      ),
    (rows) => rows.length === 2
  );
  expect(
    saved.map((row) => ({
      Name: row.Name,
      Variant_Key__c: row.Variant_Key__c,
      Split_Percent__c: row.Split_Percent__c,
      Subject__c: row.Subject__c,
      Body__c: row.Body__c,
      Ended__c: row.Ended__c
    }))
  ).toEqual([
    {
      Name: 'Variant A',
      Variant_Key__c: 'A',
      Split_Percent__c: 50,
      Subject__c: 'Quick question, {!Recipient.FirstName}',
      Body__c: null,
      Ended__c: false
    },
    {
      Name: 'Variant B',
      Variant_Key__c: 'B',
      Split_Percent__c: 50,
      Subject__c: 'An idea for {!Recipient.FirstName}',
      Body__c: null,
      Ended__c: false
    }
  ]);
  for (const row of saved) variantIds[row.Variant_Key__c] = row.Id;
  await page.close();

  // No nudge: the variants' own change events make the companion read its catalog again.

  await enrollPeople(stride, sequenceId, leads);
});

test('per-variant results with participants, reply rate and confidence; the admin ends the test keeping the winner', async () => {
  const sent = await eventually(
    () =>
      stride.query<SentAction>(
        `SELECT Id, Status__c, Variant__c FROM Participant_Action__c WHERE Sequence_Action__c = '${actionId}'`
      ),
    (rows) => rows.length === 8 && rows.every((r) => r.Status__c === 'Completed' && !!r.Variant__c),
    60_000
  );
  const of = (key: string) => sent.filter((r) => r.Variant__c === key);
  // Each participant got one variant, and both variants went out.
  expect(of('A').length + of('B').length).toBe(8);
  expect(of('A').length).toBeGreaterThan(0);
  expect(of('B').length).toBeGreaterThan(0);
  // Each got the subject of its variant, as the admin wrote it in the action editor.
  const firstNames = new Map(
    stride
      .query<{ Id: string; FirstName: string }>(
        `SELECT Id, FirstName FROM Lead WHERE Id IN ('${leads.join("','")}')`
      )
      .map((lead) => [lead.Id, lead.FirstName] as const)
  );
  const outbox = new Map(
    stride.org.controls.emailOutbox().map((email) => [email.relatedRecordId, email] as const)
  );
  expect(sent.map((r) => outbox.get(r.Id)?.subject)).toEqual(
    sent.map((r) => {
      const firstName = firstNames.get(outbox.get(r.Id)?.recipientId ?? '');
      return r.Variant__c === 'A' ? `Quick question, ${firstName}` : `An idea for ${firstName}`;
    })
  );

  // Everyone who got variant A replies (logged in the rep's inbox against the action).
  const rep = new Connection({
    instanceUrl: stride.org.instanceUrl,
    accessToken: stride.org.sessionFor(USERS.ava).accessToken,
    version: '66.0'
  });
  for (const action of of('A'))
    await rep.sobject('EmailMessage').create({
      Incoming: true,
      RelatedToId: action.Id,
      FromAddress: 'reply@example.com',
      Subject: 'Re: Quick question',
      TextBody: 'Tell me more',
      MessageDate: stride.org.controls.clock.now().toISOString(),
      Status: '0'
    });
  // The figures are recounted at most every 30 minutes of org time after activity.
  await eventually(
    async () => {
      stride.org.controls.clock.advance(31 * 60_000);
      await stride.pass();
      return stride.query<{ Variant__c: string; Reached__c: number; Replied__c: number }>(
        `SELECT Variant__c, Reached__c, Replied__c FROM Step_Analytics__c WHERE Sequence__c = '${sequenceId}' AND Variant__c != null ORDER BY Variant__c`
      );
    },
    (rows) => rows.length === 2 && rows[0].Replied__c === of('A').length,
    60_000
  );

  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${sequenceId}`);
  const test = page.locator('c-stride-sequence-funnel .stride-test');
  await test.waitFor();
  const a = of('A').length;
  const b = of('B').length;
  expect(await test.locator('.stride-variant').allTextContents()).toEqual([
    `Variant A: ${a} people, ${a} replied (100%)`,
    `Variant B: ${b} people, 0 replied (0%)`
  ]);
  // The verdict of the core's two-proportion test on these figures, in the funnel's words.
  const [comparison] = compareVariants([
    { key: 'A', participants: a, replies: a },
    { key: 'B', participants: b, replies: 0 }
  ]);
  const p = comparison.pValue.toFixed(3);
  const expected = {
    SIGNIFICANT: `A wins: the difference is significant (p = ${p}).`,
    LIKELY: `A is likely better (p = ${p}); keep testing to be sure.`,
    NO_DIFFERENCE_YET: 'No difference yet between A and B.',
    NOT_ENOUGH_DATA: 'Not enough people yet to compare A and B.'
  }[comparison.confidence];
  expect(await test.locator('.stride-verdict').allTextContents()).toEqual([expected]);
  await screenshot(page, 'variants-results');

  await test.getByRole('button', { name: 'End the test and keep A' }).click();
  await eventually(
    () =>
      stride.query<{ Ended__c: boolean }>(
        `SELECT Ended__c FROM Action_Variant__c WHERE Id = '${variantIds.B}'`
      ),
    (rows) => rows[0]?.Ended__c === true
  );
  expect(
    stride.query<{ Variant_Key__c: string; Ended__c: boolean }>(
      `SELECT Variant_Key__c, Ended__c FROM Action_Variant__c WHERE Sequence_Action__c = '${actionId}' ORDER BY Variant_Key__c`
    )
  ).toEqual([
    expect.objectContaining({ Variant_Key__c: 'A', Ended__c: false }),
    expect.objectContaining({ Variant_Key__c: 'B', Ended__c: true })
  ]);
  await test.locator('.stride-ended').waitFor();
  expect(await test.locator('.stride-ended').textContent()).toBe('Test ended: everyone new gets variant A.');
  expect(await test.getByRole('button', { name: 'End the test and keep A' }).count()).toBe(0);
  expect(stride.pageErrors).toEqual([]);
});
