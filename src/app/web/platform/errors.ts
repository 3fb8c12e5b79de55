/** Error text from whatever a failed request rejected with (LDS shape, Error, or a string). */
export function reduceToMessages(error: unknown): string[] {
  const candidate = error as { body?: unknown; message?: string };
  const body = candidate?.body;
  if (Array.isArray(body)) return body.map((entry: { message?: string }) => entry.message ?? String(entry));
  if (body && typeof body === 'object' && 'message' in body)
    return [String((body as { message: unknown }).message)];
  if (typeof candidate?.message === 'string') return [candidate.message];
  return [String(error)];
}
