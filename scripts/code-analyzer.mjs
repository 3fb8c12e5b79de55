#!/usr/bin/env node
/**
 * Salesforce Code Analyzer (`sf code-analyzer run`, Recommended rules) over what the package
 * deploys: every file of force-app/main/default that .forceignore lets through — the compiled
 * component `.js`, the `strideCore` bundle, templates, styles and metadata. Fails on a finding of
 * severity 1–3 (Critical, High, Moderate) unless tools/code-analyzer/expected-findings.json lists
 * it with the reason it is a false positive (docs/security.md explains each).
 *
 * The plugin is not installed with the project (it needs its own dependency tree, with stand-ins
 * for two engines the registry lacks): the first run installs tools/code-analyzer from its
 * lockfile and links the plugin into an sf home inside that folder, so nothing of the user's own
 * `sf` setup is read or changed. PMD needs Java 11+ (CI installs openjdk-17 from .ci/run).
 *
 * Prints the findings by severity and engine, and the time taken.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = path.join(root, 'tools', 'code-analyzer');
const home = path.join(toolDir, '.home');
const outDir = path.join(root, '.build', 'code-analyzer');
const pluginDir = path.join(toolDir, 'node_modules', '@salesforce', 'plugin-code-analyzer');
const packageDir = path.join(root, 'force-app', 'main', 'default');
const SEVERITY = { 1: 'Critical', 2: 'High', 3: 'Moderate', 4: 'Low', 5: 'Info' };
const started = performance.now();

const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  XDG_DATA_HOME: path.join(home, '.local', 'share'),
  XDG_CACHE_HOME: path.join(home, '.cache'),
  SF_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_HIDE_RELEASE_NOTES: 'true',
  PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options
  });
  if (result.error) throw result.error;
  return result;
}

function fail(message) {
  console.error(`code-analyzer: ${message}`);
  process.exit(1);
}

// Java for PMD.
if (run('java', ['-version']).status !== 0) {
  fail('Java 11 or newer is needed for PMD (Debian: apt-get install -y openjdk-17-jre-headless)');
}

// Install the plugin from its lockfile, once.
if (!fs.existsSync(path.join(pluginDir, 'package.json'))) {
  console.log('code-analyzer: installing tools/code-analyzer (once)…');
  const installed = run('npm', ['ci', '--omit', 'dev', '--no-audit', '--no-fund'], {
    cwd: toolDir,
    stdio: 'inherit'
  });
  if (installed.status !== 0) fail('npm ci in tools/code-analyzer failed');
}

// Link it into the project's own sf home, once.
const linkedManifest = path.join(home, '.local', 'share', 'sf', 'package.json');
const linked =
  fs.existsSync(linkedManifest) && fs.readFileSync(linkedManifest, 'utf8').includes('plugin-code-analyzer');
if (!linked) {
  fs.mkdirSync(home, { recursive: true });
  const link = run('sf', ['plugins', 'link', pluginDir, '--no-install'], { cwd: root });
  if (link.status !== 0) fail(`sf plugins link failed:\n${link.stderr}`);
}

/** The deployed files: force-app/main/default minus what .forceignore keeps out. */
function deployedFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['__tests__', '__mocks__'].includes(entry.name) ? [] : deployedFiles(full);
    const never = /\.ts$|^tsconfig.*\.json$|^jsconfig\.json$|^\.eslintrc\.json$|^\.gitignore$/;
    return never.test(entry.name) ? [] : [full];
  });
}

fs.mkdirSync(outDir, { recursive: true });
const config = path.join(outDir, 'code-analyzer.yml');
fs.writeFileSync(
  config,
  `${fs.readFileSync(path.join(toolDir, 'code-analyzer.yml'), 'utf8')}config_root: ${JSON.stringify(root)}\nlog_folder: ${JSON.stringify(outDir)}\n`
);
const results = path.join(outDir, 'results.json');
fs.rmSync(results, { force: true });
const files = deployedFiles(packageDir);
const scan = run(
  'sf',
  [
    'code-analyzer',
    'run',
    '--rule-selector',
    'Recommended',
    '--config-file',
    config,
    '--workspace',
    packageDir,
    ...files.flatMap((file) => ['--target', file]),
    '--output-file',
    results,
    '--view',
    'table'
  ],
  { cwd: root }
);
if (!fs.existsSync(results)) fail(`the scan did not finish:\n${scan.stdout}\n${scan.stderr}`);

const report = JSON.parse(fs.readFileSync(results, 'utf8'));
const expected = JSON.parse(fs.readFileSync(path.join(toolDir, 'expected-findings.json'), 'utf8'));
const relative = (file) => path.relative(root, file);
const isExpected = (finding) =>
  expected.some(
    (e) => e.engine === finding.engine && e.rule === finding.rule && new RegExp(e.file).test(finding.file)
  );
const findings = report.violations.map((v) => ({
  engine: v.engine,
  rule: v.rule,
  severity: v.severity,
  file: relative(v.locations[v.primaryLocationIndex ?? 0].file),
  line: v.locations[v.primaryLocationIndex ?? 0].startLine,
  message: v.message
}));
const byKind = new Map();
for (const f of findings) {
  const key = `${f.severity} (${SEVERITY[f.severity]}) ${f.engine}:${f.rule}${isExpected(f) ? ' [expected]' : ''}`;
  byKind.set(key, (byKind.get(key) ?? 0) + 1);
}
const blocking = findings.filter((f) => f.severity <= 3 && !isExpected(f));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `code-analyzer: ${files.length} deployed files, engines ${Object.keys(report.versions ?? {})
    .filter((k) => k !== 'code-analyzer')
    .join(', ')}; ${findings.length} finding(s) in ${seconds} s`
);
for (const [key, count] of [...byKind].sort()) console.log(`  ${String(count).padStart(5)}  ${key}`);
if (blocking.length > 0) {
  for (const f of blocking.slice(0, 50))
    console.error(`  ${f.file}:${f.line} ${f.engine}:${f.rule} (severity ${f.severity}) ${f.message}`);
  fail(
    `${blocking.length} finding(s) of severity 1–3 in shipped files (see .build/code-analyzer/results.json)`
  );
}
console.log('code-analyzer: no unexpected finding of severity 1–3');
