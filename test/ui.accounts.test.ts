/**
 * One web UI for every account: the list names each mismatch's account and filters by it, the CSV
 * carries it, the overview gives each account its own money at risk, and a mismatch page (ids are
 * global) works and takes actions whatever its account.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import type { Deps } from '../src/deps.ts';
import { buildWebApp } from '../src/web/app.ts';
import { writeBooks } from './helpers/account-books.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';
import { PASSWORD, plantUiWorld, WEEK } from './helpers/ui-world.ts';

let t: TestDb;
let br: Deps;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDb();
  await plantUiWorld(t);
  br = await addTestAccount(t.deps, { id: 'br', site: 'MLB' });
  // The same order id and reference as the default account's O1, short by 2.50 in reais.
  await writeBooks(br, {
    window: WEEK,
    orders: [{ id: 'O1', amount: '70.00' }],
    rows: [{ ref: 'REF-O1', payment: '555', amount: '67.50', at: '2026-11-03T10:00:00.000-03:00' }],
  });
  await reconcileWindow(br, WEEK);
  app = await buildWebApp({ conn: t.deps.conn, log: t.deps.log, config: t.deps.config, now: t.deps.now });
});
afterAll(async () => {
  await app?.close();
  await t.close();
});

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(jar: Jar, setCookie: string | string[] | undefined) {
  for (const line of [setCookie ?? []].flat()) {
    const [name, value] = line.split(';')[0]!.split('=');
    jar.set(name!, value ?? '');
  }
}
async function get(jar: Jar, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(jar) } });
  keep(jar, res.headers['set-cookie']);
  return res;
}
async function post(jar: Jar, url: string, form: Record<string, string>) {
  const res = await app.inject({ method: 'POST', url, payload: new URLSearchParams(form).toString(), headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' } });
  keep(jar, res.headers['set-cookie']);
  return res;
}
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
async function logIn(user: string): Promise<Jar> {
  const jar: Jar = new Map();
  const form = await get(jar, '/login');
  await post(jar, '/login', { _csrf: csrfOf(form.body), user, password: PASSWORD, next: '/' });
  return jar;
}

/** [id, account, kind] of each row of a mismatch list page. */
const listed = (body: string) =>
  [...body.matchAll(/<tr><td class="id"><a href="\/mismatches\/(\d+)">\d+<\/a><\/td><td class="id">([^<]*)<\/td><td class="id">[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1]!, m[2]!, m[3]!]);

describe('the web UI with two accounts', () => {
  it('lists every account’s mismatches with their account, and filters by account', async () => {
    const jar = await logIn('vera');
    const all = listed((await get(jar, '/mismatches?kind=amount_mismatch')).body);
    expect(new Set(all.map(([, account, kind]) => `${account} ${kind}`))).toEqual(new Set(['br amount_mismatch', 'default amount_mismatch']));
    const page = (await get(jar, '/mismatches?account=br')).body;
    expect(listed(page).map(([, account]) => account)).toEqual(['br']);
    expect(page).toContain('<option value="br" selected>br</option>');
    expect(page).toContain('<option value="default">default</option>');
    expect(listed((await get(jar, '/mismatches?account=default')).body).every(([, account]) => account === 'default')).toBe(true);
    expect(listed((await get(jar, '/mismatches?account=nobody')).body)).toEqual([]);

    const csv = (await get(jar, '/mismatches.csv?account=br')).body.trim().split('\r\n');
    expect(csv[0]).toMatch(/,latest_note,account_id$/);
    expect(csv.slice(1).map((line) => line.split(',').at(-1))).toEqual(['br']);
  });

  it('shows and acts on a mismatch of either account through its global id', async () => {
    const jar = await logIn('ana');
    const [[id]] = listed((await get(jar, '/mismatches?account=br')).body) as [[string]];
    const page = await get(jar, `/mismatches/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<dt>Account<\/dt><dd class="id">br<\/dd><dt>Site<\/dt><dd class="id">MLB<\/dd>/);
    // The evidence is br's own: its report row, not the default account's row of the same reference.
    expect(page.body).toContain('67.50');
    expect(page.body).not.toContain('98765432101234');
    const done = await post(jar, `/mismatches/${id}/ack`, { _csrf: csrfOf(page.body), note: 'checking with the store' });
    expect(done.statusCode).toBe(303);
    const row = await t.deps.conn.db.selectFrom('mismatches').select(['account_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ account_id: 'br', status: 'acknowledged' });
    expect((await get(jar, '/mismatches/999999')).statusCode).toBe(404);
  });

  it('gives each account its own money at risk, kinds, aging and runs on the overview', async () => {
    const jar = await logIn('vera');
    const body = (await get(jar, '/')).body;
    expect(body).toContain('<div class="card" data-account="br"><div>br · MLB · BRL</div><div class="big">BRL 2.50</div>');
    expect(body).toContain('<div class="card" data-account="default"><div>default · MLA · ARS</div><div class="big">ARS 1,329,612.23</div>');
    expect(body).toContain('<td><a href="/mismatches?account=br">br</a></td><td>MLB</td><td><a href="/mismatches?kind=amount_mismatch&amp;account=br">amount_mismatch</a></td>');
    const runs = (await get(jar, '/runs')).body;
    expect(runs).toMatch(/<td class="id">br<\/td><td>reconcile<\/td>/);
    expect(runs).toMatch(/<td class="id">default<\/td><td>reconcile<\/td>/);
  });
});
