/**
 * The UI API of the local org: `graphql`, `ui-api/records…` and `ui-api/object-info…` below
 * `/services/data/vXX.X`. The data API delegates here with one line; each resource has its module.
 */
import { notFound } from '../errors';
import type { ApiRequest, ApiResponse } from '../http/types';
import type { OrgState } from '../org-state';
import { UiApiAccess } from './access';
import { GraphQLApi } from './graphql-api';
import { ObjectInfoApi } from './object-info';
import { RecordsApi } from './records-api';

export class UiApi {
  private readonly graphql: GraphQLApi;
  private readonly records: RecordsApi;
  private readonly objectInfo: ObjectInfoApi;

  constructor(org: OrgState, access = new UiApiAccess(org)) {
    this.graphql = new GraphQLApi(org, access);
    this.records = new RecordsApi(org, access);
    this.objectInfo = new ObjectInfoApi(org, access);
  }

  /** `parts`: the path below the version, split (`['graphql']`, `['ui-api', 'records', id]` …). */
  handle(req: ApiRequest, parts: string[]): ApiResponse {
    const [head, resource, ...rest] = parts;
    if (head === 'graphql' && parts.length === 1) return this.graphql.handle(req);
    if (head === 'ui-api' && resource === 'records') return this.records.handle(req, rest);
    if (head === 'ui-api' && resource === 'object-info') return this.objectInfo.handle(req, rest);
    throw notFound();
  }
}
