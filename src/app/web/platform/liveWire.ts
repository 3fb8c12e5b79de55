/**
 * What makes the adapters behave like Lightning Data Service: every connected wire is registered
 * here; a write through uiRecordApi (or notifyRecordUpdateAvailable / refreshGraphQL) re-reads the
 * wires, and while the page is visible they are re-read every few seconds and when the window gets
 * focus, so what the companion changes shows up without a reload. A wire only hands its component
 * new data when the answer changed, so a re-read never disturbs a form being edited.
 */
import { session } from './session';

type DataCallback = (value: unknown) => void;

/** A wire adapter instance that reads over HTTP; subclasses say how. */
export abstract class LiveWire<Config extends object> {
  protected config: Config | undefined;
  private connected = false;
  private lastJson = '';
  private generation = 0;
  /** A read under way: background refreshes skip the wire rather than pile reads up. */
  private loading = false;

  constructor(protected readonly dataCallback: DataCallback) {}

  /** Reads the data for a config; throwing means an error result. */
  protected abstract load(config: Config): Promise<unknown>;
  /** The result handed to the component. */
  protected abstract toResult(data: unknown, error: unknown): unknown;
  /** False while a required config value is still undefined (LDS waits then). */
  protected ready(config: Config): boolean {
    return Object.values(config).every((value) => value !== undefined);
  }
  /** Whether periodic re-reads apply (object metadata never changes under a running app). */
  protected get live(): boolean {
    return true;
  }

  connect(): void {
    this.connected = true;
    liveWires.add(this as LiveWire<object>);
    if (this.config) void this.reload();
  }

  disconnect(): void {
    this.connected = false;
    liveWires.delete(this as LiveWire<object>);
  }

  update(config: Config): void {
    const changed = JSON.stringify(config) !== JSON.stringify(this.config);
    this.config = config;
    if (changed && this.connected) {
      this.lastJson = '';
      void this.reload();
    }
  }

  /** Re-reads; resolves when the component has the answer. */
  async reload(force = false, background = false): Promise<void> {
    const config = this.config;
    if (!config || !this.ready(config) || (!force && !this.live && this.lastJson)) return;
    if (background && this.loading) return;
    const generation = ++this.generation;
    let result: unknown;
    this.loading = true;
    try {
      result = this.toResult(await this.load(config), undefined);
    } catch (error) {
      result = this.toResult(undefined, error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
    // A newer read (or a config change) overtook this one: drop the stale answer.
    if (generation !== this.generation || !this.connected) return;
    const json = JSON.stringify(result);
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.dataCallback(result);
  }
}

const liveWires = new Set<LiveWire<object>>();

/**
 * Re-reads every connected wire: after a write (every wire, now), or in the background on focus and
 * on the poll (only wires not already reading, so a slow org never gets a queue of reads).
 */
export function refreshAll(background = false): Promise<void> {
  return Promise.all([...liveWires].map((wire) => wire.reload(false, background))).then(() => undefined);
}

let pollTimer: ReturnType<typeof setInterval> | undefined;

/** Starts the LDS-style background refresh: a poll while visible, and a re-read on focus. */
export function startBackgroundRefresh(): void {
  if (pollTimer) return;
  const { pollMs } = session();
  pollTimer = setInterval(() => {
    if (document.visibilityState === 'visible') void refreshAll(true);
  }, pollMs);
  window.addEventListener('focus', () => void refreshAll(true));
}
