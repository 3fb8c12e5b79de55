/**
 * Access tokens and refresh tokens, kept in the org's SQLite database so that a restart of the
 * local org on the same database file is invisible to clients: their sessions and refresh tokens
 * keep working. Only a SHA-256 digest of each token is stored, so the database file alone does not
 * hand out live sessions; the tokens themselves come from `crypto.randomBytes`.
 */
import { createHash } from 'node:crypto';
import { randomBase62 } from '../ids';
import type { Db } from '../store/database';

export interface Session {
  userId: string;
  issuedAt: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly orgId: string
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS _sessions (
        token_sha256 TEXT PRIMARY KEY, user_id TEXT NOT NULL, issued_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS _refresh_tokens (
        token_sha256 TEXT PRIMARY KEY, user_id TEXT NOT NULL, issued_at INTEGER NOT NULL);
    `);
  }

  /** Issues an access token `<orgId15>!<96 random base-62 characters>` for a user. */
  issueAccessToken(userId: string, issuedAt: number): string {
    const token = `${this.orgId.slice(0, 15)}!${randomBase62(96)}`;
    this.db
      .prepare('INSERT INTO _sessions (token_sha256, user_id, issued_at) VALUES (?, ?, ?)')
      .run(digest(token), userId, issuedAt);
    return token;
  }

  /** Issues a refresh token (accepted by the refresh_token grant until the database is discarded). */
  issueRefreshToken(userId: string, issuedAt: number): string {
    const token = `5Aep${randomBase62(83)}`;
    this.db
      .prepare('INSERT INTO _refresh_tokens (token_sha256, user_id, issued_at) VALUES (?, ?, ?)')
      .run(digest(token), userId, issuedAt);
    return token;
  }

  session(token: string): Session | undefined {
    const row = this.db
      .prepare('SELECT user_id, issued_at FROM _sessions WHERE token_sha256 = ?')
      .get(digest(token)) as { user_id: string; issued_at: number } | undefined;
    return row ? { userId: row.user_id, issuedAt: row.issued_at } : undefined;
  }

  userForRefreshToken(token: string): string | undefined {
    const row = this.db
      .prepare('SELECT user_id FROM _refresh_tokens WHERE token_sha256 = ?')
      .get(digest(token)) as { user_id: string } | undefined;
    return row?.user_id;
  }

  /** Ends one session, or every access-token session; refresh tokens keep working. */
  expire(token?: string): void {
    if (token === undefined) this.db.prepare('DELETE FROM _sessions').run();
    else this.db.prepare('DELETE FROM _sessions WHERE token_sha256 = ?').run(digest(token));
  }

  /** Revokes a refresh token (`/services/oauth2/revoke`) or an access token. */
  revoke(token: string): void {
    this.db.prepare('DELETE FROM _refresh_tokens WHERE token_sha256 = ?').run(digest(token));
    this.expire(token);
  }
}
