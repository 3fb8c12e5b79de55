/**
 * The `stride` command line wired to a local org (src/local-org) running on this machine: the
 * companion follows the local org's clock, texts through its SMS outbox, asks its SMTP server about
 * unknown SMTP outcomes and registers the SMS webhook with its simulated provider
 * (local-org-adapters.ts). The production entry (src/companion/cli.ts, plain `bin/stride`) knows
 * none of this.
 *
 *   bin/stride --local-org status     compiled; the org must be a local org (else a clear error)
 *   npm run stride -- status          from source (tsx); a local org is detected, any other org
 *                                     gets the production defaults; `--local-org` makes it required
 *
 * The control token that opens the local org's controls comes from STRIDE_LOCAL_ORG_CONTROL_TOKEN,
 * or from `.stride/local-org.json` when that file describes the org connected to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../companion/cli';
import { OptionError } from '../companion/config';
import { registerSecret } from '../companion/logger';
import type { OrgAdapters, OrgAdaptersFor } from '../companion/org-adapters';
import { isLoopbackUrl, localOrgAdapters, probeLocalOrg } from './local-org-adapters';

/** The flag bin/stride takes out of the arguments to choose this entry. */
export const LOCAL_ORG_FLAG = '--local-org';

/** The control token in `.stride/local-org.json`, when that file describes this org. */
function controlTokenFromConnectionFile(instanceUrl: string, file: string): string | undefined {
  let parsed: { instanceUrl?: unknown; controlToken?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof parsed;
  } catch {
    return undefined;
  }
  const same = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
  return typeof parsed.instanceUrl === 'string' &&
    typeof parsed.controlToken === 'string' &&
    same(parsed.instanceUrl, instanceUrl)
    ? parsed.controlToken
    : undefined;
}

/**
 * The control token for the org being connected to: STRIDE_LOCAL_ORG_CONTROL_TOKEN, or the
 * connection file's when it describes that org.
 */
export function localOrgControlToken(
  instanceUrl: string,
  env: NodeJS.ProcessEnv,
  connectionFile = path.resolve('.stride', 'local-org.json')
): string | undefined {
  return env.STRIDE_LOCAL_ORG_CONTROL_TOKEN || controlTokenFromConnectionFile(instanceUrl, connectionFile);
}

/**
 * The local org's adapters for the org connected to. `required`: an org that is not a local org, or
 * refuses the control token, is an OptionError; otherwise it gets the production defaults (with a
 * warning when it is a local org without its token).
 */
export function localOrgAdaptersFor(options: { required: boolean; env?: NodeJS.ProcessEnv }): OrgAdaptersFor {
  const env = options.env ?? process.env;
  return async ({ instanceUrl }, log) => {
    const refuse = (reason: string): OrgAdapters => {
      if (options.required) throw new OptionError(LOCAL_ORG_FLAG, reason);
      return {};
    };
    if (!isLoopbackUrl(instanceUrl))
      return refuse(`${instanceUrl} is not on this machine, so not a local org`);
    const controlToken = localOrgControlToken(instanceUrl, env);
    registerSecret(controlToken);
    const access = { instanceUrl, controlToken };
    const probe = await probeLocalOrg(access);
    if (probe === 'locked') {
      const reason = `the local org at ${instanceUrl} refuses the control token (set STRIDE_LOCAL_ORG_CONTROL_TOKEN from .stride/local-org.json)`;
      if (!options.required)
        log.warn({ instanceUrl }, `${reason}: following the system clock, no SMS outbox`);
      return refuse(reason);
    }
    if (probe === 'remote') return refuse(`${instanceUrl} does not answer as a local org (no clock control)`);
    log.info({ instanceUrl }, 'local org: following its clock, texting through its SMS outbox');
    return localOrgAdapters(access);
  };
}

/** Runs the command line with the local org's adapters (`--local-org` in argv: required). */
export function mainWithLocalOrg(argv: string[], required = argv.includes(LOCAL_ORG_FLAG)): Promise<number> {
  return main(
    argv.filter((arg) => arg !== LOCAL_ORG_FLAG),
    localOrgAdaptersFor({ required })
  );
}

if (require.main === module) {
  void mainWithLocalOrg(process.argv).then((code) => {
    process.exitCode = code;
  });
}
