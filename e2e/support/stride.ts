/**
 * One Stride per e2e test file: a local org with the sample data (the app served from its /app
 * route), the companion running against it on a fast clock, and pages in the shared Chromium
 * signed in as a given user. Also the checks every scenario uses: records through the org, axe,
 * screenshots, and the page's console errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from 'jsforce';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../src/local-org';
import { configureApp } from '../../src/app/serve';
import { Companion } from '../../src/companion/companion';
import { SalesforceApi } from '../../src/companion/api';
import { enroll } from '../../src/companion/enroll';
import { createLogger } from '../../src/companion/logger';
import { NameMapper } from '../../src/companion/names';
import { localOrgAdapters } from '../../src/demo/local-org-adapters';
import { BROWSER_FIX } from './browser';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The sample users by role (src/local-org/sample-data.ts). */
export const USERS = {
  admin: 'sam.admin@stride.local',
  ava: 'ava.reed@stride.local',
  ben: 'ben.ortiz@stride.local',
  chloe: 'chloe.martin@stride.local',
  dana: 'dana.kim@stride.local'
} as const;

/**
 * Where the org clock starts unless a suite says otherwise: Tuesday 10:00 in New York, the sample
 * people's zone. A suite must not depend on when it runs: at 21:00 New York time real "now" puts
 * every SMS in quiet hours and, at weekends, every business-hours step on hold.
 */
export const WEEKDAY_MORNING = '2026-12-01T15:00:00.000Z';

export interface StrideOptions {
  /** Org clock speed (60 = a minute per second). */
  clockSpeed?: number;
  /** Start the org clock here (default: {@link WEEKDAY_MORNING}). */
  clockStart?: string;
  /** Run the companion loop in the background (default true). */
  companion?: boolean;
  /** Enroll the sample people as `npm start` does (default false). */
  enrollSamples?: boolean;
}

export interface Stride {
  org: LocalOrg;
  /** The companion's API client as the integration user (for set-up such as `stride enroll`). */
  api: SalesforceApi;
  browser: Browser;
  companion: Companion | null;
  /** A page signed in as `username` at `hash` (e.g. '#/engage'); its errors are collected. */
  open(username: string, hash: string): Promise<Page>;
  /** Records through the org (trusted, uncounted). */
  query<T = Record<string, unknown>>(soql: string): T[];
  userId(username: string): string;
  /** Runs one companion pass now (in addition to the background loop). */
  pass(): Promise<void>;
  /** Errors the pages logged (console errors and uncaught exceptions). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startStride(options: StrideOptions = {}): Promise<Stride> {
  const endpoint = process.env.STRIDE_E2E_BROWSER;
  if (!endpoint) throw new Error(`${BROWSER_FIX} (the e2e global setup did not start a browser)`);
  configureApp({ pollMs: 1000 });
  const org = await startLocalOrg({
    sampleData: true,
    clock: { speed: options.clockSpeed ?? 60, start: options.clockStart ?? WEEKDAY_MORNING }
  });
  const browser = await chromium.connect(endpoint);
  const log = createLogger({ level: 'silent' });
  const conn = new Connection({
    instanceUrl: org.instanceUrl,
    accessToken: org.accessToken,
    version: '66.0'
  });
  const api = new SalesforceApi(conn, new NameMapper(''), log, { version: '66.0' });
  // Each scenario enrolls its own people; the sample plan's automatic sequence would take the sample
  // Leads first (an open enrollment excludes every other sequence), so it enrolls nobody here.
  for (const sequence of org.data.query("SELECT Id FROM Sequence__c WHERE Enrollment__c = 'Automatic'")
    .records as Array<{ Id: string }>)
    org.data.update('Sequence__c', sequence.Id, { Enrollment__c: 'Manual' });
  if (options.enrollSamples) {
    await enroll(api, {
      sequence: 'Inbound Lead Follow-up',
      where: "LeadSource = 'Web'",
      now: org.controls.clock.now()
    });
  }
  const makeCompanion = () =>
    new Companion({
      conn,
      log,
      apiVersion: '66.0',
      namespace: '',
      adapters: localOrgAdapters({ instanceUrl: org.instanceUrl, controlToken: org.controlToken }),
      settings: { pollIntervalMs: 300, defaultTimeZone: 'America/New_York' }
    });
  const companion = options.companion === false ? null : makeCompanion();
  const running = companion?.start().catch((error: unknown) => {
    throw error;
  });
  const passer = companion ?? makeCompanion();
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const sampleUsers = org.sampleData?.users ?? {};

  return {
    org,
    api,
    browser,
    companion,
    pageErrors,
    async open(username, hash) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`${username}: ${message.text()}`);
      });
      await page.goto(`${org.instanceUrl}/app/?as=${encodeURIComponent(username)}${hash}`);
      await page.locator('app-shell').waitFor();
      return page;
    },
    query<T>(soql: string) {
      return org.data.query(soql).records as T[];
    },
    userId(username) {
      if (username === USERS.admin) return org.userId;
      const id = sampleUsers[username];
      if (!id) throw new Error(`no sample user ${username}`);
      return id;
    },
    async pass() {
      await passer.runOnce();
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
      await browser.close();
      await companion?.stop();
      await running?.catch(() => undefined);
      await org.close();
    }
  };
}

/** Serious and critical axe violations on the page (or under `selector`), as readable lines. */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (scope) => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string;
              help: string;
              nodes: Array<{ target: string[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(
      scope ? { include: [[scope]] } : (globalThis as unknown as { document: unknown }).document,
      { resultTypes: ['violations'] }
    );
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' '))
    }));
  }, selector ?? null);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.targets.join(', ')})`
    );
}

/** A full-page screenshot kept as test output (e2e/screenshots, git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Polls `read` until `accept` holds (the companion works in the background); returns the value. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await read();
  }
  return value;
}
