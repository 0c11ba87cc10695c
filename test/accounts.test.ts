/**
 * Accounts: adding one checks its token against Mercado Pago (GET /users/me on the simulator) and its
 * site; tokens are read from where the row says and never stored or printed; `--account` picks one,
 * all, or (with none defined) the configured default; several accounts without `--account` is an error
 * that lists them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAccount, listAllAccounts, setEnabled } from '../jobs/manage-accounts.ts';
import { coverageOfReports } from '../jobs/report-coverage.ts';
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import { resolveAccounts } from '../src/accounts/resolve-accounts.ts';
import { mpClientFromConfig } from '../src/mp/client-from-config.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { runCommands } from './helpers/run-cli.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const AR_TOKEN = 'TEST-ar-0000000000000000-accounts';
const BR_TOKEN = 'TEST-br-0000000000000000-accounts';

let sim: RunningSimulator;
let t: TestDb;
let tokenFile: string;

async function simAccount(accessToken: string, siteId: string, userId: number): Promise<void> {
  const r = await fetch(`${sim.url}/__sim/accounts`, { method: 'POST', body: JSON.stringify({ accessToken, siteId, userId }) });
  expect(r.status).toBe(201);
}

beforeAll(async () => {
  sim = await startSimulator({});
  await simAccount(AR_TOKEN, 'MLA', 5001);
  await simAccount(BR_TOKEN, 'MLB', 5002);
  process.env.MP_TOKEN_AR_TEST = AR_TOKEN;
  tokenFile = join(mkdtempSync(join(tmpdir(), 'mp-recon-acc-')), 'br.token');
  writeFileSync(tokenFile, `${BR_TOKEN}\n`);
  t = await createTestDb({ MP_BASE_URL: sim.url, RECON_SITE: 'MLA', MP_ACCESS_TOKEN: AR_TOKEN });
});
afterAll(async () => {
  delete process.env.MP_TOKEN_AR_TEST;
  await t?.close();
  await sim?.close();
});
beforeEach(() => t.reset());

describe('accounts', () => {
  it('with none defined, the configured site and token are the one account named default', async () => {
    const [only] = await resolveAccounts(t.deps.conn.db, t.deps.config, undefined);
    expect(only).toMatchObject({ id: 'default', site: 'MLA', currency: 'ARS', token: { kind: 'config' } });
    expect(await resolveAccounts(t.deps.conn.db, t.deps.config, 'all')).toHaveLength(1);
    await expect(resolveAccounts(t.deps.conn.db, t.deps.config, 'br-main')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('coverage --account takes an account id, or a site as before accounts existed', async () => {
    expect((await coverageOfReports(t.deps, { account: 'default' })).map((c) => c.kind)).toEqual(['settlement', 'release']);
    expect(await coverageOfReports(t.deps, { account: 'MLB' })).toHaveLength(2);
    await expect(coverageOfReports(t.deps, { account: 'nowhere' })).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND', message: expect.stringContaining('default') });
  });

  it('adds accounts whose tokens Mercado Pago confirms, and refuses a token of another site or user', async () => {
    const ar = await addAccount(t.deps, { id: 'ar-main', site: 'MLA', token: { kind: 'env', name: 'MP_TOKEN_AR_TEST' } });
    expect(ar.account).toMatchObject({ site: 'MLA', currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', mpUserId: '5001' });
    const br = await addAccount(t.deps, { id: 'br-main', site: 'MLB', token: { kind: 'file', path: tokenFile }, label: 'Brasil' });
    expect(br.account).toMatchObject({ currency: 'BRL', timezone: 'America/Sao_Paulo', mpUserId: '5002', label: 'Brasil' });

    await expect(addAccount(t.deps, { id: 'br-wrong', site: 'MLA', token: { kind: 'file', path: tokenFile } })).rejects.toMatchObject({
      code: 'ACCOUNT_SITE_MISMATCH',
      message: expect.stringContaining('in MLB, not MLA'),
    });
    await expect(addAccount(t.deps, { id: 'ar-again', site: 'MLA', token: { kind: 'env', name: 'MP_TOKEN_AR_TEST' } })).rejects.toMatchObject({ code: 'ACCOUNT_USER_TAKEN' });
    await expect(addAccount(t.deps, { id: 'ar-main', site: 'MLB', token: { kind: 'file', path: tokenFile } })).rejects.toMatchObject({ code: 'ACCOUNT_EXISTS' });
    const missing = addAccount(t.deps, { id: 'mx-main', site: 'MLM', token: { kind: 'env', name: 'MP_TOKEN_NOT_SET_ANYWHERE' } });
    await expect(missing).rejects.toMatchObject({ code: 'ACCOUNT_TOKEN_MISSING', message: expect.stringContaining('MP_TOKEN_NOT_SET_ANYWHERE') });

    const stored = await t.deps.conn.db.selectFrom('accounts').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(AR_TOKEN);
    expect(JSON.stringify(stored)).not.toContain(BR_TOKEN);
    // Each added account has its own report-row partitions; refused ones left none behind.
    const partitions = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'mp_settlement_rows'::regclass order by 1`.execute(t.deps.conn.db);
    expect(partitions.rows.map((r) => r.name)).toEqual(['mp_settlement_rows_ar-main', 'mp_settlement_rows_br-main', 'mp_settlement_rows_default']);
  });

  it("narrows deps to an account: its site, currency, timezone and token, and says where a missing token should be", async () => {
    const { account } = await addAccount(t.deps, { id: 'br-main', site: 'MLB', token: { kind: 'file', path: tokenFile } });
    const br = scopeToAccount(t.deps, account);
    expect(br.config).toMatchObject({ site: 'MLB', currency: 'BRL', timezone: 'America/Sao_Paulo', mpAccessToken: BR_TOKEN });
    expect(br.account.id).toBe('br-main');
    const lost = scopeToAccount(t.deps, { ...account, token: { kind: 'env', name: 'MP_TOKEN_NOT_SET_ANYWHERE' } });
    expect(() => mpClientFromConfig(lost.config, lost.log)).toThrow(/account br-main reads its token from env MP_TOKEN_NOT_SET_ANYWHERE/);
  });

  it('tells when the first account added leaves the rows of the implicit default account behind', async () => {
    await t.deps.conn.db.insertInto('runs').values({ account_id: 'default', job: 'reconcile', status: 'succeeded' }).execute();
    await sql`insert into orders (account_id, order_id, external_reference, site, currency, amount, status, created_at)
      values ('default', 'o-1', 'ref-1', 'MLA', 'ARS', 1, 'pending', now())`.execute(t.deps.conn.db);
    const first = await addAccount(t.deps, { id: 'ar-main', site: 'MLA', token: { kind: 'env', name: 'MP_TOKEN_AR_TEST' } });
    expect(first.defaultLeftBehind).toBe(true);
    const second = await addAccount(t.deps, { id: 'br-main', site: 'MLB', token: { kind: 'file', path: tokenFile } });
    expect(second.defaultLeftBehind).toBe(false);
    const listed = await listAllAccounts(t.deps);
    expect(listed.map((a) => [a.id, a.lastRunAt])).toEqual([
      ['ar-main', null],
      ['br-main', null],
    ]);
  });

  it('picks one account, all enabled ones, or refuses to guess between several', async () => {
    await addAccount(t.deps, { id: 'ar-main', site: 'MLA', token: { kind: 'env', name: 'MP_TOKEN_AR_TEST' } });
    await addAccount(t.deps, { id: 'br-main', site: 'MLB', token: { kind: 'file', path: tokenFile } });
    await expect(resolveAccounts(t.deps.conn.db, t.deps.config, undefined)).rejects.toMatchObject({
      code: 'ACCOUNT_AMBIGUOUS',
      message: expect.stringContaining('ar-main, br-main'),
    });
    expect((await resolveAccounts(t.deps.conn.db, t.deps.config, 'br-main')).map((a) => a.id)).toEqual(['br-main']);
    await setEnabled(t.deps, 'br-main', false);
    expect((await resolveAccounts(t.deps.conn.db, t.deps.config, 'all')).map((a) => a.id)).toEqual(['ar-main']);
    expect((await listAllAccounts(t.deps)).map((a) => [a.id, a.enabled])).toEqual([
      ['ar-main', true],
      ['br-main', false],
    ]);
  });
});

describe('mp-recon accounts', () => {
  let cliDb: TestDb;
  beforeAll(async () => {
    cliDb = await createTestDb({}, { connect: false });
  });
  afterAll(async () => {
    await cliDb?.close();
  });

  it('adds, lists and disables from the command line without printing a token', async () => {
    const env = { ...cliDb.cliEnv, MP_BASE_URL: sim.url, RECON_SITE: 'MLA', MP_TOKEN_AR_TEST: AR_TOKEN };
    const { results, timedOut } = await runCommands(
      [
        ['accounts', 'list'],
        ['accounts', 'add', 'ar-main', '--site', 'MLA', '--token-env', 'MP_TOKEN_AR_TEST'],
        ['accounts', 'add', 'br-main', '--site', 'mlb', '--token-file', tokenFile, '--label', 'Brasil'],
        ['accounts', 'add', 'Bad Id', '--site', 'MLA', '--token-env', 'X'],
        ['accounts', 'disable', 'br-main'],
        ['accounts', 'list'],
      ],
      env,
      { timeoutMs: 120_000 },
    );
    expect(timedOut).toBe(false);
    const [firstList, addAr, addBr, badId, disable, list] = results;
    expect(firstList?.stdout).toMatch(/default\s+MLA\s+ARS .*env MP_ACCESS_TOKEN\s+yes/);
    expect(addAr?.code).toBe(0);
    expect(addAr?.stdout).toContain('account ar-main added: MLA (ARS, America/Argentina/Buenos_Aires), Mercado Pago user 5001');
    expect(addBr?.stdout).toContain(`token from file ${tokenFile}`);
    expect(badId?.code).toBe(2);
    expect(badId?.stderr).toContain('USAGE');
    expect(disable?.stdout).toBe('account br-main disabled\n');
    expect(list?.stdout).toMatch(/ar-main\s+MLA\s+ARS .*5001\s+env MP_TOKEN_AR_TEST\s+yes/);
    expect(list?.stdout).toMatch(/br-main\s+MLB\s+BRL .*Brasil\s+5002\s+file \S+\s+no/);
    for (const r of results) expect(`${r.stdout}${r.stderr}`).not.toMatch(/TEST-(ar|br)-0000/);
  }, 180_000);
});
