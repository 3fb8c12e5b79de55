/**
 * The core's record shapes (src/core/records.ts) carry every custom field of their object's metadata
 * and nothing else besides the standard fields, so the one definition cannot fall behind the package.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { readObjects } from '../metadata/source-model';

const root = path.resolve(__dirname, '../..');
const objects = readObjects(path.join(root, 'force-app/main/default'));
const STANDARD_FIELDS = ['Id', 'Name', 'OwnerId', 'LastModifiedById'];

/** The property names of each interface declared in a TypeScript file. */
function interfaceMembers(file: string): Map<string, string[]> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const members = new Map<string, string[]>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node))
      members.set(
        node.name.text,
        node.members.flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : []))
      );
  });
  return members;
}

describe('core record shapes', () => {
  const shapes = interfaceMembers(path.join(root, 'src/core/records.ts'));

  it.each([
    ['SequenceParticipantFields', 'Sequence_Participant__c'],
    ['ParticipantActionFields', 'Participant_Action__c']
  ])('%s has exactly the fields of %s', (shape, object) => {
    const fields = [...(objects.get(object)?.fields.keys() ?? [])];
    expect(fields.length).toBeGreaterThan(10);
    const declared = shapes.get(shape) ?? [];
    expect(declared.filter((f) => !STANDARD_FIELDS.includes(f)).sort()).toEqual(fields.sort());
  });
});
