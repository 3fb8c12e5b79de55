/**
 * Secret scrubbing for everything the companion writes: values under secret-looking keys at any
 * depth, secret-shaped text anywhere (session ids, refresh tokens, bearer and basic credentials,
 * tokens in URL queries, passwords in URLs, private keys) and the exact secrets the process was
 * given (registered at start-up), whatever they look like and wherever they appear.
 */

export const REDACTED = '[redacted]';

/** Keys whose values are secrets, in any casing and with `_`/`-` separators. */
const SECRET_KEY =
  /^(?:.*[_-])?(?:access_?token|refresh_?token|id_?token|token|control_?token|auth_?token|authorization|password|passwd|secret|client_?secret|private_?key|assertion|jwt|session_?id|sid|cookie|set-cookie|api_?key)$/i;

/** Secret shapes that may appear inside any text (a message, a URL, an error). */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, REDACTED],
  // Salesforce session ids / access tokens: <15- or 18-character org id>!<secret>.
  [/\b00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?![A-Za-z0-9._-]{8,}/g, REDACTED],
  // Salesforce refresh tokens, and the local org's control tokens.
  [/\b5Aep[A-Za-z0-9._-]{16,}/g, REDACTED],
  [/\bctl_[A-Za-z0-9]{16,}/g, REDACTED],
  [/\b(Bearer|OAuth|Basic)\s+[A-Za-z0-9._~+/=!-]{6,}/gi, `$1 ${REDACTED}`],
  [
    /([?&#](?:access_token|refresh_token|id_token|token|client_secret|password|assertion|code|sig|signature)=)[^&\s#"']+/gi,
    `$1${REDACTED}`
  ],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']+@/gi, `$1${REDACTED}@`]
];

const registered = new Set<string>();

/** Remembers a secret the process holds (access token, refresh token, provider keys) so it is scrubbed verbatim. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value === 'string' && value.length >= 8) registered.add(value);
}

/** Text with every secret replaced by `[redacted]`. */
export function scrubText(text: string): string {
  let out = text;
  for (const secret of registered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of a value with secrets removed: secret keys at any depth, secret text in any string;
 * errors become `{ type, message, stack, code? }`.
 *
 * @example
 * scrubValue({ conn: { options: { accessToken: 'x' } }, url: '/x?access_token=abc' })
 * //=> { conn: { options: { accessToken: '[redacted]' } }, url: '/x?access_token=[redacted]' }
 */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 10) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      type: value.name,
      message: scrubText(value.message),
      stack: scrubText(value.stack ?? ''),
      ...(code !== undefined ? { code: scrubValue(code, depth + 1, seen) } : {})
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== null && item !== undefined
        ? REDACTED
        : scrubValue(item, depth + 1, seen);
  }
  return out;
}
