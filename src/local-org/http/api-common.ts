/** Helpers shared by the HTTP front and the data API's resource modules. */
import { SalesforceError } from '../errors';
import { ApiResponse } from './types';

/** Records per sObject Collections call. */
export const COLLECTION_LIMIT = 200;

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): ApiResponse => ({
  status,
  body,
  headers
});

/** The body of a 401 for a missing, expired or unknown session. */
export const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

/** Parses a JSON request body, or fails with JSON_PARSER_ERROR as the REST API does. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SalesforceError(
      'JSON_PARSER_ERROR',
      `Unexpected character in the request body: ${(error as Error).message}`
    );
  }
}

/** Thrown inside an all-or-none transaction to roll it back after results were captured. */
export class Rollback extends Error {}

/** The body as a JSON object, or JSON_PARSER_ERROR naming what was expected. */
export function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SalesforceError('JSON_PARSER_ERROR', `${what} must be a JSON object`);
  }
  return body as Record<string, unknown>;
}
