/**
 * The nightly cycle against the simulator over real HTTP and a real database: it fetches yesterday's
 * reports of both kinds (and the uncovered reopen days), ingests them and reconciles, finding the
 * mismatches planted in the simulator's traffic against orders imported the usual way; runs once per
 * business date even when two schedulers fire together; and stops cleanly on shutdown.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nightlyCycle, nightlyWindow } from '../jobs/nightly-cycle.ts';
import { load } from './helpers/fixtures.ts';
import { type AcquireEnv, count, payment, seedAccount, startAcquireEnv, TOKEN, gatedFetch } from './helpers/acquire-env.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const NOW = '2026-03-10T12:00:00Z'; // 09:00 in Buenos Aires: yesterday is 2026-03-09
let env: AcquireEnv;
let db: TestDb;

beforeAll(async () => {
  env = await startAcquireEnv(NOW);
  db = await createTestDb();
});
afterAll(async () => {
  await env.close();
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  seedAccount(env, [
    payment('9001', 'REF-A', '1000.00', '2026-03-09T10:00:00-03:00', '50.00'),
    payment('9002', 'REF-B', '450.00', '2026-03-09T11:00:00-03:00'),
    payment('9003', 'REF-X', '77.00', '2026-03-09T12:00:00-03:00'),
    payment('9004', 'REF-C', '300.00', '2026-03-05T09:00:00-03:00'),
  ]);
  await load(db.deps, {
    orders: [
      { id: 'A', ref: 'REF-A', amount: '1000.00', paid: '2026-03-09T10:00:00-03:00' },
      { id: 'B', ref: 'REF-B', amount: '500.00', paid: '2026-03-09T11:00:00-03:00' },
      { id: 'C', ref: 'REF-C', amount: '300.00', paid: '2026-03-05T09:00:00-03:00' },
    ],
    payments: [
      { id: '9001', order: 'A', amount: '1000.00', at: '2026-03-09T10:00:00-03:00' },
      { id: '9002', order: 'B', amount: '500.00', at: '2026-03-09T11:00:00-03:00' },
      { id: '9004', order: 'C', amount: '300.00', at: '2026-03-05T09:00:00-03:00' },
    ],
  });
});

describe('nightlyCycle', () => {
  it('works on yesterday and the reopen days before it, in the merchant timezone', () => {
    expect(nightlyWindow(new Date(NOW), 'America/Argentina/Buenos_Aires', 7)).toEqual({ from: '2026-03-02', to: '2026-03-09' });
    // 02:00 UTC on the 10th is still the 9th in Buenos Aires, so yesterday is the 8th
    expect(nightlyWindow(new Date('2026-03-10T02:00:00Z'), 'America/Argentina/Buenos_Aires', 0)).toEqual({ from: '2026-03-08', to: '2026-03-08' });
  });

  it('fetches both kinds, ingests them and reconciles, finding the planted mismatches', async () => {
    const deps = env.deps(db.deps);
    const result = await nightlyCycle(deps);
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.businessDate).toBe('2026-03-09');

    const files = await deps.conn.db.selectFrom('report_files').select(['kind', 'covers_from', 'covers_to', 'file_name']).orderBy('kind').execute();
    expect(files.map((f) => [f.kind, f.covers_from, f.covers_to])).toEqual([
      ['release', '2026-03-02', '2026-03-09'],
      ['settlement', '2026-03-02', '2026-03-09'],
    ]);
    expect(files.every((f) => f.file_name.startsWith('mp-recon-'))).toBe(true);
    expect(await count(deps, 'mp_settlement_rows')).toBe(4);
    expect(await count(deps, 'mp_release_rows')).toBeGreaterThan(0);

    const open = await deps.conn.db.selectFrom('mismatches').select(['kind', 'external_reference']).where('status', '=', 'open').orderBy('kind').execute();
    expect(open).toEqual([
      { kind: 'amount_mismatch', external_reference: 'REF-B' },
      { kind: 'payment_missing_internally', external_reference: 'REF-X' },
    ]);
    const runs = await deps.conn.db.selectFrom('runs').select(['job', 'status', 'window_from', 'window_to']).orderBy('id').execute();
    expect(runs).toEqual([
      { job: 'nightly', status: 'succeeded', window_from: '2026-03-02', window_to: '2026-03-09' },
      { job: 'sync', status: 'succeeded', window_from: null, window_to: null },
      { job: 'reconcile', status: 'succeeded', window_from: '2026-03-02', window_to: '2026-03-09' },
    ]);
  });

  it('the next night requests only the new day and re-reconciles the window, resolving what late data fixed', async () => {
    const first = env.deps(db.deps);
    await nightlyCycle(first);
    // Late data: the merchant corrects order B's amount; MP traffic goes on the next day.
    await db.deps.conn.pool.query(`update orders set amount = 450.00 where order_id = 'B'`);
    env.sim.state.addMovements(TOKEN, [payment('9005', 'REF-Y', '10.00', '2026-03-10T10:00:00-03:00')]);
    const tasksBefore = env.created('settlement_report');

    const next = await nightlyCycle({ ...first, now: () => new Date('2026-03-11T12:00:00Z') });
    expect(next.status).toBe('done');
    if (next.status !== 'done') return;
    expect(env.created('settlement_report')).toBe(tasksBefore + 1);
    expect(next.acquired.byKind.settlement).toEqual({ coveredDays: 7, requestedDays: 1, chunks: 1 });
    const mismatches = await first.conn.db.selectFrom('mismatches').select(['kind', 'external_reference', 'status']).orderBy('kind').orderBy('external_reference').execute();
    expect(mismatches).toEqual([
      { kind: 'amount_mismatch', external_reference: 'REF-B', status: 'resolved' },
      { kind: 'payment_missing_internally', external_reference: 'REF-X', status: 'open' },
      { kind: 'payment_missing_internally', external_reference: 'REF-Y', status: 'open' },
    ]);
  });

  it('runs once per business date: a second scheduler finds the lock taken, a later one finds the date done', async () => {
    const gate = gatedFetch();
    // The first scheduler's client stops at its first request, holding the nightly lock.
    const held = env.deps(db.deps, { client: { fetch: gate.fetch } });
    const running = nightlyCycle(held);
    await gate.arrived;
    const second = await nightlyCycle(env.deps(db.deps));
    expect(second).toEqual({ status: 'locked', businessDate: '2026-03-09' });
    gate.release();
    expect((await running).status).toBe('done');

    const third = await nightlyCycle(env.deps(db.deps));
    expect(third.status).toBe('already_done');
    expect(env.created('settlement_report')).toBe(1);
    expect(await count(db.deps, 'report_files')).toBe(2);
  });

  it('on shutdown finishes the step in progress, then marks the run failed with SHUTDOWN', async () => {
    const stop = new AbortController();
    let calls = 0;
    const deps = env.deps(db.deps, {
      client: {
        fetch: async (input, init) => {
          calls += 1;
          const answer = await fetch(input, init);
          // The signal arrives while the settlement report is being downloaded.
          if (String(input).includes('/settlement_report/mp-recon-')) stop.abort();
          return answer;
        },
      },
    });
    await expect(nightlyCycle(deps, { signal: stop.signal })).rejects.toMatchObject({ code: 'SHUTDOWN' });

    // The settlement chunk was finished and kept; the release report was never asked for.
    const files = await deps.conn.db.selectFrom('report_files').select('kind').execute();
    expect(files).toEqual([{ kind: 'settlement' }]);
    expect(env.created('release_report')).toBe(0);
    const runs = await deps.conn.db.selectFrom('runs').select(['job', 'status', 'error_code']).where('job', '=', 'nightly').execute();
    expect(runs).toEqual([{ job: 'nightly', status: 'failed', error_code: 'SHUTDOWN' }]);
    expect(calls).toBeGreaterThan(0);

    // The next cycle picks up from there.
    const again = await nightlyCycle(env.deps(db.deps));
    expect(again.status).toBe('done');
    expect(env.created('settlement_report')).toBe(1);
    expect(env.created('release_report')).toBe(1);
  });
});
