/**
 * `lightning/graphql` over the local org's GraphQL endpoint (POST /services/data/vXX.X/graphql).
 * The wire hands components `{ data, errors, refresh }` as the platform does; `refresh()` and
 * `refreshGraphQL(result)` re-run the query.
 */
import { apiRequest } from './uiApi';
import { LiveWire } from './liveWire';
import { reduceToMessages } from './errors';

/** The platform parses the document at compile time; here the text is sent as written. */
export function gql(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

interface GraphQLConfig {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

interface GraphQLResponse {
  data?: unknown;
  errors?: Array<{ message: string }>;
}

export class graphql extends LiveWire<GraphQLConfig> {
  private readonly refresh = (): Promise<void> => this.reload(true);

  protected override ready(config: GraphQLConfig): boolean {
    // Variables may be undefined (a query without them); the document may not.
    return (
      typeof config.query === 'string' && Object.values(config.variables ?? {}).every((v) => v !== undefined)
    );
  }

  protected load(config: GraphQLConfig): Promise<unknown> {
    return apiRequest<GraphQLResponse>('POST', '/graphql', {
      query: config.query,
      variables: config.variables ?? {},
      operationName: config.operationName
    });
  }

  protected toResult(data: unknown, error: unknown): unknown {
    if (error)
      return {
        data: undefined,
        errors: reduceToMessages(error).map((message) => ({ message })),
        refresh: this.refresh
      };
    const response = data as GraphQLResponse;
    return {
      data: response.data ?? undefined,
      errors: response.errors?.length ? response.errors : undefined,
      refresh: this.refresh
    };
  }
}

/** Re-runs the query behind a graphql wire result. */
export function refreshGraphQL(result: { refresh?: () => Promise<void> } | undefined): Promise<void> {
  return result?.refresh?.() ?? Promise.resolve();
}
