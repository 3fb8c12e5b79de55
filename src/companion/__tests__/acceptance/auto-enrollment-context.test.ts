/**
 * Issue 14 §1, automatic enrollment of Opportunities and Campaign members: "a sequence with entry
 * criteria and 'Automatic enrollment' enrols new and changed Leads / Contacts / Opportunities /
 * Campaign members that match … respecting priority, exclusivity, caps and slow drip". An automatic
 * Opportunity sequence enrolls the contact roles (or only its `Contact_Role__c`) of new and changed
 * opportunities that meet its entry criteria; a Campaign sequence enrolls new members.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Companion } from '../../companion';
import { companionFor } from '../helpers';
import { REP_USERNAME, type Row, World } from './world';

const criteria = (field: string, value: string): string =>
  JSON.stringify({ logic: 'AND', conditions: [{ field, operator: 'equals', value }] });

describe('Automatic enrollment of Opportunity contact roles and Campaign members, over HTTP', () => {
  let world: World;
  let repId: string;
  beforeAll(async () => {
    world = await World.start();
    repId = world.org.sessionFor(REP_USERNAME).userId;
  });
  afterAll(() => world.close());

  const contact = (lastName: string): Promise<string> =>
    world.create('Contact', {
      OwnerId: repId,
      FirstName: 'Grace',
      LastName: lastName,
      Email: `${lastName.toLowerCase()}@example.com`
    });
  /** Campaigns are a marketing user's records: written into the org directly. */
  const campaign = (name: string, status: string): string =>
    world.org.data.create('Campaign', { Name: name, Status: status, IsActive: true });
  const participantsOf = (sequenceId: string): Promise<Row[]> =>
    world.query(
      `SELECT Lead__c, Contact__c, Opportunity__c, Campaign__c, Status__c, OwnerId FROM Sequence_Participant__c WHERE Sequence__c = '${sequenceId}' ORDER BY Contact__c, Lead__c`
    );

  it('enrolls the chosen role of an opportunity once it meets the entry criteria, and a role added later; not the other roles', async () => {
    const negotiation = await world.sequence(
      {
        Target_Object__c: 'Opportunity',
        Enrollment__c: 'Automatic',
        Entry_Criteria__c: criteria('Opportunity.StageName', 'Negotiation/Review'),
        Contact_Role__c: 'Decision Maker'
      },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    world.companion = companionFor(world.org);
    const buyer = await contact('Buyer');
    const user = await contact('User');
    const opportunity = await world.create('Opportunity', {
      OwnerId: repId,
      Name: 'Acme renewal',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31'
    });
    await world.create('OpportunityContactRole', {
      OpportunityId: opportunity,
      ContactId: buyer,
      Role: 'Decision Maker'
    });
    await world.create('OpportunityContactRole', {
      OpportunityId: opportunity,
      ContactId: user,
      Role: 'Business User'
    });
    await world.settle();
    // Prospecting: nobody yet.
    expect(await participantsOf(negotiation.id)).toEqual([]);

    await world.update('Opportunity', opportunity, { StageName: 'Negotiation/Review' });
    await world.settle();
    expect(await participantsOf(negotiation.id)).toEqual([
      expect.objectContaining({
        Lead__c: null,
        Contact__c: buyer,
        Opportunity__c: opportunity,
        Campaign__c: null,
        Status__c: 'Active',
        OwnerId: repId
      })
    ]);

    // A second decision maker joins the opportunity: enrolled through the new contact role alone.
    const ceo = await contact('Ceo');
    await world.create('OpportunityContactRole', {
      OpportunityId: opportunity,
      ContactId: ceo,
      Role: 'Decision Maker'
    });
    await world.settle();
    expect((await participantsOf(negotiation.id)).map((p) => [p.Contact__c, p.Opportunity__c])).toEqual(
      [
        [buyer, opportunity],
        [ceo, opportunity]
      ].sort((a, b) => a[0].localeCompare(b[0]))
    );
    await world.update('Sequence__c', negotiation.id, { Active__c: false });
  });

  it('enrolls the new Lead and Contact members of a matching campaign, not those of another; the cap and slow drip hold', async () => {
    const summit = await world.sequence(
      {
        Target_Object__c: 'Campaign',
        Enrollment__c: 'Automatic',
        Entry_Criteria__c: criteria('Campaign.Status', 'In Progress'),
        Sequence_Cap__c: 3,
        Slow_Drip_Per_Day__c: 2
      },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    world.companion = companionFor(world.org);
    const live = campaign('Spring Summit', 'In Progress');
    const planned = campaign('Autumn Summit', 'Planned');
    const lead = await world.lead({ LastName: 'Member' });
    const attendee = await contact('Attendee');
    const other = await world.lead({ LastName: 'Elsewhere' });
    await world.create('CampaignMember', { CampaignId: live, LeadId: lead });
    await world.create('CampaignMember', { CampaignId: live, ContactId: attendee });
    await world.create('CampaignMember', { CampaignId: planned, LeadId: other });
    await world.settle();
    const joined = await participantsOf(summit.id);
    expect(joined.map((p) => [p.Lead__c ?? p.Contact__c, p.Campaign__c, p.Status__c]).sort()).toEqual(
      [
        [attendee, live, 'Active'],
        [lead, live, 'Active']
      ].sort()
    );

    // Two more members: the cap (3) takes one more; slow drip (2 a day) keeps it Queued today.
    const third = await world.lead({ LastName: 'Third' });
    const fourth = await world.lead({ LastName: 'Fourth' });
    await world.create('CampaignMember', { CampaignId: live, LeadId: third });
    await world.create('CampaignMember', { CampaignId: live, LeadId: fourth });
    await world.settle();
    const after = await participantsOf(summit.id);
    expect(after.map((p) => [p.Lead__c ?? p.Contact__c, p.Status__c]).sort()).toEqual(
      [
        [attendee, 'Active'],
        [lead, 'Active'],
        [third, 'Queued']
      ].sort()
    );
    expect(await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Lead__c = '${fourth}'`)).toEqual(
      []
    );
    expect(await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Lead__c = '${other}'`)).toEqual(
      []
    );
    await world.update('Sequence__c', summit.id, { Active__c: false });
  });

  it('puts a Lead who matches a Lead sequence and, as a new member, a Campaign sequence in the higher-priority one; an enrolled Contact stays where they are', async () => {
    const leads = await world.sequence(
      {
        Target_Object__c: 'Lead',
        Enrollment__c: 'Automatic',
        Entry_Criteria__c: criteria('Rating', 'Hot'),
        Priority__c: 'P3'
      },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    const event = await world.sequence(
      { Target_Object__c: 'Campaign', Enrollment__c: 'Automatic', Priority__c: 'P1' },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    const manual = await world.sequence({ Target_Object__c: 'Contact' }, [{ Name: 'Call', Type__c: 'Call' }]);
    const busy = await contact('Busy');
    expect(await world.enroll(manual.id, [busy])).toEqual({
      sequenceId: manual.id,
      enrolled: 1,
      refused: []
    });
    world.companion = companionFor(world.org);
    const webinar = campaign('Webinar', 'In Progress');
    const hot = await world.lead({ LastName: 'Hot', Rating: 'Hot' });
    await world.create('CampaignMember', { CampaignId: webinar, LeadId: hot });
    await world.create('CampaignMember', { CampaignId: webinar, ContactId: busy });
    await world.settle();
    expect(
      (await world.query(`SELECT Sequence__c FROM Sequence_Participant__c WHERE Lead__c = '${hot}'`)).map(
        (p) => p.Sequence__c
      )
    ).toEqual([event.id]);
    expect(
      (await world.query(`SELECT Sequence__c FROM Sequence_Participant__c WHERE Contact__c = '${busy}'`)).map(
        (p) => p.Sequence__c
      )
    ).toEqual([manual.id]);
    expect(await participantsOf(leads.id)).toEqual([]);
    await world.update('Sequence__c', event.id, { Active__c: false });
    await world.update('Sequence__c', leads.id, { Active__c: false });
  });
});

describe('Automatic enrollment of campaign members from change events', () => {
  let world: World;
  let stateDir: string;
  let companion: Companion;
  beforeAll(async () => {
    world = await World.start();
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-auto-enroll-context-'));
  });
  afterAll(async () => {
    await companion?.stop();
    await world.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('enrolls a new campaign member in the event pass its create calls for', async () => {
    const sequence = await world.sequence({ Target_Object__c: 'Campaign', Enrollment__c: 'Automatic' }, [
      { Name: 'Call', Type__c: 'Call' }
    ]);
    const summit = world.org.data.create('Campaign', { Name: 'Summit', Status: 'In Progress' });
    const lead = await world.lead({ LastName: 'Joiner' });
    const passes: Array<{ kind?: string; autoEnrolled: number }> = [];
    companion = companionFor(world.org, {
      stateDir,
      events: true,
      settings: { pollIntervalMs: 600_000, safetyNetIntervalMs: 600_000, fullPassIntervalMs: 3_600_000 },
      onPass: (result) => passes.push({ kind: result.kind, autoEnrolled: result.stats.autoEnrolled })
    });
    void companion.start();
    await until(() => companion.eventStreamState === 'up' && passes.length >= 1);
    await world.create('CampaignMember', { CampaignId: summit, LeadId: lead });
    await until(() => passes.some((p) => p.autoEnrolled > 0));
    expect(
      await world.query(
        `SELECT Sequence__c, Campaign__c FROM Sequence_Participant__c WHERE Lead__c = '${lead}'`
      )
    ).toEqual([expect.objectContaining({ Sequence__c: sequence.id, Campaign__c: summit })]);
    expect(passes.filter((p) => p.autoEnrolled > 0)).toEqual([{ kind: 'events', autoEnrolled: 1 }]);
  });
});

/** Waits for a condition (not a timing assertion: the suite's timeout bounds it). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}
