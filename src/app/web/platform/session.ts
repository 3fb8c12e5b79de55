/**
 * The signed-in user of this page. index.html asks the local org for a session (src/app/serve.ts)
 * before it loads app.js, so every module can read the user at load time, as the platform's
 * `@salesforce/user/Id` does. Switching users reloads the page.
 */
export interface AppUser {
  id: string;
  username: string;
  name: string;
  title: string | null;
  timeZone: string;
}

export interface AppSession {
  accessToken: string;
  apiVersion: string;
  user: AppUser;
  users: AppUser[];
  /** How often wires re-read the org to show what the companion changed (ms). */
  pollMs: number;
}

declare global {
  var __STRIDE_SESSION__: AppSession | undefined;
}

export function session(): AppSession {
  const current = globalThis.__STRIDE_SESSION__;
  if (!current)
    throw new Error('No Stride session: load the app through /app/ so index.html signs in first.');
  return current;
}
