import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../jobs/ingest-file.ts';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { load, type OrderFixture, type PaymentFixture, type SettlementRow, writeTemp } from './helpers/fixtures.ts';
import { type ReleaseFile, type ReleaseRow, releaseCsv, settlementCsvWithRelease } from './helpers/release-fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const at = (day: number, time: string) => `2026-11-0${day}T${time}.000-03:00`;
const APPROVED = at(3, '10:00:00');

/** A clean week: one payment settled and released, one payout in both reports. */
const PAYMENT: ReleaseRow = { at: at(4, '10:00:00'), description: 'payment', source: '900', ref: 'REF-C1', net: '95.00', fee: '-5.00', approvedAt: APPROVED };
const PAYOUT: ReleaseRow = { at: at(5, '12:00:00'), description: 'payout', source: 'PO-1', net: '-50.00' };
const OPENING = { at: at(1, '00:00:00'), amount: '1000.00' };

interface Case {
  orders?: OrderFixture[];
  payments?: PaymentFixture[];
  settlement?: (SettlementRow & { releaseAt?: string })[];
  /** Release files with their coverage; the clean week's file when omitted. */
  release?: (ReleaseFile & { from?: string; to?: string })[];
  coupon?: 'excluded' | 'included';
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function ingestRelease(file: ReleaseFile & { from?: string; to?: string }) {
  return ingestFile(t.deps, { path: writeTemp(releaseCsv(file), 'release.csv'), from: file.from ?? WEEK.from, to: file.to ?? WEEK.to });
}

async function mismatchesAfter(c: Case) {
  await load(t.deps, {
    orders: [{ id: 'C1', amount: '100.00', paid: APPROVED }, ...(c.orders ?? [])],
    payments: [{ id: '900', order: 'C1', amount: '100.00', at: APPROVED }, ...(c.payments ?? [])],
  });
  const settlement = [
    { ref: 'REF-C1', payment: '900', amount: '100.00', fee: '-5.00', at: APPROVED, releaseAt: at(4, '10:00:00') },
    { payment: 'PO-1', type: 'PAYOUT', amount: '-50.00', at: at(5, '12:00:00') },
    ...(c.settlement ?? []),
  ];
  await ingestFile(t.deps, { path: writeTemp(settlementCsvWithRelease(settlement), 'settlement.csv'), ...WEEK });
  for (const file of c.release ?? [{ opening: OPENING, rows: [PAYMENT, PAYOUT] }]) await ingestRelease(file);
  await reconcileWindow(t.deps, { ...WEEK, releaseCoupon: c.coupon });
  return listMismatches(t.deps.conn.db, { status: 'all' });
}

const brief = (found: Awaited<ReturnType<typeof mismatchesAfter>>) =>
  found.map((m) => [m.kind, m.mp_payment_id, m.business_date, m.expected_amount, m.actual_amount]);

describe('release reconciliation: each kind from a case that triggers it alone', () => {
  it('finds nothing on a clean week', async () => {
    expect(await mismatchesAfter({})).toEqual([]);
  });

  it('balance_break: a file whose total is not its opening plus its movements', async () => {
    const found = await mismatchesAfter({ release: [{ opening: OPENING, rows: [PAYMENT, PAYOUT], total: { at: PAYOUT.at, net: '1045.01' } }] });
    expect(brief(found)).toEqual([['balance_break', null, '2026-11-07', '1045.00', '1045.01']]);
    const [m] = await t.deps.conn.db.selectFrom('mismatches').select(['subject', 'details', 'difference']).execute();
    expect(m?.subject).toMatch(/^file:\d+$/);
    expect(m?.details).toMatchObject({ check: 'within_file', opening: '1000.00', movements: '45.00', closing: '1045.01' });
  });

  it('balance_break: one file closes on a balance the next one does not open with', async () => {
    const found = await mismatchesAfter({
      release: [
        { from: '2026-11-01', to: '2026-11-03', opening: OPENING, rows: [] },
        { from: '2026-11-04', to: '2026-11-07', opening: { at: at(4, '00:00:00'), amount: '1000.50' }, rows: [PAYMENT, PAYOUT] },
      ],
    });
    expect(brief(found)).toEqual([['balance_break', null, '2026-11-04', '1000.00', '1000.50']]);
    const [m] = await t.deps.conn.db.selectFrom('mismatches').select(['subject', 'details']).execute();
    expect(m?.subject).toMatch(/^files:\d+>\d+$/);
    expect(m?.details).toMatchObject({ check: 'across_files', previous_closing: '1000.00', next_opening: '1000.50' });
  });

  it('row_arithmetic: a release row whose nets are not its gross plus fees and taxes', async () => {
    const found = await mismatchesAfter({
      release: [{ opening: OPENING, rows: [{ ...PAYMENT, gross: '100.00', fee: '-4.00' }, PAYOUT], total: { at: PAYOUT.at, net: '1045.00', gross: '1049.00' } }],
    });
    expect(brief(found)).toEqual([['row_arithmetic', '900', '2026-11-04', '96.00', '95.00']]);
    const [m] = await t.deps.conn.db.selectFrom('mismatches').select(['subject', 'order_id']).execute();
    expect(m).toEqual({ subject: 'release-source:900', order_id: 'C1' });
  });

  it('row_arithmetic: COUPON_AMOUNT stays out of the identity unless the run includes it', async () => {
    const release = [{ opening: OPENING, rows: [{ ...PAYMENT, coupon: '3.00' }, PAYOUT] }];
    expect(await mismatchesAfter({ release })).toEqual([]);
    await t.reset();
    expect(brief(await mismatchesAfter({ release, coupon: 'included' }))).toEqual([['row_arithmetic', '900', '2026-11-04', '98.00', '95.00']]);
  });

  it('released_not_settled: a payment released that no settlement report shows', async () => {
    const stray: ReleaseRow = { at: at(5, '09:00:00'), description: 'payment', source: '901', net: '20.00', approvedAt: at(2, '09:00:00') };
    const found = await mismatchesAfter({ release: [{ opening: OPENING, rows: [PAYMENT, stray, PAYOUT] }] });
    expect(brief(found)).toEqual([['released_not_settled', '901', '2026-11-05', null, '20.00']]);
  });

  it('released_not_settled is not called when the payment was approved before the settlement reports begin', async () => {
    const early: ReleaseRow = { at: at(5, '09:00:00'), description: 'payment', source: '901', net: '20.00', approvedAt: '2026-10-20T09:00:00.000-03:00' };
    expect(await mismatchesAfter({ release: [{ opening: OPENING, rows: [PAYMENT, early, PAYOUT] }] })).toEqual([]);
  });

  const settledOnly = {
    orders: [{ id: 'C2', amount: '40.00', paid: at(3, '11:00:00') }],
    payments: [{ id: '902', order: 'C2', amount: '40.00', at: at(3, '11:00:00') }],
  };

  it('settled_not_released: a settled payment due for release, not released and not held', async () => {
    const found = await mismatchesAfter({
      ...settledOnly,
      settlement: [{ ref: 'REF-C2', payment: '902', amount: '40.00', at: at(3, '11:00:00'), releaseAt: at(5, '11:00:00') }],
    });
    expect(brief(found)).toEqual([['settled_not_released', '902', '2026-11-05', '40.00', null]]);
    expect(found[0]?.order_id).toBe('C2');
  });

  it('settled_not_released waits while a hold explains it, or while no release report covers the due date plus grace', async () => {
    const hold: ReleaseRow = { at: at(5, '11:00:00'), type: 'block', description: 'reserve_for_payment', source: '902', net: '-40.00' };
    const held = await mismatchesAfter({
      ...settledOnly,
      settlement: [{ ref: 'REF-C2', payment: '902', amount: '40.00', at: at(3, '11:00:00'), releaseAt: at(5, '11:00:00') }],
      release: [{ opening: OPENING, rows: [PAYMENT, hold, PAYOUT] }],
    });
    expect(held).toEqual([]);
    await t.reset();
    const late = await mismatchesAfter({
      ...settledOnly,
      settlement: [{ ref: 'REF-C2', payment: '902', amount: '40.00', at: at(3, '11:00:00'), releaseAt: at(7, '20:00:00') }],
    });
    expect(late).toEqual([]);
  });

  it('payout_mismatch: the payouts of a day differ between the two reports', async () => {
    const found = await mismatchesAfter({
      release: [{ opening: OPENING, rows: [PAYMENT, { ...PAYOUT, net: '-60.00' }] }],
    });
    expect(brief(found)).toEqual([['payout_mismatch', null, '2026-11-05', '50.00', '60.00']]);
    const [m] = await t.deps.conn.db.selectFrom('mismatches').select(['subject']).execute();
    expect(m?.subject).toBe('payouts:MLA:2026-11-05');
  });
});

describe('release mismatches share the lifecycle', () => {
  it('a settlement report that arrives late resolves released_not_settled automatically', async () => {
    const paidAt = at(2, '09:00:00');
    const stray: ReleaseRow = { at: at(5, '09:00:00'), description: 'payment', source: '901', ref: 'REF-C3', net: '20.00', approvedAt: paidAt };
    const found = await mismatchesAfter({
      orders: [{ id: 'C3', amount: '20.00', paid: paidAt }],
      payments: [{ id: '901', order: 'C3', amount: '20.00', at: paidAt }],
      release: [{ opening: OPENING, rows: [PAYMENT, stray, PAYOUT] }],
    });
    expect(found.map((m) => m.kind).sort()).toEqual(['payment_missing_in_report', 'released_not_settled']);
    const late = settlementCsvWithRelease([{ ref: 'REF-C3', payment: '901', amount: '20.00', at: paidAt, releaseAt: stray.at }]);
    await ingestFile(t.deps, { path: writeTemp(late, 'late.csv'), from: '2026-11-02', to: '2026-11-02' });
    await reconcileWindow(t.deps, WEEK);
    const after = await listMismatches(t.deps.conn.db, { status: 'all' });
    expect(after.map((m) => [m.kind, m.status]).sort()).toEqual([
      ['payment_missing_in_report', 'resolved'],
      ['released_not_settled', 'resolved'],
    ]);
  });
});
