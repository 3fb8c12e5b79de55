/**
 * The local org's one connected app: its consumer key and secret, the certificate that JWT bearer
 * assertions must be signed for, and the users pre-authorised for it ("Admin approved users are
 * pre-authorized").
 */
import type { OrgSecrets } from './secrets';

export interface ConnectedAppOptions {
  /** Consumer key; default `stride-local-org`. */
  clientId?: string;
  /**
   * PEM certificate (or PEM public key) for the JWT bearer flow. Default: a key pair and
   * certificate the org generates on first use and exposes as `org.connectedApp`.
   */
  certificate?: string;
  /** Usernames pre-authorised for the JWT bearer flow; default every active user. */
  preAuthorizedUsernames?: string[];
}

export const DEFAULT_CLIENT_ID = 'stride-local-org';

export class ConnectedApp {
  readonly clientId: string;
  private readonly preAuthorized: Set<string> | null;

  constructor(
    private readonly secrets: OrgSecrets,
    private readonly options: ConnectedAppOptions = {}
  ) {
    this.clientId = options.clientId ?? DEFAULT_CLIENT_ID;
    this.preAuthorized = options.preAuthorizedUsernames
      ? new Set(options.preAuthorizedUsernames.map((u) => u.toLowerCase()))
      : null;
  }

  /** The certificate assertions are verified against. */
  certificate(): string {
    return this.options.certificate ?? this.secrets.signingIdentity().certificate;
  }

  /** The private key of the generated certificate; null when the org was given a certificate. */
  privateKey(): string | null {
    return this.options.certificate ? null : this.secrets.signingIdentity().privateKey;
  }

  isPreAuthorized(username: string): boolean {
    return this.preAuthorized === null || this.preAuthorized.has(username.toLowerCase());
  }
}
