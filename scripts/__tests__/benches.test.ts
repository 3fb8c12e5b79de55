/**
 * The benchmarks against the local org still run: each is started as `npm run bench:…` starts it, at
 * a size that takes seconds, and must finish and print its figures. They are not part of any other
 * run, so a change to the org (a permission, a route) could otherwise break one unseen — as the
 * sharing model once broke `bench:local-org`, whose integration user could no longer create a
 * sequence. The figures themselves are not asserted: they are the machine's, not the code's.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Runs a bench script with tsx, as its npm script does (`options`: '--a 1 --b 2'); resolves with its output. */
async function runBench(script: string, options: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    path.join(repoRoot, 'node_modules/.bin/tsx'),
    [path.join('scripts', script), ...options.split(' ')],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 }
  );
  return stdout;
}

const FIGURE = '[\\d,.]+';

describe('the benchmarks run', () => {
  it('bench:local-org loads, queries, reads and bulk-ingests, the sequence created by an admin', async () => {
    const out = await runBench('bench-local-org.ts', '--actions 400 --reads-seconds 0.2 --leads 200');
    expect(out).toMatch(
      new RegExp(`collection inserts \\(200/call\\): +${FIGURE} records/s \\(400 records in`)
    );
    // Every tenth action is Due, and 30 of those 40 fall due before the query's cut-off.
    expect(out).toMatch(/due-work query, first batch: .*\(30 of 30 matching rows, 20 runs\)/);
    expect(out).toMatch(new RegExp(`single-record reads: +${FIGURE} requests/s through jsforce`));
    expect(out).toMatch(
      new RegExp(`Bulk API 2.0 ingest \\(Leads\\): +${FIGURE} records/s \\(200 records in`)
    );
  }, 150_000);

  it('bench:companion measures an idle org and a busy one, naming what every API call was for', async () => {
    const out = await runBench('bench-companion.ts', '--only idle,busy --actions 200 --baseline-actions 3');
    expect(out).toMatch(/probe \(idle pass\): +1\.00 API calls per pass/);
    const busy = new RegExp(`Stride companion \\(batched\\) +200 actions +(\\d+) API calls`).exec(out);
    expect(busy).not.toBeNull();
    // Each call is put under one kind, and the kinds add up to what the org counted.
    const kinds = /calls by kind: (.*)/.exec(out)?.[1] ?? '';
    expect(kinds).not.toContain('the org counted');
    const byKind = Object.fromEntries(
      kinds.split(', ').map((part) => {
        const [, kind, count] = /^(.*) (\d+)$/.exec(part) ?? [];
        return [kind, Number(count)];
      })
    );
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(Number(busy?.[1]));
    // 200 actions are one slice: one claim, one emailSimple request, one Conversation upsert.
    expect(byKind).toMatchObject({ claims: 1, emailSimple: 1, 'Conversation upserts': 1 });
    expect(out).toMatch(/Per-record \(one call each\) +3 actions/);
  }, 150_000);

  it('bench:ui-api times the Engage document and the UI API reads', async () => {
    const out = await runBench('bench-ui-api.ts', '--runs 1');
    expect(out).toMatch(new RegExp(`GraphQL: the Engage document, 2000 due actions +median +${FIGURE} ms`));
    expect(out).toMatch(new RegExp(`GET ui-api/object-info/batch .* median +${FIGURE} ms`));
  }, 150_000);
});
