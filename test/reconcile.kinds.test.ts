import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reconcileWindow } from '../jobs/reconcile-window.ts';
import { listMismatches } from '../src/mismatches/list-mismatches.ts';
import { load, type Scenario } from './helpers/fixtures.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const AT = '2026-11-03T10:00:00.000-03:00';

/** A clean order that reconciles, present in every scenario so "alone" means something. */
const clean: Scenario = {
  orders: [{ id: 'C1', amount: '100.00' }],
  payments: [{ id: '900', order: 'C1', amount: '100.00' }],
};

function withClean(s: Scenario): Scenario {
  return {
    orders: [...(clean.orders ?? []), ...(s.orders ?? [])],
    payments: [...(clean.payments ?? []), ...(s.payments ?? [])],
    refunds: s.refunds,
    reports: [{ ...WEEK, rows: [{ ref: 'REF-C1', payment: '900', amount: '100.00', fee: '-5.00', at: AT }, ...(s.reports?.[0]?.rows ?? [])] }],
  };
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function mismatchesAfter(scenario: Scenario) {
  await load(t.deps, withClean(scenario));
  await reconcileWindow(t.deps, WEEK);
  return listMismatches(t.deps.conn.db, { status: 'all' });
}

describe('reconcile: each kind from a case that triggers it alone', () => {
  it('finds nothing on clean traffic', async () => {
    expect(await mismatchesAfter({})).toEqual([]);
  });

  it('payment_missing_internally: a SETTLEMENT row that matches no order', async () => {
    const found = await mismatchesAfter({ reports: [{ ...WEEK, rows: [{ ref: 'UNKNOWN-1', payment: '777', amount: '50.00', at: AT }] }] });
    expect(found.map((m) => [m.kind, m.external_reference, m.actual_amount, m.order_id])).toEqual([
      ['payment_missing_internally', 'UNKNOWN-1', '50.00', null],
    ]);
  });

  it('payment_missing_in_report: a paid order with no SETTLEMENT row, inside covered days', async () => {
    const found = await mismatchesAfter({ orders: [{ id: 'O1', amount: '70.00', paid: '2026-11-04T12:00:00-03:00' }] });
    expect(found.map((m) => [m.kind, m.order_id, m.expected_amount, m.difference])).toEqual([['payment_missing_in_report', 'O1', '70.00', '-70.00']]);
  });

  it('amount_mismatch: the report settles a different amount', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '69.99', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.expected_amount, m.actual_amount, m.difference])).toEqual([['amount_mismatch', '70.00', '69.99', '-0.01']]);
  });

  it('duplicate_payment: two SETTLEMENT rows whose sum exceeds the order', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', at: AT }, { ref: 'REF-O1', payment: '2', amount: '70.00', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.actual_amount])).toEqual([['duplicate_payment', '140.00']]);
  });

  it('an order paid with two cards whose payments sum to the order is clean', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '30.00', at: AT }, { ref: 'REF-O1', payment: '2', amount: '40.00', at: AT }] }],
    });
    expect(found).toEqual([]);
  });

  it('currency_mismatch: the report currency differs from the order', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', currency: 'USD', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.order_id])).toEqual([['currency_mismatch', 'O1']]);
  });

  it('status_mismatch: MP settled an order that is pending internally', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00', status: 'pending', paid: null }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.order_id, m.mp_payment_id])).toEqual([['status_mismatch', 'O1', '1']]);
  });

  it('refund_missing_internally: a REFUND row with no approved internal refund', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00', status: 'partially_refunded' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', at: AT }, { ref: 'REF-O1', payment: '1', type: 'REFUND', amount: '-20.00', at: '2026-11-05T09:00:00.000-03:00' }] }],
    });
    expect(found.map((m) => [m.kind, m.actual_amount, m.business_date])).toEqual([['refund_missing_internally', '20.00', '2026-11-05']]);
  });

  it('refund_missing_in_report: an approved internal refund with no REFUND row', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00', status: 'partially_refunded' }],
      refunds: [{ id: 'R1', order: 'O1', amount: '20.00', at: '2026-11-04T09:00:00-03:00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.expected_amount])).toEqual([['refund_missing_in_report', '20.00']]);
  });

  it('refund_amount_mismatch: both sides refund, different sums', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00', status: 'partially_refunded' }],
      refunds: [{ id: 'R1', order: 'O1', amount: '20.00', at: '2026-11-04T09:00:00-03:00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', at: AT }, { ref: 'REF-O1', payment: '1', type: 'REFUND', amount: '-25.00', at: '2026-11-04T09:00:00.000-03:00' }] }],
    });
    expect(found.map((m) => [m.kind, m.expected_amount, m.actual_amount])).toEqual([['refund_amount_mismatch', '20.00', '25.00']]);
  });

  it('over_refunded: both sides agree on refunds above what was paid', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00', status: 'refunded' }],
      refunds: [{ id: 'R1', order: 'O1', amount: '50.00', at: '2026-11-04T09:00:00-03:00' }, { id: 'R2', order: 'O1', amount: '30.00', at: '2026-11-04T10:00:00-03:00' }],
      reports: [
        {
          ...WEEK,
          rows: [
            { ref: 'REF-O1', payment: '1', amount: '70.00', at: AT },
            { ref: 'REF-O1', payment: '1', type: 'REFUND', amount: '-50.00', at: '2026-11-04T09:00:00.000-03:00' },
            { ref: 'REF-O1', payment: '1', type: 'REFUND', amount: '-30.00', at: '2026-11-04T10:00:00.000-03:00' },
          ],
        },
      ],
    });
    expect(found.map((m) => [m.kind, m.expected_amount, m.actual_amount])).toEqual([['over_refunded', '70.00', '80.00']]);
  });

  it('chargeback: a CHARGEBACK row for an order', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', at: AT }, { ref: 'REF-O1', payment: '1', type: 'CHARGEBACK', amount: '-70.00', at: '2026-11-06T09:00:00.000-03:00' }] }],
    });
    expect(found.map((m) => [m.kind, m.actual_amount, m.business_date])).toEqual([['chargeback', '70.00', '2026-11-06']]);
  });

  it("row_arithmetic: a row whose net is not amount + fee + taxes", async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'REF-O1', payment: '1', amount: '70.00', fee: '-3.50', net: '66.60', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.expected_amount, m.actual_amount])).toEqual([['row_arithmetic', '66.50', '66.60']]);
  });
});

describe('reconcile: matching and coverage', () => {
  it('matches by payment id when the reference is empty', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      payments: [{ id: '555', order: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: '', payment: '555', amount: '70.00', at: AT }] }],
    });
    expect(found).toEqual([]);
  });

  it('matches by payment id when the reference is unknown, and still compares amounts', async () => {
    const found = await mismatchesAfter({
      orders: [{ id: 'O1', amount: '70.00' }],
      payments: [{ id: '555', order: 'O1', amount: '70.00' }],
      reports: [{ ...WEEK, rows: [{ ref: 'SOMETHING-ELSE', payment: '555', amount: '71.00', at: AT }] }],
    });
    expect(found.map((m) => [m.kind, m.order_id])).toEqual([['amount_mismatch', 'O1']]);
  });

  it('does not flag an order paid at 23:59:59 on the last day when the report is cut at midnight', async () => {
    const found = await mismatchesAfter({ orders: [{ id: 'LATE', amount: '70.00', paid: '2026-11-07T23:59:59-03:00' }] });
    expect(found).toEqual([]);
  });

  it('flags it once the next day is covered too', async () => {
    await load(t.deps, withClean({ orders: [{ id: 'LATE', amount: '70.00', paid: '2026-11-07T23:59:59-03:00' }] }));
    await load(t.deps, { reports: [{ from: '2026-11-08', to: '2026-11-08', rows: [] }] });
    await reconcileWindow(t.deps, WEEK);
    const found = await listMismatches(t.deps.conn.db, { status: 'all' });
    expect(found.map((m) => [m.kind, m.order_id])).toEqual([['payment_missing_in_report', 'LATE']]);
  });

  it('does not call a payment missing when no report covers its day', async () => {
    await load(t.deps, { orders: [{ id: 'O1', amount: '70.00', paid: '2026-11-04T12:00:00-03:00' }] });
    await reconcileWindow(t.deps, WEEK);
    expect(await listMismatches(t.deps.conn.db, { status: 'all' })).toEqual([]);
  });

  it('uses the grace period from RECON_GRACE_HOURS', async () => {
    const noGrace = await t.depsWith({ RECON_GRACE_HOURS: '0' });
    await load(noGrace, withClean({ orders: [{ id: 'LATE', amount: '70.00', paid: '2026-11-07T23:59:59-03:00' }] }));
    await reconcileWindow(noGrace, WEEK);
    const found = await listMismatches(noGrace.conn.db, { status: 'all' });
    expect(found.map((m) => m.kind)).toEqual(['payment_missing_in_report']);
  });
});
