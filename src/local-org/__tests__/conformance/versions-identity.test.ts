/**
 * REST API Developer Guide, "Resources by Version" (the version root lists what this org serves)
 * and authentication: the identity URL's documented fields, and the `X-SFDC-Session` header.
 */
import type { LocalOrg } from '../../index';
import { connect, raw, startTestOrg } from '../helpers';

let org: LocalOrg;

beforeAll(async () => {
  org = await startTestOrg();
});

afterAll(() => org.close());

describe('GET /services/data/v66.0 (Resources by Version)', () => {
  it('lists only resources the org serves, each of which answers (no 404)', async () => {
    const root = await raw(org, 'GET', '/services/data/v66.0');
    const listed = root.body as Record<string, string>;
    expect(Object.keys(listed).sort()).toEqual(
      [
        'actions',
        'compactLayouts',
        'composite',
        'graphql',
        'identity',
        'limits',
        'parameterizedSearch',
        'query',
        'queryAll',
        'recent',
        'search',
        'sobjects',
        'tabs',
        'theme'
      ].sort()
    );
    for (const [name, url] of Object.entries(listed)) {
      const answer = await raw(org, 'GET', url.replace(org.instanceUrl, ''));
      expect([name, answer.status === 404]).toEqual([name, false]);
    }
  });

  it('answers an unsupported method on a served path with 405 naming the allowed ones', async () => {
    const answer = await raw(org, 'GET', '/composite');
    expect([answer.status, answer.body]).toEqual([
      405,
      [
        {
          errorCode: 'METHOD_NOT_ALLOWED',
          message: "HTTP Method 'GET' not allowed. Allowed are POST",
          fields: []
        }
      ]
    ]);
  });
});

describe('identity URL', () => {
  it('answers with photos, address, phone, status and the endpoint urls (through jsforce)', async () => {
    const identity = (await connect(org).identity()) as unknown as Record<string, unknown>;
    const base = org.instanceUrl;
    expect(identity).toMatchObject({
      id: `${base}/id/${org.orgId}/${org.userId}`,
      user_id: org.userId,
      organization_id: org.orgId,
      username: 'integration@stride.local',
      photos: { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` },
      addr_street: null,
      addr_city: null,
      addr_state: null,
      addr_country: null,
      addr_zip: null,
      mobile_phone_verified: false,
      is_lightning_login_user: false,
      status: { created_date: null, body: null },
      active: true,
      user_type: 'STANDARD',
      is_app_installed: true
    });
    expect(Object.keys(identity.urls as object).sort()).toEqual([
      'custom_domain',
      'enterprise',
      'feed_elements',
      'feed_items',
      'feeds',
      'groups',
      'metadata',
      'partner',
      'profile',
      'query',
      'recent',
      'rest',
      'search',
      'sobjects',
      'tooling_rest',
      'tooling_soap',
      'users'
    ]);
  });

  it('userinfo carries photos and picture as well', async () => {
    const info = await raw(org, 'GET', '/services/oauth2/userinfo');
    expect(info.body).toMatchObject({
      photos: {
        picture: `${org.instanceUrl}/profilephoto/005/F`,
        thumbnail: `${org.instanceUrl}/profilephoto/005/T`
      },
      picture: `${org.instanceUrl}/profilephoto/005/F`
    });
  });
});

describe('X-SFDC-Session header', () => {
  it('authenticates a request that carries the session there instead of Authorization', async () => {
    const response = await fetch(
      `${org.instanceUrl}/services/data/v66.0/query?q=SELECT+Username+FROM+User+WHERE+Id='${org.userId}'`,
      {
        headers: { 'X-SFDC-Session': org.accessToken }
      }
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { records: { Username: string }[] }).records[0].Username).toBe(
      'integration@stride.local'
    );
  });

  it('refuses an unknown session in that header as an invalid session', async () => {
    const response = await fetch(`${org.instanceUrl}/services/data/v66.0/limits`, {
      headers: { 'X-SFDC-Session': `${org.orgId}!not-a-session` }
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });
});
