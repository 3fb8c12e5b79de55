// Bundles the domain core (src/core) into the non-exposed service component c/strideCore.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { LWC_ROOT, listBundles, sourceFiles, writeIfChanged } from './components.mjs';

export const CORE_ENTRY = 'src/core/index.ts';
export const CORE_BUNDLE_DIR = 'force-app/main/default/lwc/strideCore';
/** The platform stores an LWC source file in a field of at most 131,072 characters. */
export const CORE_SIZE_LIMIT = 128 * 1024;

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <description>Stride domain core (generated from src/core by scripts/build.mjs): validation, templates and schedule previews shared with the companion.</description>
    <isExposed>false</isExposed>
    <masterLabel>Stride Core</masterLabel>
</LightningComponentBundle>
`;

const CORE_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'c\/strideCore'/g;

/**
 * The core exports the components import (`import { a, type B } from 'c/strideCore'`), sorted.
 * Type-only names are left out: they do not exist at run time.
 */
export function importedCoreNames(root = LWC_ROOT) {
  const names = new Set();
  for (const bundle of listBundles(root)) {
    for (const file of sourceFiles(bundle.dir)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(CORE_IMPORT)) {
        for (const raw of match[1].split(',')) {
          const name = raw.trim();
          if (name && !name.startsWith('type ')) names.add(name.split(/\s+as\s+/)[0]);
        }
      }
    }
  }
  return [...names].sort();
}

/**
 * Builds strideCore.js and its meta file; throws when the bundle is over the platform limit.
 *
 * The bundle re-exports exactly what the components import from src/core/index.ts, tree-shaken:
 * the whole core (with luxon) is over the platform's file limit, and the companion never uses this
 * bundle. A name the core does not export fails here with esbuild's "No matching export" error
 * (the entry is JavaScript on purpose: in a TypeScript entry esbuild takes a missing name for a type
 * and drops it silently).
 */
export async function buildCore() {
  const names = importedCoreNames();
  const entry =
    names.length > 0
      ? {
          stdin: {
            contents: `export { ${names.join(', ')} } from './${CORE_ENTRY.replace(/\.ts$/, '')}';`,
            resolveDir: process.cwd(),
            sourcefile: 'strideCore-entry.js',
            loader: 'js'
          }
        }
      : { entryPoints: [CORE_ENTRY] };
  const result = await esbuild.build({
    ...entry,
    absWorkingDir: process.cwd(),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // The core must stay pure: a platform import in it is a mistake, not something to bundle.
    external: []
  });
  const code = `// Generated from src/core by scripts/build.mjs. Do not edit.\n${result.outputFiles[0].text}`;
  const size = Buffer.byteLength(code, 'utf8');
  if (size > CORE_SIZE_LIMIT) {
    throw new Error(
      `${CORE_BUNDLE_DIR}/strideCore.js is ${size} bytes, over the ${CORE_SIZE_LIMIT}-byte LWC source limit. ` +
        'Trim src/core (large dependencies such as full phone metadata are the usual cause).'
    );
  }
  fs.mkdirSync(CORE_BUNDLE_DIR, { recursive: true });
  writeIfChanged(path.join(CORE_BUNDLE_DIR, 'strideCore.js'), code);
  writeIfChanged(path.join(CORE_BUNDLE_DIR, 'strideCore.js-meta.xml'), META);
  return { size, exports: names.length, warnings: result.warnings.map((w) => w.text) };
}
