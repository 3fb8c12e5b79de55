/**
 * The connection a running local org leaves for the `stride` CLI and other tools on this machine:
 * `.stride/local-org.json` in the project (git-ignored, readable by its owner only). It keeps the
 * session token, the control token and the generated passwords out of the terminal and the logs
 * while making the local org the CLI's default org.
 */
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalOrg } from './index';

/** Where the file goes, relative to the project root (the CLI reads it from there). */
export const LOCAL_ORG_CONNECTION_FILE = path.join('.stride', 'local-org.json');

export interface LocalOrgConnection {
  instanceUrl: string;
  accessToken: string;
  refreshToken: string;
  username: string;
  orgId: string;
  /** `Authorization: Bearer <controlToken>` for `/_local/*`. */
  controlToken: string;
  /** The connected app's consumer key and secret (password and client_credentials grants). */
  clientId: string;
  clientSecret: string;
  /** Each active user's password, by username (for the password grant). */
  passwords: Record<string, string>;
}

/** What the connection file holds for a running org: its tokens and every active user's password. */
export function connectionOf(org: LocalOrg): LocalOrgConnection {
  const users = org.data.query('SELECT Username FROM User WHERE IsActive = true ORDER BY Username').records;
  const passwords: Record<string, string> = {};
  for (const user of users) {
    const username = String(user.Username);
    passwords[username] = org.passwordFor(username);
  }
  return {
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    refreshToken: org.refreshToken,
    username: org.username,
    orgId: org.orgId,
    controlToken: org.controlToken,
    clientId: org.clientId,
    clientSecret: org.clientSecret,
    passwords
  };
}

/**
 * Writes the connection file owner-only (0600, also when it already existed with wider rights:
 * it is written to a fresh 0600 file and renamed over the old one) and returns its path.
 *
 * @example
 * writeConnectionFile(connectionOf(org)) //=> '/work/stride/.stride/local-org.json'
 */
export function writeConnectionFile(
  connection: LocalOrgConnection,
  file = path.resolve(LOCAL_ORG_CONNECTION_FILE)
): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  chmodSync(file, 0o600);
  return file;
}

/** Removes the connection file when its org stops, so no tool connects to a dead port. */
export function removeConnectionFile(file = path.resolve(LOCAL_ORG_CONNECTION_FILE)): void {
  rmSync(file, { force: true });
}
