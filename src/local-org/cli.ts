/**
 * `npm run local-org`: starts a local org, leaves its connection in `.stride/local-org.json` for
 * the `stride` CLI, and prints how to connect to it (never the tokens themselves).
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import {
  connectionOf,
  LOCAL_ORG_CONNECTION_FILE,
  removeConnectionFile,
  writeConnectionFile
} from './connection-file';
import { startLocalOrg } from './index';

const number = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number >= 0`);
  return n;
};

async function main(): Promise<void> {
  const program = new Command()
    .name('local-org')
    .description('Run the Stride local org: a Salesforce REST API server on SQLite')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', number('port'), 4321)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite database file or :memory:', ':memory:')
    .option('--sample-data [plan]', 'load users, business hours, holidays and the sample data plan')
    .option('--namespace <ns>', 'serve custom objects and fields under this namespace (e.g. stride)')
    .option('--latency-ms <ms>', 'added latency per API request', number('latency'), 0)
    .option(
      '--clock-speed <factor>',
      'run the clock this many times faster than real time',
      number('clock speed'),
      1
    )
    .option('--clock-start <iso>', 'start the clock at this instant')
    .option('--daily-api-limit <n>', 'daily API request allocation', number('daily API limit'), 100000)
    .option(
      '--allowed-origin <origin>',
      "a browser origin besides the org's own that may call it (CORS), e.g. http://127.0.0.1:4431; repeatable",
      (value: string, previous: string[]) => [...previous, new URL(value).origin],
      [] as string[]
    )
    .option(
      '--jwt-certificate <file>',
      'PEM certificate JWT bearer assertions must be signed for (default: generated)'
    )
    .option('--jwt-client-id <id>', 'consumer key of the connected app (default stride-local-org)')
    .option(
      '--jwt-permission-set <name>',
      'a permission set assigned to the connected app: its assignees are pre-authorised for the JWT bearer flow; repeatable (default Stride_Agent and Stride_Admin, the Stride users)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value]
    )
    .parse();
  const opts = program.opts<{
    port: number;
    host: string;
    db: string;
    sampleData?: boolean | string;
    namespace?: string;
    latencyMs: number;
    clockSpeed: number;
    clockStart?: string;
    dailyApiLimit: number;
    allowedOrigin: string[];
    jwtCertificate?: string;
    jwtClientId?: string;
    jwtPermissionSet?: string[];
  }>();
  const org = await startLocalOrg({
    port: opts.port,
    host: opts.host,
    db: opts.db,
    sampleData: opts.sampleData,
    namespace: opts.namespace,
    latencyMs: opts.latencyMs,
    clock: { start: opts.clockStart, speed: opts.clockSpeed },
    dailyApiLimit: opts.dailyApiLimit,
    allowedOrigins: opts.allowedOrigin,
    connectedApp: {
      clientId: opts.jwtClientId,
      certificate: opts.jwtCertificate ? readFileSync(opts.jwtCertificate, 'utf8') : undefined,
      // The connected app is pre-authorised for Stride users, as the README's org set-up assigns it.
      permissionSetNames: opts.jwtPermissionSet ?? ['Stride_Agent', 'Stride_Admin']
    }
  });
  const connectionFile = writeConnectionFile(connectionOf(org));
  const lines = [
    `Local org listening on ${org.instanceUrl} (API v${org.apiVersion}, database ${opts.db})`,
    `  org id        ${org.orgId}`,
    `  user          ${org.username} (${org.userId})`,
    `  connection    ${connectionFile} (the stride CLI's default org; tokens stay in this file)`,
    org.sampleData
      ? `  sample data   ${JSON.stringify(org.sampleData.created)}${org.sampleData.planFound ? '' : ' (no plan file found)'}`
      : '',
    `  sf CLI        SF_ACCESS_TOKEN=$(node -p "require('./${LOCAL_ORG_CONNECTION_FILE}').accessToken") npx sf org login access-token --instance-url ${org.instanceUrl} --no-prompt --alias local`,
    `  controls      curl -H "Authorization: Bearer $(node -p "require('./${LOCAL_ORG_CONNECTION_FILE}').controlToken")" ${org.instanceUrl}/_local/state`,
    opts.allowedOrigin.length
      ? `  origins       ${opts.allowedOrigin.join(', ')} (besides ${org.instanceUrl})`
      : ''
  ].filter(Boolean);
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    removeConnectionFile(connectionFile);
    org.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-org: ${(error as Error).message}\n`);
  process.exit(1);
});
