/// <reference lib="dom" />
/**
 * axe-core on every main screen and dialog (issue 11 item 2): no serious or critical violation.
 * One test per screen or dialog, each opened the way a user opens it; full-page screenshots of the
 * screens are kept as test output.
 */
import type { Page } from 'playwright-core';
import { buildWorld, type World } from './support/world';
import { axeViolations, screenshot, startStride, USERS, type Stride } from './support/stride';

let stride: Stride;
let world: World;

beforeAll(async () => {
  stride = await startStride();
  world = await buildWorld(stride);
});

afterAll(async () => {
  await stride?.close();
});

const row = (page: Page, name: string) =>
  page.locator('c-stride-action-list li.stride-row', { hasText: name });

async function engage(): Promise<Page> {
  const page = await stride.open(USERS.ava, '#/engage');
  await page.locator('c-stride-action-list li.stride-row').first().waitFor();
  return page;
}

describe('screens', () => {
  test.each([
    ['Engage', () => engage(), 'screen-engage'],
    [
      'Sequences list',
      async () => {
        const page = await stride.open(USERS.admin, '#/o/Sequence__c');
        await page.getByRole('link', { name: 'World Calls' }).waitFor();
        return page;
      },
      'screen-sequences'
    ],
    [
      'Leads list',
      async () => {
        const page = await stride.open(USERS.ava, '#/o/Lead');
        await page.getByRole('link', { name: 'Harper Wilson' }).waitFor();
        return page;
      },
      'screen-leads'
    ],
    [
      'Lead page with the participant panel',
      async () => {
        const page = await stride.open(USERS.ava, `#/r/Lead/${world.leads.call}`);
        await page.locator('c-stride-participant-panel li.stride-timeline-item').first().waitFor();
        return page;
      },
      'screen-lead'
    ],
    [
      'Sequence page with the editor',
      async () => {
        const page = await stride.open(USERS.admin, `#/r/Sequence__c/${world.sequenceId}`);
        await page.locator('li.stride-action').first().waitFor();
        return page;
      },
      'screen-sequence-editor'
    ],
    [
      'Task page',
      async () => {
        const page = await stride.open(USERS.ava, `#/r/Task/${world.taskId}`);
        await page.getByRole('button', { name: 'Mark Complete' }).waitFor();
        return page;
      },
      'screen-task'
    ]
  ] as const)('%s: no serious or critical violation', async (_name, open, shot) => {
    const page = await open();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, shot);
  });
});

describe('dialogs', () => {
  const opened = async (page: Page, selector: string) => {
    await page.locator(`${selector} section[role="dialog"]`).waitFor();
    return page;
  };

  test.each([
    [
      'call log',
      async () => {
        const page = await engage();
        await row(page, 'Harper Wilson').getByRole('button', { name: 'Log call' }).click();
        return opened(page, 'c-stride-call-log');
      }
    ],
    [
      'SMS composer',
      async () => {
        const page = await engage();
        await row(page, 'Henry Harris').getByRole('button', { name: 'Message' }).click();
        return opened(page, 'c-stride-sms-composer');
      }
    ],
    [
      'email composer',
      async () => {
        const page = await engage();
        await row(page, 'Evelyn Clark').getByRole('button', { name: 'Compose email' }).click();
        return opened(page, 'c-stride-email-composer');
      }
    ],
    ...(['Skip', 'Defer', 'Reschedule'] as const).map(
      (item) =>
        [
          `${item} dialog`,
          async () => {
            const page = await engage();
            await row(page, 'James Taylor')
              .getByRole('button', { name: 'More actions for James Taylor' })
              .click();
            await page.getByRole('menuitem', { name: item }).click();
            return opened(page, 'c-stride-outcome-dialog');
          }
        ] as const
    ),
    [
      'action editor',
      async () => {
        const page = await stride.open(USERS.admin, `#/r/Sequence__c/${world.sequenceId}`);
        await page.getByRole('button', { name: 'Edit Second call' }).click();
        await page
          .locator('c-stride-action-editor')
          .getByRole('button', { name: 'Show advanced settings' })
          .click();
        return opened(page, 'c-stride-action-editor');
      }
    ],
    [
      'remove action confirmation',
      async () => {
        const page = await stride.open(USERS.admin, `#/r/Sequence__c/${world.sequenceId}`);
        await page.getByRole('button', { name: 'Remove Wrap-up email' }).click();
        return opened(page, 'c-stride-sequence-editor c-stride-modal');
      }
    ],
    [
      'remove from sequence confirmation (participant panel)',
      async () => {
        const page = await stride.open(USERS.ava, `#/r/Lead/${world.leads.call}`);
        await page
          .locator('c-stride-participant-panel')
          .getByRole('button', { name: 'Remove from sequence' })
          .click();
        return opened(page, 'c-stride-participant-panel c-stride-modal');
      }
    ]
  ] as Array<readonly [string, () => Promise<Page>]>)(
    '%s: no serious or critical violation',
    async (_name, open) => {
      const page = await open();
      expect(await axeViolations(page)).toEqual([]);
    }
  );
});

afterAll(() => {
  expect(stride.pageErrors).toEqual([]);
});
