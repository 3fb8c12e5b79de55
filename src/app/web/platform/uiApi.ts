/**
 * HTTP to the local org's REST and UI API with the page's session. Failures reject with the shape
 * Lightning Data Service gives components ({ status, statusText, body }), so the components'
 * reduceErrors reads them as it does on the platform.
 */
import { session } from './session';

export interface FetchError {
  status: number;
  statusText: string;
  ok: false;
  body: unknown;
}

/** Counts requests per method and path pattern; the bench and tests read it. */
export const requestLog: string[] = [];

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const { accessToken, apiVersion } = session();
  requestLog.push(`${method} ${path.split('?')[0]}`);
  let response: Response;
  try {
    response = await fetch(`/services/data/v${apiVersion}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (error) {
    throw {
      status: 0,
      statusText: 'Network error',
      ok: false,
      body: { message: `The local org did not answer: ${(error as Error).message}` }
    } satisfies FetchError;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) {
    // The REST API answers errors as a list; LDS hands components the first as `body`, except
    // record errors (output.errors / fieldErrors), which it passes whole.
    const errorBody = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed;
    throw {
      status: response.status,
      statusText: response.statusText,
      ok: false,
      body: errorBody
    } satisfies FetchError;
  }
  return parsed as T;
}
