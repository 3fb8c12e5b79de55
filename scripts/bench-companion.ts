/**
 * npm run bench:companion — API frugality and throughput of the companion, measured against the
 * local org with 50 ms added latency per API call:
 *
 * - Stride: the companion processes N due automatic emails end to end (claim, send via emailSimple,
 *   upsert its Conversation, record the outcome, complete the action, date the next step), counting every API call from a
 *   cold start (namespace detection, describes and configuration included).
 * - Baseline: a straightforward per-record implementation (one request per read and per write,
 *   one at a time) doing the same work for a smaller sample.
 *
 * - Workers: real `stride run` processes, one and then three, on the same due emails; emails per
 *   second from the first send to the last completion (process start-up left out).
 *
 * Prints API calls per 1,000 actions and actions per second for both, and the ratios.
 * Options: --actions N (default 2000), --baseline-actions N (default 60), --latency-ms N (default 50),
 * --worker-emails N (default 3000).
 */
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../src/local-org';
import { Companion } from '../src/companion/companion';
import { silentLogger } from '../src/companion/logger';
import { seedEmailScenario } from '../src/companion/__tests__/helpers';
import { throughput } from './reliability/scenarios';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name}: expected a whole number ≥ 1, got ${process.argv[index + 1]}`);
  return value;
}

async function freshOrg(latencyMs: number): Promise<LocalOrg> {
  const org = await startLocalOrg({
    clock: { start: '2026-12-01T15:00:00Z', speed: 1 },
    dailyEmailLimit: 1_000_000
  });
  void latencyMs;
  return org;
}

function completed(org: LocalOrg, ids: string[]): number {
  const set = new Set(ids);
  return (
    org.data.query("SELECT Id FROM Participant_Action__c WHERE Status__c = 'Completed'").records as Array<{
      Id: string;
    }>
  ).filter((r) => set.has(r.Id)).length;
}

async function benchStride(
  actions: number,
  latencyMs: number
): Promise<{ calls: number; seconds: number; sent: number }> {
  const org = await freshOrg(latencyMs);
  try {
    const scenario = seedEmailScenario(org, { count: actions, withFollowUp: true });
    org.controls.setLatency(latencyMs);
    org.controls.resetApiUsage();
    const started = Date.now();
    const companion = new Companion({
      conn: new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: '66.0' }),
      log: silentLogger(),
      apiVersion: '66.0',
      localOrgControlToken: org.controlToken,
      settings: { dailyEmailCapPerOwner: 1_000_000, batchSize: 2000 }
    });
    for (let pass = 0; pass < 20 && completed(org, scenario.emailActionIds) < actions; pass++)
      await companion.runOnce();
    const seconds = (Date.now() - started) / 1000;
    return { calls: org.controls.apiUsage().used, seconds, sent: org.controls.emailOutbox().length };
  } finally {
    await org.close();
  }
}

/** One request per read and per write, one at a time: what a straightforward implementation does. */
async function benchBaseline(
  actions: number,
  latencyMs: number
): Promise<{ calls: number; seconds: number; sent: number }> {
  const org = await freshOrg(latencyMs);
  try {
    seedEmailScenario(org, { count: actions, withFollowUp: true });
    org.controls.setLatency(latencyMs);
    org.controls.resetApiUsage();
    const conn = new Connection({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      version: '66.0'
    });
    const started = Date.now();
    const due = await conn.query<{ Id: string }>(
      "SELECT Id FROM Participant_Action__c WHERE Status__c = 'Due' AND Activation__c = 'Automatic'"
    );
    for (const { Id } of due.records) {
      const pa = (
        await conn.query<{
          Id: string;
          Participant__c: string;
          Step_Number__c: number;
          Sequence_Action__r: { Subject__c: string; Body__c: string };
          Participant__r: { Lead__c: string; Lead__r: { Email: string; FirstName: string } };
        }>(
          `SELECT Id, Participant__c, Step_Number__c, Sequence_Action__r.Subject__c, Sequence_Action__r.Body__c, Participant__r.Lead__c, Participant__r.Lead__r.Email, Participant__r.Lead__r.FirstName FROM Participant_Action__c WHERE Id = '${Id}'`
        )
      ).records[0];
      const attempt = (await conn
        .sobject('Action_Attempt__c')
        .create({ Key__c: `${Id}:1`, Participant_Action__c: Id, Worker__c: 'baseline' })) as { id: string };
      await conn.requestPost('/actions/standard/emailSimple', {
        inputs: [
          {
            emailAddresses: pa.Participant__r.Lead__r.Email,
            emailSubject: pa.Sequence_Action__r.Subject__c.replace(
              '{!Recipient.FirstName}',
              pa.Participant__r.Lead__r.FirstName
            ),
            emailBody: pa.Sequence_Action__r.Body__c.replace(
              '{!Recipient.FirstName}',
              pa.Participant__r.Lead__r.FirstName
            ),
            relatedRecordId: Id,
            logEmailOnSend: true
          }
        ]
      });
      await conn.sobject('Action_Attempt__c').update({ Id: attempt.id, Outcome__c: 'Sent' });
      const now = new Date().toISOString();
      await conn
        .sobject('Participant_Action__c')
        .update({ Id, Status__c: 'Completed', Completed_At__c: now });
      const next = (
        await conn.query<{ Id: string }>(
          `SELECT Id FROM Participant_Action__c WHERE Participant__c = '${pa.Participant__c}' AND Step_Number__c = ${pa.Step_Number__c + 1}`
        )
      ).records[0];
      if (next)
        await conn
          .sobject('Participant_Action__c')
          .update({ Id: next.Id, Due_At__c: new Date(Date.now() + 86_400_000).toISOString() });
      await conn
        .sobject('Sequence_Participant__c')
        .update({ Id: pa.Participant__c, Current_Step__c: pa.Step_Number__c + 1 });
    }
    const seconds = (Date.now() - started) / 1000;
    return { calls: org.controls.apiUsage().used, seconds, sent: org.controls.emailOutbox().length };
  } finally {
    await org.close();
  }
}

async function main(): Promise<void> {
  const actions = option('actions', 2000);
  const baselineActions = option('baseline-actions', 60);
  const latencyMs = option('latency-ms', 50);
  process.stdout.write(`Companion benchmark: local org, ${latencyMs} ms added latency per API call\n`);
  const stride = await benchStride(actions, latencyMs);
  const baseline = await benchBaseline(baselineActions, latencyMs);
  if (stride.sent !== actions) throw new Error(`Stride sent ${stride.sent} emails for ${actions} actions`);
  if (baseline.sent !== baselineActions)
    throw new Error(`Baseline sent ${baseline.sent} emails for ${baselineActions} actions`);
  const row = (
    name: string,
    n: number,
    r: { calls: number; seconds: number }
  ): { name: string; perThousand: number; perSecond: number } => {
    const perThousand = (r.calls / n) * 1000;
    const perSecond = n / r.seconds;
    process.stdout.write(
      `${name.padEnd(30)} ${String(n).padStart(5)} actions  ${String(r.calls).padStart(6)} API calls  ${perThousand.toFixed(1).padStart(8)} calls/1,000 actions  ${perSecond.toFixed(1).padStart(8)} actions/s  (${r.seconds.toFixed(2)} s)\n`
    );
    return { name, perThousand, perSecond };
  };
  const s = row('Stride companion (batched)', actions, stride);
  const b = row('Baseline (one call per record)', baselineActions, baseline);
  process.stdout.write(
    `Ratios: ${(b.perThousand / s.perThousand).toFixed(1)}× fewer API calls, ${(s.perSecond / b.perSecond).toFixed(1)}× more actions per second\n`
  );
  process.stdout.write(
    `Acceptance: ≤ 40 calls per 1,000 actions: ${s.perThousand <= 40 ? 'yes' : 'NO'}; ≥ 500 actions/s: ${s.perSecond >= 500 ? 'yes' : 'NO'}\n`
  );
  await benchWorkers(option('worker-emails', 3000), latencyMs);
}

/** One worker process against three on the same due emails: does the claim protocol let them share the work? */
async function benchWorkers(emails: number, latencyMs: number): Promise<void> {
  const rates: number[] = [];
  for (const workers of [1, 3]) {
    const report = await throughput({ emails, workers, batchSize: 200, latencyMs, timeoutMs: 900_000 });
    if (report.check.sentOnce !== emails || report.check.duplicates !== 0)
      throw new Error(`${workers} worker(s): ${JSON.stringify(report.check)}`);
    const perSecond = emails / report.sendingSeconds;
    rates.push(perSecond);
    process.stdout.write(
      `${`Workers: ${workers} process${workers > 1 ? 'es' : ''}`.padEnd(30)} ${String(emails).padStart(5)} emails  ${perSecond.toFixed(1).padStart(8)} emails/s  (${report.sendingSeconds.toFixed(2)} s sending, ${report.seconds.toFixed(2)} s with start-up)\n`
    );
  }
  const scaling = rates[1] / rates[0];
  process.stdout.write(
    `Scaling: 3 workers ${scaling.toFixed(2)}× one worker (target ≥ 2.5×: ${scaling >= 2.5 ? 'yes' : 'NO'})\n`
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:companion failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
