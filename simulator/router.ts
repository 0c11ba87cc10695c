/**
 * A small router for the simulator. Routes are registered by modules (reports, admin; later payments,
 * refunds, merchant orders), matched in registration order on method and `/literal/:param` patterns.
 * API routes get the authenticated account in their context; admin routes (`/__sim/...`) need no token.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultAction, FaultType } from './faults.ts';
import type { SimResponse } from './http-io.ts';
import type { AccountState } from './account-state.ts';
import type { SimState } from './state.ts';

export interface BaseContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Raw request body; parse with parseJson(). */
  readonly body: Buffer;
  readonly state: SimState;
}

export interface ApiContext extends BaseContext {
  readonly account: AccountState;
  /** Takes a route-level fault (not_created, stuck_pending, report_error) armed for this request. */
  consumeFault(types: readonly FaultType[]): FaultAction | undefined;
}

type Result = SimResponse | Promise<SimResponse>;

export type Route =
  | { readonly method: string; readonly segments: readonly string[]; readonly auth: true; readonly handler: (ctx: ApiContext) => Result }
  | { readonly method: string; readonly segments: readonly string[]; readonly auth: false; readonly handler: (ctx: BaseContext) => Result };

export type RouteMatch = { readonly route: Route; readonly params: Record<string, string> };

/** A module adds its routes to the router. */
export type RouteModule = (router: Router) => void;

export class Router {
  readonly #routes: Route[] = [];

  /** A Mercado Pago API route: needs a valid Bearer token. */
  api(method: string, pattern: string, handler: (ctx: ApiContext) => Result): void {
    this.#routes.push({ method, segments: split(pattern), auth: true, handler });
  }

  /** A simulator control route: no token. */
  admin(method: string, pattern: string, handler: (ctx: BaseContext) => Result): void {
    this.#routes.push({ method, segments: split(pattern), auth: false, handler });
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = split(path);
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, seg] of pattern.entries()) {
    const part = parts[i] ?? '';
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (seg !== part) {
      return undefined;
    }
  }
  return params;
}
