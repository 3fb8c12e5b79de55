/**
 * Jest mock of lightning/navigation with a control API: the stub in sfdx-lwc-jest navigates nowhere
 * and records nothing, so tests could not assert where a click leads.
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

let navigateCalls: Array<{ pageReference: unknown; replace: boolean | undefined }> = [];

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base: new (...args: never[]) => object) =>
  class extends Base {
    [Navigate](pageReference: unknown, replace?: boolean) {
      navigateCalls.push({ pageReference, replace });
    }
    [GenerateUrl](pageReference: unknown) {
      return Promise.resolve(`/generated/${JSON.stringify(pageReference)}`);
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** Every navigation since the last reset, oldest first. */
export function getNavigateCalls() {
  return navigateCalls;
}

/** The last navigation, or undefined. */
export function getNavigateCalledWith() {
  return navigateCalls[navigateCalls.length - 1];
}

export function resetNavigateCalls() {
  navigateCalls = [];
}
