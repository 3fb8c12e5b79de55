// Compiles each bundle with the platform's LWC compiler, as a deploy would.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Files the platform receives for a bundle: everything but TypeScript, tests and declarations. */
export function deployableFiles(bundleDir) {
  const files = {};
  for (const entry of fs.readdirSync(bundleDir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    if (/\.ts$/.test(entry.name) || entry.name === '.gitignore') continue;
    files[entry.name] = fs.readFileSync(path.join(bundleDir, entry.name), 'utf8');
  }
  return files;
}

const LEVEL_NAMES = ['Fatal', 'Error', 'Warning', 'Log'];

/**
 * Runs `@lwc/sfdc-lwc-compiler` on one bundle as customer (`platform`) code in namespace `c`.
 * Returns the error and warning lines; an empty `errors` list means the bundle would compile on deploy.
 */
export async function platformCompile(bundle) {
  const { compile } = require('@lwc/sfdc-lwc-compiler');
  const output = await compile({
    bundle: { type: 'platform', namespace: 'c', name: bundle.name, files: deployableFiles(bundle.dir) }
  });
  const diagnostics = [
    ...(output.diagnostics ?? []),
    ...(output.results ?? []).flatMap((r) => r.diagnostics ?? [])
  ];
  const describe = (d) => {
    const where = d.filename
      ? `${d.filename}${d.location ? `:${d.location.line}:${d.location.column}` : ''}`
      : bundle.name;
    return `${LEVEL_NAMES[d.level] ?? d.level} ${d.code ? `LWC${d.code} ` : ''}${where}: ${d.message}`;
  };
  const unique = (lines) => [...new Set(lines)];
  const errors = unique(diagnostics.filter((d) => d.level <= 1).map(describe));
  const warnings = unique(diagnostics.filter((d) => d.level === 2).map(describe));
  if (!output.success && errors.length === 0)
    errors.push(`Error ${bundle.name}: the platform compiler reported failure without a diagnostic`);
  return { errors, warnings };
}
