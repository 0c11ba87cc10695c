/**
 * Fault injection per route: a rule names a method (or any), a path pattern and what goes wrong, for
 * the next `times` matching requests (or always). Transport faults are applied by the server before the
 * handler runs (status, drop) or on its answer (delay, truncate); report faults are consumed by the
 * report routes (not_created = 203 on create; stuck_pending and report_error decide a new task's fate).
 *
 * Patterns: literal segments, `:name` or `*` for one segment, `**` for the rest:
 *   { "method": "GET", "path": "/v1/account/:kind/list", "type": "status", "status": 429, "retryAfter": 2, "times": 2 }
 */
import { fail } from './http-io.ts';

export type FaultAction =
  | { readonly type: 'status'; readonly status: number; readonly retryAfter?: number; readonly message?: string }
  | { readonly type: 'delay'; readonly ms: number }
  | { readonly type: 'drop' }
  | { readonly type: 'truncate'; readonly keepBytes?: number }
  | { readonly type: 'not_created' }
  | { readonly type: 'stuck_pending' }
  | { readonly type: 'report_error'; readonly status?: string };

export type FaultType = FaultAction['type'];
export const TRANSPORT_FAULTS: readonly FaultType[] = ['status', 'delay', 'drop', 'truncate'];

export interface FaultRule {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly action: FaultAction;
  /** Requests still to be hit; Infinity for "always". */
  remaining: number;
  hits: number;
}

export class FaultTable {
  #rules: FaultRule[] = [];
  #nextId = 1;

  add(input: unknown): FaultRule {
    const rule = { ...parseFault(input), id: this.#nextId++, hits: 0 };
    this.#rules.push(rule);
    return rule;
  }

  /** The first live rule of one of `types` matching the request; counts the hit. */
  take(method: string, path: string, types: readonly FaultType[]): FaultAction | undefined {
    const rule = this.#rules.find(
      (r) => r.remaining > 0 && types.includes(r.action.type) && (r.method === '*' || r.method === method) && patternRegExp(r.path).test(path),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    rule.hits += 1;
    return rule.action;
  }

  list(): readonly FaultRule[] {
    return this.#rules;
  }

  clear(): void {
    this.#rules = [];
  }
}

const cache = new Map<string, RegExp>();

export function patternRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern
      .split('/')
      .map((seg) => (seg === '**' ? '.*' : seg === '*' || seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    re = new RegExp(`^${body}/?$`);
    cache.set(pattern, re);
  }
  return re;
}

function parseFault(input: unknown): Omit<FaultRule, 'id' | 'hits'> {
  if (input === null || typeof input !== 'object') fail(400, 'bad_request', 'A fault must be a JSON object.');
  const f = input as Record<string, unknown>;
  const method = typeof f.method === 'string' ? f.method.toUpperCase() : '*';
  if (typeof f.path !== 'string' || !f.path.startsWith('/')) fail(400, 'bad_request', "A fault needs a 'path' pattern starting with '/'.");
  const times = f.times === undefined ? 1 : f.times === 'always' || f.times === null ? Number.POSITIVE_INFINITY : f.times;
  if (typeof times !== 'number' || !(times >= 1)) fail(400, 'bad_request', "'times' must be a positive number or \"always\".");
  return { method, path: f.path, remaining: times, action: parseAction(f) };
}

function parseAction(f: Record<string, unknown>): FaultAction {
  const num = (key: string, min: number, max: number): number | undefined => {
    const v = f[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(400, 'bad_request', `Fault '${key}' must be a number in ${min}..${max}.`);
    return v;
  };
  switch (f.type) {
    case 'status': {
      const status = num('status', 400, 599);
      if (status === undefined) return fail(400, 'bad_request', "A status fault needs 'status' (e.g. 429, 500, 503).");
      const retryAfter = num('retryAfter', 0, 86_400);
      return { type: 'status', status, ...(retryAfter === undefined ? {} : { retryAfter }), ...(typeof f.message === 'string' ? { message: f.message } : {}) };
    }
    case 'delay':
      return { type: 'delay', ms: num('ms', 0, 600_000) ?? 1_000 };
    case 'truncate': {
      const keepBytes = num('keepBytes', 0, Number.MAX_SAFE_INTEGER);
      return keepBytes === undefined ? { type: 'truncate' } : { type: 'truncate', keepBytes };
    }
    case 'drop':
    case 'not_created':
    case 'stuck_pending':
      return { type: f.type };
    case 'report_error':
      return typeof f.status === 'string' ? { type: 'report_error', status: f.status } : { type: 'report_error' };
    default:
      return fail(400, 'bad_request', 'Fault type must be status, delay, drop, truncate, not_created, stuck_pending or report_error.');
  }
}
