/**
 * Backfill and fetch over ranges, against the simulator over real HTTP and a real database: ranges are
 * cut into report requests of at most 60 days, covered days are skipped (so a stopped backfill resumes),
 * a crash between download and ingest is repaired by the re-run (the kept file is ingested, not asked
 * for again) with the same rows as a clean run, and two backfills at once run once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireReports } from '../jobs/acquire-reports.ts';
import { backfill } from '../jobs/backfill.ts';
import { type AcquireEnv, count, filesIn, payment, seedAccount, snapshot, startAcquireEnv, gatedFetch } from './helpers/acquire-env.ts';
import { load } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

let env: AcquireEnv;
let db: TestDb;

const TRAFFIC = [
  payment('8001', 'REF-1', '100.00', '2026-01-03T10:00:00-03:00', '5.00'),
  payment('8002', 'REF-2', '200.00', '2026-02-14T10:00:00-03:00', '9.00'),
  payment('8003', 'REF-3', '300.00', '2026-03-20T23:59:59-03:00'),
  { type: 'refund', paymentId: '8002', amount: '50.00', date: '2026-03-02T09:00:00-03:00' },
];

beforeAll(async () => {
  env = await startAcquireEnv('2026-04-02T12:00:00Z');
  db = await createTestDb();
});
afterAll(async () => {
  await env.close();
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  seedAccount(env, TRAFFIC);
});

describe('backfill', () => {
  it('splits 90 days into two report requests per kind, ingests everything and reconciles the range', async () => {
    await load(db.deps, { orders: [{ id: '1', ref: 'REF-1', amount: '100.00', paid: '2026-01-03T10:00:00-03:00' }] });
    const deps = env.deps(db.deps);
    const lines: string[] = [];
    const r = await backfill(deps, { from: '2026-01-01', to: '2026-03-31', onProgress: (e) => lines.push(e.type) });
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(env.created('settlement_report')).toBe(2);
    expect(env.created('release_report')).toBe(2);
    const tasks = env.sim.state.accountByToken(env.sim.state.accounts()[0]!.account.accessToken)!.reports.settlement_report.tasks;
    // Business dates in Buenos Aires (-03:00) as UTC bounds: 60 days, then the remaining 30.
    expect(tasks.map((t) => [t.record.begin_date, t.record.end_date])).toEqual([
      ['2026-01-01T03:00:00Z', '2026-03-02T03:00:00Z'],
      ['2026-03-02T03:00:00Z', '2026-04-01T03:00:00Z'],
    ]);
    expect(lines).toEqual(['planned', 'chunk', 'chunk', 'chunk', 'chunk']);
    expect(await count(deps, 'mp_settlement_rows')).toBe(4);
    // no order for REF-2 and REF-3 (nor for the refund of 8002): only REF-1 is the merchant's
    expect(r.reconciled.byKind).toEqual({ payment_missing_internally: 2, refund_missing_internally: 1 });
    expect((await filesIn(deps, 'settlement')).length).toBe(2);
  });

  it('resumes: days already covered are not requested again, unless forced', async () => {
    const deps = env.deps(db.deps);
    const first = await acquireReports(deps, { from: '2026-03-01', to: '2026-03-10', kind: 'settlement' });
    expect(first.status === 'done' && first.chunks).toBe(1);

    // The backfill of the whole quarter asks only for the days around the ones already there.
    const r = await backfill(deps, { from: '2026-01-01', to: '2026-03-31' });
    expect(r.status).toBe('done');
    if (r.status !== 'done') return;
    expect(r.acquired.byKind.settlement).toEqual({ coveredDays: 10, requestedDays: 80, chunks: 2 });
    const ranges = env.sim.state.accounts()[0]!.reports.settlement_report.tasks.map((t) => [t.record.begin_date, t.record.end_date]);
    expect(ranges.slice(1)).toEqual([
      ['2026-01-01T03:00:00Z', '2026-03-01T03:00:00Z'],
      ['2026-03-11T03:00:00Z', '2026-04-01T03:00:00Z'],
    ]);

    const again = await backfill(deps, { from: '2026-01-01', to: '2026-03-31' });
    expect(again.status === 'done' && again.acquired.chunks).toBe(0);
    const forced = await acquireReports(deps, { from: '2026-03-01', to: '2026-03-10', kind: 'settlement', force: true });
    expect(forced.status === 'done' && forced.files.map((f) => f.status)).toEqual(['already_ingested']);
    expect(await count(deps, 'mp_settlement_rows')).toBe(4);
  });

  it('after a crash between download and ingest, the re-run ingests the kept file and ends as a clean run does', async () => {
    const deps = env.deps(db.deps);
    const download = deps.mp.reports.download.bind(deps.mp.reports);
    deps.mp.reports.download = async (...args) => {
      await download(...args);
      throw new Error('simulated crash after the download');
    };
    await expect(backfill(deps, { from: '2026-03-01', to: '2026-03-31' })).rejects.toThrow('simulated crash');
    expect(await count(deps, 'report_files')).toBe(0);
    expect(await filesIn(deps, 'settlement')).toHaveLength(1);
    const failedRun = await deps.conn.db.selectFrom('runs').select(['job', 'status']).execute();
    expect(failedRun).toEqual([{ job: 'backfill', status: 'failed' }]);

    deps.mp.reports.download = download;
    const rerun = await backfill(deps, { from: '2026-03-01', to: '2026-03-31' });
    expect(rerun.status === 'done' && rerun.acquired.files.map((f) => [f.kind, f.source])).toEqual([
      ['settlement', 'resumed'],
      ['release', 'requested'],
    ]);
    expect(env.created('settlement_report')).toBe(1);
    const afterRerun = await snapshot(deps);

    await db.reset();
    const clean = env.deps(db.deps);
    expect((await backfill(clean, { from: '2026-03-01', to: '2026-03-31' })).status).toBe('done');
    expect(await snapshot(clean)).toEqual(afterRerun);
  });

  it('two backfills at once: one runs, the other reports the lock and does nothing', async () => {
    const gate = gatedFetch();
    const slow = env.deps(db.deps, { client: { fetch: gate.fetch } });
    const running = backfill(slow, { from: '2026-03-01', to: '2026-03-10' });
    await gate.arrived;
    const other = await backfill(env.deps(db.deps), { from: '2026-03-01', to: '2026-03-10' });
    expect(other).toEqual({ status: 'locked', job: 'backfill' });
    gate.release();
    expect((await running).status).toBe('done');
    expect(env.created('settlement_report')).toBe(1);
    const runs = await db.deps.conn.db.selectFrom('runs').select(['job', 'status']).orderBy('id').execute();
    expect(runs).toEqual([
      { job: 'backfill', status: 'succeeded' },
      { job: 'reconcile', status: 'succeeded' },
    ]);
  });
});
