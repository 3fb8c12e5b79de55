/**
 * A prefetching stage (make-due, execute, template-previews) gets the read started with the pass's
 * other reads only while nothing was written before it; after a write it reads afresh, so a step
 * that an earlier stage made current still goes out in the same pass.
 */
import { freshStage, runPass, type Stage } from '../pass/index';
import { emptyStats, type PassContext } from '../pass/context';
import { silentLogger } from '../logger';

/** A pass context with just what `runPass` itself touches, and an API that only counts writes. */
function fakeContext(): PassContext {
  return {
    api: { calls: 0, writeRequests: 0, budgetLevel: () => 'normal' },
    catalog: { refresh: async () => undefined },
    signal: new AbortController().signal,
    essentialOnly: false,
    log: silentLogger(),
    stats: emptyStats(),
    settings: { batchSize: 200 }
  } as unknown as PassContext;
}

/** A stage that sends `writes` write requests when it runs. */
function writer(name: string, writes: number): Stage {
  return {
    name,
    essential: false,
    run: async (ctx) => {
      (ctx.api as { writeRequests: number }).writeRequests += writes;
    }
  };
}

/** A prefetching stage; records whether it ran on the prefetch or had to read afresh. */
function reader(ignores: string[] = []) {
  const seen = { prefetches: 0, ranOn: [] as string[] };
  const stage = freshStage(
    'reader',
    true,
    async () => {
      seen.prefetches++;
      return 'prefetched';
    },
    async (_ctx, read?: Promise<string>) => {
      seen.ranOn.push(read ? await read : 'fresh read');
    },
    ignores
  );
  return { stage, seen };
}

describe('prefetching stages', () => {
  it('run on the prefetch when nothing was written before them', async () => {
    const { stage, seen } = reader();
    await runPass(fakeContext(), [writer('admit', 0), writer('requests', 0), stage]);
    expect(seen).toEqual({ prefetches: 1, ranOn: ['prefetched'] });
  });

  it('read afresh after any earlier stage wrote', async () => {
    const { stage, seen } = reader();
    await runPass(fakeContext(), [writer('admit', 1), writer('requests', 0), stage]);
    expect(seen).toEqual({ prefetches: 1, ranOn: ['fresh read'] });
  });

  it('read afresh after an earlier stage wrote and then failed', async () => {
    const { stage, seen } = reader();
    const failing: Stage = {
      name: 'exits',
      essential: false,
      run: async (ctx) => {
        (ctx.api as { writeRequests: number }).writeRequests++;
        throw new Error('the second write of the stage failed');
      }
    };
    const ctx = fakeContext();
    await runPass(ctx, [failing, stage]);
    expect(seen).toEqual({ prefetches: 1, ranOn: ['fresh read'] });
    expect(ctx.stats.stageErrors).toBe(1);
  });

  it('run on the prefetch when only the stages they ignore wrote', async () => {
    const { stage, seen } = reader(['execute']);
    await runPass(fakeContext(), [writer('execute', 3), stage]);
    expect(seen).toEqual({ prefetches: 1, ranOn: ['prefetched'] });
  });

  it('are not prefetched when the budget leaves them out', async () => {
    const ctx = fakeContext();
    (ctx.api as unknown as { budgetLevel: () => string }).budgetLevel = () => 'essential';
    const seen = { prefetches: 0 };
    const optional = freshStage(
      'template-previews',
      false,
      async () => {
        seen.prefetches++;
        return [];
      },
      async () => undefined
    );
    await runPass(ctx, [optional]);
    expect(seen).toEqual({ prefetches: 0 });
  });
});
