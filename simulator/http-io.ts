/**
 * How the simulator reads requests and writes answers. Handlers return a SimResponse (status, headers,
 * bytes) instead of writing to the socket, so fault injection can delay, drop or cut any answer in one
 * place. Errors always use MP's body shape {message, error, status, cause[]}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface ErrorCause {
  readonly code: string | number;
  readonly description: string;
  readonly data?: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

/** MP's error body. */
export function mpError(status: number, error: string, message: string, cause: readonly ErrorCause[] = [], headers: Record<string, string> = {}): SimResponse {
  return json(status, { message, error, status, cause }, headers);
}

export function notFound(resource: string): SimResponse {
  return mpError(404, 'not_found', `Resource ${resource} not found.`);
}

export function csvFile(body: Buffer): SimResponse {
  return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' }, body };
}

/** Thrown by handlers to answer at once with an error (validation, missing resources). */
export class SimHttpError extends Error {
  readonly response: SimResponse;
  constructor(response: SimResponse, message: string) {
    super(message);
    this.response = response;
  }
}

export function fail(status: number, error: string, message: string, cause: readonly ErrorCause[] = []): never {
  throw new SimHttpError(mpError(status, error, message, cause), `${status} ${error}: ${message}`);
}

const BODY_LIMIT = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > BODY_LIMIT) fail(413, 'payload_too_large', `Request body above ${BODY_LIMIT} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The JSON body, or undefined when empty; 400 when it does not parse. */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail(400, 'bad_request', 'Malformed JSON body.');
  }
}

/**
 * Writes the answer. With `truncateTo`, Content-Length still announces the whole body but only that many
 * bytes are sent before the connection is destroyed: a truncated download as a client sees it.
 */
export function writeResponse(res: ServerResponse, response: SimResponse, truncateTo?: number): void {
  if (res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
  if (truncateTo === undefined) {
    res.end(response.body);
    return;
  }
  const part = response.body.subarray(0, Math.max(0, Math.min(truncateTo, response.body.length - 1)));
  res.write(part, () => res.socket?.destroy());
}
