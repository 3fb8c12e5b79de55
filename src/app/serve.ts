/**
 * Serves the Stride browser app from the local org's own origin, so the app calls the org's REST
 * and UI API without CORS:
 *
 *   GET  /app/            index.html (signs in, then loads app.js)
 *   GET  /app/app.js      the bundle built by `node scripts/app.rollup.mjs` into .build/app
 *   GET  /app/slds/…      SLDS styles, icons and fonts from node_modules
 *   POST /app/api/session { username } → { accessToken, user, users, apiVersion, pollMs }
 *
 * The session route is the local org's "log in as" for the app's user switcher: it mints an
 * access token for an active user, exactly like the OAuth grants of this org, and only answers
 * requests from loopback addresses.
 */
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import type { OrgState } from '../local-org/org-state';

const ROOT = path.resolve(__dirname, '..', '..');
/** Where scripts/app.rollup.mjs writes the bundle (git-ignored). */
export const APP_BUILD_DIR = path.join(ROOT, '.build', 'app');
const SLDS_DIR = path.join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const INTEGRATION_USERNAME = 'integration@stride.local';
/** How often the app re-reads its wires to show the companion's changes (LDS-like freshness). */
const DEFAULT_POLL_MS = 3000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
};

interface UserRow {
  Id: string;
  Username: string;
  Name: string | null;
  Title: string | null;
  TimeZoneSidKey: string | null;
}

export interface AppServeOptions {
  /** Overrides the bundle folder (tests build into a temporary one). */
  buildDir?: string;
  pollMs?: number;
}

let options: AppServeOptions = {};

/** Sets where the bundle is and how often the app polls (the e2e suite uses a short poll). */
export function configureApp(next: AppServeOptions): void {
  options = { ...next };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendFile(res: http.ServerResponse, file: string, cache: boolean): void {
  fs.readFile(file, (error, content) => {
    if (error) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${path.basename(file)}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': cache ? 'max-age=3600' : 'no-cache'
    });
    res.end(content);
  });
}

/** A path under `base`, or null when `relative` tries to leave it. */
function inside(base: string, relative: string): string | null {
  const file = path.resolve(base, `.${path.posix.normalize(`/${relative}`)}`);
  return file.startsWith(base + path.sep) ? file : null;
}

function activeUsers(org: OrgState): UserRow[] {
  return org.db
    .prepare(
      'SELECT "Id", "Username", "Name", "Title", "TimeZoneSidKey" FROM "User" WHERE "IsActive" = 1 AND "IsDeleted" = 0 ORDER BY "Name"'
    )
    .all() as UserRow[];
}

/** The user the app opens as when none is named: an administrator if the org has one. */
function defaultUser(users: UserRow[]): UserRow | undefined {
  return (
    users.find((user) => /admin/i.test(user.Title ?? '') && user.Username !== INTEGRATION_USERNAME) ??
    users.find((user) => user.Username === INTEGRATION_USERNAME) ??
    users[0]
  );
}

function session(org: OrgState, rawBody: string): { status: number; body: unknown } {
  let username = '';
  try {
    username = String((JSON.parse(rawBody || '{}') as { username?: unknown }).username ?? '');
  } catch {
    return { status: 400, body: { message: 'The body must be JSON: {"username": "…"}' } };
  }
  const users = activeUsers(org);
  const user = username ? users.find((candidate) => candidate.Username === username) : defaultUser(users);
  if (!user) return { status: 404, body: { message: `No active user with the username ${username}.` } };
  const toUser = (row: UserRow) => ({
    id: row.Id,
    username: row.Username,
    name: row.Name ?? row.Username,
    title: row.Title,
    timeZone: row.TimeZoneSidKey ?? 'UTC'
  });
  return {
    status: 200,
    body: {
      accessToken: org.issueToken(user.Id),
      apiVersion: '66.0',
      user: toUser(user),
      users: users.map(toUser),
      pollMs: options.pollMs ?? DEFAULT_POLL_MS
    }
  };
}

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

/** The body of a sign-in request: a username, so a few hundred bytes at most. */
const MAX_SESSION_BODY = 4096;

function readSmallBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_SESSION_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers a request under /app; the local org's server delegates every /app path here after its
 * Host and Origin checks (so only the org's own pages and allowed origins reach the sign-in).
 */
export async function serveApp(
  org: OrgState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (pathname === '/app/api/session') {
    if (method !== 'POST') return sendJson(res, 405, { message: 'Use POST.' });
    if (!isLoopback(req.socket.remoteAddress))
      return sendJson(res, 403, { message: 'The app signs in from this machine only.' });
    const rawBody = await readSmallBody(req);
    if (rawBody === null) return sendJson(res, 413, { message: 'The body must be {"username": "…"}.' });
    const { status, body } = session(org, rawBody);
    return sendJson(res, status, body);
  }
  if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { message: 'Use GET.' });
  const buildDir = options.buildDir ?? APP_BUILD_DIR;
  // The org's router drops a trailing slash, so /app/ arrives as /app: both are the page.
  const relative = pathname.slice('/app/'.length);
  if (relative.startsWith('slds/')) {
    const file = inside(SLDS_DIR, relative.slice('slds/'.length));
    if (!file) return sendJson(res, 404, { message: 'Not found.' });
    return sendFile(res, file, true);
  }
  if (!fs.existsSync(path.join(buildDir, 'app.js'))) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The Stride app is not built yet: run `npm run build && npm run build:app`.');
    return;
  }
  const file = inside(buildDir, relative || 'index.html');
  if (!file) return sendJson(res, 404, { message: 'Not found.' });
  sendFile(res, file, false);
}
