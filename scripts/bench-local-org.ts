/**
 * `npm run bench:local-org`: measures the local org over HTTP through jsforce. The org runs in its
 * own process (as `npm run local-org` does), so the load client does not share its event loop.
 *
 * 1. records per second for sObject Collections inserts of 200 records (loading 100,000
 *    Participant_Action__c rows);
 * 2. first-batch latency of a filtered, ordered query over those 100,000 rows (the companion's
 *    "due work" query);
 * 3. requests per second of single-record reads (GET /sobjects/X/{id}) with concurrent clients;
 * 4. records per second of a Bulk API 2.0 ingest job inserting 100,000 Leads (from job creation to
 *    JobComplete: CSV upload, close, the org's chunked processing, status polls).
 *
 * Options: --actions N (default 100000), --reads-seconds S (default 5), --concurrency C (default 16),
 * --leads N (default 100000).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsforce from 'jsforce';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const ACTIONS = option('actions', 100_000);
const READ_SECONDS = option('reads-seconds', 5);
const CONCURRENCY = option('concurrency', 16);
const LEADS = option('leads', 100_000);
const STATUSES = [
  'Upcoming',
  'Upcoming',
  'Upcoming',
  'Upcoming',
  'Upcoming',
  'Upcoming',
  'Upcoming',
  'Due',
  'Completed',
  'Completed'
];

const ADMIN = 'sam.admin@stride.local';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** The part of the connection file the bench reads. */
type LocalOrgConnection = {
  accessToken: string;
  clientId: string;
  clientSecret: string;
  passwords: Record<string, string>;
};

type OrgProcess = { child: ChildProcess; instanceUrl: string; connection: LocalOrgConnection };

/**
 * Starts `src/local-org/cli.ts` in a child process; reads its URL from stdout and its tokens and the
 * sample users' passwords from the connection file it writes (the CLI never prints them).
 */
function startOrgProcess(): Promise<OrgProcess> {
  const root = path.resolve(__dirname, '..');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'src/local-org/cli.ts'),
      '--port',
      '0',
      '--daily-api-limit',
      '100000000',
      '--clock-start',
      '2026-06-01T12:00:00Z',
      '--clock-speed',
      '0',
      // The sample users and their permission sets, no records: an admin creates the sequence.
      '--sample-data',
      path.join(root, 'src/companion/__tests__/acceptance/fixtures/users-only-plan.json')
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`local org exited with code ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const file = /connection\s+(\S+\.json)/.exec(out)?.[1];
      if (url && file) {
        resolve({ child, instanceUrl: url, connection: JSON.parse(readFileSync(file, 'utf8')) });
      }
    });
  });
}

async function main(): Promise<void> {
  const org = await startOrgProcess();
  // The integration user, as the companion runs; sequences are an admin's to create.
  const accessToken = org.connection.accessToken;
  const conn = new jsforce.Connection({ instanceUrl: org.instanceUrl, accessToken, version: '66.0' });
  const admin = new jsforce.Connection({
    oauth2: {
      loginUrl: org.instanceUrl,
      clientId: org.connection.clientId,
      clientSecret: org.connection.clientSecret
    },
    version: '66.0'
  });
  try {
    await admin.login(ADMIN, org.connection.passwords[ADMIN]);
    const seq = await admin.sobject('Sequence__c').create({ Name: 'Bench', Target_Object__c: 'Lead' });
    const seqId = (seq as { id: string }).id;
    const participantCount = Math.max(1, Math.ceil(ACTIONS / 100));
    const participants: string[] = [];
    for (let i = 0; i < participantCount; i += 200) {
      const batch = Array.from({ length: Math.min(200, participantCount - i) }, () => ({
        Sequence__c: seqId,
        Status__c: 'Active'
      }));
      const results = await conn.sobject('Sequence_Participant__c').create(batch);
      participants.push(...results.map((r) => r.id as string));
    }

    // 1. Collection inserts of 200.
    const base = Date.parse('2026-06-01T00:00:00Z');
    const started = performance.now();
    let inserted = 0;
    let sampleId = '';
    for (let i = 0; i < ACTIONS; i += 200) {
      const batch = Array.from({ length: Math.min(200, ACTIONS - i) }, (_, j) => {
        const n = i + j;
        return {
          Participant__c: participants[n % participants.length],
          Step_Number__c: (n % 10) + 1,
          Type__c: ['Call', 'SMS', 'Email', 'Task'][n % 4],
          Status__c: STATUSES[n % STATUSES.length],
          Due_At__c: new Date(base + ((n * 7919) % (14 * 86_400)) * 1000).toISOString()
        };
      });
      const results = await conn.sobject('Participant_Action__c').create(batch);
      if (results.some((r) => !r.success))
        throw new Error(`insert failed: ${JSON.stringify(results.find((r) => !r.success))}`);
      inserted += results.length;
      sampleId = results[0].id as string;
    }
    const insertSeconds = (performance.now() - started) / 1000;

    // 2. First batch of the due-work query.
    const soql =
      "SELECT Id, Name, Status__c, Due_At__c, Type__c, Participant__c, Participant__r.Sequence__c FROM Participant_Action__c WHERE Status__c = 'Due' AND Due_At__c <= 2026-06-10T00:00:00Z ORDER BY Due_At__c ASC";
    const latencies: number[] = [];
    let firstBatch = 0;
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const result = await conn.query(soql);
      latencies.push(performance.now() - t);
      firstBatch = result.records.length;
      total = result.totalSize;
    }

    // 3. Single-record reads: through jsforce (what the companion sees) and through bare fetch
    //    (closer to the server's own capacity, since the client shares the machine's two cores).
    const ids = (await conn.query('SELECT Id FROM Participant_Action__c LIMIT 2000')).records.map(
      (r) => r.Id as string
    );
    const readLoad = async (read: (id: string) => Promise<unknown>): Promise<number> => {
      let reads = 0;
      const deadline = performance.now() + READ_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, worker) => {
          let k = worker;
          while (performance.now() < deadline) {
            await read(ids[k % ids.length] ?? sampleId);
            reads++;
            k += CONCURRENCY;
          }
        })
      );
      return reads / READ_SECONDS;
    };
    const jsforceReads = await readLoad((id) => conn.sobject('Participant_Action__c').retrieve(id));
    const fetchReads = await readLoad((id) =>
      fetch(`${org.instanceUrl}/services/data/v66.0/sobjects/Participant_Action__c/${id}`, {
        headers: { Authorization: `Bearer ${accessToken}` }
      }).then((r) => r.text())
    );

    // 4. Bulk API 2.0 ingest of Leads: one job, one CSV upload, closed, polled until complete.
    const csv = [
      'FirstName,LastName,Company,Email,Status',
      ...Array.from(
        { length: LEADS },
        (_, n) => `Bulk,Lead ${n},Company ${n % 1000},lead${n}@bulk.example,Open - Not Contacted`
      )
    ].join('\n');
    const bulkStarted = performance.now();
    const job = conn.bulk2.createJob({ object: 'Lead', operation: 'insert', lineEnding: 'LF' });
    await job.open();
    await job.uploadData(csv);
    await job.close();
    await job.poll(250, 600_000);
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;
    const bulkInfo = await job.check();
    if (bulkInfo.numberRecordsFailed !== 0 || bulkInfo.numberRecordsProcessed !== LEADS) {
      throw new Error(`bulk ingest: ${JSON.stringify(bulkInfo)}`);
    }

    const lines = [
      `local org benchmark (${ACTIONS.toLocaleString('en-US')} participant actions, Node ${process.version})`,
      `  collection inserts (200/call): ${Math.round(inserted / insertSeconds).toLocaleString('en-US')} records/s (${inserted.toLocaleString('en-US')} records in ${insertSeconds.toFixed(1)} s)`,
      `  due-work query, first batch:   median ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (${firstBatch} of ${total} matching rows, 20 runs)`,
      `  single-record reads:           ${Math.round(jsforceReads).toLocaleString('en-US')} requests/s through jsforce, ${Math.round(fetchReads).toLocaleString('en-US')} requests/s through fetch (${CONCURRENCY} concurrent clients, ${READ_SECONDS} s each)`,
      `  Bulk API 2.0 ingest (Leads):   ${Math.round(LEADS / bulkSeconds).toLocaleString('en-US')} records/s (${LEADS.toLocaleString('en-US')} records in ${bulkSeconds.toFixed(1)} s, job creation to JobComplete)`
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    org.child.removeAllListeners('exit');
    org.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:local-org failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
