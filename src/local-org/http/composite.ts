/**
 * Composite resources: `/composite` (subrequests with `@{ref.path}` references, all-or-none in one
 * transaction), `/composite/batch` (independent subrequests) and `/composite/graph`.
 */
import { SalesforceError } from '../errors';
import type { OrgState } from '../org-state';
import { asObject, ok, Rollback } from './api-common';
import { ApiRequest, ApiResponse } from './types';

export class CompositeApi {
  constructor(
    private readonly org: OrgState,
    /** Runs one subrequest against the data API. */
    private readonly dispatch: (req: ApiRequest) => ApiResponse
  ) {}

  /** `POST /composite`: up to 25 subrequests with references, optionally all-or-none. */
  composite(req: ApiRequest): ApiResponse {
    const body = asObject(req.body, 'The request body');
    const subrequests = body.compositeRequest;
    if (!Array.isArray(subrequests) || subrequests.length === 0) {
      throw new SalesforceError('JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array');
    }
    if (subrequests.length > COMPOSITE_LIMITS.subrequests) {
      throw new SalesforceError('LIMIT_EXCEEDED', 'Exceeded max limit of subrequests: 25');
    }
    const heavy = subrequests.filter((sub) =>
      HEAVY_SUBREQUEST.test(String(asObject(sub, 'Each subrequest').url ?? ''))
    );
    if (heavy.length > COMPOSITE_LIMITS.queryOrCollectionSubrequests) {
      throw new SalesforceError(
        'LIMIT_EXCEEDED',
        `Exceeded max limit of query and sObject Collections subrequests: ${COMPOSITE_LIMITS.queryOrCollectionSubrequests} (got ${heavy.length})`
      );
    }
    const allOrNone = body.allOrNone === true;
    return ok({
      compositeResponse: this.runComposite(req, subrequests as Record<string, unknown>[], allOrNone)
    });
  }

  /** Runs composite subrequests in order, resolving `@{ref.path}` references between them. */
  private runComposite(
    req: ApiRequest,
    subrequests: Record<string, unknown>[],
    allOrNone: boolean
  ): Record<string, unknown>[] {
    const references = new Map<string, unknown>();
    const responses: Record<string, unknown>[] = [];
    let failed = false;
    const run = () => {
      for (const sub of subrequests) {
        const referenceId = String(sub.referenceId ?? '');
        if (failed && allOrNone) {
          responses.push(
            halted(
              referenceId,
              'The transaction was rolled back since another operation in the same transaction failed.'
            )
          );
          continue;
        }
        let response: ApiResponse;
        try {
          const url = resolveReferences(String(sub.url ?? ''), references) as string;
          const subBody = resolveReferences(sub.body, references);
          response = this.dispatchSub(
            req,
            String(sub.method ?? 'GET').toUpperCase(),
            url,
            subBody,
            allOrNone,
            (sub.httpHeaders ?? {}) as Record<string, string>
          );
        } catch (error) {
          if (!(error instanceof SalesforceError)) throw error;
          response = { status: error.httpStatus, body: [error.toRestError()] };
        }
        if (response.status >= 400) failed = true;
        else references.set(referenceId, response.body);
        responses.push({
          body: response.body ?? null,
          httpHeaders: response.headers ?? {},
          httpStatusCode: response.status,
          referenceId
        });
      }
      if (failed && allOrNone) throw new Rollback();
    };
    try {
      this.org.store.transaction(run);
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      // Everything rolled back: successful subrequests report that they were halted.
      return responses.map((r) =>
        (r.httpStatusCode as number) < 400
          ? halted(
              String(r.referenceId),
              'The transaction was rolled back since another operation in the same transaction failed.'
            )
          : r
      );
    }
    return responses;
  }

  private dispatchSub(
    req: ApiRequest,
    method: string,
    url: string,
    body: unknown,
    allOrNone: boolean,
    headers: Record<string, string>
  ): ApiResponse {
    const parsed = new URL(url, 'http://composite.local');
    const match = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(parsed.pathname.replace(/\/{2,}/g, '/'));
    if (!match) throw new SalesforceError('INVALID_INPUT', `Invalid URL in composite subrequest: ${url}`);
    const sub: ApiRequest = {
      method,
      path: (match[2] ?? '').replace(/\/$/, ''),
      version: match[1],
      query: parsed.searchParams,
      body,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      userId: req.userId,
      outerAllOrNone: allOrNone ? true : undefined
    };
    if (sub.path.startsWith('/composite') && !sub.path.startsWith('/composite/sobjects')) {
      throw new SalesforceError('INVALID_INPUT', 'Composite subrequests cannot be composite requests');
    }
    // Each subrequest is atomic on its own when the request is not all-or-none.
    return allOrNone ? this.dispatch(sub) : this.org.store.transaction(() => this.dispatch(sub));
  }

  /**
   * `POST /composite/batch`: up to 25 independent subrequests (`{method, url, richInput}`), each
   * counted as an API call; `haltOnError` skips the rest after a failure (412 BATCH_PROCESSING_HALTED).
   */
  batch(req: ApiRequest): ApiResponse {
    const body = asObject(req.body, 'The request body');
    const subrequests = body.batchRequests;
    if (!Array.isArray(subrequests) || subrequests.length === 0) {
      throw new SalesforceError('JSON_PARSER_ERROR', 'batchRequests must be a non-empty array');
    }
    if (subrequests.length > 25)
      throw new SalesforceError('LIMIT_EXCEEDED', 'Exceeded max limit of subrequests: 25');
    let halted = false;
    const results = (subrequests as Record<string, unknown>[]).map((sub, index) => {
      if (halted) {
        return {
          statusCode: 412,
          result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }]
        };
      }
      let response: ApiResponse;
      try {
        // The batch itself was counted; each further subrequest counts as one more call.
        if (index > 0) this.org.countApiCall();
        const url = String(sub.url ?? '');
        const absolute = url.startsWith('/services/')
          ? url
          : `/services/data/v${req.version}/${url.replace(/^\/?v\d+\.\d+\//, '')}`;
        response = this.dispatchSub(
          req,
          String(sub.method ?? 'GET').toUpperCase(),
          absolute,
          sub.richInput,
          false,
          {}
        );
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        response = { status: error.httpStatus, body: [error.toRestError()] };
      }
      if (response.status >= 400 && body.haltOnError === true) halted = true;
      return { statusCode: response.status, result: response.body ?? null };
    });
    return ok({ hasErrors: results.some((r) => r.statusCode >= 400), results });
  }

  /** `POST /composite/graph`: each graph is all-or-none. */
  graph(req: ApiRequest): ApiResponse {
    const body = asObject(req.body, 'The request body');
    const graphs = body.graphs;
    if (!Array.isArray(graphs)) throw new SalesforceError('JSON_PARSER_ERROR', 'graphs must be an array');
    checkGraphLimits(graphs);
    const results = graphs.map((g) => {
      const graph = asObject(g, 'Each graph');
      const responses = this.runComposite(
        req,
        (graph.compositeRequest ?? []) as Record<string, unknown>[],
        true
      );
      return {
        graphId: graph.graphId,
        graphResponse: { compositeResponse: responses },
        isSuccessful: responses.every((r) => (r.httpStatusCode as number) < 400)
      };
    });
    return ok({ graphs: results });
  }
}

/**
 * Salesforce's composite limits (REST API Developer Guide, "Composite" and "Composite Graph
 * Limits"): checked before any subrequest runs, so an oversized request costs nothing.
 */
export const COMPOSITE_LIMITS = {
  subrequests: 25,
  queryOrCollectionSubrequests: 5,
  graphsPerPayload: 75,
  nodesPerGraph: 500,
  nodesPerPayload: 500,
  graphDepth: 15
} as const;

/** Subrequests that count against the composite limit of 5 queries / sObject Collections. */
const HEAVY_SUBREQUEST = /\/(query|queryAll)(\/|\?|$)|\/composite\/sobjects/;

function limitExceeded(message: string): never {
  throw new SalesforceError('LIMIT_EXCEEDED', message);
}

/** Counts graphs, nodes and reference depth of a graph request; throws past Salesforce's limits. */
function checkGraphLimits(graphs: unknown[]): void {
  if (graphs.length > COMPOSITE_LIMITS.graphsPerPayload) {
    limitExceeded(
      `Exceeded max limit of graphs: ${COMPOSITE_LIMITS.graphsPerPayload} (got ${graphs.length})`
    );
  }
  let nodesInPayload = 0;
  for (const g of graphs) {
    const graph = asObject(g, 'Each graph');
    const nodes = Array.isArray(graph.compositeRequest) ? graph.compositeRequest : [];
    const graphId = String(graph.graphId ?? '');
    if (nodes.length > COMPOSITE_LIMITS.nodesPerGraph) {
      limitExceeded(
        `Graph ${graphId} exceeds the max limit of nodes per graph: ${COMPOSITE_LIMITS.nodesPerGraph} (got ${nodes.length})`
      );
    }
    nodesInPayload += nodes.length;
    if (nodesInPayload > COMPOSITE_LIMITS.nodesPerPayload) {
      limitExceeded(`Exceeded max limit of nodes in a graph request: ${COMPOSITE_LIMITS.nodesPerPayload}`);
    }
    // A node's depth is one more than the deepest node it references (@{ref…} in its url or body).
    const depth = new Map<string, number>();
    for (const node of nodes) {
      const sub = asObject(node, 'Each graph node');
      checkGraphNodeResource(graphId, sub);
      const text = JSON.stringify([sub.url ?? '', sub.body ?? null]);
      let nodeDepth = 1;
      for (const match of text.matchAll(/@\{([A-Za-z0-9_]+)/g)) {
        nodeDepth = Math.max(nodeDepth, (depth.get(match[1]) ?? 0) + 1);
      }
      if (nodeDepth > COMPOSITE_LIMITS.graphDepth) {
        limitExceeded(
          `Graph ${graphId} exceeds the max depth of ${COMPOSITE_LIMITS.graphDepth} (node ${String(sub.referenceId ?? '')})`
        );
      }
      depth.set(String(sub.referenceId ?? ''), nodeDepth);
    }
  }
}

/**
 * Graph nodes may only be single-record sObject requests (REST API Developer Guide, "Composite
 * Graphs"): `POST /sobjects/X`, `GET|PATCH|DELETE /sobjects/X/id`, and by external id
 * `GET|PATCH|POST|DELETE /sobjects/X/field/value`. Queries and sObject Collections are refused.
 */
function checkGraphNodeResource(graphId: string, node: Record<string, unknown>): void {
  const method = String(node.method ?? '');
  const path = new URL(String(node.url ?? ''), 'http://graph.local').pathname;
  const segments = /^\/services\/data\/v\d+\.\d+\/sobjects\/(.+?)\/?$/.exec(path)?.[1].split('/') ?? [];
  const allowed = GRAPH_NODE_METHODS[segments.length] ?? [];
  if (!allowed.includes(method)) {
    throw new SalesforceError(
      'INVALID_INPUT',
      `Graph ${graphId} node ${String(node.referenceId ?? '')}: ${method} ${String(node.url ?? '')} is not supported in a composite graph, which takes only sObject requests (/sobjects/Type, /sobjects/Type/id, /sobjects/Type/field/value)`
    );
  }
}

/** The methods a graph node may use, by the number of path segments after `/sobjects/`. */
const GRAPH_NODE_METHODS: Record<number, string[]> = {
  1: ['POST'],
  2: ['GET', 'PATCH', 'DELETE'],
  3: ['GET', 'PATCH', 'POST', 'DELETE']
};

function halted(referenceId: string, message: string): Record<string, unknown> {
  return {
    body: [{ errorCode: 'PROCESSING_HALTED', message }],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId
  };
}

/** Replaces `@{ref.path}` in strings (URLs and body values) with values from earlier responses. */
function resolveReferences(value: unknown, references: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g,
      (_m, ref: string, path: string) => {
        if (!references.has(ref)) {
          throw new SalesforceError(
            'PROCESSING_HALTED',
            `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`
          );
        }
        let current: unknown = references.get(ref);
        for (const step of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
          const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
          current =
            current !== null && typeof current === 'object'
              ? (current as Record<string | number, unknown>)[key]
              : undefined;
        }
        if (current === undefined || current === null) {
          throw new SalesforceError(
            'PROCESSING_HALTED',
            `Invalid reference specified. No value for ${ref}${path} found in ${ref}.`
          );
        }
        return String(current);
      }
    );
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, references));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, references)]));
  }
  return value;
}
