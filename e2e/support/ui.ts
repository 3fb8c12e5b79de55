/// <reference lib="dom" />
/**
 * Driving lightning-base-components the way a user does: by their labels and roles, with the
 * mouse or the keyboard. (Synthetic shadow renders them in the light DOM, so locators reach in.)
 */
import type { Locator, Page } from 'playwright-core';

/** A label as the accessible name reads it: exact, after the "*" a required field shows. */
export function labelled(label: string): RegExp {
  return new RegExp(`^\\*?\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** Opens a lightning-combobox by its label and picks an option by its text. */
export async function pick(scope: Locator | Page, label: string, option: string): Promise<void> {
  const box = scope.getByRole('combobox', { name: labelled(label) });
  await box.click();
  const page = 'page' in scope ? scope.page() : scope;
  await page.getByRole('option', { name: option, exact: true }).last().click();
}

/** Types into a lightning-input by its label (replacing what is there) and commits it. */
export async function fill(scope: Locator | Page, label: string, value: string): Promise<void> {
  const input = scope.getByLabel(labelled(label));
  await input.fill(value);
  await input.blur();
}

/** The element that has keyboard focus, described as tag + accessible label or text. */
export function focusedDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    const deepActive = (): Element | null => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active;
    };
    const element = deepActive();
    if (!element || element === document.body) return 'body';
    const label =
      element.getAttribute('aria-label') ||
      element.getAttribute('title') ||
      (element.textContent ?? '').trim().slice(0, 60);
    return `${element.tagName.toLowerCase()}:${label}`;
  });
}

/**
 * Asserts that what `read` returns (where keyboard focus is) settles on `expected` within 5 s.
 * Components move focus once they have rendered again, a frame or a request after the key press
 * that caused it; asserting at once made the suites fail under load (CI) while the app was right.
 */
export async function settlesTo<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  expect(value).toBe(expected);
}

/** WCAG contrast ratio between two CSS colours (rgb/rgba strings). */
export function contrastRatio(foreground: string, background: string): number {
  const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (color: string) => {
    const [r, g, b] = channels(color).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
