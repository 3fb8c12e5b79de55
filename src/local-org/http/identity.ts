/**
 * The OAuth identity answers: the identity URL (`GET /id/<orgId>/<userId>`) and OpenID Connect
 * userinfo (`GET /services/oauth2/userinfo`), with the fields the REST API Developer Guide lists
 * (photos, address, mobile phone, status, urls…). The local org keeps no profile photos: `photos`
 * points at the default silhouettes' paths on this server, which answer 404 like a missing photo.
 */
import type { OrgState } from '../org-state';

type UserRow = Record<string, unknown>;

function user(org: OrgState, userId: string): UserRow {
  return (org.db.prepare('SELECT * FROM "User" WHERE "Id" = ?').get(userId) as UserRow | undefined) ?? {};
}

/** The API endpoints a client may talk to, with `{version}` left for it to fill in. */
function endpointUrls(org: OrgState, userId: string): Record<string, string> {
  const base = org.baseUrl();
  const data = `${base}/services/data/v{version}`;
  return {
    enterprise: `${base}/services/Soap/c/{version}/${org.orgId}`,
    metadata: `${base}/services/Soap/m/{version}/${org.orgId}`,
    partner: `${base}/services/Soap/u/{version}/${org.orgId}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${base}/services/Soap/T/{version}/${org.orgId}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${base}/${userId}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: base
  };
}

function photos(org: OrgState): { picture: string; thumbnail: string } {
  const base = org.baseUrl();
  return { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` };
}

function userType(row: UserRow): string {
  return row.UserType === 'AutomatedProcess' ? 'AUTOMATED_PROCESS' : 'STANDARD';
}

/** `GET /id/<orgId>/<userId>`. */
export function identityAnswer(org: OrgState, userId: string): Record<string, unknown> {
  const row = user(org, userId);
  return {
    id: `${org.baseUrl()}/id/${org.orgId}/${userId}`,
    asserted_user: true,
    user_id: userId,
    organization_id: org.orgId,
    username: row.Username,
    nick_name: row.Alias,
    display_name: row.Name,
    email: row.Email,
    email_verified: true,
    first_name: row.FirstName ?? null,
    last_name: row.LastName,
    timezone: row.TimeZoneSidKey,
    photos: photos(org),
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: row.MobilePhone ?? null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: endpointUrls(org, userId),
    active: row.IsActive === 1,
    user_type: userType(row),
    language: row.LanguageLocaleKey ?? 'en_US',
    locale: row.LocaleSidKey ?? 'en_US',
    utcOffset: 0,
    last_modified_date: row.LastModifiedDate,
    is_app_installed: true
  };
}

/** `GET /services/oauth2/userinfo` (OpenID Connect claims plus Salesforce's own). */
export function userInfoAnswer(org: OrgState, userId: string): Record<string, unknown> {
  const row = user(org, userId);
  const base = org.baseUrl();
  const picture = photos(org);
  return {
    sub: `${base}/id/${org.orgId}/${userId}`,
    user_id: userId,
    organization_id: org.orgId,
    preferred_username: row.Username,
    nickname: row.Alias,
    name: row.Name,
    email: row.Email,
    email_verified: true,
    given_name: row.FirstName ?? null,
    family_name: row.LastName,
    zoneinfo: row.TimeZoneSidKey,
    photos: picture,
    profile: `${base}/${userId}`,
    picture: picture.picture,
    address: {},
    phone_number: row.MobilePhone ?? null,
    phone_number_verified: false,
    locale: row.LocaleSidKey ?? 'en_US',
    active: row.IsActive === 1,
    user_type: userType(row),
    language: row.LanguageLocaleKey ?? 'en_US',
    utcOffset: 0,
    updated_at: row.LastModifiedDate,
    is_app_installed: true,
    urls: endpointUrls(org, userId)
  };
}
