/**
 * Ledger: both sides of one site's week, built together so every planted case is written as a few
 * readable calls (order, pay, settle, refund, reversal) and the expected mismatch sits right next to it.
 * The internal side is what the merchant's CSV exports say; the report side is what MP's settlement
 * report says. They only disagree where a case says so.
 */
import { Decimal } from 'decimal.js';
import type {
  Channel,
  ExpectedMismatch,
  MismatchKind,
  Movement,
  Order,
  OrderStatus,
  Payment,
  Pos,
  Refund,
  RefundStatus,
  SiteSpec,
  TxType,
} from './model.ts';
import { charge } from '../money.ts';
import { plusSeconds } from './model.ts';
import type { Rng } from '../prng.ts';

const ZERO = new Decimal(0);
// AR "impuesto a los débitos y créditos bancarios" withheld by MP on some collections: 0.6 %.
const DEBITS_CREDITS_TAX = '0.006';

/** A fee or tax taken off `amount` at `rate`: negative, rounded half up to cents. */
function taken(amount: Decimal, rate: string | undefined): Decimal {
  return rate ? charge(amount, rate, 2).neg() : ZERO;
}

export interface SettleOptions {
  sourceId: string;
  amount: string | Decimal;
  at: Date;
  channel: Channel;
  /** The row's EXTERNAL_REFERENCE when it differs from the order's ('' = MP left it empty). */
  ref?: string;
  currency?: string;
  /** Added to SETTLEMENT_NET_AMOUNT only: breaks the row identity on purpose. */
  netSkew?: string;
  packId?: string;
  taxed?: boolean;
  /** The QR point of sale; a random one of the site's when absent. */
  pos?: Pos;
}

export class Ledger {
  readonly orders: Order[] = [];
  readonly payments: Payment[] = [];
  readonly refunds: Refund[] = [];
  readonly rows: Movement[] = [];
  readonly expected: ExpectedMismatch[] = [];
  private readonly channelOf = new Map<string, Channel>();
  private readonly merchantOrderOf = new Map<string, string>();
  private paymentSeq = 0;
  private refundSeq = 0;
  private merchantOrderSeq = 0;

  constructor(
    readonly spec: SiteSpec,
    readonly rng: Rng,
  ) {}

  /** A fresh 11-digit payment id, increasing with random gaps like MP's. */
  newPaymentId(): string {
    this.paymentSeq += 1;
    return String(this.spec.paymentBase + this.paymentSeq * 7 + this.rng.int(0, 6));
  }

  /** `at` is when it was paid for a paid status, when it was created otherwise. */
  order(o: { id: string; ref?: string; amount: string; status: OrderStatus; at: Date; currency?: string }): Order {
    const paid = o.status !== 'pending' && o.status !== 'cancelled';
    const order: Order = {
      orderId: o.id,
      externalReference: o.ref ?? `${this.spec.site}-ORD-${o.id}`,
      currency: o.currency ?? this.spec.currency,
      amount: new Decimal(o.amount),
      status: o.status,
      // Paid orders were created a few minutes before the buyer paid (still inside the week).
      createdAt: paid ? plusSeconds(o.at, -60 * this.rng.int(2, 25)) : o.at,
      paidAt: paid ? o.at : null,
    };
    this.orders.push(order);
    return order;
  }

  /** The merchant's own record of a payment (order_payments). */
  pay(order: Order, channel: Channel, o: { amount?: string; at?: Date; id?: string; status?: string } = {}): Payment {
    const payment: Payment = {
      mpPaymentId: o.id ?? this.newPaymentId(),
      orderId: order.orderId,
      amount: o.amount ? new Decimal(o.amount) : order.amount,
      currency: order.currency,
      status: o.status ?? 'approved',
      approvedAt: o.at ?? order.paidAt ?? order.createdAt,
    };
    this.channelOf.set(payment.mpPaymentId, channel);
    this.payments.push(payment);
    return payment;
  }

  /** MP's SETTLEMENT row for a payment; `order` null when MP settled something we never sold. */
  settle(order: Order | null, o: SettleOptions): Movement {
    const amount = new Decimal(o.amount);
    const processing = taken(amount, o.channel.feeRate);
    const financingFee = taken(amount, o.channel.financingRate);
    const fee = processing.plus(financingFee);
    const taxes = o.taxed ? taken(amount, DEBITS_CREDITS_TAX) : ZERO;
    const settlementDate = plusSeconds(o.at, this.rng.int(0, 6));
    const online = !o.channel.qr;
    const shipped = online && this.rng.chance(0.5);
    const row: Movement = {
      externalReference: o.ref ?? order?.externalReference ?? '',
      sourceId: o.sourceId,
      type: 'SETTLEMENT',
      channel: o.channel,
      amount,
      currency: o.currency ?? order?.currency ?? this.spec.currency,
      transactionDate: o.at,
      settlementDate,
      fee,
      // MKP_FEE_AMOUNT is informational and already inside FEE_AMOUNT: equal to it on plain online
      // sales (as in MP's sample row), 0.00 when FEE_AMOUNT also holds financing or for QR.
      mkpFee: online && financingFee.isZero() ? fee : ZERO,
      financingFee,
      taxes,
      net: amount.plus(fee).plus(taxes).plus(o.netSkew ?? 0),
      taxesDetail: taxes.isZero()
        ? '[]'
        : `[{financial_entity:debitos_creditos,amount:${taxes.toFixed(2)},detail:tax_withholding_collector}]`,
      mpOrderId: this.merchantOrderId(order),
      shippingId: shipped ? String(44_100_000_000 + this.rng.int(0, 99_999_999)) : '',
      shipmentMode: shipped ? 'me2' : '',
      packId: o.packId ?? '',
      pos: o.channel.qr ? (o.pos ?? this.rng.pick(this.spec.pos)) : null,
      // Card money is released later (outside the week); QR, debit and account money at once.
      moneyReleaseDate: o.channel.methodType === 'credit_card' ? plusSeconds(settlementDate, 14 * 86_400) : settlementDate,
    };
    this.rows.push(row);
    return row;
  }

  /** A clean sale: the merchant's payment record and MP's matching SETTLEMENT row. */
  sale(order: Order, channel: Channel, o: { packId?: string; taxed?: boolean; pos?: Pos; status?: string } = {}): Payment {
    const { status, ...row } = o;
    const payment = this.pay(order, channel, { status });
    this.settle(order, { sourceId: payment.mpPaymentId, amount: order.amount, at: payment.approvedAt, channel, ...row });
    return payment;
  }

  /** The merchant's refund record; only approved ones carry MP's refund id. */
  refund(order: Order, payment: Payment, amount: string | Decimal, at: Date, status: RefundStatus = 'approved'): Refund {
    this.refundSeq += 1;
    const refund: Refund = {
      refundId: `RF-${this.spec.site}-${String(this.refundSeq).padStart(4, '0')}`,
      orderId: order.orderId,
      mpPaymentId: payment.mpPaymentId,
      mpRefundId: status === 'approved' ? String(this.spec.refundBase + this.refundSeq * 11 + this.rng.int(0, 9)) : '',
      amount: new Decimal(amount),
      currency: order.currency,
      status,
      createdAt: at,
    };
    this.refunds.push(refund);
    return refund;
  }

  /**
   * Money taken back on a payment (REFUND, CHARGEBACK, DISPUTE): the project's convention is the
   * payment's SOURCE_ID, the order's EXTERNAL_REFERENCE, a negative amount, one row per partial refund.
   */
  reversal(
    type: Exclude<TxType, 'SETTLEMENT' | 'PAYOUT'>,
    order: Order,
    payment: Payment,
    amount: string | Decimal,
    at: Date,
  ): Movement {
    const gross = new Decimal(amount).neg();
    const row: Movement = {
      ...this.blank(at),
      externalReference: order.externalReference,
      sourceId: payment.mpPaymentId,
      type,
      channel: this.channelOf.get(payment.mpPaymentId) ?? null,
      amount: gross,
      currency: order.currency,
      // Refunds and chargebacks carry no fee or tax of their own here: net = gross.
      net: gross,
      mpOrderId: this.merchantOrderId(order),
    };
    this.rows.push(row);
    return row;
  }

  /** Money out to the merchant's bank: no order, empty reference. */
  payout(amount: string, at: Date): Movement {
    const gross = new Decimal(amount).neg();
    const row: Movement = {
      ...this.blank(at),
      sourceId: this.spec.payoutId,
      type: 'PAYOUT',
      amount: gross,
      net: gross,
    };
    this.rows.push(row);
    return row;
  }

  /** Records what the engine must report; `ref` only for rows that match no order. */
  expect(kind: MismatchKind, order: Order | null, ref: string | null = null): void {
    this.expected.push({ kind, external_reference: order ? order.externalReference : ref, order_id: order?.orderId ?? null });
  }

  /** A row with every optional figure empty or zero. */
  private blank(at: Date): Movement {
    return {
      externalReference: '',
      sourceId: '',
      type: 'PAYOUT',
      channel: null,
      amount: ZERO,
      currency: this.spec.currency,
      transactionDate: at,
      settlementDate: at,
      fee: ZERO,
      mkpFee: ZERO,
      financingFee: ZERO,
      taxes: ZERO,
      net: ZERO,
      taxesDetail: '[]',
      mpOrderId: '',
      shippingId: '',
      shipmentMode: '',
      packId: '',
      pos: null,
      moneyReleaseDate: at,
    };
  }

  /** MP's merchant_order id (the report's ORDER_ID column): one per order, 11 digits. */
  private merchantOrderId(order: Order | null): string {
    const key = order?.orderId ?? `none-${this.merchantOrderSeq}`;
    let id = this.merchantOrderOf.get(key);
    if (!id) {
      this.merchantOrderSeq += 1;
      id = String(this.spec.merchantOrderBase + this.merchantOrderSeq * 3);
      this.merchantOrderOf.set(key, id);
    }
    return id;
  }
}
