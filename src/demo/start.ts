/**
 * `npm start`: the local org with the sample data, the sample people enrolled, and the companion
 * running against it over HTTP, with a readable live summary of what it does. This is the
 * composition root of the demo: it is the one place that knows both the local org and the companion,
 * and hands the companion the local org's clock and SMS outbox (local-org-adapters.ts).
 *
 *   npm start                          # clock at 3600× (an hour per second); open the printed app URL
 *   npm start -- --clock-speed 600     # slower: 10 minutes per second
 *   npm start -- --simulate-reps       # a simulated rep completes manual actions (no browser needed)
 *
 * Manual steps (calls, rep-sent emails) wait for reps, who work them in the Stride app (Engage, at
 * the printed URL). With --simulate-reps a simulated rep completes them a little after they become
 * due, exactly as the Engage tab would (by writing Requested_Outcome__c), so every sequence plays
 * to its end without anyone clicking.
 */
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../local-org';
import { connectionOf, removeConnectionFile, writeConnectionFile } from '../local-org/connection-file';
import { PARTICIPANT_STATUSES } from '../core/constants';
import { SalesforceApi } from '../companion/api';
import { Companion } from '../companion/companion';
import { parseIntegerOption, parseNumberOption, OptionError } from '../companion/config';
import { enroll } from '../companion/enroll';
import { createLogger } from '../companion/logger';
import { NameMapper } from '../companion/names';
import { localOrgAdapters } from './local-org-adapters';

interface StartOptions {
  clockSpeed: number;
  port: number;
  simulateReps: boolean;
  latencyMs: number;
}

function parseArgs(argv: string[]): StartOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set([
    '--clock-speed',
    '--port',
    '--latency-ms',
    '--simulate-reps',
    '--no-simulate-reps',
    '--help'
  ]);
  for (const arg of argv)
    if (arg.startsWith('--') && !known.has(arg))
      throw new OptionError(arg, `unknown option; use ${[...known].join(', ')}`);
  return {
    clockSpeed: parseNumberOption('--clock-speed', value('--clock-speed'), 0, 100_000) ?? 3600,
    port: parseIntegerOption('--port', value('--port'), 0, 65535) ?? 0,
    latencyMs: parseIntegerOption('--latency-ms', value('--latency-ms'), 0, 10_000) ?? 0,
    simulateReps: argv.includes('--simulate-reps') && !argv.includes('--no-simulate-reps')
  };
}

const ZONE = 'America/New_York';

function orgTime(now: Date): string {
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: ZONE,
    hour12: false
  }).format(now);
}

function counts(org: LocalOrg): string {
  const rows = org.data.query('SELECT Status__c FROM Sequence_Participant__c').records as Array<{
    Status__c: string;
  }>;
  const by: Record<string, number> = {};
  for (const r of rows) by[r.Status__c] = (by[r.Status__c] ?? 0) + 1;
  return PARTICIPANT_STATUSES.filter((s) => by[s])
    .map((s) => `${by[s]} ${s.toLowerCase()}`)
    .join(', ');
}

/** What a rep would do on Engage: complete due manual actions a little after they come due. */
function simulateReps(org: LocalOrg, now: Date): number {
  const cutoff = new Date(now.getTime() - 45 * 60_000).toISOString();
  const due = org.data.query(
    `SELECT Id, Type__c FROM Participant_Action__c WHERE Status__c = 'Due' AND Activation__c = 'Manual' AND Requested_Outcome__c = null AND Task_Id__c = null AND Due_At__c <= ${cutoff.replace(/\.\d{3}Z$/, 'Z')}`
  ).records as Array<{ Id: string; Type__c: string }>;
  // Emails and texts are sent from the composer (the template as written); calls are logged as done.
  for (const { Id, Type__c } of due) {
    org.data.update('Participant_Action__c', Id, {
      Requested_Outcome__c: Type__c === 'Email' || Type__c === 'SMS' ? 'Send' : 'Complete',
      Requested_At__c: now.toISOString()
    });
  }
  const tasks = org.data.query(
    `SELECT Task_Id__c FROM Participant_Action__c WHERE Status__c = 'Due' AND Task_Id__c != null AND Due_At__c <= ${cutoff.replace(/\.\d{3}Z$/, 'Z')}`
  ).records as Array<{ Task_Id__c: string }>;
  for (const { Task_Id__c } of tasks) org.data.update('Task', Task_Id__c, { Status: 'Completed' });
  return due.length + tasks.length;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (process.argv.includes('--help')) {
    process.stdout.write(
      'npm start [-- --clock-speed 3600] [--port 4321] [--latency-ms 0] [--simulate-reps]\n'
    );
    return;
  }
  const org = await startLocalOrg({
    sampleData: true,
    port: options.port,
    latencyMs: options.latencyMs,
    clock: { speed: options.clockSpeed }
  });
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  out(`Stride local org at ${org.instanceUrl} (clock ${options.clockSpeed}× real time)`);
  out(`  open the Stride app: ${org.instanceUrl}/app/`);
  // The `stride` CLI connects to this org by default through the connection file (tokens stay in it).
  const connectionFile = writeConnectionFile(connectionOf(org));
  out(`  try, in another terminal: npm run stride -- status`);
  const log = createLogger({ level: process.env.STRIDE_LOG_LEVEL ?? 'warn', pretty: true });
  const conn = new Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    version: '66.0'
  });
  const api = new SalesforceApi(conn, new NameMapper(''), log, { version: '66.0' });
  const now = org.controls.clock.now();
  for (const [sequence, where] of [
    ['Inbound Lead Follow-up', "LeadSource = 'Web'"],
    ['Outbound Prospecting', "LeadSource IN ('Purchased List','Partner Referral','Phone Inquiry')"],
    ['Customer Onboarding', 'Email != null']
  ] as const) {
    try {
      const result = await enroll(api, { sequence, where, now });
      out(
        `  enrolled ${result.enrolled} in "${sequence}"${result.refused.length ? ` (${result.refused.length} refused: ${result.refused[0].code})` : ''}`
      );
    } catch (error) {
      out(`  could not enroll in "${sequence}": ${(error as Error).message}`);
    }
  }
  out(`Watching the sequences (org time ${ZONE}); Ctrl-C to stop.\n`);

  let quietPasses = 0;
  const companion = new Companion({
    conn,
    log,
    apiVersion: '66.0',
    namespace: '',
    adapters: localOrgAdapters({ instanceUrl: org.instanceUrl, controlToken: org.controlToken }),
    settings: { pollIntervalMs: 1000, defaultTimeZone: ZONE },
    onPass: (result, summary) => {
      const at = org.controls.clock.now();
      const reps = options.simulateReps ? simulateReps(org, at) : 0;
      const busy = !summary.includes('nothing to do') || reps > 0;
      if (busy || ++quietPasses % 15 === 0) {
        quietPasses = 0;
        out(
          `${orgTime(at).padEnd(22)} ${summary.replace(/^pass: /, '')}${reps ? ` · simulated reps completed ${reps}` : ''} | participants: ${counts(org)}`
        );
      }
      if (busy) companion.nudge();
      void result;
    }
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) process.exit(130);
    stopping = true;
    out('\nStopping (Ctrl-C again to force)…');
    await companion.stop();
    out(
      `Emails sent: ${org.controls.emailOutbox().length}; SMS sent: ${org.controls.smsOutbox().length}; participants: ${counts(org)}`
    );
    removeConnectionFile(connectionFile);
    await org.close();
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await companion.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
