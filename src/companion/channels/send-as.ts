/**
 * Sessions of the sending users: the companion sends a rep's email as that rep, through the OAuth 2.0
 * JWT bearer flow of the Stride connected app ("Admin approved users are pre-authorized"). One
 * session per user, minted on first use and kept `sessionMinutes`; a 401 re-mints it (the flow has
 * no refresh token: re-minting is signing a new assertion). A user the app is not pre-authorised
 * for is remembered for `refusalMinutes` so a pass does not ask again for every action.
 *
 * The private key is read once from a file (`--send-as-key-file` / `STRIDE_SEND_AS_KEY_FILE`) and
 * lives only in memory; it, the assertions and the tokens are never logged.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { Connection } from 'jsforce';
import { SalesforceApi, type ApiOptions } from '../api';
import type { Logger } from '../logger';
import type { NameMapper } from '../names';

export interface SendAsOptions {
  /** Consumer key of the Stride connected app (the assertion's `iss`). */
  clientId: string;
  /** Where the token endpoint is, and the assertion's `aud`: https://login.salesforce.com, test., or a My Domain. */
  loginUrl: string;
  /** PEM private key whose certificate the connected app holds (contents, not the path). */
  privateKey: string;
  /** Verified Org-Wide Email Address used for users the app is not pre-authorised for. */
  orgWideAddress?: string | null;
  /** How long a minted session is used before a new one is minted (default 60). */
  sessionMinutes?: number;
  /** How long a refused user is not asked about again (default 10). */
  refusalMinutes?: number;
}

/** Who an email goes out as. */
export type Sender =
  /** The rep's own session (`senderType: CurrentUser` runs as the rep). */
  | { kind: 'user'; userId: string; api: SalesforceApi }
  /** The configured Org-Wide Email Address, through the integration user's session. */
  | { kind: 'org-wide'; address: string; detail: string }
  /** The integration user (send-as not configured, or no owner). */
  | { kind: 'integration' }
  /** Cannot send as the owner and no fallback: the action is held with `detail`. */
  | { kind: 'refused'; detail: string; transient: boolean };

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Answers of the token endpoint that mean "this user is not pre-authorised for the app". */
function notPreAuthorised(error: string, description: string): boolean {
  return (
    error === 'invalid_app_access' ||
    (error === 'invalid_grant' && /approved|not admin|inactive|user/i.test(description))
  );
}

interface Cached {
  at: number;
  sender: Sender;
}

export class SenderSessions {
  private readonly key: KeyObject;
  private readonly cache = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<Sender>>();

  constructor(
    private readonly options: SendAsOptions,
    private readonly base: {
      apiVersion: string;
      names: NameMapper;
      log: Logger;
      api?: Partial<ApiOptions>;
      /** Called after every request a user's session sends (the API budget counts them too). */
      onCall?: (calls: number) => void;
      /** Wall-clock ms (tests). */
      nowMs?: () => number;
    }
  ) {
    try {
      this.key = createPrivateKey(options.privateKey);
    } catch {
      // Never echo the key: say what and where.
      throw new Error('send-as: the JWT private key is not a PEM private key (--send-as-key-file)');
    }
  }

  private now(): number {
    return this.base.nowMs?.() ?? Date.now();
  }

  /** A signed RS256 assertion for `username`, valid three minutes. */
  assertion(username: string): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = encode({ alg: 'RS256' });
    const payload = encode({
      iss: this.options.clientId,
      sub: username,
      aud: this.options.loginUrl.replace(/\/+$/, ''),
      exp: Math.floor(this.now() / 1000) + 180
    });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.key).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** Mints a session for `username`: the token answer, or the OAuth error. */
  async mint(
    username: string
  ): Promise<
    { ok: true; accessToken: string; instanceUrl: string } | { ok: false; error: string; description: string }
  > {
    const url = `${this.options.loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: this.assertion(username) }).toString()
      });
    } catch (error) {
      return { ok: false, error: 'unreachable', description: `${url}: ${(error as Error).message}` };
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, string | undefined>;
    if (response.ok && body.access_token && body.instance_url)
      return { ok: true, accessToken: body.access_token, instanceUrl: body.instance_url };
    return {
      ok: false,
      error: body.error ?? `HTTP ${response.status}`,
      description: body.error_description ?? ''
    };
  }

  /**
   * Who an email of `user` goes out as: the user's session, else the Org-Wide Email Address when
   * configured, else refused (held). Concurrent asks for one user share one mint.
   */
  async senderFor(user: { id: string; username: string; name?: string | null }): Promise<Sender> {
    const cached = this.cache.get(user.id);
    const age = cached ? this.now() - cached.at : Infinity;
    if (cached) {
      const ttl =
        cached.sender.kind === 'user'
          ? (this.options.sessionMinutes ?? 60) * 60_000
          : cached.sender.kind === 'refused' && cached.sender.transient
            ? 60_000
            : (this.options.refusalMinutes ?? 10) * 60_000;
      if (age < ttl) return cached.sender;
    }
    const running = this.inflight.get(user.id);
    if (running) return running;
    const asking = this.resolve(user).finally(() => this.inflight.delete(user.id));
    this.inflight.set(user.id, asking);
    return asking;
  }

  /** Forgets every session (e.g. after the key file changed). */
  clear(): void {
    this.cache.clear();
  }

  private async resolve(user: { id: string; username: string; name?: string | null }): Promise<Sender> {
    const minted = await this.mint(user.username);
    let sender: Sender;
    if (minted.ok) {
      const conn = new Connection({
        instanceUrl: minted.instanceUrl,
        accessToken: minted.accessToken,
        version: this.base.apiVersion
      });
      const api = new SalesforceApi(conn, this.base.names, this.base.log, {
        version: this.base.apiVersion,
        ...this.base.api,
        // The JWT flow issues no refresh token: an expired session is minted again.
        refreshSession: async (c) => {
          const again = await this.mint(user.username);
          if (!again.ok)
            throw new Error(`send-as: cannot re-mint the session of ${user.username}: ${again.error}`);
          c.accessToken = again.accessToken;
        }
      });
      if (this.base.onCall) api.onCall(this.base.onCall);
      sender = { kind: 'user', userId: user.id, api };
    } else {
      const who = user.name ? `${user.name} (${user.username})` : user.username;
      const refusal = notPreAuthorised(minted.error, minted.description);
      const why = refusal
        ? `${who} is not pre-authorised for the Stride connected app (${minted.error})`
        : `no session could be minted for ${who} (${minted.error}${minted.description ? `: ${minted.description}` : ''})`;
      this.base.log.warn(
        { user: user.username, error: minted.error, description: minted.description },
        'send-as: no session for the sending user'
      );
      const address = this.options.orgWideAddress;
      sender =
        address && refusal
          ? { kind: 'org-wide', address, detail: `${why}; sent from ${address}` }
          : {
              kind: 'refused',
              transient: !refusal,
              detail: refusal
                ? `${why}. An admin pre-authorises the user (Stride permission set on the connected app) or configures an org-wide email address`
                : `${why}; trying again shortly`
            };
    }
    this.cache.set(user.id, { at: this.now(), sender });
    return sender;
  }
}
