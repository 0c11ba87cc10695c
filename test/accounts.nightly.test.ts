/**
 * The nightly cycle of a database holding two accounts in two sites, against the simulator serving
 * both (own tokens, users and ledgers): each account's night fetches its own reports with its own
 * token and finds only its own mismatches, although both use the reference REF-A. On a Postgres
 * server each night is one queued job keyed by account and date, so a second scheduler tick enqueues
 * nothing new; on the embedded database the nights run one after the other in-process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AcquireDeps } from '../jobs/fetch-report-chunk.ts';
import { nightlyAllAccounts } from '../jobs/nightly-all-accounts.ts';
import { createManualClock } from '../simulator/clock.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { MpClient } from '../src/mp/client.ts';
import { openJobQueue } from '../src/queue/job-queue.ts';
import { payment } from './helpers/acquire-env.ts';
import { load } from './helpers/fixtures.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const NOW = '2026-03-10T12:00:00Z'; // yesterday is 2026-03-09 in Buenos Aires and in Sao Paulo
const AR_TOKEN = 'TEST-ar-0000000000000000-nightly-accounts';
const BR_TOKEN = 'TEST-br-0000000000000000-nightly-accounts';
let sim: RunningSimulator;
let db: TestDb;
let engine: EngineDeps;

const withMp = (deps: Deps): AcquireDeps => {
  const sleep = async () => {};
  const mp = new MpClient({ baseUrl: sim.url, accessToken: deps.config.mpAccessToken ?? '', log: deps.log, sleep, random: () => 0.5 });
  return { ...deps, mp, sleep };
};

beforeAll(async () => {
  sim = await startSimulator({ clock: createManualClock(NOW) });
  db = await createTestDb();
});
afterAll(async () => {
  await sim?.close();
  await db?.close();
});
beforeEach(async () => {
  await db.reset();
  sim.state.reset();
  sim.state.addAccount({ accessToken: AR_TOKEN, siteId: 'MLA', userId: 7001 });
  sim.state.addAccount({ accessToken: BR_TOKEN, siteId: 'MLB', userId: 7002 });
  sim.state.addMovements(AR_TOKEN, [payment('9001', 'REF-A', '1000.00', '2026-03-09T10:00:00-03:00'), payment('9002', 'REF-B', '450.00', '2026-03-09T11:00:00-03:00')]);
  sim.state.addMovements(BR_TOKEN, [payment('8001', 'REF-A', '200.00', '2026-03-09T10:00:00-03:00'), payment('8003', 'REF-X', '77.00', '2026-03-09T12:00:00-03:00')]);
  engine = { ...db.deps, config: { ...db.deps.config, dataDir: mkdtempSync(join(tmpdir(), 'mp-recon-nights-')) }, now: () => new Date(NOW) };
  const ar = await addTestAccount(engine, { id: 'ar', site: 'MLA', mpUserId: '7001', token: AR_TOKEN });
  const br = await addTestAccount(engine, { id: 'br', site: 'MLB', mpUserId: '7002', token: BR_TOKEN });
  await load(ar, {
    orders: [
      { id: 'A', ref: 'REF-A', amount: '1000.00', paid: '2026-03-09T10:00:00-03:00' },
      { id: 'B', ref: 'REF-B', amount: '500.00', paid: '2026-03-09T11:00:00-03:00' },
    ],
    payments: [
      { id: '9001', order: 'A', amount: '1000.00', at: '2026-03-09T10:00:00-03:00' },
      { id: '9002', order: 'B', amount: '500.00', at: '2026-03-09T11:00:00-03:00' },
    ],
  });
  await load(br, {
    orders: [{ id: 'A', ref: 'REF-A', amount: '200.00', paid: '2026-03-09T10:00:00-03:00', currency: 'BRL', site: 'MLB' }],
    payments: [{ id: '8001', order: 'A', amount: '200.00', at: '2026-03-09T10:00:00-03:00', currency: 'BRL' }],
  });
});

async function openMismatches(): Promise<string[]> {
  const rows = await db.deps.conn.db.selectFrom('mismatches').select(['account_id', 'kind', 'external_reference']).where('status', '=', 'open').orderBy('account_id').orderBy('kind').execute();
  return rows.map((r) => `${r.account_id} ${r.kind} ${r.external_reference}`);
}

describe('the nightly cycle of every account', () => {
  it('runs each account on its own books with its own token', async () => {
    const nights = await nightlyAllAccounts(engine, { withMp });
    expect(nights.map((n) => [n.account, n.status, n.businessDate])).toEqual([
      ['ar', 'done', '2026-03-09'],
      ['br', 'done', '2026-03-09'],
    ]);
    expect(await openMismatches()).toEqual(['ar amount_mismatch REF-B', 'br payment_missing_internally REF-X']);
    const files = await db.deps.conn.db.selectFrom('report_files').select(['account_id', 'site', 'kind']).orderBy('account_id').orderBy('kind').execute();
    expect(files).toEqual([
      { account_id: 'ar', site: 'MLA', kind: 'release' },
      { account_id: 'ar', site: 'MLA', kind: 'settlement' },
      { account_id: 'br', site: 'MLB', kind: 'release' },
      { account_id: 'br', site: 'MLB', kind: 'settlement' },
    ]);
  });

  it.skipIf(testBackend() === 'embedded')('enqueues one job per account and night: a second tick enqueues nothing and finds both done', async () => {
    const queue = await openJobQueue(db.cliEnv.DATABASE_URL, db.deps.conn.schema, { leaseSeconds: 60, retryLimit: 1, retryDelaySeconds: 1, maintenanceSeconds: 30 });
    try {
      const first = await nightlyAllAccounts(engine, { queue, withMp });
      expect(first.map((n) => [n.account, n.status])).toEqual([
        ['ar', 'done'],
        ['br', 'done'],
      ]);
      const again = await nightlyAllAccounts(engine, { queue, withMp });
      expect(again.map((n) => [n.account, n.status])).toEqual([
        ['ar', 'already_done'],
        ['br', 'already_done'],
      ]);
      const { rows } = await db.deps.conn.pool.query(`select data->>'account' as account from ${queue.schema}.job where name = 'nightly-cycle' order by 1`);
      expect(rows).toEqual([{ account: 'ar' }, { account: 'br' }]);
      expect(await openMismatches()).toEqual(['ar amount_mismatch REF-B', 'br payment_missing_internally REF-X']);
    } finally {
      await db.deps.conn.pool.query(`delete from ${queue.schema}.job`);
      await queue.close();
    }
  });
});
