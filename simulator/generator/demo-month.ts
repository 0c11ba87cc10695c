/**
 * A month of believable traffic for one site, for `mp-recon demo`: what Mercado Pago saw (simulator
 * ledger movements: QR and online payments with fees and taxes, partial and total refunds, a
 * chargeback, weekly payouts) and what the merchant's systems recorded (orders, payments, refunds),
 * with one planted discrepancy of every settlement kind. Deterministic for a given site and window.
 */
import { Decimal } from 'decimal.js';
import { SITES, type SiteId } from './sites.ts';
import { addDays, daysBetween, startOfBusinessDate } from './dates.ts';

export interface DemoTraffic {
  readonly movements: Record<string, unknown>[];
  readonly orders: string[][];
  readonly payments: string[][];
  readonly refunds: string[][];
  /** kind → external reference of its planted case. */
  readonly planted: Record<string, string>;
}

/** A small deterministic PRNG (mulberry32): the same demo every time. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = [
  { type: 'account_money', method: 'account_money', qr: true, feeRate: '0.0099' },
  { type: 'debit_card', method: 'debvisa', qr: true, feeRate: '0.0149' },
  { type: 'credit_card', method: 'visa', qr: false, feeRate: '0.0529' },
  { type: 'credit_card', method: 'master', qr: false, feeRate: '0.0629' },
];

export function demoTraffic(siteId: SiteId, from: string, to: string): DemoTraffic {
  const site = SITES[siteId];
  const random = prng(0x5eed + siteId.charCodeAt(2));
  const scale = site.decimals === 0 ? 1000 : 1; // CLP amounts are in the thousands
  const money = (d: Decimal) => d.toFixed(site.decimals, Decimal.ROUND_HALF_EVEN);
  const at = (day: string, minute: number) => new Date(startOfBusinessDate(day, site.timezone).getTime() + minute * 60_000).toISOString();
  const movements: Record<string, unknown>[] = [];
  const orders: string[][] = [];
  const payments: string[][] = [];
  const refunds: string[][] = [];
  const planted: Record<string, string> = {};
  let seq = 0;
  let paymentSeq = 0;

  const sale = (day: string, options: { amount?: Decimal; mkpFee?: boolean } = {}) => {
    seq++;
    const id = `${siteId}-${String(seq).padStart(5, '0')}`;
    const ref = `${siteId}-ORD-${String(seq).padStart(5, '0')}`;
    const m = METHODS[Math.floor(random() * METHODS.length)]!;
    const amount = options.amount ?? new Decimal(Math.floor(500 + random() * 45_000)).div(site.decimals === 0 ? 1 : 100).times(scale * 10);
    const fee = amount.times(m.feeRate).toDecimalPlaces(site.decimals, Decimal.ROUND_HALF_EVEN);
    const taxes = m.qr ? new Decimal(0) : amount.times('0.01').toDecimalPlaces(site.decimals, Decimal.ROUND_HALF_EVEN);
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
    orders.push([s.id, s.ref, siteId, currency, money(amount), status, s.approvedAt, status === 'pending' ? '' : s.approvedAt]);
    if (status !== 'pending') payments.push([s.paymentId, s.id, money(s.amount), site.currency, 'approved', s.approvedAt]);
  };
  const refund = (s: ReturnType<typeof sale>, amount: Decimal, day: string, internal: Decimal | null, mp = true) => {
    const date = at(day, 18 * 60);
    if (mp) movements.push({ type: 'refund', paymentId: s.paymentId, amount: money(amount), date });
    if (internal) refunds.push([`RF-${s.id}-${refunds.length + 1}`, s.id, s.paymentId, '', money(internal), site.currency, 'approved', date]);
  };

  const days = daysBetween(from, to);
  // Planted cases spread over the window, leaving two days after each for its refund or chargeback.
  const plantDay = (k: number) => addDays(from, Math.max(0, Math.min(days - 3, 1 + (k % Math.max(1, days - 3)))));
  for (let d = 0; d < days; d++) {
    const day = addDays(from, d);
    const count = 12 + Math.floor(random() * 10);
    for (let i = 0; i < count; i++) {
      const s = sale(day);
      movements.push(s.movement);
      record(s);
      const roll = random();
      if (roll < 0.04 && d < days - 1) refund(s, s.amount, addDays(day, 1), s.amount);
      else if (roll < 0.08 && d < days - 1) {
        const part = s.amount.div(4).toDecimalPlaces(site.decimals);
        refund(s, part, addDays(day, 1), part);
      }
    }
    if (d % 7 === 6) movements.push({ type: 'payout', amount: money(new Decimal(20_000).times(scale)), date: at(day, 23 * 60) });
  }

  const plant = (kind: string, k: number, build: (s: ReturnType<typeof sale>, day: string) => void, options?: { mkpFee?: boolean }) => {
    const day = plantDay(k);
    const s = sale(day, options);
    planted[kind] = s.ref;
    build(s, day);
  };
  plant('payment_missing_internally', 0, (s) => movements.push(s.movement));
  plant('payment_missing_in_report', 1, (s) => record(s));
  plant('amount_mismatch', 2, (s) => {
    movements.push(s.movement);
    record(s, 'paid', site.currency, s.amount.plus(10 * scale));
  });
  plant('duplicate_payment', 3, (s) => {
    movements.push(s.movement, { ...s.movement, id: String(Number(s.paymentId) + 1) });
    record(s);
  });
  plant('currency_mismatch', 4, (s) => {
    movements.push(s.movement);
    record(s, 'paid', 'USD');
  });
  plant('status_mismatch', 5, (s) => {
    movements.push(s.movement);
    record(s, 'pending');
  });
  plant('refund_missing_internally', 6, (s, day) => {
    movements.push(s.movement);
    record(s, 'partially_refunded');
    refund(s, s.amount.div(2).toDecimalPlaces(site.decimals), addDays(day, 1), null);
  });
  plant('refund_missing_in_report', 7, (s, day) => {
    movements.push(s.movement);
    record(s, 'partially_refunded');
    refund(s, new Decimal(0), addDays(day, 1), s.amount.div(5).toDecimalPlaces(site.decimals), false);
  });
  plant('refund_amount_mismatch', 8, (s, day) => {
    movements.push(s.movement);
    record(s, 'partially_refunded');
    refund(s, s.amount.div(5).toDecimalPlaces(site.decimals), addDays(day, 1), s.amount.div(4).toDecimalPlaces(site.decimals));
  });
  plant('over_refunded', 9, (s, day) => {
    movements.push(s.movement);
    record(s, 'refunded');
    refund(s, s.amount, addDays(day, 1), s.amount);
    refunds.push([`RF-${s.id}-again`, s.id, s.paymentId, '', money(s.amount.div(2).toDecimalPlaces(site.decimals)), site.currency, 'approved', at(addDays(day, 1), 19 * 60)]);
  });
  plant('chargeback', 10, (s, day) => {
    movements.push(s.movement, { type: 'chargeback', paymentId: s.paymentId, date: at(addDays(day, 2), 11 * 60) });
    record(s);
  });
  plant('row_arithmetic', 11, (s) => {
    movements.push(s.movement);
    record(s);
  }, { mkpFee: true });
  return { movements, orders, payments, refunds, planted };
}
