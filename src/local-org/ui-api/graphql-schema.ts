/**
 * The GraphQL API's schema, generated with graphql-js from the org's object catalogue (the same
 * Schema that describe and SOQL use), in the shapes of Salesforce's `uiapi` schema:
 *
 *   query { uiapi { query { Obj(where, orderBy, first, after, upperBound) { edges { node { … } } … } } } }
 *
 * Every object becomes a `Record` type whose fields are `{ value displayValue }` wrappers
 * (`StringValue`, `PicklistValue`, `DateTimeValue` …), parent relationships are fields of the parent's
 * type and child relationships are connections. `Obj_Filter` and `Obj_OrderBy` inputs carry one entry
 * per filterable/sortable field plus `and`/`or`/`not` and parent relationships.
 *
 * Resolvers only read: the connection resolver hands the whole selection to `GraphQLRuntime`, which
 * runs one SOQL query for it; the other resolvers pick values out of the REST-shaped records it returns.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFieldConfig,
  GraphQLFieldConfigMap,
  GraphQLID,
  GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  ValueNode
} from 'graphql';
import { Schema } from '../schema/registry';
import { FieldDef, FieldType, ObjectDef } from '../schema/types';
import { parseDateTime } from '../store/values';
import { displayValue, uiValue } from './field-values';

/** A REST-shaped record (`attributes`, fields, nested parents, child QueryResults). */
export type RestRecord = Record<string, unknown> & { attributes?: { type?: string } };

/** Connection arguments after graphql-js coerced them. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  upperBound?: number | null;
  where?: Record<string, unknown> | null;
  orderBy?: Record<string, unknown> | null;
}

/** A page of records, what a connection type resolves from. */
export interface ConnectionResult {
  records: RestRecord[];
  /** Index of the first record in the whole result (for cursors). */
  offset: number;
  hasNextPage: boolean;
  totalCount: () => number;
}

/** What the resolvers need from the request: runs queries and knows the user's time zone. */
export interface GraphQLRuntime {
  timeZone: string;
  connection(object: ObjectDef, args: ConnectionArgs, info: GraphQLResolveInfo): ConnectionResult;
  childConnection(parent: RestRecord, key: string): ConnectionResult;
  /** Mutations: each returns the record as its payload's `Record` (or the deleted Id). */
  create(
    object: ObjectDef,
    fields: Record<string, unknown>,
    info: GraphQLResolveInfo
  ): { Record: RestRecord };
  update(
    object: ObjectDef,
    id: string,
    fields: Record<string, unknown>,
    info: GraphQLResolveInfo
  ): { Record: RestRecord };
  delete(object: ObjectDef, id: string, info: GraphQLResolveInfo): { Id: string };
  /** The session's own User record with the fields selected under `currentUser`. */
  currentUser(info: GraphQLResolveInfo): RestRecord;
}

// ------------------------------------------------------------------------------------ scalars

function textScalar(name: string, check?: (text: string) => boolean): GraphQLScalarType {
  const accept = (value: unknown): string => {
    if (typeof value !== 'string' || (check && !check(value))) {
      throw new TypeError(`${name} cannot represent value: ${JSON.stringify(value)}`);
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: accept,
    parseLiteral: (node: ValueNode) => {
      if (node.kind !== Kind.STRING) throw new TypeError(`${name} cannot represent a non-string value`);
      return accept(node.value);
    }
  });
}

function numberScalar(name: string): GraphQLScalarType {
  const accept = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${name} cannot represent non-numeric value: ${JSON.stringify(value)}`);
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: accept,
    parseLiteral: (node: ValueNode) => {
      if (node.kind !== Kind.INT && node.kind !== Kind.FLOAT) {
        throw new TypeError(`${name} cannot represent non-numeric value`);
      }
      return Number(node.value);
    }
  });
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/;

const Scalars = {
  Date: textScalar('Date', (t) => DATE_RE.test(t) && !Number.isNaN(Date.parse(`${t}T00:00:00Z`))),
  DateTime: textScalar('DateTime', (t) => parseDateTime(t) !== null),
  Time: textScalar('Time', (t) => TIME_RE.test(t)),
  Picklist: textScalar('Picklist'),
  MultiPicklist: textScalar('MultiPicklist'),
  TextArea: textScalar('TextArea'),
  LongTextArea: textScalar('LongTextArea'),
  Email: textScalar('Email'),
  PhoneNumber: textScalar('PhoneNumber'),
  Url: textScalar('Url'),
  Double: numberScalar('Double'),
  Currency: numberScalar('Currency'),
  Percent: numberScalar('Percent'),
  Long: numberScalar('Long'),
  /** A record id, or `@{Alias}`: the id an earlier mutation of the same request created. */
  IdOrRef: textScalar('IdOrRef')
};

/** The value wrapper, operator input and scalar of each field type. */
interface TypeFamily {
  valueType: string;
  scalar: GraphQLScalarType;
  operators: string;
  sortable: boolean;
}

function family(field: FieldDef): TypeFamily {
  const long = field.length > 255;
  const families: Record<FieldType, TypeFamily> = {
    id: { valueType: 'IDValue', scalar: GraphQLID, operators: 'IDOperators', sortable: true },
    // Compound fields are left out of the schema (their components are there).
    address: { valueType: '', scalar: GraphQLString, operators: '', sortable: false },
    location: { valueType: '', scalar: GraphQLString, operators: '', sortable: false },
    reference: { valueType: 'IDValue', scalar: GraphQLID, operators: 'IDOperators', sortable: true },
    string: { valueType: 'StringValue', scalar: GraphQLString, operators: 'StringOperators', sortable: true },
    textarea: long
      ? { valueType: 'LongTextAreaValue', scalar: Scalars.LongTextArea, operators: '', sortable: false }
      : {
          valueType: 'TextAreaValue',
          scalar: Scalars.TextArea,
          operators: 'TextAreaOperators',
          sortable: true
        },
    email: { valueType: 'EmailValue', scalar: Scalars.Email, operators: 'EmailOperators', sortable: true },
    phone: {
      valueType: 'PhoneNumberValue',
      scalar: Scalars.PhoneNumber,
      operators: 'PhoneNumberOperators',
      sortable: true
    },
    url: { valueType: 'UrlValue', scalar: Scalars.Url, operators: 'UrlOperators', sortable: true },
    picklist: {
      valueType: 'PicklistValue',
      scalar: Scalars.Picklist,
      operators: 'PicklistOperators',
      sortable: true
    },
    multipicklist: {
      valueType: 'MultiPicklistValue',
      scalar: Scalars.MultiPicklist,
      operators: 'MultiPicklistOperators',
      sortable: false
    },
    boolean: {
      valueType: 'BooleanValue',
      scalar: GraphQLBoolean,
      operators: 'BooleanOperators',
      sortable: true
    },
    double: {
      valueType: 'DoubleValue',
      scalar: Scalars.Double,
      operators: 'DoubleOperators',
      sortable: true
    },
    int: { valueType: 'IntValue', scalar: GraphQLInt, operators: 'IntegerOperators', sortable: true },
    currency: {
      valueType: 'CurrencyValue',
      scalar: Scalars.Currency,
      operators: 'CurrencyOperators',
      sortable: true
    },
    percent: {
      valueType: 'PercentValue',
      scalar: Scalars.Percent,
      operators: 'PercentOperators',
      sortable: true
    },
    date: { valueType: 'DateValue', scalar: Scalars.Date, operators: 'DateOperators', sortable: true },
    datetime: {
      valueType: 'DateTimeValue',
      scalar: Scalars.DateTime,
      operators: 'DateTimeOperators',
      sortable: true
    },
    // SOQL has no time literals the engine reads: time fields are selectable and sortable only.
    time: { valueType: 'TimeValue', scalar: Scalars.Time, operators: '', sortable: true }
  };
  return families[field.type];
}

/** Relative date ranges (`range: { last_n_days: 3 }`) and their SOQL literal names. */
export const DATE_RANGE_LITERALS: Record<string, string> = Object.fromEntries(
  [
    'last_n_days',
    'next_n_days',
    'n_days_ago',
    'last_n_weeks',
    'next_n_weeks',
    'n_weeks_ago',
    'last_n_months',
    'next_n_months',
    'n_months_ago',
    'last_n_quarters',
    'next_n_quarters',
    'n_quarters_ago',
    'last_n_fiscal_quarters',
    'next_n_fiscal_quarters',
    'n_fiscal_quarters_ago',
    'last_n_years',
    'next_n_years',
    'n_years_ago',
    'last_n_fiscal_years',
    'next_n_fiscal_years',
    'n_fiscal_years_ago'
  ].map((name) => [name, name.toUpperCase()])
);

const DATE_LITERALS = [
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'LAST_QUARTER',
  'THIS_QUARTER',
  'NEXT_QUARTER',
  'LAST_FISCAL_QUARTER',
  'THIS_FISCAL_QUARTER',
  'NEXT_FISCAL_QUARTER',
  'LAST_YEAR',
  'THIS_YEAR',
  'NEXT_YEAR',
  'LAST_FISCAL_YEAR',
  'THIS_FISCAL_YEAR',
  'NEXT_FISCAL_YEAR'
];

// ------------------------------------------------------------------------- shared types

function valueTypes(): Map<string, GraphQLObjectType> {
  const types = new Map<string, GraphQLObjectType>();
  const specs: [string, GraphQLOutputType][] = [
    ['IDValue', GraphQLID],
    ['StringValue', GraphQLString],
    ['TextAreaValue', Scalars.TextArea],
    ['LongTextAreaValue', Scalars.LongTextArea],
    ['EmailValue', Scalars.Email],
    ['PhoneNumberValue', Scalars.PhoneNumber],
    ['UrlValue', Scalars.Url],
    ['PicklistValue', Scalars.Picklist],
    ['MultiPicklistValue', Scalars.MultiPicklist],
    ['BooleanValue', GraphQLBoolean],
    ['DoubleValue', Scalars.Double],
    ['IntValue', GraphQLInt],
    ['LongValue', Scalars.Long],
    ['CurrencyValue', Scalars.Currency],
    ['PercentValue', Scalars.Percent],
    ['DateValue', Scalars.Date],
    ['DateTimeValue', Scalars.DateTime],
    ['TimeValue', Scalars.Time]
  ];
  for (const [name, scalar] of specs) {
    types.set(
      name,
      new GraphQLObjectType<{ field: FieldDef; value: unknown }, GraphQLRuntime>({
        name,
        fields: {
          value: { type: scalar, resolve: (source) => source.value },
          displayValue: {
            type: GraphQLString,
            resolve: (source, _args, runtime) => displayValue(source.field, source.value, runtime.timeZone)
          }
        }
      })
    );
  }
  return types;
}

function operatorInputs(): Map<string, GraphQLInputObjectType> {
  const inputs = new Map<string, GraphQLInputObjectType>();
  const DateLiteral = new GraphQLEnumType({
    name: 'DateLiteral',
    values: Object.fromEntries(DATE_LITERALS.map((name) => [name, { value: name }]))
  });
  const rangeFields = (): GraphQLInputFieldConfigMap =>
    Object.fromEntries(Object.keys(DATE_RANGE_LITERALS).map((name) => [name, { type: GraphQLInt }]));
  const DateRange = new GraphQLInputObjectType({ name: 'DateRange', fields: rangeFields });
  const DateTimeRange = new GraphQLInputObjectType({ name: 'DateTimeRange', fields: rangeFields });
  const DateInput = new GraphQLInputObjectType({
    name: 'DateInput',
    fields: { value: { type: Scalars.Date }, literal: { type: DateLiteral }, range: { type: DateRange } }
  });
  const DateTimeInput = new GraphQLInputObjectType({
    name: 'DateTimeInput',
    fields: {
      value: { type: Scalars.DateTime },
      literal: { type: DateLiteral },
      range: { type: DateTimeRange }
    }
  });
  const comparable = (name: string, type: GraphQLInputType, extra: GraphQLInputFieldConfigMap = {}) =>
    inputs.set(
      name,
      new GraphQLInputObjectType({
        name,
        fields: {
          eq: { type },
          ne: { type },
          lt: { type },
          lte: { type },
          gt: { type },
          gte: { type },
          in: { type: new GraphQLList(type) },
          nin: { type: new GraphQLList(type) },
          ...extra
        }
      })
    );
  comparable('IDOperators', GraphQLID);
  comparable('StringOperators', GraphQLString, { like: { type: GraphQLString } });
  comparable('TextAreaOperators', Scalars.TextArea, { like: { type: Scalars.TextArea } });
  comparable('EmailOperators', Scalars.Email, { like: { type: Scalars.Email } });
  comparable('PhoneNumberOperators', Scalars.PhoneNumber, { like: { type: Scalars.PhoneNumber } });
  comparable('UrlOperators', Scalars.Url, { like: { type: Scalars.Url } });
  comparable('PicklistOperators', Scalars.Picklist, { like: { type: Scalars.Picklist } });
  comparable('DoubleOperators', Scalars.Double);
  comparable('IntegerOperators', GraphQLInt);
  comparable('CurrencyOperators', Scalars.Currency);
  comparable('PercentOperators', Scalars.Percent);
  comparable('DateOperators', DateInput);
  comparable('DateTimeOperators', DateTimeInput);
  inputs.set(
    'BooleanOperators',
    new GraphQLInputObjectType({
      name: 'BooleanOperators',
      fields: { eq: { type: GraphQLBoolean }, ne: { type: GraphQLBoolean } }
    })
  );
  inputs.set(
    'MultiPicklistOperators',
    new GraphQLInputObjectType({
      name: 'MultiPicklistOperators',
      fields: {
        eq: { type: Scalars.MultiPicklist },
        ne: { type: Scalars.MultiPicklist },
        includes: { type: new GraphQLList(Scalars.MultiPicklist) },
        excludes: { type: new GraphQLList(Scalars.MultiPicklist) }
      }
    })
  );
  return inputs;
}

const ResultOrder = new GraphQLEnumType({ name: 'ResultOrder', values: { ASC: {}, DESC: {} } });
const NullOrder = new GraphQLEnumType({ name: 'NullOrder', values: { FIRST: {}, LAST: {} } });
const OrderByClause = new GraphQLInputObjectType({
  name: 'OrderByClause',
  fields: { order: { type: ResultOrder }, nulls: { type: NullOrder } }
});

const PageInfo = new GraphQLObjectType<{ result: ConnectionResult }>({
  name: 'PageInfo',
  fields: {
    hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (s) => s.result.hasNextPage },
    hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean), resolve: (s) => s.result.offset > 0 },
    startCursor: {
      type: GraphQLString,
      resolve: (s) => (s.result.records.length ? encodeCursor(s.result.offset) : null)
    },
    endCursor: {
      type: GraphQLString,
      resolve: (s) =>
        s.result.records.length ? encodeCursor(s.result.offset + s.result.records.length - 1) : null
    }
  }
});

/** Salesforce's cursor form: base64 of `v1:<index>` (`djE6OQ==` is the 10th record). */
export function encodeCursor(index: number): string {
  return Buffer.from(`v1:${index}`).toString('base64');
}

/** The index a cursor points at, or null when it is not a cursor of this API. */
export function decodeCursor(cursor: string): number | null {
  const match = /^v1:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : null;
}

// ---------------------------------------------------------------------- generated types

/** Fields that a GraphQL name cannot carry (none in practice: API names are valid GraphQL names). */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Builds the schema of an org; resolvers get the request's GraphQLRuntime as the context value. */
export function generateSchema(catalogue: Schema): GraphQLSchema {
  const values = valueTypes();
  const operators = operatorInputs();
  const objects = catalogue.objects().filter((o) => GRAPHQL_NAME.test(o.name));
  const objectTypes = new Map<string, GraphQLObjectType>();
  const connectionTypes = new Map<string, GraphQLObjectType>();
  const filterTypes = new Map<string, GraphQLInputObjectType>();
  const orderTypes = new Map<string, GraphQLInputObjectType>();

  const RecordInterface = new GraphQLInterfaceType({
    name: 'Record',
    fields: {
      Id: { type: new GraphQLNonNull(GraphQLID) },
      ApiName: { type: new GraphQLNonNull(GraphQLString) },
      WeakEtag: { type: new GraphQLNonNull(Scalars.Long) },
      DisplayValue: { type: GraphQLString }
    },
    resolveType: (record: RestRecord) => record.attributes?.type
  });

  /** The single parent object a reference resolves to (polymorphic lookups are not generated). */
  const parentOf = (field: FieldDef): ObjectDef | undefined =>
    field.relationshipName && field.referenceTo.length === 1
      ? objects.find((o) => o.name === field.referenceTo[0])
      : undefined;

  for (const object of objects) {
    filterTypes.set(
      object.name,
      new GraphQLInputObjectType({
        name: `${object.name}_Filter`,
        fields: () => {
          const fields: GraphQLInputFieldConfigMap = {
            and: { type: new GraphQLList(filterTypes.get(object.name) as GraphQLInputObjectType) },
            or: { type: new GraphQLList(filterTypes.get(object.name) as GraphQLInputObjectType) },
            not: { type: filterTypes.get(object.name) as GraphQLInputObjectType }
          };
          for (const field of object.fields) {
            const operatorsName = family(field).operators;
            if (operatorsName)
              fields[field.name] = { type: operators.get(operatorsName) as GraphQLInputType };
            const parent = parentOf(field);
            if (parent) fields[field.relationshipName as string] = { type: filterTypes.get(parent.name)! };
          }
          return fields;
        }
      })
    );
    orderTypes.set(
      object.name,
      new GraphQLInputObjectType({
        name: `${object.name}_OrderBy`,
        fields: () => {
          const fields: GraphQLInputFieldConfigMap = {};
          for (const field of object.fields) {
            if (family(field).sortable) fields[field.name] = { type: OrderByClause };
            const parent = parentOf(field);
            if (parent) fields[field.relationshipName as string] = { type: orderTypes.get(parent.name)! };
          }
          return fields;
        }
      })
    );
  }

  const connectionArgs = (object: ObjectDef) => ({
    first: { type: GraphQLInt },
    after: { type: GraphQLString },
    where: { type: filterTypes.get(object.name)! },
    orderBy: { type: orderTypes.get(object.name)! },
    upperBound: { type: GraphQLInt }
  });

  for (const object of objects) {
    objectTypes.set(
      object.name,
      new GraphQLObjectType<RestRecord>({
        name: object.name,
        interfaces: [RecordInterface],
        fields: () => recordFields(object)
      })
    );
    const Edge = new GraphQLObjectType<{ record: RestRecord; index: number }>({
      name: `${object.name}Edge`,
      fields: () => ({
        node: { type: objectTypes.get(object.name)!, resolve: (edge) => edge.record },
        cursor: { type: new GraphQLNonNull(GraphQLString), resolve: (edge) => encodeCursor(edge.index) }
      })
    });
    connectionTypes.set(
      object.name,
      new GraphQLObjectType<ConnectionResult>({
        name: `${object.name}Connection`,
        fields: {
          edges: {
            type: new GraphQLList(Edge),
            resolve: (result) => result.records.map((record, i) => ({ record, index: result.offset + i }))
          },
          pageInfo: { type: new GraphQLNonNull(PageInfo), resolve: (result) => ({ result }) },
          totalCount: { type: new GraphQLNonNull(GraphQLInt), resolve: (result) => result.totalCount() }
        }
      })
    );
  }

  function recordFields(object: ObjectDef): GraphQLFieldConfigMap<RestRecord, GraphQLRuntime> {
    const nameField = object.fields.find((f) => f.nameField) ?? object.fields.find((f) => f.name === 'Name');
    const fields: GraphQLFieldConfigMap<RestRecord, GraphQLRuntime> = {
      Id: { type: new GraphQLNonNull(GraphQLID), resolve: (record) => record.Id },
      ApiName: { type: new GraphQLNonNull(GraphQLString), resolve: (record) => record.attributes?.type },
      WeakEtag: {
        type: new GraphQLNonNull(Scalars.Long),
        resolve: (record) =>
          record.SystemModstamp ? Date.parse(String(uiValueOf(record.SystemModstamp))) : 0
      },
      DisplayValue: {
        type: GraphQLString,
        resolve: (record) => (nameField ? (record[nameField.name] ?? null) : null)
      }
    };
    for (const field of object.fields) {
      // The Record interface's own members win over a catalogue field of the same name.
      if (fields[field.name] || !family(field).valueType) continue;
      const type = values.get(family(field).valueType) as GraphQLObjectType;
      fields[field.name] = {
        type,
        resolve: (record) => ({ field, value: uiValue(field, record[field.name]) })
      };
      const parent = parentOf(field);
      if (parent && !fields[field.relationshipName as string]) {
        fields[field.relationshipName as string] = {
          type: objectTypes.get(parent.name)!,
          resolve: (record) => record[field.relationshipName as string] ?? null
        };
      }
    }
    for (const child of object.childRelationships) {
      const childObject = objects.find((o) => o.name === child.childSObject);
      if (!child.relationshipName || !childObject || fields[child.relationshipName]) continue;
      const key = child.relationshipName;
      const config: GraphQLFieldConfig<RestRecord, GraphQLRuntime> = {
        type: connectionTypes.get(childObject.name)!,
        args: connectionArgs(childObject),
        resolve: (record, _args, runtime) => runtime.childConnection(record, key)
      };
      fields[key] = config;
    }
    return fields;
  }

  const RecordQuery = new GraphQLObjectType({
    name: 'RecordQuery',
    fields: () =>
      Object.fromEntries(
        objects.map((object) => [
          object.name,
          {
            type: connectionTypes.get(object.name)!,
            args: connectionArgs(object),
            resolve: (
              _source: unknown,
              args: ConnectionArgs,
              runtime: GraphQLRuntime,
              info: GraphQLResolveInfo
            ) => runtime.connection(object, args, info)
          }
        ])
      )
  });
  const UIAPI = new GraphQLObjectType({
    name: 'UIAPI',
    fields: () => ({
      query: { type: new GraphQLNonNull(RecordQuery), resolve: () => ({}) },
      ...(objectTypes.has('User')
        ? {
            currentUser: {
              type: objectTypes.get('User') as GraphQLObjectType,
              resolve: (_s: unknown, _a: unknown, runtime: GraphQLRuntime, info: GraphQLResolveInfo) =>
                runtime.currentUser(info)
            }
          }
        : {})
    })
  });
  const Query = new GraphQLObjectType({
    name: 'Query',
    fields: { uiapi: { type: new GraphQLNonNull(UIAPI), resolve: () => ({}) } }
  });

  const mutation = mutationRoot(objects, objectTypes);
  return new GraphQLSchema({ query: Query, mutation, types: [...objectTypes.values()] });
}

/**
 * `mutation { uiapi(input: { allOrNone }) { ObjCreate(input: { Obj: { … } }) { Record { … } }
 * ObjUpdate(input: { Id, Obj: { … } }) { Record { … } } ObjDelete(input: { Id }) { Id } } }`:
 * inputs carry the createable (or updateable) fields; reference fields and ids take `@{Alias}`.
 */
function mutationRoot(objects: ObjectDef[], objectTypes: Map<string, GraphQLObjectType>): GraphQLObjectType {
  const inputScalar = (field: FieldDef): GraphQLInputType =>
    field.type === 'reference' ? Scalars.IdOrRef : family(field).scalar;
  const representation = (object: ObjectDef, kind: 'Create' | 'Update') =>
    new GraphQLInputObjectType({
      name: `${object.name}${kind}Representation`,
      fields: Object.fromEntries(
        object.fields
          .filter((f) => (kind === 'Create' ? f.createable : f.updateable))
          .map((f) => [f.name, { type: inputScalar(f) }])
      )
    });
  const RecordDeleteInput = new GraphQLInputObjectType({
    name: 'RecordDeleteInput',
    fields: { Id: { type: new GraphQLNonNull(Scalars.IdOrRef) } }
  });
  const RecordDeletePayload = new GraphQLObjectType({
    name: 'RecordDeletePayload',
    fields: { Id: { type: GraphQLID } }
  });
  const fields: GraphQLFieldConfigMap<unknown, GraphQLRuntime> = {};
  for (const object of objects) {
    const Record = objectTypes.get(object.name) as GraphQLObjectType;
    const payload = (kind: string) =>
      new GraphQLObjectType({ name: `${object.name}${kind}Payload`, fields: { Record: { type: Record } } });
    const writable = (kind: 'Create' | 'Update') =>
      object.fields.some((f) => (kind === 'Create' ? f.createable : f.updateable));
    if (object.createable && writable('Create')) {
      const CreateInput = new GraphQLInputObjectType({
        name: `${object.name}CreateInput`,
        fields: { [object.name]: { type: new GraphQLNonNull(representation(object, 'Create')) } }
      });
      fields[`${object.name}Create`] = {
        type: payload('Create'),
        args: { input: { type: new GraphQLNonNull(CreateInput) } },
        resolve: (_s, args: { input: Record<string, Record<string, unknown>> }, runtime, info) =>
          runtime.create(object, args.input[object.name], info)
      };
    }
    if (object.updateable && writable('Update')) {
      const UpdateInput = new GraphQLInputObjectType({
        name: `${object.name}UpdateInput`,
        fields: {
          Id: { type: new GraphQLNonNull(Scalars.IdOrRef) },
          [object.name]: { type: new GraphQLNonNull(representation(object, 'Update')) }
        }
      });
      fields[`${object.name}Update`] = {
        type: payload('Update'),
        args: { input: { type: new GraphQLNonNull(UpdateInput) } },
        resolve: (_s, args: { input: Record<string, unknown> }, runtime, info) =>
          runtime.update(
            object,
            String(args.input.Id),
            args.input[object.name] as Record<string, unknown>,
            info
          )
      };
    }
    if (object.deletable) {
      fields[`${object.name}Delete`] = {
        type: RecordDeletePayload,
        args: { input: { type: new GraphQLNonNull(RecordDeleteInput) } },
        resolve: (_s, args: { input: { Id: string } }, runtime, info) =>
          runtime.delete(object, args.input.Id, info)
      };
    }
  }
  const UIAPIMutations = new GraphQLObjectType({ name: 'UIAPIMutations', fields });
  const UIAPIMutationsInput = new GraphQLInputObjectType({
    name: 'UIAPIMutationsInput',
    fields: { allOrNone: { type: GraphQLBoolean, defaultValue: true } }
  });
  return new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      uiapi: {
        type: new GraphQLNonNull(UIAPIMutations),
        args: { input: { type: UIAPIMutationsInput } },
        resolve: () => ({})
      }
    }
  });
}

function uiValueOf(value: unknown): unknown {
  return typeof value === 'string' && value.endsWith('+0000') ? `${value.slice(0, -5)}Z` : value;
}
