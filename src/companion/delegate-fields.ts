/**
 * `Delegate_Field__c` is configuration an admin types, and it is read into SOQL (`SELECT …,
 * <field> FROM Lead`). Before a value is used it must be what it claims to be: a field path on the
 * sequence's target object that ends in a lookup to User, checked against the org's describe. A
 * value that is not is never put into a query; the actions that use it are refused with the reason
 * (`NOT_ACTIONABLE`, `Reason_Detail__c`), and every other sequence carries on.
 */
import type { SalesforceApi } from './api';

interface DescribeField {
  name: string;
  type: string;
  referenceTo?: string[];
  relationshipName?: string | null;
}

/** A field name, or a path of up to five relationship names and a field: `Account.Owner__c`. */
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]{0,79}(\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}$/;

/** Describes fetched once per API client (admins rarely change fields while the companion runs). */
const describes = new WeakMap<SalesforceApi, Map<string, Promise<DescribeField[] | null>>>();

function fieldsOf(api: SalesforceApi, objectName: string): Promise<DescribeField[] | null> {
  let cache = describes.get(api);
  if (!cache) {
    cache = new Map();
    describes.set(api, cache);
  }
  let fields = cache.get(objectName);
  if (!fields) {
    fields = api
      .request<{ fields: DescribeField[] }>({ method: 'GET', url: `/sobjects/${objectName}/describe` })
      .then((d) => d.fields)
      .catch(() => null);
    cache.set(objectName, fields);
  }
  return fields;
}

/**
 * Why a delegate field cannot be used on `objectName`, or null when it is a User lookup there.
 *
 * @example
 * await delegateFieldProblem(api, 'Lead', 'SDR__c')            //=> null
 * await delegateFieldProblem(api, 'Lead', "Id FROM User --")   //=> 'Delegate field "Id FROM User --" is not a field name or path'
 */
export async function delegateFieldProblem(
  api: SalesforceApi,
  objectName: string,
  path: string
): Promise<string | null> {
  const shown = JSON.stringify(path);
  if (!FIELD_PATH.test(path)) return `Delegate field ${shown} is not a field name or path`;
  const segments = path.split('.');
  let current = objectName;
  for (const [index, segment] of segments.entries()) {
    const fields = await fieldsOf(api, current);
    if (!fields) return `Delegate field ${shown}: ${current} cannot be described`;
    const last = index === segments.length - 1;
    const field = fields.find((f) =>
      last
        ? f.name.toLowerCase() === segment.toLowerCase()
        : (f.relationshipName ?? '').toLowerCase() === segment.toLowerCase()
    );
    if (!field) {
      return `Delegate field ${shown}: ${current} has no ${last ? 'field' : 'relationship'} named ${segment}`;
    }
    if (field.type !== 'reference' || !field.referenceTo?.length) {
      return `Delegate field ${shown}: ${current}.${field.name} is not a lookup`;
    }
    if (last && !field.referenceTo.includes('User')) {
      return `Delegate field ${shown}: ${current}.${field.name} looks up ${field.referenceTo.join(', ')}, not User`;
    }
    current = field.referenceTo[0];
  }
  return null;
}

/**
 * Checks every distinct delegate field once; returns the unusable ones with their reasons.
 *
 * @example
 * await unusableDelegateFields(api, 'Lead', ['SDR__c', 'Company']) //=> Map { 'Company' => 'Delegate field "Company": Lead.Company is not a lookup' }
 */
export async function unusableDelegateFields(
  api: SalesforceApi,
  objectName: string,
  fields: Array<string | null | undefined>
): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  for (const field of new Set(fields.filter((f): f is string => typeof f === 'string' && f.trim() !== ''))) {
    const problem = await delegateFieldProblem(api, objectName, field.trim());
    if (problem) problems.set(field, problem);
  }
  return problems;
}
