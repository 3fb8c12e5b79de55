/**
 * GraphQL API conformance: `uiapi { query { … } }` over the local org's data, with filters, ordering,
 * paging, relative dates, relationships and the GraphQL API's error shapes.
 */
import type { LocalOrg } from '../../index';
import { raw, startTestOrg } from '../../__tests__/helpers';

let org: LocalOrg;
/** Leads by last name. */
const leads: Record<string, string> = {};
let sequenceId: string;
let participantId: string;
const actions: Record<string, string> = {};

interface GraphQLBody {
  data: Record<string, unknown> | null;
  errors: { message: string; locations: unknown[]; paths: unknown[]; extensions: { ErrorType: string } }[];
}

async function gql(query: string, variables?: Record<string, unknown>): Promise<GraphQLBody> {
  const response = await raw(org, 'POST', '/graphql', { query, variables });
  expect(response.status).toBe(200);
  return response.body as GraphQLBody;
}

/** The node list of `uiapi.query.<object>`. */
async function nodes(object: string, args: string, selection: string, variables?: Record<string, unknown>) {
  const body = await gql(
    `query { uiapi { query { ${object}${args ? `(${args})` : ''} { edges { node { ${selection} } } } } } }`,
    variables
  );
  expect(body.errors).toEqual([]);
  const connection = (
    body.data as { uiapi: { query: Record<string, { edges: { node: Record<string, unknown> }[] }> } }
  ).uiapi.query[object];
  return connection.edges.map((edge) => edge.node);
}

const lastNames = async (args: string) =>
  (await nodes('Lead', args, 'LastName { value }')).map((n) => (n.LastName as { value: string }).value);

beforeAll(async () => {
  // 09:00 in Los Angeles, the integration user's time zone.
  org = await startTestOrg({ clock: { start: '2026-03-02T17:00:00Z', speed: 0 } });
  const lead = (fields: Record<string, unknown>) => org.data.create('Lead', { Company: 'Acme', ...fields });
  leads.Adams = await lead({
    LastName: 'Adams',
    Rating: 'Hot',
    AnnualRevenue: 1500000,
    NumberOfEmployees: 40,
    Industry: 'Technology',
    CreatedDate: '2026-03-02T16:00:00Z'
  });
  leads.Baker = await lead({
    LastName: 'Baker',
    Rating: 'Warm',
    AnnualRevenue: 250000,
    NumberOfEmployees: 12,
    CreatedDate: '2026-02-28T12:00:00Z'
  });
  leads.Chen = await lead({
    LastName: 'Chen',
    Rating: null,
    AnnualRevenue: null,
    NumberOfEmployees: 40,
    Company: 'Chen & Sons',
    CreatedDate: '2026-02-01T12:00:00Z'
  });
  leads.Diaz = await lead({
    LastName: 'Diaz',
    Rating: 'Cold',
    AnnualRevenue: 90000,
    NumberOfEmployees: 3,
    Company: "O'Neil Labs",
    CreatedDate: '2025-12-31T12:00:00Z'
  });
  sequenceId = await org.data.create('Sequence__c', {
    Name: 'Inbound',
    Target_Object__c: 'Lead',
    Priority__c: 'P1'
  });
  participantId = await org.data.create('Sequence_Participant__c', {
    Sequence__c: sequenceId,
    Lead__c: leads.Adams,
    Status__c: 'Active'
  });
  const action = (name: string, fields: Record<string, unknown>) => {
    actions[name] = org.data.create('Participant_Action__c', { Participant__c: participantId, ...fields });
  };
  action('due', {
    Type__c: 'Call',
    Status__c: 'Due',
    Step_Number__c: 1,
    Due_At__c: '2026-03-02T15:30:00Z',
    Assigned_To__c: org.userId
  });
  action('waiting', {
    Type__c: 'Email',
    Status__c: 'Waiting_Criteria',
    Step_Number__c: 2,
    Due_At__c: null,
    Assigned_To__c: org.userId
  });
  action('upcoming', {
    Type__c: 'SMS',
    Status__c: 'Upcoming',
    Step_Number__c: 3,
    Due_At__c: '2026-03-04T15:30:00Z',
    Assigned_To__c: org.userId
  });
  action('later', {
    Type__c: 'Task',
    Status__c: 'Upcoming',
    Step_Number__c: 4,
    Due_At__c: '2026-04-04T15:30:00Z',
    Assigned_To__c: org.userId
  });
});

afterAll(() => org.close());

describe('values', () => {
  it('returns value and displayValue per field type, in the user time zone and locale', async () => {
    const [node] = await nodes(
      'Lead',
      `where: { LastName: { eq: "Adams" } }`,
      'Id ApiName DisplayValue WeakEtag Rating { value displayValue } AnnualRevenue { value displayValue } NumberOfEmployees { value displayValue } CreatedDate { value displayValue } IsConverted { value displayValue } ConvertedDate { value displayValue } OwnerId { value displayValue }'
    );
    expect(node).toEqual({
      Id: leads.Adams,
      ApiName: 'Lead',
      DisplayValue: 'Adams',
      // A trusted write of CreatedDate sets the system timestamp with it.
      WeakEtag: Date.parse('2026-03-02T16:00:00Z'),
      Rating: { value: 'Hot', displayValue: 'Hot' },
      AnnualRevenue: { value: 1500000, displayValue: '$1,500,000' },
      NumberOfEmployees: { value: 40, displayValue: null },
      CreatedDate: { value: '2026-03-02T16:00:00.000Z', displayValue: '3/2/2026, 8:00 AM' },
      IsConverted: { value: false, displayValue: null },
      ConvertedDate: { value: null, displayValue: null },
      OwnerId: { value: org.userId, displayValue: null }
    });
  });

  it('shows picklist labels as displayValue and follows parent relationships', async () => {
    const [node] = await nodes(
      'Participant_Action__c',
      `where: { Status__c: { eq: "Waiting_Criteria" } }`,
      'Status__c { value displayValue } Due_At__c { value displayValue } Participant__r { Id Lead__r { Name { value } Company { value } } Sequence__r { Name { value } Priority__c { value } } }'
    );
    expect(node).toEqual({
      Status__c: { value: 'Waiting_Criteria', displayValue: 'Waiting for Criteria' },
      Due_At__c: { value: null, displayValue: null },
      Participant__r: {
        Id: participantId,
        Lead__r: { Name: { value: 'Adams' }, Company: { value: 'Acme' } },
        Sequence__r: { Name: { value: 'Inbound' }, Priority__c: { value: 'P1' } }
      }
    });
  });

  it('answers aliases, fragments and __typename', async () => {
    const body = await gql(`
      query Leads { uiapi { query { Lead(where: { LastName: { eq: "Baker" } }) { edges { node { ...LeadFields label: LastName { value } } } } } } }
      fragment LeadFields on Lead { __typename Company { value } }`);
    expect(body).toEqual({
      data: {
        uiapi: {
          query: {
            Lead: {
              edges: [{ node: { __typename: 'Lead', Company: { value: 'Acme' }, label: { value: 'Baker' } } }]
            }
          }
        }
      },
      errors: []
    });
  });

  it('answers currentUser with the session user', async () => {
    const body = await gql('query { uiapi { currentUser { Id Name { value } TimeZoneSidKey { value } } } }');
    expect(body).toEqual({
      data: {
        uiapi: {
          currentUser: {
            Id: org.userId,
            Name: { value: 'Stride Integration' },
            TimeZoneSidKey: { value: 'America/Los_Angeles' }
          }
        }
      },
      errors: []
    });
  });

  it('reads child relationships as connections', async () => {
    const [node] = await nodes(
      'Sequence_Participant__c',
      `where: { Id: { eq: "${participantId}" } }`,
      'Participant_Actions__r(first: 2, orderBy: { Step_Number__c: { order: DESC } }, where: { Type__c: { ne: "Task" } }) { edges { node { Step_Number__c { value } } } totalCount pageInfo { hasNextPage } }'
    );
    expect(node).toEqual({
      Participant_Actions__r: {
        edges: [{ node: { Step_Number__c: { value: 3 } } }, { node: { Step_Number__c: { value: 2 } } }],
        totalCount: 3,
        pageInfo: { hasNextPage: true }
      }
    });
  });
});

describe('where', () => {
  it.each([
    ['eq (case-insensitive)', '{ Rating: { eq: "hot" } }', ['Adams']],
    ['ne matches nulls, as in SOQL', '{ Rating: { ne: "Hot" } }', ['Baker', 'Chen', 'Diaz']],
    ['in', '{ Rating: { in: ["Warm", "Cold"] } }', ['Baker', 'Diaz']],
    ['nin matches nulls', '{ Rating: { nin: ["Warm", "Cold"] } }', ['Adams', 'Chen']],
    ['eq null', '{ Rating: { eq: null } }', ['Chen']],
    ['lt', '{ AnnualRevenue: { lt: 250000 } }', ['Diaz']],
    ['lte', '{ AnnualRevenue: { lte: 250000 } }', ['Baker', 'Diaz']],
    ['gt', '{ NumberOfEmployees: { gt: 12 } }', ['Adams', 'Chen']],
    ['gte', '{ NumberOfEmployees: { gte: 12 } }', ['Adams', 'Baker', 'Chen']],
    ['like', '{ Company: { like: "%&%" } }', ['Chen']],
    ['quotes in values', `{ Company: { eq: "O'Neil Labs" } }`, ['Diaz']],
    ['and', '{ and: [{ NumberOfEmployees: { eq: 40 } }, { Rating: { eq: "Hot" } }] }', ['Adams']],
    ['implicit and of several fields', '{ NumberOfEmployees: { eq: 40 }, Rating: { eq: null } }', ['Chen']],
    ['or', '{ or: [{ Rating: { eq: "Cold" } }, { Company: { like: "Chen%" } }] }', ['Chen', 'Diaz']],
    ['not', '{ not: { Rating: { eq: "Hot" } } }', ['Baker', 'Chen', 'Diaz']],
    [
      'not inside and',
      '{ and: [{ NumberOfEmployees: { gt: 5 } }, { not: { or: [{ Rating: { eq: "Hot" } }, { Rating: { eq: "Warm" } }] } }] }',
      ['Chen']
    ],
    ['empty filter', '{}', ['Adams', 'Baker', 'Chen', 'Diaz']],
    ['Id with a 15-character id', `{ Id: { eq: "${'ID15'}" } }`, ['Baker']]
  ])('%s', async (_name, where, expected) => {
    const filter = where.replace('ID15', leads.Baker.slice(0, 15));
    expect(await lastNames(`where: ${filter}, orderBy: { LastName: { order: ASC } }`)).toEqual(expected);
  });

  it('filters on parent relationship fields', async () => {
    const found = await nodes(
      'Participant_Action__c',
      `where: { Participant__r: { Lead__r: { LastName: { eq: "Adams" } } }, Type__c: { eq: "Call" } }`,
      'Id'
    );
    expect(found).toEqual([{ Id: actions.due }]);
  });

  it('matches what the REST query of the same filter returns', async () => {
    const rest = await org.data.query(
      "SELECT Id FROM Lead WHERE Industry != 'Technology' OR NumberOfEmployees < 10 ORDER BY Id"
    );
    const graph = await nodes(
      'Lead',
      `where: { or: [{ Industry: { ne: "Technology" } }, { NumberOfEmployees: { lt: 10 } }] }, orderBy: { Id: { order: ASC } }`,
      'Id'
    );
    expect(graph.map((n) => n.Id)).toEqual(rest.records.map((r) => r.Id));
    expect(graph).toHaveLength(3);
  });

  it('takes relative date literals and ranges in the user time zone', async () => {
    // Today in Los Angeles is 2026-03-02 (from 08:00 UTC); Adams was created at 08:00 there.
    expect(await lastNames('where: { CreatedDate: { gte: { literal: TODAY } } }')).toEqual(['Adams']);
    expect(
      await lastNames(
        'where: { CreatedDate: { eq: { range: { last_n_days: 3 } } } }, orderBy: { LastName: { order: ASC } }'
      )
    ).toEqual(['Adams', 'Baker']);
    expect(await lastNames('where: { CreatedDate: { lt: { literal: THIS_YEAR } } }')).toEqual(['Diaz']);
    expect(
      await lastNames(
        'where: { CreatedDate: { lt: { value: "2026-02-28T12:00:00Z" } } }, orderBy: { LastName: { order: ASC } }'
      )
    ).toEqual(['Chen', 'Diaz']);
  });

  it('runs the Engage query of the components with its variables', async () => {
    const body = await gql(
      `query engage($userId: ID, $upcomingUntil: DateTime, $pageSize: Int) { uiapi { query {
        Participant_Action__c(
          where: { and: [{ Assigned_To__c: { eq: $userId } }, { or: [
            { Status__c: { in: ["Due", "Waiting_Criteria", "In_Progress", "Deferred"] } },
            { and: [{ Status__c: { eq: "Upcoming" } }, { Due_At__c: { lte: { value: $upcomingUntil } } }] } ] }] }
          orderBy: { Due_At__c: { order: ASC, nulls: LAST } }
          first: $pageSize
        ) { edges { node { Id Type__c { value } } } pageInfo { hasNextPage } } } } }`,
      { userId: org.userId, upcomingUntil: '2026-03-09T17:00:00.000Z', pageSize: 2000 }
    );
    expect(body).toEqual({
      data: {
        uiapi: {
          query: {
            Participant_Action__c: {
              edges: [
                { node: { Id: actions.due, Type__c: { value: 'Call' } } },
                { node: { Id: actions.upcoming, Type__c: { value: 'SMS' } } },
                { node: { Id: actions.waiting, Type__c: { value: 'Email' } } }
              ],
              pageInfo: { hasNextPage: false }
            }
          }
        }
      },
      errors: []
    });
  });
});

describe('orderBy', () => {
  it('orders by several fields in the order written', async () => {
    expect(
      await lastNames('orderBy: { NumberOfEmployees: { order: DESC }, LastName: { order: DESC } }')
    ).toEqual(['Chen', 'Adams', 'Baker', 'Diaz']);
    expect(
      await lastNames('orderBy: { LastName: { order: DESC }, NumberOfEmployees: { order: DESC } }')
    ).toEqual(['Diaz', 'Chen', 'Baker', 'Adams']);
  });

  it('places nulls first or last', async () => {
    expect(await lastNames('orderBy: { AnnualRevenue: { order: ASC } }')).toEqual([
      'Chen',
      'Diaz',
      'Baker',
      'Adams'
    ]);
    expect(await lastNames('orderBy: { AnnualRevenue: { order: ASC, nulls: LAST } }')).toEqual([
      'Diaz',
      'Baker',
      'Adams',
      'Chen'
    ]);
    expect(await lastNames('orderBy: { AnnualRevenue: { order: DESC, nulls: FIRST } }')).toEqual([
      'Chen',
      'Adams',
      'Baker',
      'Diaz'
    ]);
  });

  it('orders by a parent field', async () => {
    const ordered = await nodes(
      'Participant_Action__c',
      'orderBy: { Participant__r: { Status__c: { order: ASC } }, Step_Number__c: { order: DESC } }',
      'Step_Number__c { value }'
    );
    expect(ordered.map((n) => (n.Step_Number__c as { value: number }).value)).toEqual([4, 3, 2, 1]);
  });
});

describe('paging', () => {
  const page = (args: string) =>
    gql(
      `query { uiapi { query { Lead(${args}, orderBy: { LastName: { order: ASC } }) { edges { node { LastName { value } } cursor } totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`
    );

  it('pages with first and after, with cursors, totalCount and pageInfo', async () => {
    const first = await page('first: 3');
    expect(first.data).toEqual({
      uiapi: {
        query: {
          Lead: {
            edges: [
              { node: { LastName: { value: 'Adams' } }, cursor: 'djE6MA==' },
              { node: { LastName: { value: 'Baker' } }, cursor: 'djE6MQ==' },
              { node: { LastName: { value: 'Chen' } }, cursor: 'djE6Mg==' }
            ],
            totalCount: 4,
            pageInfo: {
              hasNextPage: true,
              hasPreviousPage: false,
              startCursor: 'djE6MA==',
              endCursor: 'djE6Mg=='
            }
          }
        }
      }
    });
    const second = await page('first: 3, after: "djE6Mg=="');
    expect(second.data).toEqual({
      uiapi: {
        query: {
          Lead: {
            edges: [{ node: { LastName: { value: 'Diaz' } }, cursor: 'djE6Mw==' }],
            totalCount: 4,
            pageInfo: {
              hasNextPage: false,
              hasPreviousPage: true,
              startCursor: 'djE6Mw==',
              endCursor: 'djE6Mw=='
            }
          }
        }
      }
    });
  });

  it('answers first: 0 with no records but the count and whether there are more', async () => {
    const body = await page('first: 0');
    expect(body.data).toEqual({
      uiapi: {
        query: {
          Lead: {
            edges: [],
            totalCount: 4,
            pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null }
          }
        }
      }
    });
  });

  it('returns 10 records when first is not given', async () => {
    for (let i = 0; i < 8; i++) await org.data.create('Account', { Name: `Paging ${i}` });
    const body = await gql(
      'query { uiapi { query { Account { edges { node { Id } } totalCount pageInfo { hasNextPage } } } } }'
    );
    const accounts = (
      body.data as {
        uiapi: { query: { Account: { edges: unknown[]; totalCount: number; pageInfo: unknown } } };
      }
    ).uiapi.query.Account;
    expect(accounts.edges).toHaveLength(8);
    expect(accounts.totalCount).toBe(8);
    expect(accounts.pageInfo).toEqual({ hasNextPage: false });
  });

  it('caps the pages at upperBound', async () => {
    const body = await page('first: 200, upperBound: 2');
    const lead = (
      body.data as { uiapi: { query: { Lead: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } } } }
    ).uiapi.query.Lead;
    expect(lead.edges).toHaveLength(2);
    expect(lead.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ['first: 2001', 'Lead: first must be between 0 and 2000, not 2001'],
    ['first: 10, upperBound: 500', 'Lead: first must be between 200 and 2000 when upperBound is set, not 10'],
    ['first: 2, after: "bm9wZQ=="', 'Lead: after is not a cursor of this query: bm9wZQ==']
  ])('refuses %s', async (args, message) => {
    const body = await page(args);
    expect(body.errors).toEqual([
      {
        message,
        locations: [{ line: 1, column: 25 }],
        paths: ['uiapi', 'query', 'Lead'],
        extensions: { ErrorType: 'DataFetchingException' }
      }
    ]);
    expect(body.data).toEqual({ uiapi: { query: { Lead: null } } });
  });
});

describe('errors', () => {
  it('reports an unknown field with its location and path', async () => {
    const body = await gql(
      'query {\n  uiapi { query { Lead { edges { node {\n    Nam { value }\n  } } } } }\n}'
    );
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message:
            "Validation error (FieldUndefined@[uiapi/query/Lead/edges/node/Nam]) : Field 'Nam' in type 'Lead' is undefined",
          locations: [{ line: 3, column: 5 }],
          paths: ['uiapi', 'query', 'Lead', 'edges', 'node', 'Nam'],
          extensions: { ErrorType: 'ValidationError' }
        }
      ]
    });
  });

  it('reports an unknown object and an unknown filter field', async () => {
    const unknownObject = await gql('query { uiapi { query { Leed { edges { node { Id } } } } } }');
    expect(unknownObject.errors.map((e) => e.message)).toEqual([
      "Validation error (FieldUndefined@[uiapi/query/Leed]) : Field 'Leed' in type 'RecordQuery' is undefined"
    ]);
    const unknownFilter = await gql(
      'query { uiapi { query { Lead(where: { Raiting: { eq: "Hot" } }) { edges { node { Id } } } } } }'
    );
    expect(unknownFilter).toEqual({
      data: null,
      errors: [
        {
          message:
            'Validation error (WrongType@[uiapi/query/Lead]) : Field "Raiting" is not defined by type "Lead_Filter". Did you mean "Rating"?',
          locations: [{ line: 1, column: 39 }],
          paths: ['uiapi', 'query', 'Lead'],
          extensions: { ErrorType: 'ValidationError' }
        }
      ]
    });
  });

  it('reports a malformed query as InvalidSyntax', async () => {
    const body = await gql('query { uiapi { query { Lead { edges { node { Id } } }');
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: 'Invalid Syntax : Syntax Error: Expected Name, found <EOF>.',
          locations: [{ line: 1, column: 55 }],
          paths: [],
          extensions: { ErrorType: 'InvalidSyntax' }
        }
      ]
    });
  });

  it('reports a missing query and a wrong variable value', async () => {
    const missing = await raw(org, 'POST', '/graphql', { variables: {} });
    expect((missing.body as GraphQLBody).errors[0].extensions.ErrorType).toBe('InvalidSyntax');
    const badDate = await gql(
      'query q($until: DateTime) { uiapi { query { Participant_Action__c(where: { Due_At__c: { lte: { value: $until } } }) { edges { node { Id } } } } } }',
      { until: 'next tuesday' }
    );
    expect(badDate).toEqual({
      data: null,
      errors: [
        {
          message:
            'Variable "$until" got invalid value "next tuesday"; Expected type "DateTime". DateTime cannot represent value: "next tuesday"',
          locations: [{ line: 1, column: 9 }],
          paths: [],
          extensions: { ErrorType: 'ValidationError' }
        }
      ]
    });
  });

  it('refuses a date filter with both a value and a literal', async () => {
    const body = await gql(
      'query { uiapi { query { Lead(where: { CreatedDate: { eq: { value: "2026-03-02T00:00:00Z", literal: TODAY } } }) { edges { node { Id } } } } } }'
    );
    expect(body.errors.map((e) => e.message)).toEqual([
      'where.CreatedDate.eq: give exactly one of value, literal or range for CreatedDate (got value, literal)'
    ]);
  });

  it('answers 405 to GET', async () => {
    const response = await raw(org, 'GET', '/graphql');
    expect(response.status).toBe(405);
  });
});

describe('namespace', () => {
  it('serves the managed package names (stride__…) that the namespaced build queries', async () => {
    const namespaced = await startTestOrg({ namespace: 'stride' });
    try {
      const id = namespaced.data.create('stride__Sequence__c', {
        Name: 'Namespaced',
        stride__Target_Object__c: 'Lead'
      });
      const response = await raw(namespaced, 'POST', '/graphql', {
        query:
          'query { uiapi { query { stride__Sequence__c(where: { stride__Target_Object__c: { eq: "Lead" } }) { edges { node { Id stride__Target_Object__c { value } } } } } } }'
      });
      expect(response.body).toEqual({
        data: {
          uiapi: {
            query: {
              stride__Sequence__c: {
                edges: [{ node: { Id: id, stride__Target_Object__c: { value: 'Lead' } } }]
              }
            }
          }
        },
        errors: []
      });
      const bare = await raw(namespaced, 'POST', '/graphql', {
        query: 'query { uiapi { query { Sequence__c { edges { node { Id } } } } } }'
      });
      expect((bare.body as GraphQLBody).errors.map((e) => e.message)).toEqual([
        "Validation error (FieldUndefined@[uiapi/query/Sequence__c]) : Field 'Sequence__c' in type 'RecordQuery' is undefined"
      ]);
    } finally {
      await namespaced.close();
    }
  });
});

describe('mutations', () => {
  it('creates, updates and deletes, chaining ids with @{Alias}, and returns the selected fields', async () => {
    const body = await gql(`mutation { uiapi(input: { allOrNone: true }) {
      SequenceCreate: Sequence__cCreate(input: { Sequence__c: { Name: "Chained", Target_Object__c: "Contact" } }) {
        Record { Id Name { value } Target_Object__c { value displayValue } }
      }
      StepCreate: Sequence_Action__cCreate(input: { Sequence_Action__c: { Sequence__c: "@{SequenceCreate}", Name: "Call", Step_Number__c: 1, Type__c: "Call" } }) {
        Record { Name { value } Sequence__r { Name { value } } }
      }
      Sequence__cUpdate(input: { Id: "@{SequenceCreate}", Sequence__c: { Priority__c: "P2" } }) {
        Record { Priority__c { value } }
      }
    } }`);
    expect(body.errors).toEqual([]);
    const uiapi = (body.data as { uiapi: Record<string, { Record: Record<string, unknown> }> }).uiapi;
    const id = uiapi.SequenceCreate.Record.Id as string;
    expect(uiapi).toEqual({
      SequenceCreate: {
        Record: {
          Id: id,
          Name: { value: 'Chained' },
          Target_Object__c: { value: 'Contact', displayValue: 'Contact' }
        }
      },
      StepCreate: { Record: { Name: { value: 'Call' }, Sequence__r: { Name: { value: 'Chained' } } } },
      Sequence__cUpdate: { Record: { Priority__c: { value: 'P2' } } }
    });
    const deleted = await gql(`mutation { uiapi { Sequence__cDelete(input: { Id: "${id}" }) { Id } } }`);
    expect(deleted).toEqual({ data: { uiapi: { Sequence__cDelete: { Id: id } } }, errors: [] });
    expect(org.data.query(`SELECT Id FROM Sequence__c WHERE Id = '${id}'`).totalSize).toBe(0);
  });

  it('rolls every write back when one fails under allOrNone, and keeps the others without it', async () => {
    const mutation = (allOrNone: boolean) => `mutation { uiapi(input: { allOrNone: ${allOrNone} }) {
      Good: LeadCreate(input: { Lead: { LastName: "Kept${allOrNone}", Company: "K" } }) { Record { Id } }
      Bad: LeadCreate(input: { Lead: { LastName: "NoCompany${allOrNone}" } }) { Record { Id } }
    } }`;
    const atomic = await gql(mutation(true));
    expect(atomic.data).toEqual({ uiapi: { Good: null, Bad: null } });
    expect(atomic.errors.map((e) => [e.paths, e.extensions.ErrorType])).toEqual([
      [['uiapi', 'Bad'], 'DataFetchingException']
    ]);
    expect(atomic.errors[0].message).toBe('Required fields are missing: [Company]');
    expect(org.data.query("SELECT Id FROM Lead WHERE LastName = 'Kepttrue'").totalSize).toBe(0);
    const independent = await gql(mutation(false));
    expect((independent.data as { uiapi: { Bad: unknown } }).uiapi.Bad).toBeNull();
    expect(org.data.query("SELECT Id FROM Lead WHERE LastName = 'Keptfalse'").totalSize).toBe(1);
  });

  it('refuses a field that is not createable', async () => {
    const body = await gql(
      'mutation { uiapi { LeadCreate(input: { Lead: { LastName: "X", Company: "Y", IsConverted: true } }) { Record { Id } } } }'
    );
    expect(body.data).toBeNull();
    expect(body.errors[0].message).toBe(
      'Validation error (WrongType@[uiapi/LeadCreate]) : Field "IsConverted" is not defined by type "LeadCreateRepresentation".'
    );
  });
});
