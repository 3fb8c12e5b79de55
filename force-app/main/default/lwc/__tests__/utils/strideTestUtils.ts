/** Helpers shared by every component suite (one copy instead of one per test file). */

/** Resolves after pending promises and the DOM re-render they trigger. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The control API of an sfdx-lwc-jest test wire adapter. */
export interface TestWireAdapter {
  emit(value: unknown): void;
  emitErrors(errors: unknown): void;
  error(body?: unknown, httpStatus?: number, statusText?: string): void;
  getLastConfig(): Record<string, unknown>;
}

/** Views an imported wire adapter through its test control API. */
export function testAdapter(adapter: unknown): TestWireAdapter {
  return adapter as TestWireAdapter;
}

/** Views an imported LDS function (createRecord, updateRecord …) as the jest.fn the stub exports. */
export function mocked<T extends (...args: never[]) => unknown>(fn: T): jest.MockedFunction<T> {
  return fn as unknown as jest.MockedFunction<T>;
}

/** Removes every element the previous test added; jsdom is shared across a file's tests. */
export function resetDom(): void {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
}

/** Shorthand for a query inside an element's shadow root, failing loudly when absent. */
export function shadowQuery<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`No element matches "${selector}" in <${host.tagName.toLowerCase()}>`);
  return found as T;
}

export function shadowQueryAll<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return Array.from(host.shadowRoot?.querySelectorAll(selector) ?? []) as T[];
}

/** Collects the toasts an element dispatches. */
export function captureToasts(element: Element): jest.Mock {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
}
