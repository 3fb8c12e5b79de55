/**
 * Jest runs tests in a separate V8 realm whose `Symbol` lacks `Symbol.dispose`, while Node's own
 * `events.addAbortListener` (used by undici's fetch, which jsforce 3.10.17+ uses) returns a
 * disposable keyed by the main realm's symbol; undici then calls `undefined`. Borrow the main
 * realm's symbol so fetch works inside Jest exactly as outside it.
 */
import { addAbortListener } from 'node:events';

const symbols = Symbol as unknown as { dispose?: symbol };
if (symbols.dispose === undefined) {
  const disposable = addAbortListener(new AbortController().signal, () => undefined);
  const key = Object.getOwnPropertySymbols(disposable)[0];
  if (key) Object.defineProperty(Symbol, 'dispose', { value: key });
  (disposable as unknown as Record<symbol, () => void>)[key]?.();
}
