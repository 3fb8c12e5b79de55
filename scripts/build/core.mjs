// Bundles the domain core (src/core) into the non-exposed service component c/strideCore.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { rollup } from 'rollup';
import { LWC_ROOT, listBundles, sourceFiles, writeIfChanged } from './components.mjs';

export const CORE_ENTRY = 'src/core/index.ts';
export const CORE_BUNDLE_DIR = 'force-app/main/default/lwc/strideCore';
/** The platform stores an LWC source file in a field of at most 131,072 characters. */
export const CORE_SIZE_LIMIT = 128 * 1024;

const require = createRequire(import.meta.url);

/** A package's folder (its `exports` may hide both package.json and its sources from require). */
function packageDir(name) {
  let dir = path.dirname(require.resolve(name));
  while (path.basename(dir) !== name.split('/').pop() || !fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <description>Stride domain core (generated from src/core by scripts/build.mjs): validation, templates and schedule previews shared with the companion. Unminified; the luxon files carry luxon's licence.</description>
    <isExposed>false</isExposed>
    <masterLabel>Stride Core</masterLabel>
</LightningComponentBundle>
`;

const CORE_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'c\/strideCore'/g;

/**
 * Third-party libraries bundled into the component, each in files of its own (module sources are
 * split so every file stays under the platform limit), with a licence header naming the library
 * and its version: security reviewers read shipped code, and scanners (retire-js) identify
 * libraries by name and version.
 */
const LIBRARIES = {
  luxon: {
    /** The ES module sources (the package's `exports` would give one 250 KB file). */
    entry: 'src/luxon.js',
    /** Module → file: datetime.js alone is near the limit; formatting and calendar the rest. */
    chunk(id) {
      if (id.endsWith('/datetime.js')) return 'luxonDateTime';
      if (id.includes('/impl/')) return 'luxonFormat';
      return 'luxonCalendar';
    }
  }
};

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

function libraryHeader(name) {
  const dir = packageDir(name);
  const { version, license, homepage, repository } = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8')
  );
  const home = homepage ?? (typeof repository === 'string' ? repository : repository?.url) ?? '';
  const licenceFile = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const licence = licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() : license;
  return `/*!\n * ${name} ${version} (${home}), bundled unmodified into c/strideCore by scripts/build.mjs.\n * ${license} licence:\n *\n${licence
    .split('\n')
    .map((line) => ` * ${line}`.trimEnd())
    .join('\n')}\n */\n`;
}

/**
 * Builds strideCore.js (the core, unminified) and one file per part of each bundled library, and the
 * meta file; throws when a file is over the platform limit.
 *
 * The bundle re-exports exactly what the components import from src/core/index.ts, tree-shaken:
 * the companion never uses this bundle. A name the core does not export fails here with esbuild's
 * "No matching export" error (the entry is JavaScript on purpose: in a TypeScript entry esbuild
 * takes a missing name for a type and drops it silently).
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
    minify: false,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // Libraries go to files of their own (below); a platform import in the core is a mistake.
    external: Object.keys(LIBRARIES)
  });
  const coreCode = result.outputFiles[0].text;
  const bundle = await rollup({
    input: 'strideCore',
    plugins: [
      {
        name: 'stride-core',
        resolveId(id) {
          if (id === 'strideCore') return id;
          if (LIBRARIES[id]) return path.join(packageDir(id), LIBRARIES[id].entry);
          return null;
        },
        load: (id) => (id === 'strideCore' ? coreCode : null)
      }
    ],
    onwarn(warning, warn) {
      // luxon's modules import each other in cycles, and so do the files they are split into; they
      // only reference each other's functions and classes at call time (checked by
      // scripts/build/__tests__/core-bundle.test.ts, which loads the files and runs the core).
      if (warning.code !== 'CIRCULAR_DEPENDENCY' && !/^Circular chunk/.test(warning.message)) warn(warning);
    }
  });
  const { output } = await bundle.generate({
    format: 'es',
    entryFileNames: 'strideCore.js',
    chunkFileNames: '[name].js',
    manualChunks(id) {
      for (const [name, library] of Object.entries(LIBRARIES)) {
        if (id.includes(`/node_modules/${name}/`)) return library.chunk(id);
      }
      return undefined;
    }
  });
  await bundle.close();
  const files = output.map((chunk) => {
    const library = Object.keys(LIBRARIES).find((name) => chunk.fileName.startsWith(name));
    const header = library
      ? libraryHeader(library)
      : `// Generated from src/core by scripts/build.mjs. Do not edit.${Object.keys(LIBRARIES).length ? ` Libraries: ${Object.keys(LIBRARIES).join(', ')} (their own files).` : ''}\n`;
    // LWC imports sibling modules without the extension.
    const code = `${header}${chunk.code.replace(/('\.\/[A-Za-z]+)\.js'/g, "$1'")}`;
    return { name: chunk.fileName, code, size: Buffer.byteLength(code, 'utf8') };
  });
  for (const file of files) {
    if (file.size > CORE_SIZE_LIMIT) {
      throw new Error(
        `${CORE_BUNDLE_DIR}/${file.name} is ${file.size} bytes, over the ${CORE_SIZE_LIMIT}-byte LWC source limit. ` +
          'Trim src/core (large dependencies such as full phone metadata are the usual cause).'
      );
    }
  }
  fs.mkdirSync(CORE_BUNDLE_DIR, { recursive: true });
  const wanted = new Set(files.map((f) => f.name));
  for (const stale of fs.readdirSync(CORE_BUNDLE_DIR)) {
    if (stale.endsWith('.js') && !wanted.has(stale)) fs.rmSync(path.join(CORE_BUNDLE_DIR, stale));
  }
  for (const file of files) writeIfChanged(path.join(CORE_BUNDLE_DIR, file.name), file.code);
  writeIfChanged(path.join(CORE_BUNDLE_DIR, 'strideCore.js-meta.xml'), META);
  return {
    size: files.find((f) => f.name === 'strideCore.js').size,
    files: files.map(({ name, size }) => ({ name, size })),
    exports: names.length,
    warnings: result.warnings.map((w) => w.text)
  };
}
