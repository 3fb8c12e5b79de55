/**
 * The companion against the local org over HTTP with jsforce, in process: sends, per-record
 * failures, injected faults, rep requests, Tasks, and business-hours timing across DST and a holiday.
 */
import './jest-realm';
import type { LocalOrg } from '../../local-org';
import { SalesforceApi } from '../api';
import type { Companion } from '../companion';
import { enroll } from '../enroll';
import { silentLogger } from '../logger';
import { NameMapper } from '../names';
import { collectStatus, formatStatus } from '../status';
import { companionFor, connectTo, countBy, seedEmailScenario, startTestOrg } from './helpers';

type Row = Record<string, unknown>;

function rows(org: LocalOrg, soql: string): Row[] {
  return org.data.query(soql).records as Row[];
}

/** Runs passes until a pass does nothing, moving the org clock `stepMs` after each (to pass retry delays). */
async function drain(
  org: LocalOrg,
  companion: Companion,
  options: { stepMs?: number; maxPasses?: number } = {}
): Promise<number> {
  let passes = 0;
  for (; passes < (options.maxPasses ?? 30); passes++) {
    const result = await companion.runOnce();
    const s = result.stats;
    const busy =
      s.emailsSent +
      s.smsSent +
      s.tasksCreated +
      s.completed +
      s.skipped +
      s.failed +
      s.retried +
      s.held +
      s.exited +
      s.reconciled +
      s.madeDue +
      s.requestsApplied;
    if (options.stepMs) org.controls.clock.advance(options.stepMs);
    if (busy === 0 && !result.moreWork) break;
  }
  return passes;
}

describe('companion passes against the local org', () => {
  let org: LocalOrg;

  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('steel thread: sends each due email once, completes it and dates the next step from the completion', async () => {
    const scenario = seedEmailScenario(org, { count: 30, withFollowUp: true });
    const companion = companionFor(org);
    const first = await companion.runOnce();

    expect(first.stats.emailsSent).toBe(30);
    const outbox = org.controls.emailOutbox();
    expect(outbox).toHaveLength(30);
    expect(new Set(outbox.map((e) => e.relatedRecordId))).toEqual(new Set(scenario.emailActionIds));
    expect(outbox.find((e) => e.relatedRecordId === scenario.emailActionIds[7])).toMatchObject({
      to: ['lee7@example.com'],
      subject: 'Hello Lee7',
      body: '<p>Hi Lee7, welcome aboard.</p>'
    });

    const actions = rows(
      org,
      'SELECT Id, Step_Number__c, Status__c, Due_At__c, Completed_At__c FROM Participant_Action__c'
    );
    expect(countBy(actions, 'Status__c')).toEqual({ Completed: 30, Upcoming: 30 });
    const step2 = actions.filter((a) => a.Step_Number__c === 2);
    expect(new Set(step2.map((a) => a.Due_At__c))).toEqual(new Set(['2026-12-02T15:00:00.000+0000']));
    expect(
      countBy(rows(org, 'SELECT Current_Step__c FROM Sequence_Participant__c'), 'Current_Step__c')
    ).toEqual({ '2': 30 });
    expect(countBy(rows(org, 'SELECT Outcome__c FROM Action_Attempt__c'), 'Outcome__c')).toEqual({
      Sent: 30
    });

    const second = await companion.runOnce();
    expect(second.stats.emailsSent).toBe(0);
    expect(org.controls.emailOutbox()).toHaveLength(30);

    // A day later the call step becomes due for the reps.
    org.controls.clock.advance(24 * 3600_000);
    const third = await companion.runOnce();
    expect(third.stats.madeDue).toBe(30);
    expect(
      countBy(rows(org, 'SELECT Status__c FROM Participant_Action__c WHERE Step_Number__c = 2'), 'Status__c')
    ).toEqual({ Due: 30 });
  });

  it('records a reason on each record that cannot be processed while the rest proceeds', async () => {
    org.controls.addValidationRule('Lead', (record) =>
      record.Status === 'Working - Contacted' && record.Company === 'Locked Co'
        ? 'Locked companies cannot change status'
        : null
    );
    const scenario = seedEmailScenario(org, {
      count: 12,
      fieldUpdates: '[{"field":"Status","value":"Working - Contacted"}]',
      lead: (i) => (i === 0 ? { Email: null } : i === 1 ? { Company: 'Locked Co' } : {})
    });
    org.data.update('Sequence_Action__c', scenario.emailActionId, { Field_Updates_Required__c: true });
    org.controls.convertLead(scenario.leadIds[2]);
    org.data.delete('Lead', scenario.leadIds[3]);
    // A second sequence whose template names a field that does not exist, and one with an SMS step.
    const bad = seedEmailScenario(org, { count: 2, body: 'Hi {!Recipient.Nickname__c}' });
    const sms = seedEmailScenario(org, {
      count: 2,
      lead: (i) => ({ MobilePhone: i === 0 ? '12' : '+1 415 555 2671' })
    });
    org.data.update('Sequence_Action__c', sms.emailActionId, {
      Type__c: 'SMS',
      Body__c: 'Hi {!Recipient.FirstName}'
    });
    for (const id of sms.emailActionIds) org.data.update('Participant_Action__c', id, { Type__c: 'SMS' });
    org.controls.clock.set('2026-12-01T17:00:00Z'); // 12:00 in New York: inside SMS hours

    const companion = companionFor(org);
    await drain(org, companion);

    const byId = new Map(
      rows(
        org,
        'SELECT Id, Status__c, Activation__c, Reason__c, Reason_Detail__c, Last_Error__c FROM Participant_Action__c'
      ).map((r) => [r.Id as string, r])
    );
    expect(byId.get(scenario.emailActionIds[0])).toMatchObject({
      Status__c: 'Skipped',
      Reason__c: 'BLANK_EMAIL_ADDRESS'
    });
    expect(byId.get(scenario.emailActionIds[1])).toMatchObject({
      Status__c: 'Failed',
      Reason__c: 'FIELD_UPDATE_FAILED'
    });
    expect(String(byId.get(scenario.emailActionIds[1])!.Reason_Detail__c)).toContain(
      'Locked companies cannot change status'
    );
    expect(byId.get(scenario.emailActionIds[2])).toMatchObject({
      Status__c: 'Canceled',
      Reason__c: 'LEAD_CONVERTED'
    });
    expect(byId.get(scenario.emailActionIds[3])).toMatchObject({
      Status__c: 'Canceled',
      Reason__c: 'RECORD_DELETED'
    });
    for (const id of scenario.emailActionIds.slice(4))
      expect(byId.get(id)).toMatchObject({ Status__c: 'Completed', Reason__c: null });
    for (const id of bad.emailActionIds)
      expect(byId.get(id)).toMatchObject({
        Status__c: 'Due',
        Activation__c: 'Manual',
        Reason__c: 'BAD_MERGE_SYNTAX'
      });
    expect(String(byId.get(bad.emailActionIds[0])!.Reason_Detail__c)).toContain('Nickname__c');
    expect(byId.get(sms.emailActionIds[0])).toMatchObject({
      Status__c: 'Skipped',
      Reason__c: 'INVALID_MOBILE'
    });
    expect(byId.get(sms.emailActionIds[1])).toMatchObject({ Status__c: 'Completed' });

    const exits = rows(
      org,
      `SELECT Id, Status__c, Exit_Reason__c, Person_Key__c FROM Sequence_Participant__c WHERE Id = '${scenario.participantIds[2]}'`
    );
    expect(exits[0]).toMatchObject({
      Status__c: 'Exited',
      Exit_Reason__c: 'LEAD_CONVERTED',
      Person_Key__c: null
    });
    // The email was sent to the other 8 leads (one validation failure still sent its email), never to the dead ones.
    expect(
      org.controls
        .emailOutbox()
        .map((e) => e.relatedRecordId)
        .sort()
    ).toEqual([scenario.emailActionIds[1], ...scenario.emailActionIds.slice(4)].sort());
    expect(org.controls.smsOutbox()).toHaveLength(1);
    expect(org.controls.smsOutbox()[0]).toMatchObject({ to: '+14155552671', body: 'Hi Lee1' });
    expect(
      countBy(rows(org, 'SELECT Status FROM Lead WHERE Company != null'), 'Status')['Working - Contacted']
    ).toBe(8);
  });

  it('survives lock errors, 5xx, a lost response and a session expiry: every email once', async () => {
    const scenario = seedEmailScenario(org, { count: 200 });
    org.controls.seedFaults(7);
    org.controls.addFault({ kind: 'UNABLE_TO_LOCK_ROW', path: '/composite', rate: 0.05 });
    org.controls.addFault({ kind: 'SERVER_ERROR', status: 503, path: '/query', rate: 0.05 });
    org.controls.addFault({
      kind: 'SERVER_ERROR',
      status: 500,
      method: 'POST',
      path: '/actions/standard/emailSimple',
      steps: [null, 'SERVER_ERROR']
    });
    org.controls.addFault({
      kind: 'RESET_AFTER_COMMIT',
      method: 'POST',
      path: '/actions/standard/emailSimple',
      steps: [null, null, 'RESET_AFTER_COMMIT']
    });
    const companion = companionFor(org, {
      conn: connectTo(org, true),
      settings: { batchSize: 50 },
      api: { actionBatchSize: 25, maxRetries: 8 }
    });
    await companion.runOnce();
    org.controls.expireSessions();
    await drain(org, companion, { stepMs: 15 * 60_000, maxPasses: 40 });

    const outbox = org.controls.emailOutbox();
    expect(outbox).toHaveLength(200);
    expect(new Set(outbox.map((e) => e.relatedRecordId)).size).toBe(200);
    expect(countBy(rows(org, 'SELECT Status__c FROM Participant_Action__c'), 'Status__c')).toEqual({
      Completed: 200
    });
    expect(new Set(scenario.emailActionIds)).toEqual(new Set(outbox.map((e) => e.relatedRecordId)));
    expect(org.controls.faults().reduce((n, f) => n + f.fired, 0)).toBeGreaterThan(2);
  }, 30_000); // retries with back-off: several seconds on a loaded machine

  it('applies what reps asked for: complete, skip, defer, reschedule, pause and exit', async () => {
    const scenario = seedEmailScenario(org, { count: 6, withFollowUp: true });
    const [complete, skip, defer, reschedule, , exit] = scenario.emailActionIds;
    // Make step 1 manual (rep-worked) for this test.
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, { Activation__c: 'Manual' });
    org.data.update('Participant_Action__c', complete, {
      Requested_Outcome__c: 'Complete',
      Requested_At__c: '2026-12-01T15:00:00Z'
    });
    org.data.update('Participant_Action__c', skip, {
      Requested_Outcome__c: 'Skip',
      Requested_Note__c: 'Wrong person'
    });
    org.data.update('Participant_Action__c', defer, {
      Requested_Outcome__c: 'Defer',
      Requested_Until__c: '2026-12-08T15:00:00Z'
    });
    org.data.update('Participant_Action__c', reschedule, {
      Requested_Outcome__c: 'Reschedule',
      Requested_Until__c: '2026-12-03T15:00:00Z'
    });
    org.data.update('Sequence_Participant__c', scenario.participantIds[4], { Requested_Status__c: 'Paused' });
    org.data.update('Sequence_Participant__c', scenario.participantIds[5], { Requested_Status__c: 'Exited' });
    const companion = companionFor(org);
    await companion.runOnce();

    const byId = new Map(
      rows(
        org,
        'SELECT Id, Status__c, Due_At__c, Deferred_Until__c, Reason__c, Reason_Detail__c, Requested_Outcome__c FROM Participant_Action__c'
      ).map((r) => [r.Id as string, r])
    );
    expect(byId.get(complete)).toMatchObject({ Status__c: 'Completed', Requested_Outcome__c: null });
    expect(byId.get(skip)).toMatchObject({
      Status__c: 'Skipped',
      Reason__c: 'REP_SKIPPED',
      Reason_Detail__c: 'Wrong person',
      Requested_Outcome__c: null
    });
    expect(byId.get(defer)).toMatchObject({
      Status__c: 'Deferred',
      Deferred_Until__c: '2026-12-08T15:00:00.000+0000',
      Reason__c: 'REP_DEFERRED'
    });
    expect(byId.get(reschedule)).toMatchObject({
      Status__c: 'Upcoming',
      Due_At__c: '2026-12-03T15:00:00.000+0000',
      Requested_Outcome__c: null
    });
    expect(byId.get(exit)).toMatchObject({ Status__c: 'Canceled', Reason__c: 'PARTICIPANT_EXITED' });
    const participants = new Map(
      rows(
        org,
        'SELECT Id, Status__c, Requested_Status__c, Current_Step__c FROM Sequence_Participant__c'
      ).map((r) => [r.Id as string, r])
    );
    expect(participants.get(scenario.participantIds[0])).toMatchObject({
      Status__c: 'Active',
      Current_Step__c: 2
    });
    expect(participants.get(scenario.participantIds[2])).toMatchObject({
      Status__c: 'Active',
      Current_Step__c: 2
    });
    expect(participants.get(scenario.participantIds[4])).toMatchObject({
      Status__c: 'Paused',
      Requested_Status__c: null
    });
    expect(participants.get(scenario.participantIds[5])).toMatchObject({
      Status__c: 'Exited',
      Requested_Status__c: null
    });
    expect(org.controls.emailOutbox()).toHaveLength(0);
  });

  it('creates Tasks for Task actions and completes them when the Task is closed', async () => {
    const scenario = seedEmailScenario(org, { count: 3, withFollowUp: true });
    org.data.update('Sequence_Action__c', scenario.emailActionId, {
      Type__c: 'Task',
      Name: 'Research account',
      Task_Priority__c: 'High'
    });
    for (const id of scenario.emailActionIds)
      org.data.update('Participant_Action__c', id, { Type__c: 'Task' });
    const companion = companionFor(org);
    const first = await companion.runOnce();
    expect(first.stats.tasksCreated).toBe(3);
    // The owner (the integration user) works in America/Los_Angeles: 15:00Z is 07:00 there.
    const tasks = rows(org, 'SELECT Id, Subject, Priority, Status, WhoId, ActivityDate FROM Task');
    expect(tasks).toHaveLength(3);
    expect(tasks[0]).toMatchObject({
      Subject: 'Research account 2026-12-01 07:00',
      Priority: 'High',
      Status: 'Not Started',
      ActivityDate: '2026-12-01'
    });
    const second = await companion.runOnce();
    expect(second.stats.tasksCreated).toBe(0);

    org.controls.clock.advance(3600_000);
    org.data.update('Task', tasks[0].Id as string, { Status: 'Completed' });
    await companion.runOnce();
    const done = rows(
      org,
      `SELECT Id, Status__c, Task_Id__c FROM Participant_Action__c WHERE Task_Id__c = '${tasks[0].Id}'`
    );
    expect(done[0]).toMatchObject({ Status__c: 'Completed' });
    expect(
      countBy(rows(org, 'SELECT Status__c FROM Participant_Action__c WHERE Step_Number__c = 1'), 'Status__c')
    ).toEqual({ Completed: 1, Due: 2 });
  });

  it('dates business-hours steps across a DST weekend and a holiday', async () => {
    const hoursId = org.data.create('BusinessHours', {
      Name: 'NY 9-17',
      IsActive: true,
      IsDefault: false,
      TimeZoneSidKey: 'America/New_York',
      ...Object.fromEntries(
        ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].flatMap((d) => [
          [`${d}StartTime`, '09:00:00.000Z'],
          [`${d}EndTime`, '17:00:00.000Z']
        ])
      )
    });
    org.data.create('Holiday', {
      Name: 'Spring holiday',
      IsAllDay: true,
      ActivityDate: '2026-03-09',
      IsRecurrence: false
    });
    // Friday 2026-03-06 16:00 EST; clocks spring forward on Sunday 2026-03-08; Monday 03-09 is a holiday.
    org.controls.clock.set('2026-03-06T21:00:00Z');
    const scenario = seedEmailScenario(org, { count: 2, withFollowUp: true });
    const sequence = scenario.sequenceId;
    org.data.update('Sequence__c', sequence, { Business_Hours_Id__c: hoursId });
    const step2 = rows(
      org,
      `SELECT Id FROM Sequence_Action__c WHERE Sequence__c = '${sequence}' AND Step_Number__c = 2`
    )[0].Id as string;
    org.data.update('Sequence_Action__c', step2, {
      Delay_Amount__c: 1,
      Delay_Unit__c: 'Days',
      Timing__c: 'Business Hours (Weekday)'
    });

    const companion = companionFor(org);
    await companion.runOnce();
    // Saturday 16:00 EST + snap to business hours: Monday is the holiday → Tuesday 09:00 EDT = 13:00Z.
    const dues = rows(org, 'SELECT Due_At__c, Status__c FROM Participant_Action__c WHERE Step_Number__c = 2');
    expect(dues.map((d) => d.Due_At__c)).toEqual([
      '2026-03-10T13:00:00.000+0000',
      '2026-03-10T13:00:00.000+0000'
    ]);

    org.controls.clock.set('2026-03-10T12:59:00Z');
    expect((await companion.runOnce()).stats.madeDue).toBe(0);
    org.controls.clock.set('2026-03-10T13:00:00Z');
    expect((await companion.runOnce()).stats.madeDue).toBe(2);
  });
});

describe('API budget', () => {
  it('runs only essential work above 95 % of the daily budget, and pauses on REQUEST_LIMIT_EXCEEDED', async () => {
    const org = await startTestOrg({ dailyApiLimit: 10_000 });
    try {
      const scenario = seedEmailScenario(org, { count: 5 });
      org.data.update('Sequence_Participant__c', scenario.participantIds[0], {
        Requested_Status__c: 'Paused'
      });
      org.controls.resetApiUsage(9_600);
      const companion = companionFor(org);
      await companion.runOnce(); // learns the usage from Sforce-Limit-Info
      expect(companion.api.budgetLevel()).toBe('essential');
      const participants = rows(
        org,
        `SELECT Status__c, Requested_Status__c FROM Sequence_Participant__c WHERE Id = '${scenario.participantIds[0]}'`
      );
      // The pause request (non-essential) waits untouched; the sends (essential) went out and completed the one-step sequence.
      expect(participants[0]).toMatchObject({ Status__c: 'Completed', Requested_Status__c: 'Paused' });
      expect(org.controls.emailOutbox()).toHaveLength(5);

      org.controls.resetApiUsage(10_000);
      await expect(companion.runOnce()).rejects.toThrow('REQUEST_LIMIT_EXCEEDED');
    } finally {
      await org.close();
    }
  });
});

describe('enroll and status', () => {
  it('enrolls by SOQL filter with exclusivity, then reports counts, due work and failing actions', async () => {
    const org = await startTestOrg();
    try {
      const scenario = seedEmailScenario(org, { count: 1 });
      const sequence2 = org.data.create('Sequence__c', {
        Name: 'Nurture',
        Target_Object__c: 'Lead',
        Active__c: true
      });
      org.data.create('Sequence_Action__c', {
        Name: 'Nudge',
        Sequence__c: sequence2,
        Step_Number__c: 1,
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Subject__c: 'Hi',
        Body__c: 'Hello'
      });
      for (let i = 0; i < 3; i++)
        org.data.create('Lead', {
          LastName: `Web${i}`,
          Company: 'W',
          LeadSource: 'Web',
          Email: `web${i}@example.com`
        });
      org.data.update('Lead', scenario.leadIds[0], { LeadSource: 'Web' });
      const api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });

      const result = await enroll(api, {
        sequence: 'Nurture',
        where: "LeadSource = 'Web'",
        now: org.controls.clock.now()
      });
      // The lead already in the Welcome sequence is refused: one open enrollment per person.
      expect(result.enrolled).toBe(3);
      expect(result.refused).toEqual([
        {
          id: scenario.leadIds[0],
          code: 'ALREADY_ENROLLED',
          message: `Lead ${scenario.leadIds[0]} already has an open enrollment (${scenario.participantIds[0]}, Active) in sequence ${scenario.sequenceId}`
        }
      ]);
      await expect(
        enroll(api, { sequence: 'Nope', ids: [scenario.leadIds[0]], now: new Date() })
      ).rejects.toThrow('--sequence: no sequence with id or name "Nope"');

      org.data.update('Participant_Action__c', scenario.emailActionIds[0], {
        Status__c: 'Failed',
        Reason__c: 'SEND_FAILED',
        Reason_Detail__c: 'INVALID_EMAIL_ADDRESS: bad'
      });
      const report = await collectStatus(api, org.controls.clock.now());
      expect(report.participants).toEqual({ Queued: 3, Active: 1, Paused: 0, Completed: 0, Exited: 0 });
      // An enrollment is its participant record; the companion creates its actions when it admits it.
      expect(report.actions.Upcoming).toBe(0);
      expect(report.actions.Failed).toBe(1);
      expect(report.failing).toHaveLength(1);
      expect(formatStatus(report)).toContain('SEND_FAILED INVALID_EMAIL_ADDRESS: bad');

      // The companion admits the new participants and sends their first email.
      const companion = companionFor(org);
      const pass = await companion.runOnce();
      expect(pass.stats.admitted).toBe(3);
      expect(
        org.controls
          .emailOutbox()
          .map((e) => e.to[0])
          .sort()
      ).toEqual(['web0@example.com', 'web1@example.com', 'web2@example.com']);
    } finally {
      await org.close();
    }
  });
});

describe('live sequence edits', () => {
  it('cancels a removed action, adds an appended one and re-assigns on a delegation change', async () => {
    const org = await startTestOrg({ sampleData: true });
    try {
      const users = org.data.query("SELECT Id, Username FROM User WHERE Username LIKE '%stride.local'")
        .records as Array<{ Id: string; Username: string }>;
      const ava = users.find((u) => u.Username.startsWith('ava.reed'))!.Id;
      const ben = users.find((u) => u.Username.startsWith('ben.ortiz'))!.Id;
      const scenario = seedEmailScenario(org, { count: 3, withFollowUp: true });
      const step2 = (
        org.data.query(
          `SELECT Id FROM Sequence_Action__c WHERE Sequence__c = '${scenario.sequenceId}' AND Step_Number__c = 2`
        ).records[0] as { Id: string }
      ).Id;
      const companion = companionFor(org, { settings: { dailyEmailCapPerOwner: 100 } });
      await companion.runOnce(); // step 1 sent; step 2 current for everyone

      org.data.delete('Sequence_Action__c', step2);
      const step3 = org.data.create('Sequence_Action__c', {
        Name: 'Wrap-up',
        Sequence__c: scenario.sequenceId,
        Step_Number__c: 3,
        Type__c: 'Call',
        Activation__c: 'Manual',
        Delay_Amount__c: 2,
        Delay_Unit__c: 'Days'
      });
      org.data.update('Lead', scenario.leadIds[0], { OwnerId: ava });
      org.data.update('Lead', scenario.leadIds[1], { OwnerId: ben });
      org.data.update('User', ben, { IsActive: false }); // Ben leaves: his actions cannot be worked
      (companion as unknown as { catalog: { invalidate(): void } }).catalog.invalidate();
      await companion.runOnce(); // sees the removal and the new step
      org.data.update('Sequence__c', scenario.sequenceId, { Delegate_Field__c: 'OwnerId' });
      (companion as unknown as { catalog: { invalidate(): void } }).catalog.invalidate();
      await companion.runOnce(); // sees the delegation change

      const actions = rows(
        org,
        // The scenario's actions (the sample plan's automatic sequence enrolls sample Leads of its own).
        `SELECT Id, Participant__c, Step_Number__c, Status__c, Reason__c, Sequence_Action__c, Assigned_To__c, Due_At__c FROM Participant_Action__c WHERE Step_Number__c > 1 AND Participant__r.Sequence__c = '${scenario.sequenceId}'`
      );
      expect(
        countBy(
          actions.filter((a) => a.Step_Number__c === 2),
          'Status__c'
        )
      ).toEqual({ Canceled: 3 });
      expect(
        countBy(
          actions.filter((a) => a.Step_Number__c === 2),
          'Reason__c'
        )
      ).toEqual({ SEQUENCE_EDITED: 3 });
      const appended = actions.filter((a) => a.Sequence_Action__c === step3);
      expect(appended).toHaveLength(3);
      expect(countBy(appended, 'Status__c')).toEqual({ Upcoming: 3 });
      const byParticipant = new Map(appended.map((a) => [a.Participant__c as string, a]));
      expect(byParticipant.get(scenario.participantIds[0])).toMatchObject({
        Assigned_To__c: ava,
        Reason__c: null
      });
      expect(byParticipant.get(scenario.participantIds[1])).toMatchObject({
        Assigned_To__c: ben,
        Reason__c: 'NOT_ACTIONABLE'
      });
      expect(
        countBy(
          rows(
            org,
            `SELECT Current_Step__c FROM Sequence_Participant__c WHERE Sequence__c = '${scenario.sequenceId}'`
          ),
          'Current_Step__c'
        )
      ).toEqual({ '3': 3 });
    } finally {
      await org.close();
    }
  });
});

describe('send limits and rep sends', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startTestOrg();
  });
  afterEach(async () => {
    await org.close();
  });

  it('holds emails over the per-owner daily cap until the next day, with DAILY_LIMIT', async () => {
    const scenario = seedEmailScenario(org, { count: 5, ownerId: org.userId });
    const companion = companionFor(org, {
      settings: { dailyEmailCapPerOwner: 2, defaultTimeZone: 'America/New_York' }
    });
    await companion.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(2);
    const held = rows(
      org,
      "SELECT Id, Status__c, Reason__c, Due_At__c FROM Participant_Action__c WHERE Reason__c = 'DAILY_LIMIT'"
    );
    expect(held).toHaveLength(3);
    // The owner (integration user) works in America/Los_Angeles: the next day starts at 08:00Z.
    expect(new Set(held.map((h) => h.Due_At__c))).toEqual(new Set(['2026-12-02T08:00:00.000+0000']));
    // The next day has its own allowance of 2; the last one moves on again.
    org.controls.clock.set('2026-12-02T08:00:00Z');
    await companion.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(4);
    org.controls.clock.set('2026-12-03T08:00:00Z');
    await companion.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(5);
    expect(new Set(org.controls.emailOutbox().map((e) => e.relatedRecordId))).toEqual(
      new Set(scenario.emailActionIds)
    );
  });

  it('throttles automatic emails per minute without dropping any', async () => {
    seedEmailScenario(org, { count: 5 });
    const companion = companionFor(org, { settings: { emailsPerMinute: 3 } });
    await companion.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(3);
    await companion.runOnce(); // same minute: nothing more
    expect(org.controls.emailOutbox()).toHaveLength(3);
    org.controls.clock.advance(60_000);
    await companion.runOnce();
    expect(org.controls.emailOutbox()).toHaveLength(5);
    expect(countBy(rows(org, 'SELECT Status__c FROM Participant_Action__c'), 'Status__c')).toEqual({
      Completed: 5
    });
  });

  it('keeps SMS inside the recipient’s hours (QUIET_HOURS) and sends a rep’s composed email on request', async () => {
    const sms = seedEmailScenario(org, { count: 1, lead: () => ({ MobilePhone: '+1 415 555 2671' }) });
    org.data.update('Sequence_Action__c', sms.emailActionId, {
      Type__c: 'SMS',
      Body__c: 'Hi {!Recipient.FirstName}'
    });
    org.data.update('Participant_Action__c', sms.emailActionIds[0], { Type__c: 'SMS' });
    org.data.update('Sequence_Participant__c', sms.participantIds[0], {
      Time_Zone__c: 'America/Los_Angeles'
    });
    const mail = seedEmailScenario(org, { count: 1 });
    org.data.update('Participant_Action__c', mail.emailActionIds[0], {
      Activation__c: 'Manual',
      Requested_Outcome__c: 'Send',
      Draft_Subject__c: 'Quick question, {!Recipient.FirstName}',
      Draft_Body__c: '<p>Are you free Thursday?</p>'
    });
    org.controls.clock.set('2026-12-02T05:30:00Z'); // 21:30 in Los Angeles
    const companion = companionFor(org);
    await companion.runOnce();
    expect(org.controls.smsOutbox()).toHaveLength(0);
    expect(
      rows(
        org,
        `SELECT Reason__c, Due_At__c FROM Participant_Action__c WHERE Id = '${sms.emailActionIds[0]}'`
      )[0]
    ).toEqual(
      expect.objectContaining({ Reason__c: 'QUIET_HOURS', Due_At__c: '2026-12-02T16:00:00.000+0000' })
    );
    expect(org.controls.emailOutbox().map((e) => ({ subject: e.subject, body: e.body }))).toEqual([
      { subject: 'Quick question, Lee0', body: '<p>Are you free Thursday?</p>' }
    ]);
    expect(
      rows(
        org,
        `SELECT Status__c, Requested_Outcome__c FROM Participant_Action__c WHERE Id = '${mail.emailActionIds[0]}'`
      )[0]
    ).toEqual(expect.objectContaining({ Status__c: 'Completed', Requested_Outcome__c: null }));
    org.controls.clock.set('2026-12-02T16:00:00Z'); // 08:00 in Los Angeles
    await companion.runOnce();
    expect(org.controls.smsOutbox().map((m) => ({ to: m.to, body: m.body }))).toEqual([
      { to: '+14155552671', body: 'Hi Lee0' }
    ]);
  });
});

describe('namespaced org', () => {
  it('detects the stride namespace and runs the same pass against stride__ names', async () => {
    const org = await startTestOrg({ namespace: 'stride' });
    try {
      const scenario = seedEmailScenario(org, { count: 4, withFollowUp: true, namespace: 'stride' });
      const companion = companionFor(org, { namespace: undefined });
      const pass = await companion.runOnce();
      expect(pass.stats.emailsSent).toBe(4);
      expect(new Set(org.controls.emailOutbox().map((e) => e.relatedRecordId))).toEqual(
        new Set(scenario.emailActionIds)
      );
      expect(
        countBy(rows(org, 'SELECT stride__Status__c FROM stride__Participant_Action__c'), 'stride__Status__c')
      ).toEqual({ Completed: 4, Upcoming: 4 });
      // The Conversations are upserted by the namespaced external id and linked from their actions.
      const conversations = rows(
        org,
        'SELECT Id, stride__Participant_Action__c, stride__Provider_Message_Id__c FROM stride__Conversation__c'
      );
      expect(new Set(conversations.map((c) => c.stride__Provider_Message_Id__c))).toEqual(
        new Set(scenario.emailActionIds.map((id) => `stride:${id}:1`))
      );
      expect(
        rows(
          org,
          'SELECT Id FROM stride__Participant_Action__c WHERE stride__Step_Number__c = 1 AND stride__Conversation__c = null'
        )
      ).toEqual([]);
    } finally {
      await org.close();
    }
  });
});

describe('exit criteria', () => {
  it('exits participants whose record meets the exit criteria or whose email bounced, with type and reason', async () => {
    const org = await startTestOrg();
    try {
      const scenario = seedEmailScenario(org, { count: 3, withFollowUp: true });
      org.data.update('Sequence__c', scenario.sequenceId, {
        Exit_Criteria__c: JSON.stringify({
          logic: 'AND',
          conditions: [{ field: 'Status', operator: 'equals', value: 'Closed - Not Converted' }]
        })
      });
      org.data.update('Lead', scenario.leadIds[1], { Status: 'Closed - Not Converted' });
      org.data.update('Sequence__c', scenario.sequenceId, { Exit_On_Bounce__c: true });
      org.data.update('Lead', scenario.leadIds[2], { IsEmailBounced: true });
      const companion = companionFor(org);
      await companion.runOnce();
      const participants = new Map(
        rows(
          org,
          'SELECT Id, Status__c, Exit_Type__c, Exit_Reason__c, Person_Key__c FROM Sequence_Participant__c'
        ).map((r) => [r.Id as string, r])
      );
      expect(participants.get(scenario.participantIds[1])).toMatchObject({
        Status__c: 'Exited',
        Exit_Type__c: 'Automatic',
        Exit_Reason__c: 'Exit criteria met',
        Person_Key__c: null
      });
      expect(participants.get(scenario.participantIds[2])).toMatchObject({
        Status__c: 'Exited',
        Exit_Type__c: 'Automatic',
        Exit_Reason__c: 'BOUNCED'
      });
      expect(participants.get(scenario.participantIds[0])).toMatchObject({ Status__c: 'Active' });
      expect(org.controls.emailOutbox().map((e) => e.relatedRecordId)).toEqual([scenario.emailActionIds[0]]);
    } finally {
      await org.close();
    }
  });
});

describe('graceful stop', () => {
  it('finishes the sends in flight, releases the claims not yet sent, and leaves nothing open', async () => {
    const org = await startTestOrg();
    try {
      const scenario = seedEmailScenario(org, { count: 40 });
      org.controls.addFault({
        kind: 'DELAY',
        method: 'POST',
        path: '/actions/standard/emailSimple',
        delayMs: 300
      });
      const companion = companionFor(org, { api: { actionBatchSize: 10, concurrency: 1 } });
      const running = companion.start();
      const deadline = Date.now() + 10_000;
      while (org.controls.emailOutbox().length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      await companion.stop();
      await running;

      const sent = org.controls.emailOutbox().length;
      expect(sent).toBeGreaterThanOrEqual(10);
      expect(sent).toBeLessThan(40);
      const attempts = countBy(rows(org, 'SELECT Outcome__c FROM Action_Attempt__c'), 'Outcome__c');
      expect(attempts).toEqual({ Sent: sent, Released: 40 - sent });
      expect(countBy(rows(org, 'SELECT Status__c FROM Participant_Action__c'), 'Status__c')).toEqual({
        Completed: sent,
        Due: 40 - sent
      });

      org.controls.clearFaults();
      await companionFor(org).runOnce();
      expect(new Set(org.controls.emailOutbox().map((e) => e.relatedRecordId))).toEqual(
        new Set(scenario.emailActionIds)
      );
      expect(org.controls.emailOutbox()).toHaveLength(40);
    } finally {
      await org.close();
    }
  });
});
