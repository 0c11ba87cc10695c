/**
 * What every group of routes receives from the app: the fastify instance, deps, and the two
 * per-request helpers (the role guard and the page context with its CSRF token). Kept apart from
 * app.ts, which registers the route groups, so that no route file imports the app that imports it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '../db/database.ts';
import type { EngineDeps } from '../deps.ts';
import { html } from '../finance/escape-html.ts';
import { document } from './layout.ts';
import type { SessionUser } from './sessions.ts';
import { roleAtLeast } from './users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export function requireRole(role: UserRole) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user || !roleAtLeast(req.user.role, role)) {
      return reply.code(403).type('text/html').send(document('Not allowed', html`<main><p class="error">Your role (${req.user?.role ?? 'none'}) may not do this; ask an admin for the ${role} role.</p></main>`));
    }
  };
}

export function pageContext(req: FastifyRequest, reply: FastifyReply) {
  return { user: req.user!, csrf: reply.generateCsrf(), path: req.url.split('?')[0]! };
}

export type WebRoutes = { app: FastifyInstance; deps: EngineDeps; requireRole: typeof requireRole; pageContext: typeof pageContext };
