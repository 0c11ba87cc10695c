/**
 * Fetching for two accounts of one site (two stores, two tokens, one data directory): each account's
 * coverage, requests, kept downloads and rows are its own, so the second store's days are asked for
 * although the first store has them, and the two downloads (same days, same Mercado Pago file name)
 * never meet. A token whose reports are another seller's is caught at ingest.
 */
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AcquireDeps, acquireReports } from '../jobs/acquire-reports.ts';
import { reportDir } from '../src/acquire/report-store.ts';
import type { Deps } from '../src/deps.ts';
import { type AcquireEnv, payment, startAcquireEnv, TOKEN } from './helpers/acquire-env.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const OTHER_TOKEN = 'APP_USR-5550001112223335-acquire-second-store';
const RANGE = { from: '2026-03-01', to: '2026-03-09', kind: 'settlement' as const };
let env: AcquireEnv;
let db: TestDb;
let dataDir: string;

beforeAll(async () => {
  env = await startAcquireEnv('2026-03-10T12:00:00Z');
  db = await createTestDb();
});
afterAll(async () => {
  await env.close();
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  env.sim.state.reset();
  env.sim.state.addAccount({ accessToken: TOKEN, siteId: 'MLA', userId: 5001 });
  env.sim.state.addAccount({ accessToken: OTHER_TOKEN, siteId: 'MLA', userId: 5002 });
  env.sim.state.addMovements(TOKEN, [payment('7001', 'STORE-A-1', '1500.00', '2026-03-05T10:00:00-03:00')]);
  env.sim.state.addMovements(OTHER_TOKEN, [payment('8001', 'STORE-B-1', '250.00', '2026-03-05T11:00:00-03:00')]);
  dataDir = mkdtempSync(join(tmpdir(), 'mp-recon-acq-accounts-'));
});

/** The account's acquisition deps: its token, and the data directory both accounts share. */
function acquiring(account: Deps, token: string): AcquireDeps {
  const deps = env.deps(account, { client: { accessToken: token } });
  return { ...deps, config: { ...deps.config, dataDir } };
}

const rowsOf = async (account: string) =>
  (await db.deps.conn.pool.query<{ ref: string }>(`select external_reference as ref from "mp_settlement_rows_${account}" order by line`)).rows.map((r) => r.ref);
const requestsOf = async () =>
  (await db.deps.conn.pool.query<{ account_id: string; n: number }>('select account_id, count(*)::int as n from report_requests group by 1 order by 1')).rows;

describe('fetching for two accounts of one site', () => {
  it("asks for each account's days with its own token, and keeps each account's download, requests and rows apart", async () => {
    const a = acquiring(await addTestAccount(db.deps, { id: 'store-a', site: 'MLA', mpUserId: '5001' }), TOKEN);
    const b = acquiring(await addTestAccount(db.deps, { id: 'store-b', site: 'MLA', mpUserId: '5002' }), OTHER_TOKEN);

    const first = await acquireReports(a, RANGE);
    // The first store's coverage is not the second's: its days are asked for all the same.
    const second = await acquireReports(b, RANGE);
    expect(first.status === 'done' && [first.requestedDays, first.files.map((f) => f.status)]).toEqual([9, ['ingested']]);
    expect(second.status === 'done' && [second.requestedDays, second.files.map((f) => f.status)]).toEqual([9, ['ingested']]);

    expect(await rowsOf('store-a')).toEqual(['STORE-A-1']);
    expect(await rowsOf('store-b')).toEqual(['STORE-B-1']);
    expect(await requestsOf()).toEqual([
      { account_id: 'store-a', n: 1 },
      { account_id: 'store-b', n: 1 },
    ]);
    // Same days, same Mercado Pago file name: two folders, one file each.
    const kept = async (account: string) => readdir(reportDir(a.config, account, 'settlement'));
    expect(await kept('store-a')).toHaveLength(1);
    expect(await kept('store-a')).toEqual(await kept('store-b'));
    expect(reportDir(a.config, 'store-a', 'settlement')).toBe(join(dataDir, 'reports', a.config.schema, 'store-a', 'settlement'));

    const again = await acquireReports(b, RANGE);
    expect(again.status === 'done' && [again.requestedDays, again.coveredDays]).toEqual([0, 9]);
    const runs = await db.deps.conn.pool.query<{ account_id: string; n: number }>(`select account_id, count(*)::int as n from runs where job = 'fetch' group by 1 order by 1`);
    expect(runs.rows).toEqual([
      { account_id: 'store-a', n: 1 },
      { account_id: 'store-b', n: 2 },
    ]);
  });

  it("refuses at ingest the reports of a token that is another seller's, stores nothing and keeps the file aside", async () => {
    // The account says Mercado Pago user 5001, but its token is the second store's.
    const a = acquiring(await addTestAccount(db.deps, { id: 'store-a', site: 'MLA', mpUserId: '5001' }), OTHER_TOKEN);
    await expect(acquireReports(a, RANGE)).rejects.toMatchObject({ code: 'REPORT_OTHER_ACCOUNT', message: expect.stringContaining('user 5002') });
    expect(await rowsOf('store-a')).toEqual([]);
    expect((await db.deps.conn.pool.query('select count(*)::int as n from report_files')).rows[0].n).toBe(0);
    const kept = await readdir(reportDir(a.config, 'store-a', 'settlement'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/\.failed$/);
  });
});
