/** Defaults, org fields and the connection chosen from flags, environment and a running local org (config.ts). */
import { DEFAULT_SETTINGS, OptionError, resolveConnection, settingsFromConfiguration } from '../config';

describe('configuration', () => {
  it('takes its defaults from config/companion.json', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      pollIntervalMs: 30_000,
      safetyNetIntervalMs: 300_000,
      fullPassIntervalMs: 3_600_000,
      apiBudgetShare: 0.25,
      leaseSeconds: 120,
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
