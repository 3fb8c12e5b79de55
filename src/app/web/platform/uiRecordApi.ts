/**
 * `lightning/uiRecordApi` over the local org's UI API records resource
 * (/services/data/vXX.X/ui-api/records). Writes re-read every live wire afterwards, which is how
 * LDS keeps the other components on the page current.
 */
import { apiRequest } from './uiApi';
import { LiveWire, refreshAll } from './liveWire';

type FieldRef = string | { objectApiName: string; fieldApiName: string };

interface RecordRepresentation {
  id: string;
  apiName: string;
  fields: Record<string, { value: unknown; displayValue: string | null }>;
}

export function fieldPath(field: FieldRef): string {
  return typeof field === 'string' ? field : `${field.objectApiName}.${field.fieldApiName}`;
}

const list = (fields: FieldRef | FieldRef[] | undefined): string[] =>
  fields === undefined ? [] : (Array.isArray(fields) ? fields : [fields]).map(fieldPath);

interface GetRecordConfig {
  recordId?: string;
  fields?: FieldRef | FieldRef[];
  optionalFields?: FieldRef | FieldRef[];
  layoutTypes?: string[];
  modes?: string[];
}

export class getRecord extends LiveWire<GetRecordConfig> {
  protected override ready(config: GetRecordConfig): boolean {
    return (
      typeof config.recordId === 'string' &&
      config.recordId !== '' &&
      (config.fields !== undefined || config.optionalFields !== undefined || config.layoutTypes !== undefined)
    );
  }

  protected load(config: GetRecordConfig): Promise<unknown> {
    const query = new URLSearchParams();
    const fields = list(config.fields);
    const optional = list(config.optionalFields);
    if (fields.length) query.set('fields', fields.join(','));
    if (optional.length) query.set('optionalFields', optional.join(','));
    if (config.layoutTypes?.length) query.set('layoutTypes', config.layoutTypes.join(','));
    return apiRequest('GET', `/ui-api/records/${encodeURIComponent(config.recordId ?? '')}?${query}`);
  }

  protected toResult(data: unknown, error: unknown): unknown {
    return error ? { data: undefined, error } : { data, error: undefined };
  }
}

interface GetRecordsConfig {
  records?: Array<{ recordIds: string[]; fields?: FieldRef[]; optionalFields?: FieldRef[] }>;
}

/** Records per batch request (the ids go in the URL). */
const BATCH_SIZE = 100;

/** `getRecords`: several records at once, through `/ui-api/records/batch/{ids}`; `{ results }` in request order. */
export class getRecords extends LiveWire<GetRecordsConfig> {
  protected override ready(config: GetRecordsConfig): boolean {
    return Array.isArray(config.records) && config.records.some((group) => group.recordIds?.length > 0);
  }

  protected async load(config: GetRecordsConfig): Promise<unknown> {
    const requests: Array<Promise<{ results: unknown[] }>> = [];
    for (const group of config.records ?? []) {
      const query = new URLSearchParams();
      const fields = list(group.fields);
      const optional = list(group.optionalFields);
      if (fields.length) query.set('fields', fields.join(','));
      if (optional.length) query.set('optionalFields', optional.join(','));
      for (let i = 0; i < group.recordIds.length; i += BATCH_SIZE) {
        const ids = group.recordIds
          .slice(i, i + BATCH_SIZE)
          .map(encodeURIComponent)
          .join(',');
        requests.push(apiRequest('GET', `/ui-api/records/batch/${ids}?${query}`));
      }
    }
    const answers = await Promise.all(requests);
    return { results: answers.flatMap((answer) => answer.results ?? []) };
  }

  protected toResult(data: unknown, error: unknown): unknown {
    return error ? { data: undefined, error } : { data, error: undefined };
  }
}

export async function createRecord(recordInput: { apiName: string; fields: Record<string, unknown> }) {
  const record = await apiRequest<RecordRepresentation>('POST', '/ui-api/records', {
    apiName: recordInput.apiName,
    fields: recordInput.fields
  });
  await refreshAll();
  return record;
}

export async function updateRecord(recordInput: { fields: Record<string, unknown> }) {
  const { Id: id, ...fields } = recordInput.fields;
  if (typeof id !== 'string' || !id) throw new Error('updateRecord needs fields.Id');
  const record = await apiRequest<RecordRepresentation>(
    'PATCH',
    `/ui-api/records/${encodeURIComponent(id)}`,
    { fields }
  );
  await refreshAll();
  return record;
}

export async function deleteRecord(recordId: string): Promise<void> {
  await apiRequest('DELETE', `/ui-api/records/${encodeURIComponent(recordId)}`);
  await refreshAll();
}

/** Tells LDS records changed outside it: re-read what is on the page. */
export function notifyRecordUpdateAvailable(_items: Array<{ recordId: string }>): Promise<void> {
  return refreshAll();
}

/** The older name of notifyRecordUpdateAvailable. */
export function getRecordNotifyChange(items: Array<{ recordId: string }>): void {
  void refreshAll();
  void items;
}

function fieldEntry(record: unknown, field: FieldRef) {
  const rep = record as RecordRepresentation | undefined;
  if (!rep?.fields) return undefined;
  const path = fieldPath(field).split('.').slice(1);
  let current: RecordRepresentation | undefined = rep;
  for (let i = 0; i < path.length - 1; i += 1) {
    current = current?.fields?.[path[i]]?.value as RecordRepresentation | undefined;
  }
  return current?.fields?.[path[path.length - 1]];
}

export function getFieldValue(record: unknown, field: FieldRef): unknown {
  return fieldEntry(record, field)?.value;
}

export function getFieldDisplayValue(record: unknown, field: FieldRef): unknown {
  return fieldEntry(record, field)?.displayValue;
}
