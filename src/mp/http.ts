/**
 * The one place that talks HTTP to Mercado Pago: Bearer auth, a per-attempt timeout (AbortSignal),
 * and retries with exponential backoff + full jitter on 429 (honouring Retry-After), 500/502/503/504,
 * timeouts and network errors. Requests that are not safe to repeat (POST unless told otherwise) are
 * retried only on 429, where MP says it did nothing. The token lives in a private field and is written
 * only into the Authorization header; errors and log lines carry method, path and status, never headers.
 */
import type { Logger } from '../log.ts';
import { backoffDelay, parseRetryAfter, realSleep } from './backoff.ts';
import { codeForStatus, MpApiError, type MpErrorBody, parseErrorBody } from './errors.ts';
import { parseExactJson } from './exact-json.ts';
import { safeCause, scrub, scrubDeep } from './secret.ts';

export interface MpHttpOptions {
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly log: Logger;
  /** Per attempt: until the whole JSON body is read, or until the headers of a stream. Default 30 s. */
  readonly timeoutMs?: number;
  /** Attempts in total, first included. Default 4 (the official SDK retries 3 times). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails with retryAfterMs set. Default 5 min. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface MpRequest {
  readonly method: HttpMethod;
  /** Starts with '/', already URL-encoded where needed. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** A body already serialised (e.g. amounts written as exact JSON numbers); wins over `body`. */
  readonly rawBody?: string;
  /** Extra headers, e.g. X-Idempotency-Key; never the Authorization header. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly accept?: string;
  /** Safe to repeat after an unknown outcome (5xx, timeout, network). Default: every method but POST. */
  readonly idempotent?: boolean;
}

export interface MpJsonResponse {
  readonly status: number;
  /** Parsed JSON, or null for an empty body. */
  readonly body: unknown;
}

export interface MpStreamResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborts the body; the reader then fails. Used for the download's idle timeout. */
  abort(): void;
  readonly signal: AbortSignal;
}

type Outcome =
  | { kind: 'response'; response: Response; text: string | undefined; controller: AbortController }
  | { kind: 'failure'; error: MpApiError };

const RETRY_STATUSES = new Set([500, 502, 503, 504]);
const TIMEOUT = Symbol('timeout');

export class MpHttp {
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly baseUrl: string;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;

  constructor(options: MpHttpOptions) {
    if (!options.accessToken) throw new MpApiError('MP_UNAUTHORIZED', 'no Mercado Pago access token: set MP_ACCESS_TOKEN');
    this.#token = options.accessToken;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? realSleep;
    this.#random = options.random ?? Math.random;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.log = options.log;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  }

  /** Scrubs the token out of any text: for messages built from server answers. */
  scrub(text: string): string {
    return scrub(text, this.#token);
  }

  sleep(ms: number): Promise<void> {
    return this.#sleep(ms);
  }

  /** Sends a request and reads a JSON body (2xx) or throws MpApiError. */
  async json(req: MpRequest): Promise<MpJsonResponse> {
    const { response, text, attempt } = await this.send(req, 'json');
    if (text === undefined || text.trim() === '') return { status: response.status, body: null };
    try {
      return { status: response.status, body: scrubDeep(JSON.parse(text) as unknown, this.#token) };
    } catch {
      throw this.error('MP_BAD_RESPONSE', req, `answered ${response.status} with a body that is not JSON`, { status: response.status, attempts: attempt, retryable: false });
    }
  }

  /**
   * Like json(), but every JSON number arrives as the string of its source text (see exact-json.ts), so
   * amounts become Decimals without ever being a float.
   */
  async exactJson(req: MpRequest): Promise<MpJsonResponse> {
    const { response, text, attempt } = await this.send(req, 'json');
    if (text === undefined || text.trim() === '') return { status: response.status, body: null };
    try {
      return { status: response.status, body: scrubDeep(parseExactJson(text), this.#token) };
    } catch {
      throw this.error('MP_BAD_RESPONSE', req, `answered ${response.status} with a body that is not JSON`, { status: response.status, attempts: attempt, retryable: false });
    }
  }

  /** Sends a request and hands back the open body stream; the per-attempt timer stops at the headers. */
  async stream(req: MpRequest): Promise<MpStreamResponse> {
    const { response, controller } = await this.send(req, 'stream');
    return { status: response.status, headers: response.headers, body: response.body, abort: () => controller.abort(TIMEOUT), signal: controller.signal };
  }

  private async send(req: MpRequest, mode: 'json' | 'stream') {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(req, mode, attempt);
      if (outcome.kind === 'response') return { ...outcome, attempt };
      const error = outcome.error;
      const unknownOutcome = RETRY_STATUSES.has(error.status ?? 0) || error.code === 'MP_TIMEOUT' || error.code === 'MP_NETWORK';
      const retry = error.status === 429 || (idempotent && unknownOutcome);
      const tooLong = error.retryAfterMs !== undefined && error.retryAfterMs > this.maxRetryAfterMs;
      if (!retry || tooLong || attempt >= this.maxAttempts) throw error;
      const delayMs = error.retryAfterMs ?? backoffDelay(attempt, { baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs, random: this.#random });
      this.log.warn({ method: req.method, path: req.path, attempt, status: error.status, code: error.code, delayMs }, 'mp request failed, retrying');
      await this.#sleep(delayMs);
    }
  }

  private async attempt(req: MpRequest, mode: 'json' | 'stream', attempt: number): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.timeoutMs);
    const started = Date.now();
    const accept = mode === 'json' ? 'application/json' : (req.accept ?? '*/*');
    try {
      const response = await this.#fetch(this.url(req), {
        method: req.method,
        headers: this.headers(req, accept, mode),
        body: req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
        signal: controller.signal,
        redirect: 'error',
      });
      const ok = response.status >= 200 && response.status < 300;
      // A stream's body is read by the caller; everything else is read here, still under the timer.
      const text = ok && mode === 'stream' ? undefined : await response.text().catch((e: unknown) => (ok ? Promise.reject(e) : ''));
      const ms = Date.now() - started;
      this.log.debug({ method: req.method, path: req.path, status: response.status, attempt, ms }, 'mp request');
      if (ok) return { kind: 'response', response, text, controller };
      const mpError = scrubDeep(parseErrorBody(text ?? ''), this.#token);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      return { kind: 'failure', error: this.statusError(req, response.status, attempt, mpError, retryAfterMs) };
    } catch (thrown) {
      return { kind: 'failure', error: this.transportError(thrown, controller, req, attempt) };
    } finally {
      clearTimeout(timer);
    }
  }

  private statusError(req: MpRequest, status: number, attempts: number, mpError: MpErrorBody | undefined, retryAfterMs: number | undefined) {
    const code = codeForStatus(status);
    const said = mpError?.message ? `: ${mpError.message}` : '';
    const hint = HINTS[code] ?? '';
    return this.error(code, req, `answered ${status}${said}${hint}`, { status, attempts, mpError, retryAfterMs });
  }

  private transportError(thrown: unknown, controller: AbortController, req: MpRequest, attempts: number): MpApiError {
    if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
      return this.error('MP_TIMEOUT', req, `gave no answer within ${this.timeoutMs} ms`, { attempts });
    }
    const cause = safeCause(thrown, this.#token);
    const detail = cause.cause instanceof Error ? `${cause.message} (${cause.cause.message})` : cause.message;
    return this.error('MP_NETWORK', req, `could not be reached: ${detail}`, { attempts, cause });
  }

  error(code: ConstructorParameters<typeof MpApiError>[0], req: MpRequest, what: string, details: ConstructorParameters<typeof MpApiError>[2] = {}) {
    const message = this.scrub(`Mercado Pago ${req.method} ${req.path} ${what}`);
    return new MpApiError(code, message, { method: req.method, path: req.path, ...details });
  }

  private url(req: MpRequest): string {
    const url = new URL(this.baseUrl + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private headers(req: MpRequest, accept: string, mode: 'json' | 'stream'): Record<string, string> {
    return {
      ...req.headers,
      authorization: `Bearer ${this.#token}`,
      accept,
      'user-agent': 'mp-recon',
      ...(req.body === undefined && req.rawBody === undefined ? {} : { 'content-type': 'application/json' }),
      // Content-Length must describe the bytes we count, so ask for no compression on downloads.
      ...(mode === 'json' ? {} : { 'accept-encoding': 'identity' }),
    };
  }
}

const HINTS: Partial<Record<ReturnType<typeof codeForStatus>, string>> = {
  MP_UNAUTHORIZED: ' (check MP_ACCESS_TOKEN: it is missing, wrong or expired)',
  MP_RATE_LIMITED: ' (rate limited; try again later)',
  MP_SERVER_ERROR: ' (a Mercado Pago server error; try again later)',
};
