/**
 * The UI API's one call site for the org's access rules (`org.authorization`, security/access.ts):
 * the session user's object permissions, field-level security and record access, exactly as the
 * REST API applies them. Record queries pass the user's access to the SOQL engine (rows filtered,
 * hidden fields INVALID_FIELD, unreadable parents null); writes go through the record store, which
 * applies it itself.
 */
import type { OrgState } from '../org-state';
import type { ObjectDef } from '../schema/types';
import type { UserAccess } from '../security/access';

export class UiApiAccess {
  constructor(private readonly org: OrgState) {}

  forUser(userId: string): UserAccess {
    return this.org.authorization.forUser(userId);
  }

  /** Whether the user may see this record at all; one they may not read "does not exist" (404). */
  canReadRecord(userId: string, object: ObjectDef, id: string): boolean {
    const access = this.forUser(userId);
    return access.canReadObject(object) && access.canAccessRecord(object, id, 'read');
  }
}
