/** The web UI over HTTP (in process, either backend): login, cookies, CSP, rate limit, roles, CSRF. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp } from '../src/web/app.ts';
import { disableUser } from '../src/web/users.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';
import { PASSWORD, plantUiWorld } from './helpers/ui-world.ts';

let t: TestDb;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDb();
  await plantUiWorld(t);
  app = await buildWebApp(t.deps);
});
afterAll(async () => {
  await app?.close();
  await t.close();
});

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(jar: Jar, setCookie: string | string[] | undefined) {
  for (const line of [setCookie ?? []].flat()) {
    const [pair] = line.split(';');
    const [name, value] = pair!.split('=');
    jar.set(name!, value ?? '');
  }
}

async function get(jar: Jar, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(jar) } });
  keep(jar, res.headers['set-cookie']);
  return res;
}

async function post(jar: Jar, url: string, form: Record<string, string>, address = '127.0.0.1') {
  const res = await app.inject({ method: 'POST', url, remoteAddress: address, payload: new URLSearchParams(form).toString(), headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' } });
  keep(jar, res.headers['set-cookie']);
  return res;
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

async function logIn(user: string, password = PASSWORD, address = '127.0.0.1') {
  const jar: Jar = new Map();
  const form = await get(jar, '/login');
  const res = await post(jar, '/login', { _csrf: csrfOf(form.body), user, password, next: '/mismatches' }, address);
  return { jar, res };
}

describe('the web UI over HTTP', () => {
  it('answers /healthz without a login and sends every other page to the login form', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ ok: true });
    const res = await app.inject('/mismatches?kind=amount_mismatch');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fmismatches%3Fkind%3Damount_mismatch');
  });

  it('logs in with an HttpOnly SameSite=Strict session cookie and serves pages under a CSP that allows no script', async () => {
    const { jar, res } = await logIn('ana');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/mismatches');
    const session = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('mp_recon_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    for (const path of ['/', '/mismatches', '/mismatches/1', '/runs', '/coverage']) {
      const page = await get(jar, path);
      expect(page.statusCode, path).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.headers['content-security-policy']).not.toContain('script-src');
      expect(page.body).not.toMatch(/<script|style="|\son\w+="/i);
    }
  });

  it('frames money for finance: at risk counts an order once, a currency mismatch in both currencies, never netted', async () => {
    const { jar } = await logIn('vera');
    const overview = await get(jar, '/');
    // O1 |−1.00| + O2 1,234,567.89 + O3 31.00 (two kinds, once) + NOBODY-1 12.34 + U1 95,000.00 (in ARS, the order's currency).
    expect(overview.body).toContain('<div class="big">ARS 1,329,612.23</div>');
    const list = await get(jar, '/mismatches?kind=currency_mismatch');
    expect(list.body).toMatch(/<td>currency_mismatch<\/td><td class="num" title="two currencies: not netted">—<\/td><td class="id">ARS \/ USD<\/td>/);
    const id = /href="\/mismatches\/(\d+)"/.exec(list.body)![1];
    const detail = await get(jar, `/mismatches/${id}`);
    expect(detail.body).toContain('ARS 95,000.00 expected · USD 95.00 in the report (different currencies: not netted)');
    expect(detail.body).toContain('What to do next:</strong> Check which currency was charged');
  });

  it('refuses a wrong password, then rate-limits the name even with the right one', async () => {
    for (let i = 0; i < 5; i++) expect((await logIn('vera', 'wrong password', '10.0.0.9')).res.statusCode).toBe(401);
    const limited = await logIn('vera', PASSWORD, '127.0.0.2');
    expect(limited.res.statusCode).toBe(429);
    expect(limited.res.body).toContain('Too many failed logins');
    await t.deps.conn.db.deleteFrom('login_failures').execute();
  });

  it('lets an analyst act with the form token, refuses a viewer (403) and a POST without the token', async () => {
    const analyst = await logIn('ana');
    const page = await get(analyst.jar, '/mismatches/1');
    const done = await post(analyst.jar, '/mismatches/1/comment', { _csrf: csrfOf(page.body), note: 'called MP' });
    expect(done.statusCode).toBe(303);
    expect((await post(analyst.jar, '/mismatches/1/comment', { note: 'no token' })).statusCode).toBe(403);

    const viewer = await logIn('vera');
    const viewerPage = await get(viewer.jar, '/mismatches/1');
    expect(viewerPage.body).not.toContain('action="/mismatches/1/ack"');
    expect((await post(viewer.jar, '/mismatches/1/ack', { _csrf: csrfOf(viewerPage.body), note: 'mine' })).statusCode).toBe(403);

    const events = await t.deps.conn.db.selectFrom('mismatch_events').select(['actor', 'action', 'note']).where('mismatch_id', '=', '1').orderBy('id').execute();
    expect(events.slice(1)).toEqual([{ actor: 'ana', action: 'commented', note: 'called MP' }]);
  });

  it('lets an admin add and disable users from the users page, recording who did it; refuses viewers and analysts (403)', async () => {
    for (const name of ['vera', 'ana']) {
      const { jar } = await logIn(name);
      const home = await get(jar, '/');
      expect(home.body).not.toContain('href="/users"');
      expect((await get(jar, '/users')).statusCode).toBe(403);
      const refused = await post(jar, '/users', { _csrf: csrfOf(home.body), name: 'mallory', role: 'admin', password: 'long enough password' });
      expect(refused.statusCode).toBe(403);
      expect((await post(jar, '/users/ada/disable', { _csrf: csrfOf(home.body) })).statusCode).toBe(403);
    }
    expect(await t.deps.conn.db.selectFrom('users').select('name').where('name', '=', 'mallory').executeTakeFirst()).toBeUndefined();

    const admin = await logIn('ada');
    const users = await get(admin.jar, '/users');
    expect(users.statusCode).toBe(200);
    expect(users.body).toContain('href="/users" aria-current="page"');
    expect(users.body).toMatch(/<tr data-user="ana"><td class="id">ana<\/td><td>analyst<\/td>/);
    expect(users.body).not.toContain('action="/users/ada/disable"');
    expect((await post(admin.jar, '/users', { name: 'noel', role: 'viewer', password: 'long enough password' })).statusCode).toBe(403);
    const added = await post(admin.jar, '/users', { _csrf: csrfOf(users.body), name: 'noel', role: 'viewer', password: 'long enough password' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/users?added=noel');
    const again = await post(admin.jar, '/users', { _csrf: csrfOf(users.body), name: 'noel', role: 'viewer', password: 'long enough password' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('user noel already exists');
    const short = await post(admin.jar, '/users', { _csrf: csrfOf(users.body), name: 'kim', role: 'analyst', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 8 characters');
    expect((await post(admin.jar, '/users', { _csrf: csrfOf(users.body), name: 'kim', role: 'owner', password: 'long enough password' })).statusCode).toBe(400);

    const noel = await logIn('noel', 'long enough password');
    expect(noel.res.statusCode).toBe(303);
    expect((await get(noel.jar, '/')).statusCode).toBe(200);
    const self = await post(admin.jar, '/users/ada/disable', { _csrf: csrfOf(users.body) });
    expect(self.statusCode).toBe(400);
    expect((await post(admin.jar, '/users/nobody/disable', { _csrf: csrfOf(users.body) })).statusCode).toBe(404);
    const disabled = await post(admin.jar, '/users/noel/disable', { _csrf: csrfOf(users.body) });
    expect(disabled.statusCode).toBe(303);
    expect((await get(noel.jar, '/')).statusCode).toBe(303);

    const events = await t.deps.conn.db
      .withTables<{ user_events: { actor: string; action: string; user_name: string; role: string | null } }>()
      .selectFrom('user_events')
      .select(['actor', 'action', 'user_name', 'role'])
      .where('user_name', '=', 'noel')
      .execute();
    expect(events).toEqual([
      { actor: 'ada', action: 'added', user_name: 'noel', role: 'viewer' },
      { actor: 'ada', action: 'disabled', user_name: 'noel', role: null },
    ]);
    expect((await get(admin.jar, '/users')).body).toMatch(/<td>ada<\/td><td>disabled<\/td><td class="id">noel<\/td>/);
  });

  it('ends the sessions of a disabled user', async () => {
    const { jar } = await logIn('vera');
    expect((await get(jar, '/')).statusCode).toBe(200);
    await disableUser(t.deps.conn.db, 'vera');
    expect((await get(jar, '/')).statusCode).toBe(303);
  });
});
