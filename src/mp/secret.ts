/**
 * Keeps the access token out of errors. fetch failures carry nested causes (undici's SocketError, a
 * DOMException on abort, sometimes objects that reference the request); rather than trusting what they
 * hold, the client copies only name, message and code, with any occurrence of the token replaced.
 */

const MASK = '[redacted]';

/** Replaces every occurrence of `secret` (and of `Bearer <secret>`) in `text`. */
export function scrub(text: string, secret: string): string {
  if (secret === '' || !text.includes(secret)) return text;
  return text.split(secret).join(MASK);
}

/** Applies scrub() to every string inside a JSON-like value. */
export function scrubDeep<T>(value: T, secret: string): T {
  if (typeof value === 'string') return scrub(value, secret) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secret)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secret);
    return out as T;
  }
  return value;
}

/**
 * A fresh Error describing `thrown` (and up to three of its causes) with nothing but scrubbed
 * name/message/code: safe to attach as `cause` of an MpApiError.
 */
export function safeCause(thrown: unknown, secret: string, depth = 0): Error {
  const source = thrown instanceof Error ? thrown : undefined;
  const message = scrub(source ? source.message : String(thrown), secret);
  const inner = source?.cause !== undefined && depth < 3 ? safeCause(source.cause, secret, depth + 1) : undefined;
  const copy = new Error(message, inner ? { cause: inner } : undefined);
  copy.name = source ? scrub(source.name, secret) : 'Error';
  const code = source ? (source as { code?: unknown }).code : undefined;
  if (typeof code === 'string' || typeof code === 'number') {
    Object.defineProperty(copy, 'code', { value: typeof code === 'string' ? scrub(code, secret) : code, enumerable: true });
  }
  // The stack of the original could embed a message with the token; keep only ours, rebuilt from the safe text.
  copy.stack = `${copy.name}: ${message}`;
  return copy;
}
