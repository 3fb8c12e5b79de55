/**
 * `lightning/uiObjectInfoApi` over the local org's object-info resources. Object metadata does not
 * change under a running app, so these wires read once and answers are shared between components.
 */
import { apiRequest } from './uiApi';
import { LiveWire } from './liveWire';

type ObjectRef = string | { objectApiName: string };
type FieldRef = string | { objectApiName: string; fieldApiName: string };

const objectName = (ref: ObjectRef) => (typeof ref === 'string' ? ref : ref.objectApiName);

const cache = new Map<string, Promise<unknown>>();
function cachedGet(path: string): Promise<unknown> {
  let pending = cache.get(path);
  if (!pending) {
    pending = apiRequest('GET', path);
    // A failure is not cached: the next wire asks again.
    pending.catch(() => cache.delete(path));
    cache.set(path, pending);
  }
  return pending;
}

abstract class MetadataWire<Config extends object> extends LiveWire<Config> {
  protected override get live(): boolean {
    return false;
  }
  protected toResult(data: unknown, error: unknown): unknown {
    return error ? { data: undefined, error } : { data, error: undefined };
  }
}

export class getObjectInfo extends MetadataWire<{ objectApiName?: ObjectRef }> {
  protected load(config: { objectApiName?: ObjectRef }) {
    return cachedGet(`/ui-api/object-info/${objectName(config.objectApiName ?? '')}`);
  }
}

export class getObjectInfos extends MetadataWire<{ objectApiNames?: ObjectRef[] }> {
  protected override ready(config: { objectApiNames?: ObjectRef[] }): boolean {
    return Array.isArray(config.objectApiNames) && config.objectApiNames.length > 0;
  }
  protected load(config: { objectApiNames?: ObjectRef[] }) {
    const names = (config.objectApiNames ?? []).map(objectName);
    return cachedGet(`/ui-api/object-info/batch/${names.join(',')}`);
  }
}

export class getPicklistValues extends MetadataWire<{ recordTypeId?: string; fieldApiName?: FieldRef }> {
  protected load(config: { recordTypeId?: string; fieldApiName?: FieldRef }) {
    const field = config.fieldApiName ?? '';
    const [object, name] =
      typeof field === 'string' ? field.split('.') : [field.objectApiName, field.fieldApiName];
    return cachedGet(`/ui-api/object-info/${object}/picklist-values/${config.recordTypeId}/${name}`);
  }
}

export class getPicklistValuesByRecordType extends MetadataWire<{
  objectApiName?: ObjectRef;
  recordTypeId?: string;
}> {
  protected load(config: { objectApiName?: ObjectRef; recordTypeId?: string }) {
    return cachedGet(
      `/ui-api/object-info/${objectName(config.objectApiName ?? '')}/picklist-values/${config.recordTypeId}`
    );
  }
}
