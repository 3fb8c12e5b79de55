/**
 * faye 1.4 ships no types; jsforce declares its Client. This adds what Stride uses besides: the
 * Bayeux server's Node adapter (the local org's `/cometd` endpoint), extensions and messages.
 */
declare module 'faye' {
  import type { IncomingMessage, Server } from 'node:http';

  export interface Message {
    channel: string;
    clientId?: string;
    id?: string;
    data?: unknown;
    subscription?: string | string[];
    successful?: boolean;
    error?: string;
    advice?: { reconnect?: 'retry' | 'handshake' | 'none'; interval?: number; timeout?: number };
    ext?: Record<string, unknown>;
    [key: string]: unknown;
  }

  export type ServerExtensionHook = (
    message: Message,
    request: IncomingMessage | null,
    callback: (message: Message) => void
  ) => void;

  export class NodeAdapter {
    constructor(options: { mount: string; timeout?: number; ping?: number });
    attach(server: Server): void;
    addExtension(extension: { incoming?: ServerExtensionHook; outgoing?: ServerExtensionHook }): void;
    close(): void;
    on(event: 'handshake' | 'disconnect', listener: (clientId: string) => void): void;
  }

  interface Client {
    /** A promise of the org's answer while connected; nothing when the client was not connected. */
    disconnect(): PromiseLike<void> | undefined;
    on(event: 'transport:up' | 'transport:down', listener: () => void): void;
  }
}
