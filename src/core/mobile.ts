/**
 * Full mobile-number validation with libphonenumber-js and its `mobile` metadata (which knows, per
 * country, which numbers are mobile).
 *
 * Deliberately NOT exported from `src/core/index.ts`: the metadata alone is about 95 KB, and the
 * core bundle for the components (`c/strideCore`, with luxon) must stay under the platform's 128 KB
 * file limit. The companion, which sends SMS, imports this module directly
 * (`import { normalizeMobile, isValidMobile } from '../core/mobile'`) and passes `isValidMobile` to
 * `checkEligibility`; the components use the structural check built into `checkEligibility`.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { fail, ok, type Result } from './result';

/**
 * Normalises a phone number to E.164 and checks that it is a valid mobile number. National numbers
 * are read in `defaultRegion` (ISO 3166 alpha-2, e.g. `US`, `FR`).
 *
 * Error codes: `INVALID_MOBILE` (not a number, not valid, or a landline), `BAD_REGION`.
 *
 * @param number - the number as stored (`MobilePhone`)
 * @param defaultRegion - ISO country for national numbers
 * @returns the E.164 number, or why it is not a mobile
 *
 * @example
 * normalizeMobile('06 12 34 56 78', 'FR')
 * //=> { ok: true, value: '+33612345678' }
 * normalizeMobile('01 42 68 53 00', 'FR') // a Paris landline
 * //=> { ok: false, error: { code: 'INVALID_MOBILE', message: '"01 42 68 53 00" is not a valid mobile number for FR' } }
 */
export function normalizeMobile(number: string, defaultRegion: string): Result<string> {
  const region = defaultRegion.trim().toUpperCase();
  if (!isSupportedCountry(region))
    return fail(
      'BAD_REGION',
      `"${defaultRegion}" is not a supported country code (use ISO codes such as US or FR)`
    );
  // With the `mobile` metadata, only mobile numbers are valid: a landline fails isValid().
  const parsed = parsePhoneNumberFromString(number, region);
  if (parsed === undefined || !parsed.isValid()) {
    // An international number (+…) is not read in the default region, so do not name it.
    const where = number.trim().startsWith('+') ? '' : ` for ${region}`;
    return fail('INVALID_MOBILE', `"${number}" is not a valid mobile number${where}`);
  }
  return ok(parsed.number);
}

/**
 * Whether a number is a valid mobile number; the validator to pass to `checkEligibility`.
 *
 * @example
 * isValidMobile('+1 415 555 2671', 'US')
 * //=> true
 */
export function isValidMobile(number: string, defaultRegion: string): boolean {
  return normalizeMobile(number, defaultRegion).ok;
}
