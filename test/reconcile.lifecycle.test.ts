import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { changeMismatchStatus } from '../src/mismatches/change-status.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { load, ordersCsv, writeTemp } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const AT = '2026-11-03T10:00:00.000-03:00';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  await load(t.deps, {
    orders: [{ id: 'O1', amount: '70.00' }],
    reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '69.00', at: AT }] }],
  });
});

const all = () => listMismatches(t.deps.conn.db, { status: 'all' });
const snapshot = async () => (await all()).map(({ last_seen_at, ...rest }) => rest);

describe('mismatch lifecycle', () => {
  it('re-running a window changes nothing', async () => {
    await reconcileWindow(t.deps, WEEK);
    const before = await snapshot();
    const again = await reconcileWindow(t.deps, WEEK);
    expect(await snapshot()).toEqual(before);
    expect(again).toMatchObject({ new: 0, stillOpen: 1, resolved: 0 });
  });

  it('auto-resolves a mismatch once the internal record is fixed, and reopens it if it comes back', async () => {
    await reconcileWindow(t.deps, WEEK);
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'O1', amount: '69.00' }])));
    const fixed = await reconcileWindow(t.deps, WEEK);
    expect(fixed.resolved).toBe(1);
    expect((await all()).map((m) => [m.kind, m.status])).toEqual([['amount_mismatch', 'resolved']]);
    const row = await t.deps.conn.db.selectFrom('mismatches').select(['resolution', 'resolved_at']).executeTakeFirstOrThrow();
    expect(row.resolution).toBe('auto');
    expect(row.resolved_at).toBeInstanceOf(Date);

    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'O1', amount: '70.00' }])));
    const broken = await reconcileWindow(t.deps, WEEK);
    expect(broken).toMatchObject({ new: 0, reopened: 1 });
    expect((await all()).map((m) => [m.kind, m.status])).toEqual([['amount_mismatch', 'open']]);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const dry = await reconcileWindow(t.deps, { ...WEEK, dryRun: true });
    expect(dry).toMatchObject({ found: 1, new: 1, dryRun: true });
    expect(await all()).toEqual([]);
    const run = await t.deps.conn.db.selectFrom('runs').selectAll().where('id', '=', dry.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', dry_run: true, job: 'reconcile' });
  });

  it('keeps an acknowledged mismatch acknowledged, and a hand-resolved one resolved', async () => {
    await reconcileWindow(t.deps, WEEK);
    const [m] = await all();
    await changeMismatchStatus(t.deps.conn.db, m!.id!, 'ack', 'looking into it');
    await reconcileWindow(t.deps, WEEK);
    expect((await all())[0]!.status).toBe('acknowledged');
    await changeMismatchStatus(t.deps.conn.db, m!.id!, 'resolve', 'MP confirmed the fee');
    await reconcileWindow(t.deps, WEEK);
    expect((await all())[0]!.status).toBe('resolved');
    await expect(changeMismatchStatus(t.deps.conn.db, m!.id!, 'ack', 'again')).rejects.toMatchObject({ code: 'MISMATCH_BAD_TRANSITION' });
    await expect(changeMismatchStatus(t.deps.conn.db, '99999', 'ack', 'x')).rejects.toMatchObject({ code: 'MISMATCH_NOT_FOUND' });
  });

  it('only resolves mismatches of the window it re-runs', async () => {
    await reconcileWindow(t.deps, WEEK);
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'O1', amount: '69.00' }])));
    const other = await reconcileWindow(t.deps, { from: '2026-11-10', to: '2026-11-12' });
    expect(other.resolved).toBe(0);
    expect((await all())[0]!.status).toBe('open');
  });

  it('records a run row with counts', async () => {
    const r = await reconcileWindow(t.deps, WEEK);
    const run = await t.deps.conn.db.selectFrom('runs').selectAll().where('id', '=', r.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job: 'reconcile', status: 'succeeded', window_from: WEEK.from, window_to: WEEK.to });
    expect(run.counts).toMatchObject({ found: 1, new: 1, byKind: { amount_mismatch: 1 } });
    expect(run.finished_at).toBeInstanceOf(Date);
  });
});
