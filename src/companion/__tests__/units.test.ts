import './jest-realm';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { chunk, soqlDateTime, soqlIdList, soqlString } from '../api';
import { backoffDelayMs, sleep } from '../backoff';
import { SmsPermanentError, SmsRetryableError, TwilioSmsProvider } from '../channels/sms';
import {
  DEFAULT_SETTINGS,
  OptionError,
  parseIntegerOption,
  parseTimeZoneOption,
  resolveConnection,
  settingsFromConfiguration
} from '../config';
import { classifyError, classifyRecordError, kindOfCode } from '../errors';
import { createLogger } from '../logger';
import { detectNamespace, NameMapper } from '../names';
import { runSettings, settingsFromFlags } from '../cli';
import { Watermark } from '../pass/conversations';

describe('error classification', () => {
  it.each([
    ['UNABLE_TO_LOCK_ROW', 'retryable'],
    ['SERVER_UNAVAILABLE', 'retryable'],
    ['ERROR_HTTP_503', 'retryable'],
    ['ECONNRESET', 'retryable'],
    ['REQUEST_LIMIT_EXCEEDED', 'limit'],
    ['INVALID_SESSION_ID', 'auth'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'permanent'],
    ['REQUIRED_FIELD_MISSING', 'permanent'],
    ['CANNOT_UPDATE_CONVERTED_LEAD', 'permanent'],
    ['ENTITY_IS_DELETED', 'permanent'],
    ['INVALID_FIELD', 'permanent']
  ])('%s is %s', (code, kind) => {
    expect(kindOfCode(code)).toBe(kind);
  });

  it('treats too many concurrent requests as retryable, the daily budget as a limit', () => {
    expect(kindOfCode('REQUEST_LIMIT_EXCEEDED', 'ConcurrentRequests limit exceeded')).toBe('retryable');
    expect(kindOfCode('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')).toBe('limit');
  });

  it('reads jsforce errors, fetch failures and collection errors', () => {
    expect(
      classifyError(
        Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' })
      )
    ).toEqual({
      kind: 'auth',
      code: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid'
    });
    const fetchFailure = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    });
    expect(classifyError(fetchFailure)).toEqual({
      kind: 'retryable',
      code: 'ECONNRESET',
      message: 'fetch failed: socket hang up'
    });
    expect(
      classifyRecordError({
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Name]',
        fields: ['Name']
      })
    ).toEqual({
      kind: 'permanent',
      code: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Name]',
      fields: ['Name']
    });
    expect(
      classifyRecordError({ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' })
        .kind
    ).toBe('retryable');
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and is jittered between 0.5× and 1.5×', () => {
    const options = { minDelayMs: 200, maxDelayMs: 30_000, multiplier: 2 };
    expect(backoffDelayMs(0, options, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, options, () => 0.5)).toBe(1600);
    expect(backoffDelayMs(20, options, () => 0.5)).toBe(30_000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(800);
    expect(backoffDelayMs(3, options, () => 0.999)).toBe(2398);
  });

  it('sleep returns early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('namespace mapping', () => {
  const ns = new NameMapper('stride');

  it('qualifies custom names in SOQL but not literals or standard names', () => {
    expect(
      ns.soql("SELECT Id, Participant__r.Lead__r.Email FROM Participant_Action__c WHERE Status__c = 'Due__c'")
    ).toBe(
      "SELECT Id, stride__Participant__r.stride__Lead__r.Email FROM stride__Participant_Action__c WHERE stride__Status__c = 'Due__c'"
    );
    expect(ns.name('stride__Sequence__c')).toBe('stride__Sequence__c');
    expect(new NameMapper('').soql('SELECT Id FROM Sequence__c')).toBe('SELECT Id FROM Sequence__c');
  });

  it('strips the namespace from records read and adds it to records written', () => {
    expect(
      ns.fromOrg({
        attributes: { type: 'stride__Sequence__c' },
        stride__Status__c: 'Active',
        stride__Lead__r: { Email: 'a@b.co' }
      })
    ).toEqual({
      attributes: { type: 'Sequence__c' },
      Status__c: 'Active',
      Lead__r: { Email: 'a@b.co' }
    });
    expect(ns.toOrg({ attributes: { type: 'Task' }, Subject: 'Call', Status__c: 'Due' })).toEqual({
      attributes: { type: 'Task' },
      Subject: 'Call',
      stride__Status__c: 'Due'
    });
  });

  it('detects the namespace from describeGlobal', () => {
    expect(detectNamespace(['Account', 'stride__Sequence__c'])).toBe('stride');
    expect(detectNamespace(['Account', 'Sequence__c'])).toBe('');
    expect(() => detectNamespace(['Account'])).toThrow('Stride is not installed in this org');
  });
});

describe('SOQL helpers', () => {
  it('quotes strings, validates ids and rounds datetimes', () => {
    expect(soqlString("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
    expect(soqlIdList(['00Q000000000001AAA', '003000000000001'])).toBe(
      "('00Q000000000001AAA','003000000000001')"
    );
    expect(() => soqlIdList(["x' OR Name != '"])).toThrow('Not a Salesforce id');
    expect(soqlDateTime(new Date('2026-12-01T15:00:00.047Z'))).toBe('2026-12-01T15:00:00Z');
    expect(soqlDateTime(new Date('2026-12-01T15:00:00.047Z'), 'up')).toBe('2026-12-01T15:00:01Z');
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('options', () => {
  it('validates numbers with the option name and the allowed range', () => {
    expect(parseIntegerOption('--lease-seconds', '90', 2, 3600)).toBe(90);
    expect(() => parseIntegerOption('--lease-seconds', '1.5', 2, 3600)).toThrow(
      '--lease-seconds: expected a whole number from 2 to 3600, got "1.5"'
    );
    expect(() => settingsFromFlags({ batchSize: '5000' })).toThrow(
      '--batch-size: expected a whole number from 1 to 2000, got "5000"'
    );
    expect(settingsFromFlags({ pollIntervalSeconds: '5', dailyEmailCap: '50' })).toEqual({
      pollIntervalMs: 5000,
      dailyEmailCapPerOwner: 50
    });
    expect(() => parseTimeZoneOption('--default-time-zone', 'Mars/Olympus')).toThrow(
      '--default-time-zone: unknown IANA time zone "Mars/Olympus"'
    );
  });

  it('takes its defaults from config/companion.json', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      pollIntervalMs: 10_000,
      leaseSeconds: 30,
      batchSize: 2000,
      dailyEmailCapPerOwner: 1000,
      emailsPerMinute: 0,
      smsWindow: { start: '08:00', end: '21:00' },
      defaultRegion: 'US',
      defaultTimeZone: 'America/New_York',
      maxAttempts: 5,
      allowFields: []
    });
  });

  it('reads the org fields Stride may use and refuses malformed ones, naming the file and key', () => {
    expect(
      settingsFromConfiguration({ allowFields: ['Lead.Score__c', 'Lead.Tier__c:write'] }, 'ops.json')
    ).toEqual({
      allowFields: ['Lead.Score__c', 'Lead.Tier__c:write']
    });
    expect(() => settingsFromConfiguration({ allowFields: ['Score__c'] }, 'ops.json')).toThrow(
      'ops.json: allowFields: allowFields: "Score__c" is not Object.Field or Object.Field:write'
    );
    expect(() => settingsFromConfiguration({ allowFields: 'Lead.Score__c' }, 'ops.json')).toThrow(
      'ops.json: allowFields: expected a list of "Object.Field" or "Object.Field:write", got "Lead.Score__c"'
    );
  });

  it('layers a --config file under the flags and names the file and key of a bad setting', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-config-'));
    const file = path.join(dir, 'ops.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ leaseSeconds: 300, smsWindow: { start: '09:00', end: '20:00' }, defaultRegion: 'GB' })
    );
    expect(runSettings({ config: file, leaseSeconds: '60' })).toEqual({
      leaseSeconds: 60,
      smsWindow: { start: '09:00', end: '20:00' },
      defaultRegion: 'GB'
    });
    expect(() => settingsFromConfiguration({ leaseSecs: 90 }, 'ops.json')).toThrow(
      'ops.json: leaseSecs: unknown setting; known: pollIntervalSeconds, leaseSeconds, batchSize'
    );
    expect(() => settingsFromConfiguration({ batchSize: '10' }, 'ops.json')).toThrow(
      'ops.json: batchSize: expected a number, got "10"'
    );
    expect(() =>
      settingsFromConfiguration({ smsWindow: { start: '8am', end: '21:00' } }, 'ops.json')
    ).toThrow('ops.json: smsWindow: expected { "start": "HH:mm", "end": "HH:mm" }');
    expect(() => settingsFromConfiguration({ defaultRegion: 'usa' }, 'ops.json')).toThrow(
      'ops.json: defaultRegion: expected an ISO 3166 country code such as US, got "usa"'
    );
    expect(() => settingsFromConfiguration([], 'ops.json')).toThrow(
      'ops.json: expected a JSON object of settings'
    );
    fs.writeFileSync(file, '{ leaseSeconds: 1 }');
    expect(() => runSettings({ config: file })).toThrow(`--config: ${file} is not valid JSON`);
    expect(() => runSettings({ config: path.join(dir, 'missing.json') })).toThrow('--config: cannot read');
  });

  it('chooses one connection and explains what is missing', () => {
    expect(resolveConnection({ targetOrg: 'sandbox' }, {})).toEqual({
      kind: 'alias',
      targetOrg: 'sandbox',
      apiVersion: '66.0'
    });
    expect(
      resolveConnection({}, { STRIDE_INSTANCE_URL: 'http://127.0.0.1:4321/', STRIDE_ACCESS_TOKEN: 't' })
    ).toEqual({
      kind: 'token',
      instanceUrl: 'http://127.0.0.1:4321',
      accessToken: 't',
      apiVersion: '66.0'
    });
    expect(() => resolveConnection({}, {})).toThrow(OptionError);
    expect(() => resolveConnection({}, {})).toThrow('--instance-url: no org to connect to');
    expect(() => resolveConnection({ targetOrg: 'a', instanceUrl: 'http://x' }, {})).toThrow(
      'connection: choose one way to connect'
    );
    expect(() => resolveConnection({ jwtKeyFile: 'k.pem', clientId: 'c' }, {})).toThrow(
      '--username: is required with --jwt-key-file'
    );
    expect(() => resolveConnection({ instanceUrl: 'ftp://x', accessToken: 't' }, {})).toThrow(
      '--instance-url: expected an http or https URL'
    );
  });

  it('defaults to the running local org, after flags and environment', () => {
    const localOrg = { instanceUrl: 'http://127.0.0.1:4321', accessToken: '00D!local', refreshToken: 'r1' };
    expect(resolveConnection({}, {}, localOrg)).toEqual({
      kind: 'token',
      instanceUrl: 'http://127.0.0.1:4321',
      accessToken: '00D!local',
      refreshToken: 'r1',
      loginUrl: 'http://127.0.0.1:4321',
      apiVersion: '66.0'
    });
    expect(resolveConnection({ targetOrg: 'sandbox' }, {}, localOrg)).toEqual({
      kind: 'alias',
      targetOrg: 'sandbox',
      apiVersion: '66.0'
    });
    expect(resolveConnection({}, { STRIDE_TARGET_ORG: 'uat' }, localOrg)).toEqual({
      kind: 'alias',
      targetOrg: 'uat',
      apiVersion: '66.0'
    });
    expect(() => resolveConnection({}, {}, { ...localOrg, instanceUrl: 'nope' })).toThrow(
      '.stride/local-org.json instanceUrl: expected a URL such as https://example.my.salesforce.com, got "nope"'
    );
  });
});

describe('logging', () => {
  it('redacts tokens and secrets', () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      }
    });
    const log = createLogger({ level: 'info', destination });
    log.info(
      {
        accessToken: 'SECRET1',
        conn: { refreshToken: 'SECRET2' },
        headers: { authorization: 'Bearer SECRET3' },
        org: 'local'
      },
      'connected'
    );
    expect(output).not.toMatch(/SECRET/);
    expect(JSON.parse(output)).toMatchObject({
      accessToken: '[redacted]',
      conn: { refreshToken: '[redacted]' },
      org: 'local',
      msg: 'connected'
    });
  });
});

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

describe('sync watermark', () => {
  const now = new Date('2026-12-01T15:00:00Z');
  const at = (iso: string): number => Date.parse(iso);

  it('starts three days back, then restarts an overlap before the previous read and remembers what it handled', () => {
    const mark = new Watermark();
    expect(mark.from(now).toISOString()).toBe('2026-11-28T15:00:00.000Z');
    mark.advance(
      now,
      [
        { id: 'm1', stampMs: at('2026-12-01T14:59:58Z') },
        { id: 'm2', stampMs: at('2026-12-01T14:00:00Z') }
      ],
      false,
      5_000
    );
    expect(mark.from(now).toISOString()).toBe('2026-12-01T14:59:55.000Z');
    // m1 lies inside the overlap and is read again: it is known; m2 is older than the watermark and forgotten.
    expect([mark.isHandled('m1'), mark.isHandled('m2')]).toEqual([true, false]);
    // A full batch moves only to its last row, so the rest is read next.
    mark.advance(
      new Date('2026-12-01T15:10:00Z'),
      [{ id: 'm3', stampMs: at('2026-12-01T15:01:00Z') }],
      true,
      5_000
    );
    expect(mark.from(now).toISOString()).toBe('2026-12-01T15:01:00.000Z');
    // Never backwards.
    mark.advance(new Date('2026-12-01T15:00:00Z'), [], false, 5_000);
    expect(mark.from(now).toISOString()).toBe('2026-12-01T15:01:00.000Z');
  });
});
