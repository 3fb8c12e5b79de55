/**
 * The local org's one connected app: its consumer key and secret, the certificate that JWT bearer
 * assertions must be signed for, and the users pre-authorised for it ("Admin approved users are
 * pre-authorized"): as in an org, through the profiles and permission sets assigned to the app
 * (`profileNames`, `permissionSetNames`), or by username for tests. With none of these every
 * active user is pre-authorised.
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
  /** Usernames pre-authorised for the JWT bearer flow. */
  preAuthorizedUsernames?: string[];
  /** Permission sets (API names) assigned to the app: their assignees are pre-authorised. */
  permissionSetNames?: string[];
  /** Profiles (names) assigned to the app: their users are pre-authorised. */
  profileNames?: string[];
}

/** What pre-authorisation looks at for one user. */
export interface UserGrants {
  username: string;
  profileName: string | null;
  permissionSetNames: string[];
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

  /** Whether the app's policy lets this user in without their own approval. */
  isPreAuthorized(user: UserGrants): boolean {
    const byPermissionSet = this.options.permissionSetNames ?? [];
    const byProfile = this.options.profileNames ?? [];
    if (this.preAuthorized === null && byPermissionSet.length === 0 && byProfile.length === 0) return true;
    const lower = (names: string[]) => new Set(names.map((n) => n.toLowerCase()));
    const sets = lower(byPermissionSet);
    return (
      !!this.preAuthorized?.has(user.username.toLowerCase()) ||
      user.permissionSetNames.some((name) => sets.has(name.toLowerCase())) ||
      (!!user.profileName && lower(byProfile).has(user.profileName.toLowerCase()))
    );
  }
}
