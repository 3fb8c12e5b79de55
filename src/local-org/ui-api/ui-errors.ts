/**
 * Errors in the UI API's shape: the body is `[{ errorCode, message }]` with the HTTP status of the
 * failure (400 bad input, 404 missing record or resource, 405 wrong method).
 */
import { SalesforceError } from '../errors';

/** A UI API error body (no `fields` member, unlike the REST data API). */
export class UiApiError extends SalesforceError {
  readonly body: { errorCode: string; message: string }[];

  constructor(errorCode: string, message: string, httpStatus: number) {
    super(errorCode, message, [], httpStatus);
    this.body = [{ errorCode, message }];
  }
}

export const uiError = (errorCode: string, message: string, httpStatus = 400): UiApiError =>
  new UiApiError(errorCode, message, httpStatus);

/** Re-shapes an error of the record store (REST shape) as a UI API error with the same code. */
export function asUiError(error: unknown): unknown {
  if (error instanceof SalesforceError && !(error instanceof UiApiError)) {
    return uiError(error.errorCode, error.message, error.httpStatus);
  }
  return error;
}
