import type { SalesforceApi } from '../api';

const selfIds = new WeakMap<SalesforceApi, Promise<string | null>>();

const USERINFO_URL = '/services/oauth2/userinfo';

/**
 * The integration user's id, from the session's OpenID Connect UserInfo (`/services/oauth2/userinfo`,
 * an identity endpoint, not a REST API resource: jsforce's `identity()` would first read the API
 * version resource, one more API call, to find the identity URL). Read once per connection and
 * shared by every stage that must recognise the companion's own writes (the requester directory,
 * the saver of a sequence). A failed read is not kept: it answers null to its callers, and the next
 * caller asks again, so a passing outage costs one pass, not the connection's lifetime.
 */
export function selfIdOf(api: SalesforceApi): Promise<string | null> {
  let id = selfIds.get(api);
  if (!id) {
    id = api.conn
      .request<{ user_id?: string }>(USERINFO_URL)
      .then((info) => info.user_id ?? null)
      .catch(() => {
        selfIds.delete(api);
        return null;
      });
    selfIds.set(api, id);
  }
  return id;
}
