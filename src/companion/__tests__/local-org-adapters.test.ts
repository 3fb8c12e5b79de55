/**
 * The local org's adapters (src/demo/local-org-adapters.ts) and how the dev entry chooses them
 * (src/demo/stride-local.ts): required with --local-org, detected otherwise. The companion suites
 * use the adapters themselves (helpers.companionFor); this covers the choosing and its refusals.
 */
import './jest-realm';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { LocalOrg } from '../../local-org';
import { localOrgControlToken, localOrgAdaptersFor, mainWithLocalOrg } from '../../demo/stride-local';
import { isLoopbackUrl, probeLocalOrg } from '../../demo/local-org-adapters';
import { silentLogger } from '../logger';
import { startTestOrg } from './helpers';

let org: LocalOrg;
let notAnOrg: http.Server;
let notAnOrgUrl: string;

beforeAll(async () => {
  org = await startTestOrg();
  notAnOrg = http.createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => notAnOrg.listen(0, '127.0.0.1', resolve));
  notAnOrgUrl = `http://127.0.0.1:${(notAnOrg.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await org.close();
  await new Promise((resolve) => notAnOrg.close(resolve));
});

const log = silentLogger();
const env = (controlToken?: string): NodeJS.ProcessEnv =>
  controlToken ? { STRIDE_LOCAL_ORG_CONTROL_TOKEN: controlToken } : {};

describe('probeLocalOrg', () => {
  it('tells a local org with its token, one without, and anything else apart', async () => {
    expect(await probeLocalOrg({ instanceUrl: org.instanceUrl, controlToken: org.controlToken })).toBe(
      'local'
    );
    expect(await probeLocalOrg({ instanceUrl: org.instanceUrl, controlToken: 'wrong' })).toBe('locked');
    expect(await probeLocalOrg({ instanceUrl: notAnOrgUrl })).toBe('remote');
    expect(await probeLocalOrg({ instanceUrl: 'https://acme.my.salesforce.com' })).toBe('remote');
  });

  it('only sends the control token to this machine', () => {
    expect(isLoopbackUrl('http://127.0.0.1:4321')).toBe(true);
    expect(isLoopbackUrl('http://localhost:4321/')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:4321')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.evil.example:4321')).toBe(false);
    expect(isLoopbackUrl('https://acme.my.salesforce.com')).toBe(false);
  });
});

describe('localOrgAdaptersFor', () => {
  it('follows the local org’s clock when its token opens the controls', async () => {
    const adapters = await localOrgAdaptersFor({ required: true, env: env(org.controlToken) })(
      { instanceUrl: org.instanceUrl },
      log
    );
    await adapters.clock!.sync();
    expect(adapters.clock!.now().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(adapters.sms!.name).toBe('local-outbox');
  });

  it('with --local-org, refuses an org that is not a local org, with the reason', async () => {
    const required = localOrgAdaptersFor({ required: true, env: env(org.controlToken) });
    await expect(required({ instanceUrl: 'https://acme.my.salesforce.com' }, log)).rejects.toThrow(
      '--local-org: https://acme.my.salesforce.com is not on this machine, so not a local org'
    );
    await expect(required({ instanceUrl: notAnOrgUrl }, log)).rejects.toThrow(
      `--local-org: ${notAnOrgUrl} does not answer as a local org (no clock control)`
    );
    await expect(
      localOrgAdaptersFor({ required: true, env: env('wrong') })({ instanceUrl: org.instanceUrl }, log)
    ).rejects.toThrow(`--local-org: the local org at ${org.instanceUrl} refuses the control token`);
  });

  it('without --local-org, gives any other org the production defaults', async () => {
    const detected = localOrgAdaptersFor({ required: false, env: env('wrong') });
    expect(await detected({ instanceUrl: 'https://acme.my.salesforce.com' }, log)).toEqual({});
    expect(await detected({ instanceUrl: notAnOrgUrl }, log)).toEqual({});
    expect(await detected({ instanceUrl: org.instanceUrl }, log)).toEqual({});
  });

  it('takes the control token from the environment, else from a connection file for the same org', () => {
    expect(localOrgControlToken(org.instanceUrl, env('from-env'), '/nonexistent.json')).toBe('from-env');
    expect(localOrgControlToken(org.instanceUrl, {}, '/nonexistent.json')).toBeUndefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-connection-'));
    const file = path.join(dir, 'local-org.json');
    try {
      fs.writeFileSync(
        file,
        JSON.stringify({ instanceUrl: `${org.instanceUrl}/`, controlToken: 'from-file' })
      );
      expect(localOrgControlToken(org.instanceUrl, {}, file)).toBe('from-file');
      expect(localOrgControlToken('http://127.0.0.1:1', {}, file)).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming --local-org when the CLI is pointed at an org that is not a local org', async () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const code = await mainWithLocalOrg([
        'node',
        'stride',
        '--local-org',
        'status',
        '--instance-url',
        notAnOrgUrl,
        '--access-token',
        '00Dx!token'
      ]);
      expect(code).toBe(2);
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toBe(
      `stride: --local-org: ${notAnOrgUrl} does not answer as a local org (no clock control)\n`
    );
  });
});
