import { reorderRootChildren } from '../metadata/assembled-order';

const assembled = [
  '<?xml version="1.0" encoding="UTF-8"?>', // 1
  '<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">', // 2
  '    <label>Thing</label>', // 3
  '    <sharingModel>Read</sharingModel>', // 4
  '    <fields>', // 5
  '        <fullName>A__c</fullName>', // 6
  '    </fields>', // 7
  '', // 8
  '    <compactLayouts>', // 9
  '        <label>Compact</label>', // 10
  '    </compactLayouts>', // 11
  '</CustomObject>', // 12
  ''
].join('\n');

describe('reorderRootChildren', () => {
  const order = ['compactLayouts', 'fields', 'label', 'sharingModel'];
  const reordered = reorderRootChildren(assembled, order);

  it('sorts the root children into schema order and keeps their content as written', () => {
    expect(reordered.xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">',
        '',
        '    <compactLayouts>',
        '        <label>Compact</label>',
        '    </compactLayouts>',
        '    <fields>',
        '        <fullName>A__c</fullName>',
        '    </fields>',
        '    <label>Thing</label>',
        '    <sharingModel>Read</sharingModel>',
        '</CustomObject>',
        ''
      ].join('\n')
    );
  });

  it('maps every line of the reordered text back to the original line', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(reordered.originalLine)).toEqual([
      1, 2, 8, 9, 10, 11, 5, 6, 7, 3, 4, 12
    ]);
  });

  it('keeps unknown elements after the known ones, so the schema still reports them', () => {
    const withUnknown = '<a>\n  <bogus/>\n  <label>x</label>\n</a>\n';
    expect(reorderRootChildren(withUnknown, ['label']).xml).toBe(
      '<a>\n  <label>x</label>\n  <bogus/>\n</a>\n'
    );
  });

  it('moves a comment between children together with the child below it', () => {
    const commented = '<a>\n  <z/>\n  <!-- why y -->\n  <y/>\n</a>\n';
    expect(reorderRootChildren(commented, ['y', 'z']).xml).toBe(
      '<a>\n  <!-- why y -->\n  <y/>\n  <z/>\n</a>\n'
    );
  });

  it('leaves a document whose children share a line untouched', () => {
    const oneLine = '<a><z/><y/></a>';
    const result = reorderRootChildren(oneLine, ['y', 'z']);
    expect(result.xml).toBe(oneLine);
    expect(result.originalLine(1)).toBe(1);
  });
});
