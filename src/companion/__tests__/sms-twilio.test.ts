/** The Twilio SMS adapter against a local HTTP server (channels/sms.ts). */
import './jest-realm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmsPermanentError, SmsRetryableError, TwilioSmsProvider } from '../channels/sms';

describe('Twilio adapter', () => {
  let server: http.Server;
  let baseUrl: string;
  const requests: Array<{ url: string; auth: string; body: string }> = [];
  let reply: { status: number; body: unknown; headers?: Record<string, string> } = {
    status: 201,
    body: { sid: 'SM123' }
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const provider = (): TwilioSmsProvider =>
    new TwilioSmsProvider({ accountSid: 'AC42', authToken: 'tok', baseUrl, validityPeriodSeconds: 3600 });
  const message = { to: '+14155552671', from: '+15005550006', body: 'Hi Ann', idempotencyKey: 'pa1:1' };

  it('posts the message form with basic auth and returns the message sid', async () => {
    reply = { status: 201, body: { sid: 'SM123' } };
    await expect(provider().send(message)).resolves.toEqual({ providerMessageId: 'SM123' });
    const last = requests[requests.length - 1];
    expect(last.url).toBe('/2010-04-01/Accounts/AC42/Messages.json');
    expect(last.auth).toBe(`Basic ${Buffer.from('AC42:tok').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(last.body))).toEqual({
      To: '+14155552671',
      From: '+15005550006',
      Body: 'Hi Ann',
      ValidityPeriod: '3600'
    });
  });

  it('maps an invalid number to INVALID_MOBILE and 429 to a retry with Retry-After', async () => {
    reply = { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } };
    await expect(provider().send(message)).rejects.toEqual(
      new SmsPermanentError(
        "Twilio 400 error 21211: The 'To' number is not a valid phone number.",
        'INVALID_MOBILE'
      )
    );
    reply = {
      status: 429,
      body: { code: 20429, message: 'Too Many Requests' },
      headers: { 'retry-after': '30' }
    };
    const error = await provider()
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsRetryableError);
    expect((error as SmsRetryableError).retryAfterMs).toBe(30_000);
  });

  it('refuses to start without credentials', () => {
    expect(() => TwilioSmsProvider.fromEnv({})).toThrow('Twilio: TWILIO_ACCOUNT_SID is not set');
  });
});
