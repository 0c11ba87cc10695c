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
import { type SettlementAmounts, type SettlementLine, settlementCells } from './generator/report-lines.ts';
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

/** The payment's own cells, shared by its SETTLEMENT row and the rows of its reversals. */
function paymentPart(ctx: RowContext, p: PaymentMovement) {
  const { account } = ctx;
  return {
    externalReference: p.externalReference,
    sourceId: p.id,
    userId: String(account.userId),
    site: account.siteId,
    currency: account.currency,
    paymentMethodType: p.paymentMethodType,
    paymentMethod: p.paymentMethod,
    installments: String(p.installments),
    orderId: p.orderId,
    shippingId: p.shippingId,
    shipmentMode: p.shipmentMode,
    packId: p.packId,
    moneyReleaseDate: formatDisplayDate(p.releasedAt, ctx.config.zone),
    taxesDisaggregated: '[]',
  };
}

/** Signed amounts of one row as MP charged them; net is derived so the identity always holds. */
interface Amounts {
  readonly tx: Decimal;
  readonly fee: Decimal;
  readonly mkp: Decimal;
  readonly financing: Decimal;
  readonly shipping: Decimal;
  readonly taxes: Decimal;
  readonly coupon: Decimal;
}

function lineAmounts(ctx: RowContext, a: Amounts, real?: Decimal): SettlementAmounts<Decimal> {
  // With the additive quirk FEE_AMOUNT leaves the MKP part out, though the net still takes it off.
  const fee = ctx.quirks.mkpFee === 'additive' ? a.fee.minus(a.mkp) : a.fee;
  const net = a.tx.plus(a.fee).plus(a.taxes);
  return { ...a, fee, net, real: real ?? net };
}

function cells(ctx: RowContext, line: SettlementLine<Decimal>): CsvRow {
  return settlementCells(line, (amount) => formatAmount(amount, ctx.account.decimals));
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
  return cells(ctx, {
    ...paymentPart(ctx, p),
    type: 'SETTLEMENT',
    transactionDate: formatDisplayDate(p.createdAt, zone),
    settlementDate: formatDisplayDate(p.approvedAt, zone),
    approvalDate: formatDisplayDate(p.approvedAt, zone),
    metadata: p.metadata,
    description: 'payment',
    amounts: lineAmounts(ctx, amounts, real),
  });
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
  const payment = paymentPart(ctx, p);
  return cells(ctx, {
    ...payment,
    externalReference: ownReference ? r.externalReference : payment.externalReference,
    type: r.type.toUpperCase(),
    transactionDate: at,
    settlementDate: at,
    metadata: JSON.stringify([{ [`${r.type}_id`]: r.id }]),
    description: r.type,
    refundId: r.type === 'refund' ? r.id : '',
    amounts: lineAmounts(ctx, amounts),
  });
}

function payoutRow(ctx: RowContext, m: PayoutMovement): CsvRow {
  const at = formatDisplayDate(m.date, ctx.config.zone);
  const { account } = ctx;
  return cells(ctx, {
    type: 'PAYOUT',
    externalReference: '',
    sourceId: m.id,
    userId: String(account.userId),
    site: account.siteId,
    currency: account.currency,
    paymentMethodType: '',
    paymentMethod: '',
    installments: '1',
    transactionDate: at,
    settlementDate: at,
    metadata: '[{}]',
    taxesDisaggregated: '[]',
    orderId: '',
    shippingId: '',
    shipmentMode: '',
    packId: '',
    description: 'payout',
    amounts: lineAmounts(ctx, { tx: m.amount.neg(), fee: m.fee.neg(), mkp: ZERO, financing: ZERO, shipping: ZERO, taxes: ZERO, coupon: ZERO }),
  });
}
