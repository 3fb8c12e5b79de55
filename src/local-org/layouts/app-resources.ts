/**
 * `GET /recent`, `GET /tabs` and `GET /theme`: what an app shell asks for besides data.
 *
 * - recent: a local org has no UI to view records in, so "recently viewed" is what the caller last
 *   created or changed (by LastModifiedDate, newest first, `?limit=` default 200) across the
 *   layoutable objects.
 * - tabs: the standard object tabs of the objects served, plus the package's custom tabs.
 * - theme: each layoutable object's colour and icons (standard icons by object, custom objects by
 *   their tab's motif).
 */
import { SalesforceError } from '../errors';
import type { OrgState } from '../org-state';
import { ok } from '../http/api-common';
import type { ResourceContext } from '../http/resources';
import type { RouteTable } from '../http/routes';
import { isLayoutable } from '../schema/capabilities';
import { ObjectDef } from '../schema/types';
import { q } from '../store/database';
import { packageName } from './layouts-api';
import { packageUi, TabMeta } from './package-ui';

/** Standard tabs for the standard objects the local org serves, with their SLDS colour. */
const STANDARD_TABS: Record<string, { color: string; icon: string }> = {
  Account: { color: '7F8DE1', icon: 'account' },
  Contact: { color: 'A094ED', icon: 'contact' },
  Lead: { color: 'F88962', icon: 'lead' },
  Opportunity: { color: 'FCB95B', icon: 'opportunity' },
  Campaign: { color: 'F49756', icon: 'campaign' },
  Task: { color: '4BC076', icon: 'task' },
  User: { color: '65CAE4', icon: 'user' }
};
const CUSTOM_COLOR = '3D8CD7';

function iconSet(org: OrgState, kind: 'standard' | 'custom', icon: string) {
  const base = `${org.baseUrl()}/img/icon/t4v35/${kind}/${icon}`;
  return [
    { contentType: 'image/svg+xml', height: 0, theme: 'theme4', url: `${base}.svg`, width: 0 },
    { contentType: 'image/png', height: 60, theme: 'theme4', url: `${base}_60.png`, width: 60 },
    { contentType: 'image/png', height: 120, theme: 'theme4', url: `${base}_120.png`, width: 120 }
  ];
}

/** `Custom53: Bell` → custom53. */
function motifIcon(motif: string | null): string {
  return (/^Custom(\d+)/.exec(motif ?? '')?.[1] ?? '1').replace(/^/, 'custom');
}

function tabFor(org: OrgState, object: ObjectDef | null, tab: TabMeta | null) {
  const standard = object ? STANDARD_TABS[object.name] : undefined;
  const icons = standard
    ? iconSet(org, 'standard', standard.icon)
    : iconSet(org, 'custom', motifIcon(tab?.motif ?? null));
  const name = object?.name ?? tab?.name ?? '';
  return {
    colors: [{ color: standard?.color ?? CUSTOM_COLOR, context: 'primary', theme: 'theme4' }],
    custom: !standard,
    iconUrl: icons[1].url,
    icons,
    label: object?.labelPlural ?? tab?.label ?? name,
    miniIconUrl: icons[1].url,
    name: standard ? `standard-${name}` : name,
    sobjectName: object?.name ?? null,
    url: object ? `${org.baseUrl()}/lightning/o/${object.name}/home` : `${org.baseUrl()}/lightning/n/${name}`
  };
}

function tabs(org: OrgState) {
  const standard = Object.keys(STANDARD_TABS)
    .map((name) => org.schema.find(name))
    .filter((o): o is ObjectDef => o !== undefined)
    .map((object) => tabFor(org, object, null));
  const custom = packageUi(org.objectsDir).tabs.map((tab) => {
    const object = tab.name.endsWith('__c') ? (org.schema.find(org.schema.qualify(tab.name)) ?? null) : null;
    return tabFor(org, object, tab);
  });
  return [...standard, ...custom];
}

function theme(org: OrgState) {
  const ui = packageUi(org.objectsDir);
  return {
    themeItems: org.schema
      .objects()
      .filter(isLayoutable)
      .map((object) => {
        const standard = STANDARD_TABS[object.name];
        const tab = ui.tabs.find((t) => t.name === packageName(object.name)) ?? null;
        return {
          colors: [{ color: standard?.color ?? CUSTOM_COLOR, context: 'primary', theme: 'theme4' }],
          icons: standard
            ? iconSet(org, 'standard', standard.icon)
            : iconSet(org, 'custom', motifIcon(tab?.motif ?? null)),
          name: object.name
        };
      })
  };
}

function recent(org: OrgState, userId: string, limitText: string | null, version: string) {
  const limit = limitText === null ? 200 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new SalesforceError('INVALID_PARAMETER_VALUE', `limit must be between 1 and 200, not ${limitText}`);
  }
  const objects = org.schema
    .objects()
    .filter((o) => isLayoutable(o) && o.fields.some((f) => f.name === 'LastModifiedById'));
  const selects = objects.map((object) => {
    const name = object.fields.find((f) => f.nameField);
    return `SELECT '${object.name}' AS type, "Id" AS id, ${name ? q(name.name) : 'NULL'} AS name, "LastModifiedDate" AS modified FROM ${q(object.name)} WHERE "IsDeleted" = 0 AND "LastModifiedById" = @user`;
  });
  if (selects.length === 0) return [];
  const rows = org.db
    .prepare(`SELECT * FROM (${selects.join(' UNION ALL ')}) ORDER BY modified DESC, id DESC LIMIT ${limit}`)
    .all({ user: userId }) as { type: string; id: string; name: string | null }[];
  return rows.map((row) => ({
    attributes: { type: row.type, url: `/services/data/v${version}/sobjects/${row.type}/${row.id}` },
    Id: row.id,
    Name: row.name
  }));
}

export function registerAppResources(routes: RouteTable, { org }: ResourceContext): void {
  routes
    .add('GET', '/recent', (req) => ok(recent(org, req.userId, req.query.get('limit'), req.version)))
    .add('GET', '/tabs', () => ok(tabs(org)))
    .add('GET', '/theme', () => ok(theme(org)));
}
