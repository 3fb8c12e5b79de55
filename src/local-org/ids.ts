/**
 * Salesforce record ids: 15-character case-sensitive ids and their 18-character case-insensitive form.
 *
 * The three-character suffix encodes, for each five-character chunk of the 15-character id, which
 * characters are upper case; that is what lets an 18-character id survive case-insensitive systems.
 */
import { randomBytes } from 'node:crypto';

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Za-z0-5]{3})?$/;

/**
 * Appends the checksum suffix to a 15-character id.
 *
 * @example to18('001M000000qfPyS') // => '001M000000qfPySIAU'
 */
export function to18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[chunk * 5 + i];
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return id15 + suffix;
}

/**
 * Returns the 18-character form of a 15- or 18-character id, or null when the text is not an id
 * (wrong length, characters outside [a-zA-Z0-9], or an 18-character id whose suffix does not match).
 *
 * @example normalizeId('001M000000qfPyS') // => '001M000000qfPySIAU'
 */
export function normalizeId(value: unknown): string | null {
  if (typeof value !== 'string' || !ID_SHAPE.test(value)) return null;
  if (value.length === 15) return to18(value);
  // An 18-character id may arrive in another case; the checksum restores the case of the first 15.
  const suffix = value.slice(15).toUpperCase();
  const asGiven = to18(value.slice(0, 15));
  if (asGiven.slice(15) === suffix) return asGiven;
  let restored = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = CHECKSUM_ALPHABET.indexOf(suffix[chunk]);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = value[chunk * 5 + i];
      restored += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  const full = to18(restored);
  return full.slice(15) === suffix ? full : null;
}

/** The key prefix (first three characters) that names the object an id belongs to. */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/**
 * Builds an 18-character id from a key prefix and a sequence number, in the shape Salesforce uses:
 * prefix (3) + pod/instance marker (2) + base-62 counter (10) + checksum (3).
 *
 * @example makeId('001', 1) // => '0018b00000000001AAA'
 */
export function makeId(keyPrefix: string, sequence: number): string {
  let counter = '';
  let n = sequence;
  for (let i = 0; i < 10; i++) {
    counter = BASE62[n % 62] + counter;
    n = Math.floor(n / 62);
  }
  return to18(`${keyPrefix}8b${counter}`);
}

/**
 * Produces a random base-62 string from `crypto.randomBytes` (tokens, secrets, query locators):
 * bytes ≥ 248 are dropped so that every character is equally likely.
 *
 * @example randomBase62(8) // => 'q3ZbT0xA' (random)
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}
