/**
 * The compiled companion (scripts/build/companion.mjs): one CommonJS file with a source map per
 * TypeScript source the CLI entries reach, and package.json `dependencies` holding exactly the
 * packages those files require, so an installation without devDependencies (no SQLite, no tsx) runs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

/** Runs `body` in a Node process with the build module as `build`; returns what it prints as JSON. */
function withBuild<T>(body: string): T {
  const module = pathToFileURL(path.join(ROOT, 'scripts', 'build', 'companion.mjs')).href;
  const script = `const build = await import(${JSON.stringify(module)});\n${body}`;
  return JSON.parse(
    execFileSync(NODE, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })
  ) as T;
}

describe('the companion build', () => {
  let out: string;
  let sources: string[];

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-dist-'));
    sources = withBuild<string[]>(
      `console.log(JSON.stringify(await build.buildCompanion(process.cwd(), { outDir: ${JSON.stringify(out)} })));`
    );
  }, 60_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  const requiredPackages = (): string[] =>
    withBuild(`console.log(JSON.stringify(build.requiredPackages(${JSON.stringify(out)})));`);
  const problems = (): { missing: string[]; unused: string[] } =>
    withBuild(
      `console.log(JSON.stringify(build.runtimeDependencyProblems(process.cwd(), ${JSON.stringify(out)})));`
    );

  it('compiles what the CLI entries reach, and nothing of the local org', () => {
    expect(sources).toContain('src/companion/cli.ts');
    expect(sources).toContain('src/demo/stride-local.ts');
    expect(sources).toContain('src/demo/local-org-adapters.ts');
    expect(sources).not.toContain('src/demo/start.ts');
    expect(sources.filter((file) => file.startsWith('src/local-org/'))).toEqual([]);
    for (const source of sources) {
      const compiled = path.join(out, source.replace(/^src\//, '').replace(/\.ts$/, '.js'));
      expect(fs.readFileSync(compiled, 'utf8')).toContain(
        `//# sourceMappingURL=${path.basename(compiled)}.map`
      );
      expect(fs.existsSync(`${compiled}.map`)).toBe(true);
    }
  });

  it('requires exactly the packages in package.json dependencies', () => {
    expect(requiredPackages()).toEqual([
      '@salesforce/core',
      'commander',
      'jsforce',
      'libphonenumber-js',
      'luxon',
      'nodemailer',
      'pino',
      'pino-pretty',
      'prom-client'
    ]);
    expect(problems()).toEqual({ missing: [], unused: [] });
  });

  it('names a required package missing from dependencies', () => {
    const extra = path.join(out, 'extra.js');
    fs.writeFileSync(extra, 'require("better-sqlite3"); require("node:fs"); require("./api");');
    try {
      expect(problems()).toEqual({ missing: ['better-sqlite3'], unused: [] });
    } finally {
      fs.rmSync(extra);
    }
  });
});

describe('bin/stride', () => {
  let project: string;
  /** Runs a copy of bin/stride in a project folder of its own; returns its exit code and stderr. */
  const run = (): { status: number | null; stderr: string } => {
    const result = spawnSync(NODE, [path.join(project, 'bin', 'stride'), 'status'], {
      cwd: project,
      encoding: 'utf8'
    });
    return { status: result.status, stderr: result.stderr };
  };

  beforeEach(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-bin-'));
    fs.mkdirSync(path.join(project, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'stride'), path.join(project, 'bin', 'stride'));
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  it('asks for a build when dist/ is missing', () => {
    expect(run()).toEqual({
      status: 2,
      stderr:
        'stride: the companion is not built (no dist/companion-build.json): run npm run build first (or npm run build -- --only companion)\n'
    });
  });

  it('asks for a build when a source changed after it', () => {
    fs.mkdirSync(path.join(project, 'dist'));
    fs.mkdirSync(path.join(project, 'src', 'companion'), { recursive: true });
    const stamp = path.join(project, 'dist', 'companion-build.json');
    fs.writeFileSync(stamp, JSON.stringify({ sources: ['src/companion/cli.ts'] }));
    fs.writeFileSync(path.join(project, 'src', 'companion', 'cli.ts'), '');
    const built = new Date('2026-12-01T15:00:00Z');
    fs.utimesSync(stamp, built, built);
    expect(run()).toEqual({
      status: 2,
      stderr:
        'stride: dist/ is older than src/companion/cli.ts: run npm run build first (or npm run build -- --only companion)\n'
    });
  });
});
