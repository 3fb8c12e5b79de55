#!/usr/bin/env node
/**
 * Builds what the platform deploys from what we author:
 *   core  src/core/index.ts → lwc/strideCore/strideCore.js + one file per part of luxon (esbuild and rollup,
 *         ESM, unminified, a licence header per library, ≤ 128 KB per file)
 *   lwc   every lwc/X/*.ts → .js in place (TypeScript, ESNext, TC39 decorators kept)
 *   companion  the companion CLI and what it imports → dist/ (CommonJS with source maps; bin/stride
 *         runs it)
 * then checks that no bundle lacks its compiled .js and compiles every bundle with the platform's
 * LWC compiler (@lwc/sfdc-lwc-compiler), so a component that would fail to deploy fails here.
 *
 * Usage: node scripts/build.mjs [--only core|lwc|companion] [--verify] [--namespace <prefix>] [--root <dir>]
 *   --namespace  build for the managed package: custom names in GraphQL documents and field-path
 *                strings get `<prefix>__` (schema imports are namespaced by the platform)
 *   --verify  compile nothing; only run the checks on what is there (e.g. in CI after a build)
 *   --root    the project folder (default: this repository); used by the build's own tests
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LWC_ROOT,
  listBundles,
  sourceFiles,
  loadEmitOptions,
  compileFile,
  findMissingOutputs
} from './build/components.mjs';
import { platformCompile } from './build/platformCompile.mjs';
import { buildCore } from './build/core.mjs';
import { missingLabels } from './build/labels.mjs';
import { validateNamespace } from './build/namespace.mjs';
import { buildCompanion } from './build/companion.mjs';

const PARTS = ['core', 'lwc', 'companion'];

function parseArgs(argv) {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
  if (onlyIndex >= 0 && !PARTS.includes(only)) {
    throw new Error(
      `--only takes ${PARTS.map((p) => `"${p}"`).join(', ')}, got ${only === undefined ? 'nothing' : `"${only}"`}`
    );
  }
  const rootIndex = argv.indexOf('--root');
  const root =
    rootIndex >= 0 ? argv[rootIndex + 1] : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  if (!root) throw new Error('--root takes a folder');
  const verify = argv.includes('--verify');
  const namespaceIndex = argv.indexOf('--namespace');
  const namespace = namespaceIndex >= 0 ? validateNamespace(argv[namespaceIndex + 1]) : undefined;
  return {
    core: (only === undefined || only === 'core') && !verify,
    lwc: only === undefined || only === 'lwc',
    // The companion's build is its own: a namespaced or --root build of the components leaves it alone.
    companion: (only === undefined || only === 'companion') && !verify && namespaceIndex < 0 && rootIndex < 0,
    verify,
    namespace,
    root: path.resolve(root)
  };
}

async function main() {
  const steps = parseArgs(process.argv.slice(2));
  process.chdir(steps.root);
  const started = Date.now();

  if (steps.core) {
    const { files, exports, warnings } = await buildCore();
    warnings.forEach((w) => console.warn(`core: ${w}`));
    const sizes = files.map((f) => `${f.name} ${(f.size / 1024).toFixed(1)} KB`).join(', ');
    console.log(
      `core: ${sizes} (unminified, limit 128 KB per file), ${exports || 'all'} export(s) used by components`
    );
  }

  if (steps.companion) {
    const companionStarted = Date.now();
    const sources = await buildCompanion(steps.root);
    console.log(
      `companion: ${sources.length} TypeScript file(s) → dist/ in ${Date.now() - companionStarted} ms (CommonJS, source maps)`
    );
  }

  if (steps.lwc) {
    const bundles = listBundles(LWC_ROOT);
    if (!steps.verify) {
      const options = loadEmitOptions('tsconfig.lwc-build.json');
      let compiled = 0;
      for (const bundle of bundles) {
        for (const file of sourceFiles(bundle.dir)) {
          compileFile(file, options, steps.namespace);
          compiled += 1;
        }
      }
      const namespaced = steps.namespace ? ` (namespace ${steps.namespace})` : '';
      console.log(`lwc: compiled ${compiled} TypeScript file(s) in ${bundles.length} bundle(s)${namespaced}`);
    }

    const missing = findMissingOutputs(bundles);
    if (missing.length > 0)
      throw new Error(`bundles without compiled JavaScript:\n  ${missing.join('\n  ')}`);

    const unknownLabels = missingLabels();
    if (unknownLabels.length > 0) throw new Error(`missing custom labels:\n  ${unknownLabels.join('\n  ')}`);

    const failures = [];
    for (const bundle of bundles) {
      const { errors, warnings } = await platformCompile(bundle);
      warnings.forEach((w) => console.warn(`platform compile ${bundle.name}: ${w}`));
      if (errors.length > 0) failures.push(...errors.map((e) => `${bundle.name}: ${e}`));
      else console.log(`platform compile ${bundle.name}: ok`);
    }
    if (failures.length > 0)
      throw new Error(`the platform LWC compiler rejects:\n  ${failures.join('\n  ')}`);
  }
  console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
