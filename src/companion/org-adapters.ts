/**
 * What the companion takes from whoever composes it, for the parts that depend on where it runs:
 * the org's clock, the SMS provider, the lookup of SMTP sends whose outcome is unknown, and the
 * registration of the SMS webhook with a provider that is told where to call. A production run
 * needs none of them (system clock, Twilio from the environment, no probe, Twilio's console holds
 * the webhook URL); a development org supplies its own (src/demo/local-org-adapters.ts).
 */
import type { MailboxProbe } from './channels/smtp';
import type { SmsProvider } from './channels/sms';
import type { OrgClock } from './clock';
import type { Logger } from './logger';

export interface OrgAdapters {
  /** The org's clock (default: the system clock). */
  clock?: OrgClock;
  /** Sends texts (default: Twilio when TWILIO_ACCOUNT_SID is set, else no SMS channel). */
  sms?: SmsProvider;
  /** Finds SMTP sends that reached the mailbox provider (default: none; unknown outcomes wait). */
  mailboxProbe?: MailboxProbe;
  /**
   * Tells the SMS provider where the webhook listens and the key it signs with. With this hook the
   * webhook makes a key for the run when `TWILIO_AUTH_TOKEN` is not set.
   */
  registerSmsWebhook?: (webhook: { url: string; authToken: string }) => Promise<void>;
}

/** Chooses the adapters for the org a command connected to. */
export type OrgAdaptersFor = (org: { instanceUrl: string }, log: Logger) => Promise<OrgAdapters>;

/** The production choice: every default. */
export const productionAdapters: OrgAdaptersFor = async () => ({});
