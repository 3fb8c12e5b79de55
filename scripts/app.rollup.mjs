#!/usr/bin/env node
/**
 * Builds the Stride browser app (src/app/web) into .build/app: the real compiled components of
 * force-app (their in-place .js from `npm run build`), lightning-base-components and SLDS from npm,
 * and the app's own platform modules (lightning/graphql, lightning/uiRecordApi, …) that talk to
 * the local org's UI API. One esm bundle (app.js) (SLDS is served from node_modules by src/app/serve.ts).
 *
 * Usage: node scripts/app.rollup.mjs [--out DIR] [--if-stale]   (default .build/app)
 *   --if-stale  skip the build when no input changed since the last one (a digest of their contents)
 * In code: `await buildApp({ outDir })` → { outDir, ms }.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import ts from 'typescript';
import { LABELS_FILE } from './build/labels.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(root, 'src', 'app', 'web');
const LWC_DIR = path.join(root, 'force-app', 'main', 'default', 'lwc');

/** The custom labels' values (name → English text) from the label metadata. */
function readLabels() {
  const decode = (text) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const xml = fs.readFileSync(path.join(root, LABELS_FILE), 'utf8');
  const labels = new Map();
  for (const [, block] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
    const name = /<fullName>([^<]+)<\/fullName>/.exec(block);
    const value = /<value>([\s\S]*?)<\/value>/.exec(block);
    if (name && value) labels.set(name[1], decode(value[1]));
  }
  return labels;
}

/**
 * The compiler takes a component's namespace from its folder's name, so the package's lwc folder
 * is reached through a folder named `c` (a symlink; rollup keeps the link path).
 */
function namespaceLink() {
  const dir = path.join(root, '.build', 'app-modules');
  const link = path.join(dir, 'c');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(link)) fs.symlinkSync(LWC_DIR, link, 'dir');
  return dir;
}

/** `@salesforce/label/c.X` → the label's value; `@salesforce/schema/Obj[.Field]` → its id object. */
function salesforceImports() {
  const labels = readLabels();
  const PREFIX = '\0sf:';
  return {
    name: 'stride-salesforce-imports',
    resolveId(source) {
      // Only the package's own labels (c.*); lightning-base-components maps its labels itself.
      if (source.startsWith('@salesforce/label/c.') || source.startsWith('@salesforce/schema/'))
        return PREFIX + source;
      return null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const source = id.slice(PREFIX.length);
      if (source.startsWith('@salesforce/label/')) {
        const name = source.slice('@salesforce/label/c.'.length);
        if (!labels.has(name))
          this.error(`unknown custom label ${source} (not in force-app/main/default/labels)`);
        return `export default ${JSON.stringify(labels.get(name))};`;
      }
      const [objectApiName, ...fieldPath] = source.slice('@salesforce/schema/'.length).split('.');
      const value = fieldPath.length
        ? { objectApiName, fieldApiName: fieldPath.join('.') }
        : { objectApiName };
      return `export default ${JSON.stringify(value)};`;
    }
  };
}

/**
 * The app's own TypeScript (src/app/web) to JavaScript before the LWC compiler sees it, with the
 * components' settings: ESNext, so the TC39 decorators stay as the LWC compiler needs them.
 */
function appTypeScript() {
  return {
    name: 'stride-app-typescript',
    transform(code, id) {
      // Aliased modules (lightning/graphql → platform/graphql.ts) carry a query after the path.
      const file = id.split('?')[0];
      if (!file.endsWith('.ts') || !file.startsWith(WEB)) return null;
      const output = ts.transpileModule(code, {
        fileName: file,
        compilerOptions: {
          target: ts.ScriptTarget.ESNext,
          module: ts.ModuleKind.ESNext,
          useDefineForClassFields: true,
          sourceMap: false
        }
      });
      return { code: output.outputText, map: null };
    }
  };
}

/** The app's own modules, listed first so they win over lightning-base-components. */
function platformModules() {
  const at = (file) => path.join(WEB, 'platform', file);
  return [
    { name: 'lightning/graphql', path: at('graphql.ts') },
    { name: 'lightning/uiGraphQLApi', path: at('graphql.ts') },
    { name: 'lightning/uiRecordApi', path: at('uiRecordApi.ts') },
    { name: 'lightning/uiObjectInfoApi', path: at('uiObjectInfoApi.ts') },
    { name: 'lightning/navigation', path: at('navigation.ts') },
    { name: 'lightning/platformShowToastEvent', path: at('platformShowToastEvent.ts') },
    { name: '@salesforce/user/Id', path: at('userId.ts') },
    { name: '@salesforce/i18n/timeZone', path: at('timeZone.ts') }
  ];
}

/** Every file the bundle is made from (the app, the compiled components, labels, this script). */
function inputFiles() {
  const walk = (dir) =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) return entry.name === '__tests__' ? [] : walk(full);
          return /\.(js|ts|html|css)$/.test(entry.name) ? [full] : [];
        })
      : [];
  return [
    ...walk(WEB),
    ...walk(LWC_DIR).filter((file) => !file.endsWith('.ts')),
    path.join(root, LABELS_FILE),
    fileURLToPath(import.meta.url)
  ].sort();
}

/** A digest of the inputs' contents: the bundle is rebuilt only when one of them changed. */
export function inputDigest() {
  const hash = crypto.createHash('sha256');
  for (const file of inputFiles()) hash.update(file).update(fs.readFileSync(file));
  return hash.digest('hex');
}

const DIGEST_FILE = 'inputs.sha256';

export async function buildApp({ outDir = path.join(root, '.build', 'app'), ifStale = false } = {}) {
  const started = Date.now();
  const digest = inputDigest();
  if (ifStale && fs.existsSync(path.join(outDir, DIGEST_FILE))) {
    if (fs.readFileSync(path.join(outDir, DIGEST_FILE), 'utf8') === digest)
      return { outDir, ms: Date.now() - started, skipped: true };
  }
  const missing = fs
    .readdirSync(LWC_DIR)
    .filter((name) => !name.startsWith('__') && !fs.existsSync(path.join(LWC_DIR, name, `${name}.js`)));
  if (missing.length)
    throw new Error(`run \`npm run build\` first: no compiled .js for ${missing.join(', ')}`);
  const bundle = await rollup({
    input: path.join(WEB, 'main.ts'),
    preserveSymlinks: true,
    onwarn(warning, warn) {
      // lightning-base-components' own templates warn about keys and colspan; they are harmless.
      if (warning.plugin === 'rollup-plugin-lwc-compiler' && /node_modules/.test(warning.id ?? '')) return;
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
    plugins: [
      salesforceImports(),
      appTypeScript(),
      lwc({
        rootDir: WEB,
        enableDynamicComponents: true,
        experimentalDynamicComponent: { strictSpecifier: false },
        enableSyntheticElementInternals: true,
        modules: [
          ...platformModules(),
          { dir: path.join(WEB, 'modules') },
          { dir: namespaceLink() },
          { npm: 'lightning-base-components' }
        ]
      }),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.SSR': 'false' }
      }),
      nodeResolve()
    ]
  });
  fs.rmSync(outDir, { recursive: true, force: true });
  await bundle.write({ dir: outDir, entryFileNames: 'app.js', format: 'esm', inlineDynamicImports: true });
  await bundle.close();
  fs.copyFileSync(path.join(WEB, 'index.html'), path.join(outDir, 'index.html'));
  fs.writeFileSync(path.join(outDir, DIGEST_FILE), digest);
  return { outDir, ms: Date.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex >= 0 ? path.resolve(process.argv[outIndex + 1]) : undefined;
  buildApp({ outDir })
    .then(({ outDir: dir, ms }) =>
      console.log(`app: built ${path.relative(root, dir)} in ${(ms / 1000).toFixed(1)} s`)
    )
    .catch((error) => {
      console.error(`app build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
