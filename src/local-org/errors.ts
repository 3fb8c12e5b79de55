/**
 * Salesforce API errors as the REST API reports them: a code, a message and the fields involved.
 * Single-record resources send `[{message, errorCode, fields}]`; collections send
 * `{statusCode, message, fields}` per record. One class carries both, the route picks the shape.
 */
export class SalesforceError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
    readonly httpStatus = 400
  ) {
    super(message);
    this.name = 'SalesforceError';
  }

  /** Body element for single-record resources and top-level failures. */
  toRestError(): { message: string; errorCode: string; fields: string[] } {
    return { message: this.message, errorCode: this.errorCode, fields: this.fields };
  }

  /** Per-record element for sObject Collections results. */
  toCollectionError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }
}

export const notFound = (message = 'The requested resource does not exist'): SalesforceError =>
  new SalesforceError('NOT_FOUND', message, [], 404);

export const malformedId = (value: string, field?: { name: string; label: string }): SalesforceError =>
  new SalesforceError(
    'MALFORMED_ID',
    field ? `${field.label}: id value of incorrect type: ${value}` : `malformed id ${value}`,
    field ? [field.name] : []
  );
