// Compiles the companion to JavaScript in dist/, so `bin/stride` runs without a TypeScript compiler:
// every TypeScript file the CLI entries reach (src/companion, the parts of src/core it imports, and
// src/demo's local-org adapters) becomes one CommonJS file at the same place under dist/, with a
// source map, so stack traces (bin/stride enables source maps) and coverage point at the .ts lines.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

/** What bin/stride runs: the production CLI, and the same CLI wired to a local org (`--local-org`). */
export const COMPANION_ENTRIES = ['src/companion/cli.ts', 'src/demo/stride-local.ts'];
export const DIST_DIR = 'dist';
/** Written last: the build's time and its sources, which bin/stride checks for staleness. */
export const BUILD_STAMP = path.join(DIST_DIR, 'companion-build.json');

/** The TypeScript sources the entries reach through relative imports (packages stay external). */
async function reachableSources(root) {
  const { metafile } = await esbuild.build({
    absWorkingDir: root,
    entryPoints: COMPANION_ENTRIES,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'silent',
    outdir: DIST_DIR
  });
  return Object.keys(metafile.inputs)
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

/** The package a bare specifier names: `pino`, `@salesforce/core`, `libphonenumber-js/mobile` → `libphonenumber-js`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every package the compiled files under `dir` require or import (Node's built-ins left out), sorted.
 * @param {string} dir
 */
export function requiredPackages(dir) {
  const builtins = new Set(builtinModules);
  const found = new Set();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const [, specifier] of text.matchAll(/\b(?:require|import)\("([^"]+)"\)/g)) {
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      const name = packageName(specifier);
      if (!builtins.has(name)) found.add(name);
    }
  }
  return [...found].sort();
}

/**
 * Compares what the compiled companion requires with package.json's `dependencies`: `missing` would
 * fail at run time in an installation without devDependencies; `unused` would be installed for nothing.
 * @param {string} root
 * @param {string} dir the compiled output
 */
export function runtimeDependencyProblems(root, dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const declared = Object.keys(manifest.dependencies ?? {});
  const required = requiredPackages(dir);
  return {
    missing: required.filter((name) => !declared.includes(name)),
    unused: declared.filter((name) => !required.includes(name))
  };
}

/**
 * Compiles the companion into `<root>/<outDir>` (default dist), replacing what was there, and checks
 * that `dependencies` holds exactly the packages it requires; returns the compiled sources.
 * @param {string} root the project folder
 * @param {{ outDir?: string }} [options]
 */
export async function buildCompanion(root, { outDir = DIST_DIR } = {}) {
  const sources = await reachableSources(root);
  const outside = sources.filter((file) => !file.startsWith('src/'));
  if (outside.length > 0) throw new Error(`the companion reaches files outside src/: ${outside.join(', ')}`);
  const out = path.resolve(root, outDir);
  fs.rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: sources,
    outbase: 'src',
    outdir: out,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'silent'
  });
  const { missing, unused } = runtimeDependencyProblems(root, out);
  if (missing.length > 0)
    throw new Error(
      `dist/ requires packages that are not in package.json dependencies: ${missing.join(', ')}`
    );
  if (unused.length > 0)
    throw new Error(
      `package.json dependencies that dist/ never requires (move them to devDependencies): ${unused.join(', ')}`
    );
  fs.writeFileSync(
    path.join(out, path.basename(BUILD_STAMP)),
    `${JSON.stringify({ builtAt: new Date().toISOString(), sources }, null, 2)}\n`
  );
  return sources;
}
