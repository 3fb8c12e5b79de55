import type { SalesforceApi } from '../api';

const selfIds = new WeakMap<SalesforceApi, Promise<string | null>>();

/**
 * The integration user's id, from the session's identity: read once per connection and shared by
 * every stage that must recognise the companion's own writes (the requester directory, the saver
 * of a sequence). A failed read is not kept: it answers null to its callers, and the next caller
 * asks again, so a passing outage costs one pass, not the connection's lifetime.
 */
export function selfIdOf(api: SalesforceApi): Promise<string | null> {
  let id = selfIds.get(api);
  if (!id) {
    id = api.conn
      .identity()
      .then((identity) => identity.user_id ?? null)
      .catch(() => {
        selfIds.delete(api);
        return null;
      });
    selfIds.set(api, id);
  }
  return id;
}
