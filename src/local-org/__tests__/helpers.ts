/** Shared helpers for the local org conformance suite: a jsforce connection and raw HTTP calls. */
import './jest-realm';
import { sign } from 'node:crypto';
import jsforce, { Connection } from 'jsforce';
import { LocalOrg, LocalOrgOptions, startLocalOrg } from '../index';

export const API_VERSION = '66.0';

export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Starts an org for a test file (memory database, free port). */
export function startTestOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  // The conformance suite is about REST behaviour: every session has full access unless a test
  // asks for access control (sharing.test.ts does).
  return startLocalOrg({ accessControl: false, ...options });
}

/** A jsforce connection authenticated with the org's access token. */
export function connect(org: LocalOrg, extra: Record<string, unknown> = {}): Connection {
  return new jsforce.Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    version: API_VERSION,
    ...extra
  });
}

/** A raw HTTP call; `path` is relative to /services/data/v66.0 unless it starts with '/services', '/id' or '/_local'. */
export async function raw(
  org: LocalOrg,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<RawResponse> {
  const absolute = /^\/(services|id|_local)/.test(path) ? path : `/services/data/v${API_VERSION}${path}`;
  const response = await fetch(`${org.instanceUrl}${absolute}`, {
    method,
    headers: {
      // The controls take the control token; everything else the integration user's session.
      Authorization: `Bearer ${absolute.startsWith('/_local') ? org.controlToken : org.accessToken}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Captures the error a promise rejects with (fails the test when it resolves). */
export async function failure(
  promise: PromiseLike<unknown>
): Promise<{ errorCode?: string; message: string; name: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string; name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * A JWT bearer assertion as a client of the org's connected app signs it: RS256 over
 * `{iss: clientId, aud: loginUrl, exp: now + 3 min, ...claims}`, with the connected app's generated
 * key unless `privateKey` says otherwise; `header` replaces the JOSE header.
 */
export function signedAssertion(
  org: LocalOrg,
  claims: Record<string, unknown>,
  options: { privateKey?: string; header?: Record<string, unknown> } = {}
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode(options.header ?? { alg: 'RS256' });
  const payload = encode({
    iss: org.clientId,
    aud: org.loginUrl,
    exp: Math.floor(Date.now() / 1000) + 180,
    ...claims
  });
  const signature = sign(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    options.privateKey ?? org.connectedApp.privateKey!
  );
  return `${header}.${payload}.${signature.toString('base64url')}`;
}
