/**
 * SMS length. A message that fits the GSM-7 alphabet (3GPP TS 23.038) is sent in 7-bit septets:
 * 160 per single message, 153 per part of a concatenated one (the user data header takes 7), and
 * the extension characters `^ { } \ [ ] ~ | €` and form feed take two septets each. Any other
 * character switches the whole message to UCS-2: 70 UTF-16 units, 67 per part. A two-unit
 * character (emoji) or a two-septet character is never split across parts.
 */

/** How an SMS will be encoded and how many parts it will be sent in. */
export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** Parts billed by the carrier; 0 for an empty message. */
  segments: number;
  /** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
  characters: number;
  /** Capacity of each part: 160 or 153 for GSM-7, 70 or 67 for UCS-2. */
  perSegment: number;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const LIMITS = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 }
} as const;

/** Counts parts when units of size 1 or 2 may not straddle a part boundary. */
function countParts(sizes: number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/**
 * Measures an SMS: encoding, parts, length and capacity per part.
 *
 * @param text - the rendered message
 * @returns encoding, parts, length and capacity per part
 *
 * @example
 * smsSegments('Hello {world}')
 * //=> { encoding: 'GSM-7', segments: 1, characters: 15, perSegment: 160 }
 * smsSegments('Hi 👋')
 * //=> { encoding: 'UCS-2', segments: 1, characters: 5, perSegment: 70 }
 * smsSegments('x'.repeat(161))
 * //=> { encoding: 'GSM-7', segments: 2, characters: 161, perSegment: 153 }
 */
export function smsSegments(text: string): SmsLength {
  const chars = Array.from(text);
  const gsm = chars.every((c) => GSM_BASIC.includes(c) || GSM_EXTENSION.includes(c));
  const encoding = gsm ? 'GSM-7' : 'UCS-2';
  const sizes = chars.map((c) => (gsm ? (GSM_EXTENSION.includes(c) ? 2 : 1) : c.length));
  const characters = sizes.reduce((sum, size) => sum + size, 0);
  const limits = LIMITS[encoding];
  if (characters === 0) return { encoding, segments: 0, characters, perSegment: limits.single };
  if (characters <= limits.single) return { encoding, segments: 1, characters, perSegment: limits.single };
  return { encoding, segments: countParts(sizes, limits.part), characters, perSegment: limits.part };
}
