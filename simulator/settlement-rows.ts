/**
 * Settlement report rows ("all transactions") from the ledger, following design.md where MP is silent:
 * one SETTLEMENT row per approved payment at approval; REFUND / CHARGEBACK / DISPUTE rows (one per
 * partial refund) carry the payment's SOURCE_ID and the order's EXTERNAL_REFERENCE with a negative
 * TRANSACTION_AMOUNT; PAYOUT rows for withdrawals. Every row satisfies
 * SETTLEMENT_NET_AMOUNT = TRANSACTION_AMOUNT + FEE_AMOUNT + TAXES_AMOUNT (MKP inside FEE by default).
 */
import { Decimal } from 'decimal.js';
import type { Account } from './accounts.ts';
import type { CsvRow } from './generator/csv.ts';
import { formatAmount } from './generator/money.ts';
import { formatDisplayDate } from './display-time.ts';
import type { Ledger, PaymentMovement, PayoutMovement, ReversalMovement } from './ledger.ts';
import type { SimQuirks } from './quirks.ts';
import type { EffectiveConfig } from './report-config.ts';

export interface RowContext {
  readonly account: Account;
  readonly ledger: Ledger;
  readonly config: EffectiveConfig;
  readonly quirks: SimQuirks;
  readonly inRange: (at: Date) => boolean;
}

interface Dated {
  readonly at: Date;
  readonly row: CsvRow;
}

const ZERO = new Decimal(0);

export function settlementRows(ctx: RowContext): CsvRow[] {
  const rows: Dated[] = [];
  for (const m of ctx.ledger.movements) {
    if (m.type === 'payment') {
      if (ctx.inRange(m.approvedAt)) rows.push({ at: m.approvedAt, row: paymentRow(ctx, m) });
    } else if (m.type === 'payout') {
      if (ctx.config.includeWithdraw && ctx.inRange(m.date)) rows.push({ at: m.date, row: payoutRow(ctx, m) });
    } else if (ctx.inRange(m.date) && !endsInChargeback(ctx, m)) {
      const payment = ctx.ledger.payment(m.paymentId);
      if (payment) rows.push({ at: m.date, row: reversalRow(ctx, payment, m) });
    }
  }
  const dir = ctx.quirks.settlementOrder === 'desc' ? -1 : 1;
  return rows
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => dir * (a.at.getTime() - b.at.getTime()) || a.i - b.i)
    .map((r) => r.row);
}

/** A dispute the buyer won is one CHARGEBACK row, not a DISPUTE row and a CHARGEBACK row for the same money. */
function endsInChargeback(ctx: RowContext, m: { type: string; paymentId: string }): boolean {
  return m.type === 'dispute' && ctx.ledger.reversalsOf(m.paymentId).some((r) => r.type === 'chargeback');
}

function common(ctx: RowContext, p: PaymentMovement): Record<string, string> {
  const { account } = ctx;
  return {
    EXTERNAL_REFERENCE: p.externalReference,
    SOURCE_ID: p.id,
    USER_ID: String(account.userId),
    PAYMENT_METHOD_TYPE: p.paymentMethodType,
    PAYMENT_METHOD: p.paymentMethod,
    SITE: account.siteId,
    TRANSACTION_CURRENCY: account.currency,
    SETTLEMENT_CURRENCY: account.currency,
    INSTALLMENTS: String(p.installments),
    ORDER_ID: p.orderId,
    SHIPPING_ID: p.shippingId,
    SHIPMENT_MODE: p.shipmentMode,
    PACK_ID: p.packId,
    MONEY_RELEASE_DATE: formatDisplayDate(p.releasedAt, ctx.config.zone),
    TAXES_DISAGGREGATED: '[]',
  };
}

/** Signed amounts of one row; net is derived so the identity always holds. */
interface Amounts {
  readonly tx: Decimal;
  readonly fee: Decimal;
  readonly mkp: Decimal;
  readonly financing: Decimal;
  readonly shipping: Decimal;
  readonly taxes: Decimal;
  readonly coupon: Decimal;
}

function amountCells(ctx: RowContext, a: Amounts, real?: Decimal): Record<string, string> {
  const additive = ctx.quirks.mkpFee === 'additive';
  const fee = additive ? a.fee.minus(a.mkp) : a.fee;
  const net = a.tx.plus(a.fee).plus(a.taxes);
  const d = ctx.account.decimals;
  return {
    TRANSACTION_AMOUNT: formatAmount(a.tx, d),
    FEE_AMOUNT: formatAmount(fee, d),
    MKP_FEE_AMOUNT: formatAmount(a.mkp, d),
    FINANCING_FEE_AMOUNT: formatAmount(a.financing, d),
    SHIPPING_FEE_AMOUNT: formatAmount(a.shipping, d),
    TAXES_AMOUNT: formatAmount(a.taxes, d),
    COUPON_AMOUNT: formatAmount(a.coupon, d),
    SETTLEMENT_NET_AMOUNT: formatAmount(net, d),
    REAL_AMOUNT: formatAmount(real ?? net, d),
  };
}

function paymentRow(ctx: RowContext, p: PaymentMovement): CsvRow {
  const amounts: Amounts = {
    tx: p.amount,
    fee: p.fee.neg(),
    mkp: p.mkpFee.neg(),
    financing: p.financingFee.neg(),
    shipping: p.shippingFee.neg(),
    taxes: p.taxes.neg(),
    coupon: p.coupon,
  };
  let real: Decimal | undefined;
  if (ctx.quirks.realAmount === 'net_of_reversals') {
    const net = p.amount.minus(p.fee).minus(p.taxes);
    real = ctx.ledger
      .reversalsOf(p.id)
      .filter((r) => r.type !== 'dispute')
      .reduce((sum, r) => sum.minus(r.amount).plus(r.feeReturned).plus(r.taxesReturned), net);
  }
  const zone = ctx.config.zone;
  return {
    ...common(ctx, p),
    TRANSACTION_TYPE: 'SETTLEMENT',
    TRANSACTION_DATE: formatDisplayDate(p.createdAt, zone),
    SETTLEMENT_DATE: formatDisplayDate(p.approvedAt, zone),
    TRANSACTION_APPROVAL_DATE: formatDisplayDate(p.approvedAt, zone),
    METADATA: p.metadata,
    DESCRIPTION: 'payment',
    ...amountCells(ctx, amounts, real),
  };
}

function reversalRow(ctx: RowContext, p: PaymentMovement, r: ReversalMovement): CsvRow {
  const sign = ctx.quirks.reversalSign === 'positive' ? -1 : 1;
  const amounts: Amounts = {
    tx: r.amount.neg().times(sign),
    fee: r.feeReturned.times(sign),
    mkp: ZERO,
    financing: ZERO,
    shipping: ZERO,
    taxes: r.taxesReturned.times(sign),
    coupon: ZERO,
  };
  const at = formatDisplayDate(r.date, ctx.config.zone);
  const ownReference = ctx.config.refundDetailed && r.externalReference !== '';
  return {
    ...common(ctx, p),
    ...(ownReference ? { EXTERNAL_REFERENCE: r.externalReference } : {}),
    TRANSACTION_TYPE: r.type.toUpperCase(),
    TRANSACTION_DATE: at,
    SETTLEMENT_DATE: at,
    METADATA: JSON.stringify([{ [`${r.type}_id`]: r.id }]),
    DESCRIPTION: r.type,
    REFUND_ID: r.type === 'refund' ? r.id : '',
    ...amountCells(ctx, amounts),
  };
}

function payoutRow(ctx: RowContext, m: PayoutMovement): CsvRow {
  const at = formatDisplayDate(m.date, ctx.config.zone);
  return {
    EXTERNAL_REFERENCE: '',
    SOURCE_ID: m.id,
    USER_ID: String(ctx.account.userId),
    SITE: ctx.account.siteId,
    TRANSACTION_TYPE: 'PAYOUT',
    TRANSACTION_CURRENCY: ctx.account.currency,
    SETTLEMENT_CURRENCY: ctx.account.currency,
    TRANSACTION_DATE: at,
    SETTLEMENT_DATE: at,
    METADATA: '[{}]',
    TAXES_DISAGGREGATED: '[]',
    DESCRIPTION: 'payout',
    INSTALLMENTS: '1',
    ...amountCells(ctx, { tx: m.amount.neg(), fee: m.fee.neg(), mkp: ZERO, financing: ZERO, shipping: ZERO, taxes: ZERO, coupon: ZERO }),
  };
}
