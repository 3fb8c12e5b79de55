/**
 * Namespace mapping. Source code writes API names without a namespace (`Sequence__c`); in an org
 * where the managed package is installed they are `stride__Sequence__c`. One mapper translates
 * SOQL text and records both ways, so the rest of the companion never thinks about it.
 */

/** Custom names (`X__c`, relationship `X__r`) not already carrying a namespace (`ns__X__c`). */
const CUSTOM_NAME = /\b([A-Za-z][A-Za-z0-9_]*?)__(c|r)\b/g;

export class NameMapper {
  readonly prefix: string;

  /** @param namespace `stride` for the managed package, `''` for unpackaged source. */
  constructor(readonly namespace: string) {
    this.prefix = namespace ? `${namespace}__` : '';
  }

  /**
   * Adds the namespace to one API name.
   *
   * @example
   * new NameMapper('stride').name('Sequence__c') //=> 'stride__Sequence__c'
   * new NameMapper('stride').name('Lead') //=> 'Lead'
   */
  name(apiName: string): string {
    if (!this.prefix) return apiName;
    return apiName.replace(CUSTOM_NAME, (whole, base: string) =>
      base.includes('__') ? whole : `${this.prefix}${whole}`
    );
  }

  /**
   * Adds the namespace to every custom name in a SOQL statement.
   *
   * @example
   * new NameMapper('stride').soql("SELECT Id, Participant__r.Lead__c FROM Participant_Action__c")
   * //=> "SELECT Id, stride__Participant__r.stride__Lead__c FROM stride__Participant_Action__c"
   */
  soql(text: string): string {
    if (!this.prefix) return text;
    // Leave quoted literals alone: a value may look like a custom name.
    return text
      .split(/('(?:[^'\\]|\\.)*')/)
      .map((part, i) => (i % 2 === 1 ? part : this.name(part)))
      .join('');
  }

  /** Strips the namespace from a name read from the org. */
  local(apiName: string): string {
    return this.prefix && apiName.startsWith(this.prefix) ? apiName.slice(this.prefix.length) : apiName;
  }

  /** Recursively strips the namespace from the keys of a record read from the org. */
  fromOrg<T>(value: T): T {
    if (!this.prefix) return value;
    if (Array.isArray(value)) return value.map((v) => this.fromOrg(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k === 'attributes') {
          const attrs = v as { type?: string };
          out[k] = attrs && attrs.type ? { ...attrs, type: this.local(attrs.type) } : v;
        } else out[this.local(k)] = this.fromOrg(v);
      }
      return out as T;
    }
    return value;
  }

  /** Adds the namespace to the keys of a record written to the org. */
  toOrg(record: Record<string, unknown>): Record<string, unknown> {
    if (!this.prefix) return record;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      if (k === 'attributes' && v && typeof v === 'object') {
        const attrs = v as { type?: string };
        out[k] = { ...attrs, type: attrs.type ? this.name(attrs.type) : attrs.type };
      } else out[this.name(k)] = v;
    }
    return out;
  }
}

/**
 * Detects the namespace from the global describe: `stride` when `stride__Sequence__c` exists.
 *
 * @example
 * detectNamespace(['Account', 'stride__Sequence__c']) //=> 'stride'
 * detectNamespace(['Account', 'Sequence__c']) //=> ''
 */
export function detectNamespace(sobjectNames: string[]): string {
  if (sobjectNames.includes('stride__Sequence__c')) return 'stride';
  if (sobjectNames.includes('Sequence__c')) return '';
  throw new Error(
    'Stride is not installed in this org: neither Sequence__c nor stride__Sequence__c exists (describeGlobal).'
  );
}
