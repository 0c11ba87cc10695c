/**
 * Every failure of a Mercado Pago call surfaces as an MpApiError with a stable code, the HTTP status when
 * there was one, and MP's own error body ({message, error, status, cause[]}) when it sent one. Callers
 * branch on `code` and `retryable`, never on message text. Nothing here may hold the access token: the
 * client scrubs every string it copies in (see secret.ts) and never keeps a Request, Headers or options
 * object, so JSON.stringify / util.inspect of an error are safe to log.
 */

export type MpErrorCode =
  | 'MP_BAD_REQUEST' // 400, 422: fix the request
  | 'MP_UNAUTHORIZED' // 401: bad, expired or missing access token
  | 'MP_FORBIDDEN' // 403
  | 'MP_NOT_FOUND' // 404
  | 'MP_CONFLICT' // 409: e.g. a report config that already exists
  | 'MP_RATE_LIMITED' // 429 after every attempt
  | 'MP_SERVER_ERROR' // 5xx after every attempt
  | 'MP_HTTP_ERROR' // any other non-2xx status
  | 'MP_TIMEOUT' // no answer (or no body progress) within timeoutMs
  | 'MP_NETWORK' // connection refused, reset, DNS...
  | 'MP_BAD_RESPONSE' // 2xx whose body is not the JSON we expect
  | 'MP_TRUNCATED_DOWNLOAD' // body ended before Content-Length, or the stream broke
  | 'MP_REPORT_NOT_CREATED' // 203 on report creation: ask again later
  | 'MP_REPORT_NOT_READY' // waitForReport gave up while the task was still pending
  | 'MP_REPORT_FAILED'; // the task reached a terminal status other than processed

/** One entry of MP's `cause` array. */
export interface MpErrorCause {
  readonly code?: string | number;
  readonly description?: string;
  readonly data?: string;
}

/** MP's error body, as far as it could be read. */
export interface MpErrorBody {
  readonly message?: string;
  readonly error?: string;
  readonly status?: number;
  readonly cause?: readonly MpErrorCause[];
}

export interface MpApiErrorDetails {
  /** HTTP status of the last attempt, when a response arrived. */
  readonly status?: number;
  readonly method?: string;
  /** Path (and query) of the request; never carries the token. */
  readonly path?: string;
  readonly attempts?: number;
  readonly retryable?: boolean;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;
  readonly mpError?: MpErrorBody;
  /** A scrubbed copy of the underlying error (see secret.ts), never the original object. */
  readonly cause?: Error;
}

export class MpApiError extends Error {
  override readonly name = 'MpApiError';
  readonly code: MpErrorCode;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly attempts: number;
  /** True when the same call may succeed later (rate limit, 5xx, network, timeout, 203, not ready). */
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly mpError: MpErrorBody | undefined;

  constructor(code: MpErrorCode, message: string, details: MpApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts ?? 1;
    this.retryable = details.retryable ?? RETRYABLE_CODES.has(code);
    this.retryAfterMs = details.retryAfterMs;
    this.mpError = details.mpError;
  }
}

const RETRYABLE_CODES: ReadonlySet<MpErrorCode> = new Set<MpErrorCode>([
  'MP_RATE_LIMITED',
  'MP_SERVER_ERROR',
  'MP_TIMEOUT',
  'MP_NETWORK',
  'MP_TRUNCATED_DOWNLOAD',
  'MP_REPORT_NOT_CREATED',
  'MP_REPORT_NOT_READY',
]);

/** The code for a non-2xx HTTP status. */
export function codeForStatus(status: number): MpErrorCode {
  if (status === 400 || status === 422) return 'MP_BAD_REQUEST';
  if (status === 401) return 'MP_UNAUTHORIZED';
  if (status === 403) return 'MP_FORBIDDEN';
  if (status === 404) return 'MP_NOT_FOUND';
  if (status === 409) return 'MP_CONFLICT';
  if (status === 429) return 'MP_RATE_LIMITED';
  if (status >= 500) return 'MP_SERVER_ERROR';
  return 'MP_HTTP_ERROR';
}

/** Reads MP's error body out of a response text; anything else becomes `{ message: <first 300 chars> }`. */
export function parseErrorBody(text: string): MpErrorBody | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      const cause = Array.isArray(v.cause) ? v.cause.filter(isObject).map(toCause) : undefined;
      return {
        ...(typeof v.message === 'string' ? { message: v.message } : {}),
        ...(typeof v.error === 'string' ? { error: v.error } : {}),
        ...(typeof v.status === 'number' ? { status: v.status } : {}),
        ...(cause ? { cause } : {}),
      };
    }
  } catch {
    // not JSON: keep the start of the text below
  }
  return { message: text.slice(0, 300) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function toCause(c: Record<string, unknown>): MpErrorCause {
  return {
    ...(typeof c.code === 'string' || typeof c.code === 'number' ? { code: c.code } : {}),
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
    ...(typeof c.data === 'string' ? { data: c.data } : {}),
  };
}
