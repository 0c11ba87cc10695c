/**
 * Faults on the way from Mercado Pago to the database, injected in the simulator: each ends either in
 * success after retries, or in a clear failure (stable code, run row failed) with nothing half-written:
 * no report_files row, no row, no file or temp file in the reports directory. The access token never
 * reaches a log line, whatever happens. Sleeps are injected and recorded, so backoff never waits.
 */
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AcquireDeps, acquireReports } from '../jobs/acquire-reports.ts';
import { reportDir } from '../src/acquire/report-store.ts';
import { mpClientFromConfig } from '../src/mp/client-from-config.ts';
import { type AcquireEnv, count, payment, seedAccount, startAcquireEnv, TOKEN } from './helpers/acquire-env.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

// The simulator names a file after its config prefix and the clock in GMT-04: 12:00Z is 08:00.
const FILE = 'mp-recon-settlement-2026-03-10-080000.csv';
const RANGE = { from: '2026-03-01', to: '2026-03-09', kind: 'settlement' as const };
let env: AcquireEnv;
let db: TestDb;
let deps: AcquireDeps;

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
  seedAccount(env, [payment('7001', 'REF-7001', '1500.00', '2026-03-05T10:00:00-03:00', '90.00')]);
  env.sleeps.length = 0;
  deps = env.deps(db.deps);
});
afterEach(async () => {
  expect(env.logLines.length).toBeGreaterThan(0);
  expect(env.logLines.filter((line) => line.includes(TOKEN))).toEqual([]);
  const { rows } = await db.deps.conn.pool.query<{ error_message: string | null }>('select error_message from runs');
  expect(rows.filter((r) => r.error_message?.includes(TOKEN))).toEqual([]);
});

async function nothingWritten(): Promise<void> {
  expect(await count(deps, 'report_files')).toBe(0);
  expect(await count(deps, 'mp_settlement_rows')).toBe(0);
  expect(await readdir(reportDir(deps.config, deps.account.id, 'settlement')).catch(() => [])).toEqual([]);
}

async function failedRun(): Promise<{ status: string; error_code: string | null }[]> {
  return deps.conn.db.selectFrom('runs').select(['status', 'error_code']).execute();
}

describe('acquisition under injected faults', () => {
  it('waits out 429 with Retry-After and retries 503s, then succeeds', async () => {
    env.sim.state.addFault({ method: 'GET', path: '/v1/account/:kind/list', type: 'status', status: 429, retryAfter: 7, times: 2 });
    env.sim.state.addFault({ method: 'POST', path: '/v1/account/:kind', type: 'status', status: 503, times: 1 });
    env.sim.state.addFault({ method: 'GET', path: `/v1/account/settlement_report/${FILE}`, type: 'status', status: 503, times: 1 });
    const r = await acquireReports(deps, RANGE);
    expect(r.status === 'done' && r.files.map((f) => f.status)).toEqual(['ingested']);
    expect(env.sleeps.filter((ms) => ms === 7000)).toHaveLength(2);
    expect(await count(deps, 'mp_settlement_rows')).toBe(1);
  });

  it('downloads again after a truncated body', async () => {
    env.sim.state.addFault({ method: 'GET', path: `/v1/account/settlement_report/${FILE}`, type: 'truncate', times: 1 });
    const r = await acquireReports(deps, RANGE);
    expect(r.status).toBe('done');
    expect(await count(deps, 'mp_settlement_rows')).toBe(1);
    expect(await readdir(reportDir(deps.config, deps.account.id, 'settlement'))).toEqual([`2026-03-01_2026-03-09_${FILE}`]);
  });

  it('fails clearly when every download is truncated, leaving no row and no file', async () => {
    env.sim.state.addFault({ method: 'GET', path: `/v1/account/settlement_report/${FILE}`, type: 'truncate', times: 'always' });
    await expect(acquireReports(deps, RANGE)).rejects.toMatchObject({ code: 'MP_TRUNCATED_DOWNLOAD' });
    await nothingWritten();
    expect(await failedRun()).toEqual([{ status: 'failed', error_code: 'MP_TRUNCATED_DOWNLOAD' }]);
  });

  it('gives up on a report stuck pending after a bounded wait', async () => {
    env.sim.state.addFault({ method: 'POST', path: '/v1/account/settlement_report', type: 'stuck_pending', times: 1 });
    const r = acquireReports(deps, { ...RANGE, tuning: { wait: { timeoutMs: 120_000, pollMs: 5_000, maxPollMs: 30_000 } } });
    await expect(r).rejects.toMatchObject({ code: 'MP_REPORT_NOT_READY' });
    await nothingWritten();
    expect(await failedRun()).toEqual([{ status: 'failed', error_code: 'MP_REPORT_NOT_READY' }]);
    expect(env.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
  });

  it('asks again after 203 (report not created), with growing waits', async () => {
    const rule = env.sim.state.addFault({ method: 'POST', path: '/v1/account/settlement_report', type: 'not_created', times: 2 });
    const r = await acquireReports(deps, RANGE);
    expect(r.status).toBe('done');
    expect(rule.hits).toBe(2);
    expect(env.sleeps.slice(0, 2)).toEqual([30_000, 60_000]);
    expect(env.created('settlement_report')).toBe(1);
  });

  it('stops after a bounded number of 203s with a message that says to ask later', async () => {
    const rule = env.sim.state.addFault({ method: 'POST', path: '/v1/account/settlement_report', type: 'not_created', times: 'always' });
    const failure = acquireReports(deps, { ...RANGE, tuning: { notCreated: { attempts: 3, baseMs: 1_000, maxMs: 5_000 } } });
    await expect(failure).rejects.toMatchObject({ code: 'MP_REPORT_NOT_CREATED', message: expect.stringMatching(/2026-03-01\.\.2026-03-09.*ask again later/) });
    expect(rule.hits).toBe(3);
    await nothingWritten();
    expect(await failedRun()).toEqual([{ status: 'failed', error_code: 'MP_REPORT_NOT_CREATED' }]);
  });

  it('creates the report configuration when the seller has none', async () => {
    env.sim.state.setQuirks({ missingConfig: 'not_found' });
    try {
      const r = await acquireReports(deps, RANGE);
      expect(r.status).toBe('done');
      const config = env.sim.state.accountByToken(TOKEN)?.reports.settlement_report.config;
      expect(config?.file_name_prefix).toBe('mp-recon-settlement');
    } finally {
      env.sim.state.setQuirks({ missingConfig: 'defaults' });
    }
  });

  it('keeps a report that ingest refuses aside (.failed), and the next run asks for a fresh one', async () => {
    // The seller's own config lacks a column mp-recon needs: that file cannot be ingested.
    const frequency = { type: 'daily', value: 1, hour: 0 } as const;
    await deps.mp.reports.createConfig('settlement_report', { columns: [{ key: 'SOURCE_ID' }, { key: 'TRANSACTION_AMOUNT' }, { key: 'SETTLEMENT_DATE' }], file_name_prefix: 'mine', frequency });
    await expect(acquireReports(deps, RANGE)).rejects.toMatchObject({ code: 'HEADER_MISSING_COLUMN' });
    expect(await count(deps, 'report_files')).toBe(0);
    const dir = reportDir(deps.config, deps.account.id, 'settlement');
    expect(await readdir(dir)).toEqual([expect.stringMatching(/^2026-03-01_2026-03-09_mine-.*\.csv\.failed$/)]);

    await deps.mp.reports.updateConfig('settlement_report', { columns: [{ key: 'SOURCE_ID' }, { key: 'TRANSACTION_TYPE' }, { key: 'TRANSACTION_AMOUNT' }, { key: 'SETTLEMENT_DATE' }] });
    const r = await acquireReports(deps, RANGE);
    expect(r.status === 'done' && r.files.map((f) => [f.source, f.status])).toEqual([['requested', 'ingested']]);
    expect(env.created('settlement_report')).toBe(2);
  });

  it('removes the temp file a killed download left behind, but not one still being written', async () => {
    const dir = reportDir(deps.config, deps.account.id, 'settlement');
    await mkdir(dir, { recursive: true });
    const stale = join(dir, `.2026-03-01_2026-03-09_${FILE}.0a1b2c.part`);
    const fresh = join(dir, `.2026-03-01_2026-03-09_${FILE}.3d4e5f.part`);
    await writeFile(stale, 'half a rep');
    await writeFile(fresh, 'half a rep');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(stale, hourAgo, hourAgo);
    expect((await acquireReports(deps, RANGE)).status).toBe('done');
    expect((await readdir(dir)).sort()).toEqual([`.2026-03-01_2026-03-09_${FILE}.3d4e5f.part`, `2026-03-01_2026-03-09_${FILE}`]);
  });

  it('refuses to start without a token, saying what to set', () => {
    expect(() => mpClientFromConfig({ ...deps.config, mpAccessToken: undefined }, deps.log)).toThrow(
      expect.objectContaining({ code: 'MP_TOKEN_MISSING', message: expect.stringContaining('set MP_ACCESS_TOKEN') }),
    );
  });

  it('fails with MP_UNAUTHORIZED on a wrong token, and still logs no token', async () => {
    const wrong = env.deps(db.deps, { client: { accessToken: `${TOKEN}-revoked` } });
    await expect(acquireReports(wrong, RANGE)).rejects.toMatchObject({ code: 'MP_UNAUTHORIZED' });
    expect(env.logLines.filter((line) => line.includes('-revoked'))).toEqual([]);
  });
});

const FOREIGN =
  'EXTERNAL_REFERENCE,SOURCE_ID,TRANSACTION_TYPE,TRANSACTION_AMOUNT,SETTLEMENT_DATE\n' + 'OTHER-ACCOUNT-1,999999,SETTLEMENT,5000.00,2026-03-04T10:00:00.000-03:00\n';

// A fresh database on an old data directory must not ingest a file another database or account left there.
describe('kept report files', () => {
  it('ignores a file for the same dates that this database never asked for, and asks Mercado Pago', async () => {
    const dir = reportDir(deps.config, deps.account.id, 'settlement');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '2026-03-01_2026-03-09_mp-recon-settlement-2026-01-01-000000.csv'), FOREIGN);
    const r = await acquireReports(deps, RANGE);
    expect(r.status === 'done' && r.files.map((f) => f.source)).toEqual(['requested']);
    const refs = await deps.conn.pool.query('select source_id from mp_settlement_rows');
    expect(refs.rows).toEqual([{ source_id: '7001' }]);
    const requests = await deps.conn.pool.query(`select kind, to_char(covers_from, 'YYYY-MM-DD') as covers_from, file_name is not null as named, sha256 is not null as hashed from report_requests`);
    expect(requests.rows).toEqual([{ kind: 'settlement', covers_from: '2026-03-01', named: true, hashed: true }]);
  });

  it('ignores a file this database asked for when its bytes changed since the download', async () => {
    const download = deps.mp.reports.download.bind(deps.mp.reports);
    deps.mp.reports.download = async (...args) => {
      const file = await download(...args);
      await writeFile(file.path, FOREIGN);
      throw new Error('simulated crash after the download');
    };
    await expect(acquireReports(deps, RANGE)).rejects.toThrow('simulated crash');
    // The request holds MP's file name; give it the sha256 of the bytes MP sent, which the kept file no
    // longer has.
    await deps.conn.pool.query(`update report_requests set sha256 = repeat('0', 64)`);
    deps.mp.reports.download = download;
    const r = await acquireReports(deps, RANGE);
    expect(r.status === 'done' && r.files.map((f) => f.source)).toEqual(['requested']);
    expect(await count(deps, 'mp_settlement_rows')).toBe(1);
  });

  it('keeps files of two schemas, or two accounts, on one data directory apart', async () => {
    const mine = reportDir(deps.config, deps.account.id, 'settlement');
    expect(mine).not.toBe(reportDir({ ...deps.config, schema: 'recon_other' }, deps.account.id, 'settlement'));
    expect(mine).not.toBe(reportDir(deps.config, 'br', 'settlement'));
    expect(mine).toContain(join('reports', deps.config.schema, deps.account.id, 'settlement'));
  });
});
