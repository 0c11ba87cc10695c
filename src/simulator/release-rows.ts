/**
 * Release report rows ("released money"), a first version: an initial_available_balance row (everything
 * released before begin_date), then chronological `release` rows — payments on their money release
 * date (credits), refunds and chargebacks on their date (debits), payouts (debits) — and a final `total`
 * row summing every row above it. On every row NET_CREDIT − NET_DEBIT = GROSS + MP_FEE + FINANCING_FEE +
 * SHIPPING_FEE + TAXES, both nets ≥ 0. Disputes (holds, block/unblock) are not modelled yet.
 */
import { Decimal } from 'decimal.js';
import { type CsvRow, formatAmount } from './csv-writer.ts';
import { formatDisplayDate } from './display-time.ts';
import type { Movement } from './ledger.ts';
import type { RowContext } from './settlement-rows.ts';

interface Entry {
  readonly at: Date;
  readonly cells: Record<string, string>;
  readonly gross: Decimal;
  readonly mpFee: Decimal;
  readonly financing: Decimal;
  readonly shipping: Decimal;
  readonly taxes: Decimal;
  readonly coupon: Decimal;
}

const ZERO = new Decimal(0);
const AMOUNT_KEYS = ['gross', 'mpFee', 'financing', 'shipping', 'taxes', 'coupon'] as const;

export function releaseRows(ctx: RowContext, begin: Date): CsvRow[] {
  const entries = ctx.ledger.movements
    .map((m) => entryOf(ctx, m))
    .filter((e): e is Entry => e !== undefined)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
  const opening = entries.filter((e) => e.at < begin).reduce((sum, e) => sum.plus(net(e)), ZERO);
  const initial: Entry = { at: begin, cells: { RECORD_TYPE: 'initial_available_balance', INSTALLMENTS: '1' }, gross: opening, mpFee: ZERO, financing: ZERO, shipping: ZERO, taxes: ZERO, coupon: ZERO };
  const shown = [initial, ...entries.filter((e) => e.at >= begin && ctx.inRange(e.at))];
  const sum = (key: (typeof AMOUNT_KEYS)[number]) => shown.reduce((s, e) => s.plus(e[key]), ZERO);
  const total: Entry = {
    at: shown[shown.length - 1]?.at ?? begin,
    cells: { RECORD_TYPE: 'total' },
    gross: sum('gross'),
    mpFee: sum('mpFee'),
    financing: sum('financing'),
    shipping: sum('shipping'),
    taxes: sum('taxes'),
    coupon: sum('coupon'),
  };
  let balance = ZERO;
  const rows = shown.map((e) => {
    balance = balance.plus(net(e));
    return render(ctx, e, { credit: Decimal.max(net(e), 0), debit: Decimal.max(net(e).neg(), 0), balance });
  });
  const credits = shown.reduce((s, e) => s.plus(Decimal.max(net(e), 0)), ZERO);
  const debits = shown.reduce((s, e) => s.plus(Decimal.max(net(e).neg(), 0)), ZERO);
  rows.push(render(ctx, total, { credit: credits, debit: debits, balance }));
  return rows;
}

function net(e: Entry): Decimal {
  return e.gross.plus(e.mpFee).plus(e.financing).plus(e.shipping).plus(e.taxes);
}

function render(ctx: RowContext, e: Entry, sums: { credit: Decimal; debit: Decimal; balance: Decimal }): CsvRow {
  const d = ctx.account.decimals;
  const amounts = Object.fromEntries(AMOUNT_KEYS.map((k) => [k, formatAmount(e[k], d)]));
  return {
    DATE: formatDisplayDate(e.at, ctx.config.zone),
    CURRENCY: ctx.account.currency,
    NET_CREDIT_AMOUNT: formatAmount(sums.credit, d),
    NET_DEBIT_AMOUNT: formatAmount(sums.debit, d),
    GROSS_AMOUNT: amounts.gross ?? '',
    MP_FEE_AMOUNT: amounts.mpFee ?? '',
    FINANCING_FEE_AMOUNT: amounts.financing ?? '',
    SHIPPING_FEE_AMOUNT: amounts.shipping ?? '',
    TAXES_AMOUNT: amounts.taxes ?? '',
    COUPON_AMOUNT: amounts.coupon ?? '',
    BALANCE_AMOUNT: formatAmount(sums.balance, d),
    TAXES_DISAGGREGATED: '[]',
    METADATA: '[{}]',
    ...e.cells,
  };
}

function entryOf(ctx: RowContext, m: Movement): Entry | undefined {
  const zone = ctx.config.zone;
  if (m.type === 'payment') {
    const mpFee = m.fee.minus(m.financingFee).minus(m.shippingFee).neg();
    return {
      at: m.releasedAt,
      gross: m.amount, mpFee, financing: m.financingFee.neg(), shipping: m.shippingFee.neg(), taxes: m.taxes.neg(), coupon: m.coupon,
      cells: {
        SOURCE_ID: m.id, EXTERNAL_REFERENCE: m.externalReference, RECORD_TYPE: 'release', DESCRIPTION: 'payment',
        INSTALLMENTS: String(m.installments), PAYMENT_METHOD: m.paymentMethod, PAYMENT_METHOD_TYPE: m.paymentMethodType,
        ORDER_ID: m.orderId, SHIPPING_ID: m.shippingId, SHIPMENT_MODE: m.shipmentMode, PACK_ID: m.packId, METADATA: m.metadata,
        TRANSACTION_APPROVAL_DATE: formatDisplayDate(m.approvedAt, zone),
      },
    };
  }
  if (m.type === 'payout') {
    if (!ctx.config.includeWithdraw) return undefined;
    return {
      at: m.date, gross: m.amount.neg(), mpFee: m.fee.neg(), financing: ZERO, shipping: ZERO, taxes: ZERO, coupon: ZERO,
      cells: { SOURCE_ID: m.id, RECORD_TYPE: 'release', DESCRIPTION: 'payout', INSTALLMENTS: '1' },
    };
  }
  if (m.type === 'dispute') return undefined;
  const payment = ctx.ledger.payment(m.paymentId);
  const reference = ctx.config.refundDetailed && m.externalReference !== '' ? m.externalReference : (payment?.externalReference ?? '');
  return {
    at: m.date, gross: m.amount.neg(), mpFee: m.feeReturned, financing: ZERO, shipping: ZERO, taxes: m.taxesReturned, coupon: ZERO,
    cells: {
      SOURCE_ID: m.paymentId, EXTERNAL_REFERENCE: reference, RECORD_TYPE: 'release', DESCRIPTION: m.type,
      INSTALLMENTS: String(payment?.installments ?? 1), PAYMENT_METHOD: payment?.paymentMethod ?? '',
      PAYMENT_METHOD_TYPE: payment?.paymentMethodType ?? '', ORDER_ID: payment?.orderId ?? '',
      REFUND_ID: m.type === 'refund' ? m.id : '', METADATA: JSON.stringify([{ [`${m.type}_id`]: m.id }]),
    },
  };
}
