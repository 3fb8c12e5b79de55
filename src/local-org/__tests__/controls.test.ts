/**
 * Test controls over HTTP: API-call counting and limits, latency, fault injection (locks, 5xx,
 * limit, session expiry with client refresh, dropped connections), the clock, emailSimple with its
 * outbox, the SMS outbox and the `/_local` control endpoints.
 */
import jsforce, { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, failure, raw, startTestOrg } from './helpers';

let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg({ dailyApiLimit: 1000 });
  conn = connect(org);
});

afterEach(() => {
  org.controls.clearFaults();
  org.controls.setLatency(0);
  org.controls.setDailyApiLimit(1000);
});

afterAll(() => org.close());

describe('API usage', () => {
  it('counts calls in Sforce-Limit-Info and /limits', async () => {
    org.controls.resetApiUsage();
    const first = await raw(org, 'GET', '/limits');
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/1000');
    expect((first.body as Record<string, unknown>).DailyApiRequests).toEqual({ Max: 1000, Remaining: 999 });
    await conn.query('SELECT Id FROM Lead');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 1000 } });
    expect((await raw(org, 'GET', '/services/data')).headers.get('sforce-limit-info')).toBeNull();
  });

  it('fails with 403 REQUEST_LIMIT_EXCEEDED once the daily limit is spent', async () => {
    org.controls.resetApiUsage(1000);
    const response = await raw(org, 'GET', '/limits');
    expect(response).toMatchObject({
      status: 403,
      body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED', fields: [] }]
    });
    org.controls.resetApiUsage();
  });
});

describe('latency', () => {
  it('delays each API request by the configured time', async () => {
    org.controls.setLatency(120);
    const started = Date.now();
    await raw(org, 'GET', '/limits');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });
});

describe('fault injection', () => {
  it('returns UNABLE_TO_LOCK_ROW on a single-record route, then recovers', async () => {
    const id = org.data.create('Lead', { LastName: 'Lock', Company: 'L' });
    org.controls.addFault({ kind: 'UNABLE_TO_LOCK_ROW', method: 'PATCH', path: '/sobjects/Lead/', times: 1 });
    const error = await failure(conn.sobject('Lead').update({ Id: id, Rating: 'Hot' }));
    expect(error.errorCode).toBe('UNABLE_TO_LOCK_ROW');
    expect(await conn.sobject('Lead').update({ Id: id, Rating: 'Hot' })).toEqual({
      id,
      success: true,
      errors: []
    });
  });

  it('fails every record of a collection call with UNABLE_TO_LOCK_ROW (HTTP 200)', async () => {
    org.controls.addFault({ kind: 'UNABLE_TO_LOCK_ROW', path: '/composite/sobjects', times: 1 });
    const results = await conn.sobject('Lead').create([
      { LastName: 'a', Company: 'c' },
      { LastName: 'b', Company: 'c' }
    ]);
    const lock = {
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record or 1 records: ',
      fields: []
    };
    expect(results).toEqual([
      { success: false, errors: [lock] },
      { success: false, errors: [lock] }
    ]);
    const id = org.data.create('Lead', { LastName: 'Locked', Company: 'c' });
    org.controls.addFault({
      kind: 'UNABLE_TO_LOCK_ROW',
      method: 'PATCH',
      path: '/composite/sobjects',
      times: 1
    });
    expect(await conn.sobject('Lead').update([{ Id: id, Rating: 'Hot' }])).toEqual([
      { id, success: false, errors: [{ ...lock, message: `${lock.message}${id}` }] }
    ]);
  });

  it('follows a script of steps and reports server errors', async () => {
    org.controls.addFault({
      method: 'POST',
      path: '/sobjects/Lead',
      steps: [null, 'SERVICE_UNAVAILABLE', 'SERVER_ERROR']
    });
    expect((await raw(org, 'POST', '/sobjects/Lead', { LastName: 'a', Company: 'c' })).status).toBe(201);
    const unavailable = await raw(org, 'POST', '/sobjects/Lead', { LastName: 'a', Company: 'c' });
    expect(unavailable).toMatchObject({ status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE' }] });
    expect((await raw(org, 'POST', '/sobjects/Lead', { LastName: 'a', Company: 'c' })).status).toBe(500);
    expect((await raw(org, 'POST', '/sobjects/Lead', { LastName: 'a', Company: 'c' })).status).toBe(201);
  });

  it('injects a limit error at a rate, reproducibly with a seed', async () => {
    org.controls.seedFaults(7);
    org.controls.addFault({ kind: 'REQUEST_LIMIT_EXCEEDED', path: '/limits', rate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await raw(org, 'GET', '/limits')).status);
    const limited = statuses.filter((s) => s === 403).length;
    expect(limited).toBeGreaterThan(3);
    expect(limited).toBeLessThan(17);
    expect(statuses.every((s) => s === 403 || s === 200)).toBe(true);
  });

  it('expires the session: a plain client gets INVALID_SESSION_ID, a refreshing client recovers', async () => {
    const refreshing = new jsforce.Connection({
      oauth2: { clientId: org.clientId, loginUrl: org.loginUrl },
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      refreshToken: org.refreshToken,
      version: '66.0'
    });
    org.controls.addFault({ kind: 'INVALID_SESSION_ID', path: '/query', times: 1 });
    let refreshedToken = '';
    refreshing.on('refresh', (token: string) => {
      refreshedToken = token;
    });
    const result = await refreshing.query('SELECT COUNT() FROM Lead');
    expect(result.done).toBe(true);
    expect(refreshedToken).toMatch(/^00D[A-Za-z0-9]{12}!/);
    const error = await failure(conn.query('SELECT Id FROM Lead'));
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    const expired = await raw(org, 'GET', '/limits');
    expect(expired).toMatchObject({
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
    });
    // Later tests use the org's token: give the org a fresh one.
    org.accessToken = org.controls.issueToken();
    conn = connect(org);
  });

  it('drops the connection unanswered (RESET), after a wait (TIMEOUT), or only delays it (DELAY)', async () => {
    org.controls.addFault({ kind: 'RESET', path: '/limits', times: 1 });
    await expect(raw(org, 'GET', '/limits')).rejects.toThrow();
    org.controls.addFault({ kind: 'TIMEOUT', path: '/limits', delayMs: 150, times: 1 });
    let started = Date.now();
    await expect(raw(org, 'GET', '/limits')).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    org.controls.addFault({ kind: 'DELAY', path: '/limits', delayMs: 150, times: 1 });
    started = Date.now();
    expect((await raw(org, 'GET', '/limits')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(org.controls.faults().map((f) => [f.kind, f.fired])).toEqual([
      ['RESET', 1],
      ['TIMEOUT', 1],
      ['DELAY', 1]
    ]);
  });

  it('drops the connection after committing (the in-doubt write)', async () => {
    org.controls.addFault({ kind: 'RESET_AFTER_COMMIT', method: 'POST', path: '/sobjects/Lead', times: 1 });
    await expect(
      raw(org, 'POST', '/sobjects/Lead', { LastName: 'Doubt', Company: 'InDoubt' })
    ).rejects.toThrow();
    const saved = await conn.query("SELECT LastName FROM Lead WHERE Company = 'InDoubt'");
    expect(saved.records.map((r) => r.LastName)).toEqual(['Doubt']);
  });
});

describe('clock', () => {
  it('is shared by audit fields and the control endpoint, and can be set, advanced and sped up', async () => {
    await raw(org, 'POST', '/_local/clock', { now: '2026-07-01T12:00:00Z', speed: 0 });
    const { id } = (await conn.sobject('Lead').create({ LastName: 'Clock', Company: 'C' })) as { id: string };
    expect((await conn.sobject('Lead').retrieve(id)).CreatedDate).toBe('2026-07-01T12:00:00.000+0000');
    const advanced = await raw(org, 'POST', '/_local/clock', { advanceMs: 3_600_000 });
    expect(advanced.body).toEqual({
      now: '2026-07-01T13:00:00.000Z',
      epochMs: Date.parse('2026-07-01T13:00:00Z'),
      speed: 0
    });
    org.controls.clock.setSpeed(3600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(org.controls.clock.nowMs()).toBeGreaterThanOrEqual(Date.parse('2026-07-01T13:02:00Z'));
    org.controls.clock.setSpeed(1);
  });
});

describe('emailSimple', () => {
  it('records an EmailMessage related to the record and appends to the outbox', async () => {
    org.controls.clearEmailOutbox();
    const lead = org.data.create('Lead', { LastName: 'Mail', Company: 'M', Email: 'mail@example.com' });
    const response = await conn.requestPost('/actions/standard/emailSimple', {
      inputs: [
        {
          emailAddresses: 'mail@example.com',
          emailSubject: 'Hello',
          emailBody: 'Hi there',
          relatedRecordId: lead,
          senderType: 'CurrentUser'
        }
      ]
    });
    expect(response).toEqual([
      {
        actionName: 'emailSimple',
        errors: null,
        isSuccess: true,
        outputValues: null,
        sortOrder: -1,
        version: 1,
        invocationId: null,
        outcome: null
      }
    ]);
    const outbox = org.controls.emailOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      to: ['mail@example.com'],
      subject: 'Hello',
      body: 'Hi there',
      relatedRecordId: lead,
      senderAddress: 'integration@stride.local'
    });
    const messages = await conn.query(
      `SELECT Subject, TextBody, ToAddress, Status, RelatedToId, Incoming FROM EmailMessage WHERE RelatedToId = '${lead}'`
    );
    expect(messages.records[0]).toMatchObject({
      Subject: 'Hello',
      TextBody: 'Hi there',
      ToAddress: 'mail@example.com',
      Status: '3',
      RelatedToId: lead,
      Incoming: false
    });
    expect((await raw(org, 'GET', '/_local/outbox/email')).body).toHaveLength(1);
  });

  it('merges an email template, sends from an org-wide address and logs an email activity', async () => {
    org.controls.clearEmailOutbox();
    const lead = org.data.create('Lead', {
      FirstName: 'Tess',
      LastName: 'T',
      Company: 'T',
      Email: 'tess@example.com'
    });
    const template = org.data.create('EmailTemplate', {
      Name: 'Intro',
      Subject: 'Hi {!Lead.FirstName}',
      Body: 'Dear {!Recipient.FirstName} {!Lead.Unknown__c}from {!Sender.Name}',
      TemplateType: 'text'
    });
    org.data.create('OrgWideEmailAddress', { Address: 'sales@stride.local', DisplayName: 'Stride Sales' });
    const response = await raw(org, 'POST', '/actions/standard/emailSimple', {
      inputs: [
        {
          recipientId: lead,
          emailTemplateId: template,
          senderType: 'OrgWideEmailAddress',
          senderAddress: 'sales@stride.local',
          logEmailOnSend: true
        }
      ]
    });
    expect(response.status).toBe(200);
    expect(org.controls.emailOutbox()[0]).toMatchObject({
      to: ['tess@example.com'],
      subject: 'Hi Tess',
      body: 'Dear Tess from Stride Integration',
      senderAddress: 'sales@stride.local',
      recipientId: lead
    });
    const activity = await conn.query(
      `SELECT Subject, Status, IsClosed, TaskSubtype FROM Task WHERE WhoId = '${lead}'`
    );
    expect(activity.records.map((t) => [t.Subject, t.Status, t.IsClosed, t.TaskSubtype])).toEqual([
      ['Email: Hi Tess', 'Completed', true, 'Email']
    ]);
    const unverified = await raw(org, 'POST', '/actions/standard/emailSimple', {
      inputs: [
        {
          emailAddresses: 'a@b.co',
          emailSubject: 's',
          emailBody: 'b',
          senderType: 'OrgWideEmailAddress',
          senderAddress: 'x@y.co'
        }
      ]
    });
    expect((unverified.body as { errors: { statusCode: string }[] }[])[0].errors[0].statusCode).toBe(
      'INVALID_EMAIL_ADDRESS'
    );
  });

  it('fails an input without a subject with isSuccess false', async () => {
    const response = await raw(org, 'POST', '/actions/standard/emailSimple', {
      inputs: [{ emailAddresses: 'a@b.co', emailBody: 'x' }]
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual([
      {
        actionName: 'emailSimple',
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Missing required input parameter: emailSubject',
            fields: ['emailSubject']
          }
        ],
        isSuccess: false,
        outputValues: null,
        sortOrder: -1,
        version: 1,
        invocationId: null,
        outcome: null
      }
    ]);
  });
});

describe('HTTP controls', () => {
  it('keeps an SMS outbox', async () => {
    const sent = await raw(org, 'POST', '/_local/sms', {
      to: '+14155550100',
      from: '+14155550199',
      body: 'Hi'
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      to: '+14155550100',
      body: 'Hi',
      status: 'sent',
      providerMessageId: expect.stringMatching(/^SM/)
    });
    expect(org.controls.smsOutbox().map((s) => s.body)).toEqual(['Hi']);
  });

  it('adds faults, validation rules and limits over HTTP', async () => {
    const added = await raw(org, 'POST', '/_local/faults', {
      kind: 'SERVER_ERROR',
      status: 502,
      method: 'POST',
      pathPattern: 'sobjects/Lead$',
      times: 1
    });
    expect(added).toMatchObject({ status: 201, body: { id: expect.any(Number) } });
    expect((await raw(org, 'POST', '/sobjects/Lead', { LastName: 'a', Company: 'c' })).status).toBe(502);
    await raw(org, 'POST', '/_local/validation-rules', {
      object: 'Lead',
      field: 'Company',
      equals: 'Nope',
      message: 'No Nope'
    });
    expect((await raw(org, 'POST', '/sobjects/Lead', { LastName: 'a', Company: 'Nope' })).body).toEqual([
      { message: 'No Nope', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: [] }
    ]);
    await raw(org, 'DELETE', '/_local/validation-rules');
    await raw(org, 'POST', '/_local/limits', { dailyApiLimit: 5, used: 5 });
    expect((await raw(org, 'GET', '/limits')).status).toBe(403);
    await raw(org, 'POST', '/_local/limits', { dailyApiLimit: 1000, reset: true });
    expect((await raw(org, 'GET', '/_local/limits')).body).toEqual({
      used: 0,
      limit: 1000,
      emailsSent: 2,
      emailLimit: 5000
    });
  });

  it('counts requests per route', async () => {
    org.controls.resetRequestCounts();
    await conn.sobject('Lead').create([{ LastName: 'a', Company: 'c' }]);
    const lead = org.data.create('Lead', { LastName: 'b', Company: 'c' });
    await conn.sobject('Lead').retrieve(lead);
    expect(org.controls.requestCounts()).toEqual({
      'POST /composite/sobjects': 1,
      'GET /sobjects/Lead/{id}': 1
    });
  });
});
