/**
 * The local org's Streaming API: a Bayeux (CometD) endpoint at `/cometd/<version>` served by faye's
 * NodeAdapter on the org's own http.Server, publishing the Change Data Capture events of every
 * write (`/data/ChangeEvents` and `/data/<Object>ChangeEvent`).
 *
 * Salesforce's behaviour reproduced on top of faye:
 * - authentication: every Bayeux message must come with `Authorization: OAuth <token>` (as jsforce's
 *   streaming client sends it) naming a live session; a bad handshake is denied with
 *   `advice.reconnect = 'none'` (jsforce's AuthFailure extension fires), other messages get
 *   `401::Authentication invalid` and must handshake again;
 * - replay: `ext.replay = { <channel>: -1 | -2 | <replayId> }` on `/meta/subscribe` delivers the
 *   retained events after that id to that client; an id outside the retained window is refused with
 *   Salesforce's `400::The replayId … was invalid` message; the handshake reply says `ext.replay: true`;
 * - only CDC channels exist: subscribing elsewhere, or publishing from a client, is refused.
 */
import type http from 'node:http';
import path from 'node:path';
import type { Socket } from 'node:net';
import { NodeAdapter } from 'faye';
import type { Message } from 'faye';
import type { OrgState } from '../org-state';
import { ALL_CHANGE_EVENTS, changeEventChannel, publishesChangeEvents } from './channels';
import { ChangeEvent, ChangeEventLog, ChangeEventLogOptions } from './change-events';
import { ChannelRouter, loadChannelMembers } from './custom-channels';

export const COMETD_MOUNT = '/cometd';
/** Long-poll hold time (seconds); Salesforce holds /meta/connect for 110 s. */
const LONG_POLL_SECONDS = 110;

const VERSION_PATH = /^\/cometd\/(?:replay\/)?\d+\.\d+\/?$/;

interface FayeInternals {
  _server: {
    _engine: {
      publish(message: { channel: string; data: unknown }): void;
      destroyClient(clientId: string): void;
      flushConnection(clientId: string, close?: boolean): void;
      _engine: {
        _messages: Map<string, unknown[]>;
        emptyQueue(clientId: string): void;
      };
    };
  };
}

export interface StreamingState {
  available: boolean;
  clients: number;
  subscriptions: Record<string, number>;
  replayWindow: { oldest: number; latest: number };
}

export class LocalStreaming {
  readonly events: ChangeEventLog;
  private readonly adapter: NodeAdapter;
  /** Handshaken clients and the user whose session opened them. */
  private readonly clients = new Map<string, string>();
  private readonly subscriptions = new Map<string, Set<string>>();
  private readonly openRequests = new Set<Socket>();
  /** The `ext.replay` map of each client's subscribe in flight, until its reply goes out. */
  private readonly requestedReplay = new Map<string, Record<string, unknown>>();
  private available = true;
  private readonly channels: Set<string>;

  constructor(
    private readonly httpServer: http.Server,
    private readonly org: OrgState,
    options: ChangeEventLogOptions = {}
  ) {
    this.events = new ChangeEventLog(org.schema, org.clock, options);
    org.store.changeRecorder = this.events;
    const router = org.objectsDir
      ? new ChannelRouter(loadChannelMembers(path.dirname(org.objectsDir), org.schema), (object, id) =>
          org.store.row(object, id)
        )
      : null;
    this.events.router = router;
    this.channels = new Set([
      ALL_CHANGE_EVENTS,
      ...org.schema
        .objects()
        .filter(publishesChangeEvents)
        .map((o) => changeEventChannel(o.name)),
      ...(router?.channels() ?? [])
    ]);
    this.adapter = new NodeAdapter({ mount: COMETD_MOUNT, timeout: LONG_POLL_SECONDS });
    this.adapter.addExtension({
      incoming: (message: Message, request: http.IncomingMessage | null, callback: (m: Message) => void) =>
        callback(this.checkIncoming(message, request)),
      outgoing: (message: Message, request: http.IncomingMessage | null, callback: (m: Message) => void) =>
        callback(this.decorateOutgoing(message, request))
    });
    this.adapter.on('disconnect', (clientId) => this.forget(clientId));
    this.adapter.attach(httpServer);
    // Salesforce's CometD endpoint speaks long-polling only: refuse WebSocket upgrades (faye's
    // client then settles on long-polling at once instead of keeping a probe socket open).
    httpServer.removeAllListeners('upgrade');
    httpServer.on('upgrade', (_req: http.IncomingMessage, socket: Socket) => {
      // Node's HTTP server stops watching a socket once it is upgraded: a client that resets it (a
      // companion killed mid-handshake) must not take the org down with an unhandled 'error'.
      socket.on('error', () => socket.destroy());
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
    this.guardRequests();
    this.events.onPublish(
      (event) => this.publish(event),
      (channel) => this.hasSubscribers(channel) || this.hasSubscribers(ALL_CHANGE_EVENTS)
    );
    httpServer.on('close', () => {
      this.events.close();
      this.adapter.close();
    });
  }

  /** Ends every client's session and drops open long-polls: clients must handshake again. */
  dropClients(): void {
    const engine = (this.adapter as unknown as FayeInternals)._server._engine;
    for (const socket of this.openRequests) socket.destroy();
    for (const clientId of [...this.clients.keys()]) engine.destroyClient(clientId);
  }

  /** An outage: while unavailable, `/cometd` answers 503 and current clients are dropped. */
  setAvailable(available: boolean): void {
    this.available = available;
    if (!available) this.dropClients();
  }

  state(): StreamingState {
    const subscriptions: Record<string, number> = {};
    for (const [channel, clients] of this.subscriptions) subscriptions[channel] = clients.size;
    return {
      available: this.available,
      clients: this.clients.size,
      subscriptions,
      replayWindow: this.events.window()
    };
  }

  private hasSubscribers(channel: string): boolean {
    return (this.subscriptions.get(channel)?.size ?? 0) > 0;
  }

  private publish(event: ChangeEvent): void {
    const engine = (this.adapter as unknown as FayeInternals)._server._engine;
    // Straight into the engine: a server-side publish needs no Bayeux round trip of its own.
    if (this.hasSubscribers(event.channel)) engine.publish({ channel: event.channel, data: event.data });
    if (this.hasSubscribers(ALL_CHANGE_EVENTS))
      engine.publish({ channel: ALL_CHANGE_EVENTS, data: event.data });
    for (const route of event.routes) {
      if (this.hasSubscribers(route.channel))
        engine.publish({ channel: route.channel, data: routedData(event, route.enriched) });
    }
  }

  /** Queues replayed events for one client (they go out with its next /meta/connect reply). */
  private deliverTo(clientId: string, channel: string, events: ChangeEvent[]): void {
    if (events.length === 0) return;
    const memory = (this.adapter as unknown as FayeInternals)._server._engine._engine;
    // Ahead of live events still queued for the client: replayed ones are older.
    const replayed = events.map((event) => {
      const route = event.routes.find((r) => r.channel === channel);
      return { channel, data: route ? routedData(event, route.enriched) : event.data };
    });
    memory._messages.set(clientId, [...replayed, ...(memory._messages.get(clientId) ?? [])]);
    memory.emptyQueue(clientId);
  }

  private sessionUser(request: http.IncomingMessage | null): string | undefined {
    const header = request?.headers.authorization ?? '';
    const match = /^(?:OAuth|Bearer)\s+(\S+)$/i.exec(header);
    return match ? this.org.session(match[1])?.userId : undefined;
  }

  private checkIncoming(message: Message, request: http.IncomingMessage | null): Message {
    if (request === null) return message; // the server's own publishes
    const userId = this.sessionUser(request);
    if (!userId) {
      message.error =
        message.channel === '/meta/handshake' ? '403::Handshake denied' : '401::Authentication invalid';
      return message;
    }
    if (message.channel === '/meta/subscribe') return this.checkSubscribe(message);
    if (!message.channel.startsWith('/meta/')) {
      message.error = `403::Publishing to ${message.channel} is not allowed`;
    }
    return message;
  }

  private checkSubscribe(message: Message): Message {
    const channels = ([] as string[]).concat(message.subscription ?? []);
    const requested = message.ext?.replay as Record<string, unknown> | undefined;
    if (requested && message.clientId) this.requestedReplay.set(message.clientId, requested);
    for (const channel of channels) {
      if (!this.channels.has(channel)) {
        message.error = `400::The channel you requested to subscribe to does not exist {${channel}}`;
        return message;
      }
      const replay = requested?.[channel];
      if (replay === undefined || replay === null || Number(replay) === -1) continue;
      const replayId = Number(replay);
      const window = this.events.window();
      if (
        !Number.isInteger(replayId) ||
        (replayId !== -2 && (replayId < window.oldest - 1 || replayId > window.latest))
      ) {
        message.error = `400::The replayId {${String(replay)}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`;
        return message;
      }
    }
    return message;
  }

  private decorateOutgoing(message: Message, request: http.IncomingMessage | null): Message {
    if (message.channel === '/meta/handshake') {
      if (message.successful && message.clientId) {
        this.clients.set(message.clientId, this.sessionUser(request) ?? '');
        message.ext = { ...(message.ext ?? {}), replay: true, payload_format: true };
      } else if (message.error === '403::Handshake denied') {
        message.ext = { sfdc: { failureReason: '401::Authentication invalid' }, replay: true };
        message.advice = { reconnect: 'none' };
      }
    }
    if (message.channel === '/meta/subscribe' && message.successful && message.clientId) {
      this.afterSubscribe(message);
    }
    return message;
  }

  private afterSubscribe(reply: Message): void {
    const clientId = reply.clientId as string;
    const requested = this.requestedReplay.get(clientId);
    this.requestedReplay.delete(clientId);
    for (const channel of ([] as string[]).concat(reply.subscription ?? [])) {
      const clients = this.subscriptions.get(channel) ?? new Set();
      clients.add(clientId);
      this.subscriptions.set(channel, clients);
      const replay = requested?.[channel];
      if (replay === undefined || replay === null || Number(replay) === -1) continue;
      const after = Number(replay) === -2 ? 0 : Number(replay);
      const events = this.events.since(after, channel === ALL_CHANGE_EVENTS ? undefined : channel);
      // After the subscribe reply has been written: faye's client only routes a channel's messages
      // once it has seen its subscription confirmed.
      setImmediate(() => this.deliverTo(clientId, channel, events));
    }
  }

  private forget(clientId: string): void {
    this.clients.delete(clientId);
    this.requestedReplay.delete(clientId);
    for (const clients of this.subscriptions.values()) clients.delete(clientId);
  }

  /**
   * Wraps faye's request listener: answers 503 during an outage, 404 for paths that are not
   * `/cometd/<version>`, and remembers open long-polls so that an outage can cut them.
   */
  private guardRequests(): void {
    const listeners = this.httpServer.listeners('request') as ((...args: unknown[]) => void)[];
    this.httpServer.removeAllListeners('request');
    this.httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === COMETD_MOUNT || path.startsWith(`${COMETD_MOUNT}/`)) {
        if (!VERSION_PATH.test(path)) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No Bayeux endpoint at ${path}`);
          return;
        }
        if (!this.available) {
          res.writeHead(503, { 'Content-Type': 'text/plain' }).end('Streaming API unavailable');
          return;
        }
        const socket = req.socket;
        this.openRequests.add(socket);
        res.on('close', () => this.openRequests.delete(socket));
      }
      for (const listener of listeners) listener.call(this.httpServer, req, res);
    });
  }
}

/** An event as a custom channel delivers it: with the fields its member's filter names. */
function routedData(event: ChangeEvent, enriched: Record<string, unknown>): ChangeEvent['data'] {
  if (Object.keys(enriched).length === 0) return event.data;
  return { ...event.data, payload: { ...event.data.payload, ...enriched } };
}

/** Serves the Streaming API on the org's http.Server (the one line server.ts needs). */
export function attachStreaming(httpServer: http.Server, org: OrgState): LocalStreaming {
  const streaming = new LocalStreaming(httpServer, org);
  org.streaming = streaming;
  return streaming;
}
