/**
 * Hand-written declarations for the platform modules the components use that
 * @salesforce/lightning-types does not cover (Lightning Data Service, navigation, toasts,
 * schema and label imports). They describe only what Stride calls; shapes follow the LWC docs.
 */

/** A field or object reference produced by `@salesforce/schema/*` imports. */
interface StrideFieldId {
  fieldApiName: string;
  objectApiName: string;
}
interface StrideObjectId {
  objectApiName: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type StrideWireAdapter = import('lwc').WireAdapterConstructor<any, any, any>;

declare module 'lightning/uiRecordApi' {
  export interface RecordInput {
    apiName?: string;
    fields: Record<string, unknown>;
    allowSaveOnDuplicate?: boolean;
  }
  export interface FieldValueRepresentation {
    value: unknown;
    displayValue: string | null;
  }
  export interface RecordRepresentation {
    id: string;
    apiName: string;
    fields: Record<string, FieldValueRepresentation>;
  }
  export const getRecord: StrideWireAdapter;
  export const getRecords: StrideWireAdapter;
  export function createRecord(recordInput: RecordInput): Promise<RecordRepresentation>;
  export function updateRecord(
    recordInput: RecordInput,
    clientOptions?: unknown
  ): Promise<RecordRepresentation>;
  export function deleteRecord(recordId: string): Promise<void>;
  export function getFieldValue(record: unknown, field: StrideFieldId | string): unknown;
  export function getFieldDisplayValue(record: unknown, field: StrideFieldId | string): unknown;
  export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void>;
}

declare module 'lightning/uiObjectInfoApi' {
  export const getObjectInfo: StrideWireAdapter;
  export const getObjectInfos: StrideWireAdapter;
  export const getPicklistValues: StrideWireAdapter;
  export const getPicklistValuesByRecordType: StrideWireAdapter;
}

declare module 'lightning/graphql' {
  export const graphql: StrideWireAdapter;
  /** Tags a GraphQL document; the platform parses it at compile time. */
  export function gql(strings: TemplateStringsArray, ...values: unknown[]): unknown;
}

declare module 'lightning/uiGraphQLApi' {
  export const graphql: StrideWireAdapter;
  /** Tags a GraphQL document; the platform parses it at compile time. */
  export function gql(strings: TemplateStringsArray, ...values: unknown[]): unknown;
  export function refreshGraphQL(result: unknown): Promise<void>;
}

declare module 'lightning/navigation' {
  export interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, unknown>;
  }
  export const CurrentPageReference: StrideWireAdapter;
  type Constructor<T = object> = new (...args: any[]) => T;
  interface NavigationMixinMethods {
    [NavigationMixin.Navigate](pageReference: PageReference, replace?: boolean): void;
    [NavigationMixin.GenerateUrl](pageReference: PageReference): Promise<string>;
  }
  export function NavigationMixin<T extends Constructor>(base: T): T & Constructor<NavigationMixinMethods>;
  export namespace NavigationMixin {
    const Navigate: unique symbol;
    const GenerateUrl: unique symbol;
  }
  /** Test-only control API of the Jest mock (lwc/__tests__/mocks/navigation.ts). */
  export function getNavigateCalledWith(): { pageReference: PageReference; replace?: boolean } | undefined;
  export function getNavigateCalls(): Array<{ pageReference: PageReference; replace?: boolean }>;
  export function resetNavigateCalls(): void;
}

declare module 'lightning/platformShowToastEvent' {
  export interface ShowToastEventInit {
    title?: string;
    message: string;
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
    messageData?: unknown[];
  }
  export class ShowToastEvent extends CustomEvent<ShowToastEventInit> {
    constructor(init: ShowToastEventInit);
  }
}

declare module '@salesforce/schema/*' {
  const field: StrideFieldId & StrideObjectId;
  export default field;
}

declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

/** Test-only control API of the sfdx-lwc-jest wire adapter stubs. */
declare module '@salesforce/sfdx-lwc-jest' {
  export function createApexTestWireAdapter(fn: unknown): StrideWireAdapter;
}

/**
 * Sibling components, imported by tests as `c/<name>`. `paths` allows one `*`, so a per-component
 * mapping is not possible; `c/strideCore` is mapped to src/core in tsconfig.lwc.json and wins over this.
 */
declare module 'c/*' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}

declare module '@salesforce/i18n/*' {
  const value: string;
  export default value;
}
