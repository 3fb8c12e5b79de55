/**
 * Whether an action may be performed for a participant's record, checked when the action is
 * scheduled and again at send time (reference/reliability.md: compliance belongs at send time).
 * The answer is `null` (eligible) or one of the reason codes of docs/architecture.md §3.
 *
 * Mobile numbers: the core bundle for the components cannot carry libphonenumber's metadata (size
 * limit), so by default `checkEligibility` only checks that `MobilePhone` looks like a phone number
 * (see {@link looksLikePhoneNumber}). The companion passes the full validator, `isValidMobile` from
 * `src/core/mobile.ts`, as `mobileValidator`.
 */
import type { Activation, ActionType, ReasonCode } from './constants';

/** The Lead or Contact fields eligibility reads (SOQL field names). */
export interface EligibilityRecord {
  Email?: string | null;
  HasOptedOutOfEmail?: boolean | null;
  DoNotCall?: boolean | null;
  /** Stride's SMS opt-out (STOP). */
  SMS_Opt_Out__c?: boolean | null;
  MobilePhone?: string | null;
  IsConverted?: boolean | null;
  IsDeleted?: boolean | null;
  [field: string]: unknown;
}

/** The reasons eligibility can give. */
export type EligibilityReason = Extract<
  ReasonCode,
  | 'RECORD_DELETED'
  | 'LEAD_CONVERTED'
  | 'EMAIL_OPT_OUT'
  | 'BLANK_EMAIL_ADDRESS'
  | 'INVALID_EMAIL_ADDRESS'
  | 'EMPTY_EMAIL_BODY'
  | 'DO_NOT_CALL'
  | 'SMS_OPT_OUT'
  | 'INVALID_MOBILE'
>;

/** What becomes of an ineligible action: skipped, turned into a manual action, or the participant exits. */
export type EligibilityDisposition = 'skip' | 'manual' | 'exit';

/** Checks a number is a valid mobile for a default region. */
export type MobileValidator = (number: string, defaultRegion: string) => boolean;

export interface EligibilityInput {
  type: ActionType;
  /** The participant's Lead or Contact; `null`/`undefined` when it no longer exists. */
  record: EligibilityRecord | null | undefined;
  /** Region for national mobile numbers (ISO 3166 alpha-2). Default `US`. */
  defaultRegion?: string;
  /** For Email: an automatic email with a blank body becomes manual (`EMPTY_EMAIL_BODY`). */
  activation?: Activation;
  /** For automatic Email: the body (rendered or as written), HTML or text. */
  emailBody?: string | null;
  /** Full mobile validation; default {@link looksLikePhoneNumber}. */
  mobileValidator?: MobileValidator;
}

const DISPOSITIONS: Readonly<Record<EligibilityReason, EligibilityDisposition>> = {
  RECORD_DELETED: 'exit',
  LEAD_CONVERTED: 'exit',
  EMAIL_OPT_OUT: 'skip',
  BLANK_EMAIL_ADDRESS: 'skip',
  INVALID_EMAIL_ADDRESS: 'skip',
  DO_NOT_CALL: 'skip',
  SMS_OPT_OUT: 'skip',
  INVALID_MOBILE: 'skip',
  EMPTY_EMAIL_BODY: 'manual'
};

/**
 * What happens to an action that is not eligible (reference/product-semantics.md §2.1: opt-outs and
 * a blank address skip, an empty automatic body converts to manual; a converted or deleted record
 * ends the participation).
 *
 * @example
 * eligibilityDisposition('EMPTY_EMAIL_BODY')
 * //=> 'manual'
 * eligibilityDisposition('LEAD_CONVERTED')
 * //=> 'exit'
 */
export function eligibilityDisposition(reason: EligibilityReason): EligibilityDisposition {
  return DISPOSITIONS[reason];
}

// One @, no spaces, a dotted domain of letters, digits and hyphens, a top-level domain of 2+ letters.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * Whether an e-mail address is well formed (the practical check Salesforce's Email field applies).
 *
 * @example
 * isValidEmailAddress('ada@example.com')
 * //=> true
 * isValidEmailAddress('ada@example')
 * //=> false
 */
export function isValidEmailAddress(address: string): boolean {
  const trimmed = address.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed) && !/\.\./.test(trimmed);
}

/**
 * A metadata-free check that a number looks like a phone number: only digits, spaces and
 * `+ - . ( ) /`, at most one leading `+`, and 8 to 15 digits (E.164 allows 15). It does not know
 * which numbers are mobiles; the companion uses `isValidMobile` from `src/core/mobile.ts`.
 *
 * @example
 * looksLikePhoneNumber('+1 (415) 555-2671')
 * //=> true
 * looksLikePhoneNumber('call me')
 * //=> false
 */
export function looksLikePhoneNumber(number: string): boolean {
  const trimmed = number.trim();
  if (!/^\+?[\d\s\-.()/]+$/.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15;
}

/**
 * Whether an e-mail body has no visible content: blank, or only tags, comments, `&nbsp;` and
 * white space.
 *
 * @example
 * isBlankEmailBody('<p>&nbsp;</p><br/>')
 * //=> true
 * isBlankEmailBody('<p>Hi</p>')
 * //=> false
 */
export function isBlankEmailBody(body: string | null | undefined): boolean {
  if (body === null || body === undefined) return true;
  const visible = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ');
  return visible.trim() === '';
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Checks that an action may be performed for a record, and says why not:
 *
 * - any type: `RECORD_DELETED` (no record, or `IsDeleted`), `LEAD_CONVERTED` (`IsConverted`);
 * - Email: `EMAIL_OPT_OUT`, `BLANK_EMAIL_ADDRESS`, `INVALID_EMAIL_ADDRESS`, and for automatic
 *   emails `EMPTY_EMAIL_BODY` (the action becomes manual);
 * - Call: `DO_NOT_CALL`;
 * - SMS: `SMS_OPT_OUT` (`SMS_Opt_Out__c`: the person texted STOP), `INVALID_MOBILE` (blank or
 *   invalid `MobilePhone`);
 * - Task: nothing more.
 *
 * @param input - action type, record and options
 * @returns `null` when eligible, else the reason code
 *
 * @example
 * checkEligibility({ type: 'Email', record: { Email: 'ada@example.com', HasOptedOutOfEmail: true } })
 * //=> 'EMAIL_OPT_OUT'
 * checkEligibility({ type: 'Email', record: { Email: 'ada@example.com' }, activation: 'Automatic', emailBody: '<p></p>' })
 * //=> 'EMPTY_EMAIL_BODY'
 * checkEligibility({ type: 'SMS', record: { MobilePhone: '+1 415 555 2671' } })
 * //=> null
 */
export function checkEligibility(input: EligibilityInput): EligibilityReason | null {
  const { record } = input;
  if (record === null || record === undefined || record.IsDeleted === true) return 'RECORD_DELETED';
  if (record.IsConverted === true) return 'LEAD_CONVERTED';
  switch (input.type) {
    case 'Email':
      if (record.HasOptedOutOfEmail === true) return 'EMAIL_OPT_OUT';
      if (isBlank(record.Email)) return 'BLANK_EMAIL_ADDRESS';
      if (!isValidEmailAddress(String(record.Email))) return 'INVALID_EMAIL_ADDRESS';
      if (input.activation === 'Automatic' && isBlankEmailBody(input.emailBody)) return 'EMPTY_EMAIL_BODY';
      return null;
    case 'Call':
      return record.DoNotCall === true ? 'DO_NOT_CALL' : null;
    case 'SMS': {
      if (record.SMS_Opt_Out__c === true) return 'SMS_OPT_OUT';
      if (isBlank(record.MobilePhone)) return 'INVALID_MOBILE';
      const validate = input.mobileValidator ?? looksLikePhoneNumber;
      return validate(String(record.MobilePhone), input.defaultRegion ?? 'US') ? null : 'INVALID_MOBILE';
    }
    default:
      return null;
  }
}
