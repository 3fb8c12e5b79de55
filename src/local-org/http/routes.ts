/**
 * The data API's route table: every resource below `/services/data/vXX.X` registers here as
 * `METHOD /pattern` → handler, and one lookup dispatches a request. Patterns are literal segments,
 * `:name` (one segment, URL-decoded) and a final `*name` (the rest of the path). When several
 * patterns match, the most literal one wins (`/sobjects/:object/describe` before
 * `/sobjects/:object/:id`), whatever the order of registration.
 *
 * Handlers are synchronous: composite runs its subrequests through the same table inside one
 * SQLite transaction.
 */
import { SalesforceError, notFound } from '../errors';
import { ApiRequest, ApiResponse } from './types';

export type RouteParams = Record<string, string>;
export type RouteHandler = (req: ApiRequest, params: RouteParams) => ApiResponse;

type Segment =
  { kind: 'literal'; text: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

interface Route {
  method: string;
  pattern: string;
  segments: Segment[];
  /** Higher = more specific; literal segments outrank parameters at the same position. */
  rank: number[];
  handler: RouteHandler;
}

function compile(pattern: string): Segment[] {
  return pattern
    .split('/')
    .filter(Boolean)
    .map((part, index, all): Segment => {
      if (part.startsWith(':')) return { kind: 'param', name: part.slice(1) };
      if (part.startsWith('*')) {
        if (index !== all.length - 1) throw new Error(`route ${pattern}: *${part} must be the last segment`);
        return { kind: 'rest', name: part.slice(1) };
      }
      return { kind: 'literal', text: part.toLowerCase() };
    });
}

function matchSegments(segments: Segment[], parts: string[]): RouteParams | null {
  const params: RouteParams = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'rest') {
      params[segment.name] = parts.slice(i).join('/');
      return params;
    }
    if (i >= parts.length) return null;
    if (segment.kind === 'literal') {
      if (segment.text !== parts[i].toLowerCase()) return null;
    } else {
      params[segment.name] = parts[i];
    }
  }
  return segments.length === parts.length ? params : null;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? -1) - (a[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

export class RouteTable {
  private readonly routes: Route[] = [];

  /** Registers `handler` for `method` (`GET`, `POST`, …) on `pattern`, relative to the version root. */
  add(method: string, pattern: string, handler: RouteHandler): this {
    const segments = compile(pattern);
    this.routes.push({
      method: method.toUpperCase(),
      pattern,
      segments,
      rank: segments.map((s) => (s.kind === 'literal' ? 2 : s.kind === 'param' ? 1 : 0)),
      handler
    });
    this.routes.sort((a, b) => compareRank(a.rank, b.rank));
    return this;
  }

  /**
   * The top-level resources (patterns of one literal segment, such as `/query`), for the version
   * root that lists what this org serves.
   */
  resourceNames(): string[] {
    const names = new Set<string>();
    for (const route of this.routes) {
      if (route.segments.length === 1 && route.segments[0].kind === 'literal') {
        names.add(route.pattern.split('/').filter(Boolean)[0]);
      }
    }
    return [...names].sort();
  }

  /**
   * Dispatches a request: 404 NOT_FOUND when no pattern matches, 405 METHOD_NOT_ALLOWED naming the
   * allowed methods when the path exists under other methods.
   */
  dispatch(req: ApiRequest): ApiResponse {
    const parts = req.path.split('/').filter(Boolean).map(safeDecode);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === req.method || (route.method === 'GET' && req.method === 'HEAD')) {
        return route.handler(req, params);
      }
      allowed.add(route.method);
    }
    if (allowed.size > 0) {
      throw new SalesforceError(
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are ${[...allowed].sort().join(',')}`,
        [],
        405
      );
    }
    throw notFound();
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
