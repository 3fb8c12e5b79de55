/**
 * Authentication of the local org (issue 9 §4): the control token on `/_local/*`, verified grants
 * (client secret, passwords, RS256 JWT bearer assertions against the connected app's certificate),
 * Host and Origin checks, credentials before the body, body limits, composite caps, tokens from
 * crypto.randomBytes, and sessions that survive a restart on the same database file.
 */
import './jest-realm';
import { generateKeyPairSync, createHmac, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import jsforce from 'jsforce';
import { createSigningIdentity, derInteger } from '../auth/signing-identity';
import type { LocalOrg } from '../index';
import { raw, signedAssertion, startTestOrg } from './helpers';

jest.setTimeout(30_000);

let org: LocalOrg;
beforeAll(async () => {
  org = await startTestOrg({ sampleData: true, allowedOrigins: ['http://127.0.0.1:4431'] });
});
afterAll(() => org.close());

const userId = (username: string) =>
  String(org.data.query(`SELECT Id FROM User WHERE Username = '${username}'`).records[0].Id);

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${org.instanceUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString()
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** Whom a session runs as, from userinfo. */
async function sessionUser(accessToken: string): Promise<string> {
  const info = await raw(org, 'GET', '/services/oauth2/userinfo', undefined, {
    Authorization: `Bearer ${accessToken}`
  });
  return (info.body as { user_id: string }).user_id;
}

/** A request with headers fetch will not send (Host) or a body it would send whole. */
function rawHttp(options: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  end?: boolean;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: org.port,
        method: options.method,
        path: options.path,
        headers: options.headers
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text })
        );
      }
    );
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    if (options.end !== false) request.end();
    else request.flushHeaders();
  });
}

describe('the /_local controls need the control token', () => {
  it('refuses a session minted without it, and the outbox with message bodies', async () => {
    const noToken = await fetch(`${org.instanceUrl}/_local/sessions`, { method: 'POST' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({
      error: 'control token required',
      message:
        'The /_local controls need "Authorization: Bearer <controlToken>" (see .stride/local-org.json or org.controlToken)'
    });
    const withSession = await raw(org, 'GET', '/_local/outbox/email', undefined, {
      Authorization: `Bearer ${org.accessToken}`
    });
    expect(withSession.status).toBe(401);
    const minted = await raw(org, 'POST', '/_local/sessions', {});
    expect(minted.status).toBe(201);
    expect(await sessionUser((minted.body as { accessToken: string }).accessToken)).toBe(org.userId);
  });

  it('is a 48-character random secret on the handle', () => {
    expect(org.controlToken).toMatch(/^ctl_[A-Za-z0-9]{48}$/);
  });
});

describe('grants are verified', () => {
  it('client_credentials needs the client secret (form or HTTP Basic) and runs as the integration user', async () => {
    expect(await token({ grant_type: 'client_credentials', client_id: org.clientId })).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'invalid client credentials' }
    });
    expect(
      await token({ grant_type: 'client_credentials', client_id: org.clientId, client_secret: 'guess' })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'invalid client credentials' }
    });
    expect(
      await token({
        grant_type: 'client_credentials',
        client_id: 'other-app',
        client_secret: org.clientSecret
      })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_client_id', error_description: 'client identifier invalid' }
    });
    const form = await token({
      grant_type: 'client_credentials',
      client_id: org.clientId,
      client_secret: org.clientSecret
    });
    expect(form.status).toBe(200);
    expect(await sessionUser(form.body.access_token)).toBe(org.userId);
    const basic = await token(
      { grant_type: 'client_credentials' },
      { Authorization: `Basic ${Buffer.from(`${org.clientId}:${org.clientSecret}`).toString('base64')}` }
    );
    expect(basic.status).toBe(200);
  });

  it('the password grant checks the generated password and runs as that user', async () => {
    const base = { grant_type: 'password', client_id: org.clientId, client_secret: org.clientSecret };
    expect(await token({ ...base, username: 'ava.reed@stride.local', password: 'password' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'authentication failure' }
    });
    expect(
      await token({
        ...base,
        username: 'ava.reed@stride.local',
        password: org.passwordFor('ben.ortiz@stride.local')
      })
    ).toMatchObject({ status: 400 });
    const granted = await token({
      ...base,
      username: 'ava.reed@stride.local',
      password: org.passwordFor('ava.reed@stride.local')
    });
    expect(granted.status).toBe(200);
    expect(await sessionUser(granted.body.access_token)).toBe(userId('ava.reed@stride.local'));
    expect(
      await token({
        grant_type: 'password',
        client_id: org.clientId,
        username: 'ava.reed@stride.local',
        password: org.passwordFor('ava.reed@stride.local')
      })
    ).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });

  describe('JWT bearer', () => {
    const jwt = (assertion: string) =>
      token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    const invalidAssertion = {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid assertion' }
    };

    it('runs the session as the user an RS256 assertion of the connected app names', async () => {
      const granted = await jwt(signedAssertion(org, { sub: 'chloe.martin@stride.local' }));
      expect(granted.status).toBe(200);
      expect(granted.body.refresh_token).toBeUndefined();
      expect(await sessionUser(granted.body.access_token)).toBe(userId('chloe.martin@stride.local'));
    });

    it('refuses unsigned, wrongly signed and HMAC-signed assertions', async () => {
      const claims = Buffer.from(
        JSON.stringify({
          iss: org.clientId,
          sub: 'integration@stride.local',
          aud: org.loginUrl,
          exp: 4102444800
        })
      ).toString('base64url');
      expect(await jwt(`e30.${claims}.sig`)).toEqual(invalidAssertion);
      const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
      expect(await jwt(`${none}.${claims}.`)).toEqual(invalidAssertion);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const otherKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(
        await jwt(signedAssertion(org, { sub: 'integration@stride.local' }, { privateKey: otherKey }))
      ).toEqual(invalidAssertion);
      // The certificate's public key used as an HMAC secret (the classic algorithm confusion).
      const hs = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
      const mac = createHmac('sha256', org.connectedApp.certificate)
        .update(`${hs}.${claims}`)
        .digest('base64url');
      expect(await jwt(`${hs}.${claims}.${mac}`)).toEqual(invalidAssertion);
      // A signature that is valid but for other claims.
      const [header, , signature] = signedAssertion(org, { sub: 'integration@stride.local' }).split('.');
      const forged = Buffer.from(
        JSON.stringify({
          iss: org.clientId,
          sub: 'dana.kim@stride.local',
          aud: org.loginUrl,
          exp: 4102444800
        })
      ).toString('base64url');
      expect(await jwt(`${header}.${forged}.${signature}`)).toEqual(invalidAssertion);
    });

    it('checks the issuer, audience, expiry and the user', async () => {
      expect(await jwt(signedAssertion(org, { sub: 'ava.reed@stride.local', iss: 'another-app' }))).toEqual({
        status: 400,
        body: { error: 'invalid_client_id', error_description: 'client identifier invalid' }
      });
      expect(
        await jwt(signedAssertion(org, { sub: 'ava.reed@stride.local', aud: 'https://evil.example' }))
      ).toEqual({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'audience is invalid' }
      });
      const past = Math.floor(Date.now() / 1000) - 600;
      expect(await jwt(signedAssertion(org, { sub: 'ava.reed@stride.local', exp: past }))).toEqual({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'expired authorization code' }
      });
      const notApproved = {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'user hasn\u2019t approved this consumer' }
      };
      expect(await jwt(signedAssertion(org, { sub: 'nobody@stride.local' }))).toEqual(notApproved);
      expect(await jwt(signedAssertion(org, { sub: 'eli.former@stride.local' }))).toEqual(notApproved);
    });

    it('encodes certificate integers in their shortest DER form, as OpenSSL requires of a serial', () => {
      expect(derInteger(Buffer.from([0x00, 0x10, 0xab])).toString('hex')).toBe('020210ab');
      expect(derInteger(Buffer.from([0x00, 0x00, 0x80])).toString('hex')).toBe('02020080');
      expect(derInteger(Buffer.from([0x80, 0x01])).toString('hex')).toBe('0203008001');
      expect(derInteger(Buffer.from([0x00, 0x00])).toString('hex')).toBe('020100');
      expect(derInteger(Buffer.from([0x02])).toString('hex')).toBe('020102');
    });

    it('verifies against a certificate the org is configured with, for pre-authorised users only', async () => {
      const identity = createSigningIdentity('stride-test-app');
      expect(new X509Certificate(identity.certificate).subject).toBe('CN=stride-test-app');
      const configured = await startTestOrg({
        sampleData: true,
        connectedApp: {
          clientId: 'stride-test-app',
          certificate: identity.certificate,
          preAuthorizedUsernames: ['ava.reed@stride.local']
        }
      });
      try {
        expect(configured.connectedApp.privateKey).toBeNull();
        expect(configured.connectedApp.certificate).toBe(identity.certificate);
        const post = async (sub: string) => {
          const response = await fetch(`${configured.instanceUrl}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
              assertion: signedAssertion(configured, { sub }, { privateKey: identity.privateKey })
            }).toString()
          });
          return { status: response.status, body: (await response.json()) as Record<string, string> };
        };
        expect((await post('ava.reed@stride.local')).status).toBe(200);
        expect(await post('ben.ortiz@stride.local')).toEqual({
          status: 400,
          body: { error: 'invalid_grant', error_description: 'user hasn\u2019t approved this consumer' }
        });
      } finally {
        await configured.close();
      }
    });

    it('pre-authorises the users of the permission sets and profiles assigned to the connected app', async () => {
      const configured = await startTestOrg({
        sampleData: true,
        connectedApp: { permissionSetNames: ['Stride_Admin'], profileNames: ['System Administrator'] }
      });
      try {
        const post = async (sub: string) => {
          const response = await fetch(`${configured.instanceUrl}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
              assertion: signedAssertion(configured, { sub })
            }).toString()
          });
          return { status: response.status, body: (await response.json()) as Record<string, string> };
        };
        const grants = (username: string) =>
          configured.data
            .query(
              `SELECT PermissionSet.Name, Assignee.Profile.Name FROM PermissionSetAssignment WHERE Assignee.Username = '${username}' ORDER BY PermissionSet.Name`
            )
            .records.map((r) => (r as { PermissionSet: { Name: string } }).PermissionSet.Name);
        // Sam holds Stride_Admin; Ben only Stride_Agent, on the Standard User profile.
        expect(grants('sam.admin@stride.local')).toContain('Stride_Admin');
        expect(grants('ben.ortiz@stride.local')).toEqual(['Stride_Agent']);
        expect((await post('sam.admin@stride.local')).status).toBe(200);
        expect(await post('ben.ortiz@stride.local')).toEqual({
          status: 400,
          body: { error: 'invalid_grant', error_description: 'user hasn\u2019t approved this consumer' }
        });
        // Assigning the permission set pre-authorises him at once.
        const adminSet = (
          configured.data.query("SELECT Id FROM PermissionSet WHERE Name = 'Stride_Admin'").records[0] as {
            Id: string;
          }
        ).Id;
        const ben = (
          configured.data.query("SELECT Id FROM User WHERE Username = 'ben.ortiz@stride.local'")
            .records[0] as {
            Id: string;
          }
        ).Id;
        configured.data.create('PermissionSetAssignment', { AssigneeId: ben, PermissionSetId: adminSet });
        expect((await post('ben.ortiz@stride.local')).status).toBe(200);
      } finally {
        await configured.close();
      }
    });
  });
});

describe('tokens come from crypto.randomBytes', () => {
  it('are unpredictable even when Math.random is not', async () => {
    const spy = jest.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      const minted = await Promise.all([1, 2, 3].map(() => raw(org, 'POST', '/_local/sessions', {})));
      const tokens = minted.map((m) => (m.body as { accessToken: string }).accessToken);
      expect(new Set(tokens).size).toBe(3);
      for (const t of tokens) expect(t).toMatch(new RegExp(`^${org.orgId.slice(0, 15)}![A-Za-z0-9]{96}$`));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('browser and network checks', () => {
  it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
    const rebinding = await rawHttp({
      method: 'GET',
      path: '/services/data/v66.0/limits',
      headers: { Host: `attacker.example:${org.port}`, Authorization: `Bearer ${org.accessToken}` }
    });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body)).toEqual([
      {
        errorCode: 'FORBIDDEN',
        message:
          "Host 'attacker.example' is not this local org: only loopback host names are served (DNS rebinding protection)"
      }
    ]);
    for (const host of [`localhost:${org.port}`, `127.0.0.1:${org.port}`, `[::1]:${org.port}`]) {
      const ok = await rawHttp({
        method: 'GET',
        path: '/services/data/v66.0/limits',
        headers: { Host: host, Authorization: `Bearer ${org.accessToken}` }
      });
      expect(ok.status).toBe(200);
    }
  });

  it('refuses other origins, serves its own and the configured ones with CORS', async () => {
    const evil = await raw(org, 'GET', '/limits', undefined, { Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect((evil.body as { message: string }[])[0].message).toBe(
      "Origin 'https://evil.example' may not call this local org; add it to allowedOrigins (--allowed-origin) to serve a browser app from it"
    );
    const own = await raw(org, 'GET', '/limits', undefined, { Origin: org.instanceUrl });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    const sibling = await raw(org, 'GET', '/limits', undefined, { Origin: 'http://127.0.0.1:4431' });
    expect(sibling.status).toBe(200);
    expect(sibling.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4431');
    const preflight = await fetch(`${org.instanceUrl}/services/data/v66.0/ui-api/records`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:4431',
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization, content-type'
      }
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization, Content-Type');
    const crossSite = await raw(org, 'GET', '/limits', undefined, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
  });

  it('refuses simple-request bodies (text/plain, forms) from pages, even same-origin', async () => {
    const response = await fetch(`${org.instanceUrl}/services/data/v66.0/sobjects/Lead`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${org.accessToken}`,
        Origin: org.instanceUrl,
        'Content-Type': 'text/plain;charset=UTF-8'
      },
      body: JSON.stringify({ LastName: 'Planted', Company: 'Evil' })
    });
    expect(response.status).toBe(415);
    expect(org.data.query("SELECT Id FROM Lead WHERE LastName = 'Planted'").totalSize).toBe(0);
  });

  it('answers an unauthenticated request at once without reading its body', async () => {
    const started = Date.now();
    // 10 MB announced, 10 bytes sent, never ended: a server that read the body first would wait for ever.
    const response = await rawHttp({
      method: 'POST',
      path: '/services/data/v66.0/composite/graph',
      headers: {
        Host: `127.0.0.1:${org.port}`,
        'Content-Type': 'application/json',
        'Content-Length': String(10 * 1024 * 1024)
      },
      body: '{"graphs":',
      end: false
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    const control = await rawHttp({
      method: 'POST',
      path: '/_local/clock',
      headers: {
        Host: `127.0.0.1:${org.port}`,
        'Content-Type': 'application/json',
        'Content-Length': '1000000'
      },
      body: '{',
      end: false
    });
    expect(control.status).toBe(401);
  });

  it('answers 413 past the body limit: by Content-Length before reading, and while streaming', async () => {
    const announced = await rawHttp({
      method: 'POST',
      path: '/services/data/v66.0/composite/sobjects',
      headers: {
        Host: `127.0.0.1:${org.port}`,
        Authorization: `Bearer ${org.accessToken}`,
        'Content-Type': 'application/json',
        'Content-Length': String(50 * 1024 * 1024 + 1)
      },
      end: false
    });
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body)).toEqual([
      { errorCode: 'JSON_PARSER_ERROR', message: 'Request body too large: the limit is 52428800 bytes' }
    ]);
    const streamed = await rawHttp({
      method: 'POST',
      path: '/services/oauth2/token',
      headers: {
        Host: `127.0.0.1:${org.port}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Transfer-Encoding': 'chunked'
      },
      body: `grant_type=password&username=${'x'.repeat(70 * 1024)}`
    });
    expect(streamed.status).toBe(413);
  });
});

describe('composite caps as Salesforce sets them', () => {
  const node = (referenceId: string, lastName: string) => ({
    method: 'POST',
    url: '/services/data/v66.0/sobjects/Lead',
    referenceId,
    body: { LastName: lastName, Company: 'Cap' }
  });

  it('refuses more than 75 graphs or 500 nodes, and depth past 15, before running any', async () => {
    const tooManyGraphs = await raw(org, 'POST', '/composite/graph', {
      graphs: Array.from({ length: 76 }, (_, i) => ({
        graphId: `g${i}`,
        compositeRequest: [node(`n${i}`, 'G')]
      }))
    });
    expect(tooManyGraphs.status).toBe(400);
    expect(tooManyGraphs.body).toEqual([
      { errorCode: 'LIMIT_EXCEEDED', message: 'Exceeded max limit of graphs: 75 (got 76)', fields: [] }
    ]);
    const tooManyNodes = await raw(org, 'POST', '/composite/graph', {
      graphs: [
        { graphId: 'big', compositeRequest: Array.from({ length: 501 }, (_, i) => node(`n${i}`, 'N')) }
      ]
    });
    expect(tooManyNodes.body).toEqual([
      {
        errorCode: 'LIMIT_EXCEEDED',
        message: 'Graph big exceeds the max limit of nodes per graph: 500 (got 501)',
        fields: []
      }
    ]);
    const chain = Array.from({ length: 16 }, (_, i) => ({
      method: 'POST',
      url: '/services/data/v66.0/sobjects/Lead',
      referenceId: `c${i}`,
      body: { LastName: i === 0 ? 'Root' : `@{c${i - 1}.id}`, Company: 'Deep' }
    }));
    const deep = await raw(org, 'POST', '/composite/graph', {
      graphs: [{ graphId: 'deep', compositeRequest: chain }]
    });
    expect(deep.body).toEqual([
      {
        errorCode: 'LIMIT_EXCEEDED',
        message: 'Graph deep exceeds the max depth of 15 (node c15)',
        fields: []
      }
    ]);
    expect(org.data.query("SELECT Id FROM Lead WHERE Company IN ('Cap', 'Deep')").totalSize).toBe(0);
  });

  it('refuses a graph node that is not a single-record sObject request, before running any', async () => {
    const withQuery = await raw(org, 'POST', '/composite/graph', {
      graphs: [
        {
          graphId: 'g1',
          compositeRequest: [
            node('lead', 'Cap'),
            { method: 'GET', url: '/services/data/v66.0/query?q=SELECT+Id+FROM+Lead', referenceId: 'check' }
          ]
        }
      ]
    });
    expect(withQuery.status).toBe(400);
    expect(withQuery.body).toEqual([
      {
        errorCode: 'INVALID_INPUT',
        message:
          'Graph g1 node check: GET /services/data/v66.0/query?q=SELECT+Id+FROM+Lead is not supported in a composite graph, which takes only sObject requests (/sobjects/Type, /sobjects/Type/id, /sobjects/Type/field/value)',
        fields: []
      }
    ]);
    const withCollection = await raw(org, 'POST', '/composite/graph', {
      graphs: [
        {
          graphId: 'g2',
          compositeRequest: [
            {
              method: 'PATCH',
              url: '/services/data/v66.0/composite/sobjects',
              referenceId: 'write',
              body: { allOrNone: true, records: [] }
            }
          ]
        }
      ]
    });
    expect(withCollection.body).toEqual([
      expect.objectContaining({
        errorCode: 'INVALID_INPUT',
        message: expect.stringContaining('Graph g2 node write: PATCH')
      })
    ]);
    const patchNew = await raw(org, 'POST', '/composite/graph', {
      graphs: [{ graphId: 'g3', compositeRequest: [{ ...node('lead', 'Cap'), method: 'PATCH' }] }]
    });
    expect(patchNew.body).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'Graph g3 node lead: PATCH /services/data/v66.0/sobjects/Lead is not supported'
        )
      })
    ]);
    expect(org.data.query("SELECT Id FROM Lead WHERE Company = 'Cap'").totalSize).toBe(0);
  });

  it('refuses a composite with more than 25 subrequests or more than 5 queries/collections', async () => {
    const many = await raw(org, 'POST', '/composite', {
      compositeRequest: Array.from({ length: 26 }, (_, i) => node(`r${i}`, 'C'))
    });
    expect(many.body).toEqual([
      { errorCode: 'LIMIT_EXCEEDED', message: 'Exceeded max limit of subrequests: 25', fields: [] }
    ]);
    const queries = await raw(org, 'POST', '/composite', {
      compositeRequest: Array.from({ length: 6 }, (_, i) => ({
        method: 'GET',
        url: '/services/data/v66.0/query?q=SELECT+Id+FROM+Lead',
        referenceId: `q${i}`
      }))
    });
    expect(queries.body).toEqual([
      {
        errorCode: 'LIMIT_EXCEEDED',
        message: 'Exceeded max limit of query and sObject Collections subrequests: 5 (got 6)',
        fields: []
      }
    ]);
  });
});

describe('a restart on the same database is invisible to clients', () => {
  it('keeps access tokens, refresh tokens, the control token and passwords', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stride-restart-'));
    const db = path.join(dir, 'org.sqlite');
    try {
      const first = await startTestOrg({ db });
      const { accessToken, refreshToken, controlToken, port } = first;
      const password = first.passwordFor('integration@stride.local');
      expect(fs.statSync(db).mode & 0o777).toBe(0o600);
      await first.close();
      const second = await startTestOrg({ db, port });
      try {
        const conn = new jsforce.Connection({
          instanceUrl: second.instanceUrl,
          accessToken,
          version: '66.0'
        });
        expect((await conn.query('SELECT Username FROM User')).records.map((r) => r.Username)).toEqual([
          'integration@stride.local'
        ]);
        expect(second.controlToken).toBe(controlToken);
        expect(second.passwordFor('integration@stride.local')).toBe(password);
        const refreshed = await fetch(`${second.instanceUrl}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString()
        });
        expect(refreshed.status).toBe(200);
        const clock = await fetch(`${second.instanceUrl}/_local/clock`, {
          headers: { Authorization: `Bearer ${controlToken}` }
        });
        expect(clock.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
