/**
 * Verification of OAuth 2.0 JWT bearer assertions (RFC 7523) as Salesforce does it for a connected
 * app with a certificate: an RS256 signature by the certificate's key, `iss` = the consumer key,
 * `aud` = the login URL, `sub` = the username, `exp` in the future. Anything else is refused with
 * the OAuth error Salesforce answers.
 */
import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';

export interface OAuthError {
  error: string;
  error_description: string;
}

export interface JwtBearerCheck {
  /** The connected app's consumer key: the assertion's `iss`. */
  clientId: string;
  /** PEM certificate (or PEM public key) the connected app is configured with. */
  certificate: string;
  /** Accepted `aud` values (the org's login URL, login/test.salesforce.com). */
  audiences: string[];
  /** Wall-clock now in ms: clients sign `exp` with their own clock, not the org's. */
  nowMs: number;
}

/** Allowed clock difference between the client that signed and this server, as Salesforce allows. */
const CLOCK_SKEW_SECONDS = 60;

const invalid = (description: string): OAuthError => ({
  error: 'invalid_grant',
  error_description: description
});

/** The public key of a PEM certificate, or of a PEM public key. */
export function publicKeyOf(certificateOrKey: string): KeyObject {
  return certificateOrKey.includes('BEGIN CERTIFICATE')
    ? new X509Certificate(certificateOrKey).publicKey
    : createPublicKey(certificateOrKey);
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Checks an assertion; returns the username it asserts (`sub`) or the OAuth error to answer.
 *
 * @example
 * verifyJwtBearer(assertion, { clientId, certificate, audiences: [loginUrl], nowMs: Date.now() })
 * //=> { username: 'ava.reed@stride.local' }   or   { error: 'invalid_grant', error_description: 'invalid assertion' }
 */
export function verifyJwtBearer(assertion: string, check: JwtBearerCheck): { username: string } | OAuthError {
  const parts = assertion.split('.');
  if (parts.length !== 3) return invalid('invalid assertion');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims) return invalid('invalid assertion');
  // Only RS256: "none" and HMAC algorithms (signed with the public key as a secret) are refused.
  if (header.alg !== 'RS256') return invalid('invalid assertion');
  const signature = Buffer.from(signaturePart, 'base64url');
  let signed: boolean;
  try {
    signed = verify(
      'RSA-SHA256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      publicKeyOf(check.certificate),
      signature
    );
  } catch {
    signed = false;
  }
  if (!signed) return invalid('invalid assertion');
  if (claims.iss !== check.clientId)
    return { error: 'invalid_client_id', error_description: 'client identifier invalid' };
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((a) => trimSlash(String(a)));
  if (!audiences.some((a) => check.audiences.map(trimSlash).includes(a)))
    return invalid('audience is invalid');
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < check.nowMs / 1000) {
    return invalid('expired authorization code');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') return invalid('invalid assertion');
  return { username: claims.sub };
}
