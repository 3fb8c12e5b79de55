/**
 * The SMS channel: one provider call per message, four in flight, each fenced on the lease. Twilio
 * has no idempotency key, so an SMS whose outcome is unknown is never re-sent automatically.
 */
import { mapLimit } from '../../api';
import { SmsPermanentError } from '../../channels/sms';
import type { Lease } from '../claim';
import type { PassContext } from '../context';
import type { Outcome } from '../outcomes';
import type { PreparedSms } from '../prepare';

export async function sendSms(
  ctx: PassContext,
  messages: Array<PreparedSms & { key: string }>,
  lease: Lease,
  outcomes: Map<string, Outcome>
): Promise<void> {
  const provider = ctx.channels.sms;
  if (!provider || messages.length === 0) return;
  await mapLimit(messages, 4, async (c) => {
    if (ctx.signal.aborted) {
      outcomes.set(c.key, { status: 'released', why: 'worker stopping before the send' });
      return;
    }
    if (!lease.holds()) {
      outcomes.set(c.key, { status: 'released', why: 'lease ran out before the send (fenced)' });
      return;
    }
    try {
      const result = await provider.send({
        to: c.sms.to,
        from: ctx.channels.smsFrom,
        body: c.sms.body,
        idempotencyKey: c.key
      });
      outcomes.set(c.key, { status: 'sent', providerMessageId: result.providerMessageId });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof SmsPermanentError && error.code === 'SMS_OPT_OUT') {
        // The provider refuses: the person texted STOP (Twilio 21610). Recorded as an SMS opt-out.
        outcomes.set(c.key, { status: 'opted-out', error: { kind: 'permanent', code: error.code, message } });
      } else if (error instanceof SmsPermanentError) {
        outcomes.set(c.key, {
          status: 'failed',
          error: { kind: 'permanent', code: error.code, message },
          reason: error.code === 'INVALID_MOBILE' ? 'INVALID_MOBILE' : 'SEND_FAILED'
        });
      } else {
        // Twilio has no idempotency key: an SMS whose outcome is unknown is held for a person to check.
        outcomes.set(c.key, {
          status: 'unknown',
          error: { kind: 'retryable', code: 'SMS_UNKNOWN', message }
        });
      }
    }
  });
}
