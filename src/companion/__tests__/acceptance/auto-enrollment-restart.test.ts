/**
 * Automatic enrollment survives a restart: the read position of changed records is kept in the org
 * (`Companion_State__c`), so Leads created while the companion was stopped — longer than the
 * 10-minute look-back a companion without a stored position uses — are enrolled when it starts again.
 */
import { companionFor } from '../helpers';
import { type Row, World } from './world';

const HOT = JSON.stringify({
  logic: 'AND',
  conditions: [{ field: 'Rating', operator: 'equals', value: 'Hot' }]
});

describe('Automatic enrollment after a restart', () => {
  let world: World;
  const integrationQuery = async (soql: string): Promise<Row[]> =>
    (await world.integration.query<Row>(soql)).records;
  beforeAll(async () => {
    world = await World.start();
  });
  afterAll(() => world.close());

  it('enrolls the matching Leads created while the companion was stopped for an hour', async () => {
    const hot = await world.sequence(
      { Target_Object__c: 'Lead', Enrollment__c: 'Automatic', Entry_Criteria__c: HOT },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    const startedAt = world.now();
    await world.settle();
    // The first pass stored where the read of changed Leads goes on (the org clock stands still here).
    // Only the integration user reads Companion_State__c.
    expect(
      await integrationQuery(
        "SELECT Name, Key__c, Since__c, After_Id__c, Sweep_Started_At__c FROM Companion_State__c WHERE Key__c = 'auto-enroll:Lead'"
      )
    ).toEqual([
      expect.objectContaining({
        Name: 'auto-enroll:Lead',
        Key__c: 'auto-enroll:Lead',
        Since__c: new Date(startedAt.getTime() - 5_000).toISOString().replace('Z', '+0000'),
        After_Id__c: null,
        Sweep_Started_At__c: startedAt.toISOString().replace('Z', '+0000')
      })
    ]);

    // Stopped: Leads are created, then an hour passes before a new companion starts.
    const matching = await world.lead({ LastName: 'WhileAway', Rating: 'Hot' });
    const cold = await world.lead({ LastName: 'ColdWhileAway', Rating: 'Cold' });
    world.advance(60 * 60_000);
    world.companion = companionFor(world.org);
    await world.settle();
    expect(
      await world.query(
        `SELECT Sequence__c, Status__c FROM Sequence_Participant__c WHERE Lead__c = '${matching}'`
      )
    ).toEqual([expect.objectContaining({ Sequence__c: hot.id, Status__c: 'Active' })]);
    expect(await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Lead__c = '${cold}'`)).toEqual([]);
  });

  it('without the stored position a new companion would look back only 10 minutes (the case above needs it)', async () => {
    const matching = await world.lead({ LastName: 'Forgotten', Rating: 'Hot' });
    world.advance(60 * 60_000);
    // The stored position is removed, as an org without it would be.
    const [state] = await integrationQuery(
      "SELECT Id FROM Companion_State__c WHERE Key__c = 'auto-enroll:Lead'"
    );
    world.org.data.delete('Companion_State__c', state.Id);
    world.companion = companionFor(world.org);
    await world.settle();
    expect(await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Lead__c = '${matching}'`)).toEqual(
      []
    );
  });
});
