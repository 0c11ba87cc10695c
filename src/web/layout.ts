/** The page frame: navigation, who is logged in, a logout form with its CSRF token. */
import { html, type Markup } from '../finance/escape-html.ts';
import type { SessionUser } from './sessions.ts';

const NAV = [
  ['/', 'Overview'],
  ['/mismatches', 'Mismatches'],
  ['/runs', 'Runs'],
  ['/coverage', 'Coverage'],
] as const;
/** Shown to admins only: the others would get 403 there. */
const ADMIN_NAV = [['/users', 'Users']] as const;

export interface PageContext {
  readonly user: SessionUser;
  readonly csrf: string;
  readonly path: string;
}

export function page(ctx: PageContext, title: string, body: Markup): string {
  const links = ctx.user.role === 'admin' ? [...NAV, ...ADMIN_NAV] : NAV;
  const nav = links.map(([href, label]) => (ctx.path === href ? html`<a href="${href}" aria-current="page">${label}</a>` : html`<a href="${href}">${label}</a>`));
  return document(
    title,
    html`<header><strong>mp-recon</strong>${nav}<span class="who">${ctx.user.name} (${ctx.user.role})
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit">Log out</button></form></span></header>
<main><h1>${title}</h1>${body}</main>`,
  );
}

export function document(title: string, body: Markup): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${html`${title}`.html} · mp-recon</title><link rel="stylesheet" href="/static/app.css"></head><body>${body.html}</body></html>`;
}

/** The CSP and friends: no script at all, styles only from this server, no framing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
