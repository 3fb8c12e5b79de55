/**
 * Finding Chromium for the e2e suite and the UI benchmark: STRIDE_CHROMIUM (a path, e.g. Debian's
 * /usr/bin/chromium) or the Chromium inside the @sparticuz/chromium npm package. Never downloads.
 */
import fs from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

export const BROWSER_FIX =
  'No Chromium for the browser tests: run `npm ci` (it installs @sparticuz/chromium), or `apt-get install -y chromium` and set STRIDE_CHROMIUM=/usr/bin/chromium.';

const DROPPED_ARGS = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content'
]);

export async function chromiumLaunchOptions(): Promise<LaunchOptions> {
  const explicit = process.env.STRIDE_CHROMIUM;
  if (explicit) {
    if (!fs.existsSync(explicit))
      throw new Error(`${BROWSER_FIX} (STRIDE_CHROMIUM=${explicit} does not exist)`);
    return {
      executablePath: explicit,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run']
    };
  }
  let executablePath: string;
  let args: string[];
  try {
    // A real dynamic import (the package is ESM only; ts-jest would turn import() into require()).
    const load = new Function('specifier', 'return import(specifier)') as (
      specifier: string
    ) => Promise<{ default: { executablePath(): Promise<string>; args: string[] } }>;
    const { default: sparticuz } = await load('@sparticuz/chromium');
    executablePath = await sparticuz.executablePath();
    // Its defaults are for AWS Lambda: one process (a closing context can take the whole browser
    // down) and web security off. The tests want a browser as a rep has it.
    args = sparticuz.args.filter((arg) => !DROPPED_ARGS.has(arg));
  } catch (error) {
    throw new Error(`${BROWSER_FIX} (${(error as Error).message})`);
  }
  if (!executablePath || !fs.existsSync(executablePath)) throw new Error(BROWSER_FIX);
  return { executablePath, args, headless: true };
}
