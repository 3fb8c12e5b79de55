/**
 * The error value shared by the domain core. Core functions never throw for bad input: they return
 * a `Result` whose error names what is wrong (`code`, `message`) and where (`path`, `position`).
 */

/** What went wrong and where. `code` is stable and machine-readable; `message` is for people. */
export interface CoreError {
  /** Stable, upper-snake-case identifier, e.g. `ILLEGAL_TRANSITION`. */
  code: string;
  /** A sentence that says what is wrong and where. */
  message: string;
  /** Where in the input the problem is, e.g. `conditions[2].field`. */
  path?: string;
  /** Character offset in a text input, when the input is text. */
  position?: number;
}

/** Either a value (`ok: true`) or an error value (`ok: false`). */
export type Result<T, E = CoreError> = { ok: true; value: T } | { ok: false; error: E };

/**
 * Wraps a value as a successful result.
 *
 * @example
 * ok(42)
 * //=> { ok: true, value: 42 }
 */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/**
 * Wraps an error value as a failed result.
 *
 * @example
 * err({ code: 'BAD_INPUT', message: 'delayAmount must be ≥ 0' })
 * //=> { ok: false, error: { code: 'BAD_INPUT', message: 'delayAmount must be ≥ 0' } }
 */
export function err<E = CoreError>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/**
 * Builds a {@link CoreError} and wraps it as a failed result, leaving out absent locations.
 *
 * @example
 * fail('BAD_INPUT', 'delayAmount must be a whole number ≥ 0', 'delayAmount')
 * //=> { ok: false, error: { code: 'BAD_INPUT', message: 'delayAmount must be a whole number ≥ 0', path: 'delayAmount' } }
 */
export function fail(
  code: string,
  message: string,
  path?: string,
  position?: number
): { ok: false; error: CoreError } {
  const error: CoreError = { code, message };
  if (path !== undefined) error.path = path;
  if (position !== undefined) error.position = position;
  return { ok: false, error };
}
