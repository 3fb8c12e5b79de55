/**
 * A key pair and a self-signed X.509 certificate for the OAuth 2.0 JWT bearer flow, made with
 * `node:crypto` alone (no openssl binary): the connected app holds the certificate, the client signs
 * its assertions with the private key. Tests and `npm run local-org` use it when no certificate of
 * the user's own is configured.
 *
 * @example
 * const { privateKey, certificate } = createSigningIdentity('stride-local-org');
 * new crypto.X509Certificate(certificate).subject //=> 'CN=stride-local-org'
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export interface SigningIdentity {
  /** PKCS#8 PEM private key (what `--jwt-key-file` / `privateKeyFile` expect). */
  privateKey: string;
  /** PEM X.509 certificate holding the public key (what a connected app is configured with). */
  certificate: string;
}

/** DER: tag, definite length, content. */
function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const NULL = Buffer.from([0x05, 0x00]);

/**
 * A non-negative DER INTEGER from big-endian bytes. DER wants the shortest form: leading zero bytes
 * are dropped (OpenSSL refuses a certificate whose serial has them, "illegal padding", which a
 * random serial starting 0x00 would otherwise hit once in 512 identities), and a zero byte is put
 * back only where a leading 1 bit would read as negative.
 *
 * @example
 * derInteger(Buffer.from([0x00, 0x10])) //=> <02 01 10>
 * derInteger(Buffer.from([0x80]))       //=> <02 02 00 80>
 */
export function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  return der(0x02, minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function objectId(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let n = arc >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : der(0x18, Buffer.from(`${iso}Z`));
}

const commonName = (name: string) =>
  sequence(set(sequence(objectId('2.5.4.3'), der(0x0c, Buffer.from(name, 'utf8')))));

const SHA256_WITH_RSA = sequence(objectId('1.2.840.113549.1.1.11'), NULL);

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Creates an RSA 2048 key pair and a certificate for it, self-signed, valid `days` days from now. */
export function createSigningIdentity(name: string, days = 3650): SigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const tbs = sequence(
    der(0xa0, derInteger(Buffer.from([2]))), // version 3
    derInteger(randomBytes(16)),
    SHA256_WITH_RSA,
    commonName(name),
    sequence(time(new Date(now - 60_000)), time(new Date(now + days * 86_400_000))),
    commonName(name),
    publicKey.export({ type: 'spki', format: 'der' })
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificate: pem('CERTIFICATE', certificate)
  };
}
