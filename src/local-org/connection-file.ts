/**
 * The connection a running local org leaves for the `stride` CLI and other tools on this machine:
 * `.stride/local-org.json` in the project (git-ignored, readable by its owner only). It keeps the
 * session token out of the terminal and the logs while making the local org the CLI's default org.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the file goes, relative to the project root (the CLI reads it from there). */
export const LOCAL_ORG_CONNECTION_FILE = path.join('.stride', 'local-org.json');

export interface LocalOrgConnection {
  instanceUrl: string;
  accessToken: string;
  refreshToken: string;
  username: string;
  orgId: string;
}

/**
 * Writes the connection file with mode 0600 and returns its path.
 *
 * @example
 * writeConnectionFile(org) //=> '/work/stride/.stride/local-org.json'
 */
export function writeConnectionFile(
  connection: LocalOrgConnection,
  file = path.resolve(LOCAL_ORG_CONNECTION_FILE)
): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const { instanceUrl, accessToken, refreshToken, username, orgId } = connection;
  writeFileSync(
    file,
    `${JSON.stringify({ instanceUrl, accessToken, refreshToken, username, orgId }, null, 2)}\n`,
    {
      mode: 0o600
    }
  );
  return file;
}

/** Removes the connection file when its org stops, so no tool connects to a dead port. */
export function removeConnectionFile(file = path.resolve(LOCAL_ORG_CONNECTION_FILE)): void {
  rmSync(file, { force: true });
}
