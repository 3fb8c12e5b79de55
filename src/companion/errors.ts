/**
 * Error classification (reliability.md §8): every failure the companion meets is one of
 *
 * - `retryable` — lock contention, 5xx, network trouble: retry with backoff, nothing is wrong with the data;
 * - `limit`     — the org's API budget is spent: stop non-essential work and wait;
 * - `auth`      — the session is invalid: refresh once, then stop with a clear message;
 * - `permanent` — this record cannot be processed (validation rule, required field, converted lead,
 *                 deleted record, field not accessible): record the reason on it and carry on with the rest.
 */

export type ErrorKind = 'retryable' | 'limit' | 'auth' | 'permanent';

export interface ClassifiedError {
  kind: ErrorKind;
  /** Salesforce status code (`UNABLE_TO_LOCK_ROW`) or a network code (`ECONNRESET`). */
  code: string;
  message: string;
  fields?: string[];
}

/** A per-record error as returned by sObject Collections (`statusCode`) or single-record REST (`errorCode`). */
export interface RecordError {
  statusCode?: string;
  errorCode?: string;
  message: string;
  fields?: string[];
}

const RETRYABLE_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'CONCURRENT_REQUESTS',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'PROCESSING_HALTED',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT'
]);

const AUTH_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'invalid_grant',
  'ERROR_HTTP_401',
  'INVALID_OPERATION_WITH_EXPIRED_PASSWORD'
]);

/** Record-level codes whose meaning is "this record is the problem" — retrying will not help. */
export const PERMANENT_CODES = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'REQUIRED_FIELD_MISSING',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'CANNOT_UPDATE_CONVERTED_LEAD',
  'ENTITY_IS_DELETED',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_TYPE',
  'MALFORMED_ID',
  'STRING_TOO_LONG',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'FIELD_INTEGRITY_EXCEPTION',
  'INACTIVE_OWNER_OR_USER',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'NOT_FOUND',
  'DUPLICATE_VALUE'
]);

function codeOfUnknown(error: unknown): { code: string; message: string; fields?: string[] } {
  if (error && typeof error === 'object') {
    const e = error as {
      errorCode?: unknown;
      name?: unknown;
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      data?: unknown;
    };
    const message = typeof e.message === 'string' ? e.message : String(error);
    const data = e.data as { fields?: string[]; errorCode?: string } | undefined;
    const fields = data && Array.isArray(data.fields) ? data.fields : undefined;
    if (typeof e.errorCode === 'string' && e.errorCode) {
      // jsforce folds several body errors into MULTIPLE_API_ERRORS; the first one names the cause.
      if (e.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(e.data) && e.data[0]?.errorCode) {
        return { code: String(e.data[0].errorCode), message: String(e.data[0].message ?? message) };
      }
      return { code: e.errorCode, message, fields };
    }
    if (typeof e.code === 'string') return { code: e.code, message };
    // undici: TypeError('fetch failed') whose cause carries the socket error code.
    if (e.cause && typeof e.cause === 'object' && typeof (e.cause as { code?: unknown }).code === 'string') {
      return {
        code: (e.cause as { code: string }).code,
        message: `${message}: ${(e.cause as { message?: string }).message ?? ''}`.trim()
      };
    }
    if (message === 'fetch failed' || /socket hang up|network|terminated/i.test(message))
      return { code: 'ECONNRESET', message };
    if (typeof e.name === 'string' && e.name !== 'Error') return { code: e.name, message };
    return { code: 'UNKNOWN', message };
  }
  return { code: 'UNKNOWN', message: String(error) };
}

/**
 * Classifies one error code.
 *
 * @example
 * kindOfCode('UNABLE_TO_LOCK_ROW') //=> 'retryable'
 * kindOfCode('REQUEST_LIMIT_EXCEEDED') //=> 'limit'
 * kindOfCode('FIELD_CUSTOM_VALIDATION_EXCEPTION') //=> 'permanent'
 */
export function kindOfCode(code: string, message = ''): ErrorKind {
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    // The same code covers the daily budget and too many concurrent long requests; only the first is a budget stop.
    return /concurrent/i.test(message) ? 'retryable' : 'limit';
  }
  if (AUTH_CODES.has(code)) return 'auth';
  if (RETRYABLE_CODES.has(code) || /^ERROR_HTTP_(5\d\d|429|420)$/.test(code)) return 'retryable';
  // Customer automation that trips on a lock surfaces as a flow error carrying the lock code.
  if (/UNABLE_TO_LOCK_ROW/.test(message)) return 'retryable';
  return 'permanent';
}

/**
 * Classifies a thrown error (jsforce `HttpApiError`, a fetch failure, anything).
 *
 * @example
 * classifyError(Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' }))
 * //=> { kind: 'auth', code: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }
 */
export function classifyError(error: unknown): ClassifiedError {
  const { code, message, fields } = codeOfUnknown(error);
  const classified: ClassifiedError = { kind: kindOfCode(code, message), code, message };
  if (fields && fields.length) classified.fields = fields;
  return classified;
}

/**
 * Classifies a per-record error from a collection result.
 *
 * @example
 * classifyRecordError({ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] })
 * //=> { kind: 'permanent', code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }
 */
export function classifyRecordError(error: RecordError): ClassifiedError {
  const code = error.statusCode ?? error.errorCode ?? 'UNKNOWN';
  const classified: ClassifiedError = { kind: kindOfCode(code, error.message), code, message: error.message };
  if (error.fields && error.fields.length) classified.fields = error.fields;
  return classified;
}

/**
 * The base of every error the companion raises on purpose: it carries a stable `code` (a Salesforce
 * status code, a provider code, or the companion's own) so callers branch on kinds, not messages.
 */
export class CompanionError extends Error {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An error that stops the companion with a message meant for the person running it. */
export class FatalError extends CompanionError {}

/** A wait or retry cut short because the worker is stopping (`stop()`); nothing is wrong with the data. */
export class AbortedError extends CompanionError {
  constructor() {
    super('The wait was aborted because the worker is stopping.', 'ABORTED');
  }
}

/** Shortens a message to fit a Text(255) field. */
export function truncate255(text: string): string {
  return text.length <= 255 ? text : `${text.slice(0, 252)}...`;
}
