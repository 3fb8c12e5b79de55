/**
 * The dependency arrow points one way: the local org (src/local-org) and the demo (src/demo) may use
 * the companion, the companion uses neither, and no URL of the local org's private controls appears
 * in it (what differs per org comes in through org-adapters.ts). ESLint's no-restricted-imports
 * holds the import half while editing; this check also covers what a lint rule cannot: strings.
 */
import fs from 'node:fs';
import path from 'node:path';

const COMPANION = path.resolve(__dirname, '..');
const SRC = path.resolve(COMPANION, '..');

/** The companion's own sources (its tests may use the local org to run against). */
function companionSources(): string[] {
  return (fs.readdirSync(COMPANION, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.split(path.sep).includes('__tests__'))
    .map((file) => path.join(COMPANION, file))
    .sort();
}

/** Every module specifier a file imports, requires or re-exports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm
  ))
    found.push(match[1]);
  return found;
}

describe('src/companion', () => {
  const sources = companionSources();

  it('is read from the whole folder', () => {
    expect(sources).toContain(path.join(COMPANION, 'companion.ts'));
    expect(sources).toContain(path.join(COMPANION, 'pass', 'index.ts'));
    expect(sources.some((file) => file.includes('__tests__'))).toBe(false);
  });

  it('imports nothing from src/local-org or src/demo', () => {
    const offending: string[] = [];
    for (const file of sources) {
      for (const specifier of specifiers(fs.readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = path.relative(SRC, path.resolve(path.dirname(file), specifier));
        if (/^(local-org|demo)(\/|$)/.test(target))
          offending.push(`${path.relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('contains no URL of the local org’s private controls (/_local)', () => {
    const offending = sources
      .filter((file) => fs.readFileSync(file, 'utf8').includes('/_local'))
      .map((file) => path.relative(SRC, file));
    expect(offending).toEqual([]);
  });

  it('finds an import of the local org when there is one (the check can fail)', () => {
    const text = "import { x } from '../local-org';\nconst y = require('../demo/start');";
    expect(specifiers(text)).toEqual(['../local-org', '../demo/start']);
  });
});
