/**
 * The companion's Change Data Capture subscription: one jsforce streaming client (CometD
 * long-polling at `/cometd/<version>`, `Authorization: OAuth <token>`) subscribed to the
 * package's custom channel `Stride_Changes__chn` (or, given them, per-object channels).
 *
 * Replay: jsforce's `StreamingExtension.Replay` keeps one channel per client (every instance
 * overwrites the subscribe message's whole `ext.replay` map), so one client for eleven channels
 * would replay only the last one. `MultiChannelReplay` is the same extension keyed by channel.
 * The replay id of each channel is what the caller last *processed* (`commit`), persisted by the
 * caller; after a reconnect faye handshakes again and resubscribes from the last id received, and
 * after a restart the companion starts from the persisted ids. A stored id that left the org's
 * retention window is refused by the org: the subscription restarts at -1 and `onResync` asks for
 * a full pass to cover the gap.
 */
import type { Client, Message } from 'faye';
import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/lib/api/streaming';
import type { Logger } from '../logger';
import type { NameMapper } from '../names';
import type { ChangeHeader } from './triggers';

export type StreamState = 'disabled' | 'connecting' | 'up' | 'down';

/** One change event as the companion uses it. */
export interface ReceivedEvent {
  channel: string;
  /** The object's local (un-namespaced) name. */
  object: string;
  replayId: number;
  header: ChangeHeader;
  payload: Record<string, unknown>;
}

export interface ChangeStreamOptions {
  conn: Connection;
  log: Logger;
  /**
   * Channel → local object name, e.g. `/data/stride__Participant_Action__ChangeEvent` →
   * `Participant_Action__c`; null for a custom channel of several objects (`/data/Stride_Changes__chn`),
   * whose events name their object in the header (`objectOf`).
   */
  channels: Map<string, string | null>;
  /** The local object name of an event's `entityName` (custom channels; default: as it is). */
  objectOf?: (entityName: string) => string;
  /** Replay id per channel to resume from (-1 when none). */
  replayFrom: Record<string, number>;
  onEvent: (event: ReceivedEvent) => void;
  onStateChange?: (state: StreamState) => void;
  /** A stored replay id was refused (outside the retention window): changes may have been missed. */
  onResync?: (channel: string) => void;
  /** Creates the faye client (tests); default: jsforce's `conn.streaming.createClient`. */
  createClient?: (extensions: unknown[]) => Client;
}

/** jsforce's Replay extension, for several channels on one client. */
export class MultiChannelReplay {
  private readonly replay = new Map<string, number>();

  constructor(initial: Record<string, number>) {
    for (const [channel, id] of Object.entries(initial)) this.replay.set(channel, id);
  }

  get(channel: string): number {
    return this.replay.get(channel) ?? -1;
  }

  set(channel: string, replayId: number): void {
    this.replay.set(channel, replayId);
  }

  incoming(message: Message, callback: (message: Message) => void): void {
    const replayId = (message.data as { event?: { replayId?: unknown } } | undefined)?.event?.replayId;
    if (!message.channel.startsWith('/meta/') && typeof replayId === 'number')
      this.replay.set(message.channel, replayId);
    callback(message);
  }

  outgoing(message: Message, callback: (message: Message) => void): void {
    if (message.channel === '/meta/subscribe') {
      const channels = ([] as string[]).concat(message.subscription ?? []);
      message.ext = {
        ...(message.ext ?? {}),
        replay: Object.fromEntries(channels.map((c) => [c, this.get(c)]))
      };
    }
    callback(message);
  }
}

/** The package's custom change event channel (`platformEventChannels/Stride_Changes__chn`). */
export const STRIDE_CHANGES_CHANNEL = 'Stride_Changes__chn';

/**
 * The package's change event channel as the org names it: its members select every object the
 * stages watch, filtered to the changes that may call for work.
 *
 * @example
 * strideChangesChannel(new NameMapper('')) //=> '/data/Stride_Changes__chn'
 * strideChangesChannel(new NameMapper('stride')) //=> '/data/stride__Stride_Changes__chn'
 */
export function strideChangesChannel(names: NameMapper): string {
  return `/data/${names.namespace ? `${names.namespace}__` : ''}${STRIDE_CHANGES_CHANNEL}`;
}

/** How long stop() waits for the org to confirm a disconnect before giving up on it. */
const DISCONNECT_WAIT_MS = 2000;

/** Disconnects a faye client; resolves when the org confirmed it, or after DISCONNECT_WAIT_MS. */
async function disconnect(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DISCONNECT_WAIT_MS);
  });
  // faye answers with a promise while connected, and with nothing when it was not.
  const confirmed = Promise.resolve(client.disconnect()).catch(() => undefined);
  await Promise.race([confirmed, waited]);
  clearTimeout(timer);
}

export class ChangeStream {
  state: StreamState = 'connecting';
  private client: Client | null = null;
  private readonly replay: MultiChannelReplay;
  private closed = false;

  constructor(private readonly options: ChangeStreamOptions) {
    this.replay = new MultiChannelReplay(options.replayFrom);
  }

  /** Connects and subscribes to every channel; resolves once all subscriptions are confirmed. */
  async start(): Promise<void> {
    const { conn, log } = this.options;
    const authFailure = new StreamingExtension.AuthFailure((message: Message) => {
      log.warn(
        { error: message.error },
        'change events: the org refused the session; polling until it reconnects'
      );
      this.setState('down');
      this.restartSoon();
    });
    const create =
      this.options.createClient ?? ((extensions: unknown[]) => conn.streaming.createClient(extensions));
    const client = create([this.replay, authFailure]);
    this.client = client;
    // faye reports its transport up after the handshake, before any subscription exists: events
    // committed then reach nobody. Up means subscribed, so the first 'up' comes from the confirmed
    // subscriptions below; after that, transport:up marks the end of an outage (faye subscribes
    // again on its own, replaying from the last id received).
    let subscribed = false;
    client.on('transport:down', () => {
      if (!this.closed) this.setState('down');
    });
    client.on('transport:up', () => {
      if (!this.closed && subscribed) this.setState('up');
    });
    const results = await Promise.allSettled(
      [...this.options.channels.keys()].map((channel) => this.subscribe(client, channel))
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const failure of failed)
      log.warn(
        { err: (failure.reason as Error).message },
        'change events: a channel is unavailable; the probe covers it'
      );
    if (failed.length === results.length) throw new Error('no change event channel could be subscribed');
    subscribed = true;
    if (!this.closed && this.client === client) this.setState('up');
  }

  /** The replay id last received on a channel. */
  lastReceived(channel: string): number {
    return this.replay.get(channel);
  }

  /**
   * Unsubscribes: waits (a bounded time) for the org to confirm the disconnect, since only a
   * confirmed `/meta/disconnect` closes faye's transport. Until then faye retries its pending
   * long-poll on a timer, for ever once the org is gone, which would keep the process alive.
   */
  async stop(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    this.setState('disabled');
    if (client) await disconnect(client);
  }

  private async subscribe(client: Client, channel: string): Promise<void> {
    const object = this.options.channels.get(channel) ?? null;
    try {
      await client.subscribe(channel, (message: unknown) => this.receive(channel, object, message));
    } catch (error) {
      const text = (error as { message?: string }).message ?? String(error);
      if (/replayId/i.test(text)) {
        this.options.log.warn(
          { channel, replayId: this.replay.get(channel) },
          'change events: the stored replay id is outside the org’s retention window; resubscribing from now and running a full pass'
        );
        this.replay.set(channel, -1);
        this.options.onResync?.(channel);
        await client.subscribe(channel, (message: unknown) => this.receive(channel, object, message));
        return;
      }
      throw new Error(`could not subscribe to ${channel}: ${text}`);
    }
  }

  private receive(channel: string, channelObject: string | null, message: unknown): void {
    const data = message as { payload?: Record<string, unknown>; event?: { replayId?: number } };
    const payload = data?.payload;
    const header = payload?.ChangeEventHeader as ChangeHeader | undefined;
    if (!payload || !header || typeof data.event?.replayId !== 'number') {
      this.options.log.warn({ channel }, 'change events: a message without a ChangeEventHeader was ignored');
      return;
    }
    const object =
      channelObject ?? (this.options.objectOf ? this.options.objectOf(header.entityName) : header.entityName);
    this.options.onEvent({ channel, object, replayId: data.event.replayId, header, payload });
  }

  private setState(state: StreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onStateChange?.(state);
  }

  /** After an auth failure faye gives up: a new client (with a fresh token) after a pause. */
  private restartSoon(): void {
    const old = this.client;
    this.client = null;
    if (old) void disconnect(old);
    setTimeout(() => {
      if (this.closed) return;
      this.start().catch((error: unknown) =>
        this.options.log.warn(
          { err: (error as Error).message },
          'change events: reconnect failed; polling meanwhile'
        )
      );
    }, 5000).unref();
  }
}
