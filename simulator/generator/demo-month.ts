/**
 * A month of believable traffic for one site, for `mp-recon demo`: what Mercado Pago saw (simulator
 * ledger movements: QR and online payments with fees and taxes, partial and total refunds, a
 * chargeback, weekly payouts) and what the merchant's systems recorded (orders, payments, refunds),
 * with one planted discrepancy of every settlement kind. Deterministic for a given site and window.
 */
import { Decimal } from 'decimal.js';
import { addDays, daysBetween, startOfBusinessDate } from './dates.ts';
import { charge } from './money.ts';
import { seeded } from './prng.ts';
import { SITES, type SiteId } from './sites.ts';
import { TrafficBook } from './traffic-book.ts';

export interface DemoTraffic {
  readonly movements: Record<string, unknown>[];
  readonly orders: string[][];
  readonly payments: string[][];
  readonly refunds: string[][];
  /** kind → external reference of its planted case. */
  readonly planted: Record<string, string>;
}

const METHODS = [
  { type: 'account_money', method: 'account_money', qr: true, feeRate: '0.0099' },
  { type: 'debit_card', method: 'debvisa', qr: true, feeRate: '0.0149' },
  { type: 'credit_card', method: 'visa', qr: false, feeRate: '0.0529' },
  { type: 'credit_card', method: 'master', qr: false, feeRate: '0.0629' },
];

export function demoTraffic(siteId: SiteId, from: string, to: string): DemoTraffic {
  const site = SITES[siteId];
  const random = seeded(0x5eed + siteId.charCodeAt(2)).next;
  const scale = site.decimals === 0 ? 1000 : 1; // CLP amounts are in the thousands
  const book = new TrafficBook(site);
  const money = (d: Decimal) => book.money(d);
  const at = (day: string, minute: number) => new Date(startOfBusinessDate(day, site.timezone).getTime() + minute * 60_000).toISOString();
  const planted: Record<string, string> = {};
  let seq = 0;
  let paymentSeq = 0;

  const sale = (day: string, options: { amount?: Decimal; mkpFee?: boolean } = {}) => {
    seq++;
    const id = `${siteId}-${String(seq).padStart(5, '0')}`;
    const ref = `${siteId}-ORD-${String(seq).padStart(5, '0')}`;
    const m = METHODS[Math.floor(random() * METHODS.length)]!;
    const amount = options.amount ?? new Decimal(Math.floor(500 + random() * 45_000)).div(site.decimals === 0 ? 1 : 100).times(scale * 10);
    const fee = charge(amount, m.feeRate, site.decimals, Decimal.ROUND_HALF_EVEN);
    const taxes = m.qr ? new Decimal(0) : charge(amount, '0.01', site.decimals, Decimal.ROUND_HALF_EVEN);
    const approvedAt = at(day, 9 * 60 + Math.floor(random() * 12 * 60));
    paymentSeq++;
    const paymentId = String(31_000_000_000 + paymentSeq * 7);
    const movement = {
      type: 'payment',
      id: paymentId,
      externalReference: ref,
      amount: money(amount),
      fee: money(fee),
      mkpFee: options.mkpFee ? money(fee.div(2).toDecimalPlaces(site.decimals)) : '0',
      taxes: money(taxes),
      approvedAt,
      paymentMethod: m.method,
      paymentMethodType: m.type,
      installments: m.qr ? 1 : 1 + Math.floor(random() * 6),
    };
    return { id, ref, amount, approvedAt, paymentId, movement };
  };
  const record = (s: ReturnType<typeof sale>, status = 'paid', currency = site.currency, amount = s.amount) => {
    book.order({ orderId: s.id, ref: s.ref, amount, status, currency, createdAt: s.approvedAt, paidAt: status === 'pending' ? '' : s.approvedAt });
    if (status !== 'pending') book.payment(s.paymentId, s.id, s.amount, s.approvedAt);
  };
  const refund = (s: ReturnType<typeof sale>, amount: Decimal, day: string, internal: Decimal | null, mp = true) => {
    const date = at(day, 18 * 60);
    if (mp) book.mp(book.refundSeed(s.paymentId, amount, date));
    if (internal) book.refund(`RF-${s.id}-${book.refunds.length + 1}`, s.id, s.paymentId, internal, date);
  };

  const days = daysBetween(from, to);
  // Planted cases spread over the window, leaving two days after each for its refund or chargeback.
  const plantDay = (k: number) => addDays(from, Math.max(0, Math.min(days - 3, 1 + (k % Math.max(1, days - 3)))));
  for (let d = 0; d < days; d++) {
    const day = addDays(from, d);
    const count = 12 + Math.floor(random() * 10);
    for (let i = 0; i < count; i++) {
      const s = sale(day);
      book.mp(s.movement);
      record(s);
      const roll = random();
      if (roll < 0.04 && d < days - 1) refund(s, s.amount, addDays(day, 1), s.amount);
      else if (roll < 0.08 && d < days - 1) {
        const part = s.amount.div(4).toDecimalPlaces(site.decimals);
        refund(s, part, addDays(day, 1), part);
      }
    }
    if (d % 7 === 6) book.mp({ type: 'payout', amount: money(new Decimal(20_000).times(scale)), date: at(day, 23 * 60) });
  }

  const plant = (kind: string, k: number, build: (s: ReturnType<typeof sale>, day: string) => void, options?: { mkpFee?: boolean }) => {
    const day = plantDay(k);
    const s = sale(day, options);
    planted[kind] = s.ref;
    build(s, day);
  };
  plant('payment_missing_internally', 0, (s) => book.mp(s.movement));
  plant('payment_missing_in_report', 1, (s) => record(s));
  plant('amount_mismatch', 2, (s) => {
    book.mp(s.movement);
    record(s, 'paid', site.currency, s.amount.plus(10 * scale));
  });
  plant('duplicate_payment', 3, (s) => {
    book.mp(s.movement, { ...s.movement, id: String(Number(s.paymentId) + 1) });
    record(s);
  });
  plant('currency_mismatch', 4, (s) => {
    book.mp(s.movement);
    record(s, 'paid', 'USD');
  });
  plant('status_mismatch', 5, (s) => {
    book.mp(s.movement);
    record(s, 'pending');
  });
  plant('refund_missing_internally', 6, (s, day) => {
    book.mp(s.movement);
    record(s, 'partially_refunded');
    refund(s, s.amount.div(2).toDecimalPlaces(site.decimals), addDays(day, 1), null);
  });
  plant('refund_missing_in_report', 7, (s, day) => {
    book.mp(s.movement);
    record(s, 'partially_refunded');
    refund(s, new Decimal(0), addDays(day, 1), s.amount.div(5).toDecimalPlaces(site.decimals), false);
  });
  plant('refund_amount_mismatch', 8, (s, day) => {
    book.mp(s.movement);
    record(s, 'partially_refunded');
    refund(s, s.amount.div(5).toDecimalPlaces(site.decimals), addDays(day, 1), s.amount.div(4).toDecimalPlaces(site.decimals));
  });
  plant('over_refunded', 9, (s, day) => {
    book.mp(s.movement);
    record(s, 'refunded');
    refund(s, s.amount, addDays(day, 1), s.amount);
    book.refund(`RF-${s.id}-again`, s.id, s.paymentId, s.amount.div(2).toDecimalPlaces(site.decimals), at(addDays(day, 1), 19 * 60));
  });
  plant('chargeback', 10, (s, day) => {
    book.mp(s.movement, { type: 'chargeback', paymentId: s.paymentId, date: at(addDays(day, 2), 11 * 60) });
    record(s);
  });
  plant('row_arithmetic', 11, (s) => {
    book.mp(s.movement);
    record(s);
  }, { mkpFee: true });
  return { movements: book.movements, orders: book.ordersTable(), payments: book.paymentsTable(), refunds: book.refundsTable(), planted };
}
