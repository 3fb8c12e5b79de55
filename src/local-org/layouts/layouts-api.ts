/**
 * Layout resources: `GET /sobjects/X/describe/layouts` (page layouts), `/sobjects/X/describe/compactLayouts`,
 * `/sobjects/Global/describe/layouts` (the global publisher layout) and `GET /compactLayouts?q=A,B`.
 *
 * A package object answers with its layout metadata; every other layoutable object (and a package
 * object without a layout file) gets the standard default an org generates: an "Information"
 * section with the object's editable fields in two columns, and a "System Information" section.
 * The system default compact layout holds the name field. Objects that are not layoutable (describe
 * says so) answer 404 as in an org.
 */
import { makeId } from '../ids';
import type { OrgState } from '../org-state';
import { SalesforceError, notFound } from '../errors';
import { ok } from '../http/api-common';
import { describeField } from '../http/describe';
import type { ResourceContext } from '../http/resources';
import type { RouteTable } from '../http/routes';
import { isLayoutable } from '../schema/capabilities';
import { FieldDef, ObjectDef } from '../schema/types';
import { LayoutItemMeta, LayoutMeta, LayoutSectionMeta, packageUi } from './package-ui';

/** The name the package's files use for an object (without the namespace prefix). */
export function packageName(objectName: string): string {
  return objectName.replace(/^[A-Za-z0-9]+__(?=.+__c$)/, '');
}

const SYSTEM_FIELDS = new Set(['CreatedById', 'LastModifiedById']);
const MASTER_RECORD_TYPE = '012000000000000AAA';

/** Stable ids for layouts and sections: a fixed prefix and the object's position in the schema. */
function stableId(org: OrgState, prefix: string, object: ObjectDef, index = 0): string {
  const position = org.schema.objects().findIndex((o) => o.name === object.name);
  return makeId(prefix, (position + 1) * 100 + index);
}

export function layoutableObject(org: OrgState, name: string): ObjectDef {
  const object = org.schema.find(name);
  if (!object || !isLayoutable(object)) throw notFound();
  return object;
}

/** The standard default page layout of an object. */
function defaultLayout(object: ObjectDef): LayoutMeta {
  const information = object.fields.filter(
    (f) => (f.updateable || f.nameField) && f.name !== 'Id' && !SYSTEM_FIELDS.has(f.name)
  );
  const half = Math.ceil(information.length / 2);
  const item = (f: FieldDef): LayoutItemMeta => ({
    field: f.name,
    behavior: f.required ? 'Required' : 'Edit'
  });
  const sections: LayoutSectionMeta[] = [
    {
      label: 'Information',
      style: 'TwoColumnsTopToBottom',
      detailHeading: true,
      editHeading: true,
      columns: [information.slice(0, half).map(item), information.slice(half).map(item)]
    },
    {
      label: 'System Information',
      style: 'TwoColumnsTopToBottom',
      detailHeading: true,
      editHeading: false,
      columns: [
        [{ field: 'CreatedById', behavior: 'Readonly' }],
        [{ field: 'LastModifiedById', behavior: 'Readonly' }]
      ]
    }
  ];
  return { object: object.name, name: `${object.label} Layout`, sections, relatedLists: [] };
}

function layoutFor(org: OrgState, object: ObjectDef): LayoutMeta {
  const layouts = packageUi(org.objectsDir).layouts.get(packageName(object.name));
  return layouts?.[0] ?? defaultLayout(object);
}

function layoutItem(org: OrgState, object: ObjectDef, meta: LayoutItemMeta | undefined, tabOrder: number) {
  if (!meta) {
    return {
      editableForNew: false,
      editableForUpdate: false,
      label: '',
      layoutComponents: [],
      placeholder: true,
      required: false
    };
  }
  const field = org.schema.field(object, org.schema.qualify(meta.field));
  if (!field) {
    throw new SalesforceError(
      'INVALID_FIELD',
      `Layout ${object.name}: no field ${meta.field} on ${object.name}`
    );
  }
  const readOnly = meta.behavior === 'Readonly' || SYSTEM_FIELDS.has(field.name);
  return {
    editableForNew: !readOnly && field.createable,
    editableForUpdate: !readOnly && field.updateable,
    label: field.label,
    layoutComponents: [
      { details: describeField(field), displayLines: 1, tabOrder, type: 'Field', value: field.name }
    ],
    placeholder: false,
    required: meta.behavior === 'Required' || field.required
  };
}

function sectionFor(
  org: OrgState,
  object: ObjectDef,
  layoutId: string,
  section: LayoutSectionMeta,
  index: number
) {
  const columns = section.columns.length || 1;
  const rows = Math.max(0, ...section.columns.map((c) => c.length));
  let tabOrder = 0;
  const layoutRows = Array.from({ length: rows }, (_, row) => ({
    layoutItems: Array.from({ length: columns }, (_, column) =>
      layoutItem(org, object, section.columns[column]?.[row], ++tabOrder)
    ),
    numItems: columns
  }));
  return {
    collapsed: false,
    columns,
    heading: section.label,
    layoutRows,
    layoutSectionId: stableId(org, '01B', object, index),
    parentLayoutId: layoutId,
    rows,
    tabOrder: section.style.endsWith('LeftToRight') ? 'LeftToRight' : 'TopToBottom',
    useCollapsibleSection: false,
    useHeading: section.detailHeading
  };
}

function relatedListsFor(org: OrgState, object: ObjectDef, layout: LayoutMeta) {
  return layout.relatedLists.flatMap((related) => {
    // `Child__c.Parent__c` names the lookup; standard lists (histories, activities) are not served.
    const key = related.relatedList
      .split('.')
      .map((part) => org.schema.qualify(part))
      .join('.');
    const relationship = object.childRelationships.find((r) => `${r.childSObject}.${r.field}` === key);
    if (!relationship) return [];
    const child = org.schema.find(relationship.childSObject) as ObjectDef;
    const columns = related.fields.flatMap((name) => {
      const field =
        name === 'NAME'
          ? child.fields.find((f) => f.nameField)
          : org.schema.field(child, org.schema.qualify(name));
      return field
        ? [
            {
              field: `${child.name}.${field.name}`,
              fieldApiName: field.name,
              label: field.label,
              name: field.name
            }
          ]
        : [];
    });
    return [
      {
        accessLevelRequiredForCreate: null,
        buttons: [],
        columns,
        custom: relationship.childSObject.endsWith('__c'),
        field: relationship.field,
        label: org.schema.find(relationship.childSObject)?.labelPlural ?? relationship.childSObject,
        limitRows: 5,
        name: relationship.relationshipName,
        sobject: relationship.childSObject,
        sort: []
      }
    ];
  });
}

function describeLayout(org: OrgState, object: ObjectDef, version: string) {
  const layout = layoutFor(org, object);
  const id = stableId(org, '00h', object);
  const sections = layout.sections.map((s, i) => sectionFor(org, object, id, s, i));
  return {
    buttonLayoutSection: { detailButtons: [] },
    detailLayoutSections: sections,
    editLayoutSections: sections.filter(
      (_, i) => layout.sections[i].editHeading || layout.sections[i].label !== 'System Information'
    ),
    feedView: null,
    highlightsPanelLayoutSection: null,
    id,
    multirowEditLayoutSections: [],
    offlineLinks: [],
    quickActionList: { quickActionListItems: [] },
    relatedContent: null,
    relatedLists: relatedListsFor(org, object, layout),
    saveOptions: [],
    urls: {
      layout: `/services/data/v${version}/sobjects/${object.name}/describe/layouts/${MASTER_RECORD_TYPE}`
    }
  };
}

function recordTypeMapping(org: OrgState, object: ObjectDef, version: string, layoutId: string) {
  return {
    active: true,
    available: true,
    defaultRecordTypeMapping: true,
    developerName: 'Master',
    layoutId,
    master: true,
    name: 'Master',
    picklistsForRecordType: [],
    recordTypeId: MASTER_RECORD_TYPE,
    urls: {
      layout: `/services/data/v${version}/sobjects/${object.name}/describe/layouts/${MASTER_RECORD_TYPE}`
    }
  };
}

function compactLayouts(org: OrgState, object: ObjectDef, version: string) {
  const ui = packageUi(org.objectsDir);
  const name = packageName(object.name);
  const nameField = object.fields.find((f) => f.nameField) ?? object.fields.find((f) => f.name === 'Id');
  const items = (fields: string[]) =>
    fields.map((f, i) => layoutItem(org, object, { field: f, behavior: 'Readonly' }, i + 1));
  const layouts = [
    {
      actions: [],
      fieldItems: items([nameField?.name ?? 'Id']),
      id: null as string | null,
      imageItems: [],
      label: 'System Default',
      name: 'SYSTEM',
      objectType: object.name
    },
    ...(ui.compactLayouts.get(name) ?? []).map((meta, i) => ({
      actions: [],
      fieldItems: items(meta.fields),
      id: stableId(org, '0AH', object, i + 1) as string | null,
      imageItems: [],
      label: meta.label,
      name: meta.fullName,
      objectType: object.name
    }))
  ];
  const assigned = ui.compactLayoutAssignment.get(name);
  const primary = layouts.find((l) => l.name === assigned) ?? layouts[0];
  return {
    compactLayouts: layouts,
    defaultCompactLayoutId: primary.id,
    recordTypeCompactLayoutMappings: [
      {
        available: true,
        compactLayoutId: primary.id,
        compactLayoutName: primary.name,
        recordTypeId: MASTER_RECORD_TYPE,
        recordTypeName: 'Master',
        urls: {
          compactLayout: `/services/data/v${version}/sobjects/${object.name}/describe/compactLayouts/${MASTER_RECORD_TYPE}`
        }
      }
    ]
  };
}

export function registerLayouts(routes: RouteTable, { org }: ResourceContext): void {
  routes
    .add('GET', '/sobjects/Global/describe/layouts', () =>
      // The global publisher layout: the local org defines no global quick actions.
      ok({
        layouts: [{ id: makeId('00h', 1), quickActionList: { quickActionListItems: [] } }],
        recordTypeMappings: [],
        recordTypeSelectorRequired: [false]
      })
    )
    .add('GET', '/sobjects/:object/describe/layouts', (req, p) => {
      const object = layoutableObject(org, p.object);
      const layout = describeLayout(org, object, req.version);
      return ok({
        layouts: [layout],
        recordTypeMappings: [recordTypeMapping(org, object, req.version, layout.id)],
        recordTypeSelectorRequired: [false]
      });
    })
    .add('GET', '/sobjects/:object/describe/layouts/:recordTypeId', (req, p) => {
      const object = layoutableObject(org, p.object);
      if (p.recordTypeId !== MASTER_RECORD_TYPE && p.recordTypeId !== MASTER_RECORD_TYPE.slice(0, 15))
        throw notFound();
      return ok(describeLayout(org, object, req.version));
    })
    .add('GET', '/sobjects/:object/describe/compactLayouts', (req, p) =>
      ok(compactLayouts(org, layoutableObject(org, p.object), req.version))
    )
    .add('GET', '/compactLayouts', (req) => {
      const names = (req.query.get('q') ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.length === 0)
        throw new SalesforceError('MISSING_ARGUMENT', 'q must list the objects, e.g. q=Account,Contact');
      const answer: Record<string, unknown> = {};
      for (const name of names) {
        const object = layoutableObject(org, name);
        const all = compactLayouts(org, object, req.version);
        answer[object.name] =
          all.compactLayouts.find((l) => l.id === all.defaultCompactLayoutId) ?? all.compactLayouts[0];
      }
      return ok(answer);
    });
}
