/**
 * The field sets the package ships (`objects/<Object>/fieldSets/Stride_Field_Updates`) are the ones
 * the core knows (PACKAGE_FIELD_SETS: components cannot read field sets without Apex), and the
 * Sequence__c record types each fix their Target_Object__c value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TARGET_OBJECTS } from '../../src/core/constants';
import { FIELD_SET_NAME, PACKAGE_FIELD_SETS } from '../../src/core/fieldSets';

const objectsDir = path.resolve(__dirname, '../../force-app/main/default/objects');

function members(object: string): string[] {
  const xml = readFileSync(
    path.join(objectsDir, object, 'fieldSets', `${FIELD_SET_NAME}.fieldSet-meta.xml`),
    'utf8'
  );
  return [...xml.matchAll(/<displayedFields>\s*<field>(\w+)<\/field>/g)].map((m) => m[1]);
}

describe('field sets and record types', () => {
  it('ships one Stride_Field_Updates field set per target object, equal to the core list', () => {
    expect(Object.fromEntries(TARGET_OBJECTS.map((o) => [o, members(o)]))).toEqual(PACKAGE_FIELD_SETS);
  });

  it('has one Sequence__c record type per target object, allowing only that Target_Object__c value', () => {
    const dir = path.join(objectsDir, 'Sequence__c', 'recordTypes');
    const types = readdirSync(dir)
      .sort()
      .map((file) => {
        const xml = readFileSync(path.join(dir, file), 'utf8');
        return [
          file.replace('.recordType-meta.xml', ''),
          /<picklist>(\w+)<\/picklist>/.exec(xml)?.[1],
          [...xml.matchAll(/<values>\s*<fullName>(\w+)<\/fullName>\s*<default>(\w+)<\/default>/g)].map(
            (m) => `${m[1]}:${m[2]}`
          )
        ];
      });
    expect(types).toEqual([
      ['Campaign', 'Target_Object__c', ['Campaign:true']],
      ['Contact', 'Target_Object__c', ['Contact:true']],
      ['Lead', 'Target_Object__c', ['Lead:true']],
      ['Opportunity', 'Target_Object__c', ['Opportunity:true']]
    ]);
  });
});
