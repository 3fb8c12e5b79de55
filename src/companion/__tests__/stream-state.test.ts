/**
 * The change stream's state: "up" means subscribed. faye reports its transport up as soon as the
 * handshake succeeds, before any subscription exists; a change committed in that gap reaches
 * nobody, so the stream must not say up (and the companion must not slow its polling) until the
 * org has confirmed the subscriptions. After that, the transport's ups and downs are outages.
 */
import type { Client } from 'faye';
import type { Connection } from 'jsforce';
import { createLogger } from '../logger';
import { ChangeStream } from '../watch/stream';

it('says up only once the org confirmed the subscription, then follows the transport through outages', async () => {
  const handlers = new Map<string, () => void>();
  let confirm: () => void = () => undefined;
  const client = {
    on: (event: string, handler: () => void) => handlers.set(event, handler),
    subscribe: () => new Promise<void>((resolve) => (confirm = resolve)),
    disconnect: () => undefined
  } as unknown as Client;
  const states: string[] = [];
  const stream = new ChangeStream({
    conn: {} as Connection,
    log: createLogger({ level: 'silent' }),
    channels: new Map([['/data/Stride_Changes__chn', null]]),
    replayFrom: {},
    onEvent: () => undefined,
    onStateChange: (state) => states.push(state),
    createClient: () => client
  });

  const starting = stream.start();
  handlers.get('transport:up')?.(); // the handshake went through; the subscribe is still in flight
  expect(stream.state).toBe('connecting');
  confirm();
  await starting;
  expect(stream.state).toBe('up');

  handlers.get('transport:down')?.();
  expect(stream.state).toBe('down');
  handlers.get('transport:up')?.();
  expect(stream.state).toBe('up');
  expect(states).toEqual(['up', 'down', 'up']);
  await stream.stop();
});
