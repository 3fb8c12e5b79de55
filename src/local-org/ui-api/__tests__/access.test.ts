/**
 * The UI API honours the session user's access exactly as REST does: a rep's GraphQL query shows
 * the rows their REST query shows, another rep's record does not exist for them, object-info hides
 * objects without read permission and reports fields they may not edit as not updateable.
 */
import type { LocalOrg } from '../../index';
import { raw, startTestOrg } from '../../__tests__/helpers';

let org: LocalOrg;
let ava: { accessToken: string; userId: string };
const actions: Record<'ava' | 'ben', string> = { ava: '', ben: '' };

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  org = await startTestOrg({
    sampleData: true,
    accessControl: true,
    clock: { start: '2026-03-02T17:00:00Z', speed: 0 }
  });
  ava = org.sessionFor('ava.reed@stride.local');
  const ben = org.sampleData!.users['ben.ortiz@stride.local'];
  const sequence = org.data.create('Sequence__c', {
    Name: 'Access',
    Target_Object__c: 'Lead',
    Active__c: true
  });
  for (const [key, owner] of [
    ['ava', ava.userId],
    ['ben', ben]
  ] as const) {
    const lead = org.data.create('Lead', { LastName: `Lead of ${key}`, Company: 'Acme' });
    const participant = org.data.create('Sequence_Participant__c', {
      Sequence__c: sequence,
      Lead__c: lead,
      OwnerId: owner
    });
    actions[key] = org.data.create('Participant_Action__c', {
      Participant__c: participant,
      Type__c: 'Call',
      Status__c: 'Due',
      Step_Number__c: 1,
      Assigned_To__c: owner,
      OwnerId: owner
    });
  }
});

afterAll(() => org.close());

it('filters GraphQL rows as the same user’s REST query does', async () => {
  const query = `query { uiapi { query { Participant_Action__c(where: { Id: { in: ["${actions.ava}", "${actions.ben}"] } }) {
    edges { node { Id Participant__r { Lead__r { LastName { value } } } } } totalCount } } } }`;
  const asAva = await raw(org, 'POST', '/graphql', { query }, as(ava.accessToken));
  expect(asAva.body).toEqual({
    data: {
      uiapi: {
        query: {
          Participant_Action__c: {
            edges: [
              {
                node: { Id: actions.ava, Participant__r: { Lead__r: { LastName: { value: 'Lead of ava' } } } }
              }
            ],
            totalCount: 1
          }
        }
      }
    },
    errors: []
  });
  const rest = await raw(
    org,
    'GET',
    `/query?q=${encodeURIComponent(`SELECT Id FROM Participant_Action__c WHERE Id IN ('${actions.ava}', '${actions.ben}')`)}`,
    undefined,
    as(ava.accessToken)
  );
  expect((rest.body as { records: { Id: string }[] }).records.map((r) => r.Id)).toEqual([actions.ava]);
  // The integration user reads both.
  const asIntegration = await raw(org, 'POST', '/graphql', { query });
  expect(
    (asIntegration.body as { data: { uiapi: { query: { Participant_Action__c: { totalCount: number } } } } })
      .data.uiapi.query.Participant_Action__c.totalCount
  ).toBe(2);
});

it('answers 404 for a record the user may not read, and refuses writes they may not make', async () => {
  const other = await raw(
    org,
    'GET',
    `/ui-api/records/${actions.ben}?fields=Participant_Action__c.Status__c`,
    undefined,
    as(ava.accessToken)
  );
  expect(other).toMatchObject({
    status: 404,
    body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
  });
  const own = await raw(
    org,
    'GET',
    `/ui-api/records/${actions.ava}?fields=Participant_Action__c.Status__c`,
    undefined,
    as(ava.accessToken)
  );
  expect((own.body as { fields: unknown }).fields).toEqual({
    Status__c: { displayValue: 'Due', value: 'Due' }
  });
  const sequenceId = org.data.query('SELECT Id FROM Sequence__c LIMIT 1').records[0].Id as string;
  const edit = await raw(
    org,
    'PATCH',
    `/ui-api/records/${sequenceId}`,
    { fields: { Name: 'Renamed by a rep' } },
    as(ava.accessToken)
  );
  expect(edit.status).toBe(400);
  expect((edit.body as { errorCode: string }[])[0].errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
});

it('describes only what the user may read, and what they may write', async () => {
  const hidden = await raw(
    org,
    'GET',
    '/ui-api/object-info/Action_Attempt__c',
    undefined,
    as(ava.accessToken)
  );
  expect(hidden.status).toBe(404);
  const info = (
    await raw(org, 'GET', '/ui-api/object-info/Sequence_Action__c', undefined, as(ava.accessToken))
  ).body as {
    createable: boolean;
    updateable: boolean;
    fields: Record<string, { updateable: boolean }>;
  };
  expect([info.createable, info.updateable, info.fields.Criteria__c.updateable]).toEqual([
    false,
    false,
    false
  ]);
  const admin = org.sessionFor('sam.admin@stride.local');
  const asAdmin = (
    await raw(org, 'GET', '/ui-api/object-info/Sequence_Action__c', undefined, as(admin.accessToken))
  ).body as { fields: Record<string, { updateable: boolean }> };
  expect(asAdmin.fields.Criteria__c.updateable).toBe(true);
});
