/**
 * HTTP form of the controls, under `/_local/*`, for companion processes and fault tests that run
 * outside the test process. Bodies are JSON. See src/local-org/README.md for the list.
 */
import { SalesforceError } from '../errors';
import { FaultRule } from '../faults';
import { SmsUnsubscribedError, type OrgState } from '../org-state';
import { ApiResponse } from './types';

const ok = (body: unknown = { ok: true }, status = 200): ApiResponse => ({ status, body });
const bad = (message: string): ApiResponse => ({ status: 400, body: { error: message } });

function clockState(org: OrgState) {
  return { now: org.clock.now().toISOString(), epochMs: org.clock.nowMs(), speed: org.clock.speed() };
}

export async function handleControl(
  org: OrgState,
  method: string,
  path: string,
  rawBody: string
): Promise<ApiResponse> {
  let body: Record<string, unknown> = {};
  if (rawBody) {
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      return bad('body must be JSON');
    }
  }
  const route = `${method} ${path.replace(/^\/_local/, '')}`;
  try {
    switch (route) {
      case 'GET /state':
        return ok({
          orgId: org.orgId,
          userId: org.userId,
          instanceUrl: org.baseUrl(),
          apiUsage: { used: org.apiUsed, limit: org.dailyApiLimit },
          latencyMs: org.latencyMs,
          clock: clockState(org),
          namespace: org.schema.namespace ?? null
        });
      case 'GET /streaming':
        return ok(org.streaming?.state() ?? null);
      case 'POST /streaming': {
        if (!org.streaming) return bad('this org has no Streaming API attached');
        if (body.available !== undefined) org.streaming.setAvailable(body.available === true);
        if (body.dropClients === true) org.streaming.dropClients();
        return ok(org.streaming.state());
      }
      case 'GET /clock':
        return ok(clockState(org));
      case 'POST /clock': {
        // Speed first: setting the time afterwards makes `now` exact even when freezing the clock.
        if (body.speed !== undefined) org.clock.setSpeed(Number(body.speed));
        if (body.now !== undefined) org.clock.set(String(body.now));
        if (body.advanceMs !== undefined) org.clock.advance(Number(body.advanceMs));
        return ok(clockState(org));
      }
      case 'GET /limits':
        return ok({
          used: org.apiUsed,
          limit: org.dailyApiLimit,
          emailsSent: org.emailsSentToday,
          emailLimit: org.dailyEmailLimit
        });
      case 'POST /limits': {
        if (body.reset === true) org.apiUsed = 0;
        if (body.used !== undefined) org.apiUsed = Number(body.used);
        if (body.dailyApiLimit !== undefined) org.dailyApiLimit = Number(body.dailyApiLimit);
        if (body.dailyEmailLimit !== undefined) {
          org.dailyEmailLimit = Number(body.dailyEmailLimit);
          org.emailsSentToday = 0;
        }
        return ok({ used: org.apiUsed, limit: org.dailyApiLimit });
      }
      case 'POST /latency': {
        const ms = Number(body.ms);
        if (!Number.isFinite(ms) || ms < 0) return bad('ms must be a number >= 0');
        org.latencyMs = ms;
        return ok({ latencyMs: ms });
      }
      case 'GET /faults':
        return ok(
          org.faults
            .list()
            .map((f) => ({ ...f, path: f.path instanceof RegExp ? `/${f.path.source}/` : f.path }))
        );
      case 'POST /faults': {
        const rule = { ...body } as FaultRule & { pathPattern?: string; seed?: number };
        if (typeof rule.pathPattern === 'string') rule.path = new RegExp(rule.pathPattern);
        delete rule.pathPattern;
        if (rule.seed !== undefined) org.faults.seed(Number(rule.seed));
        delete rule.seed;
        return ok({ id: org.faults.add(rule) }, 201);
      }
      case 'DELETE /faults':
        org.faults.clear();
        return ok();
      case 'POST /sessions/expire':
        org.expireSessions(typeof body.token === 'string' ? body.token : undefined);
        return ok();
      case 'POST /sessions':
        return ok(
          { accessToken: org.issueToken(typeof body.userId === 'string' ? body.userId : org.userId) },
          201
        );
      case 'GET /outbox/email':
        return ok(org.emailOutbox());
      case 'DELETE /outbox/email':
        org.clearEmailOutbox();
        return ok();
      case 'GET /smtp':
        // Messages the SMTP server accepted (the companion's SMTP reconciliation reads their Message-IDs).
        if (!org.smtp) return bad('this org has no SMTP server (start it with smtp)');
        return ok(org.smtp.outbox());
      case 'GET /sms':
        return ok(org.smsOutbox());
      case 'POST /sms':
        try {
          return ok(org.sendSms(body as { to: string; from?: string; body: string }), 201);
        } catch (error) {
          // Twilio's answer for a number that texted STOP.
          if (error instanceof SmsUnsubscribedError)
            return { status: 400, body: { code: error.twilioCode, message: error.message, status: 400 } };
          throw error;
        }
      case 'POST /sms/webhook': {
        const { url, authToken } = body as { url?: unknown; authToken?: unknown };
        if (typeof url !== 'string' || !/^https?:\/\//.test(url))
          return bad('url: expected the webhook base URL (http://…)');
        if (typeof authToken !== 'string' || authToken.length < 16)
          return bad('authToken: expected the token (16 characters or more) the companion verifies with');
        org.smsWebhook = { url, authToken };
        return ok({ url });
      }
      case 'POST /sms/status': {
        const { providerMessageId, status, errorCode } = body as Record<string, unknown>;
        if (typeof providerMessageId !== 'string') return bad('providerMessageId: required');
        if (!['delivered', 'failed', 'undelivered', 'sent'].includes(String(status)))
          return bad('status: expected delivered, failed, undelivered or sent');
        const delivery = await org.smsStatus(
          providerMessageId,
          status as 'delivered',
          typeof errorCode === 'string' ? errorCode : undefined
        );
        return ok({ webhookStatus: delivery.status });
      }
      case 'POST /sms/inbound': {
        const { from, body: text, to } = body as Record<string, unknown>;
        if (typeof from !== 'string' || typeof text !== 'string') return bad('from and body are required');
        const delivery = await org.smsReply({ from, body: text, ...(typeof to === 'string' ? { to } : {}) });
        return ok({ webhookStatus: delivery.status, messageSid: delivery.params.MessageSid });
      }
      case 'DELETE /sms':
        org.clearSmsOutbox();
        return ok();
      case 'GET /requests':
        return ok(Object.fromEntries(org.requestCounts));
      case 'DELETE /requests':
        org.requestCounts.clear();
        return ok();
      case 'POST /validation-rules': {
        // Declarative rule: reject when `field` equals `equals` (or is blank with `blank: true`).
        const { object, field, equals, blank, message } = body as {
          object?: string;
          field?: string;
          equals?: unknown;
          blank?: boolean;
          message?: string;
        };
        if (!object || !field || !message) return bad('object, field and message are required');
        org.store.addValidationRule(object, (record) => {
          const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
          const value = key ? record[key] : undefined;
          const isBlank = value === null || value === undefined || value === '';
          if (blank === true && isBlank) return message;
          if (equals !== undefined && value === equals) return message;
          return null;
        });
        return ok({ ok: true }, 201);
      }
      case 'DELETE /validation-rules':
        org.store.clearValidationRules();
        return ok();
      default:
        break;
    }
    const convert = /^POST \/leads\/([A-Za-z0-9]+)\/convert$/.exec(route);
    if (convert) {
      org.store.convertLead(convert[1], body as { contactId?: string }, { userId: org.userId });
      return ok();
    }
    const faultId = /^DELETE \/faults\/(\d+)$/.exec(route);
    if (faultId)
      return org.faults.remove(Number(faultId[1])) ? ok() : { status: 404, body: { error: 'no such fault' } };
    return { status: 404, body: { error: `Unknown control ${route}` } };
  } catch (error) {
    if (error instanceof SalesforceError) return { status: error.httpStatus, body: [error.toRestError()] };
    return bad((error as Error).message);
  }
}
