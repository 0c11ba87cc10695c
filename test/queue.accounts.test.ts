/**
 * `backfill --account all` over the job queue: three accounts (two in one site, one in another) whose
 * Mercado Pago sides share references, backfilled side by side by the backfill process and a worker.
 * Every chunk job names its account, each account's files and mismatches come from its own ledger
 * (the same as backfilling that account alone), and the progress counts every account's chunks.
 * Postgres only: the embedded database has no queue.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { addDays, businessDateOf } from '../src/util/dates.ts';
import { runCli } from './helpers/run-cli.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const BIN = fileURLToPath(new URL('../bin/mp-recon.js', import.meta.url));
const to = addDays(businessDateOf(new Date(), 'America/Argentina/Buenos_Aires'), -1);
const from = addDays(to, -9);
const ACCOUNTS = [
  { id: 'ar-1', site: 'MLA', user: 8101, token: 'TEST-ar1-000000000000-queue-accounts' },
  { id: 'ar-2', site: 'MLA', user: 8102, token: 'TEST-ar2-000000000000-queue-accounts' },
  { id: 'br', site: 'MLB', user: 8103, token: 'TEST-br0-000000000000-queue-accounts' },
] as const;

let sim: RunningSimulator;
let shared: TestDb;
let alone: TestDb;
let worker: ChildProcess | undefined;
let tokens: Record<string, string> = {};

/** Each account's ledger: the same references, its own amounts (so a mix-up shows in the mismatches). */
function movements(index: number) {
  return Array.from({ length: 3 }, (_, i) => ({
    type: 'payment',
    id: String(9100 + index * 10 + i),
    externalReference: `REF-SHARED-${i}`,
    amount: `${100 * (index + 1) + i}.00`,
    fee: '1.00',
    approvedAt: `${addDays(from, i * 3)}T10:00:00-03:00`,
  }));
}

async function mismatchesOf(db: TestDb, account?: string): Promise<string[]> {
  const { rows } = await db.deps.conn.pool.query<{ line: string }>(
    `select account_id || ' ' || kind || ' ' || coalesce(external_reference, '') || ' ' || coalesce(actual_amount::text, '') as line
       from mismatches where $1::text is null or account_id = $1 order by 1`,
    [account ?? null],
  );
  return rows.map((r) => r.line);
}

describe.skipIf(testBackend() !== 'postgres')('backfill of every account over the job queue', () => {
  beforeAll(async () => {
    sim = await startSimulator({});
    shared = await createTestDb({ MP_BASE_URL: sim.url });
    alone = await createTestDb({ MP_BASE_URL: sim.url });
    for (const [i, a] of ACCOUNTS.entries()) {
      sim.state.addAccount({ accessToken: a.token, siteId: a.site, userId: a.user });
      sim.state.addMovements(a.token, movements(i));
      await addTestAccount(shared.deps, { id: a.id, site: a.site, mpUserId: String(a.user), token: a.token });
    }
    await addTestAccount(alone.deps, { id: 'br', site: 'MLB', mpUserId: '8103', token: ACCOUNTS[2].token });
    tokens = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('MP_TOKEN_TEST_')).map((k) => [k, process.env[k] as string]));
    const env = { ...process.env, ...shared.cliEnv, ...tokens, MP_BASE_URL: sim.url, RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-qa-w-')) };
    worker = spawn(process.execPath, [BIN, 'worker', '--concurrency', '1'], { env, stdio: 'ignore' });
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await sim?.close();
    await shared?.close();
    await alone?.close();
  });

  it('backfills each account from its own ledger, side by side, and each matches its backfill alone', async () => {
    const env = { ...shared.cliEnv, ...tokens, MP_BASE_URL: sim.url, RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-qa-')) };
    const r = await runCli(['backfill', '--account', 'all', '--from', from, '--to', to], env, { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const a of ACCOUNTS) expect(r.stdout).toContain(`account ${a.id}: backfilled ${from}..${to}`);
    expect(r.stderr).toMatch(/\[6\/6\] account /);
    for (const a of ACCOUNTS) expect(r.stdout + r.stderr).not.toContain(a.token);

    const jobs = await shared.deps.conn.pool.query<{ account: string; n: string }>(
      `select data->>'account' as account, count(*) as n from ${shared.deps.conn.schema}_queue.job where name = 'fetch-chunk' and state = 'completed' group by 1 order by 1`,
    );
    expect(jobs.rows).toEqual(ACCOUNTS.map((a) => ({ account: a.id, n: '2' })));
    const files = await shared.deps.conn.pool.query<{ account_id: string; site: string; n: string }>(
      'select account_id, site, count(*) as n from report_files group by 1, 2 order by 1',
    );
    expect(files.rows).toEqual(ACCOUNTS.map((a) => ({ account_id: a.id, site: a.site, n: '2' })));
    // No orders were imported: every payment is missing internally, at its own account's amount.
    const sharedMismatches = await mismatchesOf(shared);
    expect(sharedMismatches.filter((m) => m.startsWith('ar-1 payment_missing_internally'))).toEqual([
      'ar-1 payment_missing_internally REF-SHARED-0 100.00',
      'ar-1 payment_missing_internally REF-SHARED-1 101.00',
      'ar-1 payment_missing_internally REF-SHARED-2 102.00',
    ]);

    const single = await runCli(['backfill', '--account', 'br', '--from', from, '--to', to, '--inline'], { ...alone.cliEnv, ...tokens, MP_BASE_URL: sim.url, RECON_DATA_DIR: mkdtempSync(join(tmpdir(), 'mp-recon-qa1-')) }, { timeoutMs: 240_000 });
    expect(single.code, single.stderr).toBe(0);
    expect(await mismatchesOf(shared, 'br')).toEqual(await mismatchesOf(alone, 'br'));
    expect(await mismatchesOf(alone, 'br')).not.toEqual([]);
  }, 600_000);
});
