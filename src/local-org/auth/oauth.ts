/**
 * `POST /services/oauth2/token`: the grants the local org serves, each verified as Salesforce
 * verifies it, and `/services/oauth2/revoke`.
 *
 * - `refresh_token`: a refresh token this org issued (kept in its database).
 * - `urn:ietf:params:oauth:grant-type:jwt-bearer`: an RS256 assertion signed by the key of the
 *   connected app's certificate, for an active user the app is pre-authorised for; the session
 *   runs as that user.
 * - `password`: the connected app's client id and secret and the user's password.
 * - `client_credentials`: the client id and secret; the session runs as the app's "run as" user
 *   (the integration user).
 */
import type http from 'node:http';
import type { OrgState } from '../org-state';
import type { ApiResponse } from '../http/types';
import { verifyJwtBearer, type OAuthError } from './jwt-bearer';
import type { UserGrants } from './connected-app';
import { secretsEqual } from './secrets';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const failure = (error: OAuthError, status = 400): ApiResponse => ({ status, body: error });

/** Client credentials from the form or from an HTTP Basic header (RFC 6749 §2.3.1). */
function clientCredentials(
  form: URLSearchParams,
  headers: http.IncomingHttpHeaders
): { clientId: string | null; clientSecret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        clientSecret: decodeURIComponent(decoded.slice(colon + 1))
      };
    }
  }
  return { clientId: form.get('client_id'), clientSecret: form.get('client_secret') };
}

/** Checks the connected app's id and secret; null when both match. */
function checkClient(org: OrgState, clientId: string | null, clientSecret: string | null): OAuthError | null {
  if (clientId !== org.connectedApp.clientId) {
    return { error: 'invalid_client_id', error_description: 'client identifier invalid' };
  }
  if (clientSecret === null || !secretsEqual(clientSecret, org.secrets.clientSecret())) {
    return { error: 'invalid_client', error_description: 'invalid client credentials' };
  }
  return null;
}

function activeUserId(org: OrgState, username: string): string | null {
  const row = org.db
    .prepare(
      'SELECT "Id" FROM "User" WHERE "Username" = ? COLLATE NOCASE AND "IsDeleted" = 0 AND "IsActive" = 1'
    )
    .get(username) as { Id: string } | undefined;
  return row?.Id ?? null;
}

/** The user's profile and permission sets, which the connected app's pre-authorisation reads. */
function userGrants(org: OrgState, userId: string, username: string): UserGrants {
  const profile = org.db
    .prepare(
      'SELECT p."Name" AS "Name" FROM "User" u JOIN "Profile" p ON p."Id" = u."ProfileId" WHERE u."Id" = ?'
    )
    .get(userId) as { Name: string } | undefined;
  const sets = org.db
    .prepare(
      'SELECT ps."Name" AS "Name" FROM "PermissionSetAssignment" a JOIN "PermissionSet" ps ON ps."Id" = a."PermissionSetId" WHERE a."AssigneeId" = ? AND a."IsDeleted" = 0'
    )
    .all(userId) as Array<{ Name: string }>;
  return { username, profileName: profile?.Name ?? null, permissionSetNames: sets.map((s) => s.Name) };
}

function tokenBody(org: OrgState, userId: string, withRefreshToken: boolean): Record<string, string> {
  const issuedAt = Date.now();
  return {
    access_token: org.issueToken(userId),
    ...(withRefreshToken ? { refresh_token: org.issueRefreshToken(userId) } : {}),
    instance_url: org.baseUrl(),
    id: `${org.baseUrl()}/id/${org.orgId}/${userId}`,
    token_type: 'Bearer',
    issued_at: String(issuedAt),
    signature: Buffer.from(`${userId}:${issuedAt}`).toString('base64'),
    scope: 'api refresh_token'
  };
}

/** Answers a token request; `form` is the parsed body (form-encoded or JSON). */
export function handleTokenRequest(
  org: OrgState,
  form: URLSearchParams,
  headers: http.IncomingHttpHeaders
): ApiResponse {
  const grant = form.get('grant_type');
  switch (grant) {
    case 'refresh_token': {
      const userId = org.userForRefreshToken(form.get('refresh_token') ?? '');
      if (!userId)
        return failure({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
      return { status: 200, body: tokenBody(org, userId, false) };
    }
    case JWT_BEARER: {
      const verified = verifyJwtBearer(form.get('assertion') ?? '', {
        clientId: org.connectedApp.clientId,
        certificate: org.connectedApp.certificate(),
        audiences: [org.baseUrl(), 'https://login.salesforce.com', 'https://test.salesforce.com'],
        nowMs: Date.now()
      });
      if ('error' in verified) return failure(verified);
      const userId = activeUserId(org, verified.username);
      if (!userId) {
        return failure({
          error: 'invalid_grant',
          error_description: 'user hasn\u2019t approved this consumer'
        });
      }
      // Salesforce answers a user the app is not pre-authorised for (by profile or permission set)
      // as one who never approved it.
      if (!org.connectedApp.isPreAuthorized(userGrants(org, userId, verified.username))) {
        return failure({
          error: 'invalid_grant',
          error_description: 'user hasn\u2019t approved this consumer'
        });
      }
      return { status: 200, body: tokenBody(org, userId, false) };
    }
    case 'password': {
      const { clientId, clientSecret } = clientCredentials(form, headers);
      const clientError = checkClient(org, clientId, clientSecret);
      if (clientError) return failure(clientError);
      const username = form.get('username') ?? '';
      const userId = activeUserId(org, username);
      if (!userId || !org.secrets.checkPassword(username, form.get('password') ?? '')) {
        return failure({ error: 'invalid_grant', error_description: 'authentication failure' });
      }
      return { status: 200, body: tokenBody(org, userId, false) };
    }
    case 'client_credentials': {
      const { clientId, clientSecret } = clientCredentials(form, headers);
      const clientError = checkClient(org, clientId, clientSecret);
      if (clientError) return failure(clientError);
      return { status: 200, body: tokenBody(org, org.userId, false) };
    }
    default:
      return failure({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  }
}

/** `POST /services/oauth2/revoke` (`token=` in the form or the query): 200 whether or not it existed. */
export function handleRevoke(org: OrgState, token: string | null): ApiResponse {
  if (!token)
    return failure({ error: 'unsupported_token_type', error_description: 'missing token parameter' });
  org.revokeToken(token);
  return { status: 200 };
}
