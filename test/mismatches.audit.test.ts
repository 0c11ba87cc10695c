import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importInternal } from '../jobs/import-internal.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { actOnMismatch } from '../src/mismatches/act-on-mismatch.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { showMismatch } from '../src/mismatches/show-mismatch.ts';
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
    payments: [{ id: '900001', order: 'O1', amount: '70.00' }],
    reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '900001', amount: '69.00', at: AT }] }],
  });
});

const events = async () =>
  (await t.deps.conn.db.selectFrom('mismatch_events').select(['mismatch_id', 'actor', 'action', 'note', 'run_id']).orderBy('id').execute()).map((e) => ({
    ...e,
    run_id: e.run_id === null ? null : 'run',
  }));
const onlyMismatchId = async () => (await listMismatches(t.deps.conn.db, { status: 'all' }))[0]!.id!;

describe('the audit trail of a mismatch', () => {
  it('records opened, auto_resolved and reopened from reconcile runs, once each, with the run', async () => {
    await reconcileWindow(t.deps, WEEK);
    await reconcileWindow(t.deps, WEEK);
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'O1', amount: '69.00' }])));
    await reconcileWindow(t.deps, WEEK);
    await importInternal(t.deps, 'orders', writeTemp(ordersCsv([{ id: 'O1', amount: '70.00' }])));
    await reconcileWindow(t.deps, WEEK);
    const id = await onlyMismatchId();
    expect(await events()).toEqual([
      { mismatch_id: id, actor: 'mp-recon', action: 'opened', note: null, run_id: 'run' },
      { mismatch_id: id, actor: 'mp-recon', action: 'auto_resolved', note: null, run_id: 'run' },
      { mismatch_id: id, actor: 'mp-recon', action: 'reopened', note: null, run_id: 'run' },
    ]);
  });

  it('keeps every note of ack, assign, comment and resolve with its actor, and records each action once', async () => {
    await reconcileWindow(t.deps, WEEK);
    const id = await onlyMismatchId();
    const db = t.deps.conn.db;
    await actOnMismatch(db, { id, action: 'acknowledged', actor: 'ana', note: 'looking into it' });
    await actOnMismatch(db, { id, action: 'assigned', actor: 'ana', assignee: 'bruno' });
    await actOnMismatch(db, { id, action: 'commented', actor: 'bruno', note: 'MP charged a fee we did not expect' });
    await actOnMismatch(db, { id, action: 'resolved', actor: 'bruno', note: 'fee confirmed with MP' });
    await reconcileWindow(t.deps, WEEK);
    expect((await events()).slice(1)).toEqual([
      { mismatch_id: id, actor: 'ana', action: 'acknowledged', note: 'looking into it', run_id: null },
      { mismatch_id: id, actor: 'ana', action: 'assigned', note: 'to bruno', run_id: null },
      { mismatch_id: id, actor: 'bruno', action: 'commented', note: 'MP charged a fee we did not expect', run_id: null },
      { mismatch_id: id, actor: 'bruno', action: 'resolved', note: 'fee confirmed with MP', run_id: null },
    ]);
    const [row] = await listMismatches(db, { status: 'all' });
    expect(row).toMatchObject({ status: 'resolved', assignee: 'bruno', latest_note: 'fee confirmed with MP' });
  });

  it('refuses to act on a resolved mismatch except to comment, and writes no event for a refused action', async () => {
    await reconcileWindow(t.deps, WEEK);
    const id = await onlyMismatchId();
    const db = t.deps.conn.db;
    await actOnMismatch(db, { id, action: 'resolved', actor: 'ana', note: 'done' });
    await expect(actOnMismatch(db, { id, action: 'acknowledged', actor: 'ana' })).rejects.toMatchObject({ code: 'MISMATCH_BAD_TRANSITION' });
    await expect(actOnMismatch(db, { id: '99999', action: 'commented', actor: 'ana', note: 'x' })).rejects.toMatchObject({ code: 'MISMATCH_NOT_FOUND' });
    await expect(actOnMismatch(db, { id, action: 'commented', actor: 'ana' })).rejects.toMatchObject({ code: 'USAGE' });
    await actOnMismatch(db, { id, action: 'commented', actor: 'ana', note: 'MP credited it on 11-09' });
    expect((await events()).map((e) => e.action)).toEqual(['opened', 'resolved', 'commented']);
  });

  it('shows a mismatch with its evidence and history', async () => {
    await reconcileWindow(t.deps, WEEK);
    const id = await onlyMismatchId();
    await actOnMismatch(t.deps.conn.db, { id, action: 'acknowledged', actor: 'ana', note: 'on it' });
    const shown = await showMismatch(t.deps.conn.db, id);
    expect(shown).toMatchObject({ id, kind: 'amount_mismatch', status: 'acknowledged', difference: '-1.00', latest_note: 'on it' });
    expect(shown.evidence.report_file).toMatchObject({ kind: 'settlement', line: 2 });
    expect(shown.evidence.order).toMatchObject({ order_id: 'O1', amount: '70.00' });
    expect(shown.evidence.payments).toEqual([expect.objectContaining({ mp_payment_id: '900001', amount: '70.00' })]);
    expect(shown.evidence.report_rows).toEqual([expect.objectContaining({ source_id: '900001', amount: '69.00', line: 2 })]);
    expect(shown.events.map((e) => [e.actor, e.action, e.note])).toEqual([
      ['mp-recon', 'opened', null],
      ['ana', 'acknowledged', 'on it'],
    ]);
    expect(shown.events[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('gives v_open_mismatches the assignee and latest note, and filters the list by assignee and text', async () => {
    await reconcileWindow(t.deps, WEEK);
    const id = await onlyMismatchId();
    await actOnMismatch(t.deps.conn.db, { id, action: 'assigned', actor: 'ana', assignee: 'bruno', note: 'yours' });
    const { rows } = await sql<{ assignee: string; latest_note: string }>`select assignee, latest_note from v_open_mismatches`.execute(t.deps.conn.db);
    expect(rows).toEqual([{ assignee: 'bruno', latest_note: 'yours' }]);
    expect(await listMismatches(t.deps.conn.db, { status: 'all', assignee: 'bruno' })).toHaveLength(1);
    expect(await listMismatches(t.deps.conn.db, { status: 'all', assignee: '-' })).toHaveLength(0);
    expect(await listMismatches(t.deps.conn.db, { status: 'all', text: 'ref-o' })).toHaveLength(1);
    expect(await listMismatches(t.deps.conn.db, { status: 'all', text: '100%' })).toHaveLength(0);
  });
});
