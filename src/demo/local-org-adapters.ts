/**
 * The companion's adapters for a local org (src/local-org) running in another process, reached only
 * through its HTTP controls under `/_local/*` (`Authorization: Bearer <controlToken>`):
 * - its clock (`GET /_local/clock`), which may be moved or run faster than real time;
 * - its SMS outbox (`POST /_local/sms`), which records each text with its idempotency key;
 * - its SMTP server's received mail (`GET /_local/smtp`), for SMTP sends whose outcome is unknown;
 * - its simulated SMS provider's webhook target (`POST /_local/sms/webhook`).
 *
 * They speak HTTP only, so the compiled CLI that wires them (`bin/stride --local-org`) needs none
 * of the local org's own dependencies (SQLite, the SMTP server).
 */
import { smsErrorCode, SmsPermanentError, SmsRetryableError } from '../companion/channels/sms';
import type { SmsMessage, SmsProvider } from '../companion/channels/sms';
import type { MailboxMessage, MailboxProbe } from '../companion/channels/smtp';
import { RemoteClock, type ClockReading } from '../companion/clock';
import type { OrgAdapters } from '../companion/org-adapters';

/** How to reach a local org's controls. */
export interface LocalOrgControlsAccess {
  instanceUrl: string;
  controlToken?: string;
}

/** The header that opens the local org's `/_local/*` controls. */
export function controlHeaders(controlToken: string | undefined): Record<string, string> {
  return controlToken ? { Authorization: `Bearer ${controlToken}` } : {};
}

function controlsUrl(access: LocalOrgControlsAccess, route: string): string {
  return `${access.instanceUrl.replace(/\/+$/, '')}/_local/${route}`;
}

/** Whether the URL is on this machine (a local org is; the control token goes nowhere else). */
export function isLoopbackUrl(instanceUrl: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(instanceUrl);
}

/**
 * Whether the org is a local org whose controls answer this token (`local`), a local org that
 * refuses it (`locked`: no or wrong control token), or another org (`remote`).
 */
export async function probeLocalOrg(access: LocalOrgControlsAccess): Promise<'local' | 'locked' | 'remote'> {
  if (!isLoopbackUrl(access.instanceUrl)) return 'remote';
  try {
    const response = await fetch(controlsUrl(access, 'clock'), {
      headers: controlHeaders(access.controlToken),
      signal: AbortSignal.timeout(2000)
    });
    const body = (await response.json()) as { epochMs?: unknown; error?: unknown };
    if (response.status === 401 && body.error === 'control token required') return 'locked';
    return response.ok && typeof body.epochMs === 'number' ? 'local' : 'remote';
  } catch {
    return 'remote';
  }
}

/** The local org's clock, followed between readings at its speed. */
export function localOrgClock(access: LocalOrgControlsAccess): RemoteClock {
  return new RemoteClock(async (): Promise<ClockReading> => {
    const response = await fetch(controlsUrl(access, 'clock'), {
      headers: controlHeaders(access.controlToken)
    });
    if (!response.ok) throw new Error(`local org clock: HTTP ${response.status}`);
    const body = (await response.json()) as { epochMs: number; speed: number };
    return { nowMs: body.epochMs, speed: body.speed };
  });
}

/**
 * The local org's SMS outbox: records every message with its idempotency key, so tests can assert
 * "at most once"; answers Twilio's error numbers (21610 for a number that texted STOP).
 */
export class LocalOutboxSmsProvider implements SmsProvider {
  readonly name = 'local-outbox';

  constructor(
    private readonly access: LocalOrgControlsAccess,
    private readonly fetchImpl: typeof fetch = fetch
  ) {}

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    let response: Response;
    try {
      response = await this.fetchImpl(controlsUrl(this.access, 'sms'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...controlHeaders(this.access.controlToken) },
        body: JSON.stringify({
          to: message.to,
          from: message.from,
          body: message.body,
          metadata: { idempotencyKey: message.idempotencyKey }
        })
      });
    } catch (error) {
      throw new SmsRetryableError(`local outbox unreachable: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as {
      id?: string;
      providerMessageId?: string;
      message?: string;
      /** A Twilio error number or a code. */
      code?: string | number;
    };
    if (response.ok)
      return { providerMessageId: body.providerMessageId ?? body.id ?? message.idempotencyKey };
    if (response.status >= 500 || response.status === 429)
      throw new SmsRetryableError(`local outbox ${response.status}: ${body.message ?? ''}`);
    throw new SmsPermanentError(
      `local outbox ${response.status}${typeof body.code === 'number' ? ` error ${body.code}` : ''}: ${body.message ?? ''}`,
      typeof body.code === 'number' ? smsErrorCode(body.code) : (body.code ?? 'SEND_FAILED')
    );
  }
}

/** The local org's SMTP server: which of these Message-IDs it received, with recipients and subject. */
export class LocalSmtpProbe implements MailboxProbe {
  constructor(private readonly access: LocalOrgControlsAccess) {}

  async sent(messageIds: string[]): Promise<Set<string>> {
    return new Set((await this.lookup(messageIds)).keys());
  }

  async lookup(messageIds: string[]): Promise<Map<string, MailboxMessage>> {
    const url = controlsUrl(this.access, 'smtp');
    const response = await fetch(url, { headers: controlHeaders(this.access.controlToken) });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    const rows = (await response.json()) as Array<{
      messageId: string | null;
      rcptTo?: string[];
      subject?: string | null;
    }>;
    const wanted = new Set(messageIds);
    const found = new Map<string, MailboxMessage>();
    for (const row of rows)
      if (row.messageId && wanted.has(row.messageId))
        found.set(row.messageId, {
          messageId: row.messageId,
          to: row.rcptTo ?? [],
          subject: row.subject ?? null
        });
    return found;
  }
}

/** Hands the local org's simulated SMS provider the webhook's URL and signing key. */
export function registerLocalSmsWebhook(
  access: LocalOrgControlsAccess
): NonNullable<OrgAdapters['registerSmsWebhook']> {
  return async ({ url, authToken }) => {
    const response = await fetch(controlsUrl(access, 'sms/webhook'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...controlHeaders(access.controlToken) },
      body: JSON.stringify({ url, authToken })
    });
    if (!response.ok) throw new Error(`the local org refused the registration (HTTP ${response.status})`);
  };
}

/** Every adapter, for a companion working against this local org. */
export function localOrgAdapters(access: LocalOrgControlsAccess): Required<OrgAdapters> {
  return {
    clock: localOrgClock(access),
    sms: new LocalOutboxSmsProvider(access),
    mailboxProbe: new LocalSmtpProbe(access),
    registerSmsWebhook: registerLocalSmsWebhook(access)
  };
}
