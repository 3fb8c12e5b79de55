#!/usr/bin/env node
/**
 * `npm test`: every check a clean checkout must pass, in the order that fails fastest.
 *
 * build (LWC compile, core bundle, platform compiler) → typecheck → lint → format → metadata validation →
 * Salesforce Code Analyzer (scripts/code-analyzer.mjs) →
 * Jest (components and Node code, with coverage thresholds for src/core) → the companion's suites
 * with its coverage gate, processes they spawn included (scripts/coverage-companion.mjs).
 * Prints each step's time and a closing `tests: N passed, N failed` line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const jestReport = path.join(root, '.build', 'jest-results.json');
const companionReport = path.join(root, '.build', 'jest-companion-results.json');
mkdirSync(path.dirname(jestReport), { recursive: true });
rmSync(jestReport, { force: true });
rmSync(companionReport, { force: true });

// `npm test -- <pattern or jest flags>` runs every check but only the matching suites; it says so,
// and drops the coverage threshold, which only a full run can meet.
const jestArgs = process.argv.slice(2);
const filtered = jestArgs.length > 0;
const coverage = filtered ? [] : ['--coverage'];
// A full run takes the companion's suites out of the main Jest run and runs them on their own (still
// once) under V8 coverage, in Jest and in every process they spawn, gated at the companion's
// thresholds. The other projects keep Istanbul coverage (the src/core threshold).
const otherProjects = ['--selectProjects', 'lwc', 'core', 'local-org', 'scripts', 'e2e'];

const steps = [
  ['build', bin('node'), ['scripts/build.mjs']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
  ['typecheck:lwc', bin('tsc'), ['-p', 'tsconfig.lwc.json']],
  ['lint', bin('eslint'), ['.']],
  ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['validate:metadata', bin('tsx'), ['scripts/validate-metadata.ts']],
  // Salesforce Code Analyzer on what the package deploys (installs itself on first use).
  ['code-analyzer', bin('node'), ['scripts/code-analyzer.mjs']],
  // No --forceExit: every suite closes what it opened (the e2e project's Chromium in its global
  // teardown, each file's org and companion in afterAll), so a run that does not end is a leak to fix.
  [
    'jest',
    bin('jest'),
    ['--ci', ...coverage, '--json', `--outputFile=${jestReport}`, ...(filtered ? jestArgs : otherProjects)]
  ],
  ...(filtered
    ? []
    : [
        [
          'jest:companion',
          bin('node'),
          ['scripts/coverage-companion.mjs', '--check', '--ci', '--json', `--outputFile=${companionReport}`]
        ]
      ])
];

const timings = [];
let failed;
for (const [name, command, args] of steps) {
  const started = performance.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' }
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  timings.push(`${name} ${seconds}s`);
  if (result.status !== 0) {
    failed = `${name} exited with ${result.status ?? result.signal}`;
    break;
  }
}

console.log(`\nsteps: ${timings.join(', ')}`);
const counts = { passed: 0, failed: 0 };
for (const file of [jestReport, companionReport]) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    counts.passed += report.numPassedTests;
    counts.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  } catch {
    // That Jest run did not happen (an earlier step failed, or a filtered run); it counts zero.
  }
}
if (filtered) {
  console.log(
    `jest ran only what matches ${JSON.stringify(jestArgs.join(' '))} (no coverage check): ` +
      'run `npm test` without arguments for the full gate'
  );
}
if (failed) console.error(`npm test failed: ${failed}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failed || counts.failed > 0 ? 1 : 0);
