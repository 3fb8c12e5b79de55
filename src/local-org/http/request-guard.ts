/**
 * What the local org checks before it looks at a request's credentials or body, so that a web page
 * in the developer's browser cannot use the org that runs on their machine:
 *
 * - `Host` must name a loopback address (`localhost`, `127.x.x.x`, `[::1]`) or the interface the org
 *   was told to listen on: a DNS-rebinding page reaches 127.0.0.1 under its own host name.
 * - `Origin`, when present, must be the org's own origin or one of `allowedOrigins` (a browser app
 *   served from a sibling port); those get CORS headers, every other origin is refused.
 * - A request that comes from a page (`Origin`, `Referer` or `Sec-Fetch-*` headers) may not carry a
 *   body as `text/plain`, form or multipart data — the "simple request" types a page can send
 *   without a CORS preflight. Only the OAuth endpoints take form data.
 */
import type http from 'node:http';
import type { OrgState } from '../org-state';
import type { ApiResponse } from './types';

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
const SIMPLE_BODY_TYPES = /^(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

const refuse = (status: number, errorCode: string, message: string): ApiResponse => ({
  status,
  body: [{ errorCode, message }]
});

/** The host name of a Host header, without its port (IPv6 keeps its brackets). */
export function hostName(hostHeader: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(hostHeader.trim());
  return (match?.[1] ?? hostHeader).toLowerCase();
}

/** Every origin a page of this org itself can have (its port under each loopback name). */
export function ownOrigins(org: OrgState): string[] {
  const base = new URL(org.baseUrl());
  const port = base.port;
  return [base.origin, `http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

export function isAllowedOrigin(org: OrgState, origin: string): boolean {
  return ownOrigins(org).includes(origin) || org.allowedOrigins.includes(origin);
}

function fromPage(headers: http.IncomingHttpHeaders): boolean {
  return (
    headers.origin !== undefined ||
    headers.referer !== undefined ||
    headers['sec-fetch-mode'] !== undefined ||
    headers['sec-fetch-site'] !== undefined
  );
}

/**
 * The refusal for a request that fails the Host, Origin or content-type checks; null when it may go on.
 *
 * @example
 * guardRequest(org, 'POST', '/_local/clock', { host: 'evil.example:4321' })
 * //=> { status: 403, body: [{ errorCode: 'FORBIDDEN', message: "Host 'evil.example' is not …" }] }
 */
export function guardRequest(
  org: OrgState,
  method: string,
  path: string,
  headers: http.IncomingHttpHeaders
): ApiResponse | null {
  const host = headers.host === undefined ? '' : hostName(headers.host);
  const listenHost = hostName(new URL(org.baseUrl()).host);
  const hostAllowed = LOOPBACK_HOST.test(host) || (host === listenHost && !WILDCARD_HOSTS.has(listenHost));
  if (!hostAllowed) {
    return refuse(
      403,
      'FORBIDDEN',
      `Host '${host}' is not this local org: only loopback host names are served (DNS rebinding protection)`
    );
  }
  const origin = headers.origin;
  if (origin !== undefined && !isAllowedOrigin(org, origin)) {
    return refuse(
      403,
      'FORBIDDEN',
      `Origin '${origin}' may not call this local org; add it to allowedOrigins (--allowed-origin) to serve a browser app from it`
    );
  }
  if (origin === undefined && headers['sec-fetch-site'] === 'cross-site') {
    return refuse(403, 'FORBIDDEN', 'Cross-site requests may not call this local org');
  }
  const contentType = headers['content-type'] ?? '';
  const bodyMethod = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  if (
    bodyMethod &&
    fromPage(headers) &&
    SIMPLE_BODY_TYPES.test(contentType) &&
    !path.startsWith('/services/oauth2/')
  ) {
    return refuse(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Content type '${contentType}' is not accepted from a web page; send application/json`
    );
  }
  return null;
}

/** CORS response headers for an allowed cross-origin caller (none for same-origin or non-browser calls). */
export function corsHeaders(org: OrgState, headers: http.IncomingHttpHeaders): Record<string, string> {
  const origin = headers.origin;
  if (origin === undefined || !org.allowedOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'false',
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      'Authorization, Content-Type, Sforce-Query-Options, Sforce-Call-Options, If-Modified-Since, If-Unmodified-Since, X-Requested-With',
    'Access-Control-Expose-Headers': 'Sforce-Limit-Info',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin'
  };
}
