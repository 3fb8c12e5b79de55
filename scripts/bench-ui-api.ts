/**
 * `npm run bench:ui-api`: measures the local org's UI API over HTTP (fetch, one request at a time, the
 * org in this process): the GraphQL schema build, the Engage component's own GraphQL document at 500
 * and 2,000 due actions next to a REST SOQL query of the same rows and fields, `ui-api/records` reads
 * and an `object-info` batch. Prints median and p95 per measure.
 *
 * Options: --runs N (default 15).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { soqlList } from '../src/companion/api';
import { ENGAGE_ACTION_STATUSES } from '../src/core/lifecycle/states';
import { startLocalOrg, type LocalOrg } from '../src/local-org';

const RUNS = (() => {
  const index = process.argv.indexOf('--runs');
  return index >= 0 ? Number(process.argv[index + 1]) : 15;
})();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** The Engage component's GraphQL document, as it ships. */
function engageQuery(): string {
  const source = readFileSync(
    path.resolve(__dirname, '../force-app/main/default/lwc/strideEngage/strideEngage.ts'),
    'utf8'
  );
  const match = /gql`([\s\S]*?)`/.exec(source);
  if (!match) throw new Error('strideEngage.ts has no gql document');
  return match[1];
}

async function call(org: LocalOrg, method: string, url: string, body?: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${org.instanceUrl}/services/data/v66.0${url}`, {
    method,
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  const parsed = JSON.parse(text) as { errors?: unknown[] };
  if (Array.isArray(parsed.errors) && parsed.errors.length) {
    throw new Error(`${url}: ${JSON.stringify(parsed.errors).slice(0, 300)}`);
  }
  return performance.now() - started;
}

async function measure(label: string, runs: number, once: () => Promise<number>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  console.log(
    `${label.padEnd(58)} median ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(
      times,
      95
    )
      .toFixed(1)
      .padStart(7)} ms`
  );
}

/** Adds due Call actions (with their Lead and participant) for the integration user. */
function seed(org: LocalOrg, sequenceId: string, count: number, from: number): void {
  for (let i = from; i < from + count; i++) {
    const lead = org.data.create('Lead', { FirstName: 'Bench', LastName: `Lead ${i}`, Company: 'Bench Co' });
    const participant = org.data.create('Sequence_Participant__c', {
      Sequence__c: sequenceId,
      Lead__c: lead,
      Status__c: 'Active'
    });
    org.data.create('Participant_Action__c', {
      Participant__c: participant,
      Type__c: 'Call',
      Status__c: 'Due',
      Step_Number__c: 1,
      Due_At__c: new Date(Date.parse('2026-06-01T08:00:00Z') + i * 1000).toISOString(),
      Assigned_To__c: org.userId,
      OwnerId: org.userId
    });
  }
}

async function main(): Promise<void> {
  const org = await startLocalOrg({ clock: { start: '2026-06-01T12:00:00Z', speed: 0 }, dailyApiLimit: 1e9 });
  try {
    const sequenceId = org.data.create('Sequence__c', { Name: 'Bench', Target_Object__c: 'Lead' });
    const query = engageQuery();
    const variables = { userId: org.userId, upcomingUntil: '2026-06-08T12:00:00.000Z', pageSize: 2000 };
    const rest =
      '/query?q=' +
      encodeURIComponent(
        `SELECT Id, Type__c, Status__c, Due_At__c, Deferred_Until__c, Reason__c, Step_Number__c, Sequence_Action__r.Name, Participant__r.Lead__r.Name, Participant__r.Lead__r.Email, Participant__r.Sequence__r.Name FROM Participant_Action__c WHERE Assigned_To__c = '${org.userId}' AND Status__c IN ${soqlList(ENGAGE_ACTION_STATUSES)} ORDER BY Due_At__c ASC NULLS LAST LIMIT 2000`
      );

    console.log(`UI API over HTTP, ${RUNS} runs per measure (Node ${process.version})\n`);
    seed(org, sequenceId, 500, 0);
    await measure('GraphQL schema build + first Engage query (500 actions)', 1, () =>
      call(org, 'POST', '/graphql', { query, variables })
    );
    let seeded = 500;
    for (const count of [500, 2000]) {
      seed(org, sequenceId, count - seeded, seeded);
      seeded = count;
      await measure(`GraphQL: the Engage document, ${count} due actions`, RUNS, () =>
        call(org, 'POST', '/graphql', { query, variables })
      );
      await measure(`REST SOQL: the same rows, 11 of its fields`, RUNS, () => call(org, 'GET', rest));
    }
    const lead = org.data.query('SELECT Id FROM Lead LIMIT 1').records[0].Id as string;
    await measure('GET ui-api/records/{id} (4 fields, one parent)', RUNS * 4, () =>
      call(org, 'GET', `/ui-api/records/${lead}?fields=Lead.Name,Lead.Email,Lead.Status,Lead.Owner.Name`)
    );
    await measure('GET ui-api/object-info/batch (Lead, Contact, Account, User)', RUNS, () =>
      call(org, 'GET', '/ui-api/object-info/batch/Lead,Contact,Account,User')
    );
  } finally {
    await org.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
