/**
 * Discovery, describe, OAuth and identity over HTTP, and one session through @salesforce/core.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../index';
import { connect, raw, signedAssertion, startTestOrg } from './helpers';

const execFileAsync = promisify(execFile);
let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startTestOrg();
  conn = connect(org);
});

afterAll(() => org.close());

describe('version discovery', () => {
  it('lists versions up to 66.0 without authentication', async () => {
    const response = await fetch(`${org.instanceUrl}/services/data`);
    const versions = (await response.json()) as { version: string; url: string; label: string }[];
    expect(versions[versions.length - 1]).toEqual({
      label: 'Version 66.0',
      url: '/services/data/v66.0',
      version: '66.0'
    });
  });

  it('serves the version root with the identity URL, also through a doubled slash', async () => {
    const response = await raw(org, 'GET', '/services/data/v66.0');
    expect(response.body).toMatchObject({
      sobjects: '/services/data/v66.0/sobjects',
      query: '/services/data/v66.0/query',
      identity: `${org.instanceUrl}/id/${org.orgId}/${org.userId}`
    });
    const doubled = await fetch(`${org.instanceUrl}//services/data/v66.0/limits`, {
      headers: { Authorization: `Bearer ${org.accessToken}` }
    });
    expect(doubled.status).toBe(200);
  });
});

describe('describe', () => {
  it('describes an object with fields, picklists, references and child relationships', async () => {
    const describe = await conn.sobject('Participant_Action__c').describe();
    expect(describe).toMatchObject({
      name: 'Participant_Action__c',
      custom: true,
      createable: true,
      queryable: true
    });
    expect(describe.keyPrefix).toMatch(/^a[0-9A-Za-z]{2}$/);
    const field = (name: string) => describe.fields.find((f) => f.name === name);
    expect(field('Participant__c')).toMatchObject({
      type: 'reference',
      referenceTo: ['Sequence_Participant__c'],
      relationshipName: 'Participant__r',
      nillable: false,
      soapType: 'tns:ID'
    });
    expect(field('Status__c')).toMatchObject({
      type: 'picklist',
      restrictedPicklist: true,
      defaultValue: 'Upcoming'
    });
    expect(field('Status__c')?.picklistValues?.map((p) => p.value)).toEqual([
      'Upcoming',
      'Due',
      'Waiting_Criteria',
      'In_Progress',
      'Completed',
      'Skipped',
      'Deferred',
      'Failed',
      'Canceled'
    ]);
    expect(field('Due_At__c')).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime' });
    // Participant actions have their own owner (Private sharing); a master-detail child has none.
    expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'] });
    expect(
      (await conn.sobject('Sequence_Action__c').describe()).fields.some((f) => f.name === 'OwnerId')
    ).toBe(false);
    const participant = await conn.sobject('Sequence_Participant__c').describe();
    expect(participant.childRelationships).toContainEqual(
      expect.objectContaining({
        childSObject: 'Participant_Action__c',
        field: 'Participant__c',
        relationshipName: 'Participant_Actions__r',
        cascadeDelete: false,
        restrictedDelete: true
      })
    );
  });

  it('lists every object in describe global with its key prefix', async () => {
    const global = await conn.describeGlobal();
    const prefixes = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(prefixes).toMatchObject({
      Account: '001',
      Contact: '003',
      Lead: '00Q',
      User: '005',
      Task: '00T',
      Opportunity: '006',
      Campaign: '701',
      CampaignMember: '00v',
      EmailMessage: '02s',
      BusinessHours: '01m',
      Holiday: '0C0',
      Organization: '00D',
      TaskStatus: '01J'
    });
    expect(new Set(Object.values(prefixes)).size).toBe(global.sobjects.length);
    expect(global.sobjects.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Sequence__c', 'Sequence_Action__c', 'Action_Attempt__c', 'Conversation__c'])
    );
  });
});

describe('OAuth and identity', () => {
  const token = async (form: Record<string, string>) => {
    const response = await fetch(`${org.instanceUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString()
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  it('issues tokens for refresh_token and JWT bearer grants, and rejects unknown refresh tokens', async () => {
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: org.refreshToken,
      client_id: org.clientId
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      instance_url: org.instanceUrl,
      id: `${org.instanceUrl}/id/${org.orgId}/${org.userId}`,
      token_type: 'Bearer'
    });
    const jwt = await token({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signedAssertion(org, { sub: 'integration@stride.local' })
    });
    expect(jwt.status).toBe(200);
    const probe = await fetch(`${org.instanceUrl}/services/data/v66.0/limits`, {
      headers: { Authorization: `Bearer ${jwt.body.access_token}` }
    });
    expect(probe.status).toBe(200);
    const rejected = await token({ grant_type: 'refresh_token', refresh_token: 'nope' });
    expect(rejected).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' }
    });
  });

  it('answers userinfo and the identity URL', async () => {
    const info = await raw(org, 'GET', '/services/oauth2/userinfo');
    expect(info.body).toMatchObject({
      user_id: org.userId,
      organization_id: org.orgId,
      preferred_username: 'integration@stride.local'
    });
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      user_id: org.userId,
      organization_id: org.orgId,
      username: 'integration@stride.local'
    });
  });
});

describe('@salesforce/core', () => {
  it('signs in from an access token and queries through its Connection', async () => {
    // In a child process with its own home folder: @salesforce/core keeps state there and writes
    // it in the background, which must not touch the developer's real ~/.sf or outlive the test.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-sf-'));
    org.data.create('Lead', { LastName: 'Core', Company: 'Core' });
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'core-client.ts'), org.instanceUrl, org.accessToken],
      {
        cwd: path.resolve(__dirname, '..', '..', '..'),
        env: { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true' }
      }
    );
    expect(JSON.parse(stdout)).toEqual({
      username: 'integration@stride.local',
      orgId: org.orgId,
      organization: { Name: 'Stride Local Org', IsSandbox: false },
      leadCount: 1
    });
    fs.rmSync(home, { recursive: true, force: true });
  }, 30_000);
});

describe('namespace', () => {
  it('serves custom objects and fields under the namespace, and rejects the bare names', async () => {
    const namespaced = await startTestOrg({ namespace: 'stride' });
    try {
      const ns = connect(namespaced);
      const seq = await ns
        .sobject('stride__Sequence__c')
        .create({ Name: 'NS', stride__Target_Object__c: 'Lead' });
      expect(seq).toMatchObject({ success: true });
      const result = await ns.query(
        'SELECT Name, stride__Target_Object__c, (SELECT Id FROM stride__Sequence_Actions__r) FROM stride__Sequence__c'
      );
      expect(result.records[0]).toMatchObject({
        Name: 'NS',
        stride__Target_Object__c: 'Lead',
        stride__Sequence_Actions__r: null
      });
      const bare = await raw(
        namespaced,
        'GET',
        `/query?q=${encodeURIComponent('SELECT Id FROM Sequence__c')}`
      );
      expect((bare.body as { errorCode: string }[])[0].errorCode).toBe('INVALID_TYPE');
    } finally {
      await namespaced.close();
    }
  });
});
