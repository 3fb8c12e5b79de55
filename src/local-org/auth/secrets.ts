/**
 * The local org's own secrets: the control token that guards `/_local/*`, the connected app's
 * client secret and JWT signing identity, and a password per user. Generated with
 * `crypto.randomBytes` the first time an org needs them and kept in its database (so a restart on
 * the same file keeps them: clients holding them are not cut off); never written into code. The
 * database file and the connection file are owner-only for that reason.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from '../ids';
import type { Db } from '../store/database';
import { createSigningIdentity, type SigningIdentity } from './signing-identity';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Compares two secrets in constant time (digests first, so lengths do not leak). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

export class OrgSecrets {
  constructor(private readonly db: Db) {
    db.exec('CREATE TABLE IF NOT EXISTS _local_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  }

  private getOrCreate(name: string, create: () => string): string {
    const row = this.db.prepare('SELECT value FROM _local_secrets WHERE name = ?').get(name) as
      { value: string } | undefined;
    if (row) return row.value;
    const value = create();
    this.db.prepare('INSERT INTO _local_secrets (name, value) VALUES (?, ?)').run(name, value);
    return value;
  }

  /** The bearer token `/_local/*` requires (`Authorization: Bearer <controlToken>`). */
  controlToken(): string {
    return this.getOrCreate('control-token', () => `ctl_${randomBase62(48)}`);
  }

  /** The connected app's consumer secret (client_credentials and password grants). */
  clientSecret(): string {
    return this.getOrCreate('client-secret', () => randomBase62(64));
  }

  /** A user's password (generated on first use), e.g. for the password grant. */
  password(username: string): string {
    return this.getOrCreate(`password:${username.toLowerCase()}`, () => `Pw-${randomBase62(24)}`);
  }

  /** Whether `given` is the user's password; false for a user that never got one. */
  checkPassword(username: string, given: string): boolean {
    const row = this.db
      .prepare('SELECT value FROM _local_secrets WHERE name = ?')
      .get(`password:${username.toLowerCase()}`) as { value: string } | undefined;
    return row !== undefined && secretsEqual(given, row.value);
  }

  /**
   * The connected app's generated JWT signing identity: made on first use (an RSA key takes a
   * few hundred milliseconds, which most orgs never need to spend) and kept.
   */
  signingIdentity(): SigningIdentity {
    return JSON.parse(
      this.getOrCreate('jwt-signing-identity', () =>
        JSON.stringify(createSigningIdentity('stride-local-org'))
      )
    ) as SigningIdentity;
  }
}
