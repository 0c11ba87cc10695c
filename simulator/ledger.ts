/**
 * The simulated seller's money movements, from which both reports are generated (and, later, the
 * payments / refunds / merchant-order routes). Seeded as JSON through POST /__sim/ledger or
 * SimState.addMovements. Amounts are positive magnitudes (the report writer applies signs): a payment's
 * `fee` is everything MP charged (MKP, financing and shipping parts included), `taxes` the withholdings.
 *
 *   { "type": "payment", "id": "5067634447", "externalReference": "order-1", "amount": "79.00", "fee": "8.85",
 *     "mkpFee": "8.85", "taxes": "0", "approvedAt": "2019-08-11T22:20:19-04:00", "releasedAt": "...",
 *     "paymentMethod": "master", "paymentMethodType": "credit_card", "installments": 1 }   (no releasedAt: by method)
 *   { "type": "refund", "paymentId": "5067634447", "amount": "10.00", "date": "..." }   (no amount = the rest)
 *   { "type": "chargeback" | "dispute", "paymentId": "...", "date": "..." }
 *   { "type": "payout", "amount": "500.00", "date": "..." }
 */
import { Decimal } from 'decimal.js';
import { fail } from './http-io.ts';
import { releaseDateFor } from './release-schedule.ts';

export interface PaymentMovement {
  readonly type: 'payment';
  readonly id: string;
  readonly externalReference: string;
  readonly orderId: string;
  readonly packId: string;
  readonly shippingId: string;
  readonly shipmentMode: string;
  readonly amount: Decimal;
  readonly fee: Decimal;
  readonly mkpFee: Decimal;
  readonly financingFee: Decimal;
  readonly shippingFee: Decimal;
  readonly taxes: Decimal;
  readonly coupon: Decimal;
  readonly installments: number;
  readonly paymentMethod: string;
  readonly paymentMethodType: string;
  readonly metadata: string;
  readonly createdAt: Date;
  readonly approvedAt: Date;
  readonly releasedAt: Date;
}

export interface ReversalMovement {
  readonly type: 'refund' | 'chargeback' | 'dispute';
  readonly id: string;
  readonly paymentId: string;
  readonly amount: Decimal;
  /** Part of the payment's fee / taxes given back with this reversal (positive). */
  readonly feeReturned: Decimal;
  readonly taxesReturned: Decimal;
  /** The reversal's own reference, shown instead of the order's when refund_detailed is set. */
  readonly externalReference: string;
  readonly date: Date;
}

export interface PayoutMovement {
  readonly type: 'payout';
  readonly id: string;
  readonly amount: Decimal;
  readonly fee: Decimal;
  readonly date: Date;
}

export type Movement = PaymentMovement | ReversalMovement | PayoutMovement;

export class Ledger {
  readonly movements: Movement[] = [];
  readonly #payments = new Map<string, PaymentMovement>();

  payment(id: string): PaymentMovement | undefined {
    return this.#payments.get(id);
  }

  /** Validates every input first, then appends them all (or none). */
  add(inputs: readonly unknown[], decimals: number, nextId: () => string): Movement[] {
    const pending = new Map(this.#payments);
    const reversed = new Map<string, Decimal>();
    const added: Movement[] = [];
    for (const [index, input] of inputs.entries()) {
      const m = parseMovement(input, decimals, nextId, (id) => pending.get(id), reversed, index);
      if (m.type === 'payment') {
        if (pending.has(m.id)) fail(400, 'bad_request', `movements[${index}]: payment ${m.id} already exists.`);
        pending.set(m.id, m);
      }
      added.push(m);
    }
    for (const m of added) {
      this.movements.push(m);
      if (m.type === 'payment') this.#payments.set(m.id, m);
    }
    return added;
  }

  /** Refunds, chargebacks and disputes of one payment, in ledger order. */
  reversalsOf(paymentId: string): ReversalMovement[] {
    return this.movements.filter((m): m is ReversalMovement => m.type !== 'payment' && m.type !== 'payout' && m.paymentId === paymentId);
  }
}

function parseMovement(
  input: unknown,
  decimals: number,
  nextId: () => string,
  findPayment: (id: string) => PaymentMovement | undefined,
  reversed: Map<string, Decimal>,
  index: number,
): Movement {
  const where = `movements[${index}]`;
  if (input === null || typeof input !== 'object') fail(400, 'bad_request', `${where} must be an object.`);
  const m = input as Record<string, unknown>;
  const r = new Reader(m, where, decimals);
  const id = r.text('id') || nextId();
  if (m.type === 'payment') {
    const approvedAt = r.date('approvedAt');
    const amount = r.amount('amount');
    if (amount.isZero()) fail(400, 'bad_request', `${where}.amount must be above zero.`);
    const fee = r.amount('fee', '0');
    const mkpFee = r.amount('mkpFee', '0');
    if (mkpFee.gt(fee)) fail(400, 'bad_request', `${where}.mkpFee is part of fee and cannot exceed it.`);
    const paymentMethodType = r.text('paymentMethodType') || 'account_money';
    return {
      type: 'payment', id, amount, fee, mkpFee, approvedAt,
      externalReference: r.text('externalReference'), orderId: r.text('orderId'), packId: r.text('packId'),
      shippingId: r.text('shippingId'), shipmentMode: r.text('shipmentMode'),
      financingFee: r.amount('financingFee', '0'), shippingFee: r.amount('shippingFee', '0'),
      taxes: r.amount('taxes', '0'), coupon: r.amount('coupon', '0'),
      installments: r.integer('installments', 1),
      paymentMethod: r.text('paymentMethod') || 'account_money', paymentMethodType,
      metadata: r.text('metadata') || '[{}]',
      createdAt: r.date('createdAt', approvedAt), releasedAt: r.date('releasedAt', releaseDateFor(paymentMethodType, approvedAt)),
    };
  }
  if (m.type === 'refund' || m.type === 'chargeback' || m.type === 'dispute') {
    const paymentId = r.text('paymentId');
    const payment = findPayment(paymentId);
    if (!payment) fail(400, 'bad_request', `${where}.paymentId '${paymentId}' is not a payment of this account.`);
    const bucket = `${m.type === 'dispute' ? 'dispute' : 'reversal'}:${paymentId}`;
    const used = reversed.get(bucket) ?? new Decimal(0);
    const amount = m.amount === undefined ? payment.amount.minus(used) : r.amount('amount');
    if (amount.lte(0) || used.plus(amount).gt(payment.amount)) {
      fail(400, 'bad_request', `${where}: ${m.type} of ${amount.toFixed()} exceeds what is left of payment ${paymentId} (${payment.amount.minus(used).toFixed()}).`);
    }
    reversed.set(bucket, used.plus(amount));
    return {
      type: m.type, id, paymentId, amount, date: r.date('date'),
      feeReturned: r.amount('feeReturned', '0'), taxesReturned: r.amount('taxesReturned', '0'),
      externalReference: r.text('externalReference'),
    };
  }
  if (m.type === 'payout') {
    return { type: 'payout', id, amount: r.amount('amount'), fee: r.amount('fee', '0'), date: r.date('date') };
  }
  return fail(400, 'bad_request', `${where}.type must be payment, refund, chargeback, dispute or payout.`);
}

/** Field readers that answer 400 naming the field. */
class Reader {
  readonly m: Record<string, unknown>;
  readonly where: string;
  readonly decimals: number;

  constructor(m: Record<string, unknown>, where: string, decimals: number) {
    this.m = m;
    this.where = where;
    this.decimals = decimals;
  }

  text(key: string): string {
    const v = this.m[key];
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    return fail(400, 'bad_request', `${this.where}.${key} must be a string.`);
  }

  amount(key: string, fallback?: string): Decimal {
    const v = this.m[key] ?? fallback;
    if ((typeof v !== 'string' && typeof v !== 'number') || !/^\d+(\.\d+)?$/.test(String(v))) {
      return fail(400, 'bad_request', `${this.where}.${key} must be a non-negative decimal amount (as a string).`);
    }
    const d = new Decimal(v);
    if (d.decimalPlaces() > this.decimals) fail(400, 'bad_request', `${this.where}.${key} has more than ${this.decimals} decimals for this currency.`);
    return d;
  }

  integer(key: string, fallback: number): number {
    const v = this.m[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(400, 'bad_request', `${this.where}.${key} must be a whole number.`);
    return v;
  }

  date(key: string, fallback?: Date): Date {
    const v = this.m[key];
    if (v === undefined && fallback) return fallback;
    if (typeof v !== 'string' || !/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) {
      return fail(400, 'bad_request', `${this.where}.${key} must be an ISO-8601 date with an offset (e.g. 2026-03-01T10:00:00-03:00).`);
    }
    return new Date(v);
  }
}
