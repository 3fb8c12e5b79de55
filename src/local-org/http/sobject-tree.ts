/**
 * sObject Tree (`POST /composite/tree/{sObject}`): one request creates up to 200 records of nested
 * parent → child trees, all or nothing, each named by its `attributes.referenceId`. This is what
 * `sf data import tree` sends.
 */
import { SalesforceError } from '../errors';
import { ObjectDef } from '../schema/types';
import { asObject, Rollback } from './api-common';
import type { ResourceContext } from './resources';
import type { RouteTable } from './routes';
import type { ApiRequest, ApiResponse } from './types';

const TREE_LIMIT = 200;

type TreeRecord = Record<string, unknown> & { attributes?: { type?: string; referenceId?: string } };

interface TreeFailure {
  referenceId: string;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

function countRecords(records: TreeRecord[], object: ObjectDef, ctx: ResourceContext): number {
  let count = 0;
  for (const record of records) {
    count++;
    for (const [key, value] of Object.entries(record)) {
      const relationship = object.childRelationships.find(
        (r) => r.relationshipName?.toLowerCase() === key.toLowerCase()
      );
      if (!relationship) continue;
      const children = (value as { records?: TreeRecord[] })?.records ?? [];
      count += countRecords(children, ctx.org.store.object(relationship.childSObject), ctx);
    }
  }
  return count;
}

function tree(req: ApiRequest, objectName: string, ctx: ResourceContext): ApiResponse {
  const object = ctx.org.schema.find(objectName);
  if (!object) throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', [], 404);
  const records = asObject(req.body, 'The request body').records;
  if (!Array.isArray(records) || records.length === 0) {
    throw new SalesforceError('JSON_PARSER_ERROR', 'records must be a non-empty array of records');
  }
  if (countRecords(records as TreeRecord[], object, ctx) > TREE_LIMIT) {
    throw new SalesforceError(
      'LIMIT_EXCEEDED',
      `An sObject tree request can create at most ${TREE_LIMIT} records`
    );
  }
  const results: { referenceId: string; id: string }[] = [];
  const seen = new Set<string>();
  let failure: TreeFailure | null = null;

  const insert = (
    record: TreeRecord,
    target: ObjectDef,
    parentField: string | null,
    parentId: string | null
  ): void => {
    const referenceId = record.attributes?.referenceId;
    try {
      if (!referenceId)
        throw new SalesforceError('INVALID_INPUT', 'Every record needs attributes.referenceId');
      if (seen.has(referenceId))
        throw new SalesforceError('INVALID_INPUT', `Duplicate referenceId ${referenceId}`);
      seen.add(referenceId);
      const type = record.attributes?.type;
      if (!type || ctx.org.schema.find(type)?.name !== target.name) {
        throw new SalesforceError('INVALID_TYPE', `The record's attributes.type must be ${target.name}`);
      }
      const fields: Record<string, unknown> = {};
      const childSets: [string, TreeRecord[]][] = [];
      for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        const relationship = target.childRelationships.find(
          (r) => r.relationshipName?.toLowerCase() === key.toLowerCase()
        );
        if (relationship && value && typeof value === 'object' && !Array.isArray(value)) {
          childSets.push([key, ((value as { records?: TreeRecord[] }).records ?? []) as TreeRecord[]]);
        } else {
          fields[key] = value;
        }
      }
      if (parentField && parentId) fields[parentField] = parentId;
      const id = ctx.org.store.create(target.name, fields, { userId: req.userId });
      results.push({ referenceId, id });
      for (const [key, children] of childSets) {
        const relationship = target.childRelationships.find(
          (r) => r.relationshipName?.toLowerCase() === key.toLowerCase()
        );
        if (!relationship) continue;
        const childObject = ctx.org.store.object(relationship.childSObject);
        for (const child of children) insert(child, childObject, relationship.field, id);
      }
    } catch (error) {
      if (!(error instanceof SalesforceError) || failure) throw error;
      failure = { referenceId: referenceId ?? '', errors: [error.toCollectionError()] };
      throw new Rollback();
    }
  };

  try {
    ctx.org.store.transaction(() => {
      for (const record of records as TreeRecord[]) insert(record, object, null, null);
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    return { status: 400, body: { hasErrors: true, results: [failure] } };
  }
  return { status: 201, body: { hasErrors: false, results } };
}

export function registerSObjectTree(routes: RouteTable, ctx: ResourceContext): void {
  routes.add('POST', '/composite/tree/:object', (req, p) => tree(req, p.object, ctx));
}
