/**
 * The one place where the data API's resource modules register their routes. Each module exports
 * `register(routes, context)` and is listed below with one line; the version root
 * (`GET /services/data/vXX.X`) lists exactly the top-level resources registered here and in
 * `data-api.ts`.
 */
import type { OrgState } from '../org-state';
import { registerBulk } from '../bulk/bulk-api';
import { registerAppResources } from '../layouts/app-resources';
import { registerLayouts } from '../layouts/layouts-api';
import { registerListViews } from '../layouts/list-views';
import { registerSearch } from '../search/search-api';
import { registerSObjectTree } from './sobject-tree';
import type { RouteTable } from './routes';
import type { ApiRequest, ApiResponse } from './types';

/** What a resource module may use besides the org: the data API itself (for nested requests). */
export interface ResourceContext {
  org: OrgState;
  /** Dispatches a request through the whole data API (as composite does). */
  handle: (req: ApiRequest) => ApiResponse;
  /** Reads one record with the given fields (comma-separated, or null for all). */
  retrieve: (
    objectName: string,
    id: string,
    fields: string | null,
    version: string,
    userId: string
  ) => Record<string, unknown>;
}

export type ResourceModule = (routes: RouteTable, context: ResourceContext) => void;

const RESOURCE_MODULES: ResourceModule[] = [
  registerSearch, // /search, /parameterizedSearch
  registerBulk, // /jobs/ingest…, /jobs/query… (Bulk API 2.0)
  registerSObjectTree, // /composite/tree/{sObject}
  registerLayouts, // /sobjects/X/describe/layouts|compactLayouts, /sobjects/Global/describe/layouts, /compactLayouts
  registerListViews, // /sobjects/X/listviews[/{id}[/describe|/results]]
  registerAppResources // /recent, /tabs, /theme
];

export function registerResources(routes: RouteTable, context: ResourceContext): void {
  for (const register of RESOURCE_MODULES) register(routes, context);
}
