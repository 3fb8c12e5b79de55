// Finds the component bundles and compiles their TypeScript to JavaScript in place.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { namespaceComponent } from './namespace.mjs';

/** The folder holding every component bundle. */
export const LWC_ROOT = 'force-app/main/default/lwc';

/** Every bundle folder under `root` (the folder name is the component name). */
export function listBundles(root) {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('__') && !entry.name.startsWith('.'))
    .map((entry) => ({ name: entry.name, dir: path.join(root, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The authored TypeScript files of a bundle (tests and declarations excluded). */
export function sourceFiles(bundleDir) {
  return walk(bundleDir).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.split(path.sep).includes('__tests__')
  );
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/**
 * Reads the emit options from tsconfig.lwc-build.json. Errors in that file stop the build with
 * TypeScript's own message.
 */
export function loadEmitOptions(configPath) {
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(formatTsDiagnostics([read.error]));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(path.resolve(configPath)));
  // TS18003 ("no inputs") only means no component exists yet; the file list comes from the folders.
  const errors = parsed.errors.filter((d) => d.code !== 18003);
  if (errors.length > 0) throw new Error(formatTsDiagnostics(errors));
  const options = { ...parsed.options, noEmit: false, declaration: false, sourceMap: false };
  if (options.experimentalDecorators) {
    throw new Error(`${configPath}: experimentalDecorators must be false (LWC uses TC39 decorators).`);
  }
  if (options.target !== ts.ScriptTarget.ESNext) {
    throw new Error(
      `${configPath}: target must be ESNext so decorators stay as written (the LWC compiler rejects __esDecorate).`
    );
  }
  return options;
}

/**
 * Compiles one component file to JavaScript next to it. File by file (transpileModule) so that
 * imported modules such as src/core are never emitted beside their sources; the whole-program type
 * check is `tsc -p tsconfig.lwc.json`. With a `namespace` (the managed-package build) the custom
 * names in GraphQL documents and field-path strings get its prefix (see namespace.mjs).
 */
export function compileFile(file, options, namespace) {
  const source = fs.readFileSync(file, 'utf8');
  const result = ts.transpileModule(source, {
    compilerOptions: options,
    fileName: file,
    reportDiagnostics: true
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(formatTsDiagnostics(errors));
  const outFile = file.replace(/\.ts$/, '.js');
  const banner = `// Generated from ${path.basename(file)} by scripts/build.mjs. Do not edit.\n`;
  const output = namespace ? namespaceComponent(result.outputText, namespace) : result.outputText;
  writeIfChanged(outFile, banner + output);
  return outFile;
}

/** Writes only when the content differs, so unchanged outputs keep their timestamps. */
export function writeIfChanged(file, content) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return false;
  fs.writeFileSync(file, content);
  return true;
}

/**
 * The bundles that would deploy broken: a `.ts` without its compiled `.js`, or a bundle with no
 * `<name>.js` at all (the platform then rejects it as a CSS-only module).
 */
export function findMissingOutputs(bundles) {
  const problems = [];
  for (const bundle of bundles) {
    for (const file of sourceFiles(bundle.dir)) {
      const js = file.replace(/\.ts$/, '.js');
      if (!fs.existsSync(js)) problems.push(`${file} has no compiled ${path.basename(js)}`);
    }
    const main = path.join(bundle.dir, `${bundle.name}.js`);
    if (!fs.existsSync(main)) problems.push(`${bundle.dir} has no ${bundle.name}.js`);
  }
  return problems;
}

export function formatTsDiagnostics(diagnostics) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n'
  });
}
