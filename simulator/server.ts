/**
 * The Mercado Pago API simulator: a real HTTP server on loopback that mp-recon's client, jobs and tests
 * talk to instead of api.mercadopago.com. Each request goes: admin route? → transport faults (status,
 * drop, delay, truncate) → Bearer token → route handler → answer (cut short when a truncate fault is
 * armed). Every error uses MP's body shape.
 *
 *   const sim = await startSimulator({ clock: createManualClock('2026-03-02T12:00:00Z') });
 *   sim.state.addAccount({ accessToken: 'TEST-123...', siteId: 'MLB' });
 *   const mp = new MpClient({ baseUrl: sim.url, accessToken: 'TEST-123...', log });
 *   ...
 *   await sim.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin-routes.ts';
import { TRANSPORT_FAULTS } from './faults.ts';
import { mpError, notFound, readBody, SimHttpError, type SimResponse, writeResponse } from './http-io.ts';
import { instoreRoutes } from './instore-routes.ts';
import { merchantOrderRoutes } from './merchant-orders-routes.ts';
import { notifierRoutes } from './notifier-routes.ts';
import { paymentRoutes } from './payments-routes.ts';
import { qrFlowRoutes } from './qr-flow.ts';
import { refundRoutes } from './refunds-routes.ts';
import { reportRoutes } from './reports-routes.ts';
import { type ApiContext, type BaseContext, Router, type RouteModule } from './router.ts';
import { SimState, type SimStateOptions } from './state.ts';

export interface SimulatorOptions extends SimStateOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; the simulator has no business listening elsewhere. */
  readonly host?: string;
  /** More route modules (payments, refunds, merchant orders), registered after the built-in ones. */
  readonly modules?: readonly RouteModule[];
}

export interface RunningSimulator {
  /** Base URL to give the client, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly state: SimState;
  close(): Promise<void>;
}

const STATUS_ERRORS: Readonly<Record<number, string>> = {
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = new SimState(options);
  const router = new Router();
  const orderModules = [paymentRoutes, refundRoutes, merchantOrderRoutes, instoreRoutes, qrFlowRoutes, notifierRoutes];
  for (const register of [adminRoutes, reportRoutes, ...orderModules, ...(options.modules ?? [])]) register(router);
  const server = createServer((req, res) => {
    void handle(state, router, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        state.notifier.stop();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(state: SimState, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let truncateTo: number | undefined;
  try {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const body = await readBody(req);
    const match = router.match(method, path);
    const base: BaseContext = { method, path, query: url.searchParams, params: match?.params ?? {}, headers: req.headers, body, state };
    if (match && !match.route.auth) {
      writeResponse(res, await match.route.handler(base));
      return;
    }

    const fault = state.faults.take(method, path, TRANSPORT_FAULTS);
    if (fault?.type === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      const error = STATUS_ERRORS[fault.status] ?? 'error';
      writeResponse(res, mpError(fault.status, error, fault.message ?? `Simulated ${fault.status} ${error}`, [], headers));
      return;
    }
    if (fault?.type === 'delay') await delay(fault.ms, res);
    if (fault?.type === 'truncate') truncateTo = fault.keepBytes ?? -1;

    const account = authenticate(state, req, url);
    if (!account.ok) {
      writeResponse(res, account.response);
      return;
    }
    if (!match?.route.auth) {
      writeResponse(res, notFound(path));
      return;
    }
    const ctx: ApiContext = { ...base, account: account.state, consumeFault: (types) => state.faults.take(method, path, types) };
    const response = await match.route.handler(ctx);
    writeResponse(res, response, truncateTo === -1 ? Math.floor(response.body.length / 2) : truncateTo);
  } catch (thrown) {
    if (thrown instanceof SimHttpError) writeResponse(res, thrown.response);
    else writeResponse(res, mpError(500, 'internal_server_error', `Simulator bug: ${thrown instanceof Error ? thrown.message : String(thrown)}`));
  }
}

type Auth = { ok: true; state: NonNullable<ReturnType<SimState['accountByToken']>> } | { ok: false; response: SimResponse };

/** Bearer header, or the legacy `access_token` query parameter some MP examples use. */
function authenticate(state: SimState, req: IncomingMessage, url: URL): Auth {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const token = bearer ?? url.searchParams.get('access_token') ?? undefined;
  if (!token) {
    return { ok: false, response: mpError(401, 'unauthorized', 'Must provide your access_token to proceed', [{ code: 'missing_token', description: 'no Authorization header' }]) };
  }
  const found = state.accountByToken(token);
  if (!found) return { ok: false, response: mpError(401, 'unauthorized', 'invalid_token', [{ code: 'invalid_token', description: 'invalid access token' }]) };
  return { ok: true, state: found };
}

/** Waits `ms`, or less if the client goes away (and when the simulator closes). */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.on('close', done);
  });
}
