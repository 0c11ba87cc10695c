/**
 * The users page, for admins only: who may log in and with which role, add a user, disable one, and
 * the trail of those changes. Every POST carries the form's CSRF token; viewers and analysts get 403.
 * The same as `mp-recon users add|list|disable` on the command line, recorded the same way.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '../db/database.ts';
import { ReconError } from '../errors.ts';
import { html, type Markup } from '../finance/escape-html.ts';
import type { WebRoutes } from './web-routes.ts';
import { page } from './layout.ts';
import { addUser, disableUser, isRole, listUsers, MIN_PASSWORD_LENGTH, ROLES, recentUserEvents } from './users.ts';

const utc = (at: Date | string | null) => (at === null ? '' : new Date(at).toISOString().slice(0, 16).replace('T', ' '));

export function registerUserRoutes({ app, deps, requireRole, pageContext }: WebRoutes): void {
  const db = deps.conn.db;

  async function render(req: FastifyRequest, reply: FastifyReply, status: number, message?: Markup): Promise<FastifyReply> {
    const [users, events] = await Promise.all([listUsers(db), recentUserEvents(db, 50)]);
    const ctx = pageContext(req, reply);
    const disable = (name: string) =>
      name === ctx.user.name
        ? html`<span class="muted">you</span>`
        : html`<form method="post" action="/users/${encodeURIComponent(name)}/disable"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" aria-label="Disable ${name}">Disable</button></form>`;
    const body = html`${message ?? ''}<p>Viewers read; analysts also act on mismatches; admins also manage users. On the command line: <code>mp-recon users add NAME --role viewer|analyst|admin</code>, <code>mp-recon users list</code>, <code>mp-recon users disable NAME</code>.</p>
<div class="scroll"><table class="users"><thead><tr><th>Name</th><th>Role</th><th>Added (UTC)</th><th>Status</th><th></th></tr></thead><tbody>${users.map(
      (u) => html`<tr data-user="${u.name}"><td class="id">${u.name}</td><td>${u.role}</td><td class="id">${utc(u.created_at)}</td><td class="${u.disabled_at === null ? 'ok' : 'bad'}">${u.disabled_at === null ? 'active' : `disabled ${utc(u.disabled_at)}`}</td><td>${u.disabled_at === null ? disable(u.name) : ''}</td></tr>`,
    )}</tbody></table></div>
<h2>Add a user</h2>
<form class="filters" method="post" action="/users"><input type="hidden" name="_csrf" value="${ctx.csrf}">
<label>Name <input name="name" required autocomplete="off"></label>
<label>Role <select name="role">${ROLES.map((r) => html`<option value="${r}">${r}</option>`)}</select></label>
<label>Password <input name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password"></label>
<button type="submit">Add user</button></form>
<h2>Changes</h2>${
      events.length === 0
        ? html`<p>None yet.</p>`
        : html`<table class="user-events"><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>User</th><th>Role</th></tr></thead><tbody>${events.map(
            (e) => html`<tr><td class="id">${utc(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td class="id">${e.user_name}</td><td>${e.role ?? ''}</td></tr>`,
          )}</tbody></table>`
    }`;
    return reply.code(status).type('text/html').send(page(ctx, 'Users', body));
  }

  app.get('/users', { preHandler: requireRole('admin') }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const done =
      typeof query.added === 'string'
        ? html`<p class="next">User <strong>${query.added}</strong> added.</p>`
        : typeof query.disabled === 'string'
          ? html`<p class="next">User <strong>${query.disabled}</strong> disabled; their sessions ended.</p>`
          : undefined;
    return render(req, reply, 200, done);
  });

  app.post('/users', { preHandler: [app.csrfProtection, requireRole('admin')] }, async (req, reply) => {
    const body = req.body as Record<string, string | undefined>;
    const name = (body.name ?? '').trim();
    const role = isRole(body.role) ? (body.role as UserRole) : undefined;
    try {
      if (!role) throw new ReconError('USAGE', 'choose a role: viewer, analyst or admin');
      await addUser(db, name, role, body.password ?? '', req.user!.name);
    } catch (err) {
      if (!(err instanceof ReconError)) throw err;
      return render(req, reply, err.code === 'USER_EXISTS' ? 409 : 400, html`<p class="error">${err.message}</p>`);
    }
    deps.log.info({ actor: req.user!.name, user: name, role }, 'ui user added');
    return reply.redirect(`/users?added=${encodeURIComponent(name)}`, 303);
  });

  app.post('/users/:name/disable', { preHandler: [app.csrfProtection, requireRole('admin')] }, async (req, reply) => {
    const { name } = req.params as { name: string };
    // An admin who locks themselves out may leave nobody able to manage users.
    if (name === req.user!.name) return render(req, reply, 400, html`<p class="error">You cannot disable yourself; ask another admin.</p>`);
    try {
      await disableUser(db, name, req.user!.name);
    } catch (err) {
      if (err instanceof ReconError && err.code === 'USER_NOT_FOUND') return render(req, reply, 404, html`<p class="error">${err.message}</p>`);
      throw err;
    }
    deps.log.info({ actor: req.user!.name, user: name }, 'ui user disabled');
    return reply.redirect(`/users?disabled=${encodeURIComponent(name)}`, 303);
  });
}
