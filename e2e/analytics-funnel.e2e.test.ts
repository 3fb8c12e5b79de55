/// <reference lib="dom" />
/**
 * Issue 14 §2 through the screen: after the companion has processed known actions (a rep completes
 * two first steps and skips one), the funnel on the sequence page shows exactly those counts (a
 * skipped step advances the participant as a completed one does), kept by the companion in
 * Step_Analytics__c, and says that opens are unreliable.
 */
import { Connection } from 'jsforce';
import { createSequence, enrollPeople, ownLeads } from './support/fixtures';
import { eventually, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let sequenceId: string;
let leads: string[];

beforeAll(async () => {
  stride = await startStride();
  sequenceId = createSequence(stride, 'E2E Funnel', 'Lead', [
    { name: 'Intro call', type: 'Call' },
    { name: 'Follow-up call', type: 'Call' }
  ]);
  leads = ownLeads(stride, USERS.ava, ['Wilson', 'Taylor', 'Clark', 'Lee']);
  await enrollPeople(stride, sequenceId, leads);
});

afterAll(async () => {
  await stride?.close();
});

/** What Engage's buttons write (strideLds.requestOutcome), as the rep who owns the action. */
async function request(actionId: string, outcome: 'Complete' | 'Skip', note?: string): Promise<void> {
  const rep = new Connection({
    instanceUrl: stride.org.instanceUrl,
    accessToken: stride.org.sessionFor(USERS.ava).accessToken,
    version: '66.0'
  });
  await rep.sobject('Participant_Action__c').update({
    Id: actionId,
    Requested_Outcome__c: outcome,
    Requested_At__c: stride.org.controls.clock.now().toISOString(),
    ...(note ? { Requested_Note__c: note } : {})
  });
}

const firstSteps = () =>
  stride.query<{ Id: string; Status__c: string; LeadId: string }>(
    `SELECT Id, Status__c, Participant__r.Lead__c LeadId FROM Participant_Action__c WHERE Participant__r.Sequence__c = '${sequenceId}' AND Step_Number__c = 1 ORDER BY Participant__r.Lead__c`
  );

test('the funnel on the sequence page shows the counts of what the companion processed, and the opens note', async () => {
  const due = await eventually(
    firstSteps,
    (rows) => rows.length === 4 && rows.every((r) => r.Status__c === 'Due')
  );
  await request(due[0].Id, 'Complete');
  await request(due[1].Id, 'Complete');
  await request(due[2].Id, 'Skip', 'Wrong number');
  await eventually(
    () =>
      firstSteps()
        .map((r) => r.Status__c)
        .sort(),
    (statuses) => statuses.join() === ['Completed', 'Completed', 'Due', 'Skipped'].join()
  );
  // The figures are recounted at most every 30 minutes of org time after activity: let it pass.
  stride.org.controls.clock.advance(31 * 60_000);
  await stride.pass();
  const total = await eventually(
    () =>
      stride.query<{ Enrolled__c: number; Completed__c: number; Skipped__c: number }>(
        `SELECT Enrolled__c, Completed__c, Skipped__c FROM Step_Analytics__c WHERE Sequence__c = '${sequenceId}' AND Step_Number__c = null`
      ),
    (rows) => rows.length === 1 && rows[0].Completed__c === 2
  );
  expect(total[0]).toMatchObject({ Enrolled__c: 4, Completed__c: 2, Skipped__c: 1 });

  const page = await stride.open(USERS.admin, `#/r/Sequence__c/${sequenceId}`);
  const funnel = page.locator('c-stride-sequence-funnel');
  await funnel.locator('[data-id="headline"]').waitFor();
  expect(await funnel.locator('[data-id="headline"]').textContent()).toBe('4 enrolled · 0 converted (0%)');
  const steps = await funnel.locator('li.stride-step').evaluateAll((items) =>
    items.map((li) => ({
      title: li.querySelector('.stride-step-title')?.textContent,
      reached: li.querySelector('.stride-step-reached')?.textContent,
      detail: li.querySelector('.stride-step-detail')?.textContent
    }))
  );
  expect(steps).toEqual([
    {
      title: 'Step 1: Intro call',
      reached: '4 reached',
      detail: '2 completed · 1 skipped · 0 replied (0%)'
    },
    {
      title: 'Step 2: Follow-up call',
      reached: '3 reached',
      detail: '0 completed · 0 skipped · 0 replied (0%)'
    }
  ]);
  expect(await funnel.locator('[data-id="opens-note"]').textContent()).toBe(
    'Opens are not shown: mail privacy protection opens messages automatically. Compare replies and clicks.'
  );
  await screenshot(page, 'analytics-funnel');
  expect(stride.pageErrors).toEqual([]);
});
