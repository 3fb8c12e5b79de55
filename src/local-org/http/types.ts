/** The request and response model shared by the HTTP layer and the composite dispatcher. */

export interface ApiRequest {
  method: string;
  /** Path below `/services/data/vXX.X`, starting with '/' ('' for the version root). */
  path: string;
  version: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  userId: string;
  /** Set inside composite: collections must use the outer allOrNone. */
  outerAllOrNone?: boolean;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
