/**
 * The package's UI metadata, read once per folder: page layouts (`layouts/<Object>-<Name>.layout-meta.xml`),
 * compact layouts and list views (`objects/<Object>/compactLayouts|listViews/…`), the object's
 * compact layout assignment, and custom tabs (`tabs/*.tab-meta.xml`). The folder is the sibling of
 * the `objects` folder the schema was loaded from. Names are as written in the package (without a
 * namespace); callers qualify them with the schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface LayoutItemMeta {
  field: string;
  behavior: 'Edit' | 'Required' | 'Readonly';
}

export interface LayoutSectionMeta {
  label: string;
  style: string;
  detailHeading: boolean;
  editHeading: boolean;
  columns: LayoutItemMeta[][];
}

export interface LayoutMeta {
  object: string;
  name: string;
  sections: LayoutSectionMeta[];
  relatedLists: { relatedList: string; fields: string[] }[];
}

export interface CompactLayoutMeta {
  fullName: string;
  label: string;
  fields: string[];
}

export interface ListViewFilterMeta {
  field: string;
  operation: string;
  value: string;
}

export interface ListViewMeta {
  fullName: string;
  label: string;
  columns: string[];
  filterScope: string;
  filters: ListViewFilterMeta[];
  booleanFilter: string | null;
}

export interface TabMeta {
  name: string;
  label: string | null;
  motif: string | null;
  customObject: boolean;
}

export interface PackageUi {
  layouts: Map<string, LayoutMeta[]>;
  compactLayouts: Map<string, CompactLayoutMeta[]>;
  compactLayoutAssignment: Map<string, string>;
  listViews: Map<string, ListViewMeta[]>;
  tabs: TabMeta[];
}

const LIST_ELEMENTS = new Set([
  'layoutSections',
  'layoutColumns',
  'layoutItems',
  'relatedLists',
  'fields',
  'columns',
  'filters'
]);
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => LIST_ELEMENTS.has(name)
});

type Xml = Record<string, unknown>;
const list = (value: unknown): Xml[] => (Array.isArray(value) ? (value as Xml[]) : []);
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function readRoot(file: string, root: string): Xml {
  const parsed = parser.parse(fs.readFileSync(file, 'utf8')) as Xml;
  const body = parsed[root];
  if (!body || typeof body !== 'object') throw new Error(`${file}: expected a <${root}> root element`);
  return body as Xml;
}

function filesIn(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const values = map.get(key) ?? [];
  values.push(value);
  map.set(key, values);
}

function readLayout(file: string): LayoutMeta {
  const base = path.basename(file, '.layout-meta.xml');
  const dash = base.indexOf('-');
  const xml = readRoot(file, 'Layout');
  return {
    object: base.slice(0, dash),
    name: decodeURIComponent(base.slice(dash + 1)),
    sections: list(xml.layoutSections).map((section) => ({
      label: text(section.label),
      style: text(section.style) || 'TwoColumnsTopToBottom',
      detailHeading: text(section.detailHeading) !== 'false',
      editHeading: text(section.editHeading) !== 'false',
      columns: list(section.layoutColumns).map((column) =>
        list(column.layoutItems)
          .filter((item) => item.field !== undefined)
          .map((item) => ({
            field: text(item.field),
            behavior: (text(item.behavior) || 'Edit') as LayoutItemMeta['behavior']
          }))
      )
    })),
    relatedLists: list(xml.relatedLists).map((related) => ({
      relatedList: text(related.relatedList),
      fields: list(related.fields).map(text)
    }))
  };
}

const cache = new Map<string, PackageUi>();

/** Reads (once) the UI metadata next to `objectsDir`; an empty package when the folders are missing. */
export function packageUi(objectsDir: string): PackageUi {
  const cached = cache.get(objectsDir);
  if (cached) return cached;
  const root = path.dirname(objectsDir);
  const ui: PackageUi = {
    layouts: new Map(),
    compactLayouts: new Map(),
    compactLayoutAssignment: new Map(),
    listViews: new Map(),
    tabs: []
  };
  for (const file of filesIn(path.join(root, 'layouts'), '.layout-meta.xml')) {
    const layout = readLayout(file);
    push(ui.layouts, layout.object, layout);
  }
  const objectDirs = fs.existsSync(objectsDir)
    ? fs.readdirSync(objectsDir, { withFileTypes: true }).filter((d) => d.isDirectory())
    : [];
  for (const dir of objectDirs) {
    const object = dir.name;
    const folder = path.join(objectsDir, object);
    for (const file of filesIn(path.join(folder, 'compactLayouts'), '.compactLayout-meta.xml')) {
      const xml = readRoot(file, 'CompactLayout');
      push(ui.compactLayouts, object, {
        fullName: text(xml.fullName) || path.basename(file, '.compactLayout-meta.xml'),
        label: text(xml.label),
        fields: list(xml.fields).map(text)
      });
    }
    for (const file of filesIn(path.join(folder, 'listViews'), '.listView-meta.xml')) {
      const xml = readRoot(file, 'ListView');
      push(ui.listViews, object, {
        fullName: text(xml.fullName) || path.basename(file, '.listView-meta.xml'),
        label: text(xml.label),
        columns: list(xml.columns).map(text),
        filterScope: text(xml.filterScope) || 'Everything',
        filters: list(xml.filters).map((f) => ({
          field: text(f.field),
          operation: text(f.operation),
          value: text(f.value)
        })),
        booleanFilter: xml.booleanFilter === undefined ? null : text(xml.booleanFilter)
      });
    }
    const objectFile = path.join(folder, `${object}.object-meta.xml`);
    if (fs.existsSync(objectFile)) {
      const assignment = readRoot(objectFile, 'CustomObject').compactLayoutAssignment;
      if (assignment !== undefined) ui.compactLayoutAssignment.set(object, text(assignment));
    }
  }
  for (const file of filesIn(path.join(root, 'tabs'), '.tab-meta.xml')) {
    const xml = readRoot(file, 'CustomTab');
    ui.tabs.push({
      name: path.basename(file, '.tab-meta.xml'),
      label: xml.label === undefined ? null : text(xml.label),
      motif: xml.motif === undefined ? null : text(xml.motif),
      customObject: text(xml.customObject) === 'true'
    });
  }
  cache.set(objectsDir, ui);
  return ui;
}
