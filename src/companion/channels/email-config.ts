/**
 * The email channels' configuration from the environment (README "Sending as the rep"):
 *
 * - `STRIDE_SEND_AS_KEY_FILE`: PEM private key of the Stride connected app's certificate; turns
 *   send-as on. With `--jwt-key-file` the companion's client id and login URL are the defaults.
 *   `STRIDE_SEND_AS_CLIENT_ID`, `STRIDE_SEND_AS_LOGIN_URL` override them.
 * - `STRIDE_ORG_WIDE_EMAIL`: the verified Org-Wide Email Address used for reps the connected app is
 *   not pre-authorised for (without it their emails are held).
 * - `STRIDE_MAILBOXES_FILE`: the SMTP channel's mailboxes (see channels/smtp.ts).
 *
 * The key file is read here once; its contents are never logged.
 */
import { readFileSync } from 'node:fs';
import type { SendAsOptions } from './send-as';
import { loadMailboxes, type MailboxesConfig } from './smtp';

export class EmailConfigError extends Error {}

export function emailOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  jwt: { jwtKeyFile?: string; clientId?: string; loginUrl?: string } = {}
): { sendAs: SendAsOptions | null; mailboxes: MailboxesConfig | null } {
  // Opt-in: a companion connected with --jwt-key-file still sends as the integration user until an
  // admin sets STRIDE_SEND_AS_KEY_FILE (often the same file).
  const keyFile = env.STRIDE_SEND_AS_KEY_FILE;
  let sendAs: SendAsOptions | null = null;
  if (keyFile) {
    const clientId = env.STRIDE_SEND_AS_CLIENT_ID || jwt.clientId;
    if (!clientId)
      throw new EmailConfigError(
        'STRIDE_SEND_AS_CLIENT_ID: required with STRIDE_SEND_AS_KEY_FILE (the connected app consumer key)'
      );
    let privateKey: string;
    try {
      privateKey = readFileSync(keyFile, 'utf8');
    } catch (error) {
      throw new EmailConfigError(
        `STRIDE_SEND_AS_KEY_FILE: cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`
      );
    }
    sendAs = {
      clientId,
      loginUrl: env.STRIDE_SEND_AS_LOGIN_URL || jwt.loginUrl || 'https://login.salesforce.com',
      privateKey,
      orgWideAddress: env.STRIDE_ORG_WIDE_EMAIL || null
    };
  } else if (env.STRIDE_ORG_WIDE_EMAIL) {
    throw new EmailConfigError(
      'STRIDE_ORG_WIDE_EMAIL: the fallback needs send-as (set STRIDE_SEND_AS_KEY_FILE)'
    );
  }
  const mailboxes = env.STRIDE_MAILBOXES_FILE ? loadMailboxes(env.STRIDE_MAILBOXES_FILE, env) : null;
  return { sendAs, mailboxes };
}
