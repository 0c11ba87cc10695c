/**
 * The release report's view of the ledger: what each movement does to the seller's available balance,
 * and when (release-rows.ts lays the entries out in a file). Newer MP reports are chronological and use
 * RECORD_TYPE `release` throughout, holds included (mercadopago-api.md §3.2); so do these:
 * - payment: a credit on its release date (releasedAt: by payment method unless the ledger says);
 * - refund: a debit on its date; with compensate_detail, preceded in the same second by the
 *   reserve MP takes for it and the release of that reserve (`reserve_for_refund`, or
 *   `reserve_for_bpp_shipping_return` for a shipped order), which net to zero;
 * - dispute: a hold (`dispute`, debit) on its date: the money leaves the available balance while the
 *   claim lasts;
 * - chargeback: the dispute's hold released (`dispute`, credit) when there was one, then the chargeback
 *   (debit), so the money leaves the balance once, as in the settlement report's CHARGEBACK row;
 * - payout: a debit (when the config includes withdrawals).
 * Every entry keeps NET = GROSS + MP_FEE + FINANCING_FEE + SHIPPING_FEE + TAXES (COUPON informative).
 */
import { Decimal } from 'decimal.js';
import { formatDisplayDate } from './display-time.ts';
import type { Ledger, Movement, PaymentMovement, ReversalMovement } from './ledger.ts';
import type { RowContext } from './settlement-rows.ts';

export interface ReleaseEntry {
  readonly at: Date;
  readonly recordType: string;
  readonly description: string;
  /** Cells beyond the amounts (ids, payment method, ...). */
  readonly cells: Readonly<Record<string, string>>;
  readonly gross: Decimal;
  readonly mpFee: Decimal;
  readonly financing: Decimal;
  readonly shipping: Decimal;
  readonly taxes: Decimal;
  readonly coupon: Decimal;
  /** Payout id when this entry is a payout (available_balance rows name it). */
  readonly payoutId?: string;
}

const ZERO = new Decimal(0);

export function entryNet(e: ReleaseEntry): Decimal {
  return e.gross.plus(e.mpFee).plus(e.financing).plus(e.shipping).plus(e.taxes);
}

/** Every entry of the ledger, chronological (ledger order within the same instant). */
export function releaseEntries(ctx: RowContext): ReleaseEntry[] {
  const released = heldReleasedByChargeback(ctx.ledger);
  return ctx.ledger.movements
    .flatMap((m) => entriesOf(ctx, m, released))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
}

function plain(at: Date, recordType: string, description: string, gross: Decimal, cells: Record<string, string>): ReleaseEntry {
  return { at, recordType, description, cells, gross, mpFee: ZERO, financing: ZERO, shipping: ZERO, taxes: ZERO, coupon: ZERO };
}

function entriesOf(ctx: RowContext, m: Movement, released: ReadonlyMap<string, Decimal>): ReleaseEntry[] {
  if (m.type === 'payment') return [paymentEntry(ctx, m)];
  if (m.type === 'payout') {
    if (!ctx.config.includeWithdraw) return [];
    return [{ ...plain(m.date, 'release', 'payout', m.amount.neg(), { SOURCE_ID: m.id, INSTALLMENTS: '1' }), mpFee: m.fee.neg(), payoutId: m.id }];
  }
  const payment = ctx.ledger.payment(m.paymentId);
  const cells = reversalCells(ctx, m, payment);
  if (m.type === 'dispute') return [plain(m.date, 'release', 'dispute', m.amount.neg(), cells)];
  const out: ReleaseEntry[] = [];
  if (m.type === 'refund' && ctx.config.compensateDetail) {
    const reserve = payment?.shippingId ? 'reserve_for_bpp_shipping_return' : 'reserve_for_refund';
    out.push(plain(m.date, 'release', reserve, m.amount.neg(), cells), plain(m.date, 'release', reserve, m.amount, cells));
  }
  const unheld = released.get(m.id);
  if (unheld) out.push(plain(m.date, 'release', 'dispute', unheld, cells));
  out.push({ ...plain(m.date, 'release', m.type, m.amount.neg(), cells), mpFee: m.feeReturned, taxes: m.taxesReturned });
  return out;
}

function paymentEntry(ctx: RowContext, m: PaymentMovement): ReleaseEntry {
  return {
    at: m.releasedAt,
    recordType: 'release',
    description: 'payment',
    gross: m.amount,
    mpFee: m.fee.minus(m.financingFee).minus(m.shippingFee).neg(),
    financing: m.financingFee.neg(),
    shipping: m.shippingFee.neg(),
    taxes: m.taxes.neg(),
    coupon: m.coupon,
    cells: {
      SOURCE_ID: m.id, EXTERNAL_REFERENCE: m.externalReference, INSTALLMENTS: String(m.installments),
      PAYMENT_METHOD: m.paymentMethod, PAYMENT_METHOD_TYPE: m.paymentMethodType, ORDER_ID: m.orderId,
      SHIPPING_ID: m.shippingId, SHIPMENT_MODE: m.shipmentMode, PACK_ID: m.packId, METADATA: m.metadata,
      TRANSACTION_APPROVAL_DATE: formatDisplayDate(m.approvedAt, ctx.config.zone),
    },
  };
}

function reversalCells(ctx: RowContext, m: ReversalMovement, payment: PaymentMovement | undefined): Record<string, string> {
  const reference = ctx.config.refundDetailed && m.externalReference !== '' ? m.externalReference : (payment?.externalReference ?? '');
  return {
    SOURCE_ID: m.paymentId, EXTERNAL_REFERENCE: reference,
    INSTALLMENTS: String(payment?.installments ?? 1), PAYMENT_METHOD: payment?.paymentMethod ?? '',
    PAYMENT_METHOD_TYPE: payment?.paymentMethodType ?? '', ORDER_ID: payment?.orderId ?? '',
    REFUND_ID: m.type === 'refund' ? m.id : '', METADATA: JSON.stringify([{ [`${m.type}_id`]: m.id }]),
  };
}

/** For each chargeback, how much of its payment's disputed (held) money it releases from the hold. */
function heldReleasedByChargeback(ledger: Ledger): Map<string, Decimal> {
  const claims = ledger.movements
    .map((m, i) => ({ m, i }))
    .filter((x): x is { m: ReversalMovement; i: number } => x.m.type === 'dispute' || x.m.type === 'chargeback')
    .sort((a, b) => a.m.date.getTime() - b.m.date.getTime() || a.i - b.i);
  const held = new Map<string, Decimal>();
  const released = new Map<string, Decimal>();
  for (const { m } of claims) {
    const current = held.get(m.paymentId) ?? ZERO;
    if (m.type === 'dispute') {
      held.set(m.paymentId, current.plus(m.amount));
    } else if (current.gt(0)) {
      const amount = Decimal.min(current, m.amount);
      released.set(m.id, amount);
      held.set(m.paymentId, current.minus(amount));
    }
  }
  return released;
}
