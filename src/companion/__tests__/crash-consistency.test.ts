/**
 * Crash consistency at every write boundary (in process): a worker dies right before its n-th
 * write request — every write from there on never reaches the org, as if the process were gone —
 * for every n a full run makes; then a fresh worker (new id, its own lease watch) takes over.
 * Each time: every email exactly once, no attempt left open, no Active participant without an open
 * action, the follow-up step dated. The real-process variant (SIGKILL at a failpoint) is in the
 * reliability suite.
 */
import './jest-realm';
import type { WritePurpose } from '../api';
import type { LocalOrg } from '../../local-org';
import { checkRun, cleanRun } from '../../../scripts/reliability/harness';
import { companionFor, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(180_000);

class WorkerDied extends Error {}

/** A write hook that lets `boundary - 1` work writes through and refuses every write after. */
function dieBefore(boundary: number): {
  hook: (r: unknown, purpose: WritePurpose) => void;
  died: () => boolean;
} {
  let writes = 0;
  let dead = false;
  return {
    hook: (_request, purpose) => {
      if (dead) throw new WorkerDied('the worker is dead');
      if (purpose === 'lease') return;
      writes++;
      if (writes >= boundary) {
        dead = true;
        throw new WorkerDied(`died before write ${boundary}`);
      }
    },
    died: () => dead
  };
}

const SETTINGS = { batchSize: 3, leaseSeconds: 2 };
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function settled(org: LocalOrg, ids: string[]): boolean {
  const done = new Set(
    (
      org.data.query("SELECT Id FROM Participant_Action__c WHERE Status__c = 'Completed'").records as Array<{
        Id: string;
      }>
    ).map((r) => r.Id)
  );
  return (
    ids.every((id) => done.has(id)) &&
    org.data.query('SELECT Id FROM Action_Attempt__c WHERE Outcome__c = null').records.length === 0
  );
}

/** Runs passes of a companion until the scenario settled (a fresh worker first watches one lease). */
async function finish(org: LocalOrg, ids: string[]): Promise<void> {
  const survivor = companionFor(org, { settings: SETTINGS, onPass: () => undefined });
  const deadline = Date.now() + 20_000;
  while (!settled(org, ids) && Date.now() < deadline) {
    await survivor.runOnce();
    if (!settled(org, ids)) await wait(200);
  }
}

/** Work writes of an uninterrupted run of the scenario (each one a boundary to die at). */
async function countWrites(): Promise<number> {
  const org = await startTestOrg();
  try {
    const scenario = seedEmailScenario(org, { count: 6, withFollowUp: true });
    let writes = 0;
    const companion = companionFor(org, {
      settings: SETTINGS,
      api: { beforeWrite: (_r, purpose) => void (purpose === 'work' && writes++) }
    });
    for (let pass = 0; pass < 6 && !settled(org, scenario.emailActionIds); pass++) await companion.runOnce();
    expect(settled(org, scenario.emailActionIds)).toBe(true);
    return writes;
  } finally {
    await org.close();
  }
}

describe('a worker that dies at any write boundary', () => {
  it('leaves nothing stuck and nothing sent twice, whichever write it died before', async () => {
    const boundaries = await countWrites();
    // Two slices of three: claim, send, Conversations, outcomes — and the /limits read is no write.
    expect(boundaries).toBeGreaterThanOrEqual(8);
    const results: Array<{ boundary: number; check: ReturnType<typeof checkRun> }> = [];
    for (let boundary = 1; boundary <= boundaries; boundary++) {
      const org = await startTestOrg();
      try {
        const scenario = seedEmailScenario(org, { count: 6, withFollowUp: true });
        const failpoint = dieBefore(boundary);
        const doomed = companionFor(org, {
          settings: SETTINGS,
          api: { beforeWrite: failpoint.hook },
          onPass: () => undefined
        });
        for (let pass = 0; pass < 6 && !failpoint.died(); pass++)
          await doomed.runOnce().catch(() => undefined);
        expect({ boundary, died: failpoint.died() }).toEqual({ boundary, died: true });
        await finish(org, scenario.emailActionIds);
        results.push({ boundary, check: checkRun(org, scenario.emailActionIds) });
        // The follow-up call of every participant is dated from its email's completion.
        expect(
          org.data.query("SELECT Id FROM Participant_Action__c WHERE Type__c = 'Call' AND Due_At__c = null")
            .records
        ).toEqual([]);
      } finally {
        await org.close();
      }
    }
    expect(results).toEqual(
      Array.from({ length: boundaries }, (_, i) => ({ boundary: i + 1, check: cleanRun(6) }))
    );
  });
});
