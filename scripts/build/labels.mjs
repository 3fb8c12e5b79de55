// Custom labels of the components: every `@salesforce/label/c.X` a component imports must exist in
// CustomLabels.labels-meta.xml, or the deploy fails. Run directly with --add to append the missing
// ones, taking the English value from the comment after the import:
//   import TITLE from '@salesforce/label/c.Stride_Engage_Title'; // Engage
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LWC_ROOT, listBundles, sourceFiles } from './components.mjs';

export const LABELS_FILE = 'force-app/main/default/labels/CustomLabels.labels-meta.xml';
const IMPORT = /import\s+\w+\s+from\s+'@salesforce\/label\/c\.(\w+)';(?:[ \t]*\/\/[ \t]*(.*))?/g;

/** Every label the components import: name → { value (from the comment), bundle }. */
export function importedLabels(root = LWC_ROOT) {
  const found = new Map();
  for (const bundle of listBundles(root)) {
    for (const file of sourceFiles(bundle.dir)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
        found.set(match[1], { value: match[2]?.trim() ?? '', bundle: bundle.name, file });
      }
    }
  }
  return found;
}

/** The label names defined in the labels file. */
export function definedLabels(file = LABELS_FILE) {
  if (!fs.existsSync(file)) return new Set();
  return new Set(
    [...fs.readFileSync(file, 'utf8').matchAll(/<fullName>(\w+)<\/fullName>/g)].map((m) => m[1])
  );
}

/** Problems that would fail a deploy: imported labels the labels file does not define. */
export function missingLabels() {
  const defined = definedLabels();
  return [...importedLabels()]
    .filter(([name]) => !defined.has(name))
    .map(([name, { file }]) => `${file} imports c.${name}, which ${LABELS_FILE} does not define`);
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function labelXml(name, value, bundle) {
  const description = `${bundle}: ${value}`.slice(0, 80);
  return [
    '    <labels>',
    `        <fullName>${name}</fullName>`,
    '        <categories>Stride</categories>',
    '        <language>en_US</language>',
    '        <protected>false</protected>',
    `        <shortDescription>${escapeXml(description)}</shortDescription>`,
    `        <value>${escapeXml(value)}</value>`,
    '    </labels>'
  ].join('\n');
}

/** Appends the missing labels and keeps the file sorted by fullName. */
export function addMissingLabels() {
  const source = fs.readFileSync(LABELS_FILE, 'utf8');
  const blocks = [...source.matchAll(/ {4}<labels>[\s\S]*?<\/labels>/g)].map((m) => m[0]);
  const byName = new Map(blocks.map((block) => [block.match(/<fullName>(\w+)<\/fullName>/)[1], block]));
  const added = [];
  for (const [name, { value, bundle }] of importedLabels()) {
    if (byName.has(name)) continue;
    if (!value) throw new Error(`c.${name} has no value comment after its import; cannot add it`);
    byName.set(name, labelXml(name, value, bundle));
    added.push(name);
  }
  const sorted = [...byName.keys()].sort().map((name) => byName.get(name));
  const head = source.slice(0, source.indexOf('<CustomLabels'));
  const open = source.match(/<CustomLabels[^>]*>/)[0];
  fs.writeFileSync(LABELS_FILE, `${head}${open}\n${sorted.join('\n')}\n</CustomLabels>\n`);
  return added;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'));
  if (process.argv.includes('--add')) {
    const added = addMissingLabels();
    console.log(`labels: added ${added.length}${added.length ? `: ${added.join(', ')}` : ''}`);
  } else {
    const missing = missingLabels();
    missing.forEach((m) => console.error(m));
    process.exitCode = missing.length ? 1 : 0;
  }
}
