/**
 * `POST /services/data/vXX.X/graphql`: parses and validates with graphql-js against the schema
 * generated from the org's catalogue, then runs each record query as one SOQL query (parents joined,
 * children as a subquery) through the org's query engine. Answers 200 with `{ data, errors }` as the
 * GraphQL API does; errors carry `message`, `locations`, `paths` and `extensions.ErrorType`
 * (`InvalidSyntax`, `ValidationError`, `DataFetchingException`).
 */
import {
  DocumentNode,
  ExecutionResult,
  executeSync,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLResolveInfo,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  validate,
  visit,
  ASTNode
} from 'graphql';
import { SalesforceError } from '../errors';
import { Rollback } from '../http/api-common';
import type { OrgState } from '../org-state';
import { ObjectDef } from '../schema/types';
import type { QueryResult } from '../soql/engine';
import type { ApiRequest, ApiResponse } from '../http/types';
import {
  ConnectionArgs,
  ConnectionResult,
  decodeCursor,
  generateSchema,
  GraphQLRuntime,
  RestRecord
} from './graphql-schema';
import { argumentAsWritten, QueryArgumentError, SoqlTranslator, subFields } from './graphql-soql';
import { UiApiAccess } from './access';

/** Records a query reaches by paging without `upperBound` (the GraphQL API's record-connection limit). */
export const CONNECTION_RECORD_LIMIT = 4000;
const DEFAULT_FIRST = 10;
const MAX_FIRST = 2000;
/** The engine reads at most this many rows per statement. */
const MAX_ROWS_PER_READ = 2000;
const MAX_PARENT_DEPTH = 5;

type ErrorType = 'InvalidSyntax' | 'ValidationError' | 'DataFetchingException';

export interface GraphQLErrorRepresentation {
  message: string;
  locations: { line: number; column: number }[];
  paths: (string | number)[];
  extensions: { ErrorType: ErrorType };
}

const schemas = new WeakMap<object, GraphQLSchema>();

/** The org's generated schema (built once per catalogue). */
export function graphQLSchemaOf(org: OrgState): GraphQLSchema {
  let schema = schemas.get(org.schema);
  if (!schema) {
    schema = generateSchema(org.schema);
    schemas.set(org.schema, schema);
  }
  return schema;
}

export class GraphQLApi {
  private readonly translator: SoqlTranslator;

  constructor(
    private readonly org: OrgState,
    private readonly access: UiApiAccess
  ) {
    this.translator = new SoqlTranslator(org.schema);
  }

  handle(req: ApiRequest): ApiResponse {
    if (req.method !== 'POST') {
      throw new SalesforceError(
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are POST`,
        [],
        405
      );
    }
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof body !== 'object' || typeof body.query !== 'string' || body.query.trim() === '') {
      return answer(null, [
        representation(
          'Invalid Syntax : the request body must be a JSON object with a "query" string',
          'InvalidSyntax'
        )
      ]);
    }
    const variables =
      body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return answer(null, [
        representation(
          `Invalid Syntax : ${(error as GraphQLError).message}`,
          'InvalidSyntax',
          error as GraphQLError
        )
      ]);
    }
    const schema = graphQLSchemaOf(this.org);
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      return answer(
        null,
        invalid.map((error) => validationError(error, document))
      );
    }
    const runtime = new QueryRuntime(
      this.org,
      this.translator,
      this.access,
      req.userId,
      req.version,
      variables
    );
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const run = () =>
      executeSync({ schema, document, variableValues: variables, operationName, contextValue: runtime });
    const allOrNone = mutationAllOrNone(document, operationName, variables);
    const result = allOrNone === null ? run() : this.runMutations(run, allOrNone);
    const errors = (result.errors ?? []).map((error) =>
      error.path
        ? representation(error.message, 'DataFetchingException', error)
        : representation(error.message, 'ValidationError', error)
    );
    return answer(result.data ?? null, errors);
  }

  /**
   * Runs a mutation request in one transaction. With allOrNone (the default) any failure rolls every
   * write back and every mutation answers null; without it, each mutation stands on its own.
   */
  private runMutations(run: () => ExecutionResult, allOrNone: boolean): ExecutionResult {
    let result: ExecutionResult = { data: null };
    try {
      this.org.store.transaction(() => {
        result = run();
        if (allOrNone && result.errors?.length) throw new Rollback();
      });
      return result;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      const uiapi = (result.data?.uiapi ?? null) as Record<string, unknown> | null;
      const cleared = uiapi ? Object.fromEntries(Object.keys(uiapi).map((key) => [key, null])) : null;
      return { ...result, data: result.data ? { ...result.data, uiapi: cleared } : null };
    }
  }
}

/** `allOrNone` of the operation when it is a mutation (default true), or null for a query. */
function mutationAllOrNone(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>
): boolean | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || operation.operation !== 'mutation') return null;
  const uiapi = operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'uiapi'
  );
  const input = uiapi
    ? (argumentAsWritten(uiapi, 'input', variables) as { allOrNone?: boolean } | undefined)
    : undefined;
  return input?.allOrNone ?? true;
}

function answer(data: unknown, errors: GraphQLErrorRepresentation[]): ApiResponse {
  return { status: 200, body: { data, errors } };
}

function representation(
  message: string,
  type: ErrorType,
  error?: GraphQLError,
  paths?: (string | number)[]
): GraphQLErrorRepresentation {
  return {
    message,
    locations: (error?.locations ?? []).map(({ line, column }) => ({ line, column })),
    paths: paths ?? [...(error?.path ?? [])],
    extensions: { ErrorType: type }
  };
}

/** Validation classifications in the words of the GraphQL API (graphql-java's), from graphql-js messages. */
const CLASSIFICATIONS: [RegExp, string, ((m: RegExpExecArray) => string)?][] = [
  [
    /^Cannot query field "(.+?)" on type "(.+?)"/,
    'FieldUndefined',
    (m) => `Field '${m[1]}' in type '${m[2]}' is undefined`
  ],
  [/^Unknown argument "(.+?)"/, 'UnknownArgument'],
  [/must have a selection of subfields/, 'SubselectionRequired'],
  [/must not have a selection since type/, 'SubselectionNotAllowed'],
  [/^Variable "\$(.+?)" is not defined/, 'UndefinedVariable'],
  [/^Variable "\$(.+?)" is never used/, 'UnusedVariable'],
  [/^Variable "\$(.+?)" of type/, 'VariableTypeMismatch'],
  [/^Unknown type "(.+?)"/, 'UnknownType'],
  [/^Unknown fragment/, 'UndefinedFragment'],
  [/is not defined by type|Expected value of type|cannot represent/, 'WrongType']
];

function validationError(error: GraphQLError, document: DocumentNode): GraphQLErrorRepresentation {
  const paths = error.nodes?.[0] ? pathTo(document, error.nodes[0]) : [];
  let classification = 'ValidationError';
  let message = error.message;
  for (const [pattern, name, reword] of CLASSIFICATIONS) {
    const match = pattern.exec(error.message);
    if (match) {
      classification = name;
      if (reword) message = reword(match);
      break;
    }
  }
  return representation(
    `Validation error (${classification}@[${paths.join('/')}]) : ${message}`,
    'ValidationError',
    error,
    paths
  );
}

/** The field path (`uiapi/query/Account/edges/node/Nam`) of the field holding an AST node. */
function pathTo(document: DocumentNode, target: ASTNode): string[] {
  const stack: string[] = [];
  let found: string[] | null = null;
  visit(document, {
    enter(node) {
      if (found) return false;
      if (node.kind === Kind.FIELD) stack.push(node.name.value);
      if (node === target) {
        found = [...stack];
        return false;
      }
      return undefined;
    },
    leave(node) {
      if (node.kind === Kind.FIELD) stack.pop();
    }
  });
  return found ?? [];
}

/** Paging of one connection: where it starts, how many it returns and where the reachable window ends. */
interface Paging {
  offset: number;
  take: number;
  first: number;
}

/** Runs the record queries of one GraphQL request; the resolvers' context value. */
class QueryRuntime implements GraphQLRuntime {
  readonly timeZone: string;
  /** Paging of the child connections selected, by `<ParentObject>.<relationship>`. */
  private readonly childPaging = new Map<string, Paging>();

  constructor(
    private readonly org: OrgState,
    private readonly translator: SoqlTranslator,
    private readonly access: UiApiAccess,
    private readonly userId: string,
    private readonly version: string,
    private readonly variables: Record<string, unknown>
  ) {
    this.timeZone = org.userTimeZone(userId);
  }

  connection(object: ObjectDef, args: ConnectionArgs, info: GraphQLResolveInfo): ConnectionResult {
    const paging = this.paging(args, info.fieldNodes[0].name.value);
    const node = info.fieldNodes;
    const fragments = info.fragments;
    const nodeFields = selectedNodeFields(node, fragments);
    const select = new Set<string>();
    const subqueries: string[] = [];
    this.selectFields(object, nodeFields, '', select, subqueries, fragments, 0);
    const where = this.translator.where(object, args.where);
    const orderBy = this.translator.orderBy(object, argumentAsWritten(node[0], 'orderBy', this.variables));
    const conditions = `${where ? ` WHERE ${where}` : ''}`;
    const soql =
      `SELECT ${[...select, ...subqueries].join(', ')} FROM ${object.name}${conditions}` +
      (orderBy.length ? ` ORDER BY ${orderBy.join(', ')}` : '');
    const extra = paging.take < MAX_ROWS_PER_READ ? 1 : 0;
    const rows = paging.take > 0 ? this.read(soql, paging.offset, paging.take + extra).records : [];
    let total: number | null = null;
    const totalCount = (): number => {
      if (total === null) total = this.count(`SELECT COUNT() FROM ${object.name}${conditions}`);
      return total;
    };
    const windowEnd = paging.offset + paging.take;
    const reachable = (args.upperBound ?? CONNECTION_RECORD_LIMIT) > windowEnd;
    // One row past the page tells whether there is more; a full 2,000-row page asks for the count.
    const more = extra && paging.take > 0 ? rows.length > paging.take : totalCount() > windowEnd;
    return {
      records: rows.slice(0, paging.take) as RestRecord[],
      offset: paging.offset,
      hasNextPage: more && reachable,
      totalCount
    };
  }

  childConnection(parent: RestRecord, key: string): ConnectionResult {
    const children = ((parent[key] as QueryResult | null)?.records ?? []) as RestRecord[];
    const paging = this.childPaging.get(`${parent.attributes?.type}.${key}`) ?? {
      offset: 0,
      take: DEFAULT_FIRST,
      first: DEFAULT_FIRST
    };
    return {
      records: children.slice(paging.offset, paging.offset + paging.take),
      offset: paging.offset,
      hasNextPage: children.length > paging.offset + paging.take,
      totalCount: () => children.length
    };
  }

  /** Ids created (or deleted) by earlier mutations of this request, by response key, for `@{Alias}`. */
  private readonly mutated = new Map<string, string>();

  create(
    object: ObjectDef,
    fields: Record<string, unknown>,
    info: GraphQLResolveInfo
  ): { Record: RestRecord } {
    const id = this.org.store.create(object.name, this.withReferences(object, fields), {
      userId: this.userId
    });
    this.mutated.set(String(info.path.key), id);
    return { Record: this.payloadRecord(object, id, info) };
  }

  update(
    object: ObjectDef,
    idOrRef: string,
    fields: Record<string, unknown>,
    info: GraphQLResolveInfo
  ): { Record: RestRecord } {
    const id = this.reference(idOrRef);
    this.org.store.update(object.name, id, this.withReferences(object, fields), { userId: this.userId });
    return { Record: this.payloadRecord(object, id, info) };
  }

  delete(object: ObjectDef, idOrRef: string, info: GraphQLResolveInfo): { Id: string } {
    const id = this.reference(idOrRef);
    this.org.store.delete(object.name, id, { userId: this.userId });
    this.mutated.set(String(info.path.key), id);
    return { Id: id };
  }

  /** An id, or `@{Alias}`: the id of an earlier Create or Delete of this request. */
  private reference(value: string): string {
    const match = /^@\{(\w+)\}$/.exec(value);
    if (!match) return value;
    const id = this.mutated.get(match[1]);
    if (!id) throw new QueryArgumentError(`@{${match[1]}} names no earlier Create or Delete of this request`);
    return id;
  }

  private withReferences(object: ObjectDef, fields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(fields).map(([name, value]) => {
        const field = object.fieldsByLowerName.get(name.toLowerCase());
        return [
          name,
          field?.type === 'reference' && typeof value === 'string' ? this.reference(value) : value
        ];
      })
    );
  }

  currentUser(info: GraphQLResolveInfo): RestRecord {
    return this.recordWith(
      this.org.schema.find('User') as ObjectDef,
      this.userId,
      [...info.fieldNodes],
      info
    );
  }

  /** The written record with the fields selected under the payload's `Record`. */
  private payloadRecord(object: ObjectDef, id: string, info: GraphQLResolveInfo): RestRecord {
    const recordNodes = subFields([...info.fieldNodes], info.fragments).get('Record') ?? [];
    return this.recordWith(object, id, recordNodes, info);
  }

  /** One record by id with the fields selected by `nodes`. */
  private recordWith(
    object: ObjectDef,
    id: string,
    nodes: FieldNode[],
    info: GraphQLResolveInfo
  ): RestRecord {
    const select = new Set<string>();
    this.selectFields(object, subFields(nodes, info.fragments), '', select, [], info.fragments, 1);
    const soql = `SELECT ${[...select].join(', ')} FROM ${object.name} WHERE Id = '${id}'`;
    return this.read(soql, 0, 1).records[0] as RestRecord;
  }

  /** Checks `first`, `after` and `upperBound` as the GraphQL API does. */
  private paging(args: ConnectionArgs, fieldName: string): Paging {
    const first = args.first ?? DEFAULT_FIRST;
    if (args.upperBound !== null && args.upperBound !== undefined) {
      if (args.upperBound < 1) throw new QueryArgumentError(`${fieldName}: upperBound must be at least 1`);
      if (first < 200 || first > MAX_FIRST) {
        throw new QueryArgumentError(
          `${fieldName}: first must be between 200 and 2000 when upperBound is set, not ${first}`
        );
      }
    } else if (first < 0 || first > MAX_FIRST) {
      throw new QueryArgumentError(`${fieldName}: first must be between 0 and 2000, not ${first}`);
    }
    let offset = 0;
    if (args.after) {
      const index = decodeCursor(args.after);
      if (index === null)
        throw new QueryArgumentError(`${fieldName}: after is not a cursor of this query: ${args.after}`);
      offset = index + 1;
    }
    const limit = args.upperBound ?? CONNECTION_RECORD_LIMIT;
    return { offset, first, take: Math.max(0, Math.min(first, limit - offset)) };
  }

  /**
   * Adds the SOQL columns a node selection needs: its fields, parent relationships (joined, up to five
   * levels) and, on the top-level records only, child relationships as subqueries.
   */
  private selectFields(
    object: ObjectDef,
    fields: Map<string, FieldNode[]>,
    prefix: string,
    select: Set<string>,
    subqueries: string[],
    fragments: Record<string, FragmentDefinitionNode>,
    depth: number
  ): void {
    select.add(`${prefix}Id`);
    for (const [name, nodes] of fields) {
      if (name === 'Id' || name === 'ApiName' || name.startsWith('__')) continue;
      if (name === 'WeakEtag') {
        select.add(`${prefix}SystemModstamp`);
        continue;
      }
      if (name === 'DisplayValue') {
        const nameField =
          object.fields.find((f) => f.nameField) ?? object.fields.find((f) => f.name === 'Name');
        if (nameField) select.add(`${prefix}${nameField.name}`);
        continue;
      }
      const field = object.fieldsByLowerName.get(name.toLowerCase());
      if (field && field.name === name) {
        select.add(`${prefix}${field.name}`);
        continue;
      }
      const reference = object.parentRelationships.get(name.toLowerCase());
      const parent = reference ? this.org.schema.find(reference.referenceTo[0]) : undefined;
      if (reference && parent) {
        if (depth + 1 > MAX_PARENT_DEPTH) {
          throw new QueryArgumentError(
            `${name}: parent relationships reach at most ${MAX_PARENT_DEPTH} levels`
          );
        }
        this.selectFields(
          parent,
          subFields(nodes, fragments),
          `${prefix}${name}.`,
          select,
          subqueries,
          fragments,
          depth + 1
        );
        continue;
      }
      const child = object.childRelationships.find((c) => c.relationshipName === name);
      const childObject = child ? this.org.schema.find(child.childSObject) : undefined;
      if (child && childObject) {
        if (prefix) {
          throw new QueryArgumentError(
            `${name}: child relationships can be selected on the records of a query, not inside a relationship`
          );
        }
        subqueries.push(this.childSubquery(object, childObject, name, nodes, fragments));
      }
    }
  }

  private childSubquery(
    parent: ObjectDef,
    child: ObjectDef,
    relationship: string,
    nodes: FieldNode[],
    fragments: Record<string, FragmentDefinitionNode>
  ): string {
    const args = {
      first: argumentAsWritten(nodes[0], 'first', this.variables) as number | undefined,
      after: argumentAsWritten(nodes[0], 'after', this.variables) as string | undefined,
      upperBound: argumentAsWritten(nodes[0], 'upperBound', this.variables) as number | undefined,
      where: argumentAsWritten(nodes[0], 'where', this.variables) as Record<string, unknown> | undefined
    };
    this.childPaging.set(`${parent.name}.${relationship}`, this.paging(args, relationship));
    const select = new Set<string>();
    const nested: string[] = [];
    this.selectFields(child, selectedNodeFields(nodes, fragments), '', select, nested, fragments, 1);
    const where = this.translator.where(child, args.where);
    const orderBy = this.translator.orderBy(child, argumentAsWritten(nodes[0], 'orderBy', this.variables));
    return (
      `(SELECT ${[...select].join(', ')} FROM ${relationship}` +
      (where ? ` WHERE ${where}` : '') +
      (orderBy.length ? ` ORDER BY ${orderBy.join(', ')}` : '') +
      ')'
    );
  }

  /** One page of rows as the session user sees them (the same access as a REST query). */
  private read(soql: string, offset: number, limit: number): QueryResult {
    const engine = this.org.engine;
    const access = this.access.forUser(this.userId);
    const compiled = engine.compile(engine.parse(soql), soql, false, this.timeZone, access);
    return engine.execute({ ...compiled, offset, limit }, limit, this.version);
  }

  private count(soql: string): number {
    const access = this.access.forUser(this.userId);
    return this.org.engine.query(soql, { version: this.version, timeZone: this.timeZone, access }).totalSize;
  }
}

/** The fields selected under `edges { node { … } }` of a connection field. */
function selectedNodeFields(
  connection: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>
): Map<string, FieldNode[]> {
  const edges = subFields([...connection], fragments).get('edges') ?? [];
  const nodes = subFields(edges, fragments).get('node') ?? [];
  return subFields(nodes, fragments);
}
