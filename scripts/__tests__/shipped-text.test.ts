/**
 * What the package ships must stand alone: no metadata text (descriptions, help text, labels,
 * inline help) points to documents that are not in the package — design notes, reference notes or
 * anything beside the repository.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', 'force-app', 'main', 'default');
const OUTSIDE_DOCUMENTS =
  /DESIGN(?:\.md)?\b|reference\/|\.\.\/shared|\bshared\/(?:reference|seed|salesforce)\b/;

function metadataFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : metadataFiles(full);
    return entry.name.endsWith('-meta.xml') ? [full] : [];
  });
}

describe('shipped metadata text', () => {
  it('never points to documents outside the package', () => {
    const offending = metadataFiles(ROOT)
      .filter((file) => OUTSIDE_DOCUMENTS.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offending).toEqual([]);
  });
});
