#!/usr/bin/env node
/**
 * `npm run coverage:companion`: the companion's coverage, counting the code that runs in the
 * processes its tests spawn (`stride run` workers in the reliability suite, the CLI suites) as well
 * as the code the suites run in-process.
 *
 * 1. Jest runs the companion project with V8 coverage (coverage-final.json). The Jest process runs
 *    with NODE_V8_COVERAGE set, so every process a test spawns inherits it and leaves its raw V8
 *    coverage, with Node's source-map cache, in one directory when it exits.
 * 2. Each raw script that came from src/companion through a source map (tsx's inline maps, or
 *    `dist/*.js.map` when the companion runs compiled) is converted with v8-to-istanbul. Scripts
 *    without a cached map are skipped: Jest's own processes evaluate ts-jest output that the raw
 *    files do not carry, and their coverage is already in coverage-final.json.
 * 3. Both are merged with istanbul-lib-coverage and the per-file and total table for
 *    src/companion/** is printed. Exits 1 when the totals are under the gate (--check), or when Jest
 *    failed.
 *
 * Usage: node scripts/coverage-companion.mjs [--check] [--report-only] [jest args...]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const libCoverage = require('istanbul-lib-coverage');
const v8ToIstanbul = require('v8-to-istanbul');
const libReport = require('istanbul-lib-report');
const reports = require('istanbul-reports');
const ts = require('typescript');
const { TraceMap, eachMapping } = require('@jridgewell/trace-mapping');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const companionDir = path.join(root, 'src', 'companion') + path.sep;
/** The gate the companion's code must meet (lines and branches, in percent). */
export const GATE = { lines: 90, branches: 80 };

const outDir = path.join(root, '.build', 'coverage-companion');
const rawDir = path.join(outDir, 'v8');
const jestDir = path.join(outDir, 'jest');

/** A path the table counts: the companion's own source, not its tests. */
function isCompanionSource(file) {
  return (
    file.startsWith(companionDir) && file.endsWith('.ts') && !file.includes(`${path.sep}__tests__${path.sep}`)
  );
}

function runJest(jestArgs) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(rawDir, { recursive: true });
  // The repository's own Node (node_modules/.bin/node), as `npm test` uses, whatever node runs this.
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'node'),
    [
      path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--selectProjects',
      'companion',
      '--coverage',
      '--coverageProvider=v8',
      '--collectCoverageFrom=src/companion/**/*.ts',
      '--collectCoverageFrom=!src/companion/**/__tests__/**',
      `--coverageDirectory=${jestDir}`,
      '--coverageReporters=json',
      // The repository's thresholds are for src/core; this run gates the companion itself below.
      '--coverageThreshold={}',
      ...jestArgs
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_V8_COVERAGE: rawDir } }
  );
  return result.status ?? 1;
}

/**
 * The source a raw script was compiled from, rebuilt from Node's cache as c8 does: line lengths
 * only, filled with dots (v8-to-istanbul takes blank lines for ignored ones).
 */
function sourcesFromCache(cache) {
  if (!cache?.data) return undefined;
  return {
    source: cache.lineLengths.map((length) => ''.padEnd(length, '.')).join('\n'),
    sourceMap: { sourcemap: cache.data }
  };
}

/** Converts every spawned process's raw coverage of the companion into one Istanbul map. */
async function childCoverage() {
  const map = libCoverage.createCoverageMap({});
  let processes = 0;
  for (const name of readdirSync(rawDir)) {
    if (!name.endsWith('.json')) continue;
    const raw = JSON.parse(readFileSync(path.join(rawDir, name), 'utf8'));
    const cache = raw['source-map-cache'] ?? {};
    let counted = false;
    for (const script of raw.result) {
      if (!script.url.startsWith('file://')) continue;
      const sources = sourcesFromCache(cache[script.url]);
      if (!sources) continue;
      const file = fileURLToPath(script.url.split('?')[0]);
      const fromCompanion =
        file.startsWith(companionDir) || file.startsWith(path.join(root, 'dist') + path.sep);
      if (!fromCompanion) continue;
      const converter = v8ToIstanbul(file, 0, sources, (source) => !isCompanionSource(source));
      await converter.load();
      converter.applyCoverage(script.functions);
      map.merge(converter.toIstanbul());
      counted = true;
    }
    if (counted) processes += 1;
  }
  return { map, processes };
}

/**
 * The lines of a TypeScript file that compile to JavaScript. V8 coverage counts every line of a
 * file, comments, blank lines and types included, as covered unless it lies in a block that did not
 * run; keeping only code lines makes the line figure count what Istanbul counts.
 */
function codeLines(file) {
  const { sourceMapText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      sourceMap: true,
      removeComments: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext
    }
  });
  const lines = new Set();
  eachMapping(new TraceMap(sourceMapText), (mapping) => {
    if (mapping.originalLine !== null) lines.add(mapping.originalLine);
  });
  return lines;
}

/** Drops the per-line statements V8 coverage makes for lines without code. */
function keepCodeLines(map) {
  for (const file of map.files()) {
    const data = map.fileCoverageFor(file).data;
    const lines = codeLines(file);
    for (const [key, location] of Object.entries(data.statementMap)) {
      if (lines.has(location.start.line)) continue;
      delete data.statementMap[key];
      delete data.s[key];
    }
  }
}

function percent(covered, total) {
  return total === 0 ? 100 : (100 * covered) / total;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  // --report-only: the table of the last run again, without running Jest (for working on this script).
  const reportOnly = args.includes('--report-only');
  const jestArgs = args.filter((arg) => arg !== '--check' && arg !== '--report-only');
  const jestStatus = reportOnly ? 0 : runJest(jestArgs);

  const merged = libCoverage.createCoverageMap({});
  try {
    merged.merge(JSON.parse(readFileSync(path.join(jestDir, 'coverage-final.json'), 'utf8')));
  } catch {
    console.error('coverage:companion: Jest wrote no coverage-final.json');
    process.exit(jestStatus || 1);
  }
  const children = await childCoverage();
  merged.merge(children.map);
  merged.filter(isCompanionSource);
  keepCodeLines(merged);
  writeFileSync(path.join(outDir, 'coverage-final.json'), JSON.stringify(merged.toJSON()));

  const context = libReport.createContext({ dir: outDir, coverageMap: merged, defaultSummarizer: 'flat' });
  reports.create('text', { skipFull: false }).execute(context);

  const summary = merged.getCoverageSummary();
  const lines = percent(summary.lines.covered, summary.lines.total);
  const branches = percent(summary.branches.covered, summary.branches.total);
  console.log(
    `companion coverage (in-process + ${children.processes} spawned processes): ` +
      `lines ${lines.toFixed(2)} % (${summary.lines.covered}/${summary.lines.total}), ` +
      `branches ${branches.toFixed(2)} % (${summary.branches.covered}/${summary.branches.total}); ` +
      `gate ${GATE.lines} % / ${GATE.branches} %`
  );
  if (jestStatus !== 0) process.exit(jestStatus);
  if (check && (lines < GATE.lines || branches < GATE.branches)) {
    console.error('coverage:companion: under the gate');
    process.exit(1);
  }
}

await main();
