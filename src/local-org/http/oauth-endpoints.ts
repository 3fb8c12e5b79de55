/**
 * The OAuth and identity endpoints as the HTTP front serves them: which paths they are, how a token
 * request's parameters are read (form or JSON), and the answers of token, revoke, userinfo and the
 * identity URL. The grants themselves are verified in auth/oauth.ts, the identity fields composed in
 * identity.ts.
 */
import type http from 'node:http';
import { handleRevoke, handleTokenRequest } from '../auth/oauth';
import type { OrgState } from '../org-state';
import { INVALID_SESSION, parseJson } from './api-common';
import { identityAnswer, userInfoAnswer } from './identity';
import { ApiResponse } from './types';

const TOKEN_PATH = '/services/oauth2/token';
const REVOKE_PATH = '/services/oauth2/revoke';
const USERINFO_PATH = '/services/oauth2/userinfo';

/** Token and revoke requests: they carry credentials in their body, not a session. */
export function isOAuthPath(path: string): boolean {
  return path === TOKEN_PATH || path === REVOKE_PATH;
}

/** Answers a token or revoke request; null for any other request. */
export function answerOAuth(
  org: OrgState,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
  headers: http.IncomingHttpHeaders
): ApiResponse | null {
  if (path === TOKEN_PATH && method === 'POST') {
    return handleTokenRequest(org, formOf(rawBody, headers), headers);
  }
  if (path === REVOKE_PATH) {
    return handleRevoke(org, formOf(rawBody, headers).get('token') ?? query.get('token'));
  }
  return null;
}

/** Answers userinfo and the identity URL for the session's user; null for any other request. */
export function answerIdentity(org: OrgState, path: string, userId: string): ApiResponse | null {
  if (path === USERINFO_PATH) return { status: 200, body: userInfoAnswer(org, userId) };
  const identity = /^\/id\/([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/.exec(path);
  if (identity) return { status: 200, body: identityAnswer(org, identity[2]) };
  return null;
}

/**
 * The answer to a request without a valid session: the identity endpoints answer 403
 * `Bad_OAuth_Token` (as Salesforce's do), everything else 401 `INVALID_SESSION_ID`.
 */
export function unauthenticated(path: string): ApiResponse {
  return path.startsWith(USERINFO_PATH) || path.startsWith('/id/')
    ? { status: 403, body: 'Bad_OAuth_Token' }
    : { status: 401, body: INVALID_SESSION };
}

/** A token request's parameters: form-encoded (what OAuth clients send) or JSON. */
function formOf(rawBody: string, headers: http.IncomingHttpHeaders): URLSearchParams {
  if (!(headers['content-type'] ?? '').includes('application/json')) return new URLSearchParams(rawBody);
  const parsed = parseJson(rawBody || '{}');
  const entries =
    parsed && typeof parsed === 'object' ? Object.entries(parsed as Record<string, unknown>) : [];
  return new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]));
}
