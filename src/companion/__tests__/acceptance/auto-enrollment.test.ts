/**
 * Issue 14 §1, automatic enrollment: "a sequence with entry criteria and 'Automatic enrollment'
 * enrols new and changed Leads / Contacts that match — within seconds, not in a 30-minute batch —
 * respecting priority, exclusivity, caps and slow drip. A matching new Lead is enrolled; a
 * non-matching one is not; one that starts matching later is enrolled then."
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Companion } from '../../companion';
import { companionFor } from '../helpers';
import { type Row, World } from './world';

const HOT = JSON.stringify({
  logic: 'AND',
  conditions: [{ field: 'Rating', operator: 'equals', value: 'Hot' }]
});
const WEB = JSON.stringify({
  logic: 'AND',
  conditions: [{ field: 'LeadSource', operator: 'equals', value: 'Web' }]
});

async function enrollmentsOf(world: World, leadId: string): Promise<Row[]> {
  return world.query(
    `SELECT Sequence__c, Status__c, Person_Key__c FROM Sequence_Participant__c WHERE Lead__c = '${leadId}' ORDER BY CreatedDate`
  );
}

describe('Automatic enrollment over HTTP', () => {
  let world: World;
  let hot: { id: string };
  beforeAll(async () => {
    world = await World.start();
    hot = await world.sequence(
      { Target_Object__c: 'Lead', Enrollment__c: 'Automatic', Entry_Criteria__c: HOT, Priority__c: 'P2' },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
  });
  afterAll(() => world.close());

  it('enrolls a matching new Lead, not a non-matching one, and one that starts matching later', async () => {
    const matching = await world.lead({ LastName: 'Hot', Rating: 'Hot' });
    const cold = await world.lead({ LastName: 'Cold', Rating: 'Cold' });
    await world.settle();
    expect(await enrollmentsOf(world, matching)).toEqual([
      expect.objectContaining({ Sequence__c: hot.id, Status__c: 'Active', Person_Key__c: matching })
    ]);
    expect(await world.actionsOf(matching)).toEqual([expect.objectContaining({ Status__c: 'Due' })]);
    expect(await enrollmentsOf(world, cold)).toEqual([]);

    await world.update('Lead', cold, { Rating: 'Hot' });
    await world.settle();
    expect(await enrollmentsOf(world, cold)).toEqual([
      expect.objectContaining({ Sequence__c: hot.id, Status__c: 'Active', Person_Key__c: cold })
    ]);
    // Changed again: still one enrollment (exclusivity), nothing new.
    await world.update('Lead', matching, { Rating: 'Hot', Title: 'CTO' });
    await world.settle();
    expect(await enrollmentsOf(world, matching)).toHaveLength(1);
  });

  it('puts a person who matches two automatic sequences in the higher-priority one only', async () => {
    const web = await world.sequence(
      { Target_Object__c: 'Lead', Enrollment__c: 'Automatic', Entry_Criteria__c: WEB, Priority__c: 'P1' },
      [{ Name: 'Email', Type__c: 'Call' }]
    );
    world.companion = companionFor(world.org); // a companion that has read the new sequence
    const both = await world.lead({ LastName: 'Both', Rating: 'Hot', LeadSource: 'Web' });
    await world.settle();
    expect((await enrollmentsOf(world, both)).map((e) => e.Sequence__c)).toEqual([web.id]);
    await world.update('Sequence__c', web.id, { Active__c: false });
  });

  it('a full sequence passes the person on to the next one that matches; a manual sequence enrolls nobody', async () => {
    const full = await world.sequence(
      {
        Target_Object__c: 'Lead',
        Enrollment__c: 'Automatic',
        Entry_Criteria__c: HOT,
        Priority__c: 'P1',
        Sequence_Cap__c: 1
      },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    const manual = await world.sequence({ Target_Object__c: 'Lead', Enrollment__c: 'Manual' }, [
      { Name: 'Call', Type__c: 'Call' }
    ]);
    world.companion = companionFor(world.org);
    const first = await world.lead({ LastName: 'First', Rating: 'Hot' });
    await world.settle();
    const second = await world.lead({ LastName: 'Second', Rating: 'Hot' });
    await world.settle();
    expect((await enrollmentsOf(world, first)).map((e) => e.Sequence__c)).toEqual([full.id]);
    expect((await enrollmentsOf(world, second)).map((e) => e.Sequence__c)).toEqual([hot.id]);
    const plain = await world.lead({ LastName: 'Plain', Rating: 'Warm' });
    await world.settle();
    expect(
      await world.query(`SELECT Id FROM Sequence_Participant__c WHERE Sequence__c = '${manual.id}'`)
    ).toEqual([]);
    expect(await enrollmentsOf(world, plain)).toEqual([]);
  });
});

describe('Automatic enrollment from change events', () => {
  let world: World;
  let stateDir: string;
  let companion: Companion;
  beforeAll(async () => {
    world = await World.start();
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-auto-enroll-'));
  });
  afterAll(async () => {
    await companion?.stop();
    await world.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('enrolls a matching new Lead in the event pass its create calls for', async () => {
    const hot = await world.sequence(
      { Target_Object__c: 'Lead', Enrollment__c: 'Automatic', Entry_Criteria__c: HOT },
      [{ Name: 'Call', Type__c: 'Call' }]
    );
    const passes: Array<{ kind?: string; autoEnrolled: number }> = [];
    companion = companionFor(world.org, {
      stateDir,
      events: true,
      settings: { pollIntervalMs: 600_000, safetyNetIntervalMs: 600_000, fullPassIntervalMs: 3_600_000 },
      onPass: (result) => passes.push({ kind: result.kind, autoEnrolled: result.stats.autoEnrolled })
    });
    void companion.start();
    await until(() => companion.eventStreamState === 'up' && passes.length >= 1);
    const lead = await world.lead({ LastName: 'Evented', Rating: 'Hot' });
    await until(() => passes.some((p) => p.autoEnrolled > 0));
    expect((await enrollmentsOf(world, lead)).map((e) => e.Sequence__c)).toEqual([hot.id]);
    // One pass enrolled the Lead, and it was the pass the Lead's create event called for.
    expect(passes.filter((p) => p.autoEnrolled > 0)).toEqual([{ kind: 'events', autoEnrolled: 1 }]);
  });
});

/** Waits for a condition (not a timing assertion: the suite's timeout bounds it). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}
