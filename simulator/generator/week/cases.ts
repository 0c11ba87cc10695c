/**
 * Planted cases. Each block builds one situation and, for the mismatch kinds, records the one mismatch
 * docs/mismatch-kinds.md says it must produce. Every case is built to trigger its kind ALONE: amounts
 * that are not the point of the case agree, refunds stay below the paid amount, and every timestamp
 * that must be "covered" lies at least 24 h (the default grace) before the end of the week.
 */
import type { Decimal } from 'decimal.js';
import type { Ledger } from './ledger.ts';
import { at, type Channel, type SiteSpec } from './model.ts';

function channel(spec: SiteSpec, methodType: string, nth = 0): Channel {
  const found = spec.channels.filter((c) => c.methodType === methodType && !c.financingRate)[nth];
  if (!found) throw new Error(`${spec.site} has no channel ${methodType} #${nth}`);
  return found;
}

/** Planted orders are numbered from orderBase + 500 so they read apart from clean traffic. */
function helpers(l: Ledger) {
  const { spec } = l;
  return {
    spec,
    id: (n: number) => String(spec.orderBase + 500 + n),
    /** Amount per site: MLA in ARS, MLB in BRL. */
    A: (mla: string, mlb: string) => (spec.site === 'MLA' ? mla : mlb),
    card: channel(spec, 'credit_card'),
    qr: spec.channels[0] as Channel,
  };
}

const text = (d: Decimal) => d.toFixed(2);

export function plantMismatches(l: Ledger): void {
  const { spec, id, A, card, qr } = helpers(l);

  // payment_missing_internally: MP settled a sale no order knows: the reference was never issued by
  // us (MLA) or MP left it empty (MLB), and the payment id is unknown too.
  const strayRef = spec.site === 'MLA' ? 'MLA-ORD-199001' : '';
  l.settle(null, { sourceId: l.newPaymentId(), amount: A('32000.00', '289.90'), at: at(2, 11, 20), channel: card, ref: strayRef });
  l.expect('payment_missing_internally', null, strayRef || null);

  // payment_missing_in_report: paid and recorded on the 3rd, no row anywhere; the week's report
  // covers [paid_at, paid_at + 24 h] entirely.
  const o1 = l.order({ id: id(1), amount: A('41250.00', '412.50'), status: 'paid', at: at(3, 10, 15) });
  l.pay(o1, card);
  l.expect('payment_missing_in_report', o1);

  // amount_mismatch: one row, same currency, settled for less than the order amount.
  const o2 = l.order({ id: id(2), amount: A('25000.00', '349.90'), status: 'paid', at: at(3, 16, 40) });
  const p2 = l.pay(o2, card);
  l.settle(o2, { sourceId: p2.mpPaymentId, amount: A('24500.00', '349.00'), at: p2.approvedAt, channel: card });
  l.expect('amount_mismatch', o2);

  // duplicate_payment: the buyer paid twice (two payment ids); we recorded the first only. Two
  // SETTLEMENT rows summing to twice the order: amount_mismatch must stay quiet.
  const o3 = l.order({ id: id(3), amount: A('18000.00', '159.90'), status: 'paid', at: at(4, 12, 2) });
  l.sale(o3, card);
  l.settle(o3, { sourceId: l.newPaymentId(), amount: o3.amount, at: at(4, 12, 9), channel: card });
  l.expect('duplicate_payment', o3);

  // currency_mismatch: a misconfigured checkout created the preference in USD. The amount differs as
  // well, so this also proves amount_mismatch is suppressed when currency_mismatch fires.
  const o4 = l.order({ id: id(4), amount: A('95000.00', '480.00'), status: 'paid', at: at(4, 18, 30) });
  const p4 = l.pay(o4, card);
  l.settle(o4, { sourceId: p4.mpPaymentId, amount: A('95.00', '96.00'), currency: 'USD', at: p4.approvedAt, channel: card });
  l.expect('currency_mismatch', o4);

  // status_mismatch, twice: MP settled an order we hold as pending (the notification was lost) and one
  // we cancelled (the buyer paid after all). Same amount, no internal payment, no paid_at.
  const o5 = l.order({ id: id(5), amount: A('12500.00', '129.90'), status: 'pending', at: at(5, 9, 10) });
  l.settle(o5, { sourceId: l.newPaymentId(), amount: o5.amount, at: at(5, 9, 14), channel: qr });
  l.expect('status_mismatch', o5);
  const o6 = l.order({ id: id(6), amount: A('7300.00', '74.90'), status: 'cancelled', at: at(2, 19, 0) });
  l.settle(o6, { sourceId: l.newPaymentId(), amount: o6.amount, at: at(2, 19, 45), channel: card });
  l.expect('status_mismatch', o6);

  // refund_missing_internally: a partial REFUND row, but no approved refund on our side: done from
  // MP's panel (MLA), or requested by us and never marked approved (MLB).
  const o7 = l.order({ id: id(7), amount: A('22000.00', '219.90'), status: 'paid', at: at(1, 13, 30) });
  const p7 = l.sale(o7, card);
  if (spec.site === 'MLB') l.refund(o7, p7, '50.00', at(3, 9, 58), 'requested');
  l.reversal('REFUND', o7, p7, A('3000.00', '50.00'), at(3, 10, 0));
  l.expect('refund_missing_internally', o7);

  // refund_missing_in_report: approved internally on the 4th (covered with its grace), no REFUND row.
  const o8 = l.order({ id: id(8), amount: A('16800.00', '189.00'), status: 'partially_refunded', at: at(2, 15, 5) });
  const p8 = l.sale(o8, card);
  l.refund(o8, p8, A('2000.00', '39.00'), at(4, 11, 0));
  l.expect('refund_missing_in_report', o8);

  // refund_amount_mismatch: both sides have the refund, for different amounts (both below the paid).
  const o9 = l.order({ id: id(9), amount: A('30000.00', '299.00'), status: 'partially_refunded', at: at(1, 17, 45) });
  const p9 = l.sale(o9, card);
  l.refund(o9, p9, A('1500.00', '60.00'), at(5, 14, 20));
  l.reversal('REFUND', o9, p9, A('1000.00', '40.00'), at(5, 14, 21));
  l.expect('refund_amount_mismatch', o9);

  // over_refunded: a partial refund, then a full refund by another operator. Both sides agree on
  // both refunds (so refund_amount_mismatch stays quiet), and together they exceed what was paid.
  const o10 = l.order({ id: id(10), amount: A('8000.00', '80.00'), status: 'refunded', at: at(2, 10, 30) });
  const p10 = l.sale(o10, card, { status: 'refunded' });
  for (const [amount, day, hour] of [[A('3000.00', '30.00'), 3, 9], [text(o10.amount), 5, 17]] as const) {
    l.refund(o10, p10, amount, at(day, hour, 10));
    l.reversal('REFUND', o10, p10, amount, at(day, hour, 11));
  }
  l.expect('over_refunded', o10);

  // chargeback: an otherwise clean order the buyer charged back in full. MLB adds a DISPUTE (same kind).
  const o11 = l.order({ id: id(11), amount: A('54000.00', '540.00'), status: 'paid', at: at(1, 20, 10) });
  const p11 = l.sale(o11, card);
  l.reversal('CHARGEBACK', o11, p11, o11.amount, at(6, 12, 0));
  l.expect('chargeback', o11);
  if (spec.site === 'MLB') {
    const o13 = l.order({ id: id(13), amount: '230.00', status: 'paid', at: at(2, 21, 0) });
    const p13 = l.sale(o13, qr);
    l.reversal('DISPUTE', o13, p13, o13.amount, at(5, 16, 0));
    l.expect('chargeback', o13);
  }

  // row_arithmetic: the right gross for the order, but SETTLEMENT_NET_AMOUNT is off (by 10.00 in MLA,
  // by one cent in MLB: the comparison is exact).
  const o12 = l.order({ id: id(12), amount: A('12000.00', '120.00'), status: 'paid', at: at(6, 11, 11) });
  const p12 = l.pay(o12, card);
  l.settle(o12, { sourceId: p12.mpPaymentId, amount: o12.amount, at: p12.approvedAt, channel: card, netSkew: A('10.00', '0.01') });
  l.expect('row_arithmetic', o12);
}

/** Situations that look suspicious but must produce no mismatch at all. */
export function plantEdgeCases(l: Ledger): void {
  const { spec, id, A, card, qr } = helpers(l);

  // 24 h grace: paid one second before the week ends, no row yet. Coverage ends 2026-11-08T00:00-03:00,
  // before paid_at + 24 h, so the engine must not call it missing.
  const grace = l.order({ id: id(20), amount: A('6400.00', '64.00'), status: 'paid', at: at(7, 23, 59, 59) });
  l.pay(grace, qr);

  // One order, two cards: two SETTLEMENT rows whose sum is exactly the order amount.
  const split = l.order({ id: id(21), amount: A('60000.00', '600.00'), status: 'paid', at: at(3, 13, 0) });
  const halves = [[A('35000.00', '350.00'), 0, card], [A('25000.00', '250.00'), 1, channel(spec, 'credit_card', 1)]] as const;
  for (const [amount, minute, ch] of halves) {
    const p = l.pay(split, ch, { amount, at: at(3, 13, minute) });
    l.settle(split, { sourceId: p.mpPaymentId, amount, at: p.approvedAt, channel: ch });
  }

  // A full refund and a partial refund that both sides agree on. The partial one is on the 7th, so it
  // is also in MLA's daily report: without overlap dedup it would count twice.
  const full = l.order({ id: id(22), amount: A('9900.00', '99.00'), status: 'refunded', at: at(2, 12, 0) });
  const pFull = l.sale(full, qr, { status: 'refunded' });
  l.refund(full, pFull, full.amount, at(4, 15, 30));
  l.reversal('REFUND', full, pFull, full.amount, at(4, 15, 31));
  const part = l.order({ id: id(23), amount: A('20000.00', '200.00'), status: 'partially_refunded', at: at(5, 10, 0) });
  const pPart = l.sale(part, card);
  l.refund(part, pPart, A('5000.00', '50.00'), at(7, 12, 30));
  l.reversal('REFUND', part, pPart, A('5000.00', '50.00'), at(7, 12, 31));

  // A row with an empty EXTERNAL_REFERENCE, matched through SOURCE_ID. The id is above 2^53, so an id
  // read as a JS number (9007199254740992 or ...996) no longer matches the payment.
  const noRef = l.order({ id: id(24), amount: A('4500.00', '45.00'), status: 'paid', at: at(4, 9, 30) });
  const pNoRef = l.pay(noRef, qr, { id: spec.bigPaymentId });
  l.settle(noRef, { sourceId: pNoRef.mpPaymentId, amount: noRef.amount, at: pNoRef.approvedAt, channel: qr, ref: '' });

  if (spec.site === 'MLA') {
    // The TAXES_DISAGGREGATED value of a real export, on a gross whose 0.6 % is exactly 90.00.
    l.sale(l.order({ id: id(25), amount: '15000.00', status: 'paid', at: at(6, 15, 0) }), card, { taxed: true });
  } else {
    // A QR sale at the POS whose name has a comma and whose store name has double quotes.
    l.sale(l.order({ id: id(25), amount: '87.50', status: 'paid', at: at(6, 15, 0) }), qr, { pos: spec.pos[1] });
  }

  // Leading zeros in the order id and a reference that is all digits: both must stay text.
  const zeros = spec.site === 'MLA' ? { id: '000417', ref: '00098765' } : { id: '000735', ref: '00045678' };
  l.sale(l.order({ ...zeros, amount: A('3250.00', '32.50'), status: 'paid', at: at(6, 17, 45) }), qr);

  // Never paid: a pending and a cancelled order with neither payment nor row.
  l.order({ id: id(27), amount: A('8800.00', '88.00'), status: 'pending', at: at(6, 18, 0) });
  l.order({ id: id(28), amount: A('4100.00', '41.00'), status: 'cancelled', at: at(3, 8, 30) });

  // Refunds MP never executed: rejected, and still requested. Only approved refunds are expected in
  // the report, so neither may be called missing.
  const rejected = l.order({ id: id(29), amount: A('7700.00', '77.00'), status: 'paid', at: at(3, 17, 20) });
  l.refund(rejected, l.sale(rejected, card), A('2000.00', '20.00'), at(4, 10, 0), 'rejected');
  const requested = l.order({ id: id(30), amount: A('5600.00', '56.00'), status: 'paid', at: at(5, 19, 0) });
  l.refund(requested, l.sale(requested, qr), requested.amount, at(6, 9, 0), 'requested');

  // Money out to the bank: PAYOUT, empty reference, negative. Not a sale, not a refund.
  l.payout(A('350000.00', '3500.00'), at(7, 8, 0));
}
