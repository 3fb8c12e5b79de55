/**
 * Once per e2e run: build the app bundle if an input changed, and start one Chromium that every
 * test file connects to (its WebSocket endpoint goes to the workers through the environment).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');

export default async function globalSetup(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'app.rollup.mjs'), '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8'
  });
  if (build.status !== 0) throw new Error(`the app bundle did not build:\n${build.stderr || build.stdout}`);
  // Shared: a test file disconnecting (browser.close() on a connected browser) must not close the
  // browser for the files still running. playwright-core 1.65 calls this launch option _sharedBrowser.
  const server = await chromium.launchServer({
    ...(await chromiumLaunchOptions()),
    _sharedBrowser: true
  } as Parameters<typeof chromium.launchServer>[0]);
  (globalThis as { __STRIDE_BROWSER__?: unknown }).__STRIDE_BROWSER__ = server;
  process.env.STRIDE_E2E_BROWSER = server.wsEndpoint();
}
