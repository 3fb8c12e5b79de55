/** Companion errors: which codes are retried, which are limits, auth or permanent (errors.ts). */
import { classifyError, classifyRecordError, kindOfCode } from '../errors';

describe('error classification', () => {
  it.each([
    ['UNABLE_TO_LOCK_ROW', 'retryable'],
    ['SERVER_UNAVAILABLE', 'retryable'],
    ['ERROR_HTTP_503', 'retryable'],
    ['ECONNRESET', 'retryable'],
    ['REQUEST_LIMIT_EXCEEDED', 'limit'],
    ['INVALID_SESSION_ID', 'auth'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'permanent'],
    ['REQUIRED_FIELD_MISSING', 'permanent'],
    ['CANNOT_UPDATE_CONVERTED_LEAD', 'permanent'],
    ['ENTITY_IS_DELETED', 'permanent'],
    ['INVALID_FIELD', 'permanent']
  ])('%s is %s', (code, kind) => {
    expect(kindOfCode(code)).toBe(kind);
  });

  it('treats too many concurrent requests as retryable, the daily budget as a limit', () => {
    expect(kindOfCode('REQUEST_LIMIT_EXCEEDED', 'ConcurrentRequests limit exceeded')).toBe('retryable');
    expect(kindOfCode('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')).toBe('limit');
  });

  it('reads jsforce errors, fetch failures and collection errors', () => {
    expect(
      classifyError(
        Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' })
      )
    ).toEqual({
      kind: 'auth',
      code: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid'
    });
    const fetchFailure = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    });
    expect(classifyError(fetchFailure)).toEqual({
      kind: 'retryable',
      code: 'ECONNRESET',
      message: 'fetch failed: socket hang up'
    });
    expect(
      classifyRecordError({
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Name]',
        fields: ['Name']
      })
    ).toEqual({
      kind: 'permanent',
      code: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Name]',
      fields: ['Name']
    });
    expect(
      classifyRecordError({ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' })
        .kind
    ).toBe('retryable');
  });
});
