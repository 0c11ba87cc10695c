/** Log in and out. A failed login says only that it failed; too many failures answer 429 for a while. */
import { html } from '../finance/escape-html.ts';
import type { WebRoutes } from './web-routes.ts';
import { document } from './layout.ts';
import { LOGIN_WINDOW_MINUTES, logIn, logOut, SESSION_HOURS } from './sessions.ts';

export const SESSION_COOKIE = 'mp_recon_session';

/** Only same-site paths: a crafted ?next= must not send a user elsewhere after login. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)/.test(next) ? next : '/');

function loginPage(csrf: string, next: string, message?: string): string {
  return document(
    'Log in',
    html`<div class="login"><h1>mp-recon</h1>${message ? html`<p class="error">${message}</p>` : ''}
<form method="post" action="/login"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${next}">
<label>User <input name="user" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button></form></div>`,
  );
}

export function registerAuthRoutes({ app, deps }: WebRoutes): void {
  app.get('/login', async (req, reply) => reply.type('text/html').send(loginPage(reply.generateCsrf(), safeNext((req.query as Record<string, unknown>).next))));

  app.post('/login', { preHandler: app.csrfProtection }, async (req, reply) => {
    const body = req.body as Record<string, string | undefined>;
    const next = safeNext(body.next);
    const outcome = await logIn(deps.conn.db, body.user ?? '', body.password ?? '', req.ip, deps.now());
    if (!outcome.ok) {
      const limited = outcome.reason === 'rate_limited';
      const message = limited ? `Too many failed logins; try again in ${LOGIN_WINDOW_MINUTES} minutes.` : 'Wrong user name or password.';
      return reply.code(limited ? 429 : 401).type('text/html').send(loginPage(reply.generateCsrf(), next, message));
    }
    reply.setCookie(SESSION_COOKIE, outcome.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      maxAge: SESSION_HOURS * 3600,
    });
    return reply.redirect(next, 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    await logOut(deps.conn.db, req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
