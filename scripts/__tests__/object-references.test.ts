/**
 * Names the schema cannot check: every field that a list view, compact layout, page layout or
 * search layout mentions exists on its object (a typo there passes the XSD and fails the deploy).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readObjects } from '../metadata/source-model';

const sourceDir = path.resolve(__dirname, '../../force-app/main/default');
const objects = readObjects(sourceDir);
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) =>
    [
      'columns',
      'filters',
      'fields',
      'layoutSections',
      'layoutColumns',
      'layoutItems',
      'relatedLists',
      'customTabListAdditionalFields',
      'lookupDialogsAdditionalFields',
      'searchResultsAdditionalFields'
    ].includes(name)
});

function parseFile<T>(file: string, root: string): T {
  return (parser.parse(readFileSync(file, 'utf8')) as Record<string, T>)[root];
}

/** Standard fields and list view column tokens every custom object has. */
const STANDARD_FIELDS = [
  'Name',
  'OwnerId',
  'CreatedById',
  'LastModifiedById',
  'CreatedDate',
  'LastModifiedDate'
];
const STANDARD_COLUMNS = ['NAME', 'OWNER.ALIAS', 'CREATED_DATE', 'LAST_UPDATE'];
/** Related lists that are not child relationships of a custom field. */
const STANDARD_RELATED_LISTS = ['RelatedActivityList', 'RelatedHistoryList', 'RelatedEntityHistoryList'];

const hasField = (object: string, field: string): boolean =>
  STANDARD_FIELDS.includes(field) || Boolean(objects.get(object)?.fields.has(field));
const objectNames = [...objects.keys()];

describe.each(objectNames)('%s', (object) => {
  const objectDir = path.join(sourceDir, 'objects', object);
  const filesIn = (sub: string): string[] => {
    try {
      return readdirSync(path.join(objectDir, sub)).map((name) => path.join(objectDir, sub, name));
    } catch {
      return [];
    }
  };

  it('list views show and filter on existing fields', () => {
    const unknown = filesIn('listViews').flatMap((file) => {
      const view = parseFile<{ columns?: string[]; filters?: Array<{ field: string }> }>(file, 'ListView');
      const names = [...(view.columns ?? []), ...(view.filters ?? []).map((filter) => filter.field)];
      return names
        .filter((name) => !STANDARD_COLUMNS.includes(name) && !hasField(object, name))
        .map((name) => `${path.basename(file)}: ${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it('has a compact layout of existing fields, and assigns it', () => {
    const layouts = filesIn('compactLayouts');
    expect(layouts).toHaveLength(1);
    const fields = parseFile<{ fields: string[] }>(layouts[0], 'CompactLayout').fields;
    expect(fields.filter((field) => !hasField(object, field))).toEqual([]);
    const assigned = parseFile<{ compactLayoutAssignment: string }>(
      path.join(objectDir, `${object}.object-meta.xml`),
      'CustomObject'
    ).compactLayoutAssignment;
    expect(`${assigned}.compactLayout-meta.xml`).toBe(path.basename(layouts[0]));
  });

  it('search layouts list existing fields', () => {
    const searchLayouts =
      parseFile<{ searchLayouts?: Record<string, string[]> }>(
        path.join(objectDir, `${object}.object-meta.xml`),
        'CustomObject'
      ).searchLayouts ?? {};
    const unknown = Object.values(searchLayouts)
      .flat()
      .filter((field) => !hasField(object, field));
    expect(unknown).toEqual([]);
  });

  describe('page layout', () => {
    type LayoutXml = {
      layoutSections: Array<{ layoutColumns: Array<{ layoutItems?: Array<{ field: string }> } | ''> }>;
      relatedLists?: Array<{ relatedList: string; fields?: string[] }>;
    };
    const layoutFile = path.join(sourceDir, 'layouts', `${object}-${labelOf(object)} Layout.layout-meta.xml`);
    const layout = parseFile<LayoutXml>(layoutFile, 'Layout');
    const placed = layout.layoutSections.flatMap((section) =>
      section.layoutColumns.flatMap((column) =>
        column === '' ? [] : (column.layoutItems ?? []).map((item) => item.field)
      )
    );

    it('places every field of the object exactly once, and only existing fields', () => {
      const expected = [...STANDARD_FIELDS, ...(objects.get(object)?.fields.keys() ?? [])];
      expect(placed.filter((field) => !hasField(object, field))).toEqual([]);
      expect(placed.length).toBe(new Set(placed).size);
      const missing = [...(objects.get(object)?.fields.keys() ?? [])].filter(
        (field) => !placed.includes(field)
      );
      expect(missing).toEqual([]);
      expect(expected).toEqual(expect.arrayContaining(placed));
    });

    it('shows related lists of existing child relationships with existing columns', () => {
      const problems = (layout.relatedLists ?? []).flatMap(({ relatedList, fields }) => {
        if (STANDARD_RELATED_LISTS.includes(relatedList)) return [];
        const [child, field] = relatedList.split('.');
        const relationship = objects.get(child)?.fields.get(field);
        if (relationship?.referenceTo !== object) return [`${relatedList}: not a relationship to ${object}`];
        return (fields ?? [])
          .filter((column) => column !== 'NAME' && !hasField(child, column))
          .map((column) => `${relatedList}: ${column}`);
      });
      expect(problems).toEqual([]);
    });
  });
});

/** The object's label as used in its layout's file name, e.g. `Sequence Participant`. */
function labelOf(object: string): string {
  return parseFile<{ label: string }>(
    path.join(sourceDir, 'objects', object, `${object}.object-meta.xml`),
    'CustomObject'
  ).label;
}
