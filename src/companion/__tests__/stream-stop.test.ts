/**
 * Stopping the change stream: faye closes its transport only once the org confirms the disconnect,
 * and retries its pending long-poll for ever until then, so stop() waits for that confirmation
 * (a bounded time) before it resolves.
 */
import type { Client } from 'faye';
import type { Connection } from 'jsforce';
import { createLogger } from '../logger';
import { ChangeStream } from '../watch/stream';

function streamWith(disconnect: () => PromiseLike<void> | undefined): ChangeStream {
  const client = {
    on: () => undefined,
    subscribe: () => Promise.resolve(),
    disconnect
  } as unknown as Client;
  return new ChangeStream({
    conn: {} as Connection,
    log: createLogger({ level: 'silent' }),
    channels: new Map([['/data/LeadChangeEvent', 'Lead']]),
    replayFrom: {},
    onEvent: () => undefined,
    createClient: () => client
  });
}

/** Whether `promise` has settled after the pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  return done;
}

afterEach(() => {
  jest.useRealTimers();
});

it('resolves once the org confirmed the disconnect, not before', async () => {
  let confirm: () => void = () => undefined;
  const stream = streamWith(() => new Promise<void>((resolve) => (confirm = resolve)));
  await stream.start();
  expect(stream.state).toBe('up');
  const stopping = stream.stop();
  expect(stream.state).toBe('disabled');
  await expect(settled(stopping)).resolves.toBe(false);
  confirm();
  await expect(settled(stopping)).resolves.toBe(true);
});

it('resolves at once when the client was not connected (faye then answers nothing)', async () => {
  const stream = streamWith(() => undefined);
  await stream.start();
  await expect(settled(stream.stop())).resolves.toBe(true);
});

it('gives up waiting after 2 seconds when the org never answers', async () => {
  jest.useFakeTimers();
  const stream = streamWith(() => new Promise<void>(() => undefined));
  await stream.start();
  const stopping = stream.stop();
  jest.advanceTimersByTime(1999);
  await expect(settled(stopping)).resolves.toBe(false);
  jest.advanceTimersByTime(1);
  await expect(settled(stopping)).resolves.toBe(true);
});
