/**
 * The one seam where the UI API asks whether a user may read or write an object's records, so that
 * it honours the same access rules as the REST API. The local org's REST API does not restrict a
 * session's user today; when it does, these checks call the same rules and the UI API follows.
 */
import { ObjectDef } from '../schema/types';

export class UiApiAccess {
  /** Throws when the user may not query the object (GraphQL record queries). */
  checkQuery(_userId: string, _object: ObjectDef): void {}

  /** Throws when the user may not read this record (UI API record reads). */
  checkRead(_userId: string, _object: ObjectDef, _id: string): void {}
}
