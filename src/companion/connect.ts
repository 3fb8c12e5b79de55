/**
 * Opens a jsforce Connection from the companion's connection options:
 *
 * - an instance URL and access token (the local org by default: `STRIDE_INSTANCE_URL` /
 *   `STRIDE_ACCESS_TOKEN`), optionally with a refresh token so an expired session is re-minted;
 * - an `sf` CLI alias or username through `@salesforce/core` (`Org.create` + `getConnection`);
 * - the OAuth 2.0 JWT bearer flow (`--jwt-key-file`, `--client-id`, `--username`, `--login-url`),
 *   also through `@salesforce/core`, which re-mints the token when it expires (the flow issues no
 *   refresh token).
 */
import { Connection } from 'jsforce';
import type { ConnectionOptions } from './config';

export interface OpenedConnection {
  conn: Connection;
  /** How the session is re-minted after a 401; absent when it cannot be. */
  refreshSession?: (conn: Connection) => Promise<void>;
  /** A short description for logs (never the token). */
  description: string;
}

/**
 * Opens the connection described by `options`.
 *
 * @example
 * const { conn } = await openConnection({ kind: 'token', instanceUrl: 'http://127.0.0.1:4010', accessToken: '00D...', apiVersion: '66.0' });
 */
export async function openConnection(options: ConnectionOptions): Promise<OpenedConnection> {
  switch (options.kind) {
    case 'token': {
      const conn = new Connection({
        instanceUrl: options.instanceUrl,
        accessToken: options.accessToken,
        version: options.apiVersion,
        ...(options.refreshToken
          ? {
              refreshToken: options.refreshToken,
              oauth2: {
                clientId: options.clientId ?? 'stride-companion',
                loginUrl: options.loginUrl ?? options.instanceUrl,
                redirectUri: 'http://localhost/callback'
              }
            }
          : {})
      });
      const refreshSession = options.refreshToken
        ? async (c: Connection): Promise<void> => {
            const oauth2 = (
              c as unknown as {
                oauth2: {
                  refreshToken(token: string): Promise<{ access_token: string; instance_url?: string }>;
                };
              }
            ).oauth2;
            const result = await oauth2.refreshToken(options.refreshToken!);
            c.accessToken = result.access_token;
          }
        : undefined;
      return { conn, refreshSession, description: `${options.instanceUrl} (access token)` };
    }
    case 'alias': {
      const { Org } = await import('@salesforce/core');
      const org = await Org.create({ aliasOrUsername: options.targetOrg });
      const conn = org.getConnection(options.apiVersion) as unknown as Connection;
      return {
        conn,
        refreshSession: async (c) => {
          await (c as unknown as { refreshAuth(): Promise<void> }).refreshAuth();
        },
        description: `org ${options.targetOrg}`
      };
    }
    case 'jwt': {
      const core = await import('@salesforce/core');
      let authInfo;
      try {
        authInfo = await core.AuthInfo.create({
          username: options.username,
          oauth2Options: {
            clientId: options.clientId,
            privateKeyFile: options.jwtKeyFile,
            loginUrl: options.loginUrl
          }
        });
      } catch (error) {
        // The sf CLI already holds this user's auth (e.g. `sf org login jwt`): use it; it re-mints itself.
        if ((error as { name?: string }).name !== 'AuthInfoOverwriteError') throw error;
        authInfo = await core.AuthInfo.create({ username: options.username });
      }
      const conn = (await core.Connection.create({
        authInfo,
        connectionOptions: { version: options.apiVersion }
      })) as unknown as Connection;
      return {
        conn,
        refreshSession: async (c) => {
          await (c as unknown as { refreshAuth(): Promise<void> }).refreshAuth();
        },
        description: `${options.username} via JWT at ${options.loginUrl}`
      };
    }
    default: {
      const never: never = options;
      throw new Error(`Unhandled connection kind: ${JSON.stringify(never)}`);
    }
  }
}
