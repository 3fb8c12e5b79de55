/**
 * The local org's HTTP front: listens, checks each request (host, origin, credentials, body size),
 * finds its session, counts it, and routes it to the OAuth endpoints, the REST data API or the
 * `/_local/*` controls. Latency and fault injection are in faults-response.ts, the OAuth and
 * identity endpoints in oauth-endpoints.ts.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { secretsEqual } from '../auth/secrets';
import { SalesforceError } from '../errors';
import type { OrgState } from '../org-state';
import { attachStreaming } from '../streaming/bayeux';
import { parseJson } from './api-common';
import { DataApi } from './data-api';
import { handleControl } from './controls-api';
import { injectLatencyAndFaults } from './faults-response';
import { answerIdentity, answerOAuth, isOAuthPath, unauthenticated } from './oauth-endpoints';
import { corsHeaders, guardRequest } from './request-guard';
import { ApiResponse } from './types';
import { serveApp } from '../../app/serve';

const JSON_TYPE = 'application/json;charset=UTF-8';
/** Body limits by kind of request: the REST API's, a token request's, a control's. */
export const BODY_LIMITS = { api: 50 * 1024 * 1024, oauth: 64 * 1024, control: 1024 * 1024 } as const;
/** Versions the org advertises; clients that pick "the latest" get the last one. */
export const API_VERSIONS = Array.from({ length: 66 - 31 + 1 }, (_, i) => `${31 + i}.0`);
export const LATEST_VERSION = API_VERSIONS[API_VERSIONS.length - 1];

/** Route pattern for request counting: ids become `{id}`, the version is dropped. */
export function routeKey(method: string, path: string): string {
  const pattern = path
    .replace(/^\/services\/data\/v\d+\.\d+/, '')
    .replace(/\/[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?(?=\/|$)/g, (segment) =>
      /\d/.test(segment) ? '/{id}' : segment
    )
    .replace(/\/(query|queryAll)\/[A-Za-z0-9]+-\d+$/, '/$1/{locator}');
  return `${method} ${pattern || '/'}`;
}

const tooLarge = (limit: number): ApiResponse => ({
  status: 413,
  body: [
    {
      errorCode: 'JSON_PARSER_ERROR',
      message: `Request body too large: the limit is ${limit} bytes`
    }
  ]
});

/** Reads the body up to `limit` bytes; null when it is longer (the caller answers 413). */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** What a request is, for choosing its credentials and body limit before reading the body. */
type RequestKind = 'control' | 'oauth' | 'api' | 'versions' | 'other';

function requestKind(method: string, path: string): RequestKind {
  if (path === '/_local' || path.startsWith('/_local/')) return 'control';
  if (isOAuthPath(path)) return 'oauth';
  if (path === '/services/data' && method === 'GET') return 'versions';
  if (path.startsWith('/services/') || path.startsWith('/id/')) return 'api';
  return 'other';
}

const CONTROL_TOKEN_REQUIRED = {
  error: 'control token required',
  message:
    'The /_local controls need "Authorization: Bearer <controlToken>" (see .stride/local-org.json or org.controlToken)'
};

function send(
  res: http.ServerResponse,
  response: ApiResponse,
  extraHeaders: Record<string, string> = {}
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...(response.headers ?? {}) };
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (typeof response.body === 'string' && headers['Content-Type']) {
    // A resource that chose its own content type (Bulk API 2.0 CSV results) is sent as it is.
    headers['Content-Length'] = String(Buffer.byteLength(response.body));
    res.writeHead(response.status, headers);
    res.end(response.body);
    return;
  }
  const text = JSON.stringify(response.body);
  headers['Content-Type'] = JSON_TYPE;
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers);
  res.end(text);
}

function errorResponse(error: unknown): ApiResponse {
  if (error instanceof SalesforceError) {
    const body = (error as SalesforceError & { body?: unknown }).body ?? [error.toRestError()];
    return { status: error.httpStatus, body };
  }
  return {
    status: 500,
    body: [
      {
        errorCode: 'UNKNOWN_EXCEPTION',
        message: `An unexpected error occurred: ${(error as Error)?.message ?? String(error)}`
      }
    ]
  };
}

export class LocalOrgServer {
  private readonly server: http.Server;
  private readonly data: DataApi;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly org: OrgState) {
    this.data = new DataApi(org);
    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, errorResponse(error));
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5000;
    attachStreaming(this.server, org); // Streaming API (CDC over Bayeux) at /cometd/<version>
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening on 127.0.0.1 (port 0 = any free port); returns the port. */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** Stops accepting requests and drops open connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const socket of this.sockets) socket.destroy();
      this.server.close(() => resolve());
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Parse against an explicit origin: '//services/…' would otherwise read as a host name.
    const url = new URL(`http://local${req.url ?? '/'}`);
    // sf stores the instance URL with a trailing slash, so clients send //services/...
    const path = url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    const method = (req.method ?? 'GET').toUpperCase();

    // Host, Origin and content type first, then credentials, then the body: nobody gets the
    // server to read (or buffer) a body without being allowed to send one.
    const refused = guardRequest(this.org, method, path, req.headers);
    if (refused) {
      this.refuse(res, refused);
      return;
    }
    const cors = corsHeaders(this.org, req.headers);
    if (method === 'OPTIONS' && req.headers.origin !== undefined) {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (path === '/app' || path.startsWith('/app/')) return serveApp(this.org, req, res, path);
    const kind = requestKind(method, path);
    let userId: string | null = null;
    if (kind === 'control') {
      if (!this.hasControlToken(req.headers)) {
        this.refuse(res, { status: 401, body: CONTROL_TOKEN_REQUIRED }, cors);
        return;
      }
    } else if (kind === 'api') {
      userId = this.authenticate(req.headers);
      if (!userId) {
        this.refuse(res, unauthenticated(path), cors);
        return;
      }
    } else if (kind === 'other') {
      this.refuse(res, NOT_FOUND, cors);
      return;
    }
    const limit =
      kind === 'control' ? BODY_LIMITS.control : kind === 'oauth' ? BODY_LIMITS.oauth : BODY_LIMITS.api;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      this.refuse(res, tooLarge(limit), cors);
      return;
    }
    const rawBody = await readBody(req, limit);
    if (rawBody === null) {
      this.refuse(res, tooLarge(limit), cors);
      return;
    }

    if (kind === 'control') {
      send(res, await handleControl(this.org, method, path, rawBody), cors);
      return;
    }

    const key = routeKey(method, path);
    this.org.requestCounts.set(key, (this.org.requestCounts.get(key) ?? 0) + 1);
    const fault = await injectLatencyAndFaults(this.org, method, path, url.searchParams, rawBody);
    if (fault.action === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault.action === 'answer') {
      const limitInfo: Record<string, string> = path.startsWith('/services/data/v')
        ? { 'Sforce-Limit-Info': this.org.limitInfoHeader() }
        : {};
      send(res, fault.response, limitInfo);
      return;
    }

    const response = this.route(method, path, url.searchParams, rawBody, req.headers, userId);
    if (fault.dropAfterCommit) {
      req.socket.destroy();
      return;
    }
    const extra: Record<string, string> = /^\/services\/data\/v\d+\.\d+/.test(path)
      ? { ...cors, 'Sforce-Limit-Info': this.org.limitInfoHeader() }
      : cors;
    send(res, response, extra);
  }

  /** Answers a refused request and closes the connection (its body, if any, is never read). */
  private refuse(
    res: http.ServerResponse,
    response: ApiResponse,
    extraHeaders: Record<string, string> = {}
  ): void {
    send(res, response, { ...extraHeaders, Connection: 'close' });
  }

  private hasControlToken(headers: http.IncomingHttpHeaders): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
    return match !== null && secretsEqual(match[1], this.org.secrets.controlToken());
  }

  private authenticate(headers: http.IncomingHttpHeaders): string | null {
    const header = headers.authorization ?? '';
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
    // SOAP-era and Bulk clients send the session id in X-SFDC-Session instead.
    const sessionHeader = headers['x-sfdc-session'];
    const token = match?.[1] ?? (typeof sessionHeader === 'string' ? sessionHeader : null);
    if (!token) return null;
    return this.org.session(token.trim())?.userId ?? null;
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    rawBody: string,
    headers: http.IncomingHttpHeaders,
    userId: string | null
  ): ApiResponse {
    try {
      const oauth = answerOAuth(this.org, method, path, query, rawBody, headers);
      if (oauth) return oauth;
      if (path === '/services/data' && method === 'GET') {
        return {
          status: 200,
          body: API_VERSIONS.map((v) => ({ label: `Version ${v}`, url: `/services/data/v${v}`, version: v }))
        };
      }
      if (!userId) return unauthenticated(path);
      const identity = answerIdentity(this.org, path, userId);
      if (identity) return identity;
      const data = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(path);
      if (data) {
        this.org.countApiCall();
        // CSV uploads (Bulk API 2.0) reach their resource as text; everything else is JSON.
        const body = !rawBody
          ? undefined
          : /^text\/csv/i.test(headers['content-type'] ?? '')
            ? rawBody
            : parseJson(rawBody);
        const lowerHeaders = Object.fromEntries(
          Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v])
        );
        return this.data.handle({
          method,
          path: data[2] ?? '',
          version: data[1],
          query,
          body,
          headers: lowerHeaders,
          userId
        });
      }
      return NOT_FOUND;
    } catch (error) {
      return errorResponse(error);
    }
  }
}

const NOT_FOUND: ApiResponse = {
  status: 404,
  body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
};
