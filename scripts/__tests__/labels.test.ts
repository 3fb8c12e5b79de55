/**
 * The custom labels file stays sorted and unique, and every label a component imports exists
 * (a missing one only fails at deploy time otherwise).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const sourceDir = path.resolve(__dirname, '../../force-app/main/default');
const labelsFile = path.join(sourceDir, 'labels/CustomLabels.labels-meta.xml');
const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'labels' }).parse(
  readFileSync(labelsFile, 'utf8')
) as { CustomLabels: { labels: Array<Record<string, string>> } };
const labels = parsed.CustomLabels.labels;
const names = labels.map((label) => label.fullName);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '__tests__' ? [] : sourceFiles(full);
    return /\.(ts|js|html)$/.test(name) ? [full] : [];
  });
}

describe('labels/CustomLabels.labels-meta.xml', () => {
  it('keeps its labels sorted by fullName, each once', () => {
    expect(names).toEqual([...new Set(names)].sort());
  });

  it('gives every label a value, a short description and a language', () => {
    const incomplete = labels.filter((label) => !label.value || !label.shortDescription || !label.language);
    expect(incomplete.map((label) => label.fullName)).toEqual([]);
  });

  it('holds the app name', () => {
    expect(labels.find((label) => label.fullName === 'Stride_App_Name')?.value).toBe('Stride');
  });

  it('has every label the components import', () => {
    const known = new Set(names);
    const missing = sourceFiles(path.join(sourceDir, 'lwc'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/@salesforce\/label\/c\.(\w+)/g)].map((match) => ({
          file: path.relative(sourceDir, file),
          label: match[1]
        }))
      )
      .filter(({ label }) => !known.has(label));
    expect(missing).toEqual([]);
  });
});
