/**
 * Turns a JSON body into a domain object with one of the read-objects.ts readers, so a body of the wrong
 * shape surfaces as MpApiError MP_BAD_RESPONSE naming the request and the field, like any other failure
 * of a Mercado Pago call.
 */
import type { MpHttp, MpRequest } from './http.ts';
import { ShapeError } from './read-objects.ts';

export function readResponse<T>(http: MpHttp, req: MpRequest, body: unknown, reader: (value: unknown) => T): T {
  try {
    return reader(body);
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    throw http.error('MP_BAD_RESPONSE', req, `answered with an unexpected body: ${err.message}`, { retryable: false });
  }
}

/** A path segment from an id, encoded. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}
