/**
 * The finance web UI: server-rendered pages on fastify, no script in the browser. Every page but
 * /login, /healthz and the stylesheet needs a session; every POST needs the form's CSRF token, an
 * analyst (or admin) for mismatch actions and an admin for the users page. Sessions live in the database, so the UI runs in one
 * process on the embedded database or as several processes on a Postgres server. One UI serves every
 * account: its pages name each mismatch's account and filter by it (mismatch ids are global).
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { EngineDeps } from '../deps.ts';
import { ReconError } from '../errors.ts';
import { html } from '../finance/escape-html.ts';
import { document, page, SECURITY_HEADERS } from './layout.ts';
import { registerAuthRoutes, SESSION_COOKIE } from './routes-auth.ts';
import { registerMismatchRoutes } from './routes-mismatches.ts';
import { registerOverviewRoutes } from './routes-overview.ts';
import { registerUserRoutes } from './routes-users.ts';
import { sessionUser } from './sessions.ts';
import { UI_CSS } from './ui-css.ts';
import { pageContext, requireRole } from './web-routes.ts';

const PUBLIC = new Set(['/login', '/healthz', '/static/app.css', '/favicon.ico']);

export interface WebOptions {
  /** Send the cookie with Secure (behind HTTPS). */
  readonly secureCookies?: boolean;
}

export async function buildWebApp(deps: EngineDeps, options: WebOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieKey: 'mp_recon_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secureCookies === true, signed: false },
    getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  app.decorateRequest('user', null);

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (PUBLIC.has(path)) return;
    req.user = (await sessionUser(deps.conn.db, req.cookies[SESSION_COOKIE], deps.now())) ?? null;
    if (req.user) return;
    if (req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return reply.code(401).type('text/html').send(document('Log in', html`<main><p class="error">Your session has ended. <a href="/login">Log in</a> again.</p></main>`));
  });

  app.get('/static/app.css', async (_req, reply) => reply.type('text/css').header('cache-control', 'public, max-age=3600').send(UI_CSS));
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  app.get('/healthz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.conn.db);
      return reply.send({ ok: true });
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err instanceof ReconError ? reconStatus(err.code) : (err.statusCode ?? 500);
    const message = err instanceof ReconError || status < 500 ? err.message : 'Something went wrong; the server log has the details.';
    if (status >= 500) deps.log.error({ err: err.message, path: req.url }, 'ui request failed');
    const body = html`<p class="error">${message}</p><p><a href="/mismatches">Back to the mismatches</a></p>`;
    const text = req.user ? page({ user: req.user, csrf: reply.generateCsrf(), path: '' }, status === 403 ? 'Not allowed' : 'Could not do that', body) : document('Error', html`<main>${body}</main>`);
    return reply.code(status).type('text/html').send(text);
  });

  const routes = { app, deps, requireRole, pageContext };
  registerAuthRoutes(routes);
  registerOverviewRoutes(routes);
  registerMismatchRoutes(routes);
  registerUserRoutes(routes);
  return app;
}

function reconStatus(code: string): number {
  if (code === 'MISMATCH_NOT_FOUND') return 404;
  if (code === 'MISMATCH_BAD_TRANSITION') return 409;
  return 400;
}

