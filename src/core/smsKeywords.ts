/**
 * The SMS keywords carriers and providers honour (CTIA; Twilio's default opt-out handling): a message
 * that is just one of these words, whatever its case and surrounding spaces or final punctuation,
 * opts the sender out of, or back into, text messages from the sending number.
 */

/** Words that opt the sender out (Twilio's defaults). */
export const SMS_OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
/** Words that opt the sender back in. */
export const SMS_OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export type SmsKeyword = 'opt-out' | 'opt-in' | null;

/**
 * What an inbound SMS asks for: `opt-out`, `opt-in`, or `null` for an ordinary reply. Only a message
 * that is the keyword alone counts ("Please stop calling me" is a reply, not an opt-out).
 *
 * @example
 * smsKeyword(' Stop. ') //=> 'opt-out'
 * smsKeyword('unstop') //=> 'opt-in'
 * smsKeyword('stop sending these') //=> null
 */
export function smsKeyword(body: string | null | undefined): SmsKeyword {
  const word = (body ?? '')
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  if ((SMS_OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'opt-out';
  if ((SMS_OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'opt-in';
  return null;
}
