/**
 * Two accounts in one database (two sites, or two stores of one site): each reconciles only its own
 * books, whatever the other holds under the same order ids, references and payment ids; reconciling one
 * never confirms, reopens or auto-resolves the other's mismatches; and one account's reconcile lock
 * never holds the other back.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordMismatchAction } from '../jobs/act-on-mismatch.ts';
import { listMismatchRecords } from '../jobs/list-mismatches.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { mismatchDetail } from '../jobs/show-mismatch.ts';
import { inTransaction } from '../src/db/transaction.ts';
import type { Deps } from '../src/deps.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { lockForTransaction } from '../src/runs/locks.ts';
import type { SiteId } from '../src/sites.ts';
import { type Books, writeBooks } from './helpers/account-books.ts';
import { addTestAccount } from './helpers/test-accounts.ts';
import { createTestDb, type TestDb, testBackend } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const at = (day: string) => `2026-11-${day}T10:00:00.000-03:00`;

/** Account A: an amount mismatch (O1), a duplicate (O2), a paid order missing from the report (O3), an unknown payment. */
const A: Books = {
  window: WEEK,
  orders: [
    { id: 'O1', amount: '70.00' },
    { id: 'O2', amount: '50.00' },
    { id: 'O3', amount: '30.00' },
  ],
  payments: [{ id: '1', order: 'O1', amount: '70.00' }],
  rows: [
    { ref: 'REF-O1', payment: '1', amount: '69.00', at: at('03') },
    { ref: 'REF-O2', payment: '2', amount: '50.00', at: at('04') },
    { ref: 'REF-O2', payment: '3', amount: '50.00', at: at('04') },
    { ref: 'NOBODY', payment: '9', amount: '12.34', at: at('05') },
  ],
};

/**
 * Account B uses the same ids: its O1 is short too (the same mismatch subject as A's), its O2 and O3
 * settle exactly. Read across accounts, A's O3 would look settled and B's O2 duplicated.
 */
const B: Books = {
  window: WEEK,
  orders: [
    { id: 'O1', amount: '70.00' },
    { id: 'O2', amount: '50.00' },
    { id: 'O3', amount: '30.00' },
  ],
  payments: [{ id: '1', order: 'O1', amount: '70.00' }],
  rows: [
    { ref: 'REF-O1', payment: '1', amount: '71.00', at: at('03') },
    { ref: 'REF-O2', payment: '2', amount: '50.00', at: at('04') },
    { ref: 'REF-O3', payment: '4', amount: '30.00', at: at('05') },
  ],
};

const SECOND: readonly (readonly [string, SiteId])[] = [
  ['br', 'MLB'],
  ['store2', 'MLA'],
];

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

/**
 * What an account's reconciliation found, without what differs between databases (ids, times): the
 * evidence names its report file by name, so a row of the other account's file would show.
 */
async function found(deps: Deps) {
  const db = deps.conn.db;
  const rows = await listMismatches(db, { status: 'all', accounts: [deps.account.id] });
  const files = new Map((await db.selectFrom('report_files').select(['id', 'file_name']).execute()).map((f) => [String(f.id), f.file_name]));
  return rows
    .map(({ id, first_seen_at, last_seen_at, details, ...rest }) => ({ ...rest, details: details?.replace(/"file": (\d+)/g, (_, file: string) => `"file": "${files.get(file)}"`) }))
    .sort((x, y) => `${x.kind} ${x.external_reference} ${x.mp_payment_id}`.localeCompare(`${y.kind} ${y.external_reference} ${y.mp_payment_id}`));
}

const kindsOf = (rows: { kind: string | null; order_id: string | null; status: string | null }[]) => rows.map((r) => `${r.kind} ${r.order_id ?? '-'} ${r.status}`).sort();

describe.each(SECOND)('default (MLA) and %s (%s) in one database', (id, site) => {
  it('each account finds together exactly what it finds alone', async () => {
    await writeBooks(t.deps, A);
    await reconcileWindow(t.deps, WEEK);
    const aAlone = await found(t.deps);

    await t.reset();
    const bFirst = await addTestAccount(t.deps, { id, site });
    await writeBooks(bFirst, B);
    await reconcileWindow(bFirst, WEEK);
    const bAlone = await found(bFirst);

    await t.reset();
    const b = await addTestAccount(t.deps, { id, site });
    await writeBooks(t.deps, A);
    await writeBooks(b, B);
    const bRun = await reconcileWindow(b, WEEK);
    const aRun = await reconcileWindow(t.deps, WEEK);

    expect(kindsOf(aAlone)).toEqual(['amount_mismatch O1 open', 'duplicate_payment O2 open', 'payment_missing_in_report O3 open', 'payment_missing_internally - open']);
    expect(kindsOf(bAlone)).toEqual(['amount_mismatch O1 open']);
    expect(await found(t.deps)).toEqual(aAlone);
    expect(await found(b)).toEqual(bAlone);
    expect(aRun).toMatchObject({ rowsInWindow: 4, ordersInScope: 3, found: 4, new: 4 });
    expect(bRun).toMatchObject({ rowsInWindow: 3, ordersInScope: 3, found: 1, new: 1 });
    expect(aAlone.every((m) => m.account_id === 'default' && m.site === 'MLA')).toBe(true);
    expect(bAlone.every((m) => m.account_id === id && m.site === site)).toBe(true);
    const runs = await t.deps.conn.db.selectFrom('runs').select(['id', 'account_id']).where('id', 'in', [aRun.runId, bRun.runId]).orderBy('id').execute();
    expect(runs.map((r) => r.account_id)).toEqual([id, 'default']);
  });

  it('reconciling one account never touches the other account’s mismatches, not even one of the same subject', async () => {
    const b = await addTestAccount(t.deps, { id, site });
    await writeBooks(t.deps, A);
    await writeBooks(b, B);
    await reconcileWindow(t.deps, WEEK);
    const db = t.deps.conn.db;
    const mismatchesOf = (account: string) => db.selectFrom('mismatches').selectAll().where('account_id', '=', account).orderBy('id').execute();
    const eventsOf = (account: string) =>
      db.selectFrom('mismatch_events as e').innerJoin('mismatches as m', 'm.id', 'e.mismatch_id').select(['e.id', 'e.action']).where('m.account_id', '=', account).orderBy('e.id').execute();
    const aBefore = await mismatchesOf('default');
    const aEvents = await eventsOf('default');

    // B's first run, then B's O1 fixed: B's amount mismatch is resolved automatically, A's of the same subject stays open.
    await reconcileWindow(b, WEEK);
    await db.updateTable('orders').set({ amount: '71.00' }).where('account_id', '=', id).where('order_id', '=', 'O1').execute();
    const fixed = await reconcileWindow(b, WEEK);
    expect(fixed).toMatchObject({ resolved: 1, found: 0 });
    expect(kindsOf(await found(b))).toEqual(['amount_mismatch O1 resolved']);
    expect(await mismatchesOf('default')).toEqual(aBefore);
    expect(await eventsOf('default')).toEqual(aEvents);

    // A's own re-run after B's still confirms its four, and reopens or resolves nothing of B's.
    const bBefore = await mismatchesOf(id);
    const again = await reconcileWindow(t.deps, WEEK);
    expect(again).toMatchObject({ new: 0, reopened: 0, stillOpen: 4, resolved: 0 });
    expect(await mismatchesOf(id)).toEqual(bBefore);
  });

  it('shows and acts on a mismatch only through its own account, and lists one account or all', async () => {
    const b = await addTestAccount(t.deps, { id, site });
    await writeBooks(t.deps, A);
    await writeBooks(b, B);
    await reconcileWindow(t.deps, WEEK);
    await reconcileWindow(b, WEEK);
    const [aO1] = await listMismatchRecords([t.deps], { status: 'open', kind: 'amount_mismatch' });
    const [bO1] = await listMismatchRecords([b], { status: 'open', kind: 'amount_mismatch' });
    expect([aO1?.account_id, bO1?.account_id]).toEqual(['default', id]);
    expect(aO1!.id).not.toBe(bO1!.id);

    await expect(mismatchDetail(b, aO1!.id!)).rejects.toMatchObject({ code: 'MISMATCH_NOT_FOUND' });
    await expect(recordMismatchAction(b, { id: aO1!.id!, action: 'resolved', note: 'not mine', actor: 'eve' })).rejects.toMatchObject({ code: 'MISMATCH_NOT_FOUND' });
    expect((await listMismatchRecords([t.deps], { status: 'all' })).map((r) => r.status)).not.toContain('resolved');

    // The evidence is the account's own: B's report row of O1 (71.00), never A's (69.00).
    const detail = await mismatchDetail(b, bO1!.id!);
    expect(detail.evidence.report_rows.map((r) => r.amount)).toEqual(['71.00']);
    expect(detail.evidence.payments.map((p) => p.amount)).toEqual(['70.00']);
    expect(detail.evidence.order).toMatchObject({ order_id: 'O1', currency: b.config.currency });

    const all = await listMismatchRecords([t.deps, b], { status: 'open' });
    expect(all.map((r) => r.account_id).sort()).toEqual(['default', 'default', 'default', 'default', id].sort());
  });
});

/** 'waiting' when the work has not finished within the time: it is queued behind a lock. */
const settledWithin = <T>(work: Promise<T>, ms: number): Promise<T | 'waiting'> =>
  Promise.race([work, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms))]);

// The embedded database is one connection: a held transaction would hold everything else back too.
describe.runIf(testBackend() === 'postgres')('the reconcile lock is per account', () => {
  it('lets one account reconcile while another account’s reconcile holds its lock, and queues the same account', async () => {
    const b = await addTestAccount(t.deps, { id: 'store2', site: 'MLA' });
    await writeBooks(t.deps, A);
    await writeBooks(b, B);
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken!: () => void;
    const isTaken = new Promise<void>((resolve) => {
      taken = resolve;
    });
    const holder = inTransaction(t.deps.conn, async (tx) => {
      await lockForTransaction(tx, t.deps.config.schema, 'reconcile', 'default');
      taken();
      await released;
    });
    await isTaken;
    try {
      expect(await settledWithin(reconcileWindow(b, WEEK), 20_000)).toMatchObject({ found: 1 });
      const sameAccount = reconcileWindow(t.deps, WEEK);
      expect(await settledWithin(sameAccount, 1_500)).toBe('waiting');
      release();
      await holder;
      expect(await sameAccount).toMatchObject({ found: 4 });
    } finally {
      release();
      await holder;
    }
  });
});
