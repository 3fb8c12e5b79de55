/**
 * `lightning/navigation` for the app: page references become hash URLs (#/r/Lead/00Q…), and
 * CurrentPageReference follows the hash. The shell renders whatever the hash names.
 */
export interface PageReference {
  type: string;
  attributes: Record<string, string | undefined>;
  state?: Record<string, string>;
}

const NAVIGATE = Symbol('Navigate');
const GENERATE_URL = Symbol('GenerateUrl');

/** The hash for a page reference, or throws for a type the app has no page for. */
export function pageReferenceToHash(ref: PageReference): string {
  const { type, attributes } = ref;
  switch (type) {
    case 'standard__recordPage':
      return `#/r/${attributes.objectApiName ?? 'record'}/${attributes.recordId}`;
    case 'standard__objectPage':
      return `#/o/${attributes.objectApiName}`;
    case 'standard__navItemPage':
      return `#/${String(attributes.apiName ?? '').toLowerCase()}`;
    default:
      throw new Error(`This app cannot open a page of type ${type}.`);
  }
}

/** The page reference the hash names (the shell's router). */
export function hashToPageReference(hash: string): PageReference {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'r' && parts.length >= 3)
    return {
      type: 'standard__recordPage',
      attributes: { objectApiName: parts[1], recordId: parts[2], actionName: 'view' }
    };
  if (parts[0] === 'o' && parts.length >= 2)
    return { type: 'standard__objectPage', attributes: { objectApiName: parts[1], actionName: 'list' } };
  return { type: 'standard__navItemPage', attributes: { apiName: parts[0] || 'engage' } };
}

type Constructor<T = object> = new (...args: any[]) => T; // eslint-disable-line @typescript-eslint/no-explicit-any

function mixin<Base extends Constructor>(base: Base) {
  return class extends base {
    [NAVIGATE](ref: PageReference, replace = false): void {
      const hash = pageReferenceToHash(ref);
      if (replace) window.location.replace(hash);
      else window.location.hash = hash;
    }
    [GENERATE_URL](ref: PageReference): Promise<string> {
      return Promise.resolve(pageReferenceToHash(ref));
    }
  };
}

export const NavigationMixin = Object.assign(mixin, { Navigate: NAVIGATE, GenerateUrl: GENERATE_URL });

/** Wire adapter: the current page reference, updated on every hash change. */
export class CurrentPageReference {
  private readonly onHashChange = () => this.dataCallback(hashToPageReference(window.location.hash));
  constructor(private readonly dataCallback: (value: PageReference) => void) {}
  connect() {
    window.addEventListener('hashchange', this.onHashChange);
    this.onHashChange();
  }
  disconnect() {
    window.removeEventListener('hashchange', this.onHashChange);
  }
  update() {}
}
