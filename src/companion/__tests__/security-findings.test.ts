/**
 * Security findings of issue 9 §4 in the companion, each against the local org over HTTP:
 * delegate fields checked against the describe before they reach SOQL, a make-due query that does
 * not grow with step numbers, email headers without line breaks, https for remote URLs.
 */
import './jest-realm';
import { Writable } from 'node:stream';
import type { LocalOrg } from '../../local-org';
import { SalesforceApi } from '../api';
import { TwilioSmsProvider } from '../channels/sms';
import { OptionError, parseUrlOption } from '../config';
import { emailHeaderProblem } from '../channels/email-input';
import { enroll } from '../enroll';
import { createLogger, registerSecret, silentLogger } from '../logger';
import { NameMapper } from '../names';
import { companionFor, connectTo, seedEmailScenario, startTestOrg } from './helpers';

jest.setTimeout(30_000);

let org: LocalOrg;
beforeEach(async () => {
  org = await startTestOrg({ sampleData: true });
});
afterEach(() => org.close());

const rows = (soql: string) => org.data.query(soql).records as Array<Record<string, unknown>>;

describe('delegate fields are checked against the describe before they reach SOQL', () => {
  it('enrolls with a bad delegate field refused on the actions that use it, with the reason', async () => {
    const scenario = seedEmailScenario(org, { count: 0, withFollowUp: true });
    org.data.update('Sequence__c', scenario.sequenceId, { Delegate_Field__c: 'Company' });
    const leadId = org.data.create('Lead', { LastName: 'Ward', Company: 'Acme', Email: 'ward@example.com' });
    const api = new SalesforceApi(connectTo(org), new NameMapper(''), silentLogger(), { version: '66.0' });

    const result = await enroll(api, {
      sequence: scenario.sequenceId,
      ids: [leadId],
      now: new Date('2026-12-01T15:00:00Z')
    });

    expect(result).toMatchObject({ enrolled: 1, refused: [] });
    // An enrollment is its participant record; the companion creates its actions (materialise.ts).
    await companionFor(org).runOnce();
    const actions = rows(
      'SELECT Step_Number__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Step_Number__c = 2'
    );
    expect(actions.map((a) => [a.Step_Number__c, a.Reason__c, a.Reason_Detail__c])).toEqual([
      [2, 'NOT_ACTIONABLE', 'Delegate field "Company": Lead.Company is not a lookup']
    ]);
  });

  it('never puts SOQL typed into a delegate field into a query: the live-edits stage carries on', async () => {
    const scenario = seedEmailScenario(org, { count: 2, withFollowUp: true });
    const companion = companionFor(org);
    await companion.runOnce();
    org.data.update('Sequence__c', scenario.sequenceId, {
      Delegate_Field__c: 'Id FROM User WHERE Id != null --'
    });
    (companion as unknown as { catalog: { invalidate(): void } }).catalog.invalidate();
    org.controls.resetRequestCounts();
    // companionFor fails the pass when any stage fails.
    await companion.runOnce();
    const calls = Object.keys(org.controls.requestCounts()).join('\n');
    expect(calls).not.toContain('FROM User WHERE Id != null');
    // The scenario's actions (the sample plan's automatic sequence enrolls sample Leads of its own).
    const open = rows(
      `SELECT Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Status__c = 'Upcoming' AND Participant__r.Sequence__c = '${scenario.sequenceId}'`
    );
    expect(open).toHaveLength(2);
    for (const action of open) {
      expect(action).toMatchObject({
        Reason__c: 'NOT_ACTIONABLE',
        Reason_Detail__c: 'Delegate field "Id FROM User WHERE Id != null --" is not a field name or path'
      });
    }
  });
});

describe('the make-due query does not grow with step numbers', () => {
  it('makes step 400 due and sends it (the query once grew past the URL limit: HTTP 431)', async () => {
    const scenario = seedEmailScenario(org, { count: 1 });
    const [participantId] = scenario.participantIds;
    org.data.update('Sequence_Action__c', scenario.emailActionId, { Step_Number__c: 400 });
    org.data.update('Sequence_Participant__c', participantId, { Current_Step__c: 400 });
    org.data.update('Participant_Action__c', scenario.emailActionIds[0], {
      Step_Number__c: 400,
      Status__c: 'Upcoming',
      Due_At__c: '2026-12-01T14:00:00Z'
    });
    await companionFor(org).runOnce();
    expect(org.controls.emailOutbox().map((e) => e.relatedRecordId)).toEqual([scenario.emailActionIds[0]]);
    expect(rows('SELECT Status__c FROM Participant_Action__c')).toEqual([
      expect.objectContaining({ Status__c: 'Completed' })
    ]);
  });

  it('leaves a later step alone while an earlier one is open, whatever its projected time', async () => {
    const scenario = seedEmailScenario(org, { count: 1, withFollowUp: true });
    org.data.update('Participant_Action__c', scenario.emailActionIds[0], { Activation__c: 'Manual' });
    org.data.update(
      'Participant_Action__c',
      String(rows('SELECT Id FROM Participant_Action__c WHERE Step_Number__c = 2')[0].Id),
      { Due_At__c: '2026-11-30T00:00:00Z' }
    );
    await companionFor(org).runOnce();
    expect(
      rows('SELECT Step_Number__c, Status__c FROM Participant_Action__c ORDER BY Step_Number__c').map((r) => [
        r.Step_Number__c,
        r.Status__c
      ])
    ).toEqual([
      [1, 'Due'],
      [2, 'Upcoming']
    ]);
  });
});

describe('email headers', () => {
  it('refuses line breaks in the subject, recipient, Cc and Bcc, and malformed addresses', () => {
    const base = { to: 'ann@example.com', subject: 'Hello', cc: ['bo@example.com'], bcc: [] };
    expect(emailHeaderProblem(base)).toBeNull();
    expect(emailHeaderProblem({ ...base, subject: 'Hi\r\nBcc: eve@evil.example' })).toEqual({
      field: 'subject',
      message: 'The subject contains a line break (CR/LF), which could add mail headers'
    });
    expect(emailHeaderProblem({ ...base, to: 'ann@example.com\nBcc: eve@evil.example' })).toEqual({
      field: 'to',
      message: 'The recipient "ann@example.com\\nBcc: eve@evil.example" contains a line break (CR/LF)'
    });
    expect(emailHeaderProblem({ ...base, cc: ['bo@example.com\r'] })).toEqual({
      field: 'cc',
      message: 'Cc address "bo@example.com\\r" contains a line break (CR/LF)'
    });
    expect(emailHeaderProblem({ ...base, bcc: ['eve@evil.example, mallory@evil.example'] })).toEqual({
      field: 'bcc',
      message: 'Bcc address "eve@evil.example, mallory@evil.example" is not an email address'
    });
  });

  it('holds an automatic email whose rendered subject carries a line break, and sends the others', async () => {
    const scenario = seedEmailScenario(org, {
      count: 2,
      subject: 'Hello {!Recipient.Company}',
      lead: (i) => ({ Company: i === 0 ? 'Acme\r\nBcc: eve@evil.example' : 'Globex' })
    });
    await companionFor(org).runOnce();
    expect(org.controls.emailOutbox().map((e) => e.subject)).toEqual(['Hello Globex']);
    const held = rows(
      `SELECT Status__c, Activation__c, Reason__c, Reason_Detail__c FROM Participant_Action__c WHERE Id = '${scenario.emailActionIds[0]}'`
    );
    expect(held).toEqual([
      expect.objectContaining({
        Status__c: 'Due',
        Activation__c: 'Manual',
        Reason__c: 'NOT_ACTIONABLE',
        Reason_Detail__c: 'The subject contains a line break (CR/LF), which could add mail headers'
      })
    ]);
  });
});

describe('https for anything not on this machine', () => {
  it('refuses http:// instance and login URLs except loopback', () => {
    expect(() => parseUrlOption('--instance-url', 'http://acme.my.salesforce.com')).toThrow(
      new OptionError(
        '--instance-url',
        'http:// sends the session in clear text; use https://acme.my.salesforce.com (http is only for a local org on this machine)'
      )
    );
    expect(parseUrlOption('--instance-url', 'http://127.0.0.1:4321/')).toBe('http://127.0.0.1:4321');
    expect(parseUrlOption('--instance-url', 'http://localhost:4321')).toBe('http://localhost:4321');
    expect(parseUrlOption('--login-url', 'https://login.salesforce.com')).toBe(
      'https://login.salesforce.com'
    );
  });

  it('refuses an http:// SMS provider URL except loopback', () => {
    expect(
      () => new TwilioSmsProvider({ accountSid: 'AC1', authToken: 't', baseUrl: 'http://api.twilio.example' })
    ).toThrow(
      'Twilio: TWILIO_BASE_URL http://api.twilio.example would send credentials in clear text; use https://'
    );
    expect(
      () => new TwilioSmsProvider({ accountSid: 'AC1', authToken: 't', baseUrl: 'http://127.0.0.1:9999' })
    ).not.toThrow();
  });
});

describe('log redaction covers tokens anywhere', () => {
  it('scrubs nested keys, message text, URLs, errors and the exact secrets the process holds', () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      }
    });
    const log = createLogger({ level: 'debug', destination });
    const session = '00D8b0000000001!AQ8AQJqzK1xYwTqP3Y2bhH1s';
    registerSecret('opaque-provider-key-123');
    log.info(
      {
        a: { b: { c: { d: { e: { sessionId: 'deep-secret-1', Client_Secret: 'deep-secret-2' } } } } },
        url: 'https://acme.my.salesforce.com/services/oauth2/token?grant_type=refresh_token&refresh_token=5AepSECRETSECRETSECRET123',
        proxy: 'https://user:hunter2@proxy.example:8080',
        err: new Error(`request failed with Authorization: Bearer ${session}`),
        note: 'key opaque-provider-key-123 used'
      },
      `connected with ${session} (control ctl_abcdefghijklmnopqrstuvwxyz0123456789)`
    );
    const line = JSON.parse(output) as Record<string, unknown>;
    expect(output).not.toMatch(
      /deep-secret|SECRETSECRET|hunter2|AQ8AQJqzK1|abcdefghijklmnop|opaque-provider-key/
    );
    expect(line).toMatchObject({
      a: { b: { c: { d: { e: { sessionId: '[redacted]', Client_Secret: '[redacted]' } } } } },
      url: 'https://acme.my.salesforce.com/services/oauth2/token?grant_type=refresh_token&refresh_token=[redacted]',
      proxy: 'https://[redacted]@proxy.example:8080',
      note: 'key [redacted] used',
      msg: 'connected with [redacted] (control [redacted])'
    });
    expect((line.err as { message: string }).message).toBe(
      'request failed with Authorization: Bearer [redacted]'
    );
  });
});
