/**
 * The local org's HTTP front: OAuth and identity endpoints, the REST data API with session checks,
 * API-call counting (Sforce-Limit-Info), added latency and fault injection, and the `/_local/*`
 * control endpoints for tests and companion processes.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SalesforceError } from '../errors';
import type { OrgState } from '../org-state';
import { DataApi } from './data-api';
import { handleControl } from './controls-api';
import { ApiResponse } from './types';

const JSON_TYPE = 'application/json;charset=UTF-8';
const MAX_BODY_BYTES = 50 * 1024 * 1024;
/** Versions the org advertises; clients that pick "the latest" get the last one. */
export const API_VERSIONS = Array.from({ length: 66 - 31 + 1 }, (_, i) => `${31 + i}.0`);
export const LATEST_VERSION = API_VERSIONS[API_VERSIONS.length - 1];

const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SalesforceError('JSON_PARSER_ERROR', 'Request body too large', [], 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

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
    const rawBody = await readBody(req);

    if (path.startsWith('/_local/') || path === '/_local') {
      send(res, await handleControl(this.org, method, path, rawBody));
      return;
    }

    const key = routeKey(method, path);
    this.org.requestCounts.set(key, (this.org.requestCounts.get(key) ?? 0) + 1);
    if (this.org.latencyMs > 0) await sleep(this.org.latencyMs);

    const fault = this.org.faults.decide(method, path);
    let dropAfterCommit = false;
    if (fault) {
      switch (fault.kind) {
        case 'DELAY':
          await sleep(fault.rule.delayMs ?? 1000);
          break;
        case 'TIMEOUT':
          await sleep(fault.rule.delayMs ?? 30_000);
          req.socket.destroy();
          return;
        case 'RESET':
          req.socket.destroy();
          return;
        case 'RESET_AFTER_COMMIT':
          dropAfterCommit = true;
          break;
        default: {
          const response = this.faultResponse(
            fault.kind,
            method,
            path,
            url.searchParams,
            fault.rule.status,
            rawBody
          );
          send(
            res,
            response,
            path.startsWith('/services/data/v') ? { 'Sforce-Limit-Info': this.org.limitInfoHeader() } : {}
          );
          return;
        }
      }
    }

    const response = this.route(method, path, url.searchParams, rawBody, req.headers);
    if (dropAfterCommit) {
      req.socket.destroy();
      return;
    }
    const extra: Record<string, string> = /^\/services\/data\/v\d+\.\d+/.test(path)
      ? { 'Sforce-Limit-Info': this.org.limitInfoHeader() }
      : {};
    send(res, response, extra);
  }

  private faultResponse(
    kind: string,
    method: string,
    path: string,
    query: URLSearchParams,
    status: number | undefined,
    rawBody: string
  ): ApiResponse {
    switch (kind) {
      case 'INVALID_SESSION_ID':
        this.org.expireSessions();
        return { status: 401, body: INVALID_SESSION };
      case 'REQUEST_LIMIT_EXCEEDED':
        return {
          status: 403,
          body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
        };
      case 'SERVICE_UNAVAILABLE':
        return {
          status: 503,
          body: [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]
        };
      case 'SERVER_ERROR':
        return {
          status: status ?? 500,
          body: [
            {
              message:
                'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)',
              errorCode: 'UNKNOWN_EXCEPTION'
            }
          ]
        };
      case 'UNABLE_TO_LOCK_ROW':
      default:
        return lockFailure(method, path, query, rawBody);
    }
  }

  private authenticate(headers: http.IncomingHttpHeaders): string | null {
    const header = headers.authorization ?? '';
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
    if (!match) return null;
    return this.org.session(match[1].trim())?.userId ?? null;
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    rawBody: string,
    headers: http.IncomingHttpHeaders
  ): ApiResponse {
    try {
      if (path === '/services/oauth2/token' && method === 'POST') return this.token(rawBody, headers);
      if (path === '/services/oauth2/revoke') return { status: 200 };
      if (path === '/services/data' && method === 'GET') {
        return {
          status: 200,
          body: API_VERSIONS.map((v) => ({ label: `Version ${v}`, url: `/services/data/v${v}`, version: v }))
        };
      }
      const userId = this.authenticate(headers);
      if (path === '/services/oauth2/userinfo') {
        if (!userId) return { status: 403, body: 'Bad_OAuth_Token' };
        return { status: 200, body: this.userInfo(userId) };
      }
      const identity = /^\/id\/([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/.exec(path);
      if (identity) {
        if (!userId) return { status: 403, body: 'Bad_OAuth_Token' };
        return { status: 200, body: this.identity(identity[2]) };
      }
      const data = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(path);
      if (data) {
        if (!userId) return { status: 401, body: INVALID_SESSION };
        this.org.countApiCall();
        const body = rawBody ? parseJson(rawBody) : undefined;
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
      if (path.startsWith('/services/')) {
        if (!userId) return { status: 401, body: INVALID_SESSION };
      }
      return {
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
      };
    } catch (error) {
      return errorResponse(error);
    }
  }

  // -------------------------------------------------------------------- OAuth

  private tokenBody(userId: string): Record<string, string> {
    return {
      access_token: this.org.issueToken(userId),
      instance_url: this.org.baseUrl(),
      id: `${this.org.baseUrl()}/id/${this.org.orgId}/${userId}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: Buffer.from(`${userId}:${Date.now()}`).toString('base64'),
      scope: 'api refresh_token'
    };
  }

  private token(rawBody: string, headers: http.IncomingHttpHeaders): ApiResponse {
    const form = (headers['content-type'] ?? '').includes('application/json')
      ? new URLSearchParams(Object.entries(parseJson(rawBody) as Record<string, string>))
      : new URLSearchParams(rawBody);
    const grant = form.get('grant_type');
    const invalid = (description: string): ApiResponse => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: description }
    });
    switch (grant) {
      case 'refresh_token': {
        const userId = this.org.userForRefreshToken(form.get('refresh_token') ?? '');
        if (!userId) return invalid('expired access/refresh token');
        return { status: 200, body: this.tokenBody(userId) };
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
        const username = jwtSubject(form.get('assertion') ?? '');
        const userId = username ? this.userIdByUsername(username) : null;
        if (!userId) return invalid('user hasn\u2019t approved this consumer');
        return { status: 200, body: this.tokenBody(userId) };
      }
      case 'password': {
        const userId = this.userIdByUsername(form.get('username') ?? '');
        if (!userId)
          return {
            status: 400,
            body: { error: 'invalid_grant', error_description: 'authentication failure' }
          };
        return { status: 200, body: this.tokenBody(userId) };
      }
      case 'client_credentials':
        return { status: 200, body: this.tokenBody(this.org.userId) };
      default:
        return {
          status: 400,
          body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' }
        };
    }
  }

  private userIdByUsername(username: string): string | null {
    const row = this.org.db
      .prepare('SELECT "Id" FROM "User" WHERE "Username" = ? AND "IsDeleted" = 0 AND "IsActive" = 1')
      .get(username) as { Id: string } | undefined;
    return row?.Id ?? null;
  }

  private user(userId: string): Record<string, unknown> {
    return (
      (this.org.db.prepare('SELECT * FROM "User" WHERE "Id" = ?').get(userId) as
        Record<string, unknown> | undefined) ?? {}
    );
  }

  private userInfo(userId: string): Record<string, unknown> {
    const user = this.user(userId);
    const base = this.org.baseUrl();
    return {
      sub: `${base}/id/${this.org.orgId}/${userId}`,
      user_id: userId,
      organization_id: this.org.orgId,
      preferred_username: user.Username,
      nickname: user.Alias,
      name: user.Name,
      email: user.Email,
      email_verified: true,
      given_name: user.FirstName,
      family_name: user.LastName,
      zoneinfo: user.TimeZoneSidKey,
      locale: user.LocaleSidKey ?? 'en_US',
      active: user.IsActive === 1,
      user_type: 'STANDARD',
      language: 'en_US',
      utcOffset: 0,
      updated_at: user.LastModifiedDate,
      is_app_installed: true,
      urls: this.urls(),
      profile: `${base}/${userId}`
    };
  }

  private urls(): Record<string, string> {
    const base = this.org.baseUrl();
    return {
      enterprise: `${base}/services/Soap/c/{version}/${this.org.orgId}`,
      metadata: `${base}/services/Soap/m/{version}/${this.org.orgId}`,
      partner: `${base}/services/Soap/u/{version}/${this.org.orgId}`,
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      search: `${base}/services/data/v{version}/search/`,
      query: `${base}/services/data/v{version}/query/`,
      recent: `${base}/services/data/v{version}/recent/`,
      tooling_rest: `${base}/services/data/v{version}/tooling/`,
      profile: `${base}/${this.org.userId}`
    };
  }

  private identity(userId: string): Record<string, unknown> {
    const user = this.user(userId);
    return {
      id: `${this.org.baseUrl()}/id/${this.org.orgId}/${userId}`,
      asserted_user: true,
      user_id: userId,
      organization_id: this.org.orgId,
      username: user.Username,
      nick_name: user.Alias,
      display_name: user.Name,
      email: user.Email,
      email_verified: true,
      first_name: user.FirstName,
      last_name: user.LastName,
      timezone: user.TimeZoneSidKey,
      active: user.IsActive === 1,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: user.LocaleSidKey ?? 'en_US',
      utcOffset: 0,
      last_modified_date: user.LastModifiedDate,
      is_app_installed: true,
      urls: this.urls()
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SalesforceError(
      'JSON_PARSER_ERROR',
      `Unexpected character in the request body: ${(error as Error).message}`
    );
  }
}

/** Reads the `sub` claim of a JWT without verifying it (the local org trusts any signer). */
function jwtSubject(assertion: string): string | null {
  const payload = assertion.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string };
    return claims.sub ?? null;
  } catch {
    return null;
  }
}

const LOCK_MESSAGE = 'unable to obtain exclusive access to this record or 1 records: ';

/**
 * What a row-lock failure looks like: per record with HTTP 200 on collections (naming each record's
 * id when the request carries one), a 400 error body elsewhere.
 */
function lockFailure(method: string, path: string, query: URLSearchParams, rawBody: string): ApiResponse {
  if (/\/composite\/sobjects/.test(path) && method !== 'GET') {
    let ids: (string | null)[] = [];
    if (method === 'DELETE') {
      ids = (query.get('ids') ?? '').split(',').filter(Boolean);
    } else {
      try {
        const body = JSON.parse(rawBody || '{}') as { records?: Record<string, unknown>[] };
        ids = Array.isArray(body.records)
          ? body.records.map((r) => (r?.id ?? r?.Id ?? null) as string | null)
          : [];
      } catch {
        ids = [];
      }
    }
    if (ids.length === 0) ids = [null];
    return {
      status: 200,
      body: ids.map((id) => ({
        ...(id ? { id } : {}),
        success: false,
        errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: `${LOCK_MESSAGE}${id ?? ''}`, fields: [] }]
      }))
    };
  }
  const id = /\/sobjects\/[^/]+\/([a-zA-Z0-9]{15,18})$/.exec(path)?.[1] ?? '';
  return {
    status: 400,
    body: [{ message: `${LOCK_MESSAGE}${id}`, errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }]
  };
}
