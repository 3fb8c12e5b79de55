/**
 * force-app implements docs/data-model.md exactly: every documented field exists with its type,
 * size, requiredness, uniqueness and relationship, every field in force-app is documented, and
 * every object and field is described (fields users see also have help text).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readObjects, type FieldModel } from '../metadata/source-model';

const objects = readObjects(path.resolve(__dirname, '../../force-app/main/default'));
const doc = readFileSync(path.resolve(__dirname, '../../docs/data-model.md'), 'utf8');

interface DocumentedField {
  object: string;
  name: string;
  type: string;
}

/** The `| Field__c | type | notes |` rows under each `## Object__c` heading. */
function documentedFields(markdown: string): DocumentedField[] {
  const fields: DocumentedField[] = [];
  let object: string | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (\w+__c)\b/.exec(line);
    if (heading) object = heading[1];
    else if (line.startsWith('## ')) object = undefined;
    const row = /^\| (\w+__c) +\| ([^|]+) \|/.exec(line);
    if (object && row) fields.push({ object, name: row[1], type: row[2].trim() });
  }
  return fields;
}

/** What the metadata of a field must look like for its documented type. */
function expectedShape(type: string): Partial<FieldModel> {
  const size = (pattern: RegExp): number => Number(pattern.exec(type)?.[1]);
  const base: Partial<FieldModel> = {
    // A master-detail field is required by nature; its metadata has no <required> element.
    required: /\brequired\b/.test(type),
    unique: /\bunique\b/.test(type),
    externalId: /External Id/.test(type)
  };
  if (type.startsWith('LongTextArea'))
    return { ...base, type: 'LongTextArea', length: size(/LongTextArea\((\d+)\)/) };
  if (type.startsWith('Text')) return { ...base, type: 'Text', length: size(/Text\((\d+)\)/) };
  if (type.startsWith('Number')) return { ...base, type: 'Number', precision: size(/Number\((\d+),0\)/) };
  if (type.startsWith('Picklist')) return { ...base, type: 'Picklist' };
  if (type.startsWith('Checkbox')) return { ...base, type: 'Checkbox' };
  if (type.startsWith('Percent'))
    return { ...base, type: 'Percent', precision: size(/Percent\((\d+),\d+\)/) };
  if (type.startsWith('DateTime')) return { ...base, type: 'DateTime' };
  if (type.startsWith('Roll-Up Summary')) return { ...base, type: 'Summary' };
  if (type.startsWith('Formula(Text)')) return { ...base, type: 'Text' };
  if (type.startsWith('Formula(Checkbox)')) return { ...base, type: 'Checkbox' };
  const relationship = /^(Lookup|Master-Detail)\((\w+)\)/.exec(type);
  if (relationship) {
    return {
      ...base,
      type: relationship[1] === 'Lookup' ? 'Lookup' : 'MasterDetail',
      referenceTo: relationship[2],
      // Lookups to User cannot have a delete constraint; the others say SetNull or Restrict (required
      // lookups, which cannot be cleared) in the contract.
      deleteConstraint:
        relationship[1] === 'Lookup' && relationship[2] !== 'User'
          ? /\bRestrict$/.test(type)
            ? 'Restrict'
            : 'SetNull'
          : undefined
    };
  }
  throw new Error(`docs/data-model.md: unknown field type "${type}"`);
}

const documented = documentedFields(doc);
const allFields = [...objects.values()].flatMap((object) => [...object.fields.values()]);
/** Technical fields only the companion reads; they carry a description but no help text. */
const WITHOUT_HELP_TEXT = [
  'Sequence_Participant__c.Person_Key__c',
  'Action_Attempt__c.Key__c',
  'Participant_Action__c.Sequence_Id__c',
  'Participant_Action__c.Is_Current_Step__c'
];

describe('docs/data-model.md and force-app', () => {
  it('document the same objects', () => {
    expect([...new Set(documented.map((field) => field.object))].sort()).toEqual([...objects.keys()].sort());
  });

  it('document every field that force-app has', () => {
    const documentedNames = new Set(documented.map((field) => `${field.object}.${field.name}`));
    expect(
      allFields.map((field) => `${field.object}.${field.name}`).filter((name) => !documentedNames.has(name))
    ).toEqual([]);
  });

  it.each(documented.map((field) => [`${field.object}.${field.name}`, field] as const))(
    '%s matches its documented type',
    (_name, field) => {
      const actual = objects.get(field.object)?.fields.get(field.name);
      expect(actual).toBeDefined();
      const expected = expectedShape(field.type);
      const actualShape = Object.fromEntries(
        Object.keys(expected).map((key) => [key, actual?.[key as keyof FieldModel]])
      );
      expect(actualShape).toEqual(expected);
    }
  );
});

describe('descriptions and help text', () => {
  it('describe every field', () => {
    expect(
      allFields.filter((field) => !field.description).map((field) => `${field.object}.${field.name}`)
    ).toEqual([]);
  });

  it('give help text to every field users see', () => {
    const missing = allFields
      .map((field) => ({ name: `${field.object}.${field.name}`, help: field.inlineHelpText }))
      .filter((field) => !field.help && !WITHOUT_HELP_TEXT.includes(field.name))
      .map((field) => field.name);
    expect(missing).toEqual([]);
  });

  it('describe every object', () => {
    const undescribed = [...objects.keys()].filter((name) => {
      const file = path.resolve(
        __dirname,
        `../../force-app/main/default/objects/${name}/${name}.object-meta.xml`
      );
      return !/<description>[^<]+<\/description>/.test(readFileSync(file, 'utf8'));
    });
    expect(undescribed).toEqual([]);
  });
});
