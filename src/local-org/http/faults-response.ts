/**
 * Added latency and injected faults at the HTTP front (`org.latencyMs`, `org.faults`): what a
 * request meets before the API sees it. A fault either answers in the API's place with Salesforce's
 * error body, drops the connection, delays the request, or lets it run and drops the connection
 * after it committed (the in-doubt case).
 */
import type { OrgState } from '../org-state';
import { INVALID_SESSION } from './api-common';
import { ApiResponse } from './types';

/** What happens to a request after latency and fault injection. */
export type FaultOutcome =
  /** Run the request; with `dropAfterCommit`, close the connection instead of answering. */
  | { action: 'proceed'; dropAfterCommit: boolean }
  /** Answer with this instead of running the request (it does not reach the API). */
  | { action: 'answer'; response: ApiResponse }
  /** Close the connection unanswered (the request does not run). */
  | { action: 'drop' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits the org's latency, then applies the first fault rule that matches the request. */
export async function injectLatencyAndFaults(
  org: OrgState,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string
): Promise<FaultOutcome> {
  if (org.latencyMs > 0) await sleep(org.latencyMs);
  const fault = org.faults.decide(method, path);
  if (!fault) return { action: 'proceed', dropAfterCommit: false };
  switch (fault.kind) {
    case 'DELAY':
      await sleep(fault.rule.delayMs ?? 1000);
      return { action: 'proceed', dropAfterCommit: false };
    case 'TIMEOUT':
      await sleep(fault.rule.delayMs ?? 30_000);
      return { action: 'drop' };
    case 'RESET':
      return { action: 'drop' };
    case 'RESET_AFTER_COMMIT':
      return { action: 'proceed', dropAfterCommit: true };
    default:
      return {
        action: 'answer',
        response: faultResponse(org, fault.kind, method, path, query, fault.rule.status, rawBody)
      };
  }
}

/** The error a fault of `kind` answers with, as Salesforce words it. */
function faultResponse(
  org: OrgState,
  kind: string,
  method: string,
  path: string,
  query: URLSearchParams,
  status: number | undefined,
  rawBody: string
): ApiResponse {
  switch (kind) {
    case 'INVALID_SESSION_ID':
      // The client must refresh: every session ends, as when an org's sessions time out.
      org.expireSessions();
      return { status: 401, body: INVALID_SESSION };
    case 'REQUEST_LIMIT_EXCEEDED':
      return {
        status: 403,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
      };
    case 'SERVICE_UNAVAILABLE':
      return {
        status: 503,
        body: [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]
      };
    case 'SERVER_ERROR':
      return {
        status: status ?? 500,
        body: [
          {
            message:
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)',
            errorCode: 'UNKNOWN_EXCEPTION'
          }
        ]
      };
    case 'UNABLE_TO_LOCK_ROW':
    default:
      return lockFailure(method, path, query, rawBody);
  }
}

const LOCK_MESSAGE = 'unable to obtain exclusive access to this record or 1 records: ';

/**
 * What a row-lock failure looks like: per record with HTTP 200 on collections (naming each record's
 * id when the request carries one), a 400 error body elsewhere.
 */
function lockFailure(method: string, path: string, query: URLSearchParams, rawBody: string): ApiResponse {
  if (/\/composite\/sobjects/.test(path) && method !== 'GET') {
    let ids: (string | null)[] = [];
    if (method === 'DELETE') {
      ids = (query.get('ids') ?? '').split(',').filter(Boolean);
    } else {
      try {
        const body = JSON.parse(rawBody || '{}') as { records?: Record<string, unknown>[] };
        ids = Array.isArray(body.records)
          ? body.records.map((r) => (r?.id ?? r?.Id ?? null) as string | null)
          : [];
      } catch {
        ids = [];
      }
    }
    if (ids.length === 0) ids = [null];
    return {
      status: 200,
      body: ids.map((id) => ({
        ...(id ? { id } : {}),
        success: false,
        errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: `${LOCK_MESSAGE}${id ?? ''}`, fields: [] }]
      }))
    };
  }
  const id = /\/sobjects\/[^/]+\/([a-zA-Z0-9]{15,18})$/.exec(path)?.[1] ?? '';
  return {
    status: 400,
    body: [{ message: `${LOCK_MESSAGE}${id}`, errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }]
  };
}
