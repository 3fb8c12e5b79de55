/**
 * Actions page, opening: "When you add actions to a sequence and define their order and timing,
 * each enrolled participant receives a corresponding set of Participant Action records. Those
 * records track when each action is due, whether it is manual or automatic, and whether it has been
 * completed, skipped, or deferred." — however the participant was enrolled.
 */
import { REP_USERNAME, type Row, World } from './world';

/** What the participant panel writes (strideLds.enroll): one Queued participant. */
async function enrollFromPanel(
  world: World,
  sequenceId: string,
  field: 'Lead__c' | 'Contact__c',
  personId: string
) {
  return world.create(
    'Sequence_Participant__c',
    {
      Sequence__c: sequenceId,
      [field]: personId,
      Person_Key__c: personId,
      Enrolled_At__c: world.now().toISOString()
    },
    world.rep
  );
}

/** The shape of an enrollment's actions, without ids. */
function shape(actions: Row[]): unknown[] {
  return actions.map((a) => [
    a.Step_Number__c,
    a.Type__c,
    a.Activation__c,
    a.Status__c,
    a.Due_At__c,
    a.Assigned_To__c
  ]);
}

describe('Enrollment from any screen over HTTP', () => {
  let world: World;
  let sequence: { id: string; actionIds: string[] };
  beforeAll(async () => {
    world = await World.start();
    sequence = await world.sequence({ Target_Object__c: 'Lead' }, [
      {
        Name: 'Intro',
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Subject__c: 'Hi',
        Body__c: 'Hi {!Recipient.FirstName}'
      },
      { Name: 'Call', Type__c: 'Call', Delay_Amount__c: 1, Delay_Unit__c: 'Days' },
      { Name: 'Wrap up', Type__c: 'Task', Delay_Amount__c: 2, Delay_Unit__c: 'Days' }
    ]);
  });
  afterAll(() => world.close());

  it('the participant panel and stride enroll give the same participant and actions', async () => {
    const fromPanel = await world.lead({ LastName: 'Panel', Email: 'panel@example.com' });
    const fromCli = await world.lead({ LastName: 'Cli', Email: 'cli@example.com' });
    await enrollFromPanel(world, sequence.id, 'Lead__c', fromPanel);
    expect(await world.enroll(sequence.id, [fromCli])).toEqual({
      sequenceId: sequence.id,
      enrolled: 1,
      refused: []
    });
    await world.settle();

    const panelActions = await world.actionsOf(fromPanel);
    // Assigned to the rep who owns the lead.
    const rep = world.org.sessionFor(REP_USERNAME).userId;
    expect(shape(panelActions)).toEqual([
      [1, 'Email', 'Automatic', 'Completed', '2026-12-01T15:00:00.000+0000', rep],
      [2, 'Call', 'Manual', 'Upcoming', '2026-12-02T15:00:00.000+0000', rep],
      [3, 'Task', 'Manual', 'Upcoming', '2026-12-04T15:00:00.000+0000', rep]
    ]);
    expect(shape(await world.actionsOf(fromCli))).toEqual(shape(panelActions));
    for (const person of [fromPanel, fromCli])
      expect(await world.participantOf(person)).toMatchObject({ Status__c: 'Active', Current_Step__c: 2 });
    expect(
      world.org.controls
        .emailOutbox()
        .map((e) => e.to[0])
        .sort()
    ).toEqual(['cli@example.com', 'panel@example.com']);
  });

  it('a pass that stopped half-way through an enrollment is finished by the next one, with no duplicates', async () => {
    const lead = await world.lead({ LastName: 'Half', Email: 'half@example.com' });
    const participant = await enrollFromPanel(world, sequence.id, 'Lead__c', lead);
    // What a companion killed after its first create left behind.
    const rep = world.org.sessionFor(REP_USERNAME).userId;
    await world.create(
      'Participant_Action__c',
      {
        Participant__c: participant,
        Sequence_Action__c: sequence.actionIds[0],
        Step_Number__c: 1,
        Type__c: 'Email',
        Activation__c: 'Automatic',
        Status__c: 'Upcoming',
        Attempts__c: 0,
        Assigned_To__c: rep,
        OwnerId: rep
      },
      world.integration
    );
    await world.settle();
    const actions = await world.actionsOf(lead);
    expect(actions.map((a) => [a.Step_Number__c, a.Status__c])).toEqual([
      [1, 'Completed'],
      [2, 'Upcoming'],
      [3, 'Upcoming']
    ]);
  });

  it('refuses what it cannot enroll with the reason on the participant, and the others go on', async () => {
    const contact = await world.create('Contact', { LastName: 'Wrong', Email: 'wrong@example.com' });
    const wrong = await enrollFromPanel(world, sequence.id, 'Contact__c', contact);
    const empty = await world.sequence({ Target_Object__c: 'Lead' }, []);
    const lonely = await world.lead({ LastName: 'Lonely' });
    const emptyEnrollment = await enrollFromPanel(world, empty.id, 'Lead__c', lonely);
    const fine = await world.lead({ LastName: 'Fine', Email: 'fine@example.com' });
    await enrollFromPanel(world, sequence.id, 'Lead__c', fine);
    await world.settle();

    const exits = await world.query(
      `SELECT Id, Status__c, Exit_Type__c, Exit_Reason__c, Person_Key__c FROM Sequence_Participant__c WHERE Id IN ('${wrong}', '${emptyEnrollment}') ORDER BY Name`
    );
    expect(exits.map((p) => [p.Id, p.Status__c, p.Exit_Type__c, p.Exit_Reason__c, p.Person_Key__c])).toEqual([
      [
        wrong,
        'Exited',
        'Automatic',
        `WRONG_TARGET: Sequence ${sequence.id} targets Lead records; ${contact} is a Contact`,
        null
      ],
      [emptyEnrollment, 'Exited', 'Automatic', `SEQUENCE_EMPTY: Sequence ${empty.id} has no actions`, null]
    ]);
    expect((await world.participantOf(fine)).Status__c).toBe('Active');
  });

  it('a participant action the org refuses exits that enrollment with the org’s message', async () => {
    const remove = world.org.controls.addValidationRule('Participant_Action__c', (record) =>
      record.Type__c === 'Task' ? 'Tasks are frozen this quarter' : null
    );
    try {
      const lead = await world.lead({ LastName: 'Frozen' });
      const participant = await enrollFromPanel(world, sequence.id, 'Lead__c', lead);
      await world.settle();
      const [row] = await world.query(
        `SELECT Status__c, Exit_Reason__c FROM Sequence_Participant__c WHERE Id = '${participant}'`
      );
      expect([row.Status__c, row.Exit_Reason__c]).toEqual([
        'Exited',
        'Enrollment failed: FIELD_CUSTOM_VALIDATION_EXCEPTION: Tasks are frozen this quarter'
      ]);
    } finally {
      remove();
    }
  });
});
