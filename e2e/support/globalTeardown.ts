import type { BrowserServer } from 'playwright-core';

/** Closes the Chromium that globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __STRIDE_BROWSER__?: BrowserServer }).__STRIDE_BROWSER__;
  await server?.close();
}
