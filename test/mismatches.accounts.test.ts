/**
 * Two accounts through the real CLI (an MLA and an MLB store, each with its own sample books): listing
 * and the report take one account or all (then every row names its account), show and the actions
 * work on one account only, and reconcile on one at a time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let t: TestDb;
let env: Record<string, string>;
let dir: string;
let mp: Server;
const cli = (args: string[]) => runCli(args, env);
async function ok(args: string[]) {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

beforeAll(async () => {
  t = await createTestDb({}, { connect: false });
  // Mercado Pago as `accounts add` asks it: whose token is it, of which site.
  const sellers: Record<string, object> = { 'Bearer TEST-ar': { id: 123456789, site_id: 'MLA', nickname: 'AR' }, 'Bearer TEST-br': { id: 987654321, site_id: 'MLB', nickname: 'BR' } };
  mp = createServer((req, res) => {
    const seller = req.url === '/users/me' ? sellers[req.headers.authorization ?? ''] : undefined;
    res.writeHead(seller ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(seller ?? { message: 'invalid token' }));
  });
  await new Promise<void>((resolve) => mp.listen(0, '127.0.0.1', resolve));
  const mpBaseUrl = `http://127.0.0.1:${(mp.address() as AddressInfo).port}`;
  env = { ...t.cliEnv, MP_BASE_URL: mpBaseUrl, MP_TOKEN_AR: 'TEST-ar', MP_TOKEN_BR: 'TEST-br' };
  dir = mkdtempSync(join(tmpdir(), 'mp-recon-accounts-cli-'));
  await ok(['accounts', 'add', 'ar', '--site', 'MLA', '--token-env', 'MP_TOKEN_AR']);
  await ok(['accounts', 'add', 'br', '--site', 'MLB', '--token-env', 'MP_TOKEN_BR']);
  for (const [account, site] of [['ar', 'mla'], ['br', 'mlb']] as const) {
    for (const kind of ['orders', 'payments']) await ok(['import', kind, `samples/${site}/${kind}.csv`, '--account', account]);
    await ok(['ingest', `samples/${site}/settlement-2026-11-01.csv`, '--from', '2026-11-01', '--to', '2026-11-07', '--account', account]);
    await ok(['reconcile', '--from', '2026-11-01', '--to', '2026-11-07', '--account', account]);
  }
}, 300_000);
afterAll(async () => {
  mp?.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const csvRows = (stdout: string) => stdout.trim().split('\r\n');

describe('mismatches and report with two accounts', () => {
  it('lists one account as before, or all with an account column in the table, CSV and JSON', { timeout: 240_000 }, async () => {
    const ambiguous = await cli(['mismatches']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/ACCOUNT_AMBIGUOUS/);

    const [arHeader, ...ar] = csvRows((await ok(['mismatches', '--account', 'ar', '--format', 'csv'])).stdout);
    const [, ...br] = csvRows((await ok(['mismatches', '--account', 'br', '--format', 'csv'])).stdout);
    expect(arHeader).toMatch(/,assignee,latest_note$/);
    expect(ar.length).toBeGreaterThan(0);
    expect(br.length).toBeGreaterThan(0);

    const [allHeader, ...all] = csvRows((await ok(['mismatches', '--account', 'all', '--format', 'csv'])).stdout);
    expect(allHeader).toBe(`${arHeader},account_id`);
    expect(all.map((line) => line.split(',').at(-1)).sort()).toEqual([...ar.map(() => 'ar'), ...br.map(() => 'br')]);
    expect(all.filter((line) => line.endsWith(',ar')).map((line) => line.slice(0, -',ar'.length)).sort()).toEqual([...ar].sort());

    const json = JSON.parse((await ok(['mismatches', '--account', 'all', '--format', 'json'])).stdout) as { account_id: string; currency: string }[];
    expect(new Set(json.map((m) => `${m.account_id} ${m.currency}`))).toEqual(new Set(['ar ARS', 'br BRL']));
    const table = (await ok(['mismatches', '--account', 'all'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^account +id +business_date/);
    expect(table).toContain(`${all.length} mismatch(es)`);
  });

  it('shows and acts on a mismatch only through its own account', { timeout: 240_000 }, async () => {
    const [, first] = csvRows((await ok(['mismatches', '--account', 'br', '--format', 'csv'])).stdout);
    const id = first!.split(',')[0]!;
    const shown = JSON.parse((await ok(['mismatches', 'show', id, '--account', 'br', '--format', 'json'])).stdout);
    expect(shown).toMatchObject({ id, account_id: 'br', site: 'MLB' });

    const elsewhere = await cli(['mismatches', 'show', id, '--account', 'ar']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(new RegExp(`MISMATCH_NOT_FOUND: mismatch ${id} does not exist in account ar`));
    expect((await cli(['mismatches', 'ack', id, '--account', 'ar', '--note', 'not ours'])).stderr).toMatch(/MISMATCH_NOT_FOUND/);
    expect((await cli(['mismatches', 'show', id, '--account', 'all'])).code).toBe(2);
    expect((await cli(['reconcile', '--from', '2026-11-01', '--to', '2026-11-07', '--account', 'all'])).code).toBe(2);
    expect((await ok(['mismatches', 'ack', id, '--account', 'br', '--note', 'ours'])).stdout).toMatch(new RegExp(`^mismatch ${id} acknowledged by `));
  });

  it('writes one report with a part per account, each in its own currency', { timeout: 240_000 }, async () => {
    const out = join(dir, 'all.html');
    const r = await ok(['report', '--from', '2026-11-01', '--to', '2026-11-07', '--account', 'all', '--out', out]);
    expect(r.stderr).toMatch(/^ {2}ar ARS: settled /m);
    expect(r.stderr).toMatch(/^ {2}br BRL: settled /m);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<title>Reconciliation report, 2 accounts, 2026-11-01 to 2026-11-07</title>');
    expect(page).toMatch(/<section class="account" id="account-ar" data-account="ar">\s*<h2 class="account">Account ar: site MLA, ARS, America\/Argentina\/Buenos_Aires<\/h2>/);
    expect(page).toMatch(/<section class="account" id="account-br" data-account="br">\s*<h2 class="account">Account br: site MLB, BRL, America\/Sao_Paulo<\/h2>/);
    const part = (account: string) => page.slice(page.indexOf(`id="account-${account}"`), page.indexOf(account === 'ar' ? 'id="account-br"' : '<footer>'));
    expect(part('ar')).toContain('id="ar-at-risk"');
    expect(part('ar')).not.toContain('BRL');
    expect(part('br')).not.toContain('data-currency="ARS"');
    expect(page).toContain('mp-recon mismatches export --account all --from 2026-11-01 --to 2026-11-07');

    const one = join(dir, 'br.html');
    await ok(['report', '--from', '2026-11-01', '--to', '2026-11-07', '--account', 'br', '--out', one]);
    const brPage = readFileSync(one, 'utf8');
    expect(brPage).toContain('<title>Reconciliation report br MLB 2026-11-01 to 2026-11-07</title>');
    expect(brPage).not.toContain('class="account"');
    expect(brPage).toContain('<section id="at-risk">');
  });
});
