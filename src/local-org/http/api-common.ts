/** Helpers shared by the data API's resource modules. */
import { SalesforceError } from '../errors';
import { ApiResponse } from './types';

/** Records per sObject Collections call. */
export const COLLECTION_LIMIT = 200;

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): ApiResponse => ({
  status,
  body,
  headers
});

/** Thrown inside an all-or-none transaction to roll it back after results were captured. */
export class Rollback extends Error {}

/** The body as a JSON object, or JSON_PARSER_ERROR naming what was expected. */
export function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SalesforceError('JSON_PARSER_ERROR', `${what} must be a JSON object`);
  }
  return body as Record<string, unknown>;
}
