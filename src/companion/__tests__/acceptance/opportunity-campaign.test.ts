/**
 * Issue 15: Opportunity and Campaign sequences. "Field updates apply to the participant record
 * (e.g., Contact, Lead, Opportunity, or Campaign)": an Opportunity sequence enrolls the
 * opportunity's contact roles, a Campaign sequence the campaign's members; criteria and merge fields
 * read the opportunity or campaign; a field update writes the record it names (`target`), within
 * that object's Stride_Field_Updates field set. And issue 14 §1: `stride enroll` previews who is
 * eligible and why the others are not.
 */
import { enrollProgress, formatEnrollResult } from '../../enroll';
import { REP_USERNAME, type Row, statuses, World } from './world';

describe('Opportunity and Campaign sequences, over HTTP', () => {
  let world: World;
  let repId: string;
  beforeAll(async () => {
    world = await World.start();
    repId = world.org.sessionFor(REP_USERNAME).userId;
  });
  afterAll(() => world.close());

  async function contact(lastName: string, fields: Row = {}): Promise<string> {
    return world.create('Contact', {
      OwnerId: repId,
      FirstName: 'Grace',
      LastName: lastName,
      Email: `${lastName.toLowerCase()}@example.com`,
      ...fields
    });
  }

  /** An opportunity with one contact role per [contact, role]. */
  async function opportunity(
    name: string,
    roles: Array<[string, string]>,
    fields: Row = {}
  ): Promise<string> {
    const id = await world.create('Opportunity', {
      OwnerId: repId,
      Name: name,
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      ...fields
    });
    for (const [contactId, role] of roles)
      await world.create('OpportunityContactRole', { OpportunityId: id, ContactId: contactId, Role: role });
    return id;
  }

  async function participantsOf(sequenceId: string): Promise<Row[]> {
    return world.query(
      `SELECT Id, Lead__c, Contact__c, Opportunity__c, Campaign__c, Status__c FROM Sequence_Participant__c WHERE Sequence__c = '${sequenceId}' ORDER BY Contact__c, Lead__c`
    );
  }

  it("an Opportunity sequence enrolls the opportunity's contact roles (or one role) with the opportunity on each participant", async () => {
    const buyer = await contact('Buyer');
    const user = await contact('User');
    const opp = await opportunity('Acme renewal', [
      [buyer, 'Decision Maker'],
      [user, 'Business User']
    ]);
    const empty = await opportunity('No roles', []);
    const all = await world.sequence({ Target_Object__c: 'Opportunity' }, [
      { Name: 'Call', Type__c: 'Call' }
    ]);
    expect(await world.enroll(all.id, [opp, empty])).toEqual({
      sequenceId: all.id,
      enrolled: 2,
      refused: [
        {
          id: empty,
          code: 'NO_CONTACT_ROLES',
          message: `Opportunity ${empty} (No roles) has no contact roles: nobody to enroll`
        }
      ]
    });
    expect(
      (await participantsOf(all.id)).map((p) => [p.Contact__c, p.Lead__c, p.Opportunity__c, p.Campaign__c])
    ).toEqual(
      [
        [buyer, null, opp, null],
        [user, null, opp, null]
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    );

    const deciders = await world.sequence({ Target_Object__c: 'Opportunity' }, [
      { Name: 'Call', Type__c: 'Call' }
    ]);
    const other = await opportunity('Beta expansion', [[await contact('Decider'), 'Decision Maker']]);
    const result = await world.enroll(deciders.id, [other], { role: 'Decision Maker' });
    expect(result).toEqual({ sequenceId: deciders.id, enrolled: 1, refused: [] });
    await world.settle();
    expect((await participantsOf(deciders.id)).map((p) => [p.Opportunity__c, p.Status__c])).toEqual([
      [other, 'Active']
    ]);
  });

  it('a StageName field update writes the Opportunity, a Title update the contact; a field outside the field set is refused with the reason on the action', async () => {
    const champion = await contact('Champion');
    const opp = await opportunity('Gamma deal', [[champion, 'Economic Buyer']], { Amount: 5000 });
    const { id } = await world.sequence({ Target_Object__c: 'Opportunity' }, [
      {
        Name: 'Qualify',
        Type__c: 'Call',
        Field_Updates__c: JSON.stringify([
          { field: 'StageName', value: 'Qualification', target: 'Opportunity' },
          { field: 'Title', value: 'Champion' }
        ])
      },
      {
        Name: 'Price',
        Type__c: 'Call',
        Field_Updates__c: JSON.stringify([{ field: 'Amount', value: 9000, target: 'Opportunity' }])
      }
    ]);
    expect(await world.enroll(id, [opp])).toEqual({ sequenceId: id, enrolled: 1, refused: [] });
    await world.settle();
    const [first] = await world.actionsOf(champion);
    await world.request(first.Id, 'Complete');
    await world.settle();
    const [updated] = await world.query(`SELECT StageName, Amount FROM Opportunity WHERE Id = '${opp}'`);
    const [person] = await world.query(`SELECT Title FROM Contact WHERE Id = '${champion}'`);
    expect([updated.StageName, person.Title]).toEqual(['Qualification', 'Champion']);

    const second = (await world.actionsOf(champion))[1];
    await world.request(second.Id, 'Complete');
    await world.settle();
    const [after] = await world.query(`SELECT Amount FROM Opportunity WHERE Id = '${opp}'`);
    const [action] = await world.query(
      `SELECT Status__c, Last_Error__c FROM Participant_Action__c WHERE Id = '${second.Id}'`
    );
    expect([after.Amount, action.Status__c, action.Last_Error__c]).toEqual([
      5000,
      'Completed',
      'Field update failed: entry 1 (Amount): Opportunity.Amount is not in the Stride_Field_Updates field set of Opportunity (fields record updates may change: StageName, NextStep, Description)'
    ]);
  });

  it("delegation: an Opportunity sequence's actions go to the opportunity's owner, not the contact's, from stride enroll and from the panel", async () => {
    const benId = world.org.sessionFor('ben.ortiz@stride.local').userId;
    const viaCli = await contact('Delegated'); // owned by Ava
    const viaPanel = await contact('Paneled'); // owned by Ava
    const opp = await opportunity('Ben deal', [[viaCli, 'Decision Maker']], { OwnerId: benId });
    const panelOpp = await opportunity('Ben panel deal', [[viaPanel, 'Evaluator']], { OwnerId: benId });
    const { id } = await world.sequence({ Target_Object__c: 'Opportunity' }, [
      { Name: 'Call', Type__c: 'Call' },
      { Name: 'Recap', Type__c: 'Task' }
    ]);
    expect(await world.enroll(id, [opp])).toEqual({ sequenceId: id, enrolled: 1, refused: [] });
    // The participant panel writes one Queued participant through the opportunity, as the rep.
    await world.create(
      'Sequence_Participant__c',
      {
        Sequence__c: id,
        Contact__c: viaPanel,
        Opportunity__c: panelOpp,
        Person_Key__c: viaPanel,
        Enrolled_At__c: new Date(Date.parse('2026-12-01T15:00:00.000Z')).toISOString()
      },
      world.rep
    );
    await world.settle();
    const rows = await world.query(
      `SELECT Participant__r.Contact__c, Assigned_To__c, Status__c FROM Participant_Action__c WHERE Participant__r.Sequence__c = '${id}' ORDER BY Participant__r.Contact__c, Step_Number__c`
    );
    const byContact = (contactId: string) =>
      rows
        .filter((r) => (r.Participant__r as Row).Contact__c === contactId)
        .map((r) => [r.Assigned_To__c, r.Status__c]);
    expect(byContact(viaCli)).toEqual([
      [benId, 'Due'],
      [benId, 'Upcoming']
    ]);
    expect(byContact(viaPanel)).toEqual([
      [benId, 'Due'],
      [benId, 'Upcoming']
    ]);
    const [participant] = await world.query(
      `SELECT OwnerId FROM Sequence_Participant__c WHERE Contact__c = '${viaCli}'`
    );
    expect(participant.OwnerId).toBe(benId);
  });

  it('criteria on Opportunity fields hold (Wait) or skip the action, and the held one goes on when the opportunity changes', async () => {
    const criteria = JSON.stringify({
      logic: 'AND',
      conditions: [{ field: 'Opportunity.StageName', operator: 'equals', value: 'Negotiation/Review' }]
    });
    const waiter = await contact('Waiter');
    const skipper = await contact('Skipper');
    const waitOpp = await opportunity('Wait deal', [[waiter, 'Evaluator']]);
    const skipOpp = await opportunity('Skip deal', [[skipper, 'Evaluator']]);
    const wait = await world.sequence({ Target_Object__c: 'Opportunity' }, [
      { Name: 'Close call', Type__c: 'Call', Criteria__c: criteria, Criteria_Behavior__c: 'Wait' },
      { Name: 'Thanks', Type__c: 'Task' }
    ]);
    const skip = await world.sequence({ Target_Object__c: 'Opportunity' }, [
      { Name: 'Close call', Type__c: 'Call', Criteria__c: criteria, Criteria_Behavior__c: 'Skip' },
      { Name: 'Thanks', Type__c: 'Task' }
    ]);
    await world.enroll(wait.id, [waitOpp]);
    await world.enroll(skip.id, [skipOpp]);
    await world.settle();
    const held = (await world.actionsOf(waiter))[0];
    expect([held.Status__c, held.Reason__c, held.Reason_Detail__c]).toEqual([
      'Waiting_Criteria',
      'WAIT_CRITERIA',
      'Not met: 1: Opportunity.StageName equals "Negotiation/Review"'
    ]);
    expect(statuses(await world.actionsOf(skipper))).toEqual(['Skipped', 'Due']);
    expect((await world.actionsOf(skipper))[0].Reason__c).toBe('SKIP_CRITERIA');

    await world.update('Opportunity', waitOpp, { StageName: 'Negotiation/Review' });
    world.advance(60_000);
    await world.settle();
    expect(statuses(await world.actionsOf(waiter))).toEqual(['Due', 'Upcoming']);
  });

  it('a Campaign sequence enrolls Lead and Contact members, and its emails merge {!Campaign.Name}', async () => {
    // Campaigns are a marketing user's records (the sample admin is not one): written into the org directly.
    const campaign = world.org.data.create('Campaign', {
      Name: 'Spring Summit',
      Status: 'In Progress',
      IsActive: true
    });
    const lead = await world.lead({ LastName: 'Member', FirstName: 'Lin', Email: 'lin@example.com' });
    const member = await contact('Attendee', { FirstName: 'Cy', Email: 'cy@example.com' });
    await world.create('CampaignMember', { CampaignId: campaign, LeadId: lead });
    await world.create('CampaignMember', { CampaignId: campaign, ContactId: member });
    const { id } = await world.sequence({ Target_Object__c: 'Campaign' }, [
      {
        Name: 'Invite',
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Subject__c: '{!Campaign.Name}: see you there, {!Recipient.FirstName}',
        Body__c: '<p>{!Campaign.Name} starts soon.</p>',
        Field_Updates__c: JSON.stringify([
          { field: 'Status', value: 'Completed', target: 'Campaign' },
          { field: 'Description', value: 'Invited to the summit' }
        ])
      }
    ]);
    // Field updates run within the access of the admin who saved the step, and writing a Campaign
    // takes a marketing user: here one with System Administrator saves it (trusted path, so
    // LastModifiedById is theirs).
    const marketer = world.org.data.create('User', {
      Username: 'mara.marketing@stride.local',
      LastName: 'Marketing',
      Email: 'mara.marketing@stride.local',
      TimeZoneSidKey: 'America/New_York',
      ProfileId: (
        world.org.data.query("SELECT Id FROM Profile WHERE Name = 'System Administrator'").records[0] as Row
      ).Id
    });
    for (const step of world.org.data.query(`SELECT Id FROM Sequence_Action__c WHERE Sequence__c = '${id}'`)
      .records as Row[])
      world.org.data.update('Sequence_Action__c', step.Id as string, { LastModifiedById: marketer });
    expect(await world.enroll(id, [campaign])).toEqual({ sequenceId: id, enrolled: 2, refused: [] });
    const participants = await participantsOf(id);
    expect(
      participants.map((p) => [p.Lead__c ?? p.Contact__c, p.Campaign__c, p.Opportunity__c]).sort()
    ).toEqual(
      [
        [lead, campaign, null],
        [member, campaign, null]
      ].sort()
    );
    world.org.controls.clearEmailOutbox();
    await world.settle();
    expect(
      world.org.controls
        .emailOutbox()
        .map((e) => [e.to[0], e.subject, e.body])
        .sort()
    ).toEqual([
      ['cy@example.com', 'Spring Summit: see you there, Cy', '<p>Spring Summit starts soon.</p>'],
      ['lin@example.com', 'Spring Summit: see you there, Lin', '<p>Spring Summit starts soon.</p>']
    ]);
    const [camp] = (
      await world.integration.query<Row>(`SELECT Status FROM Campaign WHERE Id = '${campaign}'`)
    ).records;
    const [leadRow] = await world.query(`SELECT Description FROM Lead WHERE Id = '${lead}'`);
    const [contactRow] = await world.query(`SELECT Description FROM Contact WHERE Id = '${member}'`);
    expect([camp.Status, leadRow.Description, contactRow.Description]).toEqual([
      'Completed',
      'Invited to the summit',
      'Invited to the summit'
    ]);
  });

  it('stride enroll --dry-run previews who is eligible and, grouped by reason, why the others are not', async () => {
    const inOther = await world.lead({ LastName: 'Busy', Rating: 'Hot' });
    const cold = await world.lead({ LastName: 'Cold', Rating: 'Cold' });
    const hot = await world.lead({ LastName: 'Hot', Rating: 'Hot' });
    const elsewhere = await world.sequence({ Target_Object__c: 'Lead' }, [{ Name: 'Call', Type__c: 'Call' }]);
    await world.enroll(elsewhere.id, [inOther]);
    const { id } = await world.sequence(
      {
        Name: 'Hot leads',
        Target_Object__c: 'Lead',
        Entry_Criteria__c: JSON.stringify({
          logic: 'AND',
          conditions: [{ field: 'Rating', operator: 'equals', value: 'Hot' }]
        })
      },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    const preview = await world.enroll(id, [inOther, cold, hot], { dryRun: true });
    const [open] = await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Lead__c = '${inOther}'`);
    expect(formatEnrollResult(preview, { dryRun: true, name: 'Hot leads' })).toBe(
      [
        `Would enroll 1 in sequence Hot leads (${id}); 2 not eligible`,
        '  ALREADY_ENROLLED: 1',
        `    Lead ${inOther} already has an open enrollment (${open.Id}, Queued) in sequence ${elsewhere.id}`,
        '  ENTRY_CRITERIA_NOT_MET: 1',
        `    Lead ${cold} does not meet the entry criteria`
      ].join('\n')
    );
    // Nothing was created.
    expect(await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Sequence__c = '${id}'`)).toEqual(
      []
    );
  });

  it('reports progress of thousands in slices: a bar on a terminal, plain lines otherwise', async () => {
    const lines: string[] = [];
    const plain = enrollProgress({ isTTY: false, write: (t: string) => lines.push(t) });
    plain(500, 1200);
    plain(1000, 1200);
    plain(1200, 1200);
    const bar: string[] = [];
    const tty = enrollProgress({ isTTY: true, write: (t: string) => bar.push(t) });
    tty(600, 1200);
    tty(1200, 1200);
    const small: string[] = [];
    enrollProgress({ isTTY: false, write: (t: string) => small.push(t) })(300, 300);
    expect([lines, bar, small]).toEqual([
      ['enrolling: 500/1200 (41%)\n', 'enrolling: 1000/1200 (83%)\n', 'enrolling: 1200/1200 (100%)\n'],
      [`\r[${'#'.repeat(15)}${'-'.repeat(15)}] 600/1200 (50%)`, `\r[${'#'.repeat(30)}] 1200/1200 (100%)\n`],
      []
    ]);

    // A real enrollment reports each slice.
    const leads: string[] = [];
    for (let i = 0; i < 5; i++) leads.push(await world.lead({ LastName: `Slice${i}` }));
    const { id } = await world.sequence({ Target_Object__c: 'Lead' }, [{ Name: 'Call', Type__c: 'Call' }]);
    const seen: Array<[number, number]> = [];
    const result = await world.enroll(id, leads, { sliceSize: 2, onProgress: (d, t) => seen.push([d, t]) });
    expect([result.enrolled, seen]).toEqual([
      5,
      [
        [2, 5],
        [4, 5],
        [5, 5]
      ]
    ]);
  });
});
